/* Crash buckets: every reproduced artifact of a fuzzer grouped by signature,
 * with the first and smallest input, counts, first/last seen, stability, and
 * what the previous triage run knew (so re-runs are idempotent and only
 * buckets from newly arrived artifacts are marked new). */
#ifndef FF_TOOLS_TRIAGE_BUCKET_H
#define FF_TOOLS_TRIAGE_BUCKET_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "dir_list.h"
#include "triage_classify.h"

typedef struct triage_bucket {
  char id[16];             /* first 12 hex digits of SHA-1(fuzzer \n signature) */
  char fuzzer[128];
  triage_crash crash;      /* from the first input */
  long count;              /* artifacts in the bucket */
  bool stable;             /* every run of every input gave this signature */
  int runs, same_runs;
  char first_input[4400];  /* oldest artifact (mtime, then name) */
  time_t first_mtime;
  char smallest_input[4400];
  size_t smallest_size;
  time_t first_seen, last_seen;
  bool is_new;
  char minimized[4400];    /* out/triage/<id>/minimized, "" when none */
  size_t minimized_size;
  char repro[8800];        /* command reproducing the minimized (or smallest) input */
  char binary[4096];
} triage_bucket;

typedef struct triage_unrepro {
  char fuzzer[128], artifact[4096], reason[256];
} triage_unrepro;

typedef struct triage_set {
  triage_bucket *buckets;
  size_t nbuckets;
  triage_unrepro *unrepro;
  size_t nunrepro;
  ff_path_list artifacts; /* "fuzzer/name" of every artifact looked at, for the next run */
} triage_set;

/* The previous run's index.json, as far as idempotence needs it. */
typedef struct triage_previous {
  bool present;
  void *json; /* the parsed document (jansson) */
} triage_previous;

void triage_bucket_id(const char *fuzzer, const char *signature, char id[16]);
/* The bucket for (fuzzer, crash), created when new: takes ownership of crash
 * (its stack) when it creates one, else frees it. NULL on out of memory. */
triage_bucket *triage_set_add(triage_set *s, const char *fuzzer, triage_crash *crash);
int triage_set_note_artifact(triage_set *s, const char *fuzzer, const char *name);
int triage_set_add_unrepro(triage_set *s, const char *fuzzer, const char *artifact, const char *why);
void triage_set_free(triage_set *s);

/* Reads <triage_dir>/index.json when there is one (a corrupt one is ignored
 * with a warning). */
void triage_previous_load(const char *triage_dir, triage_previous *p);
void triage_previous_free(triage_previous *p);
/* Applies what the previous run knew: first_seen, and "new" = not in the
 * previous index, or still new there when no artifact has arrived since. */
void triage_previous_apply(const triage_previous *p, triage_set *s);

#endif
