/* ff_input: typed, deterministic draws from a fuzz input's bytes.
 *
 * Encoding (this is what makes byte-level shrinking work):
 * - Draws consume bytes from the front, in order. Past the end every byte reads
 *   as 0, so a truncated input gives the same values with zeros at the tail.
 * - Integers are big-endian: lowering any byte lowers the value; zero bytes
 *   give 0 (or lo for ranges).
 * - ff_range(lo, hi) reads just enough bytes for the span and maps v to
 *   lo + v % (hi - lo + 1): bytes 00.. give lo.
 * - Signed draws are zigzag-encoded: 0, -1, 1, -2, 2, ... so small bytes mean
 *   small magnitudes.
 * - Lengths come first (ff_range(0, max)), then the content: shorter inputs
 *   give shorter strings.
 * - Lists use ff_more(): one byte per element, odd = another element follows.
 *   Deleting an element's bytes removes it; zero bytes end the list.
 * - Choices pick index v % n: byte 0 picks the first (simplest) option, so
 *   put the simplest option first.
 * Nothing here allocates, reads a clock or a global: the same bytes always give
 * the same values.
 */
#ifndef FORMFUZZ_INPUT_H
#define FORMFUZZ_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef void (*ff_input_log_fn)(void *ctx, const char *line);

typedef struct ff_input {
  const uint8_t *data;
  size_t size;
  size_t pos;          /* bytes consumed so far; passes size when draws read past the end (zeros) */
  ff_input_log_fn log; /* when set, every draw is described here (property counterexamples) */
  void *log_ctx;
} ff_input;

void ff_input_init(ff_input *in, const uint8_t *data, size_t size);
/* Bytes not yet consumed (0 once the input is exhausted). */
size_t ff_remaining(const ff_input *in);
/* True once a draw has read past the end. */
bool ff_exhausted(const ff_input *in);

bool ff_bool(ff_input *in);
uint8_t ff_u8(ff_input *in);
uint16_t ff_u16(ff_input *in);
uint32_t ff_u32(ff_input *in);
uint64_t ff_u64(ff_input *in);
int64_t ff_i64(ff_input *in); /* zigzag */
/* Inclusive range; lo > hi is a programming error and returns lo. */
uint64_t ff_range(ff_input *in, uint64_t lo, uint64_t hi);
int64_t ff_range_i64(ff_input *in, int64_t lo, int64_t hi);
/* An index in [0, n); n == 0 returns 0. */
size_t ff_choose(ff_input *in, size_t n);
/* An index drawn with the given weights (zero weights are never picked unless all are zero). */
size_t ff_weighted(ff_input *in, const unsigned *weights, size_t n);
/* List continuation: true while another element follows. */
bool ff_more(ff_input *in);
/* A double: first byte picks a class (0.0, small integers, fractions,
 * boundaries, infinities, NaN, raw bits); the simplest classes come first. */
double ff_double(ff_input *in);

/* Exactly n bytes into out (zero-filled past the end). */
void ff_fill(ff_input *in, uint8_t *out, size_t n);
/* A length in [0, max] then that many bytes into out; returns the length. */
size_t ff_bytes(ff_input *in, uint8_t *out, size_t max);
/* A length in [0, max] then a view of that many bytes of the input (no copy);
 * the view is shorter when the input runs out. */
const uint8_t *ff_bytes_view(ff_input *in, size_t max, size_t *len);
/* A NUL-terminated string of at most cap-1 bytes (any byte but NUL). Returns buf. */
char *ff_cstr(ff_input *in, char *buf, size_t cap);
/* A string drawn from the given alphabet, length in [0, cap-1]. Returns buf. */
char *ff_cstr_from(ff_input *in, char *buf, size_t cap, const char *alphabet);
/* Everything not yet consumed; the input is exhausted afterwards. */
const uint8_t *ff_rest(ff_input *in, size_t *len);

/* A note in the draw log (no-op without a log hook). printf format. */
void ff_note(ff_input *in, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define FF_COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))
/* One element of a static array. */
#define FF_PICK(in, arr) ((arr)[ff_choose((in), FF_COUNT_OF(arr))])

#endif
