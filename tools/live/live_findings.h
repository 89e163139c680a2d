/* Findings of the live commands in the triage formats (docs/tools.md, formfuzz
 * triage): a real difference between two servers' replies is bucketed by the
 * diff's signature (bucket id: the first 12 hex digits of SHA-1("live_<proto>\n"
 * signature), as triage buckets crashes), and <out>/triage/<id>/ holds
 * report.md (title, reproduce hint, request as hex, both canonical replies and
 * the diff), request (the first one's bytes), primary.txt, shadow.txt, diff.txt
 * and inputs/ (every distinct request, SHA-1 named, at most 32);
 * <out>/triage/index.json lists the buckets with triage's fields, so
 * `formfuzz report --out <out>` shows them, and results.sarif has them as
 * SARIF 2.1.0 results. Each request is also written to
 * <out>/corpus/ (SHA-1 named), so offline fuzzers learn from live traffic. */
#ifndef FF_TOOLS_LIVE_FINDINGS_H
#define FF_TOOLS_LIVE_FINDINGS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "live_lines.h"

typedef struct live_bucket {
  char id[16];
  char *signature;
  char first_input[4400];
  size_t smallest_size;
  long count;
  time_t first_seen, last_seen;
} live_bucket;

typedef struct live_findings {
  char out_dir[4096];
  const char *proto;   /* "dns" or "http" */
  const char *primary, *shadow; /* "127.0.0.1:5353", for the reports */
  live_bucket *buckets;
  size_t nbuckets;
  long total;
} live_findings;

/* 0, or -1 when the directories cannot be made. */
int live_findings_open(live_findings *f, const char *out_dir, const char *proto, const char *primary,
                       const char *shadow);
/* Records one difference; what names the variant ("as received" or the
 * mutation). 0, or -1 when a file cannot be written. */
int live_findings_add(live_findings *f, const uint8_t *request, size_t len, const char *what,
                      const live_lines *primary, const live_lines *shadow, const live_diff *diff);
/* Saves a request as a corpus entry under <out>/corpus/. */
int live_findings_corpus(const live_findings *f, const uint8_t *request, size_t len);
/* Writes <out>/triage/index.json. 0 or -1. */
int live_findings_write_index(const live_findings *f);
/* Writes <out>/triage/results.sarif (SARIF 2.1.0: one result per bucket,
 * rule live-difference, no source location). 0 or -1. */
int live_findings_write_sarif(const live_findings *f);
void live_findings_free(live_findings *f);

#endif
