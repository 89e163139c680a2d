/* scale core: the policy's edge cases (band, cooldowns, 0 % CPU, target 0,
 * n = 0, no wrap), every transition of the §5.3 table and each phase timeout
 * (strict >), the id formats, a full ScaleOut / ScaleIn / Replace, atomic
 * configuring under a fault, rollback (exact, idempotent), health checks, the
 * store (torn write, fsync, rename, recovery), probes over simnet and the
 * autoscale link. */
#include <stdio.h>
#include <string.h>

#include "formfuzz/fault.h"
#include "ff_check.h"
#include "scale.h"
#include "scale_probe.h"

#define T0 1700000000

static void add(scale_cluster *c, const char *id, uint32_t host, int64_t hb) {
  scale_member m;
  memset(&m, 0, sizeof m);
  snprintf(m.id, sizeof m.id, "%s", id);
  strcpy(m.node_id, "node-0");
  m.ip = 0x0a000100u | host;
  strcpy(m.status, "running");
  m.last_heartbeat = hb;
  REQUIRE(scale_cluster_add(c, &m) == SCALE_OK, "add %s", id);
}

static void make_system(scale_system *s) {
  memset(s, 0, sizeof *s);
  scale_cluster_init(&s->cluster);
  strcpy(s->cluster.template_id, "web");
  add(&s->cluster, "web", 10, T0);
  add(&s->cluster, "m-1", 11, T0 - 50);
  s->cluster.has_policy = true;
  s->cluster.policy = scale_policy_default();
  s->cluster.session_affinity = true;
  scale_manager_init(&s->manager);
}

static scale_operation op_out(uint32_t t) {
  scale_operation op;
  memset(&op, 0, sizeof op);
  op.kind = SCALE_OP_OUT;
  op.target_instances = t;
  return op;
}

static scale_step_result run(scale_system *s, int64_t *now) {
  scale_step_result r = SCALE_STEP_ADVANCED;
  while (r == SCALE_STEP_ADVANCED) r = scale_step(s, ++*now, NULL, NULL);
  return r;
}

static void test_policy(void) {
  scale_policy p = scale_policy_default();
  CHECK(p.min_instances == 1 && p.max_instances == 5 && p.target_cpu_utilization == 70 &&
        p.scale_in_cooldown_seconds == 300 && p.scale_out_cooldown_seconds == 120);
  CHECK(scale_policy_validate(&p) == SCALE_OK);
  scale_policy bad = p;
  bad.min_instances = 6;
  CHECK(scale_policy_validate(&bad) == SCALE_ERR_INVALID);
  bad = p, bad.max_instances = 0, bad.min_instances = 0;
  CHECK(scale_policy_validate(&bad) == SCALE_ERR_INVALID);
  bad = p, bad.target_cpu_utilization = 101;
  CHECK(scale_policy_validate(&bad) == SCALE_ERR_INVALID);
  bad = p, bad.target_cpu_utilization = 0;
  CHECK_MSG(scale_policy_validate(&bad) == SCALE_ERR_INVALID, "target 0 must be refused");
  /* band: scale-in only below 55 with target 70; out only above 70 */
  CHECK(scale_policy_should_scale_out(&p, 2, 71) && !scale_policy_should_scale_out(&p, 2, 70));
  CHECK(!scale_policy_should_scale_out(&p, 5, 100));
  CHECK(scale_policy_should_scale_in(&p, 2, 54) && !scale_policy_should_scale_in(&p, 2, 55));
  CHECK(!scale_policy_should_scale_in(&p, 1, 0));
  uint32_t t = 0;
  CHECK(scale_policy_target(&p, 2, 100, T0, &t) && t == 3);   /* ceil(2 x 100/70) = 3 */
  CHECK(scale_policy_target(&p, 3, 100, T0, &t) && t == 5);   /* ceil(300/70) = 5 */
  CHECK(scale_policy_target(&p, 4, 0, T0, &t) && t == 1);     /* 0 % CPU goes to min */
  CHECK(scale_policy_target(&p, 4, 30, T0, &t) && t == 1);    /* floor(120/70) = 1 */
  CHECK(!scale_policy_target(&p, 2, 60, T0, &t));             /* inside the band */
  CHECK(scale_policy_target(&p, 0, 0, T0, &t) && t == 1);     /* n = 0 scales out to min */
  CHECK(scale_policy_target(&p, 9, 90, T0, &t) && t == 5);    /* above max: back to max */
  /* cooldowns: now - last < cooldown; a clock that went back still cools */
  p.last_scale_out_time = T0 - 119;
  CHECK(!scale_policy_target(&p, 2, 100, T0, &t));
  p.last_scale_out_time = T0 - 120;
  CHECK(scale_policy_target(&p, 2, 100, T0, &t) && t == 3);
  CHECK(scale_policy_in_cooldown(T0 + 5, 10, T0));
  CHECK(!scale_policy_in_cooldown(0, 10, T0));
  /* no u32 wrap: n x cpu in 64 bits */
  scale_policy big = {.min_instances = 1, .max_instances = 0xffffffffu, .target_cpu_utilization = 1};
  CHECK(scale_policy_target(&big, 0x80000000u, 100, T0, &t) && t == 0xffffffffu);
}

