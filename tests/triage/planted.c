/* A fuzz target with planted bugs for the triage, tmin and corpus tests:
 *   "HB" <n> ...   reads n bytes after the header from a copy of the input:
 *                  heap-buffer-overflow READ when n is larger than what follows;
 *   "IN" <a> <b>   an oracle: FF_INVARIANT planted.balance fails when b > a;
 *   anything else  a few branches on the first bytes, so corpora have features. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "formfuzz/oracle.h"

__attribute__((noinline)) static int planted_sum_payload(const uint8_t *copy, size_t claimed) {
  int sum = 0;
  for (size_t i = 0; i < claimed; i++) sum += copy[3 + i];
  return sum;
}

__attribute__((noinline)) static int planted_parse_header(const uint8_t *data, size_t size) {
  if (size < 3) return 0;
  uint8_t *copy = malloc(size);
  if (!copy) return 0;
  memcpy(copy, data, size);
  int sum = planted_sum_payload(copy, data[2]);
  free(copy);
  return sum;
}

__attribute__((noinline)) static void planted_check_balance(const uint8_t *data, size_t size) {
  if (size < 4) return;
  int balance = (int)data[2] - (int)data[3];
  FF_INVARIANT(balance >= 0, "planted.balance", "balance went negative: %d", balance);
}

__attribute__((noinline)) static int planted_branches(const uint8_t *data, size_t size) {
  int score = 0;
  if (size > 0 && data[0] == 'a') score++;
  if (size > 1 && data[1] == 'b') score++;
  if (size > 2 && data[2] == 'c') score++;
  if (size > 3 && data[3] == 'd') score++;
  if (size > 8) score += 10;
  if (size > 64) score += 100;
  return score;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  volatile int sink = 0;
  if (size >= 2 && data[0] == 'H' && data[1] == 'B')
    sink = planted_parse_header(data, size);
  else if (size >= 2 && data[0] == 'I' && data[1] == 'N')
    planted_check_balance(data, size);
  else
    sink = planted_branches(data, size);
  (void)sink;
  return 0;
}
