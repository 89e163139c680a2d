/* scale: the instance cluster (InstanceCluster): members kept sorted by id as
 * a BTreeMap is, the template, session affinity and the policy; lookups,
 * consistency (unique ids and IPs inside the template's /24) and the choice of
 * members to remove on a scale-in (§5.2 select_instances_to_remove). */
#include <stdio.h>
#include <string.h>

#include "scale.h"

void scale_cluster_init(scale_cluster *c) { memset(c, 0, sizeof *c); }

static size_t lower_bound(const scale_cluster *c, const char *id) {
  size_t lo = 0, hi = c->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (strcmp(c->m[mid].id, id) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const scale_member *scale_cluster_find(const scale_cluster *c, const char *id) {
  size_t i = lower_bound(c, id);
  return i < c->n && strcmp(c->m[i].id, id) == 0 ? &c->m[i] : NULL;
}

scale_err scale_cluster_add(scale_cluster *c, const scale_member *m) {
  if (m->id[0] == '\0' || memchr(m->id, '\0', SCALE_ID_MAX) == NULL) return SCALE_ERR_INVALID;
  size_t i = lower_bound(c, m->id);
  if (i < c->n && strcmp(c->m[i].id, m->id) == 0) return SCALE_ERR_INVALID;
  if (c->n == SCALE_MAX_MEMBERS) return SCALE_ERR_FULL;
  memmove(&c->m[i + 1], &c->m[i], (c->n - i) * sizeof c->m[0]);
  c->m[i] = *m;
  c->n++;
  return SCALE_OK;
}

scale_err scale_cluster_remove(scale_cluster *c, const char *id) {
  size_t i = lower_bound(c, id);
  if (i >= c->n || strcmp(c->m[i].id, id) != 0) return SCALE_ERR_INVALID;
  memmove(&c->m[i], &c->m[i + 1], (c->n - i - 1) * sizeof c->m[0]);
  c->n--;
  memset(&c->m[c->n], 0, sizeof c->m[0]);
  return SCALE_OK;
}

const scale_member *scale_cluster_template(const scale_cluster *c) {
  return c->template_id[0] ? scale_cluster_find(c, c->template_id) : NULL;
}

bool scale_cluster_ip_used(const scale_cluster *c, uint32_t ip) {
  for (size_t i = 0; i < c->n; i++)
    if (c->m[i].ip == ip) return true;
  return false;
}

static bool member_equal(const scale_member *a, const scale_member *b, bool newer_heartbeats) {
  if (strcmp(a->id, b->id) != 0 || strcmp(a->node_id, b->node_id) != 0 || a->ip != b->ip ||
      strcmp(a->status, b->status) != 0)
    return false;
  if (newer_heartbeats) return b->last_heartbeat >= a->last_heartbeat;
  return a->last_heartbeat == b->last_heartbeat && a->heartbeats_skipped == b->heartbeats_skipped;
}

bool scale_cluster_same_members(const scale_cluster *a, const scale_cluster *b, bool newer_heartbeats) {
  if (a->n != b->n || strcmp(a->template_id, b->template_id) != 0 || a->session_affinity != b->session_affinity)
    return false;
  for (size_t i = 0; i < a->n; i++)
    if (!member_equal(&a->m[i], &b->m[i], newer_heartbeats)) return false;
  return true;
}

bool scale_cluster_consistent(const scale_cluster *c, char *why, size_t cap) {
  const scale_member *t = scale_cluster_template(c);
  if (c->template_id[0] && !t) {
    snprintf(why, cap, "template %s is not a member", c->template_id);
    return false;
  }
  for (size_t i = 0; i < c->n; i++) {
    if (i > 0 && strcmp(c->m[i - 1].id, c->m[i].id) >= 0) {
      snprintf(why, cap, "member ids not unique or unsorted at %s", c->m[i].id);
      return false;
    }
    for (size_t j = i + 1; j < c->n; j++)
      if (c->m[i].ip == c->m[j].ip) {
        snprintf(why, cap, "%s and %s share IP %08x", c->m[i].id, c->m[j].id, (unsigned)c->m[i].ip);
        return false;
      }
    uint32_t host = c->m[i].ip & 0xff;
    if (t && ((c->m[i].ip & 0xffffff00u) != (t->ip & 0xffffff00u) || host == 0 || host == 255)) {
      snprintf(why, cap, "%s has IP %08x outside the template's /24 hosts", c->m[i].id, (unsigned)c->m[i].ip);
      return false;
    }
  }
  return true;
}

bool scale_select_to_remove(const scale_cluster *c, size_t k, char ids[][SCALE_ID_MAX]) {
  bool taken[SCALE_MAX_MEMBERS] = {false};
  for (size_t r = 0; r < k; r++) {
    size_t best = SCALE_MAX_MEMBERS;
    for (size_t i = 0; i < c->n; i++) { /* members are in id order: the first minimum wins ties */
      if (taken[i] || strcmp(c->m[i].id, c->template_id) == 0) continue;
      if (best == SCALE_MAX_MEMBERS || c->m[i].last_heartbeat < c->m[best].last_heartbeat) best = i;
    }
    if (best == SCALE_MAX_MEMBERS) return false;
    taken[best] = true;
    memcpy(ids[r], c->m[best].id, SCALE_ID_MAX);
  }
  return true;
}
