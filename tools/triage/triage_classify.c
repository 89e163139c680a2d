/* Crash kinds, stacks and signatures from sanitizer/engine output (see
 * triage_classify.h). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "triage_classify.h"

#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Frames that say nothing about the bug: runtime, libc, oracle helpers, engine. */
static const char *const DROP_FUNC_PREFIX[] = {
    "__asan", "__ubsan", "__sanitizer", "__interceptor_", "___interceptor_", "__lsan", "__interception",
    "__GI_", "__pthread_kill", "pthread_kill", "__libc_", "__assert_", "ff_invariant_fail",
    "ff_check_bytes_equal", "ff_oracle_failed_hook", "fuzzer::", "ff_engine_", NULL};
static const char *const DROP_FUNC_EXACT[] = {
    "raise", "abort", "_start", "malloc", "calloc", "realloc", "free", "memcpy", "memmove",
    "memset", "memcmp", "strlen", "strcmp", "strncmp", "strcpy", "__assert_fail", "gsignal",
    NULL};
static const char *const DROP_LOC_PART[] = {
    "compiler-rt", "sanitizer_common", "/libc.so", "libc-start", "nptl/", "stdlib/", "signal/",
    "csu/", "/engine/", "libstdc++", "libgcc", "libFuzzer", "/core/oracle.c", NULL};

static bool starts_with(const char *s, const char *p) { return strncmp(s, p, strlen(p)) == 0; }

static bool dropped(const triage_frame *f) {
  if (!f->func[0]) return true;
  for (int i = 0; DROP_FUNC_PREFIX[i]; i++)
    if (starts_with(f->func, DROP_FUNC_PREFIX[i])) return true;
  for (int i = 0; DROP_FUNC_EXACT[i]; i++)
    if (strcmp(f->func, DROP_FUNC_EXACT[i]) == 0) return true;
  for (int i = 0; DROP_LOC_PART[i]; i++)
    if (strstr(f->loc, DROP_LOC_PART[i])) return true;
  return false;
}

/* "    #3 0x55d7 in func path/file.c:31:3" -> frame; false when not a frame line. */
static bool parse_frame(const char *line, triage_frame *f) {
  const char *p = line;
  while (*p == ' ' || *p == '\t') p++;
  if (*p != '#' || !isdigit((unsigned char)p[1])) return false;
  p++;
  while (isdigit((unsigned char)*p)) p++;
  while (*p == ' ') p++;
  if (!starts_with(p, "0x")) return false;
  while (*p && *p != ' ') p++;
  memset(f, 0, sizeof *f);
  if (starts_with(p, " in ")) {
    p += 4;
    size_t n = 0;
    /* C++ names carry "(args)" and spaces; the name ends at '(' or ' ' */
    while (p[n] && p[n] != ' ' && p[n] != '(' && p[n] != '\n') n++;
    if (n >= sizeof f->func) n = sizeof f->func - 1;
    memcpy(f->func, p, n);
    p += n;
    while (*p && *p != ' ' && *p != '\n') p++; /* rest of a C++ signature token */
  }
  while (*p == ' ') p++;
  size_t n = strcspn(p, "\n");
  if (n >= sizeof f->loc) n = sizeof f->loc - 1;
  memcpy(f->loc, p, n);
  char *bid = strstr(f->loc, " (BuildId:");
  if (bid) *bid = '\0';
  return true;
}

static void copy_line(char *dst, size_t cap, const char *line) {
  size_t n = strcspn(line, "\n");
  while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' ')) n--;
  if (n >= cap) n = cap - 1;
  memcpy(dst, line, n);
  dst[n] = '\0';
}

/* "READ of size 4 at ..." after an ASan ERROR line. */
static void access_suffix(const char *after, char *shown, size_t shown_cap, char *sig, size_t sig_cap) {
  const char *r = strstr(after, "READ of size ");
  const char *w = strstr(after, "WRITE of size ");
  const char *a = r && (!w || r < w) ? r : w;
  if (!a || a - after > 400) return;
  bool read = a == r;
  long size = strtol(a + (read ? 13 : 14), NULL, 10);
  size_t n = strlen(shown);
  snprintf(shown + n, shown_cap - n, " %s %ld", read ? "READ" : "WRITE", size);
  n = strlen(sig);
  snprintf(sig + n, sig_cap - n, " %s", read ? "READ" : "WRITE");
}

