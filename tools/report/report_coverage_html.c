/* The coverage section of the report page: one table per component (lines,
 * branches, functions per source file and in total) with a link to the
 * component's llvm-cov HTML, and every problem named. */
#include <stdbool.h>

#include "report_coverage.h"
#include "report_xml.h"

static void ratio_cells(FILE *f, long covered, long total) {
  fprintf(f, "<td>%ld / %ld</td>", covered, total);
  if (total > 0)
    fprintf(f, "<td>%.1f%%</td>", 100.0 * (double)covered / (double)total);
  else
    fputs("<td>&#8211;</td>", f);
}

static void row(FILE *f, const char *name, const report_cov_counts *c, bool total) {
  fputs(total ? "<tr class=\"total\"><th>" : "<tr><td>", f);
  ff_xml_text(f, name);
  fputs(total ? "</th>" : "</td>", f);
  ratio_cells(f, c->lines_covered, c->lines);
  ratio_cells(f, c->branches_covered, c->branches);
  ratio_cells(f, c->functions_covered, c->functions);
  fputs("</tr>\n", f);
}

static void component(FILE *f, const report_cov_component *k) {
  fputs("<h3 id=\"cov-", f);
  ff_xml_text(f, k->name);
  fputs("\">", f);
  ff_xml_text(f, k->name);
  fputs("</h3>\n<p>", f);
  ff_xml_printf(f, "%ld corpus input(s) of %s replayed.", k->inputs, k->fuzzers);
  if (k->html[0]) {
    fputs(" Line by line: <a href=\"", f);
    ff_xml_text(f, k->html);
    fputs("\">llvm-cov HTML</a>.", f);
  }
  fputs("</p>\n", f);
  if (k->problem[0]) {
    fputs("<p class=\"bad\">", f);
    ff_xml_text(f, k->problem);
    fputs("</p>\n", f);
  }
  if (k->nfiles == 0) return;
  fputs("<table class=\"coverage\">\n<tr><th>file</th><th>lines</th><th>line %</th>"
        "<th>branches</th><th>branch %</th><th>functions</th><th>function %</th></tr>\n",
        f);
  for (size_t i = 0; i < k->nfiles; i++) /* headers without code have nothing to show */
    if (k->files[i].counts.lines > 0 || k->files[i].counts.functions > 0)
      row(f, k->files[i].name, &k->files[i].counts, false);
  row(f, "total", &k->total, true);
  fputs("</table>\n", f);
}

void report_coverage_write_html(FILE *f, const report_coverage *cov) {
  fputs("<h2 id=\"coverage\">Source coverage (llvm-cov)</h2>\n", f);
  if (cov->problem[0]) {
    fputs("<p class=\"bad\">", f);
    ff_xml_text(f, cov->problem);
    fputs("</p>\n", f);
  }
  for (size_t i = 0; i < cov->ncomponents; i++) component(f, &cov->components[i]);
}
