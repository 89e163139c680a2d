/* simnet NAT semantics (RFC 4787 terms): for each classic NAT type, which
 * inbound packets reach the inside after one outbound packet (same remote
 * IP:port, same IP other port, other IP) and after the mapping timeout;
 * refresh by outbound traffic; external ports per destination (symmetric vs
 * cone vs address-dependent mapping); hairpinning; hole punching between two
 * NATed peers through a rendezvous server for every pair of types; a NAT
 * behind a NAT; per-realm private addresses; LAN delivery; address families. */
#include <string.h>

#include "simnet_testlib.h"

#define NAT_PUB "203.0.113.1"

typedef struct site {
  ff_simnet *net;
  int nat, a, r1, r2;
  recorder *ra, *rr1;
} site;

/* NAT 203.0.113.1 with A = 192.168.1.2:5000 inside; remotes R1 = 198.51.100.1
 * (ports 7000 and 7001) and R2 = 198.51.100.2:7000 outside; 1 ms links. */
static site make_site(const ff_nat_config *cfg) {
  site s;
  s.net = ff_simnet_new(1);
  ff_simlink l = ff_simlink_ideal();
  l.latency = FF_SIM_MS(1);
  ff_simnet_set_default_link(s.net, &l);
  ff_simip pub;
  ff_simip_parse(&pub, NAT_PUB);
  s.nat = ff_simnet_nat_add(s.net, FF_SIMNET_INTERNET, pub, cfg, "nat");
  REQUIRE(s.nat >= 0, "nat_add: %s", ff_simnet_error(s.net));
  s.a = add_host(s.net, s.nat, "a", "192.168.1.2", 5000);
  s.r1 = add_host(s.net, FF_SIMNET_INTERNET, "r1", "198.51.100.1", 7000);
  REQUIRE(ff_simnet_bind(s.net, s.r1, 7001) == 7001, "bind");
  s.r2 = add_host(s.net, FF_SIMNET_INTERNET, "r2", "198.51.100.2", 7000);
  s.ra = recorder_attach(s.net, s.a);
  s.rr1 = recorder_attach(s.net, s.r1);
  return s;
}

static void free_site(site *s) {
  free(s->ra);
  free(s->rr1);
  ff_simnet_free(s->net);
}

static void run(ff_simnet *net) {
  REQUIRE(ff_simnet_run_idle(net, 10000) == FF_SIMNET_IDLE, "did not go idle");
}

/* Does a packet from node:port to the NAT's external port reach A? */
static bool probe(site *s, int from, uint16_t port, uint16_t ext_port, ff_simdrop *why) {
  size_t before = s->ra->n;
  char dst[64];
  snprintf(dst, sizeof dst, NAT_PUB ":%u", ext_port);
  send_tagged(s->net, from, port, dst, 'p', 8);
  run(s->net);
  const ff_simtrace_rec *last = ff_simnet_trace_at(s->net, ff_simnet_trace_len(s->net) - 1);
  *why = last->kind == FF_SIMEV_DROP ? last->reason : FF_SIMDROP_NONE;
  return s->ra->n > before;
}

/* A sends one packet to R1:7000; returns the external port R1 saw. */
static uint16_t open_mapping(site *s) {
  send_tagged(s->net, s->a, 5000, "198.51.100.1:7000", 'o', 8);
  run(s->net);
  REQUIRE(s->rr1->n > 0, "outbound packet lost");
  const ff_simdgram *d = &s->rr1->d[s->rr1->n - 1];
  char buf[FF_SIMADDR_STRLEN];
  ff_simaddr_format(&d->src, buf, sizeof buf);
  REQUIRE(strncmp(buf, NAT_PUB ":", strlen(NAT_PUB) + 1) == 0, "source not translated: %s", buf);
  REQUIRE(d->hops == 2, "hops %u", d->hops);
  return d->src.port;
}

