/* econ core: fact-sheet vectors (V4 topic hash, V7 webhook HMAC), the golden
 * UsageEvent and queue-write JSON, validation reasons, retry backoff, breaker
 * edge cases, thresholds, the agent's units and counters, heartbeats, credits. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "econ.h"
#include "ff_check.h"

#define NODE_A "00112233445566778899aabbccddeeff00112233"

static econ_event sample_event(void) {
  econ_event ev;
  memset(&ev, 0, sizeof ev);
  ev.timestamp = 1700000030;
  strcpy(ev.instance_id, "inst-1");
  strcpy(ev.user_id, "acct-a");
  ev.metrics = (econ_metrics){.cpu_seconds = 15, .cpu_percent_avg = 50.0, .memory_gb = 1.5,
                              .memory_percent = 37.5, .storage_gb = 0.25, .network_egress_mb = 2.0,
                              .network_ingress_mb = 0.125, .gpu_seconds = 0};
  ev.period_start = 1700000000;
  ev.period_end = 1700000030;
  return ev;
}

static void test_vectors(void) {
  char hex[65];
  econ_hmac_hex("s3cr3t", 6, "{}", 2, hex);
  CHECK_MSG(strcmp(hex, "608b0c406f3dda19702d71a048483b8c331283106d80a208e3cf43dbde505286") == 0, "V7: %s", hex);
  econ_topic_hash("usage_events", 12, hex);
  CHECK_MSG(strcmp(hex, "ed54877daae9a0ac5d8dd627316b43916b5b010503be90c37d5f12c048405a72") == 0, "V4: %s", hex);
  econ_topic_hash("state", 5, hex);
  CHECK(strcmp(hex, "bd49b55f21b7dc8ed194de3638b6bbdebd67c81fa2d55c12d651ea8fdfd66be9") == 0);
}

static void test_event_json(void) {
  econ_event ev = sample_event();
  char reason[ECON_REASON_MAX];
  size_t len;
  char *js = econ_event_to_json(&ev, &len, reason, sizeof reason);
  const char *golden =
      "{\"event_type\":\"resource_usage\",\"version\":\"1.0\",\"timestamp\":1700000030,"
      "\"instance_id\":\"inst-1\",\"user_id\":\"acct-a\",\"org_id\":null,\"metrics\":{\"cpu_seconds\":15,"
      "\"cpu_percent_avg\":50.0,\"memory_gb\":1.5,\"memory_percent\":37.5,\"storage_gb\":0.25,"
      "\"network_egress_mb\":2.0,\"network_ingress_mb\":0.125,\"gpu_seconds\":0},"
      "\"period\":{\"start\":1700000000,\"end\":1700000030}}";
  REQUIRE(js != NULL, "to_json: %s", reason);
  CHECK_MSG(strcmp(js, golden) == 0, "golden:\n%s\n%s", js, golden);
  econ_event back;
  CHECK(econ_event_from_json(js, len, &back, reason, sizeof reason) == ECON_OK);
  CHECK(memcmp(&back.metrics, &ev.metrics, sizeof ev.metrics) == 0 && !back.has_org);
  free(js);
  /* serde: missing org_id is None, unknown fields ignored, integer for f64 accepted */
  const char *loose =
      "{\"event_type\":\"resource_usage\",\"version\":\"1.0\",\"timestamp\":5,\"instance_id\":\"i\","
      "\"user_id\":\"u\",\"x\":1,\"metrics\":{\"cpu_seconds\":1,\"cpu_percent_avg\":3,\"memory_gb\":0,"
      "\"memory_percent\":0,\"storage_gb\":0,\"network_egress_mb\":0,\"network_ingress_mb\":0,"
      "\"gpu_seconds\":0},\"period\":{\"start\":0,\"end\":5}}";
  CHECK(econ_event_from_json(loose, strlen(loose), &back, reason, sizeof reason) == ECON_OK);
  CHECK(back.metrics.cpu_percent_avg == 3.0);
  ev.metrics.cpu_percent_avg = NAN;
  CHECK(econ_event_validate(&ev, reason, sizeof reason) == ECON_ERR_INVALID && strstr(reason, "NaN"));
  CHECK(econ_event_to_json(&ev, &len, reason, sizeof reason) == NULL);
  ev = sample_event();
  ev.metrics.memory_percent = 100.5;
  CHECK(econ_event_validate(&ev, reason, sizeof reason) == ECON_ERR_INVALID && strstr(reason, "memory_percent"));
  ev = sample_event();
  ev.metrics.storage_gb = -1;
  CHECK(econ_event_validate(&ev, reason, sizeof reason) == ECON_ERR_INVALID && strstr(reason, "negative"));
  ev = sample_event();
  ev.period_end = ev.period_start - 1;
  CHECK(econ_event_validate(&ev, reason, sizeof reason) == ECON_ERR_INVALID && strstr(reason, "before"));
  ev = sample_event();
  ev.metrics.network_egress_mb = INFINITY;
  CHECK(econ_event_validate(&ev, reason, sizeof reason) == ECON_ERR_INVALID && strstr(reason, "infinite"));
}

