/* Freshness, which the real schemes lack (§1.1, §7.5): the signed message
 * binds method, path, body hash, a timestamp and a nonce (format in vm.h),
 * and a bounded nonce cache rejects replays within the window.
 * Known-bug replica vm.replay skips the nonce lookup. */
#include <stdio.h>
#include <string.h>

#include "formfuzz/bug.h"
#include "formfuzz/crypto.h"
#include "vm.h"

static const char MAGIC[] = "formation-request-v1";

long vm_fresh_format(const char *method, const char *path, const void *body, size_t body_len,
                     uint64_t timestamp, const char nonce[VM_NONCE_HEX + 1], char *out,
                     size_t cap) {
  uint8_t h[32];
  char hh[65];
  ff_sha256(body, body_len, h);
  vm_hex_encode(h, 32, hh);
  int n = snprintf(out, cap, "%s\n%s\n%s\n%s\n%llu\n%s", MAGIC, method, path, hh,
                   (unsigned long long)timestamp, nonce);
  if (n < 0 || (size_t)n >= cap) return -1;
  return n;
}

/* Next line of msg[*pos..len) (without '\n') into [*start, *end). */
static bool next_line(const uint8_t *msg, size_t len, size_t *pos, size_t *start, size_t *end) {
  if (*pos > len) return false;
  *start = *pos;
  while (*pos < len && msg[*pos] != '\n') (*pos)++;
  *end = *pos;
  (*pos)++; /* past the '\n' (or one past len for the last line) */
  return true;
}

static bool is_lower_hex(const uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f'))) return false;
  return true;
}

static bool copy_field(const uint8_t *p, size_t n, char *out, size_t cap, char lo, char hi) {
  if (n == 0 || n >= cap) return false;
  for (size_t i = 0; i < n; i++)
    if (p[i] < (uint8_t)lo || p[i] > (uint8_t)hi) return false;
  memcpy(out, p, n);
  out[n] = '\0';
  return true;
}

static bool parse_timestamp(const uint8_t *p, size_t n, uint64_t *out) {
  if (n == 0 || n > 19 || (n > 1 && p[0] == '0')) return false;
  uint64_t v = 0;
  for (size_t i = 0; i < n; i++) {
    if (p[i] < '0' || p[i] > '9') return false;
    v = v * 10 + (uint64_t)(p[i] - '0');
  }
  *out = v;
  return true;
}

vm_err vm_fresh_parse(const uint8_t *msg, size_t len, vm_fresh_fields *out) {
  size_t pos = 0, s[6], e[6];
  for (int i = 0; i < 6; i++)
    if (!next_line(msg, len, &pos, &s[i], &e[i])) return VM_E_NOT_BOUND;
  if (pos <= len) return VM_E_NOT_BOUND; /* a seventh line */
  if (e[0] - s[0] != sizeof MAGIC - 1 || memcmp(msg + s[0], MAGIC, sizeof MAGIC - 1) != 0)
    return VM_E_NOT_BOUND;
  if (!copy_field(msg + s[1], e[1] - s[1], out->method, sizeof out->method, 'A', 'Z'))
    return VM_E_NOT_BOUND;
  if (!copy_field(msg + s[2], e[2] - s[2], out->path, sizeof out->path, '!', '~'))
    return VM_E_NOT_BOUND;
  if (e[3] - s[3] != 64 || !is_lower_hex(msg + s[3], 64)) return VM_E_NOT_BOUND;
  ff_hex_decode((const char *)msg + s[3], 64, out->body_hash, 32);
  if (!parse_timestamp(msg + s[4], e[4] - s[4], &out->timestamp)) return VM_E_NOT_BOUND;
  if (e[5] - s[5] != VM_NONCE_HEX || !is_lower_hex(msg + s[5], VM_NONCE_HEX)) return VM_E_NOT_BOUND;
  memcpy(out->nonce, msg + s[5], VM_NONCE_HEX);
  out->nonce[VM_NONCE_HEX] = '\0';
  return VM_OK;
}

void vm_nonce_cache_init(vm_nonce_cache *c) { memset(c, 0, sizeof *c); }

static void drop_expired(vm_nonce_cache *c, uint64_t now) {
  size_t kept = 0;
  for (size_t i = 0; i < c->count; i++)
    if (c->entries[i].timestamp + VM_FRESH_WINDOW >= now) c->entries[kept++] = c->entries[i];
  c->count = kept;
}

static bool seen(const vm_nonce_cache *c, const vm_addr *signer, const char *nonce) {
  for (size_t i = 0; i < c->count; i++)
    if (vm_addr_equal(&c->entries[i].signer, signer) &&
        memcmp(c->entries[i].nonce, nonce, VM_NONCE_HEX) == 0)
      return true;
  return false;
}

/* Makes room for an entry with timestamp ts; false when ts would itself be the
 * oldest entry of a full cache (refused rather than forgotten). */
static bool make_room(vm_nonce_cache *c, uint64_t ts) {
  if (c->count < VM_NONCE_CACHE) return true;
  size_t oldest = 0;
  for (size_t i = 1; i < c->count; i++)
    if (c->entries[i].timestamp < c->entries[oldest].timestamp) oldest = i;
  if (ts <= c->entries[oldest].timestamp) return false;
  if (!c->has_floor || c->entries[oldest].timestamp > c->floor) c->floor = c->entries[oldest].timestamp;
  c->has_floor = true;
  c->entries[oldest] = c->entries[--c->count];
  return true;
}

vm_err vm_fresh_check(vm_nonce_cache *c, const vm_signed *s, const char *method, const char *path,
                      const void *body, size_t body_len, uint64_t now) {
  vm_fresh_fields f;
  vm_err e = vm_fresh_parse(s->message, s->message_len, &f);
  if (e != VM_OK) return e;
  uint8_t body_hash[32];
  ff_sha256(body, body_len, body_hash);
  if (strcmp(f.method, method) != 0 || strcmp(f.path, path) != 0 ||
      memcmp(f.body_hash, body_hash, 32) != 0)
    return VM_E_NOT_BOUND;
  if (f.timestamp + VM_FRESH_WINDOW < now || f.timestamp > now + VM_FRESH_WINDOW) return VM_E_STALE;
  if (c->has_floor && f.timestamp <= c->floor) return VM_E_STALE;
  drop_expired(c, now);
  if (!FF_BUG("vm.replay") && seen(c, &s->signer, f.nonce)) return VM_E_REPLAY;
  if (!make_room(c, f.timestamp)) return VM_E_STALE;
  vm_nonce_entry *n = &c->entries[c->count++];
  n->signer = s->signer;
  memcpy(n->nonce, f.nonce, VM_NONCE_HEX + 1);
  n->timestamp = f.timestamp;
  return VM_OK;
}
