/* Writing out/report/index.html (see report_html.h). */
#include "report_html.h"
#include "report_canary.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "atomic_stream.h"
#include "regression.h"
#include "report_xml.h"

static const char STYLE[] =
    "body{font-family:sans-serif;margin:2em;color:#222;max-width:80em}"
    "table{border-collapse:collapse;margin:1em 0;font-size:.92em}"
    "th,td{border:1px solid #bbb;padding:.25em .5em;text-align:right}"
    "th:first-child,td:first-child{text-align:left}"
    "th{background:#eee}.bad{color:#a00;font-weight:bold}.note{color:#666}"
    "td.kind{text-align:left}"
    "th.kind{text-align:left}.plots img{max-width:100%;margin-right:1em}"
    "tr.total th{text-align:right}tr.total th:first-child{text-align:left}";

static void number(FILE *f, double v) {
  if (v >= 100 || v == (double)(long long)v)
    fprintf(f, "%lld", (long long)(v + 0.5));
  else
    fprintf(f, "%.1f", v);
}

static void cell_num(FILE *f, bool known, double v) {
  fputs("<td>", f);
  if (known)
    number(f, v);
  else
    fputs("&#8211;", f);
  fputs("</td>", f);
}

/* The fuzzer's regressions in the notes column of the summary table. */
static void regression_notes(FILE *f, const ff_regressions *r, const char *fuzzer) {
  for (size_t i = 0; r && i < r->count; i++) {
    if (strcmp(r->items[i].fuzzer, fuzzer) != 0) continue;
    fputs(" <span class=\"bad\">regression: ", f);
    ff_xml_text(f, ff_regression_kind_name(r->items[i].kind));
    fputs("</span>", f);
  }
}

/* "Regressions since the previous campaign": every finding, or why none. */
static void regression_section(FILE *f, const ff_regressions *r) {
  if (!r) return;
  if (r->problem[0]) {
    fputs("<p class=\"bad\">", f);
    ff_xml_text(f, r->problem);
    fputs("</p>\n", f);
  }
  if (!r->compared) {
    if (!r->problem[0])
      fputs("<p class=\"note\">No previous campaign to compare with (campaign.previous.json).</p>\n", f);
    return;
  }
  fputs("<h2 id=\"regressions\">Regressions since the previous campaign</h2>\n<p class=\"note\">", f);
  ff_xml_printf(f, "Compared with %s: %zu fuzzer(s) in both.", r->baseline, r->fuzzers_compared.count);
  fputs("</p>\n", f);
  if (r->count == 0) {
    fputs("<p>None.</p>\n", f);
    return;
  }
  fputs("<table>\n<tr><th>fuzzer</th><th class=\"kind\">regression</th><th class=\"kind\">what changed</th></tr>\n", f);
  for (size_t i = 0; i < r->count; i++) {
    fputs("<tr><td>", f);
    ff_xml_text(f, r->items[i].fuzzer);
    fputs("</td><td class=\"kind bad\">", f);
    ff_xml_text(f, ff_regression_kind_name(r->items[i].kind));
    fputs("</td><td class=\"kind\">", f);
    ff_xml_text(f, r->items[i].text);
    fputs("</td></tr>\n", f);
  }
  fputs("</table>\n", f);
}

