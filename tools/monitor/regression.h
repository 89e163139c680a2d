/* Regressions between two campaigns: the current <out>/campaign.json against
 * the previous one (<out>/campaign.previous.json, kept by `formfuzz campaign`
 * when it writes a new summary, or any campaign.json given). Per fuzzer in
 * both:
 *   exec-rate-drop      exec/s fell by more than the threshold (default 25 %)
 *   edges-lower         fewer edges than last time (the corpus is resumed, so
 *                       coverage should never shrink)
 *   failing             a problem now (not built, could not start, engine
 *                       failed) where the previous campaign had none
 *   fixed-bucket-again  a crash bucket of out/triage/index.json seen before the
 *                       previous campaign, whose fuzzer ran clean through the
 *                       previous campaign (taken as fixed), crashes again
 *                       during this one (an artifact of it written since this
 *                       campaign started)
 * Shown by `formfuzz report` (HTML section and summary-table notes, JUnit
 * test cases) and under the summary table of `formfuzz campaign`. */
#ifndef FF_TOOLS_MONITOR_REGRESSION_H
#define FF_TOOLS_MONITOR_REGRESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "dir_list.h"

#define FF_REGRESSION_EPS_DROP_DEFAULT 25.0 /* percent */
#define FF_CAMPAIGN_PREVIOUS_JSON "campaign.previous.json"

typedef enum {
  FF_REG_EXEC_RATE_DROP,
  FF_REG_EDGES_LOWER,
  FF_REG_FAILING,
  FF_REG_FIXED_BUCKET_AGAIN,
} ff_regression_kind;

typedef struct ff_regression {
  char fuzzer[128];
  ff_regression_kind kind;
  char text[512]; /* "exec/s 1200 -> 700 (-41.7 %, threshold 25 %)" */
} ff_regression;

typedef struct ff_regressions {
  bool compared;         /* both summaries were read */
  char problem[512];     /* why not ("" when compared, or no previous campaign) */
  char baseline[1100];   /* the previous campaign.json's path */
  ff_path_list fuzzers_compared; /* names of the fuzzers in both campaigns */
  ff_regression *items;
  size_t count;
} ff_regressions;

/* Compares current with previous (missing previous: not compared, no problem;
 * a corrupt file: problem). triage_index may be missing. eps_drop_pct: the
 * exec/s drop flagged, in percent. Returns 0, -1 out of memory. */
int ff_regressions_find(const char *current, const char *previous, const char *triage_index,
                        double eps_drop_pct, ff_regressions *r);
/* The same with the files of an output directory (baseline NULL: its
 * campaign.previous.json). */
int ff_regressions_find_in(const char *out_dir, const char *baseline, double eps_drop_pct,
                           ff_regressions *r);
void ff_regressions_free(ff_regressions *r);
const char *ff_regression_kind_name(ff_regression_kind k);
/* How many regressions fuzzer has. */
size_t ff_regressions_of(const ff_regressions *r, const char *fuzzer);
/* "regressions since the previous campaign (PATH): N" and one line each;
 * nothing when there was no previous campaign. */
void ff_regressions_print(const ff_regressions *r, FILE *to);
/* Renames <out>/campaign.json to campaign.previous.json (before a new one is
 * written). Returns 0, or -1 when it could not (errno). */
int ff_campaign_keep_previous(const char *out_root);

#endif
