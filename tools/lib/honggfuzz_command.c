/* honggfuzz's executable and command line (see honggfuzz_command.h). */
#include "honggfuzz_command.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dir_list.h"
#include "engine_argv.h"
#include "honggfuzz_output.h"

static bool executable(const char *path) { return ff_is_file(path) && access(path, X_OK) == 0; }

int ff_honggfuzz_find(char *path, size_t cap, char *err, size_t err_cap) {
  const char *dir = getenv("HFUZZ_DIR");
  if (dir && *dir) {
    const char *const under[] = {"honggfuzz", "bin/honggfuzz"};
    for (size_t i = 0; i < sizeof under / sizeof *under; i++) {
      snprintf(path, cap, "%s/%s", dir, under[i]);
      if (executable(path)) return 0;
    }
  }
  const char *search = getenv("PATH");
  while (search && *search) {
    size_t len = strcspn(search, ":");
    snprintf(path, cap, "%.*s/honggfuzz", (int)len, len ? search : ".");
    if (executable(path)) return 0;
    search += len + (search[len] == ':');
  }
  snprintf(err, err_cap,
           "honggfuzz not found (HFUZZ_DIR=%s, and not on PATH); build it from "
           "https://github.com/google/honggfuzz and set HFUZZ_DIR to that directory (docs/peers.md)",
           dir && *dir ? dir : "unset");
  return -1;
}

/* The user's flags after '--' hold this option ("-t 5", "--timeout 5", "--timeout=5"). */
static bool user_gave(const ff_session_config *c, const char *short_flag, const char *long_flag) {
  size_t n = strlen(long_flag);
  for (int i = 0; i < c->extra_count; i++) {
    const char *a = c->extra[i];
    if (strcmp(a, short_flag) == 0 || (strncmp(a, long_flag, n) == 0 && (!a[n] || a[n] == '=')))
      return true;
  }
  return false;
}

char **ff_honggfuzz_argv(const ff_session_config *c, const char *exe, char *err, size_t err_cap) {
  ff_honggfuzz_paths ws;
  ff_honggfuzz_paths_of(c->out->honggfuzz, &ws);
  /* one input directory: the working corpus once it has inputs, else the seeds */
  const char *in = ff_count_files(c->out->corpus) == 0 && ff_count_files(c->fuzzer->seeds_dir) > 0
                       ? c->fuzzer->seeds_dir
                       : c->out->corpus;
  ff_argv b;
  ff_argv_init(&b);
  ff_argv_add(&b, "%s", exe);
  ff_argv_add(&b, "-v"); /* plain log lines instead of its full-screen display */
  ff_argv_flag(&b, "-i", "%s", in);
  ff_argv_flag(&b, "-o", "%s", ws.corpus);
  ff_argv_flag(&b, "-W", "%s", c->out->honggfuzz);
  ff_argv_flag(&b, "--crashdir", "%s", ws.crashes);
  ff_argv_flag(&b, "--statsfile", "%s", ws.stats);
  ff_argv_flag(&b, "-n", "%ld", c->jobs > 1 ? c->jobs : 1);
  if (!user_gave(c, "-F", "--max_file_size")) ff_argv_flag(&b, "-F", "%ld", c->fuzzer->max_len);
  if (!user_gave(c, "-t", "--timeout")) ff_argv_flag(&b, "-t", "%d", FF_DEFAULT_INPUT_TIMEOUT_S);
  /* -T: an input that runs past -t is saved (as SIGVTALRM...), like libFuzzer's timeout- */
  ff_argv_add(&b, "-T");
  if (c->time_s > 0) ff_argv_flag(&b, "--run_time", "%ld", (long)(c->time_s + 0.5));
  if (c->runs > 0) ff_argv_flag(&b, "-N", "%ld", c->runs);
  if (c->fuzzer->dict) ff_argv_flag(&b, "-w", "%s", c->fuzzer->dict);
  for (int i = 0; i < c->extra_count; i++) ff_argv_add(&b, "%s", c->extra[i]);
  ff_argv_add(&b, "--");
  ff_argv_add(&b, "%s", c->binary);
  char **argv = ff_argv_take(&b);
  if (!argv) snprintf(err, err_cap, "honggfuzz command line too long or out of memory");
  return argv;
}
