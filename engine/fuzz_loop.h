/* The fuzzing mode: load the corpus directories, run every input once
 * (INITED), then pick-mutate-execute until -runs or -max_total_time, re-reading
 * the shared corpus directory every few seconds for other workers' finds. */
#ifndef FF_ENGINE_FUZZ_LOOP_H
#define FF_ENGINE_FUZZ_LOOP_H

#include "engine.h"

/* Runs every input of the corpus directories; returns how many were read. */
size_t ff_load_corpus(ff_engine *e, char **dirs, size_t ndirs);
/* Fuzzes until a limit is reached; returns the process exit code (0). */
int ff_fuzz(ff_engine *e);
/* For the stages (i2s_stage.c): runs one input of theirs (kept when new,
 * reported with ms as its MS: field) and returns an ff_outcome; whether the
 * fuzzing must stop (-runs, -max_total_time, a write error). */
int ff_fuzz_exec(ff_engine *e, const uint8_t *data, size_t size, const char *ms);
bool ff_fuzz_stop(const ff_engine *e);

#endif
