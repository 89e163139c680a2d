/* Writing out/report/junit.xml (see report_junit.h). */
#include "report_junit.h"

#include <stdio.h>

#include "atomic_stream.h"
#include "report_xml.h"

static bool failing(const report_campaign *c, const report_fuzzer *z) {
  return z->new_buckets > 0 || (!c->has_triage && z->artifacts > 0);
}

static void test_case(FILE *f, const report_campaign *c, const report_fuzzer *z) {
  fputs("  <testcase classname=\"formfuzz\" name=\"", f);
  ff_xml_text(f, z->name);
  fprintf(f, "\" time=\"%.1f\">\n", z->has_stats ? z->elapsed_s : 0.0);
  if (z->new_buckets > 0) {
    fprintf(f, "    <failure type=\"new-crash-bucket\" message=\"%ld new crash bucket(s)\">", z->new_buckets);
    for (size_t b = 0; b < z->nbuckets; b++) {
      const report_bucket *rb = &z->buckets[b];
      if (!rb->is_new) continue;
      ff_xml_printf(f, "%s [%s] %s: triage/%s/report.md\n", rb->id, rb->severity,
                    rb->title[0] ? rb->title : rb->kind, rb->id);
    }
    fputs("</failure>\n", f);
  } else if (failing(c, z)) {
    fprintf(f,
            "    <failure type=\"untriaged-artifacts\" message=\"%ld crash artifact(s), not triaged\">"
            "run formfuzz triage</failure>\n",
            z->artifacts);
  }
  fputs("    <system-out>", f);
  if (z->has_stats)
    ff_xml_printf(f, "execs=%.0f exec/s=%.1f edges=%.0f corpus=%.0f crashes=%.0f", z->execs,
                  z->exec_per_sec, z->edges, z->corpus_size, z->crashes);
  else
    ff_xml_text(f, z->stats_problem);
  fputs("</system-out>\n  </testcase>\n", f);
}

int report_write_junit(const report_campaign *c, const char *path, long *failures) {
  ff_atomic_stream out;
  FILE *f = ff_atomic_stream_open(&out);
  if (!f) return -1;
  long fails = 0;
  double time_s = 0;
  for (size_t i = 0; i < c->nfuzzers; i++) {
    fails += failing(c, &c->fuzzers[i]);
    time_s += c->fuzzers[i].has_stats ? c->fuzzers[i].elapsed_s : 0;
  }
  fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<testsuites name=\"formfuzz\" tests=\"%zu\" failures=\"%ld\" errors=\"0\" time=\"%.1f\">\n"
             " <testsuite name=\"formfuzz campaign\" tests=\"%zu\" failures=\"%ld\" errors=\"0\" "
             "skipped=\"0\" time=\"%.1f\">\n",
          c->nfuzzers, fails, time_s, c->nfuzzers, fails, time_s);
  for (size_t i = 0; i < c->nfuzzers; i++) test_case(f, c, &c->fuzzers[i]);
  fputs(" </testsuite>\n</testsuites>\n", f);
  *failures = fails;
  return ff_atomic_stream_commit(&out, path);
}
