/* The automatic dictionary: promising comparison operands are kept after the
 * log is gone (memcmp operands, non-trivial constants of width >= 2), trivial
 * and input-only ones are not; it stays bounded and evicts the least useful
 * entries first; the dict_auto operator puts a kept token into an input and
 * a find credits that token. */
#include <stdlib.h>
#include <string.h>

#include "ff_check.h"
#include "mutators/mut_ops.h"

static int has_token(const ff_dict *d, const void *p, size_t n) {
  for (size_t i = 0; i < d->n; i++)
    if (d->e[i].len == n && memcmp(d->e[i].data, p, n) == 0) return 1;
  return 0;
}

static void test_harvest(ff_mutator *m) {
  ff_cmplog *log = calloc(1, sizeof *log);
  uint32_t magic = 0x12345678, input_value = 0x0badf00d, zero = 0, one = 1, all_ones = 0xffffffff;
  uint16_t port = 8080, x16 = 7;
  uint8_t c1 = 'A', x1 = 'B';
  ff_cmplog_add(log, FF_CMP_MEM, "MAGICWORD", "inputdata", 9);
  ff_cmplog_add(log, FF_CMP_CONST, &magic, &input_value, 4);
  ff_cmplog_add(log, FF_CMP_CONST, &port, &x16, 2);
  ff_cmplog_add(log, FF_CMP_CONST, &zero, &input_value, 4);
  ff_cmplog_add(log, FF_CMP_CONST, &one, &input_value, 4);
  ff_cmplog_add(log, FF_CMP_CONST, &all_ones, &input_value, 4);
  ff_cmplog_add(log, FF_CMP_CONST, &c1, &x1, 1);
  ff_cmplog_add(log, FF_CMP_INT, &input_value, &magic, 4); /* both sides from data: not kept */
  ff_mutator_set_cmplog(m, log);
  ff_mutator_set_cmplog(m, NULL);
  memset(log, 0xee, sizeof *log); /* the log is gone */
  free(log);

  const ff_dict *d = ff_mutator_auto_dict(m);
  CHECK_MSG(has_token(d, "MAGICWORD", 9), "memcmp operand not kept");
  CHECK_MSG(has_token(d, &magic, 4), "32-bit constant not kept");
  CHECK_MSG(has_token(d, &port, 2), "16-bit constant not kept");
  CHECK_MSG(!has_token(d, &zero, 4), "0 kept");
  CHECK_MSG(!has_token(d, &one, 4), "1 kept");
  CHECK_MSG(!has_token(d, &all_ones, 4), "0xffffffff kept");
  CHECK_MSG(!has_token(d, &c1, 1), "1-byte constant kept");
  CHECK_MSG(!has_token(d, &input_value, 4), "operand of a non-constant compare kept");
}

static void test_dict_auto_operator(ff_mutator *m) {
  size_t op = SIZE_MAX;
  for (size_t i = 0; i < ff_mutator_op_count(m); i++) {
    const char *name;
    uint64_t uses, finds;
    ff_mutator_op_stats(m, i, &name, &uses, &finds);
    if (strcmp(name, "dict_auto") == 0) op = i;
  }
  int inserted = 0;
  for (int t = 0; t < 200 && !inserted; t++) {
    uint8_t buf[64] = "................";
    size_t n = 16;
    if (ff_mutator_apply_op(m, op, buf, &n, sizeof buf) && ff_mut_find(buf, n, (const uint8_t *)"MAGICWORD", 9, 0) != SIZE_MAX)
      inserted = 1;
  }
  CHECK_MSG(inserted, "dict_auto never placed MAGICWORD");
  /* a find credits the entry that was placed */
  ff_mutator_feedback(m, true);
  const ff_dict *d = ff_mutator_auto_dict(m);
  for (size_t i = 0; i < d->n; i++)
    if (d->e[i].len == 9 && memcmp(d->e[i].data, "MAGICWORD", 9) == 0)
      CHECK_MSG(d->e[i].uses_found_new == 1, "MAGICWORD credited %u finds", d->e[i].uses_found_new);
}

static void test_bounded_and_eviction(void) {
  ff_autodict ad;
  CHECK_MSG(ff_autodict_init(&ad) == 0, "init");
  /* a constant seen often and one that once found coverage */
  for (int i = 0; i < 10; i++) ff_autodict_offer(&ad, (const uint8_t *)"frequent", 8);
  ff_autodict_offer(&ad, (const uint8_t *)"useful", 6);
  ad.dict.e[ad.dict.n - 1].uses_found_new = 1;
  /* then a flood of one-off tokens */
  for (uint32_t i = 0; i < 5000; i++) {
    uint8_t token[8];
    memcpy(token, "tok", 3);
    memcpy(token + 3, &i, 4);
    token[7] = '!';
    ff_autodict_offer(&ad, token, 8);
  }
  CHECK_MSG(ad.dict.n == FF_AUTODICT_CAP, "size %zu, cap %d", ad.dict.n, FF_AUTODICT_CAP);
  CHECK_MSG(has_token(&ad.dict, "frequent", 8), "frequently seen token evicted");
  CHECK_MSG(has_token(&ad.dict, "useful", 6), "token with a find evicted");
  /* the index still finds every entry: re-offering adds nothing */
  ff_dict_entry *copy = malloc(FF_AUTODICT_CAP * sizeof *copy);
  memcpy(copy, ad.dict.e, FF_AUTODICT_CAP * sizeof *copy);
  for (size_t i = 0; i < FF_AUTODICT_CAP; i++) ff_autodict_offer(&ad, copy[i].data, copy[i].len);
  for (size_t i = 0; i < FF_AUTODICT_CAP; i++)
    CHECK_MSG(has_token(&ad.dict, copy[i].data, copy[i].len), "entry %zu lost on re-offer", i);
  free(copy);
  ff_autodict_free(&ad);
}

int main(void) {
  ff_mutator *m = ff_mutator_new(5);
  test_harvest(m);
  test_dict_auto_operator(m);
  ff_mutator_free(m);
  test_bounded_and_eviction();
  return check_summary("mutators_autodict");
}
