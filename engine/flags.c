/* Command-line parsing for the engine (see flags.h): a table of flags, each
 * with its type, bounds, default and one-line help. */
#include "flags.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum flag_type { FLAG_INT, FLAG_STR };

typedef struct flag_spec {
  const char *name;
  enum flag_type type;
  size_t offset;
  long long min, max;
  long long def_int;
  const char *help;
} flag_spec;

#define INT_FLAG(n, lo, hi, d, h) {#n, FLAG_INT, offsetof(ff_flags, n), lo, hi, d, h}
#define STR_FLAG(n, h) {#n, FLAG_STR, offsetof(ff_flags, n), 0, 0, 0, h}
#define BIG (1LL << 62)

static const flag_spec specs[] = {
    INT_FLAG(runs, -1, BIG, -1, "number of executions, then stop (-1: unlimited; 0 with corpus dirs: run each input once)"),
    INT_FLAG(max_len, 0, 1LL << 30, 0, "largest input generated or loaded (0: max(4096, largest seed))"),
    INT_FLAG(max_total_time, 0, BIG, 0, "stop after this many seconds (0: no limit)"),
    INT_FLAG(timeout, 0, BIG, 1200, "an input running longer than this many seconds is a timeout (0: none)"),
    INT_FLAG(rss_limit_mb, 0, BIG, 2048, "resident memory limit in Mb; above it: oom- artifact (0: none)"),
    INT_FLAG(malloc_limit_mb, 0, BIG, 0, "a single malloc above this many Mb is an oom (0: rss_limit_mb)"),
    STR_FLAG(dict, "dictionary file (AFL/libFuzzer format)"),
    INT_FLAG(seed, 0, BIG, 0, "random seed (0: from time and pid)"),
    STR_FLAG(artifact_prefix, "prefix of artifact paths (crash-, timeout-, oom-, leak-), e.g. dir/"),
    STR_FLAG(exact_artifact_path, "write the artifact exactly here instead"),
    INT_FLAG(jobs, 0, 1 << 20, 0, "run this many fuzzing jobs in child processes (logs in fuzz-<n>.log)"),
    INT_FLAG(workers, 0, 1 << 16, 0, "jobs running at once (0: min(jobs, cores / 2))"),
    INT_FLAG(merge, 0, 1, 0, "1: copy inputs of the 2nd..nth dirs that add features into the 1st"),
    STR_FLAG(merge_control_file, "-merge=1 keeps its state here (libFuzzer's format: per-input STARTED/FT/COV lines) and resumes from it"),
    INT_FLAG(minimize_crash, 0, 1, 0, "1: shrink the crashing input given, for -runs attempts"),
    INT_FLAG(print_final_stats, 0, 1, 0, "1: print statistics (and per-mutator ones) at exit"),
    INT_FLAG(error_exitcode, 0, 255, 77, "exit code on a crash caught by the engine or a leak"),
    INT_FLAG(timeout_exitcode, 0, 255, 70, "exit code on a timeout"),
    INT_FLAG(detect_leaks, 0, 1, 1, "1: report inputs that leak memory (LeakSanitizer)"),
    INT_FLAG(close_fd_mask, 0, 3, 0, "1: close the target's stdout, 2: its stderr, 3: both"),
    INT_FLAG(help, 0, 1, 0, "1: print this help"),
    INT_FLAG(use_value_profile, 0, 1, 0, "accepted for compatibility and ignored (no value profile)"),
    INT_FLAG(verbosity, 0, 10, 1, "0: fewer messages"),
    STR_FLAG(stats_json, "rewrite this JSON stats file every -stats_interval seconds"),
    STR_FLAG(stats_csv, "append a CSV row of stats every -stats_interval seconds"),
    INT_FLAG(stats_interval, 1, 1 << 20, 1, "seconds between stats file updates"),
};

#define NSPECS (sizeof specs / sizeof specs[0])

void ff_flags_defaults(ff_flags *f) {
  memset(f, 0, sizeof *f);
  for (size_t i = 0; i < NSPECS; i++)
    if (specs[i].type == FLAG_INT)
      *(long long *)((char *)f + specs[i].offset) = specs[i].def_int;
}

int ff_flags_is_flag(const char *arg) { return arg[0] == '-' && arg[1] != '\0'; }

static const flag_spec *find_spec(const char *name, size_t len) {
  for (size_t i = 0; i < NSPECS; i++)
    if (strlen(specs[i].name) == len && strncmp(specs[i].name, name, len) == 0) return &specs[i];
  return NULL;
}

int ff_flags_known(const char *name, size_t len) { return find_spec(name, len) != NULL; }

static int parse_one(ff_flags *f, const char *arg, char *err, size_t err_cap) {
  const char *name = arg + 1;
  if (*name == '-') name++; /* --flag=value is accepted too */
  const char *eq = strchr(name, '=');
  if (!eq) {
    snprintf(err, err_cap, "flag '%s' needs a value: %s=VALUE", arg, arg);
    return -1;
  }
  const flag_spec *s = find_spec(name, (size_t)(eq - name));
  if (!s) {
    snprintf(err, err_cap, "unknown flag '%.*s' (see -help=1)", (int)(eq - arg), arg);
    return -1;
  }
  const char *value = eq + 1;
  void *slot = (char *)f + s->offset;
  if (s->type == FLAG_STR) {
    *(const char **)slot = value;
    return 0;
  }
  char *end;
  errno = 0;
  long long v = strtoll(value, &end, 10);
  if (errno || end == value || *end != '\0') {
    snprintf(err, err_cap, "flag -%s: '%s' is not an integer", s->name, value);
    return -1;
  }
  if (v < s->min || v > s->max) {
    snprintf(err, err_cap, "flag -%s: %lld is outside %lld..%lld", s->name, v, s->min, s->max);
    return -1;
  }
  *(long long *)slot = v;
  return 0;
}

int ff_flags_parse(ff_flags *f, int argc, char **argv, char *err, size_t err_cap) {
  f->inputs = calloc((size_t)(argc > 0 ? argc : 1), sizeof *f->inputs);
  if (!f->inputs) {
    snprintf(err, err_cap, "out of memory");
    return -1;
  }
  f->input_count = 0;
  for (int i = 1; i < argc; i++) {
    if (ff_flags_is_flag(argv[i])) {
      if (parse_one(f, argv[i], err, err_cap) != 0) return -1;
    } else {
      f->inputs[f->input_count++] = argv[i];
    }
  }
  return 0;
}

void ff_flags_free(ff_flags *f) {
  free(f->inputs);
  f->inputs = NULL;
  f->input_count = 0;
}

void ff_flags_print_help(FILE *out, const char *argv0) {
  fprintf(out,
          "Usage: %s [-flag=value ...] [corpus_dir ... | input_file ...]\n"
          "  Directories are corpora (new inputs go into the first); files are run once each.\n"
          "Flags:\n",
          argv0);
  for (size_t i = 0; i < NSPECS; i++) {
    if (specs[i].type == FLAG_INT)
      fprintf(out, "  -%-20s %-8lld %s\n", specs[i].name, specs[i].def_int, specs[i].help);
    else
      fprintf(out, "  -%-20s %-8s %s\n", specs[i].name, "", specs[i].help);
  }
}
