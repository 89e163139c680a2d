/* Plots of a fuzzer's progress over time from its stats.csv, drawn by gnuplot
 * as SVG (coverage: edges and features; executions: total execs and exec/s),
 * the pictures afl-plot draws for AFL. */
#ifndef FF_TOOLS_REPORT_PLOT_H
#define FF_TOOLS_REPORT_PLOT_H

#include "report_data.h"

/* Writes <report_dir>/plots/<fuzzer>-coverage.svg and -execs.svg (and the .gp
 * script that drew them) and fills f->plot_*. Returns 0, or -1 with a reason in
 * err (gnuplot missing or failing): the page then shows the reason instead. */
int report_plot_fuzzer(const char *out_dir, const char *report_dir, report_fuzzer *f, char *err,
                       size_t err_cap);

#endif
