/* Reading a crash out of a target's output: the kind (ASan/LSan/UBSan report,
 * `==formfuzz== INVARIANT <id>`, abort/assert, libFuzzer timeout or OOM), the
 * stack, and the signature used for bucketing: the kind plus the top three
 * frames left after dropping sanitizer, libc, oracle-helper and engine frames
 * (ClusterFuzz's "crash state"). */
#ifndef FF_TOOLS_TRIAGE_CLASSIFY_H
#define FF_TOOLS_TRIAGE_CLASSIFY_H

#include <stdbool.h>
#include <stddef.h>

#define TRIAGE_FRAMES 3

typedef struct triage_frame {
  char func[128];
  char loc[256];  /* "path/file.c:14:47", or the module, or "" */
} triage_frame;

typedef struct triage_crash {
  bool crashed;
  char kind[160];      /* shown: "heap-buffer-overflow READ 1", "INVARIANT vm.one_owner" */
  char sig_kind[160];  /* bucketed: kind without sizes and addresses */
  char severity[8];    /* high | medium | low */
  char detail[512];    /* the report's main line (ERROR:, runtime error:, INVARIANT ...) */
  triage_frame frames[TRIAGE_FRAMES];
  int nframes;
  char signature[1024]; /* sig_kind | frame | frame | frame */
  char *stack;          /* the kept stack lines as printed (malloc'd, may be NULL) */
} triage_crash;

/* Parses output; timed_out/signal come from how the process ended (signal 0:
 * exited). Fills c (free with triage_crash_free). Returns c->crashed. */
bool triage_classify(const char *output, bool timed_out, int signal, triage_crash *c);
void triage_crash_free(triage_crash *c);

#endif
