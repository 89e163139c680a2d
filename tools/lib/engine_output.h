/* The output of an engine process (stdout and stderr, and those of a harness
 * that prints): read through a pipe rather than written straight into the
 * log, so that
 *   - fuzzer.log cannot fill the disk: it rotates at a cap (fuzzer.log.1 keeps
 *     the part before, one part only) and the console is told once, with the
 *     hint that -close_fd_mask silences a chatty harness;
 *   - the status lines (libFuzzer's "#N ... cov: ...", final "stat::" lines;
 *     honggfuzz's final "Summary iterations:...") give the real numbers even
 *     when no stats file can be written;
 *   - the engine's ERROR lines are kept to be shown on the console when it
 *     fails (a full disk, a bad flag), and a log that cannot be written is
 *     said, not ignored. */
#ifndef FF_TOOLS_ENGINE_OUTPUT_H
#define FF_TOOLS_ENGINE_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "stats_file.h"

#define FF_OUTPUT_ERRORS 6
#define FF_OUTPUT_LINE_MAX 1024

typedef struct ff_engine_output {
  int read_fd;  /* the pipe's read end; -1 once closed */
  int write_fd; /* the pipe's write end, for the children; closed by ff_engine_output_started */
  const char *log_path;
  int log_fd;   /* -1: the log cannot be written (said once on the console) */
  uint64_t log_bytes, cap_bytes;
  bool rotated, log_failed;
  const char *who;   /* "formfuzz run: vm_ownership": the prefix of console messages */
  ff_stats status;   /* numbers of this process from its status lines */
  bool saw_status;
  char line[FF_OUTPUT_LINE_MAX];
  size_t line_len;
  char errors[FF_OUTPUT_ERRORS][FF_OUTPUT_LINE_MAX]; /* the last ERROR lines, oldest first */
  size_t error_count;
} ff_engine_output;

/* Opens the pipe and the log (appending). cap_bytes: the log's rotation size.
 * Returns 0, or -1 with err. */
int ff_engine_output_open(ff_engine_output *o, const char *log_path, uint64_t cap_bytes,
                          const char *who, char *err, size_t err_cap);
/* Writes a line of formfuzz's own into the log (same rotation rules). */
void ff_engine_output_note(ff_engine_output *o, const char *text);
/* After the children are started: closes our copy of the write end, so the
 * pipe ends when they do. */
void ff_engine_output_started(ff_engine_output *o);
/* Reads what is waiting (without blocking) into the log and the line parser.
 * Returns the number of bytes read. */
size_t ff_engine_output_drain(ff_engine_output *o);
/* Drains what is left and closes the pipe and the log. */
void ff_engine_output_close(ff_engine_output *o);
/* Prints the kept ERROR lines, each after prefix, to out; returns how many. */
size_t ff_engine_output_print_errors(const ff_engine_output *o, FILE *out, const char *prefix);

#endif
