/* A random simnet scenario and its invariants (see simnet_scenario.h).
 *
 * Checked on every delivery and after every action:
 *   simnet.counters   sent + duplicated == delivered + dropped + in_flight
 *   simnet.latency    1 <= hops <= 3, delivered_at >= sent_at + hops * MIN_LATENCY, and
 *                     (uncorrupted) the hops and the sum of link latencies of the path
 *   simnet.clock      the clock never goes back; a delivery happens at "now"
 *   simnet.payload    an uncorrupted payload is exactly what was sent
 *   simnet.partition  nothing crosses between sites on different sides when
 *                     the partition did not change while the packet flew
 *   simnet.nat_filter a host behind a NAT only hears from outside remotes its
 *                     NAT's filtering lets in, given what the host sent to
 *   simnet.port       deliveries only reach bound ports
 *   simnet.idle       every scenario ends idle within its event budget
 */
#include "simnet_scenario.h"

#include <string.h>

#include "formfuzz/oracle.h"

#define MAX_SITES 4
#define MAX_HOSTS 8
#define MAX_SENT_TO 32
#define MAX_LEARNED 8
#define MIN_LATENCY FF_SIM_MS(1)
#define HOST_PORT 4000
#define HEADER_LEN 9
#define EVENT_BUDGET 200000u

typedef struct host {
  int node, site;
  ff_simaddr sent_to[MAX_SENT_TO]; /* first destinations this host sent to */
  size_t n_sent_to;
  bool sent_to_overflow;
  ff_simaddr learned[MAX_LEARNED]; /* sources heard from (to reply to) */
  size_t n_learned;
} host;

typedef struct site {
  int nat; /* -1: a public host site */
  ff_nat_filtering filtering;
  int side;
} site;

typedef struct scenario {
  ff_simnet *net;
  ff_input *in;
  site sites[MAX_SITES];
  size_t n_sites;
  host hosts[MAX_HOSTS];
  size_t n_hosts;
  uint32_t epoch; /* partition changes */
  uint16_t seq;
  ff_simtime last_now;
} scenario;

static void check_counters(const scenario *s) {
  ff_simnet_stats st = ff_simnet_get_stats(s->net);
  FF_INVARIANT(st.sent + st.duplicated == st.delivered + st.dropped + st.in_flight,
               "simnet.counters", "sent %llu + dup %llu != delivered %llu + dropped %llu + "
               "in flight %llu", (unsigned long long)st.sent, (unsigned long long)st.duplicated,
               (unsigned long long)st.delivered, (unsigned long long)st.dropped,
               (unsigned long long)st.in_flight);
}

static host *host_of_node(scenario *s, int node) {
  for (size_t i = 0; i < s->n_hosts; i++)
    if (s->hosts[i].node == node) return &s->hosts[i];
  return NULL;
}

static uint8_t pattern_byte(uint16_t seq, size_t i) { return (uint8_t)(seq * 31u + i * 7u); }

static void send_from(scenario *s, host *h, const ff_simaddr *dst, size_t len) {
  uint8_t buf[HEADER_LEN + 64];
  if (len < HEADER_LEN) len = HEADER_LEN;
  if (len > sizeof buf) len = sizeof buf;
  uint16_t seq = ++s->seq;
  buf[0] = 0x5a;
  buf[1] = (uint8_t)(h - s->hosts);
  buf[2] = (uint8_t)(seq >> 8);
  buf[3] = (uint8_t)seq;
  memcpy(buf + 4, &s->epoch, 4);
  buf[8] = (uint8_t)len;
  for (size_t i = HEADER_LEN; i < len; i++) buf[i] = pattern_byte(seq, i);
  if (ff_simnet_send(s->net, h->node, HOST_PORT, dst, buf, len) != 0) return; /* e.g. no v6 */
  if (h->n_sent_to < MAX_SENT_TO)
    h->sent_to[h->n_sent_to++] = *dst;
  else
    h->sent_to_overflow = true;
}