static void summary_table(FILE *f, const report_campaign *c) {
  fputs("<table>\n<tr><th>fuzzer</th><th>execs</th><th>exec/s</th><th>edges</th>"
        "<th>features</th><th>corpus</th><th>crashes</th><th>artifacts</th><th>buckets</th>"
        "<th>new buckets</th><th class=\"kind\">notes</th></tr>\n",
        f);
  for (size_t i = 0; i < c->nfuzzers; i++) {
    const report_fuzzer *z = &c->fuzzers[i];
    fputs("<tr><td><a href=\"#f-", f);
    ff_xml_text(f, z->name);
    fputs("\">", f);
    ff_xml_text(f, z->name);
    fputs("</a></td>", f);
    cell_num(f, z->has_stats, z->execs);
    cell_num(f, z->has_stats, z->exec_per_sec);
    cell_num(f, z->has_stats, z->edges);
    cell_num(f, z->has_stats, z->features);
    cell_num(f, z->has_stats, z->corpus_size);
    cell_num(f, z->has_stats, z->crashes + z->timeouts + z->ooms + z->leaks);
    cell_num(f, true, (double)z->artifacts);
    cell_num(f, c->has_triage, (double)z->nbuckets);
    fprintf(f, "<td%s>", z->new_buckets ? " class=\"bad\"" : "");
    if (c->has_triage)
      fprintf(f, "%ld", z->new_buckets);
    else
      fputs("&#8211;", f);
    fputs("</td><td class=\"kind\">", f);
    if (!z->has_stats) {
      fputs("<span class=\"bad\">", f);
      ff_xml_text(f, z->stats_problem);
      fputs("</span>", f);
    } else if (z->engine[0]) {
      ff_xml_text(f, z->engine);
    }
    regression_notes(f, c->regressions, z->name);
    fputs("</td></tr>\n", f);
  }
  fputs("</table>\n", f);
}

static void filed_list(FILE *f, const report_fuzzer *z) {
  if (z->filed_buckets == 0) return;
  fputs("<p>Already filed (known-crashes.tsv):</p>\n<table>\n<tr><th>bucket</th><th>crash</th>"
        "<th>inputs</th><th>issue</th></tr>\n",
        f);
  for (size_t b = 0; b < z->nbuckets; b++) {
    const report_bucket *rb = &z->buckets[b];
    if (!rb->filed[0]) continue;
    fputs("<tr class=\"filed\"><td>", f);
    ff_xml_text(f, rb->id);
    fputs("</td><td class=\"kind\">", f);
    ff_xml_text(f, rb->title[0] ? rb->title : rb->kind);
    fprintf(f, "</td><td>%ld</td><td><a href=\"", rb->count);
    ff_xml_text(f, rb->filed);
    fputs("\">", f);
    ff_xml_text(f, rb->filed);
    fputs("</a></td></tr>\n", f);
  }
  fputs("</table>\n", f);
}

/* The buckets not filed yet; the filed ones follow in their own table. */
static void bucket_list(FILE *f, const report_fuzzer *z) {
  if (z->nbuckets > (size_t)z->filed_buckets)
    fputs("<table>\n<tr><th>bucket</th><th>crash</th><th>severity</th><th>inputs</th>"
          "<th>reproduces</th><th>new</th></tr>\n",
          f);
  for (size_t b = 0; b < z->nbuckets; b++) {
    const report_bucket *rb = &z->buckets[b];
    if (rb->filed[0]) continue;
    fputs("<tr><td><a href=\"../triage/", f);
    ff_xml_text(f, rb->id);
    fputs("/report.md\">", f);
    ff_xml_text(f, rb->id);
    fputs("</a></td><td class=\"kind\">", f);
    ff_xml_text(f, rb->title[0] ? rb->title : rb->kind);
    fputs("</td><td>", f);
    ff_xml_text(f, rb->severity);
    fprintf(f, "</td><td>%ld</td><td>%s</td><td%s>%s</td></tr>\n", rb->count,
            rb->stable ? "always" : "flaky", rb->is_new ? " class=\"bad\"" : "",
            rb->is_new ? "new" : "seen before");
  }
  if (z->nbuckets > (size_t)z->filed_buckets) fputs("</table>\n", f);
  filed_list(f, z);
}

