/* The inner step of -merge=1, run in a forked child: each input from a given
 * index on is announced in the control file (STARTED), run, and its features
 * and edges not reached by an earlier input of this child are appended (FT,
 * COV), as libFuzzer's inner merge does. An input that kills the child leaves
 * a STARTED line without FT behind, which the outer process skips next time. */
#ifndef FF_ENGINE_MERGE_INNER_H
#define FF_ENGINE_MERGE_INNER_H

#include "engine.h"
#include "merge_control.h"

/* Runs c's inputs start..count-1, appending to the control file at path; exits
 * the process (0 when every input ran, 3 when the control file cannot be written).
 * quiet: its output (the target's, sanitizer reports) goes to /dev/null. */
_Noreturn void ff_merge_inner(ff_engine *e, const ff_merge_control *c, size_t start,
                              const char *path, int quiet);

#endif
