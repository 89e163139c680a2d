/* The process's comparison log (see cmplog.h) and the SanitizerCoverage
 * comparison and control-flow callbacks (trace-cmp, switch, div, gep, indirect
 * calls, stack depth) that fill it. The comparisons go into the log while
 * ff_cmplog_capture is on, into the value profile (value_profile.h) while
 * ff_vp_on, and each counts a hit of its site for the slow-path feedback
 * (slow_paths.h) while ff_slow_on; integer compares also go into the
 * arithmetic solver's trace (arith_trace.h) while ff_arith_capture is on.
 * Otherwise each hook returns after a few predictable branches.
 * Strong definitions, kept by the whole-archive link, so they replace the
 * sanitizer runtime's weak defaults. */
#include "cmplog.h"

#include <stdint.h>

#include "arith_trace.h"
#include "globals.h"
#include "slow_paths.h"
#include "value_profile.h"

ff_cmplog ff_engine_cmplog;
bool ff_cmplog_capture;

/* Stack-depth tracking emitted by -fsanitize=fuzzer-no-link (stack-depth). */
__thread uintptr_t __sancov_lowest_stack;

#define LOG_CMP(kind, a, b)                                           \
  do {                                                                \
    if (__builtin_expect(ff_vp_on, 0))                                \
      ff_vp_cmp((uintptr_t)__builtin_return_address(0), (a), (b));    \
    if (__builtin_expect(ff_slow_on, 0))                              \
      ff_slow_hit((uintptr_t)__builtin_return_address(0));            \
    if (__builtin_expect(ff_arith_capture, 0))                        \
      ff_arith_record((uintptr_t)__builtin_return_address(0), (a), (b), sizeof(a)); \
    if (__builtin_expect(ff_cmplog_capture, 0) && (a) != (b))         \
      ff_cmplog_add_at(&ff_engine_cmplog, (kind), (uintptr_t)__builtin_return_address(0), &(a), \
                       &(b), sizeof(a));                                                     \
  } while (0)

void __sanitizer_cov_trace_cmp1(uint8_t a, uint8_t b) { LOG_CMP(FF_CMP_INT, a, b); }
void __sanitizer_cov_trace_cmp2(uint16_t a, uint16_t b) { LOG_CMP(FF_CMP_INT, a, b); }
void __sanitizer_cov_trace_cmp4(uint32_t a, uint32_t b) { LOG_CMP(FF_CMP_INT, a, b); }
void __sanitizer_cov_trace_cmp8(uint64_t a, uint64_t b) { LOG_CMP(FF_CMP_INT, a, b); }
void __sanitizer_cov_trace_const_cmp1(uint8_t a, uint8_t b) { LOG_CMP(FF_CMP_CONST, a, b); }
void __sanitizer_cov_trace_const_cmp2(uint16_t a, uint16_t b) { LOG_CMP(FF_CMP_CONST, a, b); }
void __sanitizer_cov_trace_const_cmp4(uint32_t a, uint32_t b) { LOG_CMP(FF_CMP_CONST, a, b); }
void __sanitizer_cov_trace_const_cmp8(uint64_t a, uint64_t b) { LOG_CMP(FF_CMP_CONST, a, b); }

/* cases[0] = number of cases, cases[1] = bit width of val, cases[2..] = case values.
 * Logged as (case value, val) so the constant is arg1 as for const compares. */
void __sanitizer_cov_trace_switch(uint64_t val, uint64_t *cases) {
  uint64_t n = cases[0];
  if (__builtin_expect(ff_vp_on, 0)) {
    uintptr_t pc = (uintptr_t)__builtin_return_address(0);
    for (uint64_t i = 0; i < n; i++) ff_vp_cmp(pc + i, val, cases[2 + i]);
  }
  if (__builtin_expect(ff_slow_on, 0)) ff_slow_hit((uintptr_t)__builtin_return_address(0));
  if (__builtin_expect(!ff_cmplog_capture, 1)) return;
  uintptr_t pc = (uintptr_t)__builtin_return_address(0);
  size_t len = cases[1] / 8;
  if (len == 0 || len > 8) len = 8;
  for (uint64_t i = 0; i < n; i++) {
    uint64_t c = cases[2 + i];
    if (c != val) ff_cmplog_add_at(&ff_engine_cmplog, FF_CMP_SWITCH, pc + i, &c, &val, len);
  }
}

/* Divisors: logging them against zero lets input-to-state aim at div-by-zero. */
void __sanitizer_cov_trace_div4(uint32_t val) {
  uint32_t zero = 0;
  LOG_CMP(FF_CMP_INT, zero, val);
}
void __sanitizer_cov_trace_div8(uint64_t val) {
  uint64_t zero = 0;
  LOG_CMP(FF_CMP_INT, zero, val);
}

void __sanitizer_cov_trace_gep(uintptr_t idx) { (void)idx; }
void __sanitizer_cov_trace_pc_indir(uintptr_t callee) { (void)callee; }
