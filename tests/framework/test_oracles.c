/* Tests of the oracle helpers: round trip, differential and model-vs-impl.
 * Each check runs inside a property through ff_prop_run_once, so a failing
 * oracle is observed (id and message) instead of aborting the test. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formfuzz/model.h"
#include "formfuzz/oracle.h"
#include "formfuzz/prop.h"

#include "ff_check.h"

/* --- round trip: decimal numbers; the broken encoder adds one --- */
static int decimal_decode(void *ctx, const uint8_t *d, size_t len, void *value) {
  (void)ctx;
  if (len == 0 || len > 18) return 1;
  uint64_t v = 0;
  for (size_t i = 0; i < len; i++) {
    if (!isdigit(d[i])) return 1;
    v = v * 10 + (d[i] - '0');
  }
  *(uint64_t *)value = v;
  return 0;
}
static long decimal_encode(void *ctx, const void *value, uint8_t *out, size_t cap) {
  uint64_t v = *(const uint64_t *)value + (ctx ? 1 : 0);
  int n = snprintf((char *)out, cap, "%" PRIu64, v);
  return n < 0 || (size_t)n >= cap ? -1 : n;
}
static int broken_flag = 1;

FF_PROPERTY(decimal_roundtrip) {
  size_t len;
  const uint8_t *d = ff_rest(in, &len);
  ff_codec codec = {.name = "decimal", .value_size = sizeof(uint64_t), .decode = decimal_decode,
                    .encode = decimal_encode};
  ff_check_roundtrip("test.roundtrip", &codec, d, len);
}

FF_PROPERTY(decimal_roundtrip_broken) {
  size_t len;
  const uint8_t *d = ff_rest(in, &len);
  ff_codec codec = {.name = "decimal+1", .value_size = sizeof(uint64_t), .decode = decimal_decode,
                    .encode = decimal_encode, .ctx = &broken_flag};
  ff_check_roundtrip("test.roundtrip", &codec, d, len);
}

/* --- differential: two upper-casers, one forgets 'z' --- */
static long upper_all(void *ctx, const uint8_t *in, size_t len, uint8_t *out, size_t cap) {
  if (len > cap) return -1;
  for (size_t i = 0; i < len; i++) out[i] = (uint8_t)((in[i] == 'z' && ctx) ? 'z' : toupper(in[i]));
  return (long)len;
}
static int skip_z = 1;

FF_PROPERTY(upper_differential) {
  char s[16];
  ff_cstr_from(in, s, sizeof s, "abxyz");
  ff_impl a = {.name = "upper_ref", .run = upper_all}, b = {.name = "upper_fast", .run = upper_all, .ctx = &skip_z};
  ff_check_differential("test.diff", &a, &b, (const uint8_t *)s, strlen(s), 0);
}

/* --- model: a bounded stack; the implementation forgets its bound --- */
typedef struct stack {
  int items[4];
  int n;
  int bounded;
} stack;
typedef struct stack_op {
  int push; /* 0 pop, 1 push */
  int value;
} stack_op;
static void draw(ff_input *in, void *op) {
  stack_op *o = op;
  o->push = ff_bool(in);
  o->value = (int)ff_range(in, 0, 9);
}
static void describe(const void *op, ff_obs *out) {
  const stack_op *o = op;
  if (o->push)
    ff_obs_printf(out, "push %d", o->value);
  else
    ff_obs_printf(out, "pop");
}
static void apply(void *st, const void *op, ff_obs *result) {
  stack *s = st;
  const stack_op *o = op;
  if (o->push) {
    int limit = s->bounded ? 3 : 4;
    if (s->n >= limit) {
      ff_obs_printf(result, "full");
      return;
    }
    s->items[s->n++] = o->value;
    ff_obs_printf(result, "ok");
  } else if (s->n == 0) {
    ff_obs_printf(result, "empty");
  } else {
    ff_obs_printf(result, "%d", s->items[--s->n]);
  }
}
static void observe(const void *st, ff_obs *out) {
  const stack *s = st;
  ff_obs_printf(out, "[");
  for (int i = 0; i < s->n; i++) ff_obs_printf(out, "%s%d", i ? " " : "", s->items[i]);
  ff_obs_printf(out, "]");
}
static const ff_model_spec stack_spec = {.id = "test.model", .model_name = "model", .impl_name = "stack",
                                         .op_size = sizeof(stack_op), .draw_op = draw, .describe_op = describe,
                                         .model_apply = apply, .impl_apply = apply,
                                         .model_observe = observe, .impl_observe = observe};
static size_t last_steps;
FF_PROPERTY(stack_model) {
  stack model = {.bounded = 1}, impl = {.bounded = 0};
  last_steps = ff_model_check(&stack_spec, &model, &impl, in);
}

static void expect(const char *prop, const uint8_t *d, size_t len, bool fail, const char *id,
                   const char *needle) {
  char failure[192] = "", message[512] = "";
  bool failed = ff_prop_run_once(ff_prop_find(prop), d, len, failure, sizeof failure, message, sizeof message, NULL);
  CHECK_MSG(failed == fail, "%s: failed=%d (%s: %s)", prop, failed, failure, message);
  if (fail) {
    char want[64];
    snprintf(want, sizeof want, "invariant %s", id);
    CHECK_MSG(strcmp(failure, want) == 0, "%s: failure '%s'", prop, failure);
    CHECK_MSG(strstr(message, needle) != NULL, "%s: message '%s' lacks '%s'", prop, message, needle);
  }
}

int main(void) {
  expect("decimal_roundtrip", (const uint8_t *)"00120", 5, false, NULL, NULL);
  expect("decimal_roundtrip", (const uint8_t *)"x", 1, false, NULL, NULL);
  expect("decimal_roundtrip_broken", (const uint8_t *)"19", 2, true, "test.roundtrip", "decimal+1");
  expect("decimal_roundtrip_broken", (const uint8_t *)"x", 1, false, NULL, NULL); /* rejected: not checked */

  /* "abz": length byte 3, then letters a=0 b=1 z=4 */
  const uint8_t abz[] = {3, 0, 1, 4}, ab[] = {2, 0, 1};
  expect("upper_differential", ab, sizeof ab, false, NULL, NULL);
  expect("upper_differential", abz, sizeof abz, true, "test.diff", "output of upper_ref vs upper_fast: differ at byte 2");

  /* three pushes agree; the fourth push is "full" in the model only */
  const uint8_t three[] = {1, 1, 5, 1, 1, 6, 1, 1, 7, 0};
  expect("stack_model", three, sizeof three, false, NULL, NULL);
  CHECK_MSG(last_steps == 3, "steps %zu", last_steps);
  const uint8_t four[] = {1, 1, 5, 1, 1, 6, 1, 1, 7, 1, 1, 8};
  expect("stack_model", four, sizeof four, true, "test.model",
         "step 4 (push 8): result: model \"full\" vs stack \"ok\"");

  /* and the runner shrinks a model failure to the shortest sequence */
  ff_prop_config cfg;
  ff_prop_config_default(&cfg);
  cfg.report = NULL;
  ff_prop_result r;
  ff_prop_check(ff_prop_find("stack_model"), &cfg, &r);
  const uint8_t minimal[] = {1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0};
  CHECK_MSG(r.status == FF_PROP_FAILED && r.counterexample_len == sizeof minimal &&
            memcmp(r.counterexample, minimal, sizeof minimal) == 0,
        "shrunk to %zu bytes: %s", r.counterexample_len, r.message);
  ff_prop_result_free(&r);
  return check_summary("test_oracles");
}
