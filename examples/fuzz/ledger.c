/* example_ledger: the worked example fuzzer. The input's first byte says how
 * many trailing bytes drive the fault plan; the rest is a list of transfers.
 * Oracles: money is conserved, a failed transfer changes nothing. */
#include <string.h>

#include "formfuzz/fault.h"
#include "formfuzz/input.h"
#include "formfuzz/oracle.h"
#include "ledger.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* Split: [fault_len][ops ...][fault bytes]; the artifact reproduces its faults. */
  size_t fault_len = size ? data[0] % 8 : 0;
  if (fault_len > size - (size ? 1 : 0)) fault_len = size ? size - 1 : 0;
  ff_input in;
  ff_input_init(&in, size ? data + 1 : data, size ? size - 1 - fault_len : 0);
  ff_fault_plan plan;
  ff_fault_plan_init(&plan);
  ff_fault_plan_use_input(&plan, data + size - fault_len, fault_len, 2, "storage");
  ff_fault_plan *previous = ff_fault_plan_install(&plan);

  ledger l;
  ledger_init(&l, 100);
  const uint64_t total = ledger_total(&l);
  while (ff_more(&in)) {
    unsigned from = (unsigned)ff_range(&in, 0, LEDGER_ACCOUNTS); /* one past the end: a bad account */
    unsigned to = (unsigned)ff_range(&in, 0, LEDGER_ACCOUNTS);
    uint64_t amount = ff_range(&in, 0, 300);
    ledger before = l;
    ledger_status st = ledger_transfer(&l, from, to, amount);
    if (st != LEDGER_OK)
      FF_INVARIANT(memcmp(&before.balance, &l.balance, sizeof l.balance) == 0, "example.failed_changes",
                   "transfer %u->%u of %llu failed (%d) but balances changed", from, to,
                   (unsigned long long)amount, st);
    FF_INVARIANT(ledger_total(&l) == total, "example.conservation",
                 "total %llu after transfer %u->%u of %llu, was %llu", (unsigned long long)ledger_total(&l),
                 from, to, (unsigned long long)amount, (unsigned long long)total);
  }
  ff_fault_plan_install(previous);
  return 0;
}
