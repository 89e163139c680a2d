/* Input-to-state replacement: with a comparison log saying the target compared
 * input bytes against a constant, some ff_mutate call within a fixed number of
 * tries (fixed seed) produces the input with exactly those bytes replaced:
 * 4-byte little- and big-endian integers, a narrower encoding, decimal text, a
 * memcmp operand, a constant compare; and the operator alone does it quickly. */
#include <stdlib.h>

#include "ff_check.h"
#include "op_index.h"
#include "guard.h"
#include "mutators/mut_ops.h"

#define MUTATE_TRIES 20000
#define OP_TRIES 50

static ff_cmplog cmp_log;


/* Tries ff_mutate (then the operator alone) on `input` until `expected` shows up. */
static void expect_replacement(const char *what, const uint8_t *input, size_t size,
                               const uint8_t *expected, size_t expected_size) {
  ff_mutator *m = ff_mutator_new(7);
  ff_mutator_set_cmplog(m, &cmp_log);
  uint8_t buf[256 + GUARD_LEN];
  int found_at = -1;
  for (int t = 0; t < MUTATE_TRIES && found_at < 0; t++) {
    memcpy(buf, input, size);
    guard_set(buf, 256);
    size_t n = ff_mutate(m, buf, size, 256);
    CHECK_MSG(guard_intact(buf, 256), "%s: overflow", what);
    if (n == expected_size && memcmp(buf, expected, n) == 0) found_at = t;
  }
  CHECK_MSG(found_at >= 0, "%s: ff_mutate never produced the replacement in %d tries", what,
        MUTATE_TRIES);
  if (found_at >= 0) printf("%s: ff_mutate produced it after %d calls\n", what, found_at + 1);

  size_t op = op_index(m, "input_to_state");
  int op_found = 0;
  for (int t = 0; t < OP_TRIES && !op_found; t++) {
    memcpy(buf, input, size);
    size_t n = size;
    if (ff_mutator_apply_op(m, op, buf, &n, 256) && n == expected_size &&
        memcmp(buf, expected, n) == 0)
      op_found = 1;
  }
  CHECK_MSG(op_found, "%s: input_to_state alone missed it in %d tries", what, OP_TRIES);
  ff_mutator_free(m);
}

static void with_entry(uint8_t kind, const void *a, const void *b, size_t len) {
  ff_cmplog_reset(&cmp_log);
  /* noise entries around the one that matters */
  for (uint32_t i = 0; i < 5; i++) {
    uint32_t x = 0x5000 + i, y = 0x6000 + i;
    ff_cmplog_add(&cmp_log, FF_CMP_INT, &x, &y, 4);
  }
  ff_cmplog_add(&cmp_log, kind, a, b, len);
}

int main(void) {
  uint32_t a = 0x11223344, b = 0xdeadbeef;
  with_entry(FF_CMP_INT, &a, &b, 4);
  {
    const uint8_t in[] = {'H', 'D', 'R', ':', 0x44, 0x33, 0x22, 0x11, 't', 'a', 'i', 'l'};
    const uint8_t out[] = {'H', 'D', 'R', ':', 0xef, 0xbe, 0xad, 0xde, 't', 'a', 'i', 'l'};
    expect_replacement("int32 little-endian", in, sizeof in, out, sizeof out);
  }
  {
    const uint8_t in[] = {'H', 'D', 'R', ':', 0x11, 0x22, 0x33, 0x44, 't', 'a', 'i', 'l'};
    const uint8_t out[] = {'H', 'D', 'R', ':', 0xde, 0xad, 0xbe, 0xef, 't', 'a', 'i', 'l'};
    expect_replacement("int32 big-endian", in, sizeof in, out, sizeof out);
  }
  {
    uint64_t a8 = 0x1234, b8 = 0xbeef; /* an 8-byte compare of a value the input holds in 2 bytes */
    with_entry(FF_CMP_INT, &a8, &b8, 8);
    const uint8_t in[] = {'v', 0x12, 0x34, '.', '.', '.'};
    const uint8_t out[] = {'v', 0xbe, 0xef, '.', '.', '.'};
    expect_replacement("int64 held as 2 bytes big-endian", in, sizeof in, out, sizeof out);
  }
  {
    uint32_t a4 = 1234, b4 = 98765;
    with_entry(FF_CMP_INT, &a4, &b4, 4);
    const char *in = "count=1234;", *out = "count=98765;";
    expect_replacement("decimal text", (const uint8_t *)in, strlen(in), (const uint8_t *)out,
                       strlen(out));
  }
  {
    uint32_t constant = 0xcafef00d, seen = 0x01020304; /* constant compares log the constant as a */
    with_entry(FF_CMP_CONST, &constant, &seen, 4);
    const uint8_t in[] = {0, 0x04, 0x03, 0x02, 0x01, 0};
    const uint8_t out[] = {0, 0x0d, 0xf0, 0xfe, 0xca, 0};
    expect_replacement("constant compare", in, sizeof in, out, sizeof out);
  }
  {
    with_entry(FF_CMP_MEM, "HELLO", "WORLD", 5);
    const char *in = "say HELLO!", *out = "say WORLD!";
    expect_replacement("memcmp", (const uint8_t *)in, strlen(in), (const uint8_t *)out,
                       strlen(out));
  }
  return check_summary("mutators_input_to_state");
}
