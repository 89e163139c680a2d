/* The engine's command line: libFuzzer's "-name=value" flags (the subset in
 * DESIGN.md plus formfuzz's -stats_* flags) and positional corpus
 * directories or input files. An unknown flag or a malformed value is an
 * error naming the flag. */
#ifndef FF_ENGINE_FLAGS_H
#define FF_ENGINE_FLAGS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct ff_flags {
  long long runs;            /* -1: unlimited */
  long long max_len;         /* 0: not given */
  long long max_total_time;  /* seconds, 0: unlimited */
  long long timeout;         /* seconds, 0: none */
  long long rss_limit_mb;    /* 0: none */
  long long malloc_limit_mb; /* 0: same as rss_limit_mb */
  const char *dict;
  long long seed;            /* 0: from time and pid */
  const char *artifact_prefix;
  const char *exact_artifact_path;
  long long jobs;
  long long workers;         /* 0: min(jobs, nproc / 2) */
  long long merge;
  const char *merge_control_file; /* NULL: a temporary file */
  long long minimize_crash;
  long long print_final_stats;
  long long error_exitcode;
  long long timeout_exitcode;
  long long detect_leaks;
  long long close_fd_mask;
  long long help;
  long long use_value_profile;
  long long verbosity;
  const char *stats_json;
  const char *stats_csv;
  long long stats_interval;  /* seconds */
  /* positional arguments (corpus directories or input files), in order */
  char **inputs;
  size_t input_count;
} ff_flags;

void ff_flags_defaults(ff_flags *f);
/* Parses argv[1..argc). Returns 0, or -1 with a message naming the flag in
 * err. f->inputs points into a malloc'd array (ff_flags_free). */
int ff_flags_parse(ff_flags *f, int argc, char **argv, char *err, size_t err_cap);
void ff_flags_free(ff_flags *f);
/* Prints every flag with its default and meaning. */
void ff_flags_print_help(FILE *out, const char *argv0);
/* True when arg is a flag of the engine's syntax (starts with '-'). */
int ff_flags_is_flag(const char *arg);
/* True when name (without leading '-' and '=value') is a known flag. */
int ff_flags_known(const char *name, size_t len);

#endif
