/* Dictionary operators: insert or overwrite a token from the user dictionary
 * (-dict=), from the automatic dictionary (tokens harvested from comparison
 * logs), or directly from an operand of the current comparison log (integers in
 * either byte order), the way libFuzzer's "CMP" mutation does. */
#include "mut_ops.h"

static bool place_entry(ff_mut_buf *b, ff_dict *d) {
  if (!d || d->n == 0) return false;
  ff_dict_entry *e = &d->e[ff_rng_below(b->rng, d->n)];
  if (!ff_mut_place_bytes(b, e->data, e->len)) return false;
  b->used_dict = d;
  b->used_entry = e;
  return true;
}

bool ff_op_dict_user(ff_mut_buf *b) { return place_entry(b, b->user_dict); }

bool ff_op_dict_auto(ff_mut_buf *b) { return place_entry(b, b->auto_dict); }

bool ff_op_dict_cmp(ff_mut_buf *b) {
  const ff_cmplog *log = b->cmplog;
  if (!log || log->count == 0) return false;
  const ff_cmplog_entry *e = &log->e[ff_rng_below(b->rng, log->count)];
  if (e->len == 0) return false;
  const uint8_t *side = ff_rng_below(b->rng, 2) ? e->a : e->b;
  uint8_t token[FF_CMPLOG_MAX_BYTES];
  bool reverse = e->kind != FF_CMP_MEM && e->len > 1 && ff_rng_below(b->rng, 2);
  for (size_t i = 0; i < e->len; i++) token[i] = side[reverse ? e->len - 1 - i : i];
  return ff_mut_place_bytes(b, token, e->len);
}
