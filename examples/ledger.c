/* The example ledger (ledger.h). Known-bug replica "example.self_transfer":
 * a transfer to the same account credits without debiting (money from nothing). */
#include "ledger.h"

#include "formfuzz/bug.h"
#include "formfuzz/fault.h"

void ledger_init(ledger *l, uint64_t initial_each) {
  for (unsigned i = 0; i < LEDGER_ACCOUNTS; i++) l->balance[i] = initial_each;
  l->journal_entries = 0;
}

static ledger_status journal_append(ledger *l) {
  if (ff_fault("storage.write")) return LEDGER_IO;
  l->journal_entries++;
  return LEDGER_OK;
}

ledger_status ledger_transfer(ledger *l, unsigned from, unsigned to, uint64_t amount) {
  if (from >= LEDGER_ACCOUNTS || to >= LEDGER_ACCOUNTS) return LEDGER_NO_ACCOUNT;
  if (l->balance[from] < amount) return LEDGER_INSUFFICIENT;
  if (journal_append(l) != LEDGER_OK) return LEDGER_IO; /* nothing changed yet */
  if (from == to && FF_BUG("example.self_transfer")) {
    l->balance[to] += amount;
    return LEDGER_OK;
  }
  l->balance[from] -= amount;
  l->balance[to] += amount;
  return LEDGER_OK;
}

uint64_t ledger_total(const ledger *l) {
  uint64_t t = 0;
  for (unsigned i = 0; i < LEDGER_ACCOUNTS; i++) t += l->balance[i];
  return t;
}
