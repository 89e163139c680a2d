/* scale_restore: operations persisted step by step through the state store,
 * with faults at the store's sites (storage.write tears the temporary file,
 * storage.fsync and storage.rename fail; the fault plan comes from the input)
 * and crashes between any two steps (a failed save is a crash too), each
 * followed by recovery (which may crash again). Oracles:
 *   scale.durable     the durable state always loads (never torn);
 *   scale.recovered   after recovery no operation is running, and the cluster
 *                     is the state before the interrupted operation or, when
 *                     the recovered record shows it Completed, the state after
 *                     it: no member lost or duplicated;
 *   scale.consistent  ids and IPs unique, inside the template's /24;
 *   scale.ids_once    an id handed out is never handed out again. */
#include <stdio.h>
#include <string.h>

#include "formfuzz/fault.h"
#include "formfuzz/oracle.h"
#include "formfuzz/prop.h"
#include "gen.h"

#define OPS 3
#define MAX_SEEN 64

typedef struct run {
  scale_system s;
  scale_disk disk;
  scale_cluster pre, post;
  bool have_post;
  char op_id[32];
  char seen[MAX_SEEN][SCALE_ID_MAX]; /* ids that were ever added as new */
  size_t nseen;
} run;

static void check_recovered(run *r) {
  const scale_system *s = &r->s;
  char why[SCALE_REASON_MAX];
  FF_INVARIANT(!scale_manager_busy(&s->manager), "scale.recovered", "%s still running after recovery",
               scale_phase_name(s->manager.cur.kind));
  FF_INVARIANT(scale_cluster_consistent(&s->cluster, why, sizeof why), "scale.consistent", "recovered: %s", why);
  const scale_op_record *rec = scale_manager_record_c(&s->manager);
  bool completed = rec && strcmp(rec->id, r->op_id) == 0 && rec->final_phase == SCALE_PH_COMPLETED;
  if (completed)
    FF_INVARIANT(r->have_post && scale_cluster_same_members(&r->post, &s->cluster, true), "scale.recovered",
                 "op %s completed but the cluster (%zu members) is not its result", r->op_id, s->cluster.n);
  else
    FF_INVARIANT(scale_cluster_same_members(&r->pre, &s->cluster, true), "scale.recovered",
                 "op %s not completed (record %s, %s) but %zu members, %zu before it", r->op_id, rec ? rec->id : "-",
                 rec ? scale_phase_name(rec->final_phase) : "-", s->cluster.n, r->pre.n);
}

/* A crash, then recovery until it saves (each save may fail again). */
static void crash_and_recover(run *r, int64_t now) {
  for (int k = 0; k < 8; k++) {
    scale_disk_crash(&r->disk);
    memset(&r->s, 0xa5, sizeof r->s); /* memory is gone */
    scale_err e = scale_recover(&r->disk, &r->s, now);
    FF_INVARIANT(e == SCALE_OK || e == SCALE_ERR_IO, "scale.durable", "recovery: %s", scale_err_name(e));
    check_recovered(r);
    if (e == SCALE_OK) return;
  }
}

static void note_new_ids(run *r, const scale_cluster *before) {
  for (size_t i = 0; i < r->s.cluster.n; i++) {
    const char *id = r->s.cluster.m[i].id;
    if (scale_cluster_find(before, id)) continue;
    for (size_t j = 0; j < r->nseen; j++)
      FF_INVARIANT(strcmp(r->seen[j], id) != 0, "scale.ids_once", "instance id %s handed out twice", id);
    if (r->nseen < MAX_SEEN) memcpy(r->seen[r->nseen++], id, SCALE_ID_MAX);
  }
}

FF_PROPERTY(scale_restore) {
  static run r; /* not cleared whole: the disk alone is two state-sized files */
  r.nseen = 0;
  r.have_post = false;
  r.op_id[0] = '\0';
  int64_t now = SCALE_GEN_T0;
  scale_gen_cluster(in, &r.s.cluster, now);
  scale_manager_init(&r.s.manager);
  scale_disk_init(&r.disk);
  if (scale_store_save(&r.disk, &r.s) != SCALE_OK) return; /* no plan installed yet: cannot fail */
  size_t fault_len = ff_range(in, 0, 12), got = 0;
  const uint8_t *faults = ff_bytes_view(in, fault_len, &got);
  ff_fault_plan plan;
  ff_fault_plan_init(&plan);
  ff_fault_plan_use_input(&plan, faults, got, 3, "storage");
  ff_fault_plan *prev = ff_fault_plan_install(&plan);
  for (int o = 0; o < OPS && ff_more(in); o++) {
    scale_operation op;
    scale_gen_operation(in, &r.s.cluster, &op);
    r.pre = r.s.cluster;
    r.have_post = false;
    now += (int64_t)ff_range(in, 0, 400);
    if (scale_start(&r.s.manager, &op, now) != SCALE_OK) break;
    snprintf(r.op_id, sizeof r.op_id, "%s", scale_manager_record(&r.s.manager)->id);
    bool saved = scale_store_save(&r.disk, &r.s) == SCALE_OK;
    for (int k = 0; k < 12 && saved; k++) {
      if (ff_range(in, 0, 9) == 0) break; /* a crash between steps */
      scale_cluster before = r.s.cluster;
      scale_phase_kind at = r.s.manager.cur.kind;
      scale_step_result res = scale_step(&r.s, ++now, NULL, NULL);
      if (at == SCALE_PH_CONFIGURING && res == SCALE_STEP_ADVANCED) {
        r.post = r.s.cluster;
        r.have_post = true;
        note_new_ids(&r, &before);
      }
      if (res == SCALE_STEP_FAILED || res == SCALE_STEP_TIMED_OUT) scale_rollback(&r.s, now);
      saved = scale_store_save(&r.disk, &r.s) == SCALE_OK;
      if (res == SCALE_STEP_IDLE || !scale_manager_busy(&r.s.manager)) break;
    }
    if (!saved || scale_manager_busy(&r.s.manager)) crash_and_recover(&r, ++now);
    else if (ff_bool(in)) crash_and_recover(&r, ++now); /* a crash after the op ended */
  }
  ff_fault_plan_install(prev);
}