static void test_semantics_table(void) {
  /* inbound after A -> R1:7000:   R1:7000 R1:7001 R2:7000 */
  static const struct {
    ff_nat_type type;
    bool same_ip_port, same_ip_other_port, other_ip;
  } table[] = {
      {FF_NAT_FULL_CONE, true, true, true},
      {FF_NAT_RESTRICTED_CONE, true, true, false},
      {FF_NAT_PORT_RESTRICTED_CONE, true, false, false},
      {FF_NAT_SYMMETRIC, true, false, false},
  };
  for (size_t i = 0; i < FF_COUNT_OF(table); i++) {
    ff_nat_config cfg = ff_nat_preset(table[i].type);
    const char *name = ff_nat_type_name(table[i].type);
    site s = make_site(&cfg);
    uint16_t ext = open_mapping(&s);
    REQUIRE(ext == 10000, "%s: first external port %u", name, ext);
    REQUIRE(ff_simnet_nat_mappings(s.net, s.nat) == 1, "%s: mappings", name);
    ff_simdrop why;
    bool got = probe(&s, s.r1, 7000, ext, &why);
    REQUIRE(got == table[i].same_ip_port, "%s: R1:7000 -> %s", name, got ? "delivered" : "dropped");
    REQUIRE(s.ra->d[s.ra->n - 1].dst.port == 5000, "%s: inbound not translated", name);
    got = probe(&s, s.r1, 7001, ext, &why);
    REQUIRE(got == table[i].same_ip_other_port, "%s: R1:7001 -> %s", name,
          got ? "delivered" : "dropped");
    if (!got) REQUIRE(why == FF_SIMDROP_NAT_FILTERED, "%s: reason %s", name, ff_simdrop_name(why));
    got = probe(&s, s.r2, 7000, ext, &why);
    REQUIRE(got == table[i].other_ip, "%s: R2:7000 -> %s", name, got ? "delivered" : "dropped");
    if (!got) REQUIRE(why == FF_SIMDROP_NAT_FILTERED, "%s: reason %s", name, ff_simdrop_name(why));
    /* a port nobody mapped */
    got = probe(&s, s.r1, 7000, (uint16_t)(ext + 1), &why);
    REQUIRE(!got && why == FF_SIMDROP_NAT_NO_MAPPING, "%s: unmapped port", name);
    /* after the mapping timeout nothing gets in */
    ff_simnet_run_until(s.net, ff_simnet_now(s.net) + cfg.mapping_timeout, 1000);
    got = probe(&s, s.r1, 7000, ext, &why);
    REQUIRE(!got && why == FF_SIMDROP_NAT_NO_MAPPING, "%s: after timeout %s", name,
          ff_simdrop_name(why));
    REQUIRE(ff_simnet_nat_mappings(s.net, s.nat) == 0, "%s: mapping not expired", name);
    free_site(&s);
  }
}

static void test_refresh_by_outbound(void) {
  ff_nat_config cfg = ff_nat_preset(FF_NAT_PORT_RESTRICTED_CONE);
  site s = make_site(&cfg);
  uint16_t ext = open_mapping(&s);
  ff_simnet_run_until(s.net, FF_SIM_S(100), 1000);
  REQUIRE(open_mapping(&s) == ext, "refresh changed the port");
  ff_simdrop why;
  ff_simnet_run_until(s.net, FF_SIM_S(219), 1000); /* refreshed at 100.001 s: lives to 220.001 */
  REQUIRE(probe(&s, s.r1, 7000, ext, &why), "refreshed mapping expired early");
  ff_simnet_run_until(s.net, FF_SIM_S(221), 1000); /* inbound traffic does not refresh */
  REQUIRE(!probe(&s, s.r1, 7000, ext, &why), "mapping outlived its timeout");
  REQUIRE(open_mapping(&s) == ext + 1, "a new mapping takes the next port");
  free_site(&s);
}

static void test_ports_per_destination(void) {
  static const struct {
    ff_nat_mapping mapping;
    int distinct_r1_ports, distinct_r2;
  } cases[] = {
      {FF_NAT_MAP_ENDPOINT_INDEPENDENT, 0, 0},
      {FF_NAT_MAP_ADDRESS_DEPENDENT, 0, 1},
      {FF_NAT_MAP_ADDRESS_PORT_DEPENDENT, 1, 1},
  };
  for (size_t i = 0; i < FF_COUNT_OF(cases); i++) {
    ff_nat_config cfg = ff_nat_preset(FF_NAT_FULL_CONE);
    cfg.mapping = cases[i].mapping;
    site s = make_site(&cfg);
    recorder *rr2 = recorder_attach(s.net, s.r2);
    send_tagged(s.net, s.a, 5000, "198.51.100.1:7000", 1, 4);
    send_tagged(s.net, s.a, 5000, "198.51.100.1:7001", 2, 4);
    send_tagged(s.net, s.a, 5000, "198.51.100.2:7000", 3, 4);
    run(s.net);
    REQUIRE(s.rr1->n == 2 && rr2->n == 1, "deliveries");
    uint16_t p1 = s.rr1->d[0].src.port, p2 = s.rr1->d[1].src.port, p3 = rr2->d[0].src.port;
    REQUIRE((p1 != p2) == cases[i].distinct_r1_ports, "case %zu: R1 ports %u %u", i, p1, p2);
    REQUIRE((p1 != p3) == cases[i].distinct_r2, "case %zu: R2 port %u vs %u", i, p3, p1);
    /* symmetric: each destination can answer on its own mapping */
    ff_simdrop why;
    REQUIRE(probe(&s, s.r1, 7000, p1, &why), "case %zu: R1 reply", i);
    REQUIRE(probe(&s, s.r2, 7000, p3, &why), "case %zu: R2 reply", i);
    free(rr2);
    free_site(&s);
  }
}