/* What the receiver's NAT filtering allows, given what the receiver sent to. */
static bool filter_allows(const host *h, ff_nat_filtering f, const ff_simaddr *src) {
  if (h->sent_to_overflow) return true; /* not tracked precisely any more */
  for (size_t i = 0; i < h->n_sent_to; i++) {
    if (f == FF_NAT_FILTER_ENDPOINT_INDEPENDENT) return true;
    if (!ff_simip_equal(&h->sent_to[i].ip, &src->ip)) continue;
    if (f == FF_NAT_FILTER_ADDRESS_DEPENDENT || h->sent_to[i].port == src->port) return true;
  }
  return false;
}

static bool is_lan_source(const scenario *s, const host *h, const ff_simaddr *src) {
  for (size_t i = 0; i < s->n_hosts; i++) {
    const host *o = &s->hosts[i];
    if (o->site != h->site) continue;
    ff_simip ip;
    for (size_t k = 0; ff_simnet_node_addr(s->net, o->node, k, &ip); k++)
      if (ff_simip_equal(&ip, &src->ip)) return true;
  }
  return false;
}

/* The configured latencies along the path from -> to (the links never change
 * after setup), and its number of hops. */
static ff_simtime path_latency(const scenario *s, const host *from, const host *to,
                               unsigned hops_seen, unsigned *hops) {
  int chain[4], n = 0;
  chain[n++] = from->node;
  int nat_from = s->sites[from->site].nat, nat_to = s->sites[to->site].nat;
  if (from->site == to->site) {
    if (hops_seen == 2 && nat_from >= 0) chain[n++] = nat_from; /* hairpin */
  } else {
    if (nat_from >= 0) chain[n++] = nat_from;
    if (nat_to >= 0) chain[n++] = nat_to;
  }
  chain[n++] = to->node;
  ff_simtime sum = 0;
  for (int i = 0; i + 1 < n; i++) sum += ff_simnet_get_link(s->net, chain[i], chain[i + 1]).latency;
  *hops = (unsigned)(n - 1);
  return sum;
}

static void on_recv(ff_simnet *net, int node, const ff_simdgram *d, void *ctx) {
  scenario *s = ctx;
  host *h = host_of_node(s, node);
  FF_INVARIANT(h != NULL, "simnet.port", "delivery to non-host node %d", node);
  ff_simtime now = ff_simnet_now(net);
  FF_INVARIANT(d->at == now && now >= s->last_now, "simnet.clock",
               "delivery at %llu, clock %llu, previous %llu", (unsigned long long)d->at,
               (unsigned long long)now, (unsigned long long)s->last_now);
  s->last_now = now;
  FF_INVARIANT(d->hops >= 1 && d->hops <= 3, "simnet.latency", "%u hops", d->hops);
  FF_INVARIANT(d->at >= d->sent_at + d->hops * MIN_LATENCY, "simnet.latency",
               "sent %llu delivered %llu over %u hops", (unsigned long long)d->sent_at,
               (unsigned long long)d->at, d->hops);
  FF_INVARIANT(d->dst.port == HOST_PORT && ff_simnet_is_bound(net, node, d->dst.port),
               "simnet.port", "delivered to port %u", d->dst.port);
  const site *rs = &s->sites[h->site];
  if (rs->nat >= 0 && !is_lan_source(s, h, &d->src)) {
    char src[FF_SIMADDR_STRLEN];
    FF_INVARIANT(filter_allows(h, rs->filtering, &d->src), "simnet.nat_filter",
                 "host %d behind filtering %d heard from %s it never sent to", node,
                 (int)rs->filtering, ff_simaddr_format(&d->src, src, sizeof src));
  }
  if (!d->corrupted) {
    FF_INVARIANT(d->len >= HEADER_LEN && d->data[0] == 0x5a && d->data[1] < s->n_hosts &&
                     d->data[8] == d->len,
                 "simnet.payload", "bad header (len %zu)", d->len);
    uint16_t seq = (uint16_t)(d->data[2] << 8 | d->data[3]);
    for (size_t i = HEADER_LEN; i < d->len; i++)
      FF_INVARIANT(d->data[i] == pattern_byte(seq, i), "simnet.payload", "byte %zu changed", i);
    uint32_t epoch;
    memcpy(&epoch, d->data + 4, 4);
    const host *from = &s->hosts[d->data[1]];
    unsigned hops;
    ff_simtime min = path_latency(s, from, h, d->hops, &hops);
    FF_INVARIANT(d->hops == hops && d->at >= d->sent_at + min, "simnet.latency",
                 "%u hops (path has %u), %llu us in flight, path latency %llu us", d->hops, hops,
                 (unsigned long long)(d->at - d->sent_at), (unsigned long long)min);
    FF_INVARIANT(epoch != s->epoch || s->sites[from->site].side == rs->side, "simnet.partition",
                 "site %d (side %d) reached site %d (side %d)", from->site,
                 s->sites[from->site].side, h->site, rs->side);
  }
  if (h->n_learned < MAX_LEARNED) h->learned[h->n_learned++] = d->src;
}

