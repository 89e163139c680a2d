/* afl-fuzz command lines and environment (see afl_command.h). */
#include "afl_command.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dir_list.h"
#include "engine_argv.h"
#include "fileio.h"

#define ARG_LEN 4400

/* AFL_SKIP_BIN_CHECK must stay unset: without the binary check afl-fuzz does
 * not see the persistent-mode and deferred-forkserver signatures of
 * libAFLDriver.a and forks one process per input (measured: 740 instead of
 * 21000 exec/s on an empty harness). */
const char *const ff_afl_env[] = {
    "AFL_SKIP_CPUFREQ=1", "AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1", "AFL_NO_UI=1",
    "AFL_NO_AFFINITY=1", "AFL_AUTORESUME=1", "AFL_CMPLOG_ONLY_NEW=1",
    "ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=0",
    "UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:symbolize=0", NULL};

void ff_afl_instance_name(long jobs, int index, char *out, size_t cap) {
  if (jobs <= 1) snprintf(out, cap, "default");
  else if (index == 0) snprintf(out, cap, "main");
  else snprintf(out, cap, "sec%d", index);
}

static bool user_gave(const ff_session_config *c, const char *flag) {
  for (int i = 0; i < c->extra_count; i++)
    if (strcmp(c->extra[i], flag) == 0) return true;
  return false;
}

/* afl-fuzz refuses an empty -i: the working corpus when it has entries, else
 * the seeds, else one tiny input of our own. */
static int input_dir(const ff_session_config *c, char *out, size_t cap) {
  if (ff_count_files(c->out->corpus) > 0) return snprintf(out, cap, "%s", c->out->corpus) > 0 ? 0 : -1;
  if (ff_count_files(c->fuzzer->seeds_dir) > 0)
    return snprintf(out, cap, "%s", c->fuzzer->seeds_dir) > 0 ? 0 : -1;
  snprintf(out, cap, "%s/afl-in", c->out->dir);
  if (ff_mkdirs(out) != 0) return -1;
  char name[64];
  return ff_write_content_addressed(out, NULL, "0", 1, name, sizeof name) < 0 ? -1 : 0;
}

void ff_afl_argv_free(char **argv) { ff_argv_free(argv); }

/* CMPLOG with Debian's afl-fuzz 4.04c: its cmplog forkserver execs the *main*
 * target path, not the -c binary (the -c path only replaces argv[0]), so
 * `-c <twin> -- <binary>` never runs the twin and never logs a comparison:
 * magic4 was not found in 1.2 million executions that way, and in 590 with
 * `-c 0 -- <twin>`. So an instance with CMPLOG fuzzes the twin itself and
 * tells afl-fuzz with -c 0 that the target is its own CMPLOG binary. Outside
 * the cmplog runs the twin's hooks return at once (their map pointer is NULL).
 * Instances 0, 2, 4... use it; the others fuzz the plain binary. */
static bool uses_cmplog_twin(const ff_session_config *c, int index, char *twin, size_t cap) {
  snprintf(twin, cap, "%s.cmplog", c->binary);
  return index % 2 == 0 && !user_gave(c, "-c") && ff_is_file(twin);
}

char **ff_afl_argv(const ff_session_config *c, int index, char *err, size_t err_cap) {
  char in[ARG_LEN], twin[ARG_LEN], name[32];
  if (input_dir(c, in, sizeof in) != 0) {
    snprintf(err, err_cap, "cannot prepare AFL++'s input directory under %s", c->out->dir);
    return NULL;
  }
  ff_argv b;
  ff_argv_init(&b);
  long jobs = c->jobs > 1 ? c->jobs : 1;
  ff_argv_add(&b, "afl-fuzz");
  ff_argv_flag(&b, "-i", "%s", in);
  ff_argv_flag(&b, "-o", "%s", c->out->afl);
  ff_afl_instance_name(jobs, index, name, sizeof name);
  if (jobs > 1) ff_argv_flag(&b, index == 0 ? "-M" : "-S", "%s", name);
  if (!user_gave(c, "-G")) ff_argv_flag(&b, "-G", "%ld", c->fuzzer->max_len);
  if (c->time_s > 0) ff_argv_flag(&b, "-V", "%ld", (long)(c->time_s + 0.5));
  /* -E counts per instance: the --runs budget is shared out */
  if (c->runs > 0) ff_argv_flag(&b, "-E", "%ld", (c->runs + jobs - 1) / jobs);
  if (c->seed > 0) ff_argv_flag(&b, "-s", "%ld", c->seed + index);
  if (c->fuzzer->dict) ff_argv_flag(&b, "-x", "%s", c->fuzzer->dict);
  bool cmplog = uses_cmplog_twin(c, index, twin, sizeof twin);
  if (cmplog) ff_argv_flag(&b, "-c", "0");
  for (int i = 0; i < c->extra_count; i++) ff_argv_add(&b, "%s", c->extra[i]);
  ff_argv_add(&b, "--");
  ff_argv_add(&b, "%s", cmplog ? twin : c->binary);
  char **argv = ff_argv_take(&b);
  if (!argv) snprintf(err, err_cap, "afl-fuzz command line too long or out of memory");
  return argv;
}
