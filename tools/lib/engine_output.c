/* An engine's output through a pipe, into a capped log (see engine_output.h). */
#define _GNU_SOURCE /* pipe2, F_SETPIPE_SZ */
#include "engine_output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "honggfuzz_output.h"
#include "libfuzzer_status.h"

#define PIPE_BYTES (1 << 20) /* a chatty harness is not held back by a small pipe */

static void open_log(ff_engine_output *o) {
  o->log_fd = open(o->log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  struct stat st;
  o->log_bytes = o->log_fd >= 0 && fstat(o->log_fd, &st) == 0 ? (uint64_t)st.st_size : 0;
  if (o->log_fd < 0 && !o->log_failed) {
    fprintf(stderr, "%s: cannot open %s: %s; the engine's messages are not kept\n", o->who,
            o->log_path, strerror(errno));
    o->log_failed = true;
  }
}

int ff_engine_output_open(ff_engine_output *o, const char *log_path, uint64_t cap_bytes,
                          const char *who, char *err, size_t err_cap) {
  memset(o, 0, sizeof *o);
  o->log_path = log_path;
  o->cap_bytes = cap_bytes;
  o->who = who;
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    snprintf(err, err_cap, "pipe: %s", strerror(errno));
    return -1;
  }
  fcntl(fds[0], F_SETPIPE_SZ, PIPE_BYTES); /* best effort: the default 64 KiB also works */
  fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
  o->read_fd = fds[0];
  o->write_fd = fds[1];
  open_log(o);
  return 0;
}

static void rotate(ff_engine_output *o) {
  char old[4200];
  snprintf(old, sizeof old, "%s.1", o->log_path);
  close(o->log_fd);
  o->log_fd = -1;
  if (rename(o->log_path, old) != 0) unlink(o->log_path);
  open_log(o);
  if (!o->rotated)
    fprintf(stderr,
            "%s: %s passed %llu MB and was rotated (%s.1 keeps the part before; one part is "
            "kept). A harness this chatty also slows fuzzing: -- -close_fd_mask=3 silences its "
            "stdout and stderr.\n",
            o->who, o->log_path, (unsigned long long)(o->cap_bytes >> 20), o->log_path);
  o->rotated = true;
}

static void write_log(ff_engine_output *o, const char *data, size_t len) {
  while (len > 0 && o->log_fd >= 0) {
    if (o->log_bytes >= o->cap_bytes) rotate(o);
    if (o->log_fd < 0) return;
    uint64_t room = o->cap_bytes - o->log_bytes;
    size_t chunk = len < room ? len : (size_t)room;
    ssize_t n = write(o->log_fd, data, chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      fprintf(stderr, "%s: cannot write %s: %s; the engine's messages are not kept from here on\n",
              o->who, o->log_path, n < 0 ? strerror(errno) : "short write");
      close(o->log_fd);
      o->log_fd = -1;
      o->log_failed = true;
      return;
    }
    o->log_bytes += (uint64_t)n;
    data += n;
    len -= (size_t)n;
  }
}

static void keep_error(ff_engine_output *o, const char *line) {
  if (o->error_count == FF_OUTPUT_ERRORS) {
    memmove(o->errors[0], o->errors[1], sizeof o->errors[0] * (FF_OUTPUT_ERRORS - 1));
    o->error_count--;
  }
  snprintf(o->errors[o->error_count++], FF_OUTPUT_LINE_MAX, "%s", line);
}

static void take_line(ff_engine_output *o) {
  o->line[o->line_len] = '\0';
  if (ff_libfuzzer_status_line(o->line, &o->status) || ff_honggfuzz_summary_line(o->line, &o->status))
    o->saw_status = true;
  /* honggfuzz marks its errors and fatal errors "[E]" and "[F]" */
  if (strstr(o->line, "ERROR:") || strstr(o->line, "No space left on device") ||
      strstr(o->line, "][E][") || strstr(o->line, "][F]["))
    keep_error(o, o->line);
  o->line_len = 0;
}

static void parse(ff_engine_output *o, const char *data, size_t len) {
  for (size_t i = 0; i < len; i++) {
    if (data[i] == '\n') {
      take_line(o);
    } else if (o->line_len < FF_OUTPUT_LINE_MAX - 1) {
      o->line[o->line_len++] = data[i]; /* longer lines are cut: no status line is that long */
    }
  }
}

void ff_engine_output_note(ff_engine_output *o, const char *text) {
  write_log(o, text, strlen(text));
}

void ff_engine_output_started(ff_engine_output *o) {
  if (o->write_fd >= 0) close(o->write_fd);
  o->write_fd = -1;
}

size_t ff_engine_output_drain(ff_engine_output *o) {
  size_t total = 0;
  char buf[65536];
  while (o->read_fd >= 0) {
    ssize_t n = read(o->read_fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break; /* EAGAIN: nothing more now; 0: every writer is gone */
    write_log(o, buf, (size_t)n);
    parse(o, buf, (size_t)n);
    total += (size_t)n;
  }
  return total;
}

void ff_engine_output_close(ff_engine_output *o) {
  ff_engine_output_started(o);
  ff_engine_output_drain(o);
  if (o->line_len) take_line(o);
  if (o->read_fd >= 0) close(o->read_fd);
  if (o->log_fd >= 0) close(o->log_fd);
  o->read_fd = o->log_fd = -1;
}

size_t ff_engine_output_print_errors(const ff_engine_output *o, FILE *out, const char *prefix) {
  for (size_t i = 0; i < o->error_count; i++) fprintf(out, "%s%s\n", prefix, o->errors[i]);
  return o->error_count;
}
