/* Every havoc operator, applied alone: it changes the input, stays within
 * max_size (also when max_size == size, for 1-byte and empty inputs) and never
 * writes past the buffer; ff_mutate keeps its size contract on the same shapes. */
#include <stdlib.h>

#include "ff_check.h"
#include "guard.h"
#include "mutators/mut_ops.h"

#define TRIES 200
#define MUTATE_CALLS 2000

static ff_cmplog log_for_ops;

static const char *insert_only[] = {"insert_random", "insert_repeat", "duplicate_range"};

static int is_insert_only(const char *name) {
  for (size_t i = 0; i < sizeof insert_only / sizeof insert_only[0]; i++)
    if (strcmp(name, insert_only[i]) == 0) return 1;
  return 0;
}

static void fill_input(uint8_t *buf, size_t size) {
  static const uint8_t head[] = {'l', 'e', 'n', '=', '1', '2', '3', '4', ';', 0x44, 0x33, 0x22, 0x11};
  for (size_t i = 0; i < size; i++) buf[i] = (uint8_t)(i * 37 + 11);
  memcpy(buf, head, size < sizeof head ? size : sizeof head);
}

static ff_mutator *make_mutator(uint64_t seed) {
  ff_mutator *m = ff_mutator_new(seed);
  ff_dict_add(ff_mutator_user_dict(m), (const uint8_t *)"KEYWORD", 7);
  ff_dict_add(ff_mutator_user_dict(m), (const uint8_t *)"\x01\x02", 2);
  uint32_t a = 0x11223344, b = 0xdeadbeef, c = 0x12345678, x = 0x99;
  ff_cmplog_reset(&log_for_ops);
  ff_cmplog_add(&log_for_ops, FF_CMP_INT, &a, &b, 4);
  ff_cmplog_add(&log_for_ops, FF_CMP_CONST, &c, &x, 4);
  ff_cmplog_add(&log_for_ops, FF_CMP_MEM, "MAGIC", "len=1", 5);
  uint8_t class_size = 6, class_offset = 0x19; /* (c - 'a') < 6 with c = 'z' */
  ff_cmplog_add(&log_for_ops, FF_CMP_CONST, &class_size, &class_offset, 1);
  ff_mutator_set_cmplog(m, &log_for_ops);
  return m;
}

/* Applies op TRIES times to a fresh copy of a size-byte input with capacity cap;
 * returns how many applications changed it; *applied counts true returns. */
static int run_op(ff_mutator *m, size_t op, const char *name, size_t size, size_t cap,
                  int *applied) {
  uint8_t *orig = malloc(size + 1), *buf = malloc(cap + GUARD_LEN);
  fill_input(orig, size);
  int changed = 0;
  *applied = 0;
  for (int t = 0; t < TRIES; t++) {
    memcpy(buf, orig, size);
    guard_set(buf, cap);
    size_t n = size;
    if (!ff_mutator_apply_op(m, op, buf, &n, cap)) {
      CHECK_MSG(n == size && memcmp(buf, orig, size) == 0, "%s: refused but changed the input", name);
      continue;
    }
    (*applied)++;
    CHECK_MSG(n <= cap, "%s: size %zu > max_size %zu", name, n, cap);
    CHECK_MSG(n >= 1, "%s: produced an empty input from %zu bytes", name, size);
    CHECK_MSG(guard_intact(buf, cap), "%s: wrote past max_size %zu", name, cap);
    if (n != size || memcmp(buf, orig, size) != 0) changed++;
  }
  free(orig);
  free(buf);
  return changed;
}

