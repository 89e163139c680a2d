/* Model-based checking of operation sequences: draw ops from the input, apply
 * each to a simple reference model and to the implementation, and compare
 * what they return and their observable state after every step. A divergence
 * fails the invariant with the step number, the op and both observations:
 *   ==formfuzz== INVARIANT ledger.model: step 3 (transfer 0->1 5): result:
 *   model "ok" vs impl "err" ...
 * Observations are short texts the component writes (ff_obs_printf), so the
 * message a person reads is the state itself. */
#ifndef FORMFUZZ_MODEL_H
#define FORMFUZZ_MODEL_H

#include <stddef.h>

#include "formfuzz/input.h"

#define FF_OBS_MAX 384
#define FF_MODEL_MAX_OP 256 /* largest op struct */

typedef struct ff_obs {
  char text[FF_OBS_MAX];
  size_t len;
} ff_obs;

/* Appends to an observation (truncated at FF_OBS_MAX). */
void ff_obs_printf(ff_obs *obs, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

typedef struct ff_model_spec {
  const char *id;          /* invariant id on divergence */
  const char *model_name;  /* e.g. "model" */
  const char *impl_name;   /* e.g. "ledger" */
  size_t op_size;          /* sizeof your op struct, <= FF_MODEL_MAX_OP */
  size_t max_steps;        /* 0: 64 */
  void (*draw_op)(ff_input *in, void *op);
  void (*describe_op)(const void *op, ff_obs *out);
  /* Apply op; describe its observable result (return value, output) in result. */
  void (*model_apply)(void *model, const void *op, ff_obs *result);
  void (*impl_apply)(void *impl, const void *op, ff_obs *result);
  /* Observable state after a step (optional: NULL skips the state comparison). */
  void (*model_observe)(const void *model, ff_obs *state);
  void (*impl_observe)(const void *impl, ff_obs *state);
} ff_model_spec;

/* Draws ops while ff_more(in) says so (at most max_steps) and checks each
 * step. Returns the number of steps run. */
size_t ff_model_check(const ff_model_spec *spec, void *model, void *impl, ff_input *in);

#endif
