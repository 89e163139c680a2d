/* scale: the ScalingManager phase machine (§5.3): the allowed transitions of
 * the table, one non-terminal operation at a time, unique operation ids, the
 * phase history recorded on every transition, per-phase timeouts (strict >).
 * Phases cannot be skipped: Completed only from Finalizing, Finalizing only
 * from Verifying with passing results. */
#include <stdio.h>
#include <string.h>

#include "formfuzz/bug.h"
#include "scale.h"

static const uint32_t default_timeouts[SCALE_NONTERMINAL] = {60, 60, 120, 300, 600, 300, 180, 120};

void scale_manager_init(scale_manager *m) {
  memset(m, 0, sizeof *m);
  for (size_t i = 0; i < SCALE_NONTERMINAL; i++) {
    m->has_timeout[i] = true;
    m->timeout_s[i] = default_timeouts[i];
  }
}

void scale_manager_set_all_timeouts(scale_manager *m, uint32_t t) {
  for (size_t i = 0; i < SCALE_NONTERMINAL; i++) {
    m->has_timeout[i] = true;
    m->timeout_s[i] = t;
  }
}

scale_op_record *scale_manager_record(scale_manager *m) {
  return m->nhistory ? &m->history[m->nhistory - 1] : NULL;
}
const scale_op_record *scale_manager_record_c(const scale_manager *m) {
  return m->nhistory ? &m->history[m->nhistory - 1] : NULL;
}

bool scale_manager_busy(const scale_manager *m) { return m->active && !scale_phase_terminal(m->cur.kind); }

/* Closes the current phase in the history, enters `to` and records it. */
static void enter(scale_manager *m, scale_phase_kind to, int64_t now) {
  scale_op_record *r = scale_manager_record(m);
  m->cur.kind = to;
  m->cur.started_at = now;
  r->final_phase = to;
  if (FF_BUG("scale.phase_history_empty")) return; /* phase_history is never populated */
  if (r->nphases > 0) r->phases[r->nphases - 1].ended_at = now;
  if (r->nphases < SCALE_MAX_PHASES) r->phases[r->nphases++] = (scale_phase_record){.kind = to, .started_at = now};
}

scale_err scale_start(scale_manager *m, const scale_operation *op, int64_t now) {
  if (scale_manager_busy(m)) return SCALE_ERR_CONCURRENT;
  if (op->nids > SCALE_MAX_IDS) return SCALE_ERR_INVALID;
  if (m->nhistory == SCALE_HISTORY_MAX) {
    memmove(&m->history[0], &m->history[1], (SCALE_HISTORY_MAX - 1) * sizeof m->history[0]);
    m->nhistory--;
  }
  scale_op_record *r = &m->history[m->nhistory++];
  memset(r, 0, sizeof *r);
  m->op_seq++;
  if (FF_BUG("scale.op_id_secs")) snprintf(r->id, sizeof r->id, "op-%lld", (long long)now);
  else snprintf(r->id, sizeof r->id, "op-%lld-%llu", (long long)now, (unsigned long long)m->op_seq);
  r->op = *op;
  r->started_at = now;
  memset(&m->cur, 0, sizeof m->cur);
  m->cur.op = *op;
  m->active = true;
  enter(m, SCALE_PH_REQUESTED, now);
  return SCALE_OK;
}

/* NoActiveOperation, or InvalidTransition unless the current phase is `from`. */
static scale_err expect(const scale_manager *m, scale_phase_kind from) {
  if (!m->active) return SCALE_ERR_NO_ACTIVE;
  return m->cur.kind == from ? SCALE_OK : SCALE_ERR_INVALID_TRANSITION;
}

scale_err scale_to_validating(scale_manager *m, int64_t now) {
  scale_err e = expect(m, SCALE_PH_REQUESTED);
  if (e == SCALE_OK) enter(m, SCALE_PH_VALIDATING, now);
  return e;
}

scale_err scale_to_planning(scale_manager *m, const scale_plan *plan, int64_t now) {
  scale_err e = expect(m, SCALE_PH_VALIDATING);
  if (e != SCALE_OK) return e;
  m->cur.plan = *plan;
  enter(m, SCALE_PH_PLANNING, now);
  return SCALE_OK;
}

scale_err scale_to_allocating(scale_manager *m, int64_t now) {
  scale_err e = expect(m, SCALE_PH_PLANNING);
  if (e == SCALE_OK) enter(m, SCALE_PH_ALLOCATING, now);
  return e;
}

scale_err scale_to_preparing(scale_manager *m, size_t nnew, char ids[][SCALE_ID_MAX], const uint32_t *ips,
                             size_t nold, char old[][SCALE_ID_MAX], int64_t now) {
  scale_err e = expect(m, SCALE_PH_ALLOCATING);
  if (e != SCALE_OK) return e;
  if (nnew > SCALE_MAX_IDS || nold > SCALE_MAX_IDS) return SCALE_ERR_INVALID;
  m->cur.nnew = nnew;
  for (size_t i = 0; i < nnew; i++) {
    memcpy(m->cur.new_ids[i], ids[i], SCALE_ID_MAX);
    m->cur.new_ips[i] = ips[i];
  }
  m->cur.nold = nold;
  for (size_t i = 0; i < nold; i++) memcpy(m->cur.old_ids[i], old[i], SCALE_ID_MAX);
  enter(m, SCALE_PH_PREPARING, now);
  return SCALE_OK;
}

