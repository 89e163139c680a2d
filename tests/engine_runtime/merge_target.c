/* Harness for the merge tests (merge_control.sh, merge_repeat.sh): each input
 * byte class takes its own branch, so inputs differ in features; an input
 * starting with "CRASH" aborts. With MERGE_TARGET_CHECK_PARENT=1 in the
 * environment it also aborts when its parent process has more than one
 * thread: a merge must fork its children from a single-threaded process (a
 * thread holding the allocator's lock during fork() hangs the child). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int parent_threads(void) {
  char path[64], line[256];
  snprintf(path, sizeof path, "/proc/%ld/status", (long)getppid());
  FILE *f = fopen(path, "r");
  if (!f) return -1;
  int threads = -1;
  while (fgets(line, sizeof line, f))
    if (sscanf(line, "Threads: %d", &threads) == 1) break;
  fclose(f);
  return threads;
}

static int classify(uint8_t c) {
  if (c >= '0' && c <= '9') return 1;
  if (c >= 'a' && c <= 'z') return 2;
  if (c >= 'A' && c <= 'Z') return 3;
  if (c == ' ') return 4;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static int checked;
  const char *check = getenv("MERGE_TARGET_CHECK_PARENT");
  if (check && *check == '1' && !checked) {
    checked = 1;
    if (parent_threads() > 1) abort();
  }
  if (size >= 5 && memcmp(data, "CRASH", 5) == 0) abort();
  int seen[5] = {0};
  for (size_t i = 0; i < size && i < 64; i++) seen[classify(data[i])]++;
  int sum = 0;
  if (seen[1]) sum += 1;
  if (seen[2]) sum += 2;
  if (seen[3]) sum += 4;
  if (seen[4]) sum += 8;
  if (seen[0] > 3) sum += 16;
  return sum > 100 ? -1 : 0;
}
