/* Writing out/report/junit.xml (see report_junit.h). */
#include "report_junit.h"

#include <stdio.h>

#include "atomic_stream.h"
#include "regression.h"
#include <string.h>
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
      if (!rb->is_new || rb->filed[0]) continue;
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

/* One test case per fuzzer compared with the previous campaign, failing on
 * its regressions. Returns the number failing. */
static long regression_suite(FILE *f, const ff_regressions *r) {
  long fails = 0;
  for (size_t i = 0; i < r->fuzzers_compared.count; i++) fails += ff_regressions_of(r, r->fuzzers_compared.paths[i]) > 0;
  fprintf(f, " <testsuite name=\"formfuzz regressions\" tests=\"%zu\" failures=\"%ld\" errors=\"0\" "
             "skipped=\"0\" time=\"0\">\n",
          r->fuzzers_compared.count, fails);
  for (size_t i = 0; i < r->fuzzers_compared.count; i++) {
    const char *name = r->fuzzers_compared.paths[i];
    size_t n = ff_regressions_of(r, name);
    fputs("  <testcase classname=\"formfuzz.regressions\" name=\"", f);
    ff_xml_text(f, name);
    fputs("\" time=\"0\">", f);
    if (n) {
      fprintf(f, "\n    <failure type=\"regression\" message=\"%zu regression(s) since the previous campaign\">", n);
      for (size_t k = 0; k < r->count; k++)
        if (strcmp(r->items[k].fuzzer, name) == 0)
          ff_xml_printf(f, "%s: %s\n", ff_regression_kind_name(r->items[k].kind), r->items[k].text);
      fputs("</failure>\n  ", f);
    }
    fputs("</testcase>\n", f);
  }
  fputs(" </testsuite>\n", f);
  return fails;
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
  const ff_regressions *r = c->regressions && c->regressions->compared ? c->regressions : NULL;
  long reg_fails = 0;
  for (size_t i = 0; r && i < r->fuzzers_compared.count; i++)
    reg_fails += ff_regressions_of(r, r->fuzzers_compared.paths[i]) > 0;
  size_t tests = c->nfuzzers + (r ? r->fuzzers_compared.count : 0);
  fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<testsuites name=\"formfuzz\" tests=\"%zu\" failures=\"%ld\" errors=\"0\" time=\"%.1f\">\n"
             " <testsuite name=\"formfuzz campaign\" tests=\"%zu\" failures=\"%ld\" errors=\"0\" "
             "skipped=\"0\" time=\"%.1f\">\n",
          tests, fails + reg_fails, time_s, c->nfuzzers, fails, time_s);
  for (size_t i = 0; i < c->nfuzzers; i++) test_case(f, c, &c->fuzzers[i]);
  fputs(" </testsuite>\n", f);
  if (r) regression_suite(f, r);
  fputs("</testsuites>\n", f);
  *failures = fails + reg_fails;
  return ff_atomic_stream_commit(&out, path);
}