scale_err scale_to_configuring(scale_manager *m, const scale_cluster *snapshot, int64_t now) {
  scale_err e = expect(m, SCALE_PH_PREPARING);
  if (e != SCALE_OK) return e;
  m->cur.has_snapshot = true;
  m->cur.snapshot = *snapshot;
  enter(m, SCALE_PH_CONFIGURING, now);
  return SCALE_OK;
}

scale_err scale_to_verifying(scale_manager *m, int64_t now) {
  scale_err e = expect(m, SCALE_PH_CONFIGURING);
  if (e != SCALE_OK) return e;
  m->cur.nresults = 0;
  enter(m, SCALE_PH_VERIFYING, now);
  return SCALE_OK;
}

scale_err scale_add_verification_result(scale_manager *m, const char *name, bool passed) {
  if (!m->active) return SCALE_ERR_NO_ACTIVE;
  if (m->cur.kind != SCALE_PH_VERIFYING) return SCALE_ERR_INVALID_PHASE;
  if (m->cur.nresults == SCALE_MAX_RESULTS) return SCALE_ERR_FULL;
  scale_test_result *t = &m->cur.results[m->cur.nresults++];
  snprintf(t->name, sizeof t->name, "%s", name);
  t->passed = passed;
  return SCALE_OK;
}

scale_err scale_to_finalizing(scale_manager *m, size_t cleanup_tasks, int64_t now) {
  scale_err e = expect(m, SCALE_PH_VERIFYING);
  if (e != SCALE_OK) return e;
  if (!FF_BUG("scale.finalize_without_results")) {
    if (m->cur.nresults == 0) return SCALE_ERR_INVALID_TRANSITION;
    for (size_t i = 0; i < m->cur.nresults; i++)
      if (!m->cur.results[i].passed) return SCALE_ERR_INVALID_TRANSITION;
  }
  m->cur.ncleanup = cleanup_tasks;
  enter(m, SCALE_PH_FINALIZING, now);
  return SCALE_OK;
}

static void end_record(scale_manager *m, int64_t now, bool successful) {
  scale_op_record *r = scale_manager_record(m);
  r->ended_at = now;
  r->successful = successful;
  if (!FF_BUG("scale.phase_history_empty") && r->nphases > 0) r->phases[r->nphases - 1].ended_at = now;
}

scale_err scale_complete(scale_manager *m, int64_t now) {
  if (!m->active) return SCALE_ERR_NO_ACTIVE;
  bool allowed = FF_BUG("scale.complete_any_phase") ? !scale_phase_terminal(m->cur.kind)
                                                     : m->cur.kind == SCALE_PH_FINALIZING;
  if (!allowed) return SCALE_ERR_INVALID_TRANSITION;
  scale_op_record *r = scale_manager_record(m);
  enter(m, SCALE_PH_COMPLETED, now);
  m->cur.duration_seconds = now > r->started_at ? now - r->started_at : 0;
  end_record(m, now, true);
  return SCALE_OK;
}

scale_err scale_fail(scale_manager *m, const char *error_type, const char *reason, int64_t now) {
  if (!m->active) return SCALE_ERR_NO_ACTIVE;
  if (scale_phase_terminal(m->cur.kind)) return SCALE_ERR_INVALID_TRANSITION;
  scale_phase_kind at = m->cur.kind;
  enter(m, SCALE_PH_FAILED, now);
  m->cur.failed_in = at;
  snprintf(m->cur.error_type, sizeof m->cur.error_type, "%s", error_type);
  snprintf(m->cur.reason, sizeof m->cur.reason, "%s", reason);
  scale_op_record *r = scale_manager_record(m);
  r->has_error = true;
  snprintf(r->error, sizeof r->error, "%s: %s", error_type, reason);
  end_record(m, now, false);
  return SCALE_OK;
}

scale_err scale_cancel(scale_manager *m, const char *reason, int64_t now) {
  if (!m->active) return SCALE_ERR_NO_ACTIVE;
  if (scale_phase_terminal(m->cur.kind)) return SCALE_ERR_INVALID_TRANSITION;
  scale_phase_kind at = m->cur.kind;
  enter(m, SCALE_PH_CANCELED, now);
  m->cur.failed_in = at;
  snprintf(m->cur.reason, sizeof m->cur.reason, "%s", reason);
  scale_manager_record(m)->has_error = false;
  end_record(m, now, false);
  return SCALE_OK;
}

bool scale_check_timeouts(scale_manager *m, int64_t now) {
  m->last_check_time = now;
  if (!scale_manager_busy(m)) return false;
  scale_phase_kind k = m->cur.kind;
  if (!m->has_timeout[k] || now <= m->cur.started_at) return false;
  uint64_t elapsed = (uint64_t)now - (uint64_t)m->cur.started_at;
  if (elapsed <= m->timeout_s[k]) return false;
  char reason[48];
  snprintf(reason, sizeof reason, "Timeout after %u seconds", (unsigned)m->timeout_s[k]);
  scale_fail(m, "Timeout", reason, now);
  return true;
}
