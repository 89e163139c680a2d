/* Runs a property on one buffer (see exec.h). Also the strong definitions of
 * the oracle hooks: while a run is guarded, a failed invariant longjmps back
 * here instead of aborting. */
#include "exec.h"

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../oracle_hook.h"

static _Thread_local jmp_buf *catch_point;
static _Thread_local bool catch_silent;
static _Thread_local char caught_id[160];
static _Thread_local char caught_message[512];

void ff_oracle_failed_hook(const char *id, const char *message) {
  if (!catch_point) return;
  snprintf(caught_id, sizeof caught_id, "%s", id);
  snprintf(caught_message, sizeof caught_message, "%s", message);
  jmp_buf *target = catch_point;
  catch_point = NULL;
  longjmp(*target, 1);
}

bool ff_oracle_quiet_hook(void) { return catch_point && catch_silent; }

/* The ff_input lives in the caller's frame, so its state is well defined after
 * the longjmp. */
static bool guarded_run(const ff_property *prop, ff_input *in, bool silent) {
  jmp_buf here;
  if (setjmp(here) != 0) return true;
  catch_point = &here;
  catch_silent = silent;
  prop->fn(in);
  catch_point = NULL;
  return false;
}

/* Runs on an ff_input the caller placed (in shared memory for a forked run,
 * so the parent still sees how far a crashed run read). */
static void exec_on(const ff_property *prop, ff_input *in, bool silent, ff_prop_outcome *out) {
  memset(out, 0, sizeof *out);
  out->failed = guarded_run(prop, in, silent);
  out->consumed = in->pos;
  if (out->failed) {
    snprintf(out->failure, sizeof out->failure, "invariant %s", caught_id);
    snprintf(out->message, sizeof out->message, "%s", caught_message);
  }
}

void ff_prop_exec_inprocess(const ff_property *prop, const uint8_t *data, size_t len, bool silent,
                            ff_input_log_fn log, void *log_ctx, ff_prop_outcome *out) {
  ff_input in;
  ff_input_init(&in, data, len);
  in.log = log;
  in.log_ctx = log_ctx;
  exec_on(prop, &in, silent, out);
}

/* Copies a line without its newline, dropping hexadecimal numbers (addresses
 * differ from run to run, the place and kind of the crash do not). */
static void copy_stable(char *out, size_t cap, const char *s) {
  size_t n = 0;
  while (*s && *s != '\n' && n + 1 < cap) {
    if (s[0] == '0' && s[1] == 'x' && !(n > 0 && out[n - 1] == '+')) { /* keep module+offset */
      for (s += 2; (*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f'); s++) {
      }
      if (n + 3 < cap) memcpy(out + n, "0x?", 3), n += 3;
      continue;
    }
    out[n++] = *s++;
  }
  out[n] = '\0';
}

/* The sanitizer SUMMARY line of the child's stderr (clang), else its first
 * "runtime error" line (gcc's UBSan prints no summary). */
static bool crash_summary(FILE *captured, char *out, size_t cap) {
  char line[1024];
  bool found = false;
  rewind(captured);
  while (fgets(line, sizeof line, captured)) {
    if (strncmp(line, "SUMMARY: ", 9) == 0) {
      copy_stable(out, cap, line + 9);
      return true;
    }
    if (!found && strstr(line, "runtime error:")) {
      copy_stable(out, cap, line);
      found = true;
    }
  }
  return found;
}

static void first_error_line(FILE *captured, char *out, size_t cap) {
  char line[1024];
  rewind(captured);
  out[0] = '\0';
  while (fgets(line, sizeof line, captured)) {
    if (strstr(line, "ERROR:") || strstr(line, "runtime error:")) {
      copy_stable(out, cap, line);
      return;
    }
  }
}

int ff_prop_exec_forked(const ff_property *prop, const uint8_t *data, size_t len,
                        unsigned timeout_s, ff_prop_outcome *out) {
  memset(out, 0, sizeof *out);
  struct child_report {
    ff_prop_outcome outcome;
    ff_input input;
    int done;
  } *shared =
      mmap(NULL, sizeof *shared, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (shared == MAP_FAILED) return -1;
  memset(shared, 0, sizeof *shared);
  FILE *captured = tmpfile();
  if (!captured) {
    munmap(shared, sizeof *shared);
    return -1;
  }
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0) {
    fclose(captured);
    munmap(shared, sizeof *shared);
    return -1;
  }
  if (pid == 0) {
    dup2(fileno(captured), STDERR_FILENO);
    if (timeout_s) alarm(timeout_s);
    ff_prop_outcome result;
    ff_input_init(&shared->input, data, len);
    exec_on(prop, &shared->input, true, &result);
    shared->outcome = result;
    shared->done = 1;
    _exit(0);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && shared->done) {
    *out = shared->outcome;
  } else {
    char summary[sizeof out->failure - 8];
    out->failed = true;
    out->consumed = shared->input.pos; /* how far it read before it crashed */
    if (!crash_summary(captured, summary, sizeof summary)) {
      if (WIFSIGNALED(status))
        snprintf(summary, sizeof summary, "signal %d (%s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
      else
        snprintf(summary, sizeof summary, "exit status %d", WEXITSTATUS(status));
    }
    snprintf(out->failure, sizeof out->failure, "crash %s", summary);
    first_error_line(captured, out->message, sizeof out->message);
  }
  fclose(captured);
  munmap(shared, sizeof *shared);
  return 0;
}
