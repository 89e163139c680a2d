/* ff_input: typed draws from fuzz bytes; the encoding is documented in
 * include/formfuzz/input.h. */
#include "formfuzz/input.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void ff_input_init(ff_input *in, const uint8_t *data, size_t size) {
  memset(in, 0, sizeof *in);
  in->data = data;
  in->size = data ? size : 0;
}

size_t ff_remaining(const ff_input *in) { return in->pos < in->size ? in->size - in->pos : 0; }

bool ff_exhausted(const ff_input *in) { return in->pos > in->size; }

static uint8_t next_byte(ff_input *in) {
  uint8_t b = in->pos < in->size ? in->data[in->pos] : 0;
  in->pos++; /* counts reads past the end too: pos is the number of bytes a run consumed */
  return b;
}

static uint64_t next_be(ff_input *in, unsigned nbytes) {
  uint64_t v = 0;
  for (unsigned i = 0; i < nbytes; i++) v = (v << 8) | next_byte(in);
  return v;
}

void ff_note(ff_input *in, const char *fmt, ...) {
  if (!in->log) return;
  char line[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  in->log(in->log_ctx, line);
}

bool ff_bool(ff_input *in) {
  bool v = next_byte(in) & 1;
  ff_note(in, "bool = %s", v ? "true" : "false");
  return v;
}

uint8_t ff_u8(ff_input *in) {
  uint8_t v = next_byte(in);
  ff_note(in, "u8 = %u", v);
  return v;
}

uint16_t ff_u16(ff_input *in) {
  uint16_t v = (uint16_t)next_be(in, 2);
  ff_note(in, "u16 = %u", v);
  return v;
}

uint32_t ff_u32(ff_input *in) {
  uint32_t v = (uint32_t)next_be(in, 4);
  ff_note(in, "u32 = %u", v);
  return v;
}

uint64_t ff_u64(ff_input *in) {
  uint64_t v = next_be(in, 8);
  ff_note(in, "u64 = %llu", (unsigned long long)v);
  return v;
}

int64_t ff_i64(ff_input *in) {
  uint64_t z = next_be(in, 8);
  int64_t v = (int64_t)(z >> 1) ^ -(int64_t)(z & 1);
  ff_note(in, "i64 = %lld", (long long)v);
  return v;
}

static unsigned bytes_for(uint64_t span) {
  unsigned n = 0;
  while (span) {
    n++;
    span >>= 8;
  }
  return n;
}

static uint64_t draw_range(ff_input *in, uint64_t lo, uint64_t hi) {
  if (hi <= lo) return lo;
  uint64_t span = hi - lo;
  uint64_t raw = next_be(in, bytes_for(span));
  if (span == UINT64_MAX) return lo + raw;
  return lo + raw % (span + 1);
}

uint64_t ff_range(ff_input *in, uint64_t lo, uint64_t hi) {
  uint64_t v = draw_range(in, lo, hi);
  ff_note(in, "range[%llu,%llu] = %llu", (unsigned long long)lo, (unsigned long long)hi,
          (unsigned long long)v);
  return v;
}

int64_t ff_range_i64(ff_input *in, int64_t lo, int64_t hi) {
  if (hi <= lo) return lo;
  uint64_t span = (uint64_t)hi - (uint64_t)lo;
  uint64_t off = draw_range(in, 0, span);
  int64_t v = (int64_t)((uint64_t)lo + off);
  ff_note(in, "range[%lld,%lld] = %lld", (long long)lo, (long long)hi, (long long)v);
  return v;
}

size_t ff_choose(ff_input *in, size_t n) {
  if (n <= 1) return 0;
  size_t v = (size_t)draw_range(in, 0, n - 1);
  ff_note(in, "choice of %zu = %zu", n, v);
  return v;
}

size_t ff_weighted(ff_input *in, const unsigned *weights, size_t n) {
  uint64_t total = 0;
  for (size_t i = 0; i < n; i++) total += weights[i];
  if (n == 0) return 0;
  if (total == 0) return ff_choose(in, n);
  uint64_t r = draw_range(in, 0, total - 1);
  size_t pick = 0;
  for (size_t i = 0; i < n; i++) {
    if (r < weights[i]) {
      pick = i;
      break;
    }
    r -= weights[i];
  }
  ff_note(in, "weighted choice of %zu = %zu", n, pick);
  return pick;
}

bool ff_more(ff_input *in) {
  bool v = next_byte(in) & 1;
  ff_note(in, "more = %s", v ? "yes" : "no");
  return v;
}

double ff_double(ff_input *in) {
  static const double simple[] = {0.0, 1.0, -1.0, 0.5, 2.0, 100.0, 1e-9, 1e9};
  uint8_t cls = next_byte(in) % 8;
  double v;
  switch (cls) {
  case 0: v = 0.0; break;
  case 1: v = simple[next_byte(in) % FF_COUNT_OF(simple)]; break;
  case 2: v = (double)(int32_t)next_be(in, 4); break;
  case 3: v = (double)next_be(in, 4) / 65536.0; break;
  case 4: v = -(double)next_be(in, 4) / 65536.0; break;
  case 5: {
    static const double bounds[] = {1.7976931348623157e308, -1.7976931348623157e308,
                                    2.2250738585072014e-308, 4.9406564584124654e-324,
                                    9007199254740992.0, -0.0, 18446744073709551616.0,
                                    9223372036854775807.0};
    v = bounds[next_byte(in) % FF_COUNT_OF(bounds)];
    break;
  }
  case 6: v = (next_byte(in) & 1) ? -INFINITY : INFINITY; break;
  default: {
    uint64_t bits = next_be(in, 8);
    if (bits == 0) {
      v = NAN;
    } else {
      memcpy(&v, &bits, sizeof v);
    }
    break;
  }
  }
  ff_note(in, "double = %.17g", v);
  return v;
}

void ff_fill(ff_input *in, uint8_t *out, size_t n) {
  for (size_t i = 0; i < n; i++) out[i] = next_byte(in);
  ff_note(in, "fill %zu bytes", n);
}

size_t ff_bytes(ff_input *in, uint8_t *out, size_t max) {
  size_t n = (size_t)draw_range(in, 0, max);
  for (size_t i = 0; i < n; i++) out[i] = next_byte(in);
  ff_note(in, "bytes len %zu", n);
  return n;
}

const uint8_t *ff_bytes_view(ff_input *in, size_t max, size_t *len) {
  size_t n = (size_t)draw_range(in, 0, max);
  size_t avail = ff_remaining(in);
  const uint8_t *p = in->pos < in->size ? in->data + in->pos : in->data + in->size;
  in->pos += n; /* counted as consumed even past the end; the view holds what exists */
  if (n > avail) n = avail;
  *len = n;
  ff_note(in, "bytes view len %zu", n);
  return p;
}

char *ff_cstr(ff_input *in, char *buf, size_t cap) {
  if (cap == 0) return buf;
  size_t n = (size_t)draw_range(in, 0, cap - 1);
  for (size_t i = 0; i < n; i++) {
    uint8_t b = next_byte(in);
    buf[i] = (char)(b ? b : 'a');
  }
  buf[n] = '\0';
  ff_note(in, "cstr \"%.64s\"%s", buf, n > 64 ? "..." : "");
  return buf;
}

char *ff_cstr_from(ff_input *in, char *buf, size_t cap, const char *alphabet) {
  if (cap == 0) return buf;
  size_t alen = strlen(alphabet);
  size_t n = (size_t)draw_range(in, 0, cap - 1);
  for (size_t i = 0; i < n; i++) buf[i] = alen ? alphabet[next_byte(in) % alen] : 'a';
  buf[n] = '\0';
  ff_note(in, "cstr \"%.64s\"%s", buf, n > 64 ? "..." : "");
  return buf;
}

const uint8_t *ff_rest(ff_input *in, size_t *len) {
  size_t avail = ff_remaining(in);
  const uint8_t *p = in->pos < in->size ? in->data + in->pos : in->data + in->size;
  *len = avail;
  if (in->pos < in->size) in->pos = in->size;
  return p;
}
