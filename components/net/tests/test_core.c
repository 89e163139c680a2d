/* Unit tests of the net core: endpoint and key codecs, hostnames,
 * Timestring overflow, allocation (lowest free, exhaustion, interleaved joins,
 * re-join), CIDR tree rules, mac1, relay framing strictness, and simnet
 * determinism of a NAT traversal scenario (same input, same trace hash). */
#include <stdio.h>
#include <string.h>

#include "gen.h"
#include "ff_check.h"

static net_err ep(const char *s, char *out) {
  net_endpoint e;
  net_err r = net_endpoint_parse(&e, s, strlen(s));
  if (r == NET_OK) net_endpoint_format(&e, out, NET_ENDPOINT_STRLEN);
  return r;
}

static void test_codecs(void) {
  char out[NET_ENDPOINT_STRLEN];
  CHECK(ep("[::1]:51820", out) == NET_OK && strcmp(out, "[::1]:51820") == 0);
  CHECK(ep("10.0.0.1:80", out) == NET_OK && strcmp(out, "10.0.0.1:80") == 0);
  CHECK(ep("Bootstrap.Example.COM:1", out) == NET_OK && strcmp(out, "bootstrap.example.com:1") == 0);
  CHECK(ep("::1:51820", out) != NET_OK);
  CHECK(ep("1.2.3.4:65536", out) == NET_E_RANGE);
  CHECK(ep(":80", out) != NET_OK && ep("a:", out) != NET_OK && ep("a:+1", out) != NET_OK);
  CHECK(net_hostname_valid("a", 1) && net_hostname_valid("peer-1", 6));
  CHECK(!net_hostname_valid("", 0) && !net_hostname_valid("a--b", 4) && !net_hostname_valid("-a", 2) &&
        !net_hostname_valid("Ab", 2) && !net_hostname_valid("a\n", 2));
  char long63[64];
  memset(long63, 'a', 63);
  CHECK(net_hostname_valid(long63, 63));
  uint64_t s;
  CHECK(net_timestring_parse("2w", 2, &s) == NET_OK && s == 1209600);
  CHECK(net_timestring_parse("30502135862431s", 15, &s) == NET_OK);
  CHECK(net_timestring_parse("30502135862432w", 15, &s) == NET_E_RANGE);
  CHECK(net_timestring_parse("18446744073709551616s", 21, &s) == NET_E_RANGE);
  CHECK(net_timestring_parse("s", 1, &s) == NET_E_SYNTAX && net_timestring_parse("-1s", 3, &s) == NET_E_SYNTAX);
  net_key k;
  char b64[NET_KEY_B64_LEN + 1];
  memset(k.b, 0xab, 32);
  net_key_to_base64(&k, b64);
  net_key k2;
  CHECK(net_key_from_base64(&k2, b64, 44) == NET_OK && net_key_equal(&k, &k2));
  b64[42] = 'v'; /* non-zero trailing bits */
  CHECK(net_key_from_base64(&k2, b64, 44) != NET_OK);
  CHECK(net_key_from_base64(&k2, "AAAA", 4) != NET_OK);
  char hex[] = "0102030405060708091011121314151617181920212223242526272829303132";
  CHECK(net_key_from_hex(&k2, hex, 64) == NET_OK && k2.b[0] == 1 && k2.b[31] == 0x32);
  /* a 64-hex secret is not a base64 key (§1.5) */
  CHECK(net_key_from_base64(&k2, hex, 64) != NET_OK);
}

static void test_alloc(void) {
  net_ipnet root;
  CHECK(net_ipnet_parse(&root, "10.42.0.0/30") == 0);
  CHECK(net_ipnet_parse(&root, "10.42.0.1/30") != 0); /* host bits */
  net_ipnet_parse(&root, "10.42.0.0/29");
  net_registry r;
  net_registry_init(&r, &root);
  uint8_t owner[20] = {0};
  net_key ka = {{1}}, kb = {{2}}, kc = {{3}};
  net_ip a, b, c;
  char t[NET_IP_STRLEN];
  int sa, sb;
  CHECK(net_join_begin(&r, "a", &ka, owner, false, &sa, &a) == NET_OK);
  CHECK(net_join_begin(&r, "b", &kb, owner, false, &sb, &b) == NET_OK);
  CHECK(strcmp(net_ip_format(&a, t, sizeof t), "10.42.0.1") == 0);
  CHECK(strcmp(net_ip_format(&b, t, sizeof t), "10.42.0.2") == 0); /* not the same as the begun join */
  CHECK(net_join_commit(&r, sb) == NET_OK && net_join_commit(&r, sa) == NET_OK);
  CHECK(net_join(&r, "a", &ka, owner, false, &c) == NET_OK && net_ip_equal(&a, &c)); /* re-join */
  CHECK(net_join(&r, "a", &kc, owner, false, &c) == NET_E_EXISTS);
  CHECK(net_join(&r, "c", &ka, owner, false, &c) == NET_E_EXISTS);
  CHECK(net_leave(&r, "b") == NET_OK);
  for (int i = 0; i < 4; i++) {
    net_key k = {{(uint8_t)(10 + i)}};
    char name[16];
    snprintf(name, sizeof name, "p%d", i);
    CHECK(net_join(&r, name, &k, owner, false, &c) == NET_OK);
    CHECK(!net_ip_equal(&c, &b)); /* a disabled peer's address is never reused */
  }
  net_key k = {{99}};
  CHECK(net_join(&r, "full", &k, owner, false, &c) == NET_E_EXHAUSTED); /* .1-.6 used, .0/.7 not assignable */

  net_cidr_tree tree;
  net_cidr_tree_init(&tree);
  net_ipnet n16, n24, n24b, n25, out;
  net_ipnet_parse(&n16, "10.42.0.0/16"), net_ipnet_parse(&n24, "10.42.1.0/24");
  net_ipnet_parse(&n24b, "10.42.2.0/24"), net_ipnet_parse(&n25, "10.42.1.128/25");
  net_ipnet_parse(&out, "10.43.0.0/24");
  CHECK(net_cidr_add(&tree, "formnet", &n16, NULL) == NET_OK);
  CHECK(net_cidr_add(&tree, "one", &n24, "formnet") == NET_OK);
  CHECK(net_cidr_add(&tree, "two", &n24b, "formnet") == NET_OK);
  CHECK(net_cidr_add(&tree, "half", &n25, "formnet") == NET_E_OVERLAP); /* closest parent is "one" */
  CHECK(net_cidr_add(&tree, "half", &n25, "one") == NET_OK);
  CHECK(net_cidr_add(&tree, "outside", &out, "formnet") == NET_E_OVERLAP);
  CHECK(net_cidr_add(&tree, "again", &n24, "formnet") == NET_E_EXISTS);

  net_pin_store ps;
  net_pin_store_init(&ps);
  net_ip ips[2];
  net_key keys[2] = {{{1}}, {{2}}};
  net_ip_parse(&ips[0], "10.42.0.1"), net_ip_parse(&ips[1], "10.42.0.2");
  CHECK(net_pin_update(&ps, ips, keys, 2) == NET_OK);
  keys[1].b[0] = 7;
  CHECK(net_pin_update(&ps, ips, keys, 2) == NET_E_PINNING);
  CHECK(ps.p[0].used && ps.p[1].used && !ps.p[0].disabled); /* unchanged */
}

