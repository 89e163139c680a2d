/* net_nat_traversal (FF_PROPERTY; also the net_properties test):
 * two agents behind NATs of input-drawn types (none,
 * full-cone, restricted, port-restricted, symmetric) register with a
 * rendezvous server, then traverse towards each other with candidate lists
 * drawn from the input (the right endpoint somewhere or missing, private and
 * random decoys, duplicates), optionally with a relay and with lossy,
 * delaying, corrupting links. Oracles:
 *   net.nat_once       every candidate is tried at most once;
 *   net.nat_all_tried  every popped candidate is really probed;
 *   net.nat_order      candidates are probed best-first (list order);
 *   net.nat_bound      the run ends within NET_NAT_MAX_ROUNDS, every agent done
 *                      unless send faults held a probe or the relay request
 *                      back;
 *   net.nat_relay      a relay is asked only after NET_NAT_MIN_DIRECT_ROUNDS
 *                      failed rounds;
 *   net.nat_path       on perfect links, each agent connects directly exactly
 *                      when the reference model (nat_model.c: the traversal
 *                      over simnet's RFC 4787 semantics, hop by hop) says a
 *                      path exists, and connects at all when a relay is there;
 *   net.nat_timeout    the agents await the relay's answer with a shared
 *                      adaptive timeout seeded with input-drawn response
 *                      times; every answered request adds one sample;
 *   net.fault_atomic   with send faults from the input (ff_fault
 *                      "net.nat.send"), every candidate is either probed or
 *                      still queued: a failed send consumes nothing. */
#include <stdlib.h>
#include <string.h>

#include "formfuzz/fault.h"
#include "formfuzz/oracle.h"
#include "formfuzz/prop.h"
#include "gen.h"
#include "nat_model.h"

enum { T_NONE = NM_NONE, T_FULL = NM_FULL, T_RESTRICTED = NM_RESTRICTED, T_PORT_RESTRICTED = NM_PORT_RESTRICTED,
       T_SYMMETRIC = NM_SYMMETRIC, T_COUNT = NM_TYPES };
static const char *const type_names[] = {"none", "full-cone", "restricted", "port-restricted", "symmetric"};

typedef struct side {
  int type;
  int node;
  ff_simip public_ip;
  ff_simaddr reflexive;
  ff_simaddr list[NET_NAT_MAX_CANDIDATES];
  size_t n;
} side;

static int build_side(ff_simnet *net, side *s, int type, uint8_t idx) {
  s->type = type;
  s->public_ip = ff_simip_v4(198, 51, 100, (uint8_t)(1 + idx));
  int realm = FF_SIMNET_INTERNET;
  if (type != T_NONE) {
    static const ff_nat_type map[] = {FF_NAT_FULL_CONE, FF_NAT_FULL_CONE, FF_NAT_RESTRICTED_CONE,
                                      FF_NAT_PORT_RESTRICTED_CONE, FF_NAT_SYMMETRIC};
    ff_nat_config cfg = ff_nat_preset(map[type]);
    realm = ff_simnet_nat_add(net, FF_SIMNET_INTERNET, s->public_ip, &cfg, idx ? "nat-b" : "nat-a");
    if (realm < 0) return -1;
  }
  s->node = ff_simnet_node_add(net, realm, idx ? "b" : "a");
  if (s->node < 0) return -1;
  ff_simip own = type == T_NONE ? s->public_ip : ff_simip_v4(192, 168, 1, 2);
  if (ff_simnet_node_add_addr(net, s->node, own) != 0 || ff_simnet_bind(net, s->node, NET_NAT_PORT) < 0) return -1;
  return 0;
}

/* The candidate list one side gets for the other: the right endpoint at an
 * input-chosen place (or missing), decoys around it. */
static void draw_list(ff_input *in, const side *other, side *s) {
  ff_simaddr raw[NET_NAT_MAX_CANDIDATES];
  size_t n = 0, extra = ff_range(in, 0, 12);
  bool endpoint_first = ff_bool(in);
  for (size_t i = 0; i < extra && n < NET_NAT_MAX_CANDIDATES - 1; i++) {
    switch (ff_choose(in, 4)) {
      case 0: raw[n++] = other->reflexive; break;
      case 1: raw[n++] = ff_simaddr_make(ff_simip_v4(192, 168, 1, 2), NET_NAT_PORT); break;
      case 2: raw[n++] = ff_simaddr_make(other->public_ip, (uint16_t)ff_range(in, 1, 65535)); break;
      default: raw[n++] = net_gen_simaddr(in); break;
    }
  }
  s->n = net_nat_candidate_list(endpoint_first ? &other->reflexive : NULL, raw, n, s->list);
}

