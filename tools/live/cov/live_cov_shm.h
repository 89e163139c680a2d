/* The layout of the coverage map a live tool (live fuzz --coverage, mcp
 * --coverage) shares with the server it runs: a POSIX shared-memory object
 * named in FORMFUZZ_LIVE_COV, a 64-byte header and LIVE_COV_MAP_SIZE map
 * bytes, one hit count per edge slot. Included by the tool and by the two
 * server runtimes (live_cov_rt.c for trace-pc-guard, live_cov_counters_rt.c
 * for inline 8-bit counters), so it holds types, constants and the one
 * attach step both runtimes share.
 *
 * trace-pc-guard servers count straight into the map. Inline 8-bit counters
 * live in the server's own memory, so that runtime answers requests: the tool
 * writes op, bumps req (a futex word) and waits until ack equals req; the
 * runtime's thread zeroes its counters (CLEAR) or folds them into the map
 * (COLLECT: slot = counter index mod the map size, the larger count kept). */
#ifndef FF_LIVE_COV_SHM_H
#define FF_LIVE_COV_SHM_H

#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#define LIVE_COV_MAGIC 0x43564646u /* "FFVC" */
#define LIVE_COV_MAP_SIZE 65536u
#define LIVE_COV_HEADER_SIZE 64u
#define LIVE_COV_SHM_SIZE (LIVE_COV_HEADER_SIZE + LIVE_COV_MAP_SIZE)

enum { LIVE_COV_RT_NONE = 0, LIVE_COV_RT_GUARD = 1, LIVE_COV_RT_COUNTERS = 2 };
enum { LIVE_COV_OP_CLEAR = 1, LIVE_COV_OP_COLLECT = 2 };

typedef struct live_cov_header {
  uint32_t magic;     /* LIVE_COV_MAGIC, written by the tool */
  uint32_t rt_kind;   /* LIVE_COV_RT_*: which runtime attached (the server writes it) */
  int32_t rt_pid;     /* the process of that runtime */
  uint32_t req;       /* futex word: bumped by the tool for each request */
  uint32_t op;        /* LIVE_COV_OP_* of request req */
  uint32_t ack;       /* futex word: the runtime sets it to req when done */
  uint32_t counters;  /* how many 8-bit counters the server has */
  uint32_t flushed;   /* set by the runtime when it folded its counters in as it died */
  uint8_t pad[LIVE_COV_HEADER_SIZE - 32];
} live_cov_header;

_Static_assert(sizeof(live_cov_header) == LIVE_COV_HEADER_SIZE, "the header is 64 bytes");

/* A server runtime's attach step: the map named in FORMFUZZ_LIVE_COV when
 * the variable is set and the object is a formfuzz map, else NULL (the
 * server then runs as usual). */
static inline live_cov_header *live_cov_shm_attach(void) {
  const char *name = getenv("FORMFUZZ_LIVE_COV");
  if (!name) return NULL;
  int fd = shm_open(name, O_RDWR, 0);
  if (fd < 0) return NULL;
  void *p = mmap(NULL, LIVE_COV_SHM_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  close(fd);
  if (p == MAP_FAILED) return NULL;
  live_cov_header *h = p;
  if (h->magic != LIVE_COV_MAGIC) {
    munmap(p, LIVE_COV_SHM_SIZE);
    return NULL;
  }
  return h;
}

#endif