static void test_queue_wire(void) {
  size_t len;
  char *w = econ_queue_write_json("usage_events", 0, "{}", 2, &len);
  CHECK_MSG(w && strcmp(w, "{\"Write\":{\"content\":[0,123,125],\"topic\":"
                           "\"ed54877daae9a0ac5d8dd627316b43916b5b010503be90c37d5f12c048405a72\"}}") == 0,
            "%s", w);
  uint8_t *c;
  size_t cl;
  char hex[65], reason[ECON_REASON_MAX];
  CHECK(econ_queue_parse_write(w, len, &c, &cl, hex, reason, sizeof reason) == ECON_OK && cl == 3 && c[1] == '{');
  free(c);
  free(w);
  char *ok = econ_queue_response_json(true, NULL), *bad = econ_queue_response_json(false, "full");
  CHECK(strcmp(ok, "\"OpSuccess\"") == 0);
  CHECK_MSG(strcmp(bad, "{\"Failure\":{\"reason\":\"full\"}}") == 0, "%s", bad);
  CHECK(econ_queue_parse_response(ok, strlen(ok), reason, sizeof reason) == 1);
  CHECK(econ_queue_parse_response(bad, strlen(bad), reason, sizeof reason) == 0 && strcmp(reason, "full") == 0);
  CHECK(econ_queue_parse_response("{\"Some\":[1]}", 12, reason, sizeof reason) == -1);
  free(ok);
  free(bad);
  /* the store: dedup, cursor, empty topic */
  econ_queue q;
  ff_keypair ka, kb, outsider;
  ff_keypair_from_seed(&ka, 0xaa);
  ff_keypair_from_seed(&kb, 0xbb);
  ff_keypair_from_seed(&outsider, 0xcc);
  econ_queue_init(&q, &ka, 16);
  bool added;
  econ_topic_hash("usage_events", 12, hex);
  size_t first, count;
  CHECK(econ_queue_read_after(&q, hex, 0, &first, &count) == ECON_OK && count == 0);
  CHECK(econ_queue_read_after(&q, hex, 1, &first, &count) == ECON_ERR_RANGE);
  CHECK(econ_queue_write(&q, hex, (const uint8_t *)"a", 1, &added) == ECON_OK && added);
  CHECK(econ_queue_write(&q, hex, (const uint8_t *)"a", 1, &added) == ECON_OK && !added);
  CHECK(econ_queue_write(&q, hex, (const uint8_t *)"b", 1, &added) == ECON_OK && added);
  CHECK(econ_queue_read_after(&q, hex, 1, &first, &count) == ECON_OK && count == 1);
  econ_queue q2;
  econ_queue_init(&q2, &kb, 16);
  CHECK(econ_queue_write(&q2, hex, (const uint8_t *)"c", 1, &added) == ECON_OK);
  CHECK(econ_queue_write(&q2, hex, (const uint8_t *)"a", 1, &added) == ECON_OK);
  CHECK(econ_queue_merge(&q, &q2) == ECON_OK && econ_queue_topic(&q, hex)->n == 3);
  CHECK(econ_queue_merge(&q2, &q) == ECON_OK && econ_queue_topic(&q2, hex)->n == 3);
  /* "a" was written at both with different clocks: both keep the smaller, same order */
  size_t o1[3], o2[3];
  econ_queue_ordered(econ_queue_topic(&q, hex), o1);
  econ_queue_ordered(econ_queue_topic(&q2, hex), o2);
  for (size_t i = 0; i < 3; i++)
    CHECK(memcmp(econ_queue_topic(&q, hex)->msgs[o1[i]].hash, econ_queue_topic(&q2, hex)->msgs[o2[i]].hash, 32) == 0);
  CHECK(econ_queue_at(&q, hex, 2) != NULL && econ_queue_at(&q, hex, 3) == NULL);

  /* signed ops: a stored message travels as QueueOp::Up JSON and is accepted by a third node */
  econ_qop op, parsed;
  REQUIRE(econ_queue_op_of(&q2, hex, 0, &op) == ECON_OK, "op_of");
  CHECK(strcmp(op.dot_actor, q2.actor) == 0 && op.dot_counter == 1);
  size_t jl;
  char *j = econ_qop_json(&op, &jl);
  bool is_rm;
  REQUIRE(j && econ_qop_parse(j, jl, &parsed, &is_rm, reason, sizeof reason) == ECON_OK && !is_rm,
          "Up round trip: %s", reason);
  const char *up_prefix = "{\"Op\":{\"Up\":{\"dot\":{\"actor\":\"";
  CHECK_MSG(strncmp(j, up_prefix, strlen(up_prefix)) == 0 && strstr(j, "\"signature\":{\"sig\":\""),
            "%s", j);
  econ_queue q3;
  econ_queue_init(&q3, &outsider, 16);
  CHECK_MSG(econ_queue_apply(&q3, &parsed, &added, reason, sizeof reason) == ECON_OK && added, "%s", reason);
  CHECK(econ_queue_apply(&q3, &parsed, &added, reason, sizeof reason) == ECON_OK && !added);
  /* refusals: outsider's signature under b's dot, a wrong hash, a dot not in the clock */
  econ_qop forged = parsed;
  forged.content = (const uint8_t *)"z";
  forged.len = 1;
  CHECK(econ_queue_apply(&q3, &forged, &added, reason, sizeof reason) == ECON_ERR_INVALID && strstr(reason, "hash"));
  econ_qop by_outsider; /* the outsider signs "z" genuinely, then claims b's actor */
  econ_queue_write(&q3, "0000000000000000000000000000000000000000000000000000000000000000", (const uint8_t *)"z", 1, &added);
  REQUIRE(econ_queue_op_of(&q3, "0000000000000000000000000000000000000000000000000000000000000000", 0, &by_outsider) ==
              ECON_OK, "outsider's own op");
  snprintf(by_outsider.topic_hex, sizeof by_outsider.topic_hex, "%s", hex);
  snprintf(by_outsider.dot_actor, sizeof by_outsider.dot_actor, "%s", q2.actor);
  memset(&by_outsider.clock, 0, sizeof by_outsider.clock);
  econ_vclock_observe(&by_outsider.clock, q2.actor, 1000);
  by_outsider.dot_counter = 1000;
  size_t n_before = econ_queue_topic(&q3, hex)->n;
  econ_vclock clock_before = econ_queue_topic(&q3, hex)->clock;
  CHECK(econ_queue_apply(&q3, &by_outsider, &added, reason, sizeof reason) == ECON_ERR_INVALID &&
        strstr(reason, "signer"));
  CHECK(econ_queue_topic(&q3, hex)->n == n_before &&
        econ_vclock_compare(&econ_queue_topic(&q3, hex)->clock, &clock_before) == 0);
  econ_qop bad_dot = parsed;
  bad_dot.dot_counter = 2;
  CHECK(econ_queue_apply(&q3, &bad_dot, &added, reason, sizeof reason) == ECON_ERR_INVALID && strstr(reason, "dot"));
  econ_qop_free(&parsed);
  free(j);
  const char *rm = "{\"Op\":{\"Rm\":{\"clock\":{},\"keyset\":[\"ed54877daae9a0ac5d8dd627316b43916b5b010503be90c37d5f12c048405a72\"]}}}";
  CHECK(econ_qop_parse(rm, strlen(rm), &parsed, &is_rm, reason, sizeof reason) == ECON_OK && is_rm && parsed.nkeys == 1);
  CHECK(econ_qop_parse("{\"Op\":{\"Up\":{}}}", 16, &parsed, &is_rm, reason, sizeof reason) == ECON_ERR_PARSE);
  econ_queue_free(&q3);
  econ_queue_free(&q);
  econ_queue_free(&q2);
}