static void fuzzer_section(FILE *f, const report_campaign *c, const report_fuzzer *z,
                           const char *plot_problem) {
  fputs("<h2 id=\"f-", f);
  ff_xml_text(f, z->name);
  fputs("\">", f);
  ff_xml_text(f, z->name);
  fputs("</h2>\n", f);
  if (!z->has_stats) {
    fputs("<p class=\"bad\">", f);
    ff_xml_text(f, z->stats_problem);
    fputs("</p>\n", f);
  } else {
    fprintf(f, "<p>%.0f s, ", z->elapsed_s);
    number(f, z->execs);
    fputs(" executions, ", f);
    number(f, z->corpus_bytes);
    fprintf(f, " corpus bytes; %.0f crashes, %.0f timeouts, %.0f out-of-memory, %.0f leaks.</p>\n",
            z->crashes, z->timeouts, z->ooms, z->leaks);
  }
  if (z->plot_coverage[0]) {
    fputs("<p class=\"plots\"><img src=\"", f);
    ff_xml_text(f, z->plot_coverage);
    fputs("\" alt=\"coverage over time\" /><img src=\"", f);
    ff_xml_text(f, z->plot_execs);
    fputs("\" alt=\"executions over time\" /></p>\n", f);
  } else {
    fputs("<p class=\"note\">No plots: ", f);
    ff_xml_text(f, plot_problem && plot_problem[0] ? plot_problem : z->csv_problem);
    fputs("</p>\n", f);
  }
  if (c->has_triage)
    bucket_list(f, z);
  else if (z->artifacts > 0)
    fprintf(f, "<p class=\"bad\">%ld artifact(s) not triaged yet: run <code>formfuzz triage</code>.</p>\n",
            z->artifacts);
}

int report_write_html(const report_campaign *c, char (*plot_problems)[256],
                      const report_coverage *coverage, const char *path) {
  ff_atomic_stream out;
  FILE *f = ff_atomic_stream_open(&out);
  if (!f) return -1;
  time_t now = time(NULL);
  char when[64];
  strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", gmtime(&now));
  fputs("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n"
        "<meta charset=\"utf-8\" />\n<title>formfuzz campaign report</title>\n<style>",
        f);
  fputs(STYLE, f);
  fputs("</style>\n</head>\n<body>\n<h1>formfuzz campaign report</h1>\n<p class=\"note\">", f);
  ff_xml_printf(f, "%s, generated %s", c->out_dir, when);
  fputs("</p>\n", f);
  if (c->has_campaign && c->campaign_fields.count) {
    fputs("<ul>\n", f);
    for (size_t i = 0; i < c->campaign_fields.count; i++) {
      fputs("<li>", f);
      ff_xml_text(f, c->campaign_fields.paths[i]);
      fputs("</li>\n", f);
    }
    fputs("</ul>\n", f);
  }
  const char *problems[] = {c->campaign_problem, c->triage_problem};
  for (size_t i = 0; i < 2; i++)
    if (problems[i][0]) {
      fputs("<p class=\"bad\">", f);
      ff_xml_text(f, problems[i]);
      fputs("</p>\n", f);
    }
  if (!c->has_campaign && !c->campaign_problem[0])
    fputs("<p class=\"note\">No campaign.json (not written by <code>formfuzz campaign</code>).</p>\n", f);
  if (c->nfuzzers == 0) {
    if (!report_canary_present(c->out_dir))
      fputs("<p class=\"bad\">No fuzzer output found in this directory.</p>\n", f);
  } else {
    long buckets = 0, fresh = 0, filed = 0;
    for (size_t i = 0; i < c->nfuzzers; i++) {
      buckets += (long)c->fuzzers[i].nbuckets;
      fresh += c->fuzzers[i].new_buckets;
      filed += c->fuzzers[i].filed_buckets;
    }
    if (c->has_triage)
      fprintf(f, "<p>%zu fuzzer(s); %ld crash bucket(s), %ld new and not filed, %ld already filed; "
                 "%ld artifact(s) did not reproduce. "
                 "Bucket reports: <a href=\"../triage/index.json\">triage/index.json</a>, "
                 "<a href=\"../triage/results.sarif\">SARIF</a>.</p>\n",
              c->nfuzzers, buckets, fresh, filed, c->triage_unreproducible);
    else
      fprintf(f, "<p>%zu fuzzer(s). No triage yet (<code>formfuzz triage</code>).</p>\n", c->nfuzzers);
    summary_table(f, c);
    regression_section(f, c->regressions);
    for (size_t i = 0; i < c->nfuzzers; i++)
      fuzzer_section(f, c, &c->fuzzers[i], plot_problems ? plot_problems[i] : NULL);
  }
  if (coverage) report_coverage_write_html(f, coverage);
  report_canary_write_html(f, c->out_dir);
  fputs("<p class=\"note\">JUnit XML for CI: <a href=\"junit.xml\">junit.xml</a>.</p>\n"
        "</body>\n</html>\n",
        f);
  return ff_atomic_stream_commit(&out, path);
}
