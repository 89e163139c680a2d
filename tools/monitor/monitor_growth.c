/* Incremental reading of stats.csv for the last coverage growth (see monitor_growth.h). */
#include "monitor_growth.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static ff_growth *entry(ff_growth_cache *cache, const char *path) {
  for (size_t i = 0; i < cache->count; i++)
    if (strcmp(cache->items[i].path, path) == 0) return &cache->items[i];
  ff_growth *grown = realloc(cache->items, (cache->count + 1) * sizeof *grown);
  if (!grown) return NULL;
  cache->items = grown;
  ff_growth *g = &cache->items[cache->count++];
  memset(g, 0, sizeof *g);
  snprintf(g->path, sizeof g->path, "%s", path);
  return g;
}

/* Reads the complete rows after g->offset (a row still being written waits). */
static void advance(ff_growth *g, FILE *in) {
  char line[512];
  if (fseek(in, g->offset, SEEK_SET) != 0) return;
  while (fgets(line, sizeof line, in)) {
    size_t n = strlen(line);
    if (n == 0 || line[n - 1] != '\n') break; /* partial: read it next time */
    g->offset += (long)n;
    int64_t t;
    double elapsed, eps;
    uint64_t execs, edges, features;
    if (sscanf(line, "%" SCNd64 ",%lf,%" SCNu64 ",%lf,%" SCNu64 ",%" SCNu64, &t, &elapsed, &execs,
               &eps, &edges, &features) != 6)
      continue; /* the header, or a damaged row */
    if (!g->any || edges > g->max_edges || features > g->max_features) g->last = t;
    if (edges > g->max_edges) g->max_edges = edges;
    if (features > g->max_features) g->max_features = features;
    g->any = true;
  }
}

int64_t ff_growth_last(ff_growth_cache *cache, const char *csv_path) {
  ff_growth one, *g = &one;
  if (cache && !(g = entry(cache, csv_path))) g = &one;
  if (g == &one) {
    memset(&one, 0, sizeof one);
    snprintf(one.path, sizeof one.path, "%s", csv_path);
  }
  FILE *in = fopen(csv_path, "r");
  if (!in) return 0;
  struct stat st;
  if (fstat(fileno(in), &st) == 0 && (st.st_ino != g->inode || st.st_size < g->offset)) {
    char path[sizeof g->path];
    memcpy(path, g->path, sizeof path);
    memset(g, 0, sizeof *g); /* replaced or truncated: from the start */
    memcpy(g->path, path, sizeof path);
    g->inode = st.st_ino;
  }
  advance(g, in);
  fclose(in);
  return g->last;
}

void ff_growth_cache_free(ff_growth_cache *cache) {
  free(cache->items);
  cache->items = NULL;
  cache->count = 0;
}