static void test_hairpin(void) {
  for (int hairpin = 0; hairpin <= 1; hairpin++) {
    ff_nat_config cfg = ff_nat_preset(FF_NAT_FULL_CONE);
    cfg.hairpin = hairpin;
    site s = make_site(&cfg);
    int b = add_host(s.net, s.nat, "b", "192.168.1.3", 6000);
    recorder *rb = recorder_attach(s.net, b);
    send_tagged(s.net, b, 6000, "198.51.100.1:7000", 1, 4); /* b's mapping: 10000 */
    run(s.net);
    send_tagged(s.net, s.a, 5000, NAT_PUB ":10000", 2, 4);
    run(s.net);
    if (!hairpin) {
      REQUIRE(rb->n == 0, "hairpinned without hairpinning");
      const ff_simtrace_rec *last = ff_simnet_trace_at(s.net, ff_simnet_trace_len(s.net) - 1);
      REQUIRE(last->reason == FF_SIMDROP_NAT_HAIRPIN, "reason %s", ff_simdrop_name(last->reason));
    } else {
      REQUIRE(rb->n == 1, "hairpin not delivered");
      char buf[FF_SIMADDR_STRLEN];
      ff_simaddr_format(&rb->d[0].src, buf, sizeof buf);
      REQUIRE(strcmp(buf, NAT_PUB ":10001") == 0, "hairpin source %s (want a's mapping)", buf);
      REQUIRE(rb->d[0].hops == 2, "hops %u", rb->d[0].hops);
    }
    /* LAN: private to private inside one realm, one hop, untranslated */
    send_tagged(s.net, s.a, 5000, "192.168.1.3:6000", 3, 4);
    run(s.net);
    const ff_simdgram *d = &rb->d[rb->n - 1];
    char buf[FF_SIMADDR_STRLEN];
    REQUIRE(d->hops == 1 && strcmp(ff_simaddr_format(&d->src, buf, sizeof buf),
                                 "192.168.1.2:5000") == 0,
          "LAN delivery %s", buf);
    free(rb);
    free_site(&s);
  }
}

/* Two peers, both 192.168.1.2 behind their own NATs, learn their external
 * addresses from a server, then send to each other twice. */
static void punch(ff_nat_type ta, ff_nat_type tb, bool *a_got, bool *b_got) {
  ff_simnet *net = ff_simnet_new(1);
  ff_simlink l = ff_simlink_ideal();
  l.latency = FF_SIM_MS(5);
  ff_simnet_set_default_link(net, &l);
  ff_nat_config ca = ff_nat_preset(ta), cb = ff_nat_preset(tb);
  int na = ff_simnet_nat_add(net, FF_SIMNET_INTERNET, ff_simip_v4(203, 0, 113, 1), &ca, "nat-a");
  int nb = ff_simnet_nat_add(net, FF_SIMNET_INTERNET, ff_simip_v4(203, 0, 113, 2), &cb, "nat-b");
  int a = add_host(net, na, "a", "192.168.1.2", 5000);
  int b = add_host(net, nb, "b", "192.168.1.2", 5000);
  int srv = add_host(net, FF_SIMNET_INTERNET, "server", "198.51.100.10", 3478);
  recorder *ra = recorder_attach(net, a), *rb = recorder_attach(net, b);
  recorder *rs = recorder_attach(net, srv);
  send_tagged(net, a, 5000, "198.51.100.10:3478", 'a', 4);
  send_tagged(net, b, 5000, "198.51.100.10:3478", 'b', 4);
  run(net);
  REQUIRE(rs->n == 2, "server got %zu", rs->n);
  ff_simaddr a_ext = rs->d[0].src, b_ext = rs->d[1].src;
  for (int round = 0; round < 2; round++) {
    REQUIRE(ff_simnet_send(net, a, 5000, &b_ext, "A", 1) == 0, "send");
    REQUIRE(ff_simnet_send(net, b, 5000, &a_ext, "B", 1) == 0, "send");
    run(net);
  }
  *a_got = ra->n > 0;
  *b_got = rb->n > 0;
  free(ra);
  free(rb);
  free(rs);
  ff_simnet_free(net);
}

