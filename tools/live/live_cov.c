/* The shared coverage map of live fuzz (live_cov.h). */
#include "live_cov.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int live_cov_open(live_cov *c, char *err, size_t err_cap) {
  memset(c, 0, sizeof *c);
  snprintf(c->name, sizeof c->name, "/formfuzz-live-cov-%d", (int)getpid());
  snprintf(c->env, sizeof c->env, "FORMFUZZ_LIVE_COV=%s", c->name);
  int fd = shm_open(c->name, O_RDWR | O_CREAT | O_EXCL, 0600);
  if (fd < 0) {
    snprintf(err, err_cap, "cannot create the coverage map %s: %s", c->name, strerror(errno));
    return -1;
  }
  void *p = MAP_FAILED;
  if (ftruncate(fd, LIVE_COV_MAP_SIZE) == 0)
    p = mmap(NULL, LIVE_COV_MAP_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  close(fd);
  c->seen = calloc(LIVE_COV_MAP_SIZE, 1);
  if (p == MAP_FAILED || !c->seen) {
    snprintf(err, err_cap, "cannot map the coverage map %s", c->name);
    if (p != MAP_FAILED) munmap(p, LIVE_COV_MAP_SIZE);
    free(c->seen);
    shm_unlink(c->name);
    return -1;
  }
  c->map = p;
  return 0;
}

void live_cov_clear(live_cov *c) {
  if (c->map) memset(c->map, 0, LIVE_COV_MAP_SIZE);
}

size_t live_cov_new_edges(live_cov *c) {
  size_t fresh = 0;
  if (!c->map) return 0;
  for (size_t i = 0; i < LIVE_COV_MAP_SIZE; i++)
    if (c->map[i] && !c->seen[i]) c->seen[i] = 1, fresh++;
  c->edges += fresh;
  return fresh;
}

void live_cov_close(live_cov *c) {
  if (c->map) munmap(c->map, LIVE_COV_MAP_SIZE), shm_unlink(c->name);
  free(c->seen);
  c->map = NULL, c->seen = NULL;
}
