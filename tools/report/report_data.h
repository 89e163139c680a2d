/* What the report knows about a campaign directory (out/ or --out DIR): every
 * fuzzer's latest stats (out/<f>/stats.json), its stats.csv samples, artifact
 * counts, the triage buckets (out/triage/index.json) and the campaign summary
 * (out/campaign.json). Missing or corrupt files are recorded as problems, never
 * fatal: the page says what it could not read. */
#ifndef FF_TOOLS_REPORT_DATA_H
#define FF_TOOLS_REPORT_DATA_H

#include <stdbool.h>
#include <stddef.h>

#include "dir_list.h"

typedef struct report_bucket {
  char id[64], kind[160], title[320], severity[16];
  bool is_new, stable;
  long count;
  char filed[512]; /* its issue link in the known crashes (report_known.h), "" when not filed */
} report_bucket;

typedef struct report_fuzzer {
  char name[128];
  bool has_stats;          /* stats.json read */
  char stats_problem[256]; /* why not ("" when read) */
  double execs, exec_per_sec, edges, features, corpus_size, corpus_bytes, crashes, timeouts,
      ooms, leaks, elapsed_s;
  char engine[32];
  long csv_rows;           /* data rows of stats.csv; -1 when missing or unusable */
  char csv_problem[256];
  long artifacts;          /* files in artifacts/ */
  report_bucket *buckets;  /* from the triage index */
  size_t nbuckets;
  long new_buckets;         /* new and not filed */
  long filed_buckets;       /* listed in the known crashes */
  char plot_coverage[160], plot_execs[160]; /* paths relative to the report dir, "" if none */
} report_fuzzer;

typedef struct report_campaign {
  char out_dir[1024];
  report_fuzzer *fuzzers;
  size_t nfuzzers;
  bool has_campaign;
  char campaign_problem[256];
  ff_path_list campaign_fields; /* "key: value" strings, in campaign.json's order */
  bool has_triage;
  char triage_problem[256];
  long triage_unreproducible;
  const struct ff_regressions *regressions; /* against the previous campaign; NULL: not looked */
} report_campaign;

/* Scans out_dir. Returns 0, or -1 when out_dir itself is unreadable (err says why). */
int report_collect(const char *out_dir, report_campaign *c, char *err, size_t err_cap);
void report_campaign_free(report_campaign *c);

#endif