static void test_retry_breaker(void) {
  econ_retry_config rc = econ_retry_default_config();
  CHECK(econ_retry_backoff_ms(&rc, 1) == 100 && econ_retry_backoff_ms(&rc, 2) == 200 &&
        econ_retry_backoff_ms(&rc, 3) == 400 && econ_retry_backoff_ms(&rc, 20) == 10000);
  CHECK(econ_retry_sleep_ms(&rc, 1, 9) == 109 && econ_retry_sleep_ms(&rc, 1, 10) == 100);
  CHECK(!econ_pub_err_retryable(ECON_PUB_BREAKER_OPEN) && econ_pub_err_retryable(ECON_PUB_PUBLISH));
  econ_cb cb;
  char reason[ECON_REASON_MAX];
  econ_cb_config c = {.failure_threshold = 2, .reset_timeout_ms = 500, .half_open_allowed_calls = 1};
  CHECK(econ_cb_init(&cb, &c, reason, sizeof reason) == ECON_OK);
  econ_cb_permit p, stale, probe, probe2;
  CHECK(econ_cb_allow(&cb, 0, &stale));
  CHECK(econ_cb_allow(&cb, 0, &p));
  econ_cb_failure(&cb, 10, &p);
  CHECK(econ_cb_allow(&cb, 10, &p));
  econ_cb_failure(&cb, 20, &p);
  CHECK(cb.state == ECON_CB_OPEN && !econ_cb_allow(&cb, 400, &p)); /* 500 ms, not 0 s */
  econ_cb_success(&cb, 450, &stale); /* started while Closed: no effect */
  CHECK(cb.state == ECON_CB_OPEN);
  CHECK(econ_cb_allow(&cb, 520, &probe) && !econ_cb_allow(&cb, 530, &probe2)); /* one probe in flight */
  CHECK(econ_cb_allow(&cb, 1100, &probe2)); /* the first probe was lost */
  econ_cb_success(&cb, 1110, &probe2);
  CHECK(cb.state == ECON_CB_CLOSED);
  c.half_open_allowed_calls = 0;
  CHECK(econ_cb_init(&cb, &c, reason, sizeof reason) == ECON_ERR_INVALID);
  c.half_open_allowed_calls = 1;
  c.failure_threshold = 0;
  CHECK(econ_cb_init(&cb, &c, reason, sizeof reason) == ECON_ERR_INVALID);
}

