/* afl-fuzz command lines and environment (see afl_command.h). */
#include "afl_command.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dir_list.h"
#include "fileio.h"

#define MAX_ARGS 64
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

static bool add(char **argv, int *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static bool add(char **argv, int *n, const char *fmt, ...) {
  if (*n == MAX_ARGS) return false;
  char *a = malloc(ARG_LEN);
  if (!a) return false;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(a, ARG_LEN, fmt, ap);
  va_end(ap);
  argv[(*n)++] = a;
  return true;
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

void ff_afl_argv_free(char **argv) {
  if (!argv) return;
  for (char **a = argv; *a; a++) free(*a);
  free(argv);
}

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
  char **argv = calloc(MAX_ARGS + 1, sizeof *argv);
  if (!argv) {
    snprintf(err, err_cap, "out of memory");
    return NULL;
  }
  long jobs = c->jobs > 1 ? c->jobs : 1;
  int n = 0;
  bool ok = add(argv, &n, "afl-fuzz") && add(argv, &n, "-i") && add(argv, &n, "%s", in) &&
            add(argv, &n, "-o") && add(argv, &n, "%s", c->out->afl);
  ff_afl_instance_name(jobs, index, name, sizeof name);
  if (jobs > 1) ok = ok && add(argv, &n, index == 0 ? "-M" : "-S") && add(argv, &n, "%s", name);
  if (!user_gave(c, "-G")) ok = ok && add(argv, &n, "-G") && add(argv, &n, "%ld", c->fuzzer->max_len);
  if (c->time_s > 0) ok = ok && add(argv, &n, "-V") && add(argv, &n, "%ld", (long)(c->time_s + 0.5));
  /* -E counts per instance: the --runs budget is shared out */
  if (c->runs > 0) ok = ok && add(argv, &n, "-E") && add(argv, &n, "%ld", (c->runs + jobs - 1) / jobs);
  if (c->seed > 0) ok = ok && add(argv, &n, "-s") && add(argv, &n, "%ld", c->seed + index);
  if (c->fuzzer->dict) ok = ok && add(argv, &n, "-x") && add(argv, &n, "%s", c->fuzzer->dict);
  bool cmplog = uses_cmplog_twin(c, index, twin, sizeof twin);
  if (cmplog) ok = ok && add(argv, &n, "-c") && add(argv, &n, "0");
  for (int i = 0; i < c->extra_count; i++) ok = ok && add(argv, &n, "%s", c->extra[i]);
  ok = ok && add(argv, &n, "--") && add(argv, &n, "%s", cmplog ? twin : c->binary);
  if (!ok) {
    ff_afl_argv_free(argv);
    snprintf(err, err_cap, "afl-fuzz command line too long or out of memory");
    return NULL;
  }
  return argv;
}