static const struct {
  const char *phrase, *kind;
} UBSAN_KINDS[] = {
    {"signed integer overflow", "integer-overflow"},
    {"unsigned integer overflow", "unsigned-integer-overflow"},
    {"negation of", "integer-overflow"},
    {"division by zero", "divide-by-zero"},
    {"shift exponent", "invalid-shift"},
    {"left shift of", "invalid-shift"},
    {"out of bounds for type", "index-out-of-bounds"},
    {"misaligned address", "misaligned-address"},
    {"null pointer", "null-dereference"},
    {"applying non-zero offset", "pointer-overflow"},
    {"pointer overflow", "pointer-overflow"},
    {"is not a valid value for type", "invalid-enum-or-bool"},
    {"load of value", "invalid-enum-or-bool"},
    {"outside the range of representable values", "float-cast-overflow"},
    {"execution reached an unreachable program point", "unreachable"},
    {"variable length array bound", "vla-bound"},
    {"implicit conversion", "implicit-conversion"},
    {NULL, NULL},
};

static void ubsan_kind(const char *msg, char *out, size_t cap) {
  for (int i = 0; UBSAN_KINDS[i].phrase; i++)
    if (strstr(msg, UBSAN_KINDS[i].phrase)) {
      snprintf(out, cap, "ubsan %s", UBSAN_KINDS[i].kind);
      return;
    }
  /* unknown check: its words, numbers and quoted values dropped */
  size_t o = snprintf(out, cap, "ubsan ");
  for (const char *p = msg; *p && *p != '\n' && o + 1 < cap && o < 60; p++) {
    if (isdigit((unsigned char)*p) || *p == '\'' || *p == ':') continue;
    out[o++] = *p;
  }
  out[o] = '\0';
}

static void severity_of(triage_crash *c) {
  const char *k = c->sig_kind;
  const char *sev = "medium";
  if (strstr(k, "WRITE") || strstr(k, "use-after") || strstr(k, "double-free") ||
      strstr(k, "bad-free"))
    sev = "high";
  else if (starts_with(k, "timeout") || starts_with(k, "out-of-memory") || starts_with(k, "leak") ||
           starts_with(k, "ubsan"))
    sev = "low";
  snprintf(c->severity, sizeof c->severity, "%s", sev);
}

/* Finds the main line and the kind. Returns a pointer into output just after
 * the main line (where the stack follows), or NULL when nothing was found. */
static const char *find_kind(const char *out, triage_crash *c) {
  const char *m;
  if ((m = strstr(out, "==formfuzz== INVARIANT "))) {
    const char *id = m + strlen("==formfuzz== INVARIANT ");
    size_t n = strcspn(id, ": \n");
    snprintf(c->kind, sizeof c->kind, "INVARIANT %.*s", (int)n, id);
    snprintf(c->sig_kind, sizeof c->sig_kind, "%s", c->kind);
    copy_line(c->detail, sizeof c->detail, m);
    return m;
  }
  if ((m = strstr(out, "ERROR: AddressSanitizer: "))) {
    const char *what = m + strlen("ERROR: AddressSanitizer: ");
    copy_line(c->detail, sizeof c->detail, m);
    if (starts_with(what, "attempting double-free")) {
      snprintf(c->kind, sizeof c->kind, "double-free");
    } else if (starts_with(what, "attempting free on address which was not malloc")) {
      snprintf(c->kind, sizeof c->kind, "bad-free");
    } else if (starts_with(what, "SEGV on unknown address")) {
      unsigned long long addr = strtoull(what + strlen("SEGV on unknown address"), NULL, 16);
      snprintf(c->kind, sizeof c->kind, addr < 4096 ? "null-dereference" : "SEGV on unknown address");
      const char *acc = strstr(what, "The signal is caused by a ");
      if (acc && acc - what < 600) {
        bool wr = starts_with(acc + strlen("The signal is caused by a "), "WRITE");
        strncat(c->kind, wr ? " WRITE" : " READ", sizeof c->kind - strlen(c->kind) - 1);
      }
    } else if (starts_with(what, "stack-overflow")) {
      snprintf(c->kind, sizeof c->kind, "stack-overflow");
    } else if (starts_with(what, "ABRT")) {
      const char *as = strstr(out, "Assertion `");
      snprintf(c->kind, sizeof c->kind, as && as < m ? "assertion-failure" : "abort");
    } else if (starts_with(what, "requested allocation size") || starts_with(what, "allocation-size-too-big") ||
               strstr(what, "out of memory")) {
      snprintf(c->kind, sizeof c->kind, "out-of-memory");
    } else {
      size_t n = strcspn(what, " \n");
      snprintf(c->kind, sizeof c->kind, "%.*s", (int)n, what);
    }
    snprintf(c->sig_kind, sizeof c->sig_kind, "%s", c->kind);
    if (strchr(c->kind, ' ') == NULL)
      access_suffix(what, c->kind, sizeof c->kind, c->sig_kind, sizeof c->sig_kind);
    return m;
  }
  if ((m = strstr(out, "runtime error: "))) {
    const char *line = m;
    while (line > out && line[-1] != '\n') line--;
    copy_line(c->detail, sizeof c->detail, line);
    ubsan_kind(m + strlen("runtime error: "), c->kind, sizeof c->kind);
    snprintf(c->sig_kind, sizeof c->sig_kind, "%s", c->kind);
    return m;
  }
  if ((m = strstr(out, "ERROR: LeakSanitizer: detected memory leaks"))) {
    copy_line(c->detail, sizeof c->detail, m);
    snprintf(c->kind, sizeof c->kind, "leak");
    snprintf(c->sig_kind, sizeof c->sig_kind, "leak");
    const char *direct = strstr(m, "leak of ");
    return direct ? direct : m;
  }
  if ((m = strstr(out, "ERROR: libFuzzer: "))) {
    const char *what = m + strlen("ERROR: libFuzzer: ");
    copy_line(c->detail, sizeof c->detail, m);
    if (starts_with(what, "timeout"))
      snprintf(c->kind, sizeof c->kind, "timeout");
    else if (starts_with(what, "out-of-memory"))
      snprintf(c->kind, sizeof c->kind, "out-of-memory");
    else if (starts_with(what, "deadly signal")) {
      const char *as = strstr(out, "Assertion `");
      snprintf(c->kind, sizeof c->kind, as && as < m ? "assertion-failure" : "deadly-signal");
    } else if (starts_with(what, "fuzz target exited"))
      snprintf(c->kind, sizeof c->kind, "unexpected-exit");
    else {
      size_t n = strcspn(what, " \n");
      snprintf(c->kind, sizeof c->kind, "%.*s", (int)n, what);
    }
    snprintf(c->sig_kind, sizeof c->sig_kind, "%s", c->kind);
    return m;
  }
  return NULL;
}