static void test_thresholds(void) {
  econ_threshold b[3];
  CHECK(econ_threshold_builtins(b, 3) == 3 && strcmp(b[1].id, "memory-critical") == 0 && b[1].nchannels == 2);
  econ_event ev = sample_event();
  ev.metrics.cpu_percent_avg = 80.0;
  CHECK(!econ_threshold_violated(&b[0], &ev, NULL)); /* strict > */
  ev.metrics.cpu_percent_avg = 80.5;
  CHECK(econ_threshold_violated(&b[0], &ev, NULL));
  const char *js = "{\"id\":\"r\",\"resource_type\":\"Memory\",\"threshold_type\":{\"Absolute\":{\"value\":1,"
                   "\"unit\":\"GB\"}},\"action\":{\"Action\":\"scale\"},\"user_id\":\"acct-a\","
                   "\"instance_id\":\"*\",\"notification_channels\":[\"email\"],\"description\":null}";
  econ_threshold t;
  char reason[ECON_REASON_MAX];
  CHECK(econ_threshold_from_json(js, strlen(js), &t, reason, sizeof reason) == ECON_OK);
  CHECK(t.action == ECON_ACT_ACTION && strcmp(t.action_arg, "scale") == 0 && !t.percentage);
  CHECK(econ_threshold_matches(&t, &ev) && econ_threshold_violated(&t, &ev, NULL)); /* memory_gb 1.5 > 1 */
  econ_alerter al;
  econ_alerter_init(&al, 5, 300);
  CHECK(econ_alerter_observe(&al, &t, &ev, 1000));
  CHECK(!econ_alerter_observe(&al, &t, &ev, 1010)); /* still over: de-duplicated */
  ev.metrics.memory_gb = 0.5;
  CHECK(!econ_alerter_observe(&al, &t, &ev, 1020)); /* clears */
  ev.metrics.memory_gb = 1.5;
  CHECK(!econ_alerter_observe(&al, &t, &ev, 1030)); /* cooling down */
  CHECK(econ_alerter_observe(&al, &t, &ev, 1301));
}

