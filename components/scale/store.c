/* scale: the crash-safe state store. The manager and the cluster are written
 * together to a temporary file ("storage.write" tears it), fsynced
 * ("storage.fsync") and renamed over the durable file ("storage.rename"); a
 * crash keeps only the last completed rename. Recovery loads that state and
 * finishes an interrupted operation by rolling it back (§5.3 restore). */
#include <stdlib.h>
#include <string.h>

#include "formfuzz/bug.h"
#include "formfuzz/fault.h"
#include "scale.h"

#define MAGIC "SCALEST1"
#define HEADER 24 /* magic 8, length 8, FNV-1a 64 over words 8 */

void scale_disk_init(scale_disk *d) { memset(d, 0, sizeof *d); }

void scale_disk_free(scale_disk *d) {
  free(d->durable);
  free(d->tmp);
  memset(d, 0, sizeof *d);
}

void scale_disk_crash(scale_disk *d) {
  free(d->tmp);
  d->tmp = NULL;
  d->tmp_len = 0;
  d->tmp_synced = false;
}

/* FNV-1a over 64-bit words (then the tail bytes): each step is a bijection of
 * the running value, so any change to one word changes the sum. */
static uint64_t fnv1a(const uint8_t *p, size_t n) {
  uint64_t h = 0xcbf29ce484222325ull, w;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    memcpy(&w, p + i, 8);
    h = (h ^ w) * 0x100000001b3ull;
  }
  for (; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ull;
  return h;
}

scale_err scale_store_save(scale_disk *d, const scale_system *s) {
  size_t len = HEADER + sizeof *s;
  uint8_t *buf = malloc(len);
  if (!buf) return SCALE_ERR_IO;
  uint64_t body = sizeof *s, sum = fnv1a((const uint8_t *)s, sizeof *s);
  memcpy(buf, MAGIC, 8);
  memcpy(buf + 8, &body, 8);
  memcpy(buf + 16, &sum, 8);
  memcpy(buf + HEADER, s, sizeof *s);
  scale_disk_crash(d); /* a stale temporary file is overwritten */
  d->tmp = buf;
  if (ff_fault("storage.write")) { /* a torn write: only a prefix reached the file */
    d->tmp_len = len / 2;
    return SCALE_ERR_IO;
  }
  d->tmp_len = len;
  if (ff_fault("storage.fsync")) return SCALE_ERR_IO;
  d->tmp_synced = true;
  if (ff_fault("storage.rename")) return SCALE_ERR_IO;
  free(d->durable);
  d->durable = d->tmp;
  d->durable_len = d->tmp_len;
  d->tmp = NULL;
  d->tmp_len = 0;
  d->tmp_synced = false;
  d->saves++;
  return SCALE_OK;
}

scale_err scale_store_load(const scale_disk *d, scale_system *s) {
  uint64_t body, sum;
  if (!d->durable || d->durable_len != HEADER + sizeof *s || memcmp(d->durable, MAGIC, 8) != 0)
    return SCALE_ERR_CORRUPT;
  memcpy(&body, d->durable + 8, 8);
  memcpy(&sum, d->durable + 16, 8);
  if (body != sizeof *s || sum != fnv1a(d->durable + HEADER, sizeof *s)) return SCALE_ERR_CORRUPT;
  memcpy(s, d->durable + HEADER, sizeof *s);
  /* The real ScalingManager is #[serde(skip)]: not persisted, empty after a restart. */
  if (FF_BUG("scale.manager_not_persisted")) scale_manager_init(&s->manager);
  return SCALE_OK;
}

scale_err scale_recover(scale_disk *d, scale_system *s, int64_t now) {
  scale_err e = scale_store_load(d, s);
  if (e != SCALE_OK) return e;
  scale_manager *m = &s->manager;
  if (scale_manager_busy(m)) scale_fail(m, "Crash", "interrupted by a crash", now);
  const scale_op_record *r = scale_manager_record_c(m);
  if (m->active && r && !r->rolled_back && (m->cur.kind == SCALE_PH_FAILED || m->cur.kind == SCALE_PH_CANCELED))
    scale_rollback(s, now);
  return scale_store_save(d, s);
}
