/* The worked example's system under test: a tiny ledger of account balances
 * with transfers, written to a journal that can fail (fault site
 * "storage.write"). Copy this folder's layout for a new component. */
#ifndef EXAMPLE_LEDGER_H
#define EXAMPLE_LEDGER_H

#include <stddef.h>
#include <stdint.h>

#define LEDGER_ACCOUNTS 4

typedef struct ledger {
  uint64_t balance[LEDGER_ACCOUNTS];
  unsigned journal_entries;
} ledger;

typedef enum ledger_status {
  LEDGER_OK = 0,
  LEDGER_NO_ACCOUNT = -1,
  LEDGER_INSUFFICIENT = -2,
  LEDGER_IO = -3
} ledger_status;

void ledger_init(ledger *l, uint64_t initial_each);
/* Moves amount from one account to another; all or nothing. */
ledger_status ledger_transfer(ledger *l, unsigned from, unsigned to, uint64_t amount);
uint64_t ledger_total(const ledger *l);

#endif
