/* The coverage the instrumented target exposes: every module's inline 8-bit
 * counters and PC table, registered by SanitizerCoverage's module
 * constructors before main (engine/coverage.c). */
#ifndef FF_ENGINE_COVERAGE_H
#define FF_ENGINE_COVERAGE_H

#include <stddef.h>
#include <stdint.h>

#define FF_COV_MAX_MODULES 256

typedef struct ff_cov_module {
  uint8_t *counters;      /* [0, counter_count) */
  size_t counter_count;
  size_t first_index;     /* global index of counters[0] over all modules */
  const uintptr_t *pcs;   /* pairs (pc, flags), may be NULL if no pc-table */
  size_t pc_count;
} ff_cov_module;

typedef struct ff_cov_map {
  ff_cov_module modules[FF_COV_MAX_MODULES];
  size_t module_count;
  size_t pc_table_count;
  size_t total_counters;
} ff_cov_map;

/* The process's map is ff_cov (globals.h), filled by
 * __sanitizer_cov_8bit_counters_init/pcs_init. */

/* Registers a counter region as the 8-bit counters init hook does; used by
 * tests that fake a module. Duplicate registrations of one region are ignored. */
void ff_cov_register_counters(uint8_t *start, uint8_t *stop);
void ff_cov_clear_counters(void);

#endif