static void test_each_operator(void) {
  ff_mutator *m = make_mutator(1);
  size_t havoc = ff_mutator_op_count(m) - 1; /* the last entry is crossover */
  for (size_t op = 0; op < havoc; op++) {
    const char *name;
    uint64_t uses, finds;
    ff_mutator_op_stats(m, op, &name, &uses, &finds);
    int applied;
    /* room to grow: every operator applies and changes the input */
    int changed = run_op(m, op, name, 64, 128, &applied);
    CHECK_MSG(changed > 0, "%s: never changed a 64-byte input (max 128)", name);
    /* full buffer: only operators that must insert refuse */
    changed = run_op(m, op, name, 64, 64, &applied);
    if (is_insert_only(name))
      CHECK_MSG(applied == 0, "%s: applied to a full buffer", name);
    else
      CHECK_MSG(changed > 0, "%s: never changed a full 64-byte input", name);
    /* one byte, no room */
    run_op(m, op, name, 1, 1, &applied);
    /* empty input: operators that add bytes apply, the result is non-empty */
    changed = run_op(m, op, name, 0, 8, &applied);
    if (strcmp(name, "insert_random") == 0 || strcmp(name, "insert_repeat") == 0 ||
        strcmp(name, "dict_user") == 0)
      CHECK_MSG(changed == TRIES, "%s: did not fill an empty input (%d of %d)", name, changed, TRIES);
    /* no capacity at all: nothing applies */
    run_op(m, op, name, 0, 0, &applied);
    CHECK_MSG(applied == 0, "%s: applied with max_size 0", name);
    ff_mutator_op_stats(m, op, &name, &uses, &finds);
    CHECK_MSG(uses > 0, "%s: no uses counted", name);
  }
  ff_mutator_free(m);
}

static void test_one_byte_in_place_operators(void) {
  static const char *in_place[] = {"flip_bit", "flip_byte", "random_byte", "interesting", "arith",
                                   "overwrite_random"};
  ff_mutator *m = make_mutator(2);
  for (size_t op = 0; op + 1 < ff_mutator_op_count(m); op++) {
    const char *name;
    uint64_t uses, finds;
    ff_mutator_op_stats(m, op, &name, &uses, &finds);
    for (size_t k = 0; k < sizeof in_place / sizeof in_place[0]; k++) {
      if (strcmp(name, in_place[k]) != 0) continue;
      int applied;
      int changed = run_op(m, op, name, 1, 1, &applied);
      CHECK_MSG(changed == TRIES, "%s: changed a 1-byte input only %d of %d times", name, changed,
            TRIES);
    }
  }
  ff_mutator_free(m);
}

static void check_mutate_shape(ff_mutator *m, size_t size, size_t cap) {
  uint8_t *orig = malloc(size + 1), *buf = malloc((cap > size ? cap : size) + GUARD_LEN);
  fill_input(orig, size);
  int changed = 0;
  for (int t = 0; t < MUTATE_CALLS; t++) {
    memcpy(buf, orig, size);
    guard_set(buf, cap > size ? cap : size);
    size_t n = ff_mutate(m, buf, size, cap);
    CHECK_MSG(n >= 1 && n <= cap, "ff_mutate(size %zu, max %zu) returned %zu", size, cap, n);
    CHECK_MSG(guard_intact(buf, cap > size ? cap : size), "ff_mutate(size %zu, max %zu) overflowed",
          size, cap);
    if (n != size || memcmp(buf, orig, n) != 0) changed++;
  }
  CHECK_MSG(changed >= MUTATE_CALLS * 8 / 10, "ff_mutate(size %zu, max %zu) changed only %d of %d",
        size, cap, changed, MUTATE_CALLS);
  free(orig);
  free(buf);
}

static void test_mutate_contract(void) {
  ff_mutator *m = make_mutator(3);
  check_mutate_shape(m, 64, 128);
  check_mutate_shape(m, 64, 64);
  check_mutate_shape(m, 1, 1);
  check_mutate_shape(m, 1, 16);
  check_mutate_shape(m, 0, 8);
  check_mutate_shape(m, 0, 1);
  check_mutate_shape(m, 4096, 4096);
  check_mutate_shape(m, 4096, 8192);
  /* an input longer than max_size comes back within max_size */
  uint8_t big[200 + GUARD_LEN];
  fill_input(big, 200);
  CHECK_MSG(ff_mutate(m, big, 200, 50) <= 50, "oversized input not cut to max_size");
  CHECK_MSG(ff_mutate(m, big, 10, 0) == 0, "max_size 0 must give 0");
  ff_mutator_free(m);
}

int main(void) {
  test_each_operator();
  test_one_byte_in_place_operators();
  test_mutate_contract();
  return check_summary("mutators_operators");
}