static void test_agent(void) {
  econ_vm_agent a;
  CHECK(econ_vm_agent_init(&a, "", "acct") == ECON_ERR_INVALID);
  CHECK(econ_vm_agent_init(&a, "inst-1", "acct-a") == ECON_OK);
  econ_sample s;
  memset(&s, 0, sizeof s);
  s.boot_id = 1;
  s.vcpus = 2;
  s.counter_bits = 32;
  s.mono_ns = 1000000000ull;
  s.wall_s = 1700000000;
  s.mem_total = 4ull << 30;
  s.mem_used = 1ull << 30;
  s.ndisks = 2;
  strcpy(s.disks[0].name, "vda");
  strcpy(s.disks[1].name, "vda1");
  s.disks[1].partition = true;
  s.disks[0].sectors_written = s.disks[1].sectors_written = 0xfffffff0u;
  s.nnets = 1;
  strcpy(s.nets[0].name, "eth0");
  econ_event ev;
  bool emitted;
  CHECK(econ_vm_agent_sample(&a, &s, &ev, &emitted) == ECON_OK && !emitted);
  s.mono_ns += 45ull * 1000000000ull; /* 45 s, not 30 */
  s.wall_s += 45;
  s.cpu_busy_ns = 45ull * 1000000000ull; /* one of two vCPUs busy */
  s.disks[0].sectors_written = s.disks[1].sectors_written = 0x10; /* wrapped: +0x20 sectors */
  s.nets[0].tx_bytes = 1 << 20;
  CHECK(econ_vm_agent_sample(&a, &s, &ev, &emitted) == ECON_OK && emitted);
  CHECK_MSG(ev.metrics.cpu_percent_avg == 50.0, "%g", ev.metrics.cpu_percent_avg);
  CHECK(ev.metrics.cpu_seconds == 45 && ev.period_end - ev.period_start == 45);
  CHECK(ev.metrics.memory_percent == 25.0 && ev.metrics.memory_gb == 1.0);
  CHECK_MSG(ev.metrics.storage_gb == 0x20 * 512.0 / 1073741824.0, "%g", ev.metrics.storage_gb);
  CHECK(ev.metrics.network_egress_mb == 1.0);
  CHECK(econ_counter_delta(5, 3, 64) == 3 && econ_counter_delta(0xffffffffu, 0, 32) == 1);
  econ_node_record n = {.node_id = NODE_A, .last_heartbeat = 100};
  char reason[ECON_REASON_MAX];
  CHECK(econ_node_heartbeat(&n, 90, 200, reason, sizeof reason) == ECON_ERR_RANGE && n.last_heartbeat == 100);
  CHECK(econ_node_heartbeat(&n, 300, 200, reason, sizeof reason) == ECON_ERR_RANGE);
  CHECK(econ_node_heartbeat(&n, 150, 200, reason, sizeof reason) == ECON_OK && n.last_heartbeat == 150);
  size_t wl, clen;
  char *w = econ_heartbeat_write_json(NODE_A, 170, &wl);
  uint8_t *content = NULL;
  char topic[65];
  clen = 0;
  REQUIRE(w && econ_queue_parse_write(w, wl, &content, &clen, topic, reason, sizeof reason) == ECON_OK,
          "heartbeat write: %s", reason);
  CHECK(strcmp(topic, "bd49b55f21b7dc8ed194de3638b6bbdebd67c81fa2d55c12d651ea8fdfd66be9") == 0 && content[0] == 6);
  CHECK_MSG(clen > 1 && memcmp(content + 1, "{\"Heartbeat\":{\"node_id\":\"" NODE_A "\",\"timestamp\":170}}", clen - 1) == 0,
            "%.*s", (int)clen - 1, (const char *)content + 1);
  CHECK(econ_state_consume(&n, 1, content, clen, 200, reason, sizeof reason) == ECON_OK && n.last_heartbeat == 170);
  CHECK(econ_state_consume(&n, 1, content, 0, 200, reason, sizeof reason) == ECON_ERR_PARSE);
  content[0] = 10;
  CHECK(econ_state_consume(&n, 1, content, clen, 200, reason, sizeof reason) == ECON_ERR_PARSE);
  free(content);
  free(w);
  econ_host_sample h0 = {.mono_ns = 0, .net_out_bytes = 0}, h1 = {.mono_ns = 2000000000ull, .net_out_bytes = 3000,
                                                                    .load1 = 1.2345, .has_cpu_temp = true,
                                                                    .cpu_temp_milli_c = 45600, .has_gpu_power = true,
                                                                    .gpu_power_mw = 250400};
  econ_node_metrics nm;
  econ_node_metrics_from(&h0, &h1, &nm);
  CHECK(nm.network_out_bytes_per_sec == 1500 && nm.load_avg_1 == 1235 && nm.cpu_temperature == 46 &&
        nm.power_usage_watts == 250);
  econ_account acct = {.credits = 10, .today_usage = UINT64_MAX - 1};
  CHECK(econ_account_use_tokens(&acct, 1, 1) == ECON_ERR_OVERFLOW && acct.today_usage == UINT64_MAX - 1);
  CHECK(econ_account_bill(&acct, 11) == ECON_ERR_INVALID && econ_account_bill(&acct, 10) == ECON_OK &&
        acct.credits == 0);
}

/* The message text of a NodeMetricsRequest queue write (after the subtopic byte). */
static char *request_text(const char *write, uint8_t **content, size_t *clen) {
  char topic[65], reason[ECON_REASON_MAX];
  *content = NULL;
  if (!write || econ_queue_parse_write(write, strlen(write), content, clen, topic, reason, sizeof reason))
    return NULL;
  char *t = malloc(*clen);
  memcpy(t, *content + 1, *clen - 1);
  t[*clen - 1] = 0;
  return t;
}

/* An UpdateMetrics for node_id through the queue into the two records. */
static econ_err consume_update(econ_node_record nodes[2], const char *node_id, const econ_node_capacity *cap,
                               const econ_node_metrics *m, char reason[ECON_REASON_MAX]) {
  size_t wl, clen;
  uint8_t *content;
  char *w = econ_update_metrics_write_json(node_id, cap, m, &wl);
  char *text = request_text(w, &content, &clen);
  econ_err e = text ? econ_state_consume(nodes, 2, content, clen, 0, reason, ECON_REASON_MAX) : ECON_ERR_NOMEM;
  free(content);
  free(text);
  free(w);
  return e;
}

