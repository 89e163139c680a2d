/* What triage writes: out/triage/<bucket>/report.md (ready to file as an
 * issue: title, severity, reproducer, stack, minimized input as a hex dump),
 * out/triage/index.json (every bucket; read back by the next run and by
 * `formfuzz report`) and out/triage/results.sarif (SARIF 2.1.0). */
#ifndef FF_TOOLS_TRIAGE_OUTPUT_H
#define FF_TOOLS_TRIAGE_OUTPUT_H

#include "triage_bucket.h"

/* "heap-buffer-overflow READ 1 in planted_sum_payload" */
void triage_bucket_title(const triage_bucket *b, char *out, size_t cap);
int triage_write_bucket_report(const triage_bucket *b, const char *triage_dir);
int triage_write_index(const triage_set *s, const char *triage_dir);
/* root: frame paths under it are written relative to it (SARIF wants repo URIs). */
int triage_write_sarif(const triage_set *s, const char *triage_dir, const char *root);

#endif
