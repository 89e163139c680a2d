/* Test harness for the engine's failure handling: the first byte picks what
 * the input does, so each test feeds the engine one seed file.
 *   'H' hangs (timeout)          'M' mallocs 256 MB at once (-malloc_limit_mb)
 *   'R' keeps 400 MB of 1 MB blocks, then spins (-rss_limit_mb below 400)
 *   'L' leaks 64 bytes (LeakSanitizer)
 *   'P' prints to stdout and stderr (-close_fd_mask)
 *   'A' aborts: in crash_long() when size >= 16, else in crash_short()
 *       (same exit status, different crash: -minimize_crash must not slide). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *volatile kept;

__attribute__((noinline)) static void crash_long(const uint8_t *data) {
  fprintf(stderr, "long input %c\n", data[15]);
  abort();
}

__attribute__((noinline)) static void crash_short(size_t size) {
  fprintf(stderr, "short input of %zu bytes\n", size);
  abort();
}

/* Bounded, so a broken RSS watcher costs 400 MB, not the machine. */
static void grow_rss_then_spin(void) {
  for (size_t mb = 0; mb < 400; mb++) {
    void **block = malloc(1 << 20);
    if (!block) break;
    memset(block, 0x5a, 1 << 20);
    block[0] = kept;
    kept = block;
  }
  for (volatile uint64_t spin = 0;; spin++) {
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  switch (data[0]) {
  case 'H':
    for (volatile uint64_t spin = 0;; spin++) {
    }
  case 'M': {
    void *big = malloc((size_t)256 << 20);
    kept = big;
    free(big);
    kept = NULL;
    return 0;
  }
  case 'R':
    grow_rss_then_spin();
    return 0;
  case 'L': {
    char *leak = malloc(64);
    if (leak) leak[0] = (char)size;
    kept = leak;
    kept = NULL;
    return 0;
  }
  case 'P':
    printf("stdout-of-the-target\n");
    fflush(stdout);
    fprintf(stderr, "stderr-of-the-target\n");
    return 0;
  case 'A':
    if (size >= 16) crash_long(data);
    crash_short(size);
    return 0;
  default:
    return 0;
  }
}
