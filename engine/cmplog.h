/* The comparison log: operands of recent comparisons seen by the target
 * (trace-cmp callbacks, switch cases, and the memcmp/strcmp/strncmp/
 * strcasecmp/strstr/memmem weak hooks). Written by those hooks (engine/cmplog.c,
 * engine/mem_hooks.c) during one execution while capture is on, read by the
 * mutators (input-to-state replacement, automatic dictionary). Fixed size;
 * newer entries overwrite older ones in a ring. Not thread-safe: one execution
 * at a time per process. */
#ifndef FF_ENGINE_CMPLOG_H
#define FF_ENGINE_CMPLOG_H

#include <stddef.h>
#include <stdint.h>

#define FF_CMPLOG_ENTRIES 1024
#define FF_CMPLOG_MAX_BYTES 32

enum ff_cmp_kind {
  FF_CMP_INT = 0,   /* integer compare; len is 1, 2, 4 or 8, operands little-endian as in memory */
  FF_CMP_CONST = 1, /* integer compare where one side is a compile-time constant (arg1) */
  FF_CMP_SWITCH = 2,
  FF_CMP_MEM = 3 /* memcmp/strcmp family: len bytes each (truncated to FF_CMPLOG_MAX_BYTES) */
};

typedef struct ff_cmplog_entry {
  uintptr_t pc; /* the compare's call site (return address of the hook); 0: unknown */
  uint8_t kind;
  uint8_t len;
  uint8_t a[FF_CMPLOG_MAX_BYTES];
  uint8_t b[FF_CMPLOG_MAX_BYTES];
} ff_cmplog_entry;

typedef struct ff_cmplog {
  ff_cmplog_entry e[FF_CMPLOG_ENTRIES];
  uint32_t next;  /* ring position of the next write */
  uint32_t count; /* entries written since the last reset, saturating at FF_CMPLOG_ENTRIES */
} ff_cmplog;

/* The process-wide log the hooks write into is ff_engine_cmplog; they write
 * while ff_cmplog_capture is true, only for the runs whose comparison log the
 * mutators will read (both in globals.h). */

static inline void ff_cmplog_reset(ff_cmplog *log) {
  log->next = 0;
  log->count = 0;
}

/* Logs one compare made at call site pc (the transform stage, i2s_stage.c,
 * matches the compares of two runs by site). */
static inline void ff_cmplog_add_at(ff_cmplog *log, uint8_t kind, uintptr_t pc, const void *a,
                                    const void *b, size_t len) {
  if (len > FF_CMPLOG_MAX_BYTES) len = FF_CMPLOG_MAX_BYTES;
  ff_cmplog_entry *e = &log->e[log->next];
  e->pc = pc;
  e->kind = kind;
  e->len = (uint8_t)len;
  for (size_t i = 0; i < len; i++) {
    e->a[i] = ((const uint8_t *)a)[i];
    e->b[i] = ((const uint8_t *)b)[i];
  }
  log->next = (log->next + 1) % FF_CMPLOG_ENTRIES;
  if (log->count < FF_CMPLOG_ENTRIES) log->count++;
}

static inline void ff_cmplog_add(ff_cmplog *log, uint8_t kind, const void *a, const void *b,
                                 size_t len) {
  ff_cmplog_add_at(log, kind, 0, a, b, len);
}

#endif
