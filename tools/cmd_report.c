/* `formfuzz report`: the campaign's static HTML page (out/report/index.html)
 * with per-fuzzer numbers, gnuplot plots and links to the crash buckets, plus
 * JUnit XML (out/report/junit.xml) for CI. Exit: 0, 1 with --fail-on-new when a
 * new crash bucket is not filed, 2 bad usage, 3 when the
 * campaign cannot be read or the report cannot be written. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "fileio.h"
#include "options.h"
#include "regression.h"
#include "report_coverage.h"
#include "report_data.h"
#include "report_html.h"
#include "report_junit.h"
#include "report_known.h"
#include "report_plot.h"

static int cmd_report(int argc, char **argv) {
  const char *out = "out";
  const char *baseline = NULL;
  double eps_drop = FF_REGRESSION_EPS_DROP_DEFAULT;
  const char *known_file = NULL;
  bool no_plots = false, coverage = false, fail_on_new = false;
  const ff_option options[] = {
      FF_STRING_OPTION("out", &out, "DIR", "campaign directory (default: out)"),
      FF_FLAG_OPTION("no-plots", &no_plots, "do not run gnuplot"),
      FF_FLAG_OPTION("coverage", &coverage,
       "build the coverage preset, replay every corpus, add llvm-cov line/branch coverage"),
      FF_STRING_OPTION("baseline", &baseline, "FILE",
                       "the previous campaign.json to compare with (default: DIR/campaign.previous.json)"),
      FF_STRING_OPTION("known", &known_file, "FILE",
                       "filed crash buckets, bucket id -> issue link (default: <source root>/known-crashes.tsv)"),
      FF_FLAG_OPTION("fail-on-new", &fail_on_new, "exit 1 when a new crash bucket is not filed (CI)"),
      {"eps-drop", FF_OPT_DOUBLE, &eps_drop, "PCT",
       "flag a fuzzer whose exec/s fell by more than PCT percent (default 25)", 1, 100},
  };
  const ff_command_spec spec = {
      .command = "report",
      .usage = "report [--out DIR] [--no-plots] [--coverage] [--baseline FILE] [--eps-drop PCT]\n"
               "       [--known FILE] [--fail-on-new]",
      .description = "Writes DIR/report/index.html (per-fuzzer table, coverage and execution plots,\n"
                     "links to the triage buckets) and DIR/report/junit.xml (one test case per\n"
                     "fuzzer, failing on new crash buckets), then prints the page's path.\n"
                     "Missing or corrupt stats files are named on the page and skipped.\n"
                     "--coverage: each fuzzer's DIR/<f>/corpus runs through its coverage-preset\n"
                     "build; llvm-cov HTML per component goes to DIR/report/coverage/<component>/\n"
                     "and a line/branch summary table per component onto the page.\n"
                     "Regressions against the previous campaign (exec/s drop, fewer edges, a fuzzer\n"
                     "newly failing, a fixed crash bucket crashing again) are flagged on the page,\n"
                     "in the JUnit XML and on stdout (docs/monitoring.md).\n"
                     "Buckets listed in the known crashes (--known; docs/ci.md) are shown apart as\n"
                     "filed, with their issue link, and never fail JUnit; stdout lists the buckets\n"
                     "not filed yet. --fail-on-new: exit 1 when one of those is new.",
      .options = options,
      .option_count = (int)(sizeof options / sizeof *options),
      .min_positional = 0,
      .max_positional = 0,
  };
  ff_args args;
  int rc = ff_parse_options(&spec, argc, argv, &args);
  if (rc != FF_PARSE_OK) return rc == FF_PARSE_HELP ? 0 : 2;

  report_campaign c;
  char err[512];
  if (report_collect(out, &c, err, sizeof err) != 0) {
    fprintf(stderr, "formfuzz report: %s\n", err);
    return 3;
  }
  ff_known_crashes known;
  if (ff_known_crashes_load_default(known_file, "report", &known) != 0) {
    report_campaign_free(&c);
    return 3;
  }
  report_apply_known(&c, &known);
  ff_known_crashes_free(&known);
  ff_regressions regressions;
  if (ff_regressions_find_in(out, baseline, eps_drop, &regressions) != 0) {
    fprintf(stderr, "formfuzz report: out of memory comparing with the previous campaign\n");
    report_campaign_free(&c);
    return 3;
  }
  c.regressions = &regressions;
  char report_dir[1100], page[1200], junit[1200];
  snprintf(report_dir, sizeof report_dir, "%s/report", out);
  snprintf(page, sizeof page, "%s/index.html", report_dir);
  snprintf(junit, sizeof junit, "%s/junit.xml", report_dir);
  if (ff_mkdirs(report_dir) != 0) {
    fprintf(stderr, "formfuzz report: cannot create %s: %s\n", report_dir, strerror(errno));
    ff_regressions_free(&regressions);
    report_campaign_free(&c);
    return 3;
  }
  char (*plot_problems)[256] = calloc(c.nfuzzers + 1, sizeof *plot_problems);
  if (!plot_problems) {
    ff_regressions_free(&regressions);
    report_campaign_free(&c);
    return 3;
  }
  for (size_t i = 0; i < c.nfuzzers; i++) {
    report_fuzzer *f = &c.fuzzers[i];
    if (f->has_stats == false && f->stats_problem[0] && strstr(f->stats_problem, "corrupt"))
      fprintf(stderr, "formfuzz report: %s: %s\n", f->name, f->stats_problem);
    if (f->csv_rows <= 0) continue;
    if (no_plots) {
      snprintf(plot_problems[i], 256, "plots switched off (--no-plots)");
      continue;
    }
    if (report_plot_fuzzer(out, report_dir, f, plot_problems[i], 256) != 0)
      fprintf(stderr, "formfuzz report: %s: %s\n", f->name, plot_problems[i]);
  }
  report_coverage cov;
  if (coverage && report_coverage_collect(&c, report_dir, &cov) == 0)
    fprintf(stderr, "formfuzz report: no coverage measured: %s\n",
            cov.problem[0] ? cov.problem
            : cov.ncomponents ? cov.components[0].problem : "nothing to replay");
  long failures = 0;
  int status = 0;
  if (report_write_html(&c, plot_problems, coverage ? &cov : NULL, page) != 0) {
    fprintf(stderr, "formfuzz report: cannot write %s: %s\n", page, strerror(errno));
    status = 3;
  }
  if (report_write_junit(&c, junit, &failures) != 0) {
    fprintf(stderr, "formfuzz report: cannot write %s: %s\n", junit, strerror(errno));
    status = 3;
  }
  if (status == 0) {
    printf("report: %zu fuzzer(s), %ld failing in %s\n", c.nfuzzers, failures, junit);
    ff_regressions_print(&regressions, stdout);
    if (report_print_buckets(&c, stdout) > 0 && fail_on_new) status = 1;
    printf("%s\n", page);
  }
  ff_regressions_free(&regressions);
  if (coverage) report_coverage_free(&cov);
  free(plot_problems);
  report_campaign_free(&c);
  return status;
}

FF_COMMAND("report", "HTML report and JUnit XML of a campaign directory", cmd_report)