static void test_hole_punching(void) {
  static const ff_nat_type types[] = {FF_NAT_FULL_CONE, FF_NAT_RESTRICTED_CONE,
                                      FF_NAT_PORT_RESTRICTED_CONE, FF_NAT_SYMMETRIC};
  for (size_t i = 0; i < 4; i++) {
    for (size_t k = 0; k < 4; k++) {
      bool a_got, b_got;
      punch(types[i], types[k], &a_got, &b_got);
      bool a_sym = types[i] == FF_NAT_SYMMETRIC, b_sym = types[k] == FF_NAT_SYMMETRIC;
      /* A receives unless it is symmetric (B answers its server mapping) or B is
       * symmetric and A filters on the port B used for the server */
      bool want_a = !a_sym && (!b_sym || types[i] == FF_NAT_FULL_CONE ||
                               types[i] == FF_NAT_RESTRICTED_CONE);
      bool want_b = !b_sym && (!a_sym || types[k] == FF_NAT_FULL_CONE ||
                               types[k] == FF_NAT_RESTRICTED_CONE);
      REQUIRE(a_got == want_a && b_got == want_b, "%s <-> %s: a %s, b %s",
            ff_nat_type_name(types[i]), ff_nat_type_name(types[k]), a_got ? "got" : "missed",
            b_got ? "got" : "missed");
    }
  }
}

static void test_nat_behind_nat_and_families(void) {
  ff_simnet *net = ff_simnet_new(1);
  ff_nat_config cfg = ff_nat_preset(FF_NAT_PORT_RESTRICTED_CONE);
  int cgnat = ff_simnet_nat_add(net, FF_SIMNET_INTERNET, ff_simip_v4(203, 0, 113, 50), &cfg, "cg");
  int home = ff_simnet_nat_add(net, cgnat, ff_simip_v4(100, 64, 0, 2), &cfg, "home");
  REQUIRE(home >= 0, "nested nat: %s", ff_simnet_error(net));
  int a = add_host(net, home, "a", "192.168.1.2", 5000);
  REQUIRE(ff_simnet_node_add_addr(net, a, ff_simip_v4(192, 168, 1, 2)) == -1, "dup in realm");
  int other = add_host(net, cgnat, "other", "192.168.1.2", 0); /* same IP, other realm: fine */
  (void)other;
  int srv = add_host(net, FF_SIMNET_INTERNET, "server", "198.51.100.10", 3478);
  ff_simip v6;
  ff_simip_parse(&v6, "2001:db8::10");
  REQUIRE(ff_simnet_node_add_addr(net, srv, v6) == 0, "v6");
  ff_simip a6;
  ff_simip_parse(&a6, "fd00::2");
  REQUIRE(ff_simnet_node_add_addr(net, a, a6) == 0, "v6 inside");
  recorder *ra = recorder_attach(net, a), *rs = recorder_attach(net, srv);
  send_tagged(net, a, 5000, "198.51.100.10:3478", 1, 4);
  run(net);
  REQUIRE(rs->n == 1 && rs->d[0].hops == 3, "server got %zu", rs->n);
  char buf[FF_SIMADDR_STRLEN];
  ff_simaddr_format(&rs->d[0].src, buf, sizeof buf);
  REQUIRE(strcmp(buf, "203.0.113.50:10000") == 0, "seen as %s", buf);
  REQUIRE(ff_simnet_send(net, srv, 3478, &rs->d[0].src, "r", 1) == 0, "reply");
  run(net);
  REQUIRE(ra->n == 1 && ra->d[0].hops == 3 && ra->d[0].dst.port == 5000, "reply through two NATs");
  /* a v4 NAT does not translate v6 */
  send_tagged(net, a, 5000, "[2001:db8::10]:3478", 2, 4);
  run(net);
  const ff_simtrace_rec *last = ff_simnet_trace_at(net, ff_simnet_trace_len(net) - 1);
  REQUIRE(rs->n == 1 && last->reason == FF_SIMDROP_NAT_FAMILY, "v6 through v4 NAT: %s",
        ff_simdrop_name(last->reason));
  free(ra);
  free(rs);
  ff_simnet_free(net);
}

int main(void) {
  test_semantics_table();
  test_refresh_by_outbound();
  test_ports_per_destination();
  test_hairpin();
  test_hole_punching();
  test_nat_behind_nat_and_families();
  printf("simnet NAT: all checks passed\n");
  return 0;
}
