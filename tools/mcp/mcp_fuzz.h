/* The fuzzing loop of `formfuzz mcp`: seed sequences (each tool called with
 * valid, attack and past-the-schema arguments; every protocol mutation once;
 * a resource, a prompt, a list call), then mutants of corpus inputs chosen at random; an
 * input reaching a new response class joins the corpus (<out>/corpus/, files
 * named by SHA-1, written atomically), a finding goes to the findings. With
 * a server built with a coverage runtime (mcp --coverage), an input that
 * reaches a server edge no input reached before is kept too. The baseline
 * mode is what schema-only fuzzers do: every input one fresh schema-valid
 * tools/call, no feedback. Both stop after the same number of
 * messages. */
#ifndef FF_MCP_FUZZ_H
#define FF_MCP_FUZZ_H

#include <stdbool.h>
#include <stdint.h>

#include "mcp_findings.h"
#include "mcp_run.h"

typedef struct mcp_fuzz_cfg {
  const char *out_dir;
  uint64_t seed;
  long max_calls;
  bool baseline;
  bool quiet;
  bool edge_feedback; /* an input reaching a new server edge (t->cov) is kept too */
} mcp_fuzz_cfg;

typedef struct mcp_fuzz_stats {
  long calls, inputs, corpus, classes, starts;
  long edges, coverage_features; /* with t->cov: the server's edges and (edge, hit-count bucket) pairs */
  bool coverage;
} mcp_fuzz_stats;

/* Runs until max_calls messages were sent or a stop signal. Returns 0, or -1
 * when the server cannot be started (t->error) or the outputs cannot be written. */
int mcp_fuzz(const mcp_fuzz_cfg *cfg, mcp_target *t, mcp_findings *fs, mcp_fuzz_stats *st);
/* <out>/stats.json: the counts and per finding its kind, place and calls to find. */
int mcp_fuzz_write_stats(const mcp_fuzz_cfg *cfg, const mcp_fuzz_stats *st, const mcp_findings *fs);

#endif
