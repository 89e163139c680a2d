/* Model-vs-implementation oracle for operation sequences (model.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "formfuzz/model.h"
#include "formfuzz/oracle.h"

void ff_obs_printf(ff_obs *obs, const char *fmt, ...) {
  if (obs->len + 1 >= FF_OBS_MAX) return;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(obs->text + obs->len, FF_OBS_MAX - obs->len, fmt, ap);
  va_end(ap);
  if (n > 0) obs->len += (size_t)n < FF_OBS_MAX - obs->len ? (size_t)n : FF_OBS_MAX - 1 - obs->len;
}

static void compare(const ff_model_spec *s, size_t step, const ff_obs *op, const char *what,
                    const ff_obs *m, const ff_obs *i) {
  FF_INVARIANT(strcmp(m->text, i->text) == 0, s->id, "step %zu (%s): %s: %s \"%s\" vs %s \"%s\"",
               step, op->text, what, s->model_name, m->text, s->impl_name, i->text);
}

size_t ff_model_check(const ff_model_spec *s, void *model, void *impl, ff_input *in) {
  FF_INVARIANT(s->op_size <= FF_MODEL_MAX_OP, "oracle.model_spec", "%s: op of %zu bytes (max %d)", s->id,
               s->op_size, FF_MODEL_MAX_OP);
  _Alignas(max_align_t) unsigned char op[FF_MODEL_MAX_OP];
  size_t max_steps = s->max_steps ? s->max_steps : 64;
  size_t step = 0;
  while (step < max_steps && ff_more(in)) {
    step++;
    memset(op, 0, sizeof op);
    s->draw_op(in, op);
    ff_obs desc = {0}, mr = {0}, ir = {0};
    s->describe_op(op, &desc);
    s->model_apply(model, op, &mr);
    s->impl_apply(impl, op, &ir);
    compare(s, step, &desc, "result", &mr, &ir);
    if (s->model_observe && s->impl_observe) {
      ff_obs ms = {0}, is = {0};
      s->model_observe(model, &ms);
      s->impl_observe(impl, &is);
      compare(s, step, &desc, "state", &ms, &is);
    }
  }
  return step;
}
