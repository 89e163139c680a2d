/* nsd_diff: sends the same generated queries (valid ones over the served
 * zone, and malformed ones) over UDP or over TCP (RFC 1035 4.2.2 length
 * framing, one connection per query) to two servers on 127.0.0.1 and
 * compares the answers: response or silence, RCODE (with the EDNS extended
 * bits), AA/TC/RD/RA, and when not truncated the answer and authority
 * sections as sets. Prints one line per kind of disagreement with an
 * example, and a summary; exits 1 when any query disagrees.
 * usage: nsd_diff PORT_A PORT_B COUNT SEED [udp|tcp] */
#include <arpa/inet.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dns_wire.h"
#include "live_client.h"

static uint64_t rng;
static uint32_t next(void) {
  rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
  return (uint32_t)(rng >> 16);
}

static const char *const NAMES[] = {
    "example.test",       "www.example.test",  "WWW.Example.TEST",    "web.example.test",
    "alias.example.test", "out.example.test",  "loop1.example.test",  "nx.example.test",
    "x.wild.example.test", "a.b.wild.example.test", "wild.example.test", "b.c.example.test",
    "c.example.test",     "a.b.c.example.test", "sub.example.test",   "host.sub.example.test",
    "ns.sub.example.test", "ns1.example.test",  "_sip._tcp.example.test", "big.example.test",
    "4.3.2.1.example.test", "example.org",      "test",               ".",
    "mail.example.test",  "*.wild.example.test", "deep.nx.example.test", "example.test.example.org",
};
static const uint16_t TYPES[] = {DNS_T_A,   DNS_T_AAAA, DNS_T_NS,  DNS_T_CNAME, DNS_T_SOA, DNS_T_MX, DNS_T_TXT,
                                 DNS_T_SRV, DNS_T_PTR,  DNS_T_CAA, DNS_T_DS,    99,        DNS_T_AXFR};

static size_t make_query(uint8_t *out, size_t cap, char *desc, size_t dcap) {
  dns_msg m;
  if (dns_msg_init(&m)) exit(2);
  m.id = (uint16_t)next();
  m.flags = (next() & 1) ? DNS_F_RD : 0;
  if (next() % 8 == 0) m.flags |= DNS_F_CD;
  const char *name = NAMES[next() % (sizeof NAMES / sizeof *NAMES)];
  uint16_t type = TYPES[next() % (sizeof TYPES / sizeof *TYPES)];
  dns_name qn;
  dns_name_from_text(name, &qn);
  dns_msg_add(&m, DNS_QD, &qn, type, DNS_C_IN, 0, NULL, 0);
  bool edns = next() % 2;
  if (edns) dns_msg_add_opt(&m, next() % 2 ? 1232 : 4096, next() % 4 == 0);
  long n = dns_msg_write(&m, out, cap);
  dns_msg_free(&m);
  snprintf(desc, dcap, "%s/%u%s", name, type, edns ? "+edns" : "");
  if (next() % 5 == 0) { /* malformed or odd */
    switch (next() % 7) {
    case 0: n = (long)(next() % (uint32_t)n); strncat(desc, " cut", dcap - strlen(desc) - 1); break;
    case 1: out[12 + next() % (uint32_t)(n - 12)] ^= (uint8_t)(1u << (next() % 8)); strncat(desc, " flip", dcap - strlen(desc) - 1); break;
    case 2: out[5] = (uint8_t)(2 + next() % 3); strncat(desc, " qdcount", dcap - strlen(desc) - 1); break;
    case 3: out[2] = (uint8_t)((out[2] & 0x87) | (uint8_t)((1 + next() % 5) << 3)); strncat(desc, " opcode", dcap - strlen(desc) - 1); break;
    case 4: out[n++] = 0; strncat(desc, " trailing", dcap - strlen(desc) - 1); break;
    case 5: out[12] = 0xc0, out[13] = 0x0c; strncat(desc, " selfptr", dcap - strlen(desc) - 1); break;
    default: out[2] |= 0x80; strncat(desc, " qr", dcap - strlen(desc) - 1); break;
    }
  }
  return n < 0 ? 0 : (size_t)n;
}

/* Names inside RDATA may come back in the query's case (NSD compresses
 * against the question name): compare them case-insensitively. */
static uint8_t fold(uint16_t type, uint8_t b) {
  bool names = dns_type_compressible(type) || type == DNS_T_SRV;
  return names && b >= 'A' && b <= 'Z' ? (uint8_t)(b + 32) : b;
}

/* Sorted text lines of a section, one record each, for set comparison. */
static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
static void section_text(const dns_msg *m, int sec, char *out, size_t cap) {
  static char lines[64][700];
  char *ptr[64];
  size_t n = 0, start = dns_msg_section_start(m, sec);
  for (size_t i = start; i < start + m->count[sec] && n < 64; i++) {
    dns_rr rr = m->rr[i];
    dns_name_lower(&rr.owner);
    char owner[DNS_NAME_TEXT_MAX];
    dns_name_to_text(&rr.owner, owner, sizeof owner);
    int w = snprintf(lines[n], sizeof lines[n], "%s %u %u %u ", owner, rr.type, rr.cls, rr.ttl);
    for (size_t k = 0; k < rr.rdlen && w + 3 < (int)sizeof lines[n]; k++)
      w += snprintf(lines[n] + w, sizeof lines[n] - (size_t)w, "%02x", fold(rr.type, dns_rr_rdata(m, &m->rr[i])[k]));
    ptr[n] = lines[n];
    n++;
  }
  qsort(ptr, n, sizeof *ptr, cmp_str);
  out[0] = 0;
  for (size_t i = 0; i < n; i++) snprintf(out + strlen(out), cap - strlen(out), "%s;", ptr[i]);
}

