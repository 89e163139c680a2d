/* Findings of `formfuzz mcp`: bucketed by signature (the triage buckets), each
 * new one confirmed on a fresh server, minimized, and written under
 * <out>/findings/<bucket>/ as input.bin, minimized.bin, transcript.jsonl
 * (every line each way of the minimized replay) and report.md (ready to file:
 * what, where, how to reproduce, the transcript); <out>/findings/index.json
 * and results.sarif are the triage formats (tools/triage/triage_output.h). */
#ifndef FF_MCP_FINDINGS_H
#define FF_MCP_FINDINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mcp_run.h"
#include "triage_bucket.h"

typedef struct mcp_findings {
  char dir[4096];
  char repro[4096];   /* the command that replays a file: "<repro> FILE" */
  const char *label;  /* the "fuzzer" of the triage formats: "mcp:<server name>" */
  long minimize_budget;
  triage_set set;
  long *calls_to_find; /* per bucket: messages sent when it was first seen */
  size_t *record_count; /* per bucket: records in the minimized input */
} mcp_findings;

/* Bucket for one finding; a new bucket is confirmed, minimized and written.
 * Returns 1 new bucket, 0 known, -1 could not write. */
int mcp_findings_add(mcp_findings *fs, mcp_target *t, const uint8_t *data, size_t size,
                     const mcp_run_result *r, long calls_now);
/* Writes a transcript (a JSON array of {"send"|"recv"|...: value}) as JSON lines. */
int mcp_transcript_write(const json_t *transcript, const char *path);
void mcp_findings_free(mcp_findings *fs);

#endif