static long index_of(const side *s, const ff_simaddr *a) {
  for (size_t i = 0; i < s->n; i++)
    if (ff_simaddr_equal(&s->list[i], a)) return (long)i;
  return -1;
}

/* The reference model's view of one side. */
static void model_side(const side *s, nat_model_side *m) {
  m->type = (nat_model_type)s->type;
  m->public_ip = s->public_ip;
  m->private_ip = ff_simip_v4(192, 168, 1, 2);
  memcpy(m->list, s->list, s->n * sizeof s->list[0]);
  m->n = s->n;
}

static void check_agent(const net_nat_agent *a, const char *name, bool faulted) {
  for (size_t i = 0; i < a->ntried; i++)
    for (size_t j = i + 1; j < a->ntried; j++)
      FF_INVARIANT(!ff_simaddr_equal(&a->tried[i], &a->tried[j]), "net.nat_once", "%s probed one candidate twice", name);
  FF_INVARIANT(a->ntried == a->popped, "net.nat_all_tried", "%s popped %zu candidates, probed %zu", name, a->popped,
               a->ntried);
  for (size_t i = 0; i < a->ntried; i++)
    FF_INVARIANT(ff_simaddr_equal(&a->tried[i], &a->cands[i]), "net.nat_order",
                 "%s's probe %zu went to candidate %zu's place out of order", name, i, i);
  FF_INVARIANT(a->ntried + (a->tail - a->head) == a->ncands, "net.fault_atomic",
               "%s: %zu candidates, %zu probed, %zu queued", name, a->ncands, a->ntried, a->tail - a->head);
  /* Send faults hold work back: a probe goes back to the queue (and may be
   * sent only in the last round), a relay request is made again next round
   * and its wait may then outlast the last round. Without work held back,
   * every agent is done within the bound. */
  bool probing_late = a->head < a->tail || (a->ntried > 0 && a->tried_round[a->ntried - 1] == NET_NAT_MAX_ROUNDS);
  bool relay_late = a->has_relay && (!a->relay_requested || a->relay_round > NET_NAT_MIN_DIRECT_ROUNDS + 1);
  bool held_back = faulted && (probing_late || relay_late);
  FF_INVARIANT(a->done || held_back, "net.nat_bound", "%s not done after %u rounds", name, NET_NAT_MAX_ROUNDS);
  FF_INVARIANT(!a->relay_requested || a->relay_round > NET_NAT_MIN_DIRECT_ROUNDS, "net.nat_relay",
               "%s asked the relay in round %u", name, a->relay_round);
}