#define KINDS 16
static const char *kind_name[KINDS];
static unsigned kind_count[KINDS];
static char kind_example[KINDS][3][600];
static size_t nkinds;

static void disagree(const char *kind, const char *desc, const char *detail) {
  size_t k = 0;
  while (k < nkinds && strcmp(kind_name[k], kind) != 0) k++;
  if (k == nkinds) {
    if (nkinds == KINDS) return;
    kind_name[nkinds++] = kind;
  }
  if (kind_count[k] < 3) snprintf(kind_example[k][kind_count[k]], sizeof kind_example[k][0], "%s: %s", desc, detail);
  kind_count[k]++;
}

static int rcode_of(const dns_msg *m) {
  return (m->opt_index >= 0 ? m->edns_ext_rcode << 4 : 0) | DNS_RCODE(m->flags);
}

int main(int argc, char **argv) {
  bool tcp = argc == 6 && strcmp(argv[5], "tcp") == 0;
  if (argc < 5 || argc > 6 || (argc == 6 && !tcp && strcmp(argv[5], "udp") != 0)) {
    fprintf(stderr, "usage: nsd_diff PORT_A PORT_B COUNT SEED [udp|tcp]\n");
    return 2;
  }
  int pa = atoi(argv[1]), pb = atoi(argv[2]);
  long count = atol(argv[3]);
  rng = strtoull(argv[4], NULL, 10) | 1;
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  static uint8_t q[1024], ra[65536], rb[65536];
  static char sa[40000], sb[40000];
  dns_msg ma, mb;
  if (fd < 0 || dns_msg_init(&ma) || dns_msg_init(&mb)) return 2;
  long agree = 0, silent = 0, documented = 0;
  for (long i = 0; i < count; i++) {
    char desc[200];
    size_t len = make_query(q, sizeof q - 1, desc, sizeof desc);
    long na = tcp ? dns_live_ask_tcp(pa, q, len, ra, sizeof ra) : dns_live_ask_udp(fd, pa, q, len, ra, sizeof ra);
    long nb = tcp ? dns_live_ask_tcp(pb, q, len, rb, sizeof rb) : dns_live_ask_udp(fd, pb, q, len, rb, sizeof rb);
    if (na < 0 && nb < 0) {
      agree++, silent++;
      continue;
    }
    if ((na < 0) != (nb < 0)) {
      char hex[2 * 1024 + 8] = "query ";
      for (size_t k = 0; k < len && k < 1024; k++) snprintf(hex + 6 + 2 * k, 3, "%02x", q[k]);
      disagree(na < 0 ? "A silent, B answers" : "A answers, B silent", desc, hex);
      continue;
    }
    if (dns_msg_parse(&ma, ra, (size_t)na) || dns_msg_parse(&mb, rb, (size_t)nb)) {
      disagree("unparseable response", desc, "");
      continue;
    }
    char detail[400];
    snprintf(detail, sizeof detail, "rcode %d/%d flags %04x/%04x", rcode_of(&ma), rcode_of(&mb), ma.flags, mb.flags);
    if (DNS_OPCODE(q[2] << 8) == DNS_OP_NOTIFY && len > 3 && rcode_of(&ma) != rcode_of(&mb)) {
      documented++; /* NOTIFY: we answer NOTIMP, NSD without allow-notify answers as for a query */
      continue;
    }
    if (rcode_of(&ma) != rcode_of(&mb)) {
      for (size_t k = 0; k < len && strlen(detail) + 3 < sizeof detail; k++)
        snprintf(detail + strlen(detail), sizeof detail - strlen(detail), "%s%02x", k ? "" : " query ", q[k]);
      disagree("rcode", desc, detail);
      continue;
    }
    const uint16_t must = DNS_F_QR | DNS_F_AA | DNS_F_TC | DNS_F_RD | DNS_F_RA;
    if ((ma.flags & must) != (mb.flags & must)) {
      disagree("flags", desc, detail);
      continue;
    }
    if (!(ma.flags & DNS_F_TC)) {
      section_text(&ma, DNS_AN, sa, sizeof sa), section_text(&mb, DNS_AN, sb, sizeof sb);
      if (strcmp(sa, sb) != 0) {
        snprintf(detail, sizeof detail, "A {%.150s} B {%.150s}", sa, sb);
        disagree("answer set", desc, detail);
        continue;
      }
      section_text(&ma, DNS_NS, sa, sizeof sa), section_text(&mb, DNS_NS, sb, sizeof sb);
      if (strcmp(sa, sb) != 0) {
        snprintf(detail, sizeof detail, "A {%.150s} B {%.150s}", sa, sb);
        disagree("authority set", desc, detail);
        continue;
      }
    }
    agree++;
  }
  long bad = count - agree - documented;
  printf("nsd_diff (%s): %ld queries, %ld agree (%ld with no response from either), %ld documented differences (NOTIFY), %ld disagree\n",
         tcp ? "TCP" : "UDP", count, agree, silent, documented, bad);
  for (size_t k = 0; k < nkinds; k++) {
    printf("  %-22s %5u\n", kind_name[k], kind_count[k]);
    for (unsigned e = 0; e < 3 && e < kind_count[k]; e++) printf("      e.g. %s\n", kind_example[k][e]);
  }
  dns_msg_free(&ma), dns_msg_free(&mb);
  close(fd);
  return bad ? 1 : 0;
}