static void test_table(void) {
  scale_manager m;
  scale_manager_init(&m);
  CHECK(m.timeout_s[SCALE_PH_REQUESTED] == 60 && m.timeout_s[SCALE_PH_PLANNING] == 120 &&
        m.timeout_s[SCALE_PH_PREPARING] == 600 && m.timeout_s[SCALE_PH_VERIFYING] == 180 &&
        m.timeout_s[SCALE_PH_FINALIZING] == 120);
  CHECK(scale_to_validating(&m, T0) == SCALE_ERR_NO_ACTIVE);
  CHECK(scale_complete(&m, T0) == SCALE_ERR_NO_ACTIVE);
  scale_operation op = op_out(3);
  CHECK(scale_start(&m, &op, T0) == SCALE_OK);
  CHECK(scale_start(&m, &op, T0) == SCALE_ERR_CONCURRENT);
  CHECK_MSG(strcmp(m.history[0].id, "op-1700000000-1") == 0, "id %s", m.history[0].id);
  CHECK(scale_complete(&m, T0) == SCALE_ERR_INVALID_TRANSITION); /* no skipping */
  CHECK(scale_to_planning(&m, &(scale_plan){0}, T0) == SCALE_ERR_INVALID_TRANSITION);
  CHECK(scale_add_verification_result(&m, "x", true) == SCALE_ERR_INVALID_PHASE);
  CHECK(scale_to_validating(&m, T0 + 1) == SCALE_OK);
  CHECK(scale_to_planning(&m, &(scale_plan){0}, T0 + 2) == SCALE_OK);
  CHECK(scale_to_allocating(&m, T0 + 3) == SCALE_OK);
  CHECK(scale_to_preparing(&m, 0, NULL, NULL, 0, NULL, T0 + 4) == SCALE_OK);
  scale_cluster snap;
  scale_cluster_init(&snap);
  CHECK(scale_to_configuring(&m, &snap, T0 + 5) == SCALE_OK);
  CHECK(scale_to_verifying(&m, T0 + 6) == SCALE_OK);
  CHECK(scale_to_finalizing(&m, 1, T0 + 7) == SCALE_ERR_INVALID_TRANSITION); /* no results */
  CHECK(scale_add_verification_result(&m, "count", false) == SCALE_OK);
  CHECK(scale_to_finalizing(&m, 1, T0 + 7) == SCALE_ERR_INVALID_TRANSITION); /* a failing result */
  m.cur.results[0].passed = true;
  CHECK(scale_complete(&m, T0 + 7) == SCALE_ERR_INVALID_TRANSITION);
  CHECK(scale_to_finalizing(&m, 1, T0 + 7) == SCALE_OK);
  CHECK(scale_complete(&m, T0 + 9) == SCALE_OK);
  const scale_op_record *r = scale_manager_record_c(&m);
  CHECK(r->successful && r->ended_at == T0 + 9 && m.cur.duration_seconds == 9);
  CHECK(r->nphases == 9 && r->phases[0].kind == SCALE_PH_REQUESTED && r->phases[8].kind == SCALE_PH_COMPLETED);
  CHECK(r->phases[3].started_at == T0 + 3 && r->phases[3].ended_at == T0 + 4);
  CHECK(r->final_phase == SCALE_PH_COMPLETED);
  CHECK(scale_fail(&m, "x", "y", T0) == SCALE_ERR_INVALID_TRANSITION);
  CHECK(scale_cancel(&m, "y", T0) == SCALE_ERR_INVALID_TRANSITION);
  /* a second op in the same second gets another id */
  CHECK(scale_start(&m, &op, T0 + 9) == SCALE_OK);
  CHECK(strcmp(m.history[1].id, "op-1700000009-2") == 0);
  CHECK(scale_cancel(&m, "operator", T0 + 9) == SCALE_OK);
  CHECK(m.cur.failed_in == SCALE_PH_REQUESTED && !scale_manager_record_c(&m)->has_error);
  CHECK(scale_start(&m, &op, T0 + 9) == SCALE_OK);
  CHECK(strcmp(m.history[2].id, "op-1700000009-3") == 0);
  CHECK(scale_fail(&m, "Injected", "test", T0 + 10) == SCALE_OK);
  CHECK(m.cur.failed_in == SCALE_PH_REQUESTED && scale_manager_record_c(&m)->has_error);
  CHECK(strcmp(scale_manager_record_c(&m)->error, "Injected: test") == 0);
}

