/* The in-memory corpus: entries with their metadata, and their SHA-1-named
 * copies in the first corpus directory (written atomically; inputs that came
 * from disk are never re-written). Entry ids are stable array positions; an
 * entry that no longer holds the smallest input for any feature is retired
 * (its memory freed, its file removed if this process wrote it). */
#ifndef FF_ENGINE_CORPUS_H
#define FF_ENGINE_CORPUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fileio.h"

enum ff_found_by {
  FF_FOUND_SEED = 0,   /* loaded from a corpus directory at start */
  FF_FOUND_MUTATE,     /* ff_mutate */
  FF_FOUND_CROSSOVER,  /* ff_crossover */
  FF_FOUND_CUSTOM,     /* LLVMFuzzerCustomMutator */
  FF_FOUND_CUSTOM_CROSSOVER,
  FF_FOUND_SYNC,       /* written by another worker into the shared directory */
  FF_FOUND_KINDS
};

typedef struct ff_entry {
  uint8_t *data;
  uint32_t size;
  uint32_t *features; /* every feature the input reached when it was added */
  uint32_t nfeatures;
  uint32_t owned;     /* features for which this is the smallest input so far */
  uint64_t exec_ns;
  uint64_t times_chosen;
  double weight;      /* set by the scheduler */
  uint8_t found_by;   /* enum ff_found_by */
  bool from_disk;
  bool written;       /* this process wrote the file */
  bool retired;
  char name[FF_SHA1_HEX_LEN + 1];
} ff_entry;

typedef struct ff_corpus {
  ff_entry **entries;
  size_t n, cap;
  size_t active;       /* entries not retired */
  size_t active_bytes;
  size_t max_size;     /* of active entries, ever */
  const char *dir;     /* where new entries go; NULL: memory only */
  uint64_t generation; /* bumped on every add or retire */
  int write_error;     /* errno of the first corpus file that could not be written; 0: none */
} ff_corpus;

void ff_corpus_init(ff_corpus *c, const char *dir);
void ff_corpus_free(ff_corpus *c);
/* Adds a copy of data with a copy of its features; writes it into dir unless
 * from_disk. Returns the new id, or -1: no memory, or the file could not be
 * written (reported, errno in write_error): the entry is not added, so what
 * it would have replaced stays, on disk and in memory. */
long ff_corpus_add(ff_corpus *c, const uint8_t *data, size_t size, const uint32_t *features,
                   size_t nfeatures, uint64_t exec_ns, int found_by, bool from_disk);
/* One feature moved away from entry id; retires it when it holds none. */
void ff_corpus_release(ff_corpus *c, uint32_t id);

#endif
