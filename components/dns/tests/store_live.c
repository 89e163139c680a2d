/* store_live: queries formfuzz-dns serving tests/data/live.store on
 * 127.0.0.1, over UDP and over TCP, from 127.0.0.1 (a public source), and
 * checks the spec §2.4 answer rules that apply to it: no formnet (10/8)
 * address ever, unavailable addresses dropped (all returned when every one
 * is down), GeoDNS order from the client's location with max_results 3, the
 * record's own TTL, CNAME records, NODATA when only formnet addresses exist,
 * NXDOMAIN inside the zone, REFUSED outside (no forwarding).
 * usage: store_live PORT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ff_check.h"
#include "dns_store.h"
#include "live_client.h"

typedef struct expect {
  const char *name;
  uint16_t type;
  int rcode;
  uint32_t ttl;
  const char *answer; /* addresses in answer order, or the CNAME target */
} expect;

static const expect CASES[] = {
    /* Berlin (same region), Munich (same country), New York; Sydney cut by max_results; 10.0.0.1 never */
    {"app.formation.cloud", DNS_T_A, DNS_R_NOERROR, 300, "203.0.113.1 203.0.113.2 198.51.100.7"},
    {"APP.Formation.Cloud.", DNS_T_A, DNS_R_NOERROR, 300, "203.0.113.1 203.0.113.2 198.51.100.7"},
    /* 198.51.100.8 is down: Sydney before an unknown location; no 10.0.0.2 */
    {"half.formation.cloud", DNS_T_A, DNS_R_NOERROR, 90, "192.0.2.56 203.0.113.7"},
    /* every address down: fail-open, both in GeoDNS order */
    {"sick.formation.cloud", DNS_T_A, DNS_R_NOERROR, 120, "198.51.100.9 203.0.113.9"},
    /* only formnet addresses: nothing for a public source */
    {"internal.formation.cloud", DNS_T_A, DNS_R_NOERROR, 0, ""},
    {"v6.formation.cloud", DNS_T_AAAA, DNS_R_NOERROR, 600, "2001:db8::2 2001:db8::1"},
    {"v6.formation.cloud", DNS_T_A, DNS_R_NOERROR, 0, ""},
    {"app.formation.cloud", DNS_T_AAAA, DNS_R_NOERROR, 0, ""},
    {"www.formation.cloud", DNS_T_A, DNS_R_NOERROR, 60, "cname app.formation.cloud"},
    {"nx.formation.cloud", DNS_T_A, DNS_R_NXDOMAIN, 0, ""},
    {"example.com", DNS_T_A, DNS_R_REFUSED, 0, ""},
};

/* The answer section as text: "a b c" for addresses, "cname T" for a CNAME. */
static void answer_text(const dns_msg *m, char *out, size_t cap, uint32_t *ttl) {
  out[0] = 0;
  *ttl = 0;
  size_t an = dns_msg_section_start(m, DNS_AN);
  for (size_t i = an; i < an + m->count[DNS_AN]; i++) {
    const dns_rr *rr = &m->rr[i];
    char item[DNS_NAME_TEXT_MAX + 16];
    if (rr->type == DNS_T_CNAME) {
      dns_name t;
      size_t p = 0;
      char text[DNS_NAME_TEXT_MAX];
      if (dns_name_read(dns_rr_rdata(m, rr), rr->rdlen, &p, &t) || dns_name_to_text(&t, text, sizeof text) < 0) return;
      size_t n = strlen(text);
      if (n > 1 && text[n - 1] == '.') text[n - 1] = 0;
      snprintf(item, sizeof item, "cname %s", text);
    } else {
      dns_ip ip = {.family = rr->type == DNS_T_A ? 4 : 6};
      if (rr->rdlen != (ip.family == 4 ? 4 : 16)) return;
      memcpy(ip.addr, dns_rr_rdata(m, rr), rr->rdlen);
      dns_ip_format(&ip, item, sizeof item);
    }
    *ttl = rr->ttl;
    size_t used = strlen(out);
    if (snprintf(out + used, cap - used, "%s%s", out[0] ? " " : "", item) >= (int)(cap - used))
      return; /* the answer list is only compared, a cut one simply differs */
  }
}

static void check_case(int fd, int port, bool tcp, const expect *e) {
  uint8_t q[512], r[65536];
  dns_msg m;
  dns_name qn;
  if (dns_msg_init(&m) || dns_name_from_text(e->name, &qn)) exit(2);
  m.id = 0x1234, m.flags = DNS_F_RD;
  dns_msg_add(&m, DNS_QD, &qn, e->type, DNS_C_IN, 0, NULL, 0);
  long n = dns_msg_write(&m, q, sizeof q);
  long got = n < 0 ? -1 : tcp ? dns_live_ask_tcp(port, q, (size_t)n, r, sizeof r)
                              : dns_live_ask_udp(fd, port, q, (size_t)n, r, sizeof r);
  char text[1024] = "(no response)";
  uint32_t ttl = 0;
  bool ok = got > 0 && dns_msg_parse(&m, r, (size_t)got) == DNS_OK && m.id == 0x1234 && (m.flags & DNS_F_QR);
  if (ok) answer_text(&m, text, sizeof text, &ttl);
  bool aa_ok = e->rcode == DNS_R_REFUSED ? !(m.flags & DNS_F_AA) : (m.flags & DNS_F_AA) != 0;
  ok = ok && (int)DNS_RCODE(m.flags) == e->rcode && aa_ok && strcmp(text, e->answer) == 0 && ttl == e->ttl;
  if (!ok)
    fprintf(stderr, "%s %s/%u: got rcode %u flags %04x ttl %u {%s}, want rcode %d ttl %u {%s}\n", tcp ? "TCP" : "UDP",
            e->name, e->type, got > 0 ? DNS_RCODE(m.flags) : 99, got > 0 ? m.flags : 0, ttl, text, e->rcode, e->ttl,
            e->answer);
  CHECK(ok);
  dns_msg_free(&m);
}

int main(int argc, char **argv) {
  if (argc != 2) return fprintf(stderr, "usage: store_live PORT\n"), 2;
  int port = atoi(argv[1]), fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) return 2;
  for (int tcp = 0; tcp < 2; tcp++)
    for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) check_case(fd, port, tcp, &CASES[i]);
  close(fd);
  printf("store_live: %zu queries over UDP and TCP from 127.0.0.1\n", sizeof CASES / sizeof *CASES);
  return check_summary("store_live");
}