static void test_timeouts(void) {
  static const uint32_t limits[SCALE_NONTERMINAL] = {60, 60, 120, 300, 600, 300, 180, 120};
  for (int k = 0; k < SCALE_NONTERMINAL; k++) {
    scale_manager m;
    scale_manager_init(&m);
    scale_operation op = op_out(3);
    scale_start(&m, &op, T0);
    m.cur.kind = (scale_phase_kind)k; /* placed in phase k at T0 */
    scale_manager_record(&m)->final_phase = m.cur.kind;
    CHECK_MSG(!scale_check_timeouts(&m, T0 + limits[k]), "%s fired at its limit", scale_phase_name(k));
    CHECK_MSG(scale_check_timeouts(&m, T0 + limits[k] + 1), "%s did not fire past it", scale_phase_name(k));
    CHECK(m.cur.kind == SCALE_PH_FAILED && strcmp(m.cur.error_type, "Timeout") == 0);
    char want[48];
    snprintf(want, sizeof want, "Timeout after %u seconds", limits[k]);
    CHECK_MSG(strcmp(m.cur.reason, want) == 0, "%s", m.cur.reason);
    CHECK(!scale_check_timeouts(&m, T0 + 100000)); /* terminal never times out */
  }
  scale_manager m;
  scale_manager_init(&m);
  scale_manager_set_all_timeouts(&m, 300);
  scale_operation op = op_out(3);
  scale_start(&m, &op, T0);
  CHECK(!scale_check_timeouts(&m, T0 + 300) && scale_check_timeouts(&m, T0 + 301));
  scale_manager_init(&m);
  m.has_timeout[SCALE_PH_REQUESTED] = false; /* a phase without an entry never times out */
  scale_start(&m, &op, T0);
  CHECK(!scale_check_timeouts(&m, T0 + 100000));
}

