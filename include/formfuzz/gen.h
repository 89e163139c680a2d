/* Generators: structured values built from ff_input draws, in three flavours.
 *
 * Every generator takes a mode:
 *   FF_GEN_VALID    a value a strict, correct consumer must accept;
 *   FF_GEN_NEAR     a valid value with one defect (off-by-one limit, bad escape,
 *                   wrong checksum): what a lenient parser wrongly accepts;
 *   FF_GEN_HOSTILE  values built to hurt: limits, huge sizes, deep nesting,
 *                   encodings that confuse (some of them still valid);
 *   FF_GEN_ANY      one of the three, drawn from the input (valid first, so
 *                   zero bytes give the simplest valid value).
 * and returns "expected_valid": true when a strict consumer must accept the
 * output. Text goes into a caller buffer (ff_buf, never allocated); when it does
 * not fit, the text is cut, ff_buf.overflow is set and the generator returns false.
 * Each family has its own header: gen_json.h, gen_http.h, gen_codec.h (hex,
 * base64), gen_ip.h, gen_dns.h, gen_eth.h, gen_sig.h, gen_time.h.
 * The variant drawn is described through ff_note (the property log). */
#ifndef FORMFUZZ_GEN_H
#define FORMFUZZ_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "formfuzz/input.h"

typedef enum ff_gen_mode {
  FF_GEN_VALID = 0,
  FF_GEN_NEAR = 1,
  FF_GEN_HOSTILE = 2,
  FF_GEN_ANY = 3,
} ff_gen_mode;

/* The mode to use: requested unless it is FF_GEN_ANY, then drawn (one byte). */
ff_gen_mode ff_gen_resolve_mode(ff_input *in, ff_gen_mode requested);
const char *ff_gen_mode_name(ff_gen_mode mode);

/* A bounded text writer over caller memory. The text is always NUL-terminated
 * (when cap > 0) and may contain NUL bytes: use len, not strlen. */
typedef struct ff_buf {
  char *data;
  size_t cap; /* bytes of data, including room for the final NUL */
  size_t len;
  bool overflow; /* something did not fit and was cut */
} ff_buf;

void ff_buf_init(ff_buf *b, char *data, size_t cap);
void ff_buf_reset(ff_buf *b);
void ff_buf_put(ff_buf *b, const void *bytes, size_t n);
void ff_buf_puts(ff_buf *b, const char *s);
void ff_buf_putc(ff_buf *b, char c);
/* n copies of c. */
void ff_buf_repeat(ff_buf *b, char c, size_t n);
void ff_buf_printf(ff_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Free room left for text (not counting the final NUL). */
size_t ff_buf_room(const ff_buf *b);

#endif