static void reply_timer(ff_simnet *net, int node, uint64_t id, void *ctx) {
  (void)net;
  (void)id;
  scenario *s = ctx;
  host *h = host_of_node(s, node);
  if (h && h->n_learned) send_from(s, h, &h->learned[h->n_learned - 1], 16);
}

static void add_link_params(scenario *s, ff_simlink *l) {
  ff_simnet_link_from_input(s->in, l);
  l->latency += MIN_LATENCY;
}

static void add_host(scenario *s, int realm, size_t site_index, ff_simip ip) {
  if (s->n_hosts == MAX_HOSTS) return;
  int node = ff_simnet_node_add(s->net, realm, "h");
  if (node < 0 || ff_simnet_node_add_addr(s->net, node, ip) != 0) return;
  if (realm == FF_SIMNET_INTERNET && ff_bool(s->in)) { /* dual stack */
    ff_simip v6;
    memset(&v6, 0, sizeof v6);
    v6.family = 6;
    v6.b[0] = 0x20, v6.b[1] = 0x01, v6.b[2] = 0x0d, v6.b[3] = 0xb8;
    v6.b[15] = (uint8_t)(node + 1);
    ff_simnet_node_add_addr(s->net, node, v6);
  }
  ff_simnet_bind(s->net, node, HOST_PORT);
  ff_simnet_set_receiver(s->net, node, on_recv, s);
  host *h = &s->hosts[s->n_hosts++];
  memset(h, 0, sizeof *h);
  h->node = node;
  h->site = (int)site_index;
}

static void build_sites(scenario *s) {
  size_t n = 2 + ff_range(s->in, 0, MAX_SITES - 2);
  for (size_t i = 0; i < n; i++) {
    site *st = &s->sites[s->n_sites++];
    st->nat = -1;
    st->side = 0;
    ff_simip pub = ff_simip_v4(198, 51, 100, (uint8_t)(i + 1));
    if (!ff_bool(s->in)) {
      add_host(s, FF_SIMNET_INTERNET, i, pub);
      continue;
    }
    ff_nat_config cfg = ff_nat_preset((ff_nat_type)ff_choose(s->in, 4));
    cfg.mapping_timeout = FF_SIM_S(1 + ff_range(s->in, 0, 5));
    cfg.hairpin = ff_bool(s->in);
    st->nat = ff_simnet_nat_add(s->net, FF_SIMNET_INTERNET, pub, &cfg, "nat");
    st->filtering = cfg.filtering;
    size_t inside = 1 + ff_range(s->in, 0, 1);
    for (size_t k = 0; k < inside; k++) add_host(s, st->nat, i, ff_simip_v4(10, 0, 0, (uint8_t)(k + 2)));
  }
}

/* A destination for h: a public host, something heard from, a guessed NAT
 * port, or a LAN neighbour. */
static bool pick_destination(scenario *s, host *h, ff_simaddr *dst) {
  const host *t = &s->hosts[ff_choose(s->in, s->n_hosts)];
  ff_simip ip;
  switch (ff_choose(s->in, 4)) {
    case 0:
      if (s->sites[t->site].nat >= 0) return false;
      if (!ff_simnet_node_addr(s->net, t->node, ff_choose(s->in, 2), &ip)) return false;
      *dst = ff_simaddr_make(ip, HOST_PORT);
      return true;
    case 1:
      if (!h->n_learned) return false;
      *dst = h->learned[ff_choose(s->in, h->n_learned)];
      return true;
    case 2: {
      const site *st = &s->sites[ff_choose(s->in, s->n_sites)];
      if (st->nat < 0 || !ff_simnet_node_addr(s->net, st->nat, 0, &ip)) return false;
      *dst = ff_simaddr_make(ip, (uint16_t)(10000 + ff_range(s->in, 0, 3)));
      return true;
    }
    default:
      if (t->site != h->site || !ff_simnet_node_addr(s->net, t->node, 0, &ip)) return false;
      *dst = ff_simaddr_make(ip, HOST_PORT);
      return true;
  }
}

