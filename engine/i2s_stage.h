/* The input-to-state stage (REDQUEEN's, run by the fuzzing loop): for a corpus
 * entry whose comparison log holds compares at call sites not yet worked on,
 * once per entry:
 *   1. colorization (colorize.h): a twin of the entry with as many bytes
 *      randomized as keep its edge path, and the twin's comparison log;
 *   2. checksum detection (checksum.h), when -checksums=1: a compare whose
 *      one side is CRC-32/Adler-32/sum/XOR of a range of the input and whose
 *      other side is a field of it becomes a site, repaired in every later
 *      mutant before it runs; the entry runs once repaired;
 *   3. transform-aware input-to-state (i2s_transforms.h), when
 *      -i2s_transforms=1: every patch that puts a compare's other operand into
 *      the input in the encoding its operand has there runs once (checksum
 *      sites repaired).
 * Adaptive: an entry gets the stage only when one of its logged (unsolved:
 * unequal) compares has operands never staged before at its call site, and
 * fewer than FF_I2S_SITE_TRIES entries have been staged for that site; colorization is bounded in runs, the patches per
 * entry too. The stage counts its runs, finds (new corpus entries) and new
 * features per part, printed with -print_final_stats=1. */
#ifndef FF_ENGINE_I2S_STAGE_H
#define FF_ENGINE_I2S_STAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checksum.h"
#include "cmplog.h"
#include "i2s_transforms.h"

struct ff_engine;

#define FF_I2S_SITE_SLOTS 4096
#define FF_I2S_SITE_TRIES 64 /* entries staged per call site at most */

typedef struct ff_stage_count {
  uint64_t runs, finds, features;
} ff_stage_count;

enum ff_stage_part { FF_STAGE_COLORIZE, FF_STAGE_TRANSFORMS, FF_STAGE_CHECKSUM, FF_STAGE_PARTS };

typedef struct ff_i2s_stage {
  bool transforms, checksums;
  ff_cmplog *orig, *twin;      /* the entry's log and its colorized twin's */
  uint8_t *color, *cand;       /* the twin, a candidate (max_len bytes each) */
  size_t max_len;
  uint8_t *staged;             /* per corpus id: stage done */
  size_t staged_cap;
  uint8_t site_tries[FF_I2S_SITE_SLOTS];   /* per call site (hashed) */
  uint8_t value_seen[FF_I2S_SITE_SLOTS];   /* per call site and operands (hashed) */
  uint32_t site_mark[FF_I2S_SITE_SLOTS];
  uint32_t mark;
  ff_checksums ck;
  uint64_t entries;            /* entries staged */
  ff_stage_count part[FF_STAGE_PARTS];
  ff_stage_count kind[FF_I2S_KINDS];
} ff_i2s_stage;

/* Allocates the stage for inputs of up to max_len bytes; 0 or -1. */
int ff_i2s_stage_init(ff_i2s_stage *st, size_t max_len, bool transforms, bool checksums);
void ff_i2s_stage_free(ff_i2s_stage *st);
/* Hash of the edge features of a run (features below edge_features). */
uint64_t ff_i2s_path_hash(const uint32_t *idx, size_t n, uint32_t edge_features);
/* The stage for corpus entry id (base[0, size)), right after its capture run:
 * ff_engine_cmplog holds its log and e->run its features. Leaves the log as
 * it found it. */
void ff_i2s_stage_run(ff_i2s_stage *st, struct ff_engine *e, uint32_t id, const uint8_t *base,
                      size_t size);
/* Before a mutant runs: rewrites its checksum fields (most of the time; one
 * mutant in FF_CK_RAW_ONE_IN keeps its bytes). True when it changed. */
bool ff_i2s_stage_repair(ff_i2s_stage *st, struct ff_engine *e, uint8_t *data, size_t size);
/* Counts a run made elsewhere for part (a repaired mutant of the loop). */
void ff_i2s_stage_count(ff_i2s_stage *st, int part, int outcome, uint64_t new_features);
/* The stage's lines of -print_final_stats=1. */
void ff_i2s_stage_print(const ff_i2s_stage *st);

#define FF_CK_RAW_ONE_IN 8

#endif
