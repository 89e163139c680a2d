/* Failure signatures from sanitizer and engine reports (see crash_signature.h). */
#include "crash_signature.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "coverage.h"
#include "globals.h"

/* A call inside the last instrumented block of a module lies past that
 * block's PC-table entry by at most this much. */
#define BLOCK_SLACK 256

/* Copies the line at p (without its newline) up to the first of stops, bounded. */
static void copy_until(const char *p, const char *stops, char *out, size_t cap) {
  size_t n = 0;
  while (p[n] && p[n] != '\n' && n + 1 < cap) {
    bool stop = false;
    for (const char *s = stops; *s && !stop; s += strlen(s) + 1)
      stop = strncmp(p + n, s, strlen(s)) == 0;
    if (stop) break;
    n++;
  }
  memcpy(out, p, n);
  out[n] = '\0';
}

static void failure_kind(const char *report, int status, char *out, size_t cap) {
  const char *p;
  if ((p = strstr(report, "==formfuzz== INVARIANT "))) {
    char id[128];
    copy_until(p + strlen("==formfuzz== INVARIANT "), ":\0 \0", id, sizeof id);
    snprintf(out, cap, "invariant %s", id);
  } else if ((p = strstr(report, "runtime error: "))) {
    char what[160];
    copy_until(p + strlen("runtime error: "), ":\0", what, sizeof what);
    snprintf(out, cap, "UndefinedBehaviorSanitizer: %s", what);
  } else if ((p = strstr(report, "SUMMARY: "))) {
    char line[160];
    copy_until(p + strlen("SUMMARY: "), " /\0 (\0", line, sizeof line);
    char *colon = strstr(line, ": ");
    if (strstr(line, " leaked in ") && colon) strcpy(colon, ": leak");
    snprintf(out, cap, "%s", line);
  } else if (WIFSIGNALED(status)) {
    snprintf(out, cap, "signal %d", WTERMSIG(status));
  } else {
    snprintf(out, cap, "exit %d", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  }
}

/* Whether pc lies in instrumented code, by the PC tables (-1: no PC table,
 * decide by name). Frames come from a forked child, so addresses match ours. */
static int in_instrumented_code(uintptr_t pc) {
  int known = -1;
  for (size_t m = 0; m < ff_cov.module_count; m++) {
    const ff_cov_module *mod = &ff_cov.modules[m];
    if (!mod->pcs || mod->pc_count == 0) continue;
    uintptr_t lo = UINTPTR_MAX, hi = 0;
    for (size_t i = 0; i < mod->pc_count; i++) {
      uintptr_t p = mod->pcs[2 * i];
      if (p < lo) lo = p;
      if (p > hi) hi = p;
    }
    if (pc >= lo && pc <= hi + BLOCK_SLACK) return 1;
    known = 0;
  }
  return known;
}

/* Frames of the runtime, the engine and the way into a signal handler. */
static bool runtime_frame(const char *name, const char *line) {
  static const char *const prefixes[] = {
      "__sanitizer", "__asan", "__ubsan", "__lsan", "__interceptor", "__GI_",  "__pthread",
      "__libc",      "__restore_rt", "ff_", "raise", "abort", "gsignal",
      "pthread_kill", "__assert", "__cxa", "malloc", "calloc", "realloc", "free", "operator "};
  for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++)
    if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0) return true;
  const char *eol = strchr(line, '\n');
  size_t len = eol ? (size_t)(eol - line) : strlen(line);
  static const char *const modules[] = {"libc.so", "libc-", "ld-linux", "libpthread", "libstdc++"};
  for (size_t i = 0; i < sizeof modules / sizeof *modules; i++) {
    const char *m = strstr(line, modules[i]);
    if (m && (size_t)(m - line) < len) return true;
  }
  return false;
}

/* "    #3 0x55d0c0a4b2c1 in name file.c:1:2" or "    #3 0x55d0c0a4b2c1  (module+0x12c1)". */
static void top_frame(const char *report, char *out, size_t cap) {
  snprintf(out, cap, "?");
  bool in_trace = false;
  for (const char *line = report; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
    const char *p = line;
    while (*p == ' ' || *p == '\t') p++;
    if (*p != '#' || !isdigit((unsigned char)p[1])) {
      if (in_trace) return; /* the first trace ended: nothing of the target in it */
      continue;
    }
    in_trace = true;
    p = strstr(p, " 0x");
    if (!p) continue;
    uintptr_t pc = (uintptr_t)strtoull(p + 1, NULL, 16);
    p += 3;
    while (isxdigit((unsigned char)*p)) p++;
    while (*p == ' ') p++;
    char name[256];
    if (strncmp(p, "in ", 3) == 0)
      copy_until(p + 3, " \0", name, sizeof name);
    else
      copy_until(p, " \0", name, sizeof name);
    int target = in_instrumented_code(pc);
    if (name[0] && (target == 1 || (target == -1 && !runtime_frame(name, line)))) {
      snprintf(out, cap, "%s", name);
      return;
    }
  }
}

void ff_crash_signature(const char *report, int wait_status, char *out, size_t cap) {
  char kind[192], frame[256];
  failure_kind(report, wait_status, kind, sizeof kind);
  top_frame(report, frame, sizeof frame);
  snprintf(out, cap, "%s @ %s", kind, frame);
}
