/* dns TSIG (RFC 8945) with HMAC-SHA256 from nettle: signing a request and
 * checking the record that ends a message (key, algorithm, time within the
 * fudge, MAC compared in constant time, truncation no shorter than half). */
#include <nettle/hmac.h>
#include <nettle/memops.h>
#include <string.h>

#include "dns_update.h"

static const char ALG[] = "hmac-sha256";

static void be16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8), p[1] = (uint8_t)v; }
static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

/* MAC over msg (with arcount and id as given) and the TSIG variables. */
static void compute_mac(const dns_tsig_key *key, const uint8_t *msg, size_t len, uint16_t id,
                        uint16_t arcount, const dns_name *alg, uint64_t time, uint16_t fudge,
                        uint16_t error, const uint8_t *other, uint16_t other_len,
                        uint8_t mac[SHA256_DIGEST_SIZE]) {
  struct hmac_sha256_ctx ctx;
  hmac_sha256_set_key(&ctx, key->secret_len, key->secret);
  uint8_t hdr[4];
  be16(hdr, id);
  hmac_sha256_update(&ctx, 2, hdr);
  hmac_sha256_update(&ctx, 8, msg + 2);
  be16(hdr, arcount);
  hmac_sha256_update(&ctx, 2, hdr);
  hmac_sha256_update(&ctx, len - 12, msg + 12);
  dns_name kn;
  dns_name_from_text(key->name, &kn);
  dns_name_lower(&kn);
  hmac_sha256_update(&ctx, kn.len, kn.wire);
  uint8_t v[16];
  be16(v, DNS_C_ANY);
  memset(v + 2, 0, 4); /* TTL */
  hmac_sha256_update(&ctx, 6, v);
  dns_name a = *alg;
  dns_name_lower(&a);
  hmac_sha256_update(&ctx, a.len, a.wire);
  for (int i = 0; i < 6; i++) v[i] = (uint8_t)(time >> (40 - 8 * i));
  be16(v + 6, fudge);
  be16(v + 8, error);
  be16(v + 10, other_len);
  hmac_sha256_update(&ctx, 12, v);
  if (other_len) hmac_sha256_update(&ctx, other_len, other);
  hmac_sha256_digest(&ctx, SHA256_DIGEST_SIZE, mac);
}

long dns_tsig_sign(uint8_t *msg, size_t len, size_t cap, const dns_tsig_key *key, uint64_t now) {
  if (len < DNS_HEADER_LEN) return -1;
  dns_name kn, alg;
  if (dns_name_from_text(key->name, &kn) || dns_name_from_text(ALG, &alg)) return -1;
  dns_name_lower(&kn);
  uint16_t id = rd16(msg), ar = rd16(msg + 10);
  uint8_t mac[SHA256_DIGEST_SIZE];
  compute_mac(key, msg, len, id, ar, &alg, now, DNS_TSIG_FUDGE, 0, NULL, 0, mac);
  size_t rdlen = alg.len + 6 + 2 + 2 + sizeof mac + 2 + 2 + 2;
  size_t need = len + kn.len + 10 + rdlen;
  if (need > cap || ar == 0xffff) return -1;
  uint8_t *p = msg + len;
  memcpy(p, kn.wire, kn.len), p += kn.len;
  be16(p, DNS_T_TSIG), be16(p + 2, DNS_C_ANY), memset(p + 4, 0, 4), be16(p + 8, (uint16_t)rdlen), p += 10;
  memcpy(p, alg.wire, alg.len), p += alg.len;
  for (int i = 0; i < 6; i++) *p++ = (uint8_t)(now >> (40 - 8 * i));
  be16(p, DNS_TSIG_FUDGE), be16(p + 2, sizeof mac), p += 4;
  memcpy(p, mac, sizeof mac), p += sizeof mac;
  be16(p, id), be16(p + 2, 0), be16(p + 4, 0), p += 6;
  be16(msg + 10, (uint16_t)(ar + 1));
  return (long)need;
}

/* Offset where record number `index` (0-based, over all sections) starts. */
static long record_offset(const uint8_t *msg, size_t len, size_t index) {
  size_t pos = DNS_HEADER_LEN, qd = rd16(msg + 4);
  for (size_t i = 0; i < index; i++) {
    dns_name n;
    if (dns_name_read(msg, len, &pos, &n)) return -1;
    if (i < qd) {
      pos += 4;
      continue;
    }
    if (pos + 10 > len) return -1;
    pos += 10 + rd16(msg + pos + 8);
  }
  return pos <= len ? (long)pos : -1;
}

int dns_tsig_verify(const uint8_t *msg, size_t len, const dns_tsig_key *keys, size_t nkeys,
                    uint64_t now) {
  dns_msg m;
  if (dns_msg_init(&m)) return -1;
  int result = -1;
  if (dns_msg_parse(&m, msg, len) || m.count[DNS_AR] == 0) goto out;
  const dns_rr *t = &m.rr[m.nrr - 1];
  for (size_t i = 0; i + 1 < m.nrr; i++)
    if (m.rr[i].type == DNS_T_TSIG) goto out; /* TSIG only as the very last record */
  if (t->type != DNS_T_TSIG || t->cls != DNS_C_ANY || t->ttl != 0) goto out;
  const uint8_t *rd = dns_rr_rdata(&m, t);
  size_t p = 0;
  dns_name alg;
  if (dns_name_read(rd, t->rdlen, &p, &alg) || p + 10 > t->rdlen) goto out;
  uint64_t time = 0;
  for (int i = 0; i < 6; i++) time = time << 8 | rd[p + i];
  uint16_t fudge = rd16(rd + p + 6), maclen = rd16(rd + p + 8);
  p += 10;
  if (p + maclen + 6 > t->rdlen) goto out;
  const uint8_t *mac = rd + p;
  p += maclen;
  uint16_t orig_id = rd16(rd + p), other_len = rd16(rd + p + 4);
  if (p + 6 + other_len != t->rdlen) goto out;
  const uint8_t *other = rd + p + 6;
  char kname[DNS_KEY_MAX];
  const dns_tsig_key *key = NULL;
  if (dns_key_from_name(&t->owner, kname, NULL) == 0)
    for (size_t i = 0; i < nkeys && !key; i++)
      if (strcmp(keys[i].name, kname) == 0) key = &keys[i];
  dns_name want;
  dns_name_from_text(ALG, &want);
  if (!key || !dns_name_equal_nocase(&alg, &want)) {
    result = DNS_TSIG_BADKEY;
    goto out;
  }
  if (maclen > SHA256_DIGEST_SIZE || maclen < SHA256_DIGEST_SIZE / 2) {
    result = maclen > SHA256_DIGEST_SIZE ? -1 : DNS_TSIG_BADTRUNC;
    goto out;
  }
  long off = record_offset(msg, len, m.nrr - 1);
  if (off < 0) goto out;
  uint8_t expect[SHA256_DIGEST_SIZE];
  compute_mac(key, msg, (size_t)off, orig_id, (uint16_t)(m.count[DNS_AR] - 1), &alg, time, fudge,
              rd16(rd + p + 2), other, other_len, expect);
  if (!memeql_sec(expect, mac, maclen)) {
    result = DNS_TSIG_BADSIG;
    goto out;
  }
  uint64_t skew = now > time ? now - time : time - now;
  result = skew > fudge ? DNS_TSIG_BADTIME : 0;
out:
  dns_msg_free(&m);
  return result;
}