static void test_node_requests(void) {
  char reason[ECON_REASON_MAX];
  econ_host_inventory inv = {.cpu_cores = 4, .cpu_usage_pct = 25.0, .memory_total_bytes = 8000,
                             .memory_available_bytes = 9000, .ndisks = 3};
  inv.disks[0] = (econ_host_disk){.name = "sda", .total_bytes = 1000, .available_bytes = 400};
  inv.disks[1] = (econ_host_disk){.name = "sda1", .partition = true, .total_bytes = 900, .available_bytes = 400};
  inv.disks[2] = (econ_host_disk){.name = "loop0", .total_bytes = 50, .available_bytes = 0};
  econ_node_capacity cap;
  econ_node_capacity_from(&inv, &cap);
  CHECK_MSG(cap.cpu_available_cores == 3000 && cap.memory_available_bytes == 8000 &&
                cap.storage_total_bytes == 1000 && cap.storage_available_bytes == 400,
            "%lld %llu %llu", (long long)cap.cpu_available_cores, (unsigned long long)cap.storage_total_bytes,
            (unsigned long long)cap.memory_available_bytes);
  inv.cpu_usage_pct = NAN;
  econ_node_capacity nan_cap;
  econ_node_capacity_from(&inv, &nan_cap);
  CHECK(nan_cap.cpu_available_cores == 0);

  econ_node_capabilities caps = {.cpu_model = "EPYC", .cpu_cores = 4, .total_memory = 8000, .total_storage = 1000,
                                 .ngpus = 1, .extra = "{\"network_interfaces\":[],\"tpm\":null}"};
  caps.gpus[0] = (econ_gpu_model){.vendor = "NVIDIA", .has_model = true, .model = "A100", .count = 2,
                                  .total_memory_bytes = 80};
  size_t wl, clen;
  uint8_t *content;
  char *w = econ_set_initial_metrics_write_json(NODE_A, &caps, &cap, &wl);
  char *text = request_text(w, &content, &clen);
  const char *golden =
      "{\"SetInitialMetrics\":{\"node_id\":\"" NODE_A "\",\"node_capabilities\":{\"cpu_model\":\"EPYC\","
      "\"cpu_cores\":4,\"total_memory\":8000,\"total_storage\":1000,\"gpu_models\":[{\"vendor\":\"NVIDIA\","
      "\"model\":\"A100\",\"count\":2,\"total_memory_bytes\":80}],\"network_interfaces\":[],\"tpm\":null},"
      "\"node_capacity\":{\"cpu_total_cores\":4,\"cpu_available_cores\":3000,\"memory_total_bytes\":8000,"
      "\"memory_available_bytes\":8000,\"storage_total_bytes\":1000,\"storage_available_bytes\":400}}}";
  CHECK_MSG(text && strcmp(text, golden) == 0, "%s", text ? text : "(not written)");
  econ_node_record nodes[2] = {{.node_id = NODE_A}, {.node_id = "ffffffffffffffffffffffffffffffffffffffff"}};
  CHECK_MSG(econ_state_consume(nodes, 2, content, clen, 0, reason, sizeof reason) == ECON_OK, "%s", reason);
  CHECK(nodes[0].has_capabilities && nodes[0].capabilities.gpus[0].count == 2 &&
        strcmp(nodes[0].capabilities.extra, "{\"network_interfaces\":[],\"tpm\":null}") == 0 &&
        nodes[0].capacity.storage_available_bytes == 400 && !nodes[1].has_capacity);
  free(content);
  free(text);
  free(w);

  econ_node_metrics m = {.load_avg_1 = 1500, .process_count = 7, .network_in_bytes_per_sec = 10,
                         .has_cpu_temperature = true, .cpu_temperature = 55, .has_power_usage_watts = true,
                         .power_usage_watts = 250};
  w = econ_update_metrics_write_json(NODE_A, &cap, &m, &wl);
  text = request_text(w, &content, &clen);
  CHECK_MSG(text && strstr(text, "\"cpu_temperature\":55,\"gpu_temperature\":null,\"power_usage_watts\":250}"),
            "%s", text ? text : "(not written)");
  CHECK(econ_state_consume(nodes, 2, content, clen, 0, reason, sizeof reason) == ECON_OK &&
        nodes[0].has_metrics && nodes[0].metrics.process_count == 7 && nodes[0].metrics.cpu_temperature == 55);
  free(content);
  free(text);
  free(w);

  /* refused whole: a temperature in centi-degrees (the real agent's unit), milliwatts, avail > total */
  econ_node_metrics bad = m;
  bad.cpu_temperature = 5500;
  econ_node_capacity bad_cap = cap;
  bad_cap.storage_available_bytes = 2000;
  struct { const econ_node_capacity *c; const econ_node_metrics *m; const char *why; } refused[] = {
      {&cap, &bad, "cpu_temperature"}, {&bad_cap, &m, "storage_available"}};
  for (size_t i = 0; i < 2; i++) {
    econ_err e = consume_update(nodes, NODE_A, refused[i].c, refused[i].m, reason);
    CHECK_MSG(e == ECON_ERR_INVALID && strstr(reason, refused[i].why), "%s: %s", refused[i].why, reason);
    CHECK(nodes[0].metrics.cpu_temperature == 55 && nodes[0].capacity.storage_available_bytes == 400);
  }
  /* a malformed node id and an unknown one */
  CHECK(consume_update(nodes, "ABC", &cap, &m, reason) == ECON_ERR_INVALID);
  CHECK(consume_update(nodes, "0000000000000000000000000000000000000000", &cap, &m, reason) == ECON_ERR_NOTFOUND);
}

