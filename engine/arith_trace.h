/* The arithmetic solver's compare trace (arith_solver.h): while
 * ff_arith_capture is on, every integer compare the target makes (trace-cmp
 * 1/2/4/8 and their const variants) is recorded in order with its call site
 * (the return address, as an offset so ASLR does not change it) and both
 * operands, equal ones included: the solver needs to know which compares an
 * input already satisfies. Unlike the comparison log (cmplog.h), which keeps
 * unequal operands for the mutators, this one is read only by the solver's
 * own runs. Written by the hooks (cmplog.c), one execution at a time. */
#ifndef FF_ENGINE_ARITH_TRACE_H
#define FF_ENGINE_ARITH_TRACE_H

#include <stdbool.h>
#include <stdint.h>

#define FF_ARITH_TRACE_MAX 512

typedef struct ff_arith_cmp {
  uint32_t site;  /* call site offset */
  uint32_t width; /* operand bytes: 1, 2, 4 or 8 */
  uint64_t a, b;
} ff_arith_cmp;

typedef struct ff_arith_trace {
  ff_arith_cmp c[FF_ARITH_TRACE_MAX];
  uint32_t n; /* compares recorded (the first FF_ARITH_TRACE_MAX of the run) */
} ff_arith_trace;

/* The process's trace and its switch (globals.h). */
extern ff_arith_trace ff_arith_log;
extern bool ff_arith_capture;

static inline void ff_arith_record(uintptr_t pc, uint64_t a, uint64_t b, uint32_t width) {
  if (ff_arith_log.n >= FF_ARITH_TRACE_MAX) return;
  ff_arith_cmp *c = &ff_arith_log.c[ff_arith_log.n++];
  c->site = (uint32_t)(pc - (uintptr_t)&ff_arith_log);
  c->width = width;
  c->a = a;
  c->b = b;
}

#endif
