/* Known crashes in the report (see report_known.h). */
#include "report_known.h"

void report_apply_known(report_campaign *c, const ff_known_crashes *known) {
  for (size_t i = 0; i < c->nfuzzers; i++) {
    report_fuzzer *z = &c->fuzzers[i];
    z->new_buckets = z->filed_buckets = 0;
    for (size_t b = 0; b < z->nbuckets; b++) {
      report_bucket *rb = &z->buckets[b];
      const char *link = ff_known_crash_link(known, rb->id);
      snprintf(rb->filed, sizeof rb->filed, "%s", link ? link : "");
      if (link) z->filed_buckets++;
      else if (rb->is_new) z->new_buckets++;
    }
  }
}

long report_print_buckets(const report_campaign *c, FILE *to) {
  if (!c->has_triage) return 0;
  long unfiled = 0, fresh = 0, filed = 0;
  for (size_t i = 0; i < c->nfuzzers; i++) {
    unfiled += (long)(c->fuzzers[i].nbuckets - (size_t)c->fuzzers[i].filed_buckets);
    fresh += c->fuzzers[i].new_buckets;
    filed += c->fuzzers[i].filed_buckets;
  }
  fprintf(to, "crash buckets not filed: %ld (%ld new)\n", unfiled, fresh);
  for (size_t i = 0; i < c->nfuzzers; i++)
    for (size_t b = 0; b < c->fuzzers[i].nbuckets; b++) {
      const report_bucket *rb = &c->fuzzers[i].buckets[b];
      if (!rb->filed[0])
        fprintf(to, "  %s %s%s [%s] %s: %s/triage/%s/report.md\n", rb->id, c->fuzzers[i].name,
                rb->is_new ? " NEW" : "", rb->severity[0] ? rb->severity : "?",
                rb->title[0] ? rb->title : rb->kind, c->out_dir, rb->id);
    }
  fprintf(to, "crash buckets already filed (known): %ld\n", filed);
  for (size_t i = 0; i < c->nfuzzers; i++)
    for (size_t b = 0; b < c->fuzzers[i].nbuckets; b++) {
      const report_bucket *rb = &c->fuzzers[i].buckets[b];
      if (rb->filed[0])
        fprintf(to, "  %s %s %s: %s\n", rb->id, c->fuzzers[i].name, rb->title[0] ? rb->title : rb->kind,
                rb->filed);
    }
  return fresh;
}