static void test_procfs(void) {
  char reason[ECON_REASON_MAX];
  uint64_t b0, t0, b1, t1;
  CHECK(econ_procfs_cpu("cpu  100 0 100 700 100 0 0 0 0 0\ncpu0 1\n", &b0, &t0, reason, sizeof reason) == ECON_OK &&
        b0 == 200 && t0 == 1000);
  CHECK(econ_procfs_cpu("cpu  150 0 150 750 150 0 0 0 0 0\n", &b1, &t1, reason, sizeof reason) == ECON_OK);
  CHECK_MSG(econ_cpu_usage_bps(b0, t0, b1, t1) == 5000, "%lld", (long long)econ_cpu_usage_bps(b0, t0, b1, t1));
  CHECK(econ_cpu_usage_bps(b1, t1, b0, t0) == 0); /* counters went back: no usage, not a wrap */
  CHECK(econ_procfs_cpu("cpu0 1 2 3 4 5 6 7 8\n", &b0, &t0, reason, sizeof reason) == ECON_ERR_PARSE);
  CHECK(econ_procfs_cpu("cpu  99999999999999999999 0 0 0 0 0 0 0\n", &b0, &t0, reason, sizeof reason) ==
        ECON_ERR_PARSE);
  econ_system_metrics m;
  memset(&m, 0, sizeof m);
  const char *meminfo = "MemTotal:        2000 kB\nMemFree:          500 kB\nMemAvailable:    1500 kB\n"
                        "Buffers:           10 kB\nSwapTotal:        100 kB\nSwapFree:          40 kB\n";
  CHECK(econ_procfs_meminfo(meminfo, &m, reason, sizeof reason) == ECON_OK && m.mem_total == 2048000 &&
        m.mem_used == 512000 && m.swap_used == 61440);
  CHECK(econ_procfs_meminfo("MemTotal: 10 kB\n", &m, reason, sizeof reason) == ECON_ERR_PARSE &&
        strstr(reason, "missing"));
  const char *disks = "   7       0 loop0 5 0 10 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
                      " 254       0 vda 11960 4069 22804106 5316 93585 52421 30304600 75856 0 63480 84000\n";
  CHECK(econ_procfs_diskstats(disks, &m, reason, sizeof reason) == ECON_OK && m.ndisks == 2 &&
        strcmp(m.disks[1].name, "vda") == 0 && m.disks[1].sectors_read == 22804106 &&
        m.disks[1].sectors_written == 30304600);
  CHECK(econ_procfs_diskstats(" 254 0 vda 1 2\n", &m, reason, sizeof reason) == ECON_ERR_PARSE);
  /* names the served JSON cannot carry (not UTF-8) are refused; UTF-8 ones kept */
  CHECK(econ_procfs_diskstats(" 254 0 vd\xe1 1 2 3 4 5 6 7\n", &m, reason, sizeof reason) == ECON_ERR_PARSE &&
        strstr(reason, "UTF-8"));
  CHECK(econ_procfs_netdev("h1\nh2\n  \xffth0: 99 1 0 0 0 0 0 0 42 1 0 0 0 0 0 0\n", &m, reason, sizeof reason) ==
            ECON_ERR_PARSE &&
        strstr(reason, "UTF-8"));
  CHECK(econ_procfs_netdev("h1\nh2\n  \xc3\xa9th0: 99 1 0 0 0 0 0 0 42 1 0 0 0 0 0 0\n", &m, reason, sizeof reason) ==
            ECON_OK &&
        m.nifaces == 1 && strcmp(m.ifaces[0].name, "\xc3\xa9th0") == 0);
  const char *netdev = "Inter-|   Receive |  Transmit\n face |bytes packets|bytes packets\n"
                       "    lo: 1280 10 0 0 0 0 0 0 1280 10 0 0 0 0 0 0\n"
                       "  eth0: 99 1 0 0 0 0 0 0 42 1 0 0 0 0 0 0\n";
  CHECK(econ_procfs_netdev(netdev, &m, reason, sizeof reason) == ECON_OK && m.nifaces == 2 &&
        strcmp(m.ifaces[1].name, "eth0") == 0 && m.ifaces[1].bytes_received == 99 && m.ifaces[1].bytes_sent == 42);
  CHECK(econ_procfs_loadavg("2.58 1.78 0.5 7/134 23223\n", &m, reason, sizeof reason) == ECON_OK &&
        m.load1 == 258 && m.load5 == 178 && m.load15 == 50);
  CHECK(econ_procfs_loadavg("2.58 x\n", &m, reason, sizeof reason) == ECON_ERR_PARSE);
  /* the served document: golden prefix, and refusals on the way back */
  m.timestamp = 1700000000;
  m.cpu_usage_bps = 5000;
  m.process_count = 3;
  m.has_account = true;
  strcpy(m.account_id, "acct-a");
  char *j = econ_system_metrics_to_json(&m, NULL);
  const char *golden = "{\"timestamp\":1700000000,\"instance_id\":null,\"account_id\":\"acct-a\","
                       "\"cpu\":{\"usage_pct\":5000,\"process_count\":3},\"memory\":{\"total\":2048000,"
                       "\"free\":512000,\"available\":1536000,\"used\":512000,\"total_swap\":102400,"
                       "\"used_swap\":61440},\"disks\":[{\"name\":\"loop0\",";
  CHECK_MSG(j && strncmp(j, golden, strlen(golden)) == 0, "%s", j ? j : "(none)");
  econ_system_metrics back;
  CHECK(econ_system_metrics_from_json(j, strlen(j), &back, reason, sizeof reason) == ECON_OK &&
        back.disks[1].sectors_written == 30304600 && back.load1 == 258);
  free(j);
  m.cpu_usage_bps = 10001;
  j = econ_system_metrics_to_json(&m, NULL);
  CHECK(econ_system_metrics_from_json(j, strlen(j), &back, reason, sizeof reason) == ECON_ERR_INVALID &&
        strstr(reason, "usage_pct"));
  free(j);
}

