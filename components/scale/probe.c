/* scale: health probes to members over simnet (see scale_probe.h): the
 * manager sends numbered probes, a member that is up answers each with the
 * same number, and only an answer to the probe being waited for, within its
 * timeout, counts. */
#include <string.h>

#include "scale_probe.h"

static void on_member(ff_simnet *net, int node, const ff_simdgram *d, void *ctx) {
  scale_prober *p = ctx;
  for (size_t i = 0; i < p->n; i++)
    if (p->t[i].node == node && p->t[i].owner && p->t[i].up && d->len == 9 && d->data[0] == 'P') {
      uint8_t reply[9];
      memcpy(reply, d->data, 9);
      reply[0] = 'A';
      ff_simnet_send(net, node, SCALE_PROBE_PORT, &d->src, reply, sizeof reply);
      return;
    }
}

static void on_manager(ff_simnet *net, int node, const ff_simdgram *d, void *ctx) {
  (void)net;
  (void)node;
  scale_prober *p = ctx;
  uint64_t seq;
  if (d->len != 9 || d->data[0] != 'A') return;
  memcpy(&seq, d->data + 1, 8);
  if (seq == p->waiting) p->answered = true;
}

scale_err scale_prober_init(scale_prober *p, ff_simnet *net, uint32_t timeout_ms, uint32_t attempts, uint32_t need) {
  memset(p, 0, sizeof *p);
  if (need == 0 || need > attempts || timeout_ms == 0) return SCALE_ERR_INVALID;
  p->net = net;
  p->timeout_ms = timeout_ms;
  p->attempts = attempts;
  p->need = need;
  p->manager = ff_simnet_node_add(net, FF_SIMNET_INTERNET, "scaling-manager");
  if (p->manager < 0 || ff_simnet_node_add_addr(net, p->manager, ff_simip_v4(10, 255, 0, 1)) != 0 ||
      ff_simnet_bind(net, p->manager, SCALE_PROBE_PORT) < 0)
    return SCALE_ERR_FULL;
  ff_simnet_set_receiver(net, p->manager, on_manager, p);
  return SCALE_OK;
}

/* t now answers at its address: another instance that had it no longer does. */
static scale_probe_target *claim(scale_prober *p, scale_probe_target *t) {
  for (size_t i = 0; i < p->n; i++)
    if (p->t[i].node == t->node) p->t[i].owner = false;
  t->owner = true;
  return t;
}

scale_probe_target *scale_prober_target(scale_prober *p, const scale_member *m) {
  for (size_t i = 0; i < p->n; i++)
    if (strcmp(p->t[i].id, m->id) == 0) return claim(p, &p->t[i]);
  if (p->n == SCALE_PROBE_NODES) return NULL;
  scale_probe_target *t = &p->t[p->n];
  memset(t, 0, sizeof *t);
  memcpy(t->id, m->id, SCALE_ID_MAX);
  t->ip = m->ip;
  t->up = true;
  /* An address can come back (a replacement keeps its old one): reuse that node. */
  t->node = -1;
  for (size_t i = 0; i < p->n; i++)
    if (p->t[i].ip == m->ip) t->node = p->t[i].node;
  if (t->node < 0) {
    t->node = ff_simnet_node_add(p->net, FF_SIMNET_INTERNET, m->id);
    if (t->node < 0 ||
        ff_simnet_node_add_addr(p->net, t->node,
                                ff_simip_v4(m->ip >> 24, (m->ip >> 16) & 0xff, (m->ip >> 8) & 0xff, m->ip & 0xff)) != 0 ||
        ff_simnet_bind(p->net, t->node, SCALE_PROBE_PORT) < 0)
      return NULL;
    ff_simnet_set_receiver(p->net, t->node, on_member, p);
  }
  p->n++;
  return claim(p, t);
}

bool scale_probe_member(scale_prober *p, const scale_member *m) {
  scale_probe_target *t = scale_prober_target(p, m);
  if (!t) return false;
  ff_simaddr dst = ff_simaddr_make(
      ff_simip_v4(m->ip >> 24, (m->ip >> 16) & 0xff, (m->ip >> 8) & 0xff, m->ip & 0xff), SCALE_PROBE_PORT);
  t->answers = 0;
  for (uint32_t a = 0; a < p->attempts; a++) {
    uint8_t probe[9] = {'P'};
    p->waiting = ++p->seq;
    p->answered = false;
    memcpy(probe + 1, &p->seq, 8);
    ff_simnet_send(p->net, p->manager, SCALE_PROBE_PORT, &dst, probe, sizeof probe);
    ff_simnet_run_until(p->net, ff_simnet_now(p->net) + FF_SIM_MS(p->timeout_ms), 4096);
    if (p->answered) t->answers++;
  }
  p->waiting = 0;
  p->checks++;
  t->last_healthy = t->answers >= p->need;
  return t->last_healthy;
}

bool scale_prober_health(void *ctx, const scale_member *m) { return scale_probe_member(ctx, m); }
