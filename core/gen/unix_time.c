/* Unix timestamps around a freshness window and at the classic boundaries.
 * See ff_gen_unix_time in include/formfuzz/gen_time.h. */
#include "formfuzz/gen_time.h"

/* |a - b| <= window without overflow. */
static bool within(int64_t a, int64_t b, int64_t window) {
  if (window < 0) return false;
  if (a >= b) return (uint64_t)a - (uint64_t)b <= (uint64_t)window;
  return (uint64_t)b - (uint64_t)a <= (uint64_t)window;
}

static int64_t saturating_mul(int64_t v, int64_t k) {
  if (v > INT64_MAX / k) return INT64_MAX;
  if (v < INT64_MIN / k) return INT64_MIN;
  return v * k;
}

static int64_t saturating_add(int64_t a, int64_t b) {
  if (b > 0 && a > INT64_MAX - b) return INT64_MAX;
  if (b < 0 && a < INT64_MIN - b) return INT64_MIN;
  return a + b;
}

bool ff_gen_unix_time(ff_input *in, ff_gen_mode mode, int64_t now, int64_t window, ff_unix_time *out) {
  static const struct {
    int64_t value;
    const char *kind;
  } BOUNDARIES[] = {
      {0, "0"},
      {-1, "-1"},
      {2147483647, "2^31-1"},
      {2147483648, "2^31"},
      {4294967295, "2^32-1"},
      {4294967296, "2^32"},
      {253402300799, "9999-12-31T23:59:59Z"},
      {253402300800, "10000-01-01T00:00:00Z"},
      {INT64_MAX, "int64 max"},
      {INT64_MIN, "int64 min"},
      {-62135596800, "0001-01-01T00:00:00Z"},
  };
  if (window < 0) window = 0;
  switch (ff_gen_resolve_mode(in, mode)) {
  case FF_GEN_VALID:
    switch (ff_choose(in, 3)) {
    case 0: out->value = now, out->kind = "now"; break;
    case 1: out->value = saturating_add(now, ff_range_i64(in, -window, window)), out->kind = "inside the window"; break;
    default: out->value = saturating_add(now, ff_bool(in) ? window : -window), out->kind = "window edge"; break;
    }
    break;
  case FF_GEN_NEAR:
    switch (ff_choose(in, 4)) {
    case 0: out->value = saturating_add(now, ff_bool(in) ? window + 1 : -window - 1), out->kind = "one past the edge"; break;
    case 1: out->value = saturating_mul(now, 1000), out->kind = "milliseconds"; break;
    case 2: out->value = now / 1000, out->kind = "seconds read as milliseconds"; break;
    default:
      out->value = saturating_add(now, (ff_bool(in) ? 1 : -1) * saturating_add(window, (int64_t)ff_range(in, 1, 86400 * 366)));
      out->kind = "outside the window";
      break;
    }
    break;
  default:
    switch (ff_choose(in, 3)) {
    case 0: out->value = saturating_mul(now, 1000000), out->kind = "microseconds"; break;
    case 1: out->value = -now, out->kind = "negated"; break;
    default: {
      size_t i = ff_choose(in, FF_COUNT_OF(BOUNDARIES));
      out->value = BOUNDARIES[i].value;
      out->kind = BOUNDARIES[i].kind;
      break;
    }
    }
    break;
  }
  ff_note(in, "unix time %lld (%s)", (long long)out->value, out->kind);
  return within(out->value, now, window);
}