static void set_side(scenario *s, size_t site_index, int side) {
  site *st = &s->sites[site_index];
  st->side = side;
  if (st->nat >= 0) ff_simnet_partition(s->net, st->nat, side);
  for (size_t i = 0; i < s->n_hosts; i++)
    if (s->hosts[i].site == (int)site_index) ff_simnet_partition(s->net, s->hosts[i].node, side);
  s->epoch++;
}

static void act(scenario *s) {
  host *h = &s->hosts[ff_choose(s->in, s->n_hosts)];
  ff_simaddr dst;
  switch (ff_choose(s->in, 6)) {
    case 0:
    case 1:
      if (pick_destination(s, h, &dst)) send_from(s, h, &dst, HEADER_LEN + ff_range(s->in, 0, 64));
      break;
    case 2:
      ff_simnet_timer(s->net, h->node, ff_range(s->in, 0, FF_SIM_MS(500)), reply_timer, s);
      break;
    case 3: {
      size_t site_index = ff_choose(s->in, s->n_sites); /* two draws, in this order */
      set_side(s, site_index, (int)ff_range(s->in, 0, 1));
      break;
    }
    case 4:
      for (size_t i = 0; i < s->n_sites; i++) s->sites[i].side = 0;
      ff_simnet_heal(s->net);
      s->epoch++;
      break;
    default:
      ff_simnet_run_until(s->net, ff_simnet_now(s->net) + ff_range(s->in, 0, FF_SIM_S(3)),
                          EVENT_BUDGET);
      break;
  }
}

void simnet_scenario_run(const uint8_t *data, size_t size, scenario_result *out) {
  ff_input in;
  ff_input_init(&in, data, size);
  scenario s;
  memset(&s, 0, sizeof s);
  s.in = &in;
  s.net = ff_simnet_new(ff_u32(&in));
  FF_INVARIANT(s.net != NULL, "simnet.alloc", "ff_simnet_new failed");
  ff_simnet_trace_keep(s.net, 0); /* only the hash is needed */
  ff_simlink l;
  add_link_params(&s, &l);
  ff_simnet_set_default_link(s.net, &l);
  build_sites(&s);
  for (size_t n = ff_range(&in, 0, 3); n > 0; n--) { /* per-pair link overrides */
    int a = (int)ff_choose(&in, ff_simnet_node_count(s.net));
    int b = (int)ff_choose(&in, ff_simnet_node_count(s.net));
    add_link_params(&s, &l);
    ff_simnet_set_link(s.net, a, b, &l);
  }
  bool draw_from_input = ff_bool(&in);
  if (draw_from_input) ff_simnet_draw_from(s.net, &in);
  for (size_t steps = ff_range(&in, 0, 64); s.n_hosts && steps > 0; steps--) {
    act(&s);
    check_counters(&s);
  }
  ff_simnet_stop stop = ff_simnet_run_idle(s.net, EVENT_BUDGET);
  FF_INVARIANT(stop == FF_SIMNET_IDLE, "simnet.idle", "still busy after %u events", EVENT_BUDGET);
  check_counters(&s);
  ff_simnet_stats st = ff_simnet_get_stats(s.net);
  FF_INVARIANT(st.in_flight == 0, "simnet.counters", "%llu in flight when idle",
               (unsigned long long)st.in_flight);
  out->trace_hash = ff_simnet_trace_hash(s.net);
  out->stats = st;
  out->hosts = s.n_hosts;
  out->nats = 0;
  for (size_t i = 0; i < s.n_sites; i++) out->nats += s.sites[i].nat >= 0;
  ff_simnet_free(s.net);
}
