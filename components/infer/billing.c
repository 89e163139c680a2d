/* Billing and model access for inference (§5.1 model_inference): the charge
 * is computed from server-counted tokens with checked u64 arithmetic and taken
 * from the account's credits; private models are visible to their owner, the
 * accounts they were granted to and admins only. */
#include <string.h>

#include "formfuzz/bug.h"
#include "infer_api.h"

bool infer_model_visible(const infer_model_entry *m, const infer_account *a) {
  if (!m->is_private) return true;
  if (FF_BUG("infer.private_model_open")) return true; /* the owner/admin check skipped */
  if (!a) return false;
  if (a->admin || strcmp(a->id, m->owner) == 0) return true;
  for (int i = 0; i < 2; i++)
    if (strcmp(a->owned_models[i], m->id) == 0) return true;
  return false;
}

int infer_cost(uint64_t prompt, uint64_t completion, uint64_t price, uint64_t *cost) {
  uint64_t tokens;
  if (FF_BUG("infer.client_tokens_billed")) tokens = prompt + completion; /* §5.1: unchecked u64 */
  else if (__builtin_add_overflow(prompt, completion, &tokens)) return -1;
  return __builtin_mul_overflow(tokens, price, cost) ? -1 : 0;
}

int infer_charge(infer_account *a, uint64_t cost) {
  uint64_t spent;
  if (cost > a->credits || __builtin_add_overflow(a->spent, cost, &spent)) return -1;
  a->credits -= cost;
  a->spent = spent;
  return 0;
}

void infer_refund(infer_account *a, uint64_t amount) {
  if (amount > a->spent) amount = a->spent;
  a->spent -= amount;
  a->credits = a->credits > UINT64_MAX - amount ? UINT64_MAX : a->credits + amount;
}
