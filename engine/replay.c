/* Replay of input files (see replay.h). */
#include "replay.h"

#include <inttypes.h>
#include <stdlib.h>

#include "executor.h"
#include "fatal.h"
#include "globals.h"
#include "log.h"

__attribute__((weak)) int __lsan_do_recoverable_leak_check(void);

#define REPLAY_MAX_LEN (1u << 30)

int ff_replay(ff_engine *e) {
  int failures = 0;
  size_t max_len = e->flags.max_len > 0 ? (size_t)e->flags.max_len : 0;
  if (ff_engine_set_max_len(e, max_len ? max_len : 4096) != 0) return 1;
  long long runs = e->flags.runs > 0 ? e->flags.runs : 1;
  ff_logf("%s: Running %zu inputs %lld time(s) each.\n", "formfuzz", e->flags.input_count, runs);
  for (size_t i = 0; i < e->flags.input_count; i++) {
    const char *path = e->flags.inputs[i];
    uint8_t *data;
    size_t len;
    char err[256];
    if (ff_read_file(path, REPLAY_MAX_LEN, &data, &len, err, sizeof err) != 0) {
      ff_logf("skipping %s: %s\n", path, err);
      failures++;
      continue;
    }
    if (max_len && len > max_len) len = max_len; /* libFuzzer truncates to -max_len */
    ff_logf("Running: %s\n", path);
    uint64_t total_ns = 0;
    for (long long r = 0; r < runs; r++) {
      uint64_t ns;
      ff_execute_checked(data, len, &ns, true);
      e->counters.execs++;
      total_ns += ns;
    }
    ff_logf("Executed %s in %" PRIu64 " ms\n", path, (uint64_t)(total_ns / 1000000u));
    free(data);
  }
  ff_logf("***\n*** NOTE: fuzzing was not performed, you have only\n"
          "***       executed the target code on a fixed set of inputs.\n***\n");
  ff_stats_view view = ff_engine_stats_view(e);
  ff_stats_print_final(&e->stats, &view);
  /* A leak the per-input check missed (a stale copy of the pointer on the
   * stack hid it then) would be found by LeakSanitizer at exit and exit with
   * the sanitizer's code, 1; look once more here so a leak always exits with
   * -error_exitcode, as while fuzzing. _Exit: no second report at exit. */
  if (e->flags.detect_leaks && __lsan_do_recoverable_leak_check &&
      __lsan_do_recoverable_leak_check()) {
    ff_logf("SUMMARY: formfuzz: the inputs leak memory\n");
    _Exit(ff_exit_code.error);
  }
  return failures ? 1 : 0;
}
