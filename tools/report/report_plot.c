/* gnuplot SVG plots from stats.csv (see report_plot.h). */
#include "report_plot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "child_process.h"

/* Titles are noenhanced: in gnuplot's enhanced text "vm_ownership" would print
 * "o" as a subscript. Both y axes start at 0, so a series far below the others
 * (edges 112 next to features 490) stays on the plot instead of under its
 * floor; the key sits below the plot, where it hides no line; corpus entries
 * are dashed, so a count equal to the edges still shows. stats.csv columns
 * (docs/CONVENTIONS.md): 1 unix_time, 2 elapsed_s, 3 execs, 4 exec_per_sec,
 * 5 edges, 6 features, 7 corpus_size, 8 corpus_bytes, 9 crashes. */
static int write_script(FILE *gp, const char *csv, const char *cov_svg, const char *exec_svg,
                        const char *name) {
  return fprintf(gp,
                 "set terminal svg size 640,300 dynamic font 'sans,11'\n"
                 "set datafile separator ','\n"
                 "set key below\n"
                 "set grid\n"
                 "set xlabel 'seconds'\n"
                 "set yrange [0:*]\n"
                 "set y2range [0:*]\n"
                 "set output '%s'\n"
                 "set title '%s: coverage' noenhanced\n"
                 "plot '%s' every ::1 using 2:5 with lines lw 2 title 'edges', \\\n"
                 "     '' every ::1 using 2:6 with lines lw 2 title 'features', \\\n"
                 "     '' every ::1 using 2:7 with lines lw 2 dt 2 title 'corpus entries'\n"
                 "set output '%s'\n"
                 "set title '%s: executions' noenhanced\n"
                 "set ytics nomirror\n"
                 "set y2tics\n"
                 "set ylabel 'executions'\n"
                 "set y2label 'exec/s'\n"
                 "plot '%s' every ::1 using 2:3 with lines lw 2 title 'execs', \\\n"
                 "     '' every ::1 using 2:4 axes x1y2 with lines title 'exec/s'\n"
                 "unset output\n",
                 cov_svg, name, csv, exec_svg, name, csv) < 0
             ? -1
             : 0;
}

static bool quote_safe(const char *s) { return strchr(s, '\'') == NULL && strchr(s, '\n') == NULL; }

int report_plot_fuzzer(const char *out_dir, const char *report_dir, report_fuzzer *f, char *err,
                       size_t err_cap) {
  char plots[2048], csv[2048], cov[2300], exe[2300], script[2300];
  snprintf(plots, sizeof plots, "%s/plots", report_dir);
  snprintf(csv, sizeof csv, "%s/%s/stats.csv", out_dir, f->name);
  snprintf(cov, sizeof cov, "%s/%s-coverage.svg", plots, f->name);
  snprintf(exe, sizeof exe, "%s/%s-execs.svg", plots, f->name);
  snprintf(script, sizeof script, "%s/%s.gp", plots, f->name);
  if (!quote_safe(csv) || !quote_safe(plots)) {
    snprintf(err, err_cap, "path contains a quote; not plotted");
    return -1;
  }
  if (ff_mkdirs(plots) != 0) {
    snprintf(err, err_cap, "cannot create %s", plots);
    return -1;
  }
  FILE *gp = fopen(script, "w");
  if (!gp) {
    snprintf(err, err_cap, "cannot write %s", script);
    return -1;
  }
  int bad = write_script(gp, csv, cov, exe, f->name);
  if (fclose(gp) != 0 || bad) {
    snprintf(err, err_cap, "cannot write %s", script);
    return -1;
  }
  const char *argv[] = {"gnuplot", script, NULL};
  ff_exit ex;
  char *output = NULL, why[256];
  if (ff_run_capture(argv, NULL, 60, 4096, &ex, &output, why, sizeof why) != 0) {
    snprintf(err, err_cap, "cannot run gnuplot: %s", why);
    return -1;
  }
  if (ex.code != 0) {
    char *nl = output ? strchr(output, '\n') : NULL;
    if (nl) *nl = '\0';
    ff_exit_describe(&ex, why, sizeof why);
    snprintf(err, err_cap, "gnuplot failed (%s): %s", why, output && *output ? output : "no message");
    free(output);
    return -1;
  }
  free(output);
  snprintf(f->plot_coverage, sizeof f->plot_coverage, "plots/%s-coverage.svg", f->name);
  snprintf(f->plot_execs, sizeof f->plot_execs, "plots/%s-execs.svg", f->name);
  return 0;
}