FF_PROPERTY(net_nat_traversal) {
  ff_simnet *net = ff_simnet_new(1);
  if (!net) return;
  side sa, sb;
  memset(&sa, 0, sizeof sa), memset(&sb, 0, sizeof sb);
  size_t flen = 0; /* in one input of four, send faults: 3 bits per send */
  const uint8_t *fbits = ff_u8(in) >= 192 ? ff_bytes_view(in, 4, &flen) : NULL;
  bool lossy = ff_u8(in) >= 192;
  bool with_relay = ff_bool(in);
  net_nat_relay_node *relay = calloc(1, sizeof *relay);
  int server = ff_simnet_node_add(net, FF_SIMNET_INTERNET, "rendezvous");
  ff_simaddr server_addr = ff_simaddr_make(ff_simip_v4(203, 0, 113, 1), 3478);
  ff_simaddr relay_addr = ff_simaddr_make(ff_simip_v4(203, 0, 113, 2), 3479);
  if (!relay || server < 0 || ff_simnet_node_add_addr(net, server, server_addr.ip) != 0 ||
      ff_simnet_bind(net, server, 3478) < 0 || build_side(net, &sa, (int)ff_choose(in, T_COUNT), 0) != 0 ||
      build_side(net, &sb, (int)ff_choose(in, T_COUNT), 1) != 0)
    goto out;
  if (with_relay) {
    int rn = ff_simnet_node_add(net, FF_SIMNET_INTERNET, "relay");
    if (rn < 0 || ff_simnet_node_add_addr(net, rn, relay_addr.ip) != 0 ||
        net_nat_relay_attach(net, relay, rn, relay_addr.port, 7) != 0)
      goto out;
  }
  /* Registration: the server learns each side's reflexive address. */
  ff_simnet_send(net, sa.node, NET_NAT_PORT, &server_addr, "reg", 3);
  ff_simnet_send(net, sb.node, NET_NAT_PORT, &server_addr, "reg", 3);
  ff_simnet_run_until(net, FF_SIM_MS(100), 1000);
  ff_simdgram d;
  uint8_t buf[16];
  for (int i = 0; i < 2 && ff_simnet_recv(net, server, &d, buf, sizeof buf); i++) {
    if (d.src.ip.b[3] == sa.public_ip.b[3]) sa.reflexive = d.src;
    else sb.reflexive = d.src;
  }
  if (lossy) {
    ff_simlink link;
    ff_simnet_link_from_input(in, &link);
    ff_simnet_set_default_link(net, &link);
    ff_simnet_draw_from(net, in);
  }
  draw_list(in, &sb, &sa);
  draw_list(in, &sa, &sb);
  uint8_t ka[32], kb[32];
  memset(ka, 0xa1, 32), memset(kb, 0xb2, 32);
  net_nat_agent aa, ab;
  net_nat_agent_init(&aa, sa.node, NET_NAT_PORT, ka, kb, sa.list, sa.n, with_relay ? &relay_addr : NULL);
  net_nat_agent_init(&ab, sb.node, NET_NAT_PORT, kb, ka, sb.list, sb.n, with_relay ? &relay_addr : NULL);
  net_timeout_tracker timeouts; /* earlier relay response times of this client */
  net_timeout_init(&timeouts);
  for (size_t k = ff_range(in, 0, 6); k > 0; k--) net_timeout_record(&timeouts, (uint32_t)ff_range(in, 50, 6000));
  unsigned samples0 = timeouts.n;
  net_nat_agent_use_timeouts(&aa, &timeouts), net_nat_agent_use_timeouts(&ab, &timeouts);
  net_nat_agent *agents[2] = {&aa, &ab};
  ff_fault_plan plan;
  ff_fault_plan_init(&plan);
  ff_fault_plan_use_input(&plan, fbits, flen, 3, "net.nat.send");
  ff_fault_plan *old_plan = ff_fault_plan_install(&plan);
  unsigned rounds = net_nat_run(net, agents, 2);
  ff_fault_plan_install(old_plan);
  bool faulted = ff_fault_fired(&plan, "net.nat.send") > 0;
  lossy |= faulted;
  FF_INVARIANT(rounds <= NET_NAT_MAX_ROUNDS, "net.nat_bound", "%u rounds", rounds);
  check_agent(&aa, "a", faulted);
  check_agent(&ab, "b", faulted);
  unsigned answered = (unsigned)aa.relayed + (unsigned)ab.relayed;
  unsigned want = samples0 + answered > NET_TIMEOUT_SAMPLES ? NET_TIMEOUT_SAMPLES : samples0 + answered;
  FF_INVARIANT(timeouts.n == want, "net.nat_timeout", "%u samples after %u answered relay requests (from %u)",
               timeouts.n, answered, samples0);
  for (size_t i = 0; i < 2; i++) {
    const net_nat_agent *g = agents[i];
    FF_INVARIANT(!g->relay_requested || (g->relay_wait_ms >= NET_TIMEOUT_MIN_MS && g->relay_wait_ms <= NET_TIMEOUT_MAX_MS),
                 "net.nat_timeout", "relay answer awaited for %u ms", g->relay_wait_ms);
  }
  nat_model_side model[2];
  bool predicted[2];
  model_side(&sa, &model[0]), model_side(&sb, &model[1]);
  if (!lossy && nat_model_run(model, &server_addr, with_relay ? &relay_addr : NULL, predicted) == 0) {
    FF_INVARIANT(aa.connected == predicted[0] && ab.connected == predicted[1], "net.nat_path",
                 "%s vs %s (a's right candidate at %ld, b's at %ld): the model predicts a %s, b %s; a %s, b %s",
                 type_names[sa.type], type_names[sb.type], index_of(&sa, &sb.reflexive), index_of(&sb, &sa.reflexive),
                 predicted[0] ? "connected" : "failed", predicted[1] ? "connected" : "failed",
                 aa.connected ? "connected" : "failed", ab.connected ? "connected" : "failed");
    FF_INVARIANT(!with_relay || ((aa.connected || aa.relayed) && (ab.connected || ab.relayed)), "net.nat_path",
                 "a relay is there but an agent ended unconnected");
  }
out:
  if (with_relay && relay->relay.sessions) net_relay_free(&relay->relay);
  free(relay);
  ff_simnet_free(net);
}