static void test_wg_and_relay(void) {
  net_key pub = {{5}}, other = {{6}};
  uint8_t m[NET_WG_INIT_LEN];
  size_t n = net_wg_build(NET_WG_INITIATION, NULL, 0, 0, &pub, m, sizeof m);
  CHECK(n == 148 && net_wg_accept(m, n, &pub) == NET_WG_OK);
  CHECK(net_wg_accept(m, n, &other) == NET_WG_BAD_MAC1);
  m[1] = 1;
  CHECK(net_wg_accept(m, n, &pub) == NET_WG_BAD_RESERVED);
  CHECK(net_wg_check_frame(m, 147) == NET_WG_BAD_LENGTH);
  net_relay_msg msg, back;
  memset(&msg, 0, sizeof msg);
  msg.type = NET_RELAY_HEARTBEAT;
  msg.u.hb.session_id = 42;
  uint8_t buf[NET_RELAY_FRAME_MAX];
  long len = net_relay_encode(&msg, buf, sizeof buf);
  CHECK(len == 4 + 20 && net_relay_decode(buf, (size_t)len, &back) == NET_OK &&
        back.type == NET_RELAY_HEARTBEAT && back.u.hb.session_id == 42);
  CHECK(net_relay_decode(buf, (size_t)len + 1, &back) != NET_OK); /* a trailing byte */
}

static uint64_t traversal_hash(void) {
  ff_simnet *net = ff_simnet_new(3);
  ff_nat_config cfg = ff_nat_preset(FF_NAT_PORT_RESTRICTED_CONE);
  int na = ff_simnet_nat_add(net, FF_SIMNET_INTERNET, ff_simip_v4(198, 51, 100, 1), &cfg, "nat-a");
  int nb = ff_simnet_nat_add(net, FF_SIMNET_INTERNET, ff_simip_v4(198, 51, 100, 2), &cfg, "nat-b");
  int a = ff_simnet_node_add(net, na, "a"), b = ff_simnet_node_add(net, nb, "b");
  ff_simnet_node_add_addr(net, a, ff_simip_v4(192, 168, 1, 2));
  ff_simnet_node_add_addr(net, b, ff_simip_v4(192, 168, 1, 2));
  ff_simnet_bind(net, a, NET_NAT_PORT), ff_simnet_bind(net, b, NET_NAT_PORT);
  ff_simaddr ra = ff_simaddr_make(ff_simip_v4(198, 51, 100, 1), 10000);
  ff_simaddr rb = ff_simaddr_make(ff_simip_v4(198, 51, 100, 2), 10000);
  ff_simaddr la[NET_NAT_MAX_CANDIDATES], lb[NET_NAT_MAX_CANDIDATES];
  ff_simaddr decoy = ff_simaddr_make(ff_simip_v4(192, 0, 2, 9), 1);
  size_t nla = net_nat_candidate_list(&decoy, &rb, 1, la), nlb = net_nat_candidate_list(&ra, NULL, 0, lb);
  uint8_t ka[32] = {1}, kb[32] = {2};
  net_nat_agent aa, ab;
  net_nat_agent_init(&aa, a, NET_NAT_PORT, ka, kb, la, nla, NULL);
  net_nat_agent_init(&ab, b, NET_NAT_PORT, kb, ka, lb, nlb, NULL);
  net_nat_agent *agents[2] = {&aa, &ab};
  net_nat_run(net, agents, 2);
  CHECK(aa.connected && ab.connected && aa.ntried == 2);
  uint64_t h = ff_simnet_trace_hash(net);
  ff_simnet_free(net);
  return h;
}

int main(void) {
  test_codecs();
  test_alloc();
  test_wg_and_relay();
  uint64_t h1 = traversal_hash(), h2 = traversal_hash();
  CHECK(h1 == h2);
  printf("net core: traversal trace %016llx\n", (unsigned long long)h1);
  return check_summary("net core");
}
