/* Exchanging inputs between worker directories, both directions, content-
 * addressed and idempotent. A directory is either a formfuzz corpus (flat,
 * SHA-1-named files) or an AFL++ -o directory (<dir>/<instance>/queue/id:...);
 * AFL++ directories receive new inputs in <dir>/formfuzz/queue/ (AFL++ picks up
 * every instance's queue/ when syncing), formfuzz ones as SHA-1-named files. */
#ifndef FF_TOOLS_CORPUS_SYNC_H
#define FF_TOOLS_CORPUS_SYNC_H

#include <stddef.h>

typedef struct corpus_sync_stats {
  size_t unique;   /* distinct inputs over all directories */
  size_t written;  /* files written in total */
  size_t skipped;  /* empty or oversized files */
} corpus_sync_stats;

/* True when dir looks like an AFL++ -o directory (some <dir>/<x>/queue/). */
int corpus_is_afl_dir(const char *dir);
int corpus_sync(const char *const *dirs, int n, size_t max_len, corpus_sync_stats *st, char *err,
                size_t err_cap);

#endif