static void test_webhooks(void) {
  econ_hooks h;
  econ_hooks_init(&h, 1, 2);
  econ_hooks_allow_host(&h, "hooks.example.com");
  char reason[ECON_REASON_MAX];
  econ_webhook w;
  const char *ok = "{\"url\":\"https://hooks.example.com/x\",\"event_types\":[\"metrics\"],\"secret\":\"k\"}";
  CHECK(econ_hooks_create(&h, ok, strlen(ok), &w, reason, sizeof reason) == ECON_OK);
  CHECK(strncmp(w.id, "webhook_", 8) == 0 && strlen(w.id) == 16);
  const char *ssrf = "{\"url\":\"http://169.254.169.254/\",\"event_types\":[]}";
  CHECK(econ_hooks_create(&h, ssrf, strlen(ssrf), &w, reason, sizeof reason) == ECON_ERR_INVALID);
  const char *badtype = "{\"url\":\"https://hooks.example.com/\",\"event_types\":[\"x\"]}";
  CHECK(econ_hooks_create(&h, badtype, strlen(badtype), &w, reason, sizeof reason) == ECON_ERR_INVALID);
  CHECK(econ_hooks_create(&h, ok, strlen(ok), &w, reason, sizeof reason) == ECON_OK);
  CHECK(econ_hooks_create(&h, ok, strlen(ok), &w, reason, sizeof reason) == ECON_ERR_FULL);
  char *list = econ_hooks_list_json(&h);
  CHECK_MSG(list && strstr(list, "\"secret\":\"\"") && !strstr(list, "\"k\""), "%s", list);
  free(list);
  CHECK(econ_hooks_delete(&h, w.id) == ECON_OK && econ_hooks_delete(&h, w.id) == ECON_ERR_NOTFOUND);
  size_t bl;
  char *body = econ_webhook_body("{}", "metrics", 1700000000, &bl);
  CHECK(strcmp(body, "{\"data\":{},\"event_type\":\"metrics\",\"timestamp\":1700000000}") == 0);
  free(body);
  /* a delivery's resolved addresses: refused when none or any is internal */
  uint32_t picked = 0, public_only[] = {0x5db8d822u, 0x5db8d823u}, mixed[] = {0x5db8d822u, 0x7f000001u};
  uint32_t internal[] = {0x0a000001u, 0xac100001u, 0xc0a80001u, 0xa9fea9feu, 0x64400001u, 0x00000000u, 0xe0000001u};
  CHECK(econ_webhook_pick_v4(public_only, 2, &picked) && picked == 0x5db8d822u);
  CHECK(!econ_webhook_pick_v4(mixed, 2, &picked));
  CHECK(!econ_webhook_pick_v4(public_only, 0, &picked));
  for (size_t i = 0; i < sizeof internal / sizeof *internal; i++) CHECK(!econ_webhook_pick_v4(&internal[i], 1, &picked));
  uint32_t edge[] = {0xac200001u /* 172.32/12 is public */, 0x64800001u /* above 100.64/10 */};
  CHECK(econ_webhook_pick_v4(edge, 2, &picked));
}

int main(void) {
  test_vectors();
  test_event_json();
  test_queue_wire();
  test_retry_breaker();
  test_thresholds();
  test_agent();
  test_node_requests();
  test_procfs();
  test_webhooks();
  return check_summary("econ core");
}
