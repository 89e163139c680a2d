/* Oracles: what must hold. A failed check prints exactly one line
 *   ==formfuzz== INVARIANT <id>: <message>
 * to stderr and aborts, so every engine sees a crash and triage buckets it by id.
 * Ids are short, stable, lowercase with dots: "vm.one_owner", "dns.roundtrip". */
#ifndef FORMFUZZ_ORACLE_H
#define FORMFUZZ_ORACLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

_Noreturn void ff_invariant_fail(const char *id, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#define FF_INVARIANT(cond, id, ...)                                   \
  do {                                                                \
    if (!(cond)) ff_invariant_fail((id), __FILE__, __LINE__, __VA_ARGS__); \
  } while (0)

/* Round-trip and differential checks on byte strings: fail with the first
 * differing offset when a and b differ. */
void ff_check_bytes_equal(const char *id, const char *what, const void *a, size_t alen,
                          const void *b, size_t blen);
/* The same comparison without failing: true when they differ, with the
 * message ff_check_bytes_equal would print in msg. */
bool ff_bytes_differ(const char *what, const void *a, size_t alen, const void *b, size_t blen,
                     char *msg, size_t msg_cap);

/* Round trip: decode(data) -> value; encode(value) -> y; decode(y) must be
 * accepted and encode it again must give y exactly (serialize is a fixed
 * point on accepted inputs). value_size bytes of scratch hold one value. */
typedef struct ff_codec {
  const char *name;
  size_t value_size;
  /* 0 when accepted (value filled), non-zero when rejected. */
  int (*decode)(void *ctx, const uint8_t *data, size_t len, void *value);
  /* Bytes written to out, or -1 when they do not fit in cap / cannot be encoded. */
  long (*encode)(void *ctx, const void *value, uint8_t *out, size_t cap);
  /* Frees what decode allocated inside value (may be NULL). */
  void (*release)(void *ctx, void *value);
  void *ctx;
} ff_codec;
/* Returns false (nothing checked) when data is rejected; fails invariant id
 * when the round trip breaks. */
bool ff_check_roundtrip(const char *id, const ff_codec *codec, const uint8_t *data, size_t len);

/* Differential: the same input through two implementations must agree on
 * accept/reject and, when both accept, on the output bytes. */
typedef struct ff_impl {
  const char *name;
  /* Output length (>= 0) when accepted, < 0 when rejected. */
  long (*run)(void *ctx, const uint8_t *in, size_t len, uint8_t *out, size_t cap);
  void *ctx;
} ff_impl;
/* Fails invariant id with a message naming both implementations. out_cap is
 * the output buffer size given to each (0: 64 KiB). Returns true when both
 * accepted. */
bool ff_check_differential(const char *id, const ff_impl *a, const ff_impl *b, const uint8_t *in,
                           size_t len, size_t out_cap);

#endif
