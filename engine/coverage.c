/* SanitizerCoverage module registration (see coverage.h): every instrumented
 * module (the harness, shared libraries) calls these from its constructors
 * with its inline 8-bit counters and its PC table. Strong definitions: they
 * replace the sanitizer runtime's weak ones because the engine is linked
 * whole-archive. */
#include "coverage.h"

#include <string.h>

#include "globals.h"
#include "log.h"
#include "slow_paths.h"
#include "value_profile.h"

ff_cov_map ff_cov;

void ff_cov_register_counters(uint8_t *start, uint8_t *stop) {
  if (start == stop) return;
  for (size_t i = 0; i < ff_cov.module_count; i++)
    if (ff_cov.modules[i].counters == start) return;
  if (ff_cov.module_count == FF_COV_MAX_MODULES) {
    ff_logf("WARNING: more than %d instrumented modules; ignoring the rest\n", FF_COV_MAX_MODULES);
    return;
  }
  ff_cov_module *m = &ff_cov.modules[ff_cov.module_count++];
  m->counters = start;
  m->counter_count = (size_t)(stop - start);
  m->first_index = ff_cov.total_counters;
  ff_cov.total_counters += m->counter_count;
}

void ff_cov_clear_counters(void) {
  for (size_t i = 0; i < ff_cov.module_count; i++)
    memset(ff_cov.modules[i].counters, 0, ff_cov.modules[i].counter_count);
  ff_vp_clear();
  ff_slow_clear();
}

void __sanitizer_cov_8bit_counters_init(uint8_t *start, uint8_t *stop) {
  ff_cov_register_counters(start, stop);
}

/* PC tables arrive in the same module order as the counters; each has one
 * (pc, flags) pair per counter. */
void __sanitizer_cov_pcs_init(const uintptr_t *beg, const uintptr_t *end) {
  size_t idx = ff_cov.pc_table_count;
  if (idx >= FF_COV_MAX_MODULES) return;
  ff_cov.pc_table_count++;
  if (idx < ff_cov.module_count) {
    ff_cov.modules[idx].pcs = beg;
    ff_cov.modules[idx].pc_count = (size_t)(end - beg) / 2;
  }
}