static void test_scale_out_in_replace(void) {
  static scale_system s;
  make_system(&s);
  int64_t now = T0;
  scale_operation op = op_out(4);
  CHECK(scale_start(&s.manager, &op, now) == SCALE_OK);
  CHECK(run(&s, &now) == SCALE_STEP_COMPLETED);
  CHECK(s.cluster.n == 4 && scale_cluster_find(&s.cluster, "web-clone-1") && scale_cluster_find(&s.cluster, "web-clone-2"));
  CHECK(scale_cluster_find(&s.cluster, "web-clone-1")->ip == 0x0a000101u); /* lowest free host */
  CHECK(s.cluster.policy.last_scale_out_time == now);
  char why[SCALE_REASON_MAX];
  CHECK_MSG(scale_cluster_consistent(&s.cluster, why, sizeof why), "%s", why);
  /* a second scale-out gets fresh ids (no collision) after the cooldown */
  now += 200;
  op = op_out(5);
  CHECK(scale_start(&s.manager, &op, now) == SCALE_OK);
  CHECK(run(&s, &now) == SCALE_STEP_COMPLETED);
  CHECK(s.cluster.n == 5 && scale_cluster_find(&s.cluster, "web-clone-3"));
  /* scale-in with named ids: count and duplicates checked */
  now += 400;
  scale_operation in;
  memset(&in, 0, sizeof in);
  in.kind = SCALE_OP_IN;
  in.target_instances = 3;
  in.has_ids = true;
  in.nids = 2;
  strcpy(in.ids[0], "m-1");
  strcpy(in.ids[1], "m-1");
  CHECK(scale_validate_operation(&s.cluster, &in, now, why, sizeof why) == SCALE_ERR_INVALID);
  strcpy(in.ids[1], "web");
  CHECK(scale_validate_operation(&s.cluster, &in, now, why, sizeof why) == SCALE_ERR_INVALID);
  in.nids = 1;
  CHECK(scale_validate_operation(&s.cluster, &in, now, why, sizeof why) == SCALE_ERR_INVALID);
  in.nids = 2;
  strcpy(in.ids[1], "web-clone-3");
  CHECK(scale_validate_operation(&s.cluster, &in, now, why, sizeof why) == SCALE_OK);
  CHECK(scale_start(&s.manager, &in, now) == SCALE_OK);
  CHECK(run(&s, &now) == SCALE_STEP_COMPLETED);
  CHECK(s.cluster.n == 3 && !scale_cluster_find(&s.cluster, "m-1") && scale_cluster_find(&s.cluster, "web"));
  /* replace keeps the count and the address */
  uint32_t ip = scale_cluster_find(&s.cluster, "web-clone-1")->ip;
  scale_operation rep;
  memset(&rep, 0, sizeof rep);
  rep.kind = SCALE_OP_REPLACE;
  rep.has_ids = true;
  rep.nids = 1;
  strcpy(rep.ids[0], "web-clone-1");
  CHECK(scale_start(&s.manager, &rep, now) == SCALE_OK);
  CHECK(run(&s, &now) == SCALE_STEP_COMPLETED);
  const scale_member *nm = scale_cluster_find(&s.cluster, "web-clone-1-replacement-4");
  CHECK(s.cluster.n == 3 && !scale_cluster_find(&s.cluster, "web-clone-1") && nm && nm->ip == ip);
  /* no policy: NoScalingPolicy in Validating */
  s.cluster.has_policy = false;
  op = op_out(4);
  CHECK(scale_validate_operation(&s.cluster, &op, now, why, sizeof why) == SCALE_ERR_NO_POLICY);
}

