/* Property tests: one body, every engine.
 *
 *   FF_PROPERTY(sorted_stays_sorted) {
 *     uint32_t a = ff_u32(in), b = ff_u32(in);      // `in` is the ff_input *
 *     FF_PROP_ASSERT(a + b >= a, "overflow: %u + %u", a, b);
 *     FF_INVARIANT(my_check(a, b), "mod.check", "a=%u b=%u", a, b);
 *   }
 *
 * A property fails when it trips an FF_PROP_ASSERT or FF_INVARIANT, or
 * crashes (signal, sanitizer report). Built with ff_add_property_test (see
 * cmake/formfuzz.cmake) the file becomes a test program that
 *   1. replays every file in the component's regressions/<property>/,
 *   2. runs FORMFUZZ_PROP_CASES cases (default 1000) from a generator seeded by
 *      FORMFUZZ_PROP_SEED (default 1): random byte buffers of growing size,
 *   3. on failure shrinks the byte buffer to the smallest one that fails the
 *      same way (same invariant id, or same crash summary), prints it as hex
 *      and as the values drawn, and saves it under regressions/<property>/.
 * Cases run in-process inside one forked child, so a crash loses nothing: the
 * parent takes the crashing buffer and shrinks it with one child per run.
 * Oracle failures shrink in-process (an oracle hook longjmps back).
 *
 * Order used by the shrinker: shorter first, then bytewise smaller, where a
 * buffer counts as long as the bytes the property read (reads past the end are
 * zeros). With ff_input's encoding this gives the simplest values: `x < 1000`
 * over ff_u32 shrinks to 00 00 03 e8.
 *
 * The same file built with ff_add_property_fuzzer is a fuzzer for every engine:
 * LLVMFuzzerTestOneInput runs the property (FORMFUZZ_PROPERTY=name picks one
 * when the file has several) on the fuzz bytes. */
#ifndef FORMFUZZ_PROP_H
#define FORMFUZZ_PROP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "formfuzz/input.h"
#include "formfuzz/oracle.h"

typedef void (*ff_prop_fn)(ff_input *in);

typedef struct ff_property {
  const char *name;
  ff_prop_fn fn;
} ff_property;

#define FF_PROPERTY(name)                                                  \
  static void ff_property_body_##name(ff_input *in);                       \
  __attribute__((constructor)) static void ff_property_register_##name(void) { \
    ff_prop_register(#name, ff_property_body_##name);                      \
  }                                                                        \
  static void ff_property_body_##name(ff_input *in)

#define FF_PROP_STR2(x) #x
#define FF_PROP_STR(x) FF_PROP_STR2(x)
/* A property's own assertion; its invariant id is "prop.line<N>". */
#define FF_PROP_ASSERT(cond, ...) FF_INVARIANT(cond, "prop.line" FF_PROP_STR(__LINE__), __VA_ARGS__)

/* Registry (filled by FF_PROPERTY before main). */
void ff_prop_register(const char *name, ff_prop_fn fn);
size_t ff_prop_count(void);
const ff_property *ff_prop_at(size_t i);
const ff_property *ff_prop_find(const char *name);

typedef struct ff_prop_config {
  uint64_t seed;          /* FORMFUZZ_PROP_SEED, default 1 */
  unsigned cases;         /* FORMFUZZ_PROP_CASES, default 1000 */
  size_t max_size;        /* largest generated buffer, default 512 */
  unsigned max_shrinks;   /* property runs spent shrinking an oracle failure, default 20000 */
  unsigned max_crash_shrinks; /* forked runs spent shrinking a crash, default 400 */
  bool use_fork;          /* FORMFUZZ_PROP_FORK=0 turns it off (a crash then ends the process) */
  const char *save_dir;   /* counterexamples go to save_dir/<property>/; NULL: not saved */
  FILE *report;           /* counterexample and progress; NULL: silent */
} ff_prop_config;

typedef enum ff_prop_status { FF_PROP_PASSED = 0, FF_PROP_FAILED = 1, FF_PROP_ERROR = 2 } ff_prop_status;

typedef struct ff_prop_result {
  ff_prop_status status;
  unsigned cases_run;
  unsigned failing_case;   /* index of the first failing case */
  char failure[192];       /* how it fails: "invariant <id>" or "crash <summary>" */
  char message[512];       /* the invariant's message, or the error */
  uint8_t *counterexample; /* the shrunk buffer (malloc'd) */
  size_t counterexample_len;
  size_t original_len;     /* length of the failing case before shrinking */
  unsigned shrink_runs;    /* property runs spent shrinking */
  char saved_path[1024];   /* where it was saved, or "" */
} ff_prop_result;

/* Defaults, then FORMFUZZ_PROP_CASES / FORMFUZZ_PROP_SEED / FORMFUZZ_PROP_FORK. */
void ff_prop_config_default(ff_prop_config *cfg);
/* Runs the cases, shrinks and saves a failure. Returns res->status. */
ff_prop_status ff_prop_check(const ff_property *prop, const ff_prop_config *cfg, ff_prop_result *res);
void ff_prop_result_free(ff_prop_result *res);

/* Runs the property once on data, in-process and quietly. Returns true when it fails with
 * an oracle (failure receives "invariant <id>", message the text); a crash
 * ends the process. consumed (may be NULL) receives the bytes the run read. */
bool ff_prop_run_once(const ff_property *prop, const uint8_t *data, size_t len, char *failure,
                      size_t failure_cap, char *message, size_t message_cap, size_t *consumed);
/* Prints data as hex and the values the property draws from it (one per line). */
void ff_prop_print_counterexample(const ff_property *prop, const uint8_t *data, size_t len,
                                  FILE *out);
/* Replays every file in dir (sorted by name). Returns the number that failed,
 * printing each; -1 when dir cannot be read (a missing dir is 0). */
int ff_prop_replay_dir(const ff_property *prop, const char *dir, FILE *report);

#endif
