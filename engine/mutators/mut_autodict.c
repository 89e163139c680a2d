/* The automatic dictionary: tokens harvested from the comparison logs of past
 * executions, kept after those logs are gone. Kept: both operands of memcmp-
 * family compares, and the constants of constant compares and switches of
 * width >= 2 that are not trivial (0, 1, all 0xff). Bounded at FF_AUTODICT_CAP entries; a new
 * token evicts the least useful one: fewest finds (insertions that reached new
 * coverage), then fewest sightings in logs, so input-derived operands that
 * change every run give way to constants the target keeps comparing against.
 * A hash index makes the duplicate check O(1); harvests are bounded per call. */
#include <stdlib.h>
#include <string.h>

#include "mut_ops.h"

#define SEEN_MAX 0xffffffffu

static uint32_t token_hash(const uint8_t *p, size_t n) {
  uint32_t h = 2166136261u ^ (uint32_t)n; /* FNV-1a */
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
  return h;
}

int ff_autodict_init(ff_autodict *ad) {
  memset(ad, 0, sizeof *ad);
  ff_dict_init(&ad->dict);
  ad->dict.e = calloc(FF_AUTODICT_CAP, sizeof *ad->dict.e);
  if (!ad->dict.e) return -1;
  ad->dict.cap = FF_AUTODICT_CAP;
  return 0;
}

void ff_autodict_free(ff_autodict *ad) { ff_dict_free(&ad->dict); }

/* Slot holding the token, or the empty slot where it would go. */
static size_t lookup(const ff_autodict *ad, uint32_t h, const uint8_t *p, size_t n) {
  size_t s = h & (FF_AUTODICT_SLOTS - 1);
  for (;;) {
    uint16_t v = ad->slot[s];
    if (v == 0) return s;
    const ff_dict_entry *e = &ad->dict.e[v - 1];
    if (ad->hash[v - 1] == h && e->len == n && memcmp(e->data, p, n) == 0) return s;
    s = (s + 1) & (FF_AUTODICT_SLOTS - 1);
  }
}

static void reindex(ff_autodict *ad) {
  memset(ad->slot, 0, sizeof ad->slot);
  for (size_t i = 0; i < ad->dict.n; i++) {
    const ff_dict_entry *e = &ad->dict.e[i];
    ad->slot[lookup(ad, ad->hash[i], e->data, e->len)] = (uint16_t)(i + 1);
  }
}

static size_t least_useful(const ff_autodict *ad) {
  size_t worst = 0;
  for (size_t i = 1; i < ad->dict.n; i++) {
    const ff_dict_entry *e = &ad->dict.e[i], *w = &ad->dict.e[worst];
    if (e->uses_found_new < w->uses_found_new ||
        (e->uses_found_new == w->uses_found_new && ad->seen[i] < ad->seen[worst]))
      worst = i;
  }
  return worst;
}

bool ff_autodict_offer(ff_autodict *ad, const uint8_t *data, size_t len) {
  if (len == 0 || len > FF_DICT_MAX_ENTRY) return false;
  uint32_t h = token_hash(data, len);
  size_t s = lookup(ad, h, data, len);
  if (ad->slot[s]) {
    size_t i = ad->slot[s] - 1u;
    if (ad->seen[i] < SEEN_MAX) ad->seen[i]++;
    return true;
  }
  size_t i;
  bool evicted = ad->dict.n == FF_AUTODICT_CAP;
  if (evicted) {
    i = least_useful(ad);
  } else {
    i = ad->dict.n++;
  }
  ff_dict_entry *e = &ad->dict.e[i];
  e->len = (uint8_t)len;
  memcpy(e->data, data, len);
  e->uses_found_new = 0;
  ad->hash[i] = h;
  ad->seen[i] = 1;
  if (evicted)
    reindex(ad);
  else
    ad->slot[s] = (uint16_t)(i + 1);
  return true;
}

static bool trivial_integer(const uint8_t *p, size_t n) {
  bool zero = true, ones = true;
  for (size_t i = 0; i < n; i++) {
    if (p[i] != 0 && !(i == 0 && p[i] == 1)) zero = false; /* 0 or 1 (little-endian) */
    if (p[i] != 0xff) ones = false;
  }
  return zero || ones;
}

/* Memory compares: both operands (which one is the constant is unknown).
 * Constant compares and switches: the constant, which the hooks log as a. */
static void offer_entry(ff_autodict *ad, const ff_cmplog_entry *e) {
  if (e->kind == FF_CMP_MEM) {
    ff_autodict_offer(ad, e->a, e->len);
    ff_autodict_offer(ad, e->b, e->len);
  } else if ((e->kind == FF_CMP_CONST || e->kind == FF_CMP_SWITCH) && e->len >= 2 &&
             !trivial_integer(e->a, e->len)) {
    ff_autodict_offer(ad, e->a, e->len);
  }
}

void ff_autodict_harvest(ff_autodict *ad, const ff_cmplog *log, size_t budget) {
  if (!log || log->count == 0) return;
  if (budget > log->count) budget = log->count;
  for (size_t k = 0; k < budget; k++) {
    const ff_cmplog_entry *e = &log->e[ad->cursor % log->count];
    ad->cursor = (ad->cursor + 1) % FF_CMPLOG_ENTRIES;
    if (e->len == 0) continue;
    offer_entry(ad, e);
  }
}