static void test_atomic_and_rollback(void) {
  static scale_system s;
  make_system(&s);
  int64_t now = T0;
  scale_cluster pre = s.cluster;
  scale_operation op = op_out(4);
  scale_start(&s.manager, &op, now);
  ff_fault_plan plan;
  ff_fault_plan_init(&plan);
  char err[64];
  REQUIRE(ff_fault_plan_parse(&plan, "scale.configure#2", 0, err, sizeof err) == 0, "%s", err);
  ff_fault_plan *prev = ff_fault_plan_install(&plan);
  scale_step_result r = run(&s, &now);
  ff_fault_plan_install(prev);
  CHECK(r == SCALE_STEP_FAILED && s.manager.cur.failed_in == SCALE_PH_CONFIGURING);
  CHECK_MSG(scale_cluster_same_members(&pre, &s.cluster, false), "configuring left %zu members", s.cluster.n);
  /* a failure in Verifying: rollback restores exactly, re-adding a deleted member */
  make_system(&s);
  pre = s.cluster;
  scale_start(&s.manager, &op, now);
  while (s.manager.cur.kind != SCALE_PH_VERIFYING) scale_step(&s, ++now, NULL, NULL);
  scale_cluster_remove(&s.cluster, "m-1");       /* deleted during the op */
  int64_t beat = now;
  s.cluster.m[0].last_heartbeat = beat;          /* web: a newer heartbeat */
  CHECK(scale_step(&s, ++now, NULL, NULL) == SCALE_STEP_FAILED);
  CHECK(scale_rollback(&s, now) == SCALE_OK);
  CHECK_MSG(scale_cluster_same_members(&pre, &s.cluster, true), "rollback gave %zu members", s.cluster.n);
  CHECK(scale_cluster_find(&s.cluster, "m-1") && scale_cluster_find(&s.cluster, "web")->last_heartbeat == beat);
  char why[SCALE_REASON_MAX];
  CHECK_MSG(scale_verify_restoration(&pre, &s.cluster, why, sizeof why), "%s", why);
  scale_cluster once = s.cluster;
  add(&s.cluster, "late", 40, now); /* joins after the rollback */
  CHECK(scale_rollback(&s, now) == SCALE_OK);
  CHECK(scale_cluster_find(&s.cluster, "late") && s.cluster.n == once.n + 1); /* the second is a no-op */
  /* verify_state_restoration refuses a missing template, even "template-1" */
  scale_cluster bent = pre;
  strcpy(bent.template_id, "template-1");
  CHECK(!scale_verify_restoration(&pre, &bent, why, sizeof why));
  /* rollback needs a failed op */
  make_system(&s);
  CHECK(scale_rollback(&s, now) == SCALE_ERR_INVALID_ROLLBACK);
}

static void test_health(void) {
  static scale_system s;
  make_system(&s);
  int64_t now = T0;
  CHECK(scale_health_check(&s, now) == SCALE_HEALTH_NO_OPERATION);
  scale_operation op = op_out(4);
  scale_start(&s.manager, &op, now);
  CHECK(scale_health_check(&s, now) == SCALE_HEALTH_OK);
  while (s.manager.cur.kind != SCALE_PH_VERIFYING) scale_step(&s, ++now, NULL, NULL);
  scale_cluster pre = s.manager.cur.snapshot;
  CHECK(scale_health_check(&s, now + 181) == SCALE_HEALTH_TIMEOUT_ROLLED_BACK);
  CHECK(scale_cluster_same_members(&pre, &s.cluster, true));
  CHECK(scale_health_check(&s, now + 500) == SCALE_HEALTH_ALREADY_COMPLETED);
  /* a phase check failing: the template disappears before Configuring */
  make_system(&s);
  scale_start(&s.manager, &op, now);
  while (s.manager.cur.kind != SCALE_PH_CONFIGURING) scale_step(&s, ++now, NULL, NULL);
  strcpy(s.cluster.template_id, "gone");
  CHECK(scale_health_check(&s, now) == SCALE_HEALTH_FAILED_ROLLED_BACK);
  CHECK(strcmp(s.manager.cur.error_type, "HealthCheckFailed") == 0 && strcmp(s.cluster.template_id, "web") == 0);
  /* ResourceAllocating: a scale-in needs current > min */
  make_system(&s);
  scale_operation in;
  memset(&in, 0, sizeof in);
  in.kind = SCALE_OP_IN;
  in.target_instances = 1;
  scale_start(&s.manager, &in, now);
  while (s.manager.cur.kind != SCALE_PH_ALLOCATING) scale_step(&s, ++now, NULL, NULL);
  char why[SCALE_REASON_MAX];
  CHECK(scale_phase_check(&s, why, sizeof why));
  s.cluster.policy.min_instances = 2;
  CHECK(!scale_phase_check(&s, why, sizeof why) && strcmp(why, "already at min") == 0);
  /* InstancePreparing: Replace ids must exist and not be the template */
  make_system(&s);
  scale_operation rep;
  memset(&rep, 0, sizeof rep);
  rep.kind = SCALE_OP_REPLACE;
  rep.has_ids = true;
  rep.nids = 1;
  strcpy(rep.ids[0], "m-1");
  scale_start(&s.manager, &rep, now);
  while (s.manager.cur.kind != SCALE_PH_PREPARING) scale_step(&s, ++now, NULL, NULL);
  CHECK(scale_phase_check(&s, why, sizeof why));
  scale_cluster_remove(&s.cluster, "m-1");
  CHECK(!scale_phase_check(&s, why, sizeof why));
  CHECK(scale_health_check(&s, now) == SCALE_HEALTH_FAILED_ROLLED_BACK);
  CHECK(s.cluster.n == 1); /* no snapshot yet: the removal was not the op's, nothing to restore */
}

