/* When a fuzzer's coverage last grew, from its stats.csv: the newest row where
 * edges or features went past every earlier row (a restart that reloads the
 * corpus climbs back to the old maximum without counting as new). A cache
 * remembers how far each file was read, so a refreshing screen or a metrics
 * endpoint reads only the rows appended since (stats.csv grows by a row a
 * second for as long as the fuzzer runs); a file that shrank or was replaced
 * is read again from its start. */
#ifndef FF_TOOLS_MONITOR_GROWTH_H
#define FF_TOOLS_MONITOR_GROWTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef struct ff_growth {
  char path[2200];
  ino_t inode;
  long offset; /* bytes of complete rows read */
  bool any;    /* a row was read */
  uint64_t max_edges, max_features;
  int64_t last; /* unix time of the last growth; 0: none */
} ff_growth;

typedef struct ff_growth_cache {
  ff_growth *items;
  size_t count;
} ff_growth_cache;

/* The unix time of the last growth in csv_path (0: no rows, or no file).
 * cache NULL: the whole file is read. */
int64_t ff_growth_last(ff_growth_cache *cache, const char *csv_path);
void ff_growth_cache_free(ff_growth_cache *cache);

#endif