static void collect_frames(const char *from, triage_crash *c) {
  const char *line = from;
  const char *block_start = NULL, *block_end = NULL;
  bool in_block = false;
  triage_frame f;
  while (line && *line) {
    const char *next = strchr(line, '\n');
    next = next ? next + 1 : NULL;
    bool is_frame = parse_frame(line, &f);
    if (is_frame && !in_block) {
      in_block = true;
      block_start = line;
    }
    if (!is_frame && in_block) {
      block_end = line;
      break;
    }
    if (is_frame) {
      if (c->nframes < TRIAGE_FRAMES && !dropped(&f)) c->frames[c->nframes++] = f;
      if (strcmp(f.func, "LLVMFuzzerTestOneInput") == 0) {
        /* its callers are the engine: stop keeping frames, but finish the block */
        c->nframes = c->nframes < TRIAGE_FRAMES ? c->nframes : TRIAGE_FRAMES;
        while (next && parse_frame(next, &f)) {
          const char *n2 = strchr(next, '\n');
          next = n2 ? n2 + 1 : NULL;
        }
        block_end = next;
        break;
      }
    }
    line = next;
  }
  if (block_start) {
    size_t n = block_end ? (size_t)(block_end - block_start) : strlen(block_start);
    c->stack = strndup(block_start, n);
  }
}

bool triage_classify(const char *output, bool timed_out, int signal, triage_crash *c) {
  memset(c, 0, sizeof *c);
  const char *out = output ? output : "";
  const char *at = find_kind(out, c);
  if (!at && timed_out) {
    snprintf(c->kind, sizeof c->kind, "timeout");
    snprintf(c->sig_kind, sizeof c->sig_kind, "timeout");
    snprintf(c->detail, sizeof c->detail, "the input ran past the time limit");
    at = out;
  }
  if (!at && signal > 0) {
    snprintf(c->kind, sizeof c->kind, "signal %s", sigabbrev_np(signal) ? sigabbrev_np(signal) : "?");
    snprintf(c->sig_kind, sizeof c->sig_kind, "%s", c->kind);
    snprintf(c->detail, sizeof c->detail, "killed by signal %d (%s)", signal, strsignal(signal));
    at = out;
  }
  if (!at) return false;
  c->crashed = true;
  collect_frames(at, c);
  if (c->nframes == 0 && !c->stack) collect_frames(out, c);
  severity_of(c);
  size_t n = snprintf(c->signature, sizeof c->signature, "%s", c->sig_kind);
  for (int i = 0; i < c->nframes && n < sizeof c->signature; i++)
    n += snprintf(c->signature + n, sizeof c->signature - n, " | %s", c->frames[i].func);
  if (c->nframes == 0 && n < sizeof c->signature)
    snprintf(c->signature + n, sizeof c->signature - n, " | (no stack)");
  return true;
}

void triage_crash_free(triage_crash *c) {
  free(c->stack);
  c->stack = NULL;
}
