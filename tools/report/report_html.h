/* The campaign's static HTML page (out/report/index.html): XHTML that parses
 * as XML, no JavaScript; per-fuzzer table, plots, links to bucket reports, and
 * every file it could not read named on the page. */
#ifndef FF_TOOLS_REPORT_HTML_H
#define FF_TOOLS_REPORT_HTML_H

#include "report_coverage.h"
#include "report_data.h"

/* plot_problems[i]: why fuzzer i has no plots ("" when it has them); coverage:
 * the --coverage section, NULL without it. Writes path atomically. Returns 0
 * or -1 (errno). */
int report_write_html(const report_campaign *c, char (*plot_problems)[256],
                      const report_coverage *coverage, const char *path);

#endif