static void test_store(void) {
  static scale_system s, back;
  static scale_disk d;
  scale_disk_init(&d);
  make_system(&s);
  CHECK(scale_store_load(&d, &back) == SCALE_ERR_CORRUPT);
  CHECK(scale_store_save(&d, &s) == SCALE_OK && d.saves == 1);
  CHECK(scale_store_load(&d, &back) == SCALE_OK && memcmp(&back, &s, sizeof s) == 0);
  static const char *const sites[] = {"storage.write", "storage.fsync", "storage.rename"};
  for (size_t i = 0; i < 3; i++) {
    scale_system changed = s;
    changed.cluster.session_affinity = false;
    ff_fault_plan plan;
    ff_fault_plan_init(&plan);
    char err[64];
    ff_fault_plan_parse(&plan, sites[i], 0, err, sizeof err);
    ff_fault_plan *prev = ff_fault_plan_install(&plan);
    CHECK_MSG(scale_store_save(&d, &changed) == SCALE_ERR_IO, "%s", sites[i]);
    ff_fault_plan_install(prev);
    scale_disk_crash(&d);
    CHECK_MSG(scale_store_load(&d, &back) == SCALE_OK && back.cluster.session_affinity, "%s lost the old state", sites[i]);
  }
  d.slot[d.durable][40] ^= 1; /* a flipped bit is refused */
  CHECK(scale_store_load(&d, &back) == SCALE_ERR_CORRUPT);
  d.slot[d.durable][40] ^= 1;
  /* a crash in Verifying: recovery rolls back to the snapshot and fails the op */
  int64_t now = T0;
  scale_cluster pre = s.cluster;
  scale_operation op = op_out(4);
  scale_start(&s.manager, &op, now);
  while (s.manager.cur.kind != SCALE_PH_VERIFYING) {
    scale_step(&s, ++now, NULL, NULL);
    REQUIRE(scale_store_save(&d, &s) == SCALE_OK, "save");
  }
  CHECK(s.cluster.n == 4);
  scale_disk_crash(&d);
  memset(&back, 0, sizeof back);
  CHECK(scale_recover(&d, &back, now + 1) == SCALE_OK);
  CHECK(back.manager.cur.kind == SCALE_PH_FAILED && strcmp(back.manager.cur.error_type, "Crash") == 0);
  CHECK(scale_cluster_same_members(&pre, &back.cluster, true) && scale_manager_record_c(&back.manager)->rolled_back);
  CHECK(back.cluster.next_instance_seq == 2); /* the reserved ids stay reserved */
}

