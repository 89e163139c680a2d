/* Recognising failure reports in fuzzer output (see failure_kind.h). */
#include "failure_kind.h"

#include <stdio.h>
#include <string.h>

/* Copies the word at p (up to whitespace, ':' or end) into out. */
static void word(const char *p, char *out, size_t cap) {
  size_t n = 0;
  while (p[n] && p[n] != ' ' && p[n] != '\n' && p[n] != ':' && p[n] != '\r' && n + 1 < cap) n++;
  memcpy(out, p, n);
  out[n] = '\0';
}

static void set(ff_failure *f, const char *tool, const char *kind) {
  snprintf(f->tool, sizeof f->tool, "%s", tool);
  snprintf(f->kind, sizeof f->kind, "%s", kind);
}

bool ff_failure_classify(const char *output, ff_failure *f) {
  const char *p;
  if ((p = strstr(output, "==formfuzz== INVARIANT "))) {
    char id[80];
    word(p + strlen("==formfuzz== INVARIANT "), id, sizeof id);
    snprintf(f->tool, sizeof f->tool, "formfuzz");
    snprintf(f->kind, sizeof f->kind, "invariant %s", id);
    return true;
  }
  if (strstr(output, "ERROR: LeakSanitizer:")) {
    set(f, "LeakSanitizer", "leak");
    return true;
  }
  if ((p = strstr(output, "ERROR: AddressSanitizer: "))) {
    char kind[80];
    word(p + strlen("ERROR: AddressSanitizer: "), kind, sizeof kind);
    set(f, "AddressSanitizer", kind);
    return true;
  }
  if (strstr(output, "runtime error:") || strstr(output, "UndefinedBehaviorSanitizer")) {
    set(f, "UndefinedBehaviorSanitizer", "undefined-behavior");
    return true;
  }
  if ((p = strstr(output, "ERROR: libFuzzer: "))) {
    char kind[80];
    word(p + strlen("ERROR: libFuzzer: "), kind, sizeof kind);
    if (strcmp(kind, "deadly") == 0) snprintf(kind, sizeof kind, "deadly-signal");
    if (strcmp(kind, "out-of-memory") == 0) snprintf(kind, sizeof kind, "oom");
    set(f, "libFuzzer", kind);
    return true;
  }
  if (strstr(output, "ALARM: working on the last Unit")) {
    set(f, "libFuzzer", "timeout");
    return true;
  }
  return false;
}
