/* dns message storage: allocation, records appended section by section into
 * one arena, the EDNS0 OPT record (RFC 6891). */
#include <stdlib.h>
#include <string.h>

#include "dns_wire.h"

#define ARENA_MAX (DNS_MSG_MAX * 4) /* RDATA bytes of one message, decompressed */
#define ARENA_START 2048
#define RR_START 16

const char *dns_err_name(dns_err e) {
  static const char *names[] = {"ok",       "short", "name",  "pointer", "rdata", "trailing",
                                "opt",      "limit", "tsig",  "nomem",   "space"};
  return (size_t)e < sizeof names / sizeof *names ? names[e] : "?";
}

int dns_msg_init(dns_msg *m) {
  memset(m, 0, sizeof *m);
  m->rr = malloc(RR_START * sizeof *m->rr); /* both grow on demand up to their limits */
  m->arena = malloc(ARENA_START);
  if (!m->rr || !m->arena) {
    dns_msg_free(m);
    return -1;
  }
  m->arena_cap = ARENA_START;
  m->rr_cap = RR_START;
  m->opt_index = -1;
  return 0;
}

void dns_msg_free(dns_msg *m) {
  free(m->rr);
  free(m->arena);
  memset(m, 0, sizeof *m);
}

void dns_msg_clear(dns_msg *m) {
  m->id = m->flags = 0;
  memset(m->count, 0, sizeof m->count);
  m->nrr = m->arena_len = 0;
  m->opt_index = -1;
  m->opt_count = 0;
  m->edns_udp = 0;
  m->edns_ext_rcode = m->edns_version = 0;
  m->edns_flags = 0;
}

const uint8_t *dns_rr_rdata(const dns_msg *m, const dns_rr *rr) { return m->arena + rr->rdoff; }

size_t dns_msg_section_start(const dns_msg *m, int sec) {
  size_t s = 0;
  for (int i = 0; i < sec; i++) s += m->count[i];
  return s;
}

dns_err dns_msg_add(dns_msg *m, int sec, const dns_name *owner, uint16_t type, uint16_t cls,
                    uint32_t ttl, const uint8_t *rdata, uint16_t rdlen) {
  for (int later = sec + 1; later < 4; later++)
    if (m->count[later]) return DNS_ERR_OPT; /* out of order: a programming error */
  if (m->nrr >= DNS_MSG_MAX_RR || m->count[sec] == 0xffff) return DNS_ERR_LIMIT;
  if (m->arena_len + rdlen > ARENA_MAX) return DNS_ERR_LIMIT;
  if (m->nrr == m->rr_cap) {
    size_t cap = m->rr_cap * 4 > DNS_MSG_MAX_RR ? DNS_MSG_MAX_RR : m->rr_cap * 4;
    dns_rr *bigger = realloc(m->rr, cap * sizeof *m->rr);
    if (!bigger) return DNS_ERR_NOMEM;
    m->rr = bigger, m->rr_cap = cap;
  }
  if (m->arena_len + rdlen > m->arena_cap) {
    size_t cap = m->arena_cap;
    while (cap < m->arena_len + rdlen) cap *= 4;
    if (cap > ARENA_MAX) cap = ARENA_MAX;
    uint8_t *bigger = realloc(m->arena, cap);
    if (!bigger) return DNS_ERR_NOMEM;
    m->arena = bigger, m->arena_cap = cap;
  }
  dns_rr *rr = &m->rr[m->nrr];
  rr->owner = *owner;
  rr->type = type, rr->cls = cls, rr->ttl = ttl, rr->rdlen = rdlen;
  rr->rdoff = (uint32_t)m->arena_len;
  if (rdlen) memcpy(m->arena + m->arena_len, rdata, rdlen);
  m->arena_len += rdlen;
  if (sec == DNS_AR && type == DNS_T_OPT) {
    if (m->opt_index < 0) {
      m->opt_index = (int)m->nrr;
      m->edns_udp = cls;
      m->edns_ext_rcode = (uint8_t)(ttl >> 24);
      m->edns_version = (uint8_t)(ttl >> 16);
      m->edns_flags = (uint16_t)ttl;
    }
    m->opt_count++;
  }
  m->nrr++;
  m->count[sec]++;
  return DNS_OK;
}

dns_err dns_msg_add_opt(dns_msg *m, uint16_t udp, bool dnssec_ok) {
  dns_name root = {1, {0}};
  return dns_msg_add(m, DNS_AR, &root, DNS_T_OPT, udp, dnssec_ok ? 0x8000u : 0, NULL, 0);
}
