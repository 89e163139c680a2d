/* scale: the crash-safe state store. The manager and the cluster are written
 * together to a temporary file ("storage.write" tears it), fsynced
 * ("storage.fsync") and renamed over the durable file ("storage.rename"); a
 * crash keeps only the last completed rename. Recovery loads that state and
 * finishes an interrupted operation by rolling it back (§5.3 restore). */
#include <string.h>

#include "formfuzz/bug.h"
#include "formfuzz/fault.h"
#include "scale.h"

#define MAGIC "SCALEST1"

void scale_disk_init(scale_disk *d) {
  memset(d->len, 0, sizeof d->len);
  d->durable = -1;
  d->tmp_synced = false;
  d->saves = 0;
}

static int tmp_slot(const scale_disk *d) { return d->durable == 0 ? 1 : 0; }

void scale_disk_crash(scale_disk *d) {
  d->len[tmp_slot(d)] = 0;
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
  int t = tmp_slot(d);
  uint8_t *buf = d->slot[t];
  uint64_t body = sizeof *s, sum = fnv1a((const uint8_t *)s, sizeof *s);
  scale_disk_crash(d); /* a stale temporary file is overwritten */
  memcpy(buf, MAGIC, 8);
  memcpy(buf + 8, &body, 8);
  memcpy(buf + 16, &sum, 8);
  memcpy(buf + SCALE_STORE_HEADER, s, sizeof *s);
  if (ff_fault("storage.write")) { /* a torn write: only a prefix reached the file */
    d->len[t] = SCALE_STORE_BYTES / 2;
    return SCALE_ERR_IO;
  }
  d->len[t] = SCALE_STORE_BYTES;
  if (ff_fault("storage.fsync")) return SCALE_ERR_IO;
  d->tmp_synced = true;
  if (ff_fault("storage.rename")) return SCALE_ERR_IO;
  d->durable = t;
  d->tmp_synced = false;
  d->len[tmp_slot(d)] = 0;
  d->saves++;
  return SCALE_OK;
}

scale_err scale_store_load(const scale_disk *d, scale_system *s) {
  uint64_t body, sum;
  if (d->durable < 0) return SCALE_ERR_CORRUPT;
  const uint8_t *f = d->slot[d->durable];
  if (d->len[d->durable] != SCALE_STORE_BYTES || memcmp(f, MAGIC, 8) != 0) return SCALE_ERR_CORRUPT;
  memcpy(&body, f + 8, 8);
  memcpy(&sum, f + 16, 8);
  if (body != sizeof *s || sum != fnv1a(f + SCALE_STORE_HEADER, sizeof *s)) return SCALE_ERR_CORRUPT;
  memcpy(s, f + SCALE_STORE_HEADER, sizeof *s);
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
