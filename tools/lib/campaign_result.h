/* What a campaign learned, per fuzzer and overall, and how it is reported: the
 * summary table on stdout and <out>/campaign.json (fields: docs/tools.md, "campaign"). */
#ifndef FF_TOOLS_CAMPAIGN_RESULT_H
#define FF_TOOLS_CAMPAIGN_RESULT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "dir_list.h"
#include "stats_file.h"

typedef struct ff_campaign_fuzzer {
  const char *name;
  ff_stats stats;          /* latest cumulative numbers (stats.json) */
  uint64_t execs_campaign; /* executions during this campaign */
  double time_s;           /* seconds fuzzed during this campaign */
  double cpu_s;            /* CPU seconds (user + system) its engine processes used */
  int restarts;            /* processes started after the first one */
  uint64_t crashes;        /* artifacts written during this campaign */
  ff_path_list artifacts;  /* their paths */
  char problem[256];       /* why it could not run or stopped early; "" when fine */
  uint64_t slices;         /* --schedule bandit: worker-slices it was given */
  bool crashed;            /* it wrote a crash artifact during this campaign: */
  double first_crash_s;    /* seconds after the campaign's start when the first was recorded */
  uint64_t first_crash_execs; /* executions of all fuzzers of the campaign by then */
  char corpus_sha1[41];    /* content hash of <out>/<fuzzer>/corpus at the start (corpus_set.h); "" unknown */
  size_t corpus_entries;   /* its distinct inputs */
} ff_campaign_fuzzer;

typedef struct ff_campaign_result {
  const char *engine;
  int64_t start_time, end_time; /* unix seconds */
  double budget_s;              /* --time (0 with --runs only) */
  long runs_per_fuzzer;         /* --runs (0: none) */
  long jobs;
  const char *schedule;         /* "bandit" or "equal" */
  double slice;                 /* bandit: seconds, or executions with --runs, per slice */
  bool interrupted;
  char commit[64];              /* git rev-parse HEAD, "" when unknown */
  ff_campaign_fuzzer *fuzzers;
  size_t count;
} ff_campaign_result;

/* The summary table: a line a fuzzer, naming at most FF_CAMPAIGN_TABLE_ARTIFACTS
 * of its new artifacts (and how many more there are), then the totals. */
#define FF_CAMPAIGN_TABLE_ARTIFACTS 3
void ff_campaign_print_table(const ff_campaign_result *r, FILE *to);
/* Writes <out_root>/campaign.json atomically. Returns 0 or -1. */
int ff_campaign_write_json(const ff_campaign_result *r, const char *out_root);
/* The commit of the source tree, when it is a git checkout. */
void ff_campaign_commit(const char *root, char *out, size_t cap);

#endif
