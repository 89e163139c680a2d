/* What one engine process has done so far: its executions and what they
 * added. Part of the engine object (ff_engine, engine.h): written by the run
 * step (engine.c) and the replay mode, read by the fuzzing loop's limits and
 * length control, and by the stats through a const view (stats.h). */
#ifndef FF_ENGINE_COUNTERS_H
#define FF_ENGINE_COUNTERS_H

#include <stdint.h>

typedef struct ff_counters {
  uint64_t execs;       /* runs of the harness (a leak check's re-run is not one) */
  uint64_t new_units;   /* corpus entries added that did not come from disk */
  uint64_t slowest_ns;  /* the longest run */
  uint64_t last_new_ns; /* end of the last run that added an entry; 0: none yet */
  uint64_t slow_finds;  /* entries kept with a new slow-path feature (slow_paths.h) */
} ff_counters;

#endif
