/* Planted bugs for fork mode (-fork): a shallow crash that most fuzzing jobs
 * hit within a few thousand executions (abort() when the first byte times 13
 * is 0x21, one byte value in 256 that a compare of the input cannot reveal),
 * and a deeper bug (a NULL write) behind a 'D' and three 4-byte magic values
 * in a row, each a step of new coverage, which takes more executions than
 * one short job gets (-fork_job_runs) before its shallow crash. Without
 * -ignore_crashes fuzzing stops at the shallow crash; with it, the jobs go on
 * and reach the deep one. The two have different crash signatures
 * ("libFuzzer: deadly signal @ shallow_bug", "AddressSanitizer: SEGV @
 * deep_bug"). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static volatile int sink;

__attribute__((noinline)) static void shallow_bug(void) {
  abort();
  sink = 1; /* not a tail call: shallow_bug stays on the stack */
}

__attribute__((noinline)) static void deep_bug(void) {
  volatile int *volatile nowhere = NULL;
  *nowhere = 1;
}

static uint32_t load32(const uint8_t *p) {
  uint32_t v;
  memcpy(&v, p, sizeof v);
  return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size >= 1 && (uint8_t)(data[0] * 13u) == 0x21u) shallow_bug();
  if (size < 1 || data[0] != 'D') return 0;
  if (size < 5 || load32(data + 1) != 0x50454544u) return 0;  /* "DEEP" */
  if (size < 9 || load32(data + 5) != 0x21475542u) return 0;  /* "BUG!" */
  if (size < 13 || load32(data + 9) != 0x4b524f46u) return 0; /* "FORK" */
  deep_bug();
  return 0;
}