static void test_autoscale(void) {
  static scale_system s;
  make_system(&s);
  static scale_autoscaler a;
  scale_autoscaler_init(&a);
  int64_t now = T0;
  CHECK(!scale_autoscale_reading(&a, &s, 7000.0, now)); /* basis points are not a percentage */
  CHECK(!scale_autoscale_reading(&a, &s, 60.0, now));   /* inside the band */
  CHECK(scale_autoscale_reading(&a, &s, 99.5, now));    /* ceil(2 x 99/70) = 3 */
  CHECK(s.manager.cur.op.kind == SCALE_OP_OUT && s.manager.cur.op.target_instances == 3);
  CHECK(!scale_autoscale_reading(&a, &s, 99.5, now));   /* one op at a time */
  CHECK(run(&s, &now) == SCALE_STEP_COMPLETED && s.cluster.n == 3);
  CHECK(!scale_autoscale_reading(&a, &s, 99.5, now + 10)); /* cooldown */
  CHECK(scale_autoscale_reading(&a, &s, 0.0, now + 400));  /* 0 % CPU: to min */
  CHECK(s.manager.cur.op.kind == SCALE_OP_IN && s.manager.cur.op.target_instances == 1);
  CHECK(a.readings == 4 && a.started == 2);
  /* a whole UsageEvent: econ's cpu-high rule (strict > 80) alerts once, then cools down 300 s */
  run(&s, &now);
  econ_event ev;
  memset(&ev, 0, sizeof ev);
  snprintf(ev.instance_id, sizeof ev.instance_id, "inst-1");
  snprintf(ev.user_id, sizeof ev.user_id, "acct-a");
  bool alert;
  ev.metrics.cpu_percent_avg = 80.0;
  scale_autoscale_event(&a, &s, &ev, now + 1000, &alert);
  CHECK(!alert && a.alerts == 0);
  ev.metrics.cpu_percent_avg = 85.0;
  scale_autoscale_event(&a, &s, &ev, now + 1001, &alert);
  CHECK(alert && a.alerts == 1);
  scale_autoscale_event(&a, &s, &ev, now + 1002, &alert);
  CHECK(!alert && a.alerts == 1); /* still over: one alert */
}

static void test_probes(void) {
  ff_simnet *net = ff_simnet_new(7);
  REQUIRE(net != NULL, "simnet");
  scale_prober p;
  CHECK(scale_prober_init(&p, net, 100, 2, 3) == SCALE_ERR_INVALID); /* need > attempts */
  REQUIRE(scale_prober_init(&p, net, 100, 2, 2) == SCALE_OK, "prober");
  scale_member a = {.id = "web", .ip = 0x0a000105u}, b = {.id = "web-replacement-1", .ip = 0x0a000105u};
  CHECK(scale_probe_member(&p, &a));
  CHECK(ff_simnet_now(net) == FF_SIM_MS(200)); /* two probes, 100 ms each */
  scale_probe_target *t = scale_prober_target(&p, &a);
  t->up = false;
  CHECK(!scale_probe_member(&p, &a) && t->answers == 0);
  t->up = true;
  ff_simnet_partition(net, t->node, 1);
  CHECK(!scale_probe_member(&p, &a));
  ff_simnet_heal(net);
  ff_simlink slow = ff_simlink_ideal();
  slow.latency = FF_SIM_MS(60); /* 120 ms round trip > 100 ms */
  ff_simnet_set_link(net, p.manager, t->node, &slow);
  CHECK(!scale_probe_member(&p, &a));
  slow.latency = FF_SIM_MS(40);
  ff_simnet_set_link(net, p.manager, t->node, &slow);
  CHECK(scale_probe_member(&p, &a));
  /* a replacement takes the address: the old instance no longer answers for it */
  scale_probe_target *tb = scale_prober_target(&p, &b);
  tb->up = false;
  CHECK(!scale_probe_member(&p, &b) && !t->owner && tb->owner && tb->node == t->node);
  /* verification with probes: a new member that does not answer fails Verifying */
  static scale_system s;
  make_system(&s);
  for (size_t i = 0; i < s.cluster.n; i++) scale_prober_target(&p, &s.cluster.m[i]);
  int64_t now = T0;
  scale_operation op = op_out(3);
  scale_start(&s.manager, &op, now);
  while (s.manager.cur.kind != SCALE_PH_VERIFYING) scale_step(&s, ++now, scale_prober_health, &p);
  const scale_member *nm = scale_cluster_find(&s.cluster, s.manager.cur.new_ids[0]);
  REQUIRE(nm != NULL, "new member");
  scale_prober_target(&p, nm)->up = false;
  CHECK(scale_step(&s, ++now, scale_prober_health, &p) == SCALE_STEP_FAILED);
  CHECK(strcmp(s.manager.cur.reason, "a new instance is not healthy") == 0);
  ff_simnet_free(net);
}

int main(void) {
  test_policy();
  test_table();
  test_timeouts();
  test_scale_out_in_replace();
  test_atomic_and_rollback();
  test_health();
  test_store();
  test_probes();
  test_autoscale();
  return check_summary("scale_test_core");
}
