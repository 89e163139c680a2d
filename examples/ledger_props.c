/* The worked example's properties: the ledger against a reference model
 * (ff_model_check), and conservation under injected journal failures. */
#include <stdio.h>

#include "formfuzz/fault.h"
#include "formfuzz/model.h"
#include "formfuzz/prop.h"
#include "ledger.h"

typedef struct transfer_op {
  unsigned from, to;
  uint64_t amount;
} transfer_op;

/* The model: balances in a plain array, the rules written the obvious way. */
typedef struct model {
  uint64_t balance[LEDGER_ACCOUNTS];
} model;

static void draw_transfer(ff_input *in, void *op) {
  transfer_op *t = op;
  t->from = (unsigned)ff_range(in, 0, LEDGER_ACCOUNTS - 1);
  t->to = (unsigned)ff_range(in, 0, LEDGER_ACCOUNTS - 1);
  t->amount = ff_range(in, 0, 250);
}

static void describe_transfer(const void *op, ff_obs *out) {
  const transfer_op *t = op;
  ff_obs_printf(out, "transfer %u->%u %llu", t->from, t->to, (unsigned long long)t->amount);
}

static void model_apply(void *state, const void *op, ff_obs *result) {
  model *m = state;
  const transfer_op *t = op;
  if (m->balance[t->from] < t->amount) {
    ff_obs_printf(result, "insufficient");
    return;
  }
  m->balance[t->from] -= t->amount;
  m->balance[t->to] += t->amount;
  ff_obs_printf(result, "ok");
}

static void ledger_apply(void *state, const void *op, ff_obs *result) {
  const transfer_op *t = op;
  ledger_status st = ledger_transfer(state, t->from, t->to, t->amount);
  ff_obs_printf(result, "%s", st == LEDGER_OK ? "ok" : st == LEDGER_INSUFFICIENT ? "insufficient" : "error");
}

static void observe_balances(const uint64_t *b, ff_obs *out) {
  for (unsigned i = 0; i < LEDGER_ACCOUNTS; i++) ff_obs_printf(out, "%s%llu", i ? " " : "", (unsigned long long)b[i]);
}
static void model_observe(const void *m, ff_obs *out) { observe_balances(((const model *)m)->balance, out); }
static void ledger_observe(const void *l, ff_obs *out) { observe_balances(((const ledger *)l)->balance, out); }

static const ff_model_spec ledger_spec = {
    .id = "example.model", .model_name = "model", .impl_name = "ledger", .op_size = sizeof(transfer_op),
    .draw_op = draw_transfer, .describe_op = describe_transfer, .model_apply = model_apply,
    .impl_apply = ledger_apply, .model_observe = model_observe, .impl_observe = ledger_observe};

FF_PROPERTY(ledger_matches_model) {
  ledger l;
  ledger_init(&l, 100);
  model m;
  for (unsigned i = 0; i < LEDGER_ACCOUNTS; i++) m.balance[i] = 100;
  ff_model_check(&ledger_spec, &m, &l, in);
}

FF_PROPERTY(ledger_conserves_under_faults) {
  ff_fault_plan plan;
  ff_fault_plan_init(&plan);
  size_t fault_bytes;
  const uint8_t *faults = ff_bytes_view(in, 4, &fault_bytes);
  ff_fault_plan_use_input(&plan, faults, fault_bytes, 1, "storage");
  ff_fault_plan *previous = ff_fault_plan_install(&plan);
  ledger l;
  ledger_init(&l, 100);
  unsigned ok = 0, steps = 0;
  while (ff_more(in) && steps++ < 32) {
    transfer_op t;
    draw_transfer(in, &t);
    ok += ledger_transfer(&l, t.from, t.to, t.amount) == LEDGER_OK;
  }
  ff_fault_plan_install(previous);
  FF_PROP_ASSERT(ledger_total(&l) == 100 * LEDGER_ACCOUNTS, "total %llu", (unsigned long long)ledger_total(&l));
  FF_PROP_ASSERT(l.journal_entries == ok, "%u journal entries for %u transfers", l.journal_entries, ok);
}
