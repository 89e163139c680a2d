/* The publishing pipeline on simnet in fixed scenarios: a healthy link
 * delivers at once with one attempt per event; a partition fails rounds,
 * opens the breaker (no calls while Open) and, once healed, every event is
 * stored exactly once; a link that duplicates every packet still stores each
 * event once; the retry sleeps follow §5.2. */
#include <string.h>

#include "econ_publish.h"
#include "ff_check.h"

typedef struct world {
  ff_simnet *net;
  int qnode, vnode;
  econ_queue_node qn;
  econ_publisher pub;
} world;

static void world_init(world *w) {
  memset(w, 0, sizeof *w);
  w->net = ff_simnet_new(7);
  REQUIRE(w->net, "simnet");
  w->qnode = ff_simnet_node_add(w->net, FF_SIMNET_INTERNET, "queue");
  w->vnode = ff_simnet_node_add(w->net, FF_SIMNET_INTERNET, "vm");
  ff_simnet_node_add_addr(w->net, w->qnode, ff_simip_v4(10, 0, 0, 1));
  ff_simnet_node_add_addr(w->net, w->vnode, ff_simip_v4(10, 0, 0, 2));
  ff_simaddr q = ff_simaddr_make(ff_simip_v4(10, 0, 0, 1), ECON_QUEUE_PORT);
  econ_cb_config cfg = econ_cb_default_config();
  REQUIRE(econ_queue_node_attach(&w->qn, w->net, w->qnode, 64) == 0, "queue node");
  REQUIRE(econ_publisher_init(&w->pub, w->net, w->vnode, &q, &cfg, 3) == 0, "publisher");
}

static void world_free(world *w) {
  econ_publisher_free(&w->pub);
  econ_queue_node_free(&w->qn);
  ff_simnet_free(w->net);
}

static econ_event event(int k) {
  econ_event ev;
  memset(&ev, 0, sizeof ev);
  strcpy(ev.instance_id, "inst-1");
  strcpy(ev.user_id, "acct-a");
  ev.timestamp = ev.period_end = 1700000000 + 30 * k;
  ev.period_start = ev.period_end - 30;
  ev.metrics.cpu_percent_avg = 10;
  return ev;
}

static size_t stored(const world *w) {
  char hex[65];
  econ_topic_hash("usage_events", 12, hex);
  const econ_qtopic *t = econ_queue_topic(&w->qn.q, hex);
  return t ? t->n : 0;
}

static void run(world *w, ff_simtime dt) {
  CHECK(ff_simnet_run_until(w->net, ff_simnet_now(w->net) + dt, 100000) != FF_SIMNET_BUDGET_SPENT);
}

static void healthy(void) {
  world w;
  world_init(&w);
  for (int k = 0; k < 3; k++) {
    econ_event ev = event(k);
    CHECK(econ_publisher_submit(&w.pub, &ev) == ECON_OK);
  }
  run(&w, FF_SIM_S(1));
  CHECK_MSG(stored(&w) == 3, "%zu stored", stored(&w));
  CHECK(w.pub.st.attempts == 3 && w.pub.st.successes == 3 && w.pub.st.cb_records == 3 && w.pub.n == 0);
  econ_event bad = event(9);
  bad.metrics.memory_percent = 150;
  CHECK(econ_publisher_submit(&w.pub, &bad) == ECON_ERR_INVALID);
  world_free(&w);
}

static void partitioned(void) {
  world w;
  world_init(&w);
  ff_simnet_partition(w.net, w.qnode, 1);
  for (int k = 0; k < 4; k++) {
    econ_event ev = event(k);
    CHECK(econ_publisher_submit(&w.pub, &ev) == ECON_OK);
  }
  run(&w, FF_SIM_S(120));
  const econ_pub_stats *st = &w.pub.st;
  CHECK(stored(&w) == 0 && w.pub.n == 4);
  CHECK_MSG(w.pub.cb.state == ECON_CB_OPEN || st->breaker_refusals > 0, "breaker %s",
            econ_cb_state_name(w.pub.cb.state));
  CHECK(st->max_attempts == 4 && st->cb_records == st->calls - (w.pub.busy ? 1 : 0));
  CHECK_MSG(st->min_sleep_ms >= 100 && st->min_sleep_ms < 110, "min sleep %llu", (unsigned long long)st->min_sleep_ms);
  ff_simnet_heal(w.net);
  run(&w, FF_SIM_S(120));
  CHECK_MSG(stored(&w) == 4 && w.pub.n == 0, "%zu stored, %zu in the outbox", stored(&w), w.pub.n);
  CHECK(w.pub.cb.state == ECON_CB_CLOSED);
  world_free(&w);
}

static void duplicating(void) {
  world w;
  world_init(&w);
  ff_simlink l = ff_simlink_ideal();
  l.dup_ppm = FF_SIMNET_PPM;
  l.latency = FF_SIM_MS(20);
  ff_simnet_set_link(w.net, w.qnode, w.vnode, &l);
  for (int k = 0; k < 5; k++) {
    econ_event ev = event(k);
    CHECK(econ_publisher_submit(&w.pub, &ev) == ECON_OK);
  }
  run(&w, FF_SIM_S(30));
  CHECK_MSG(stored(&w) == 5 && w.qn.writes >= 10, "%zu stored, %llu writes", stored(&w),
            (unsigned long long)w.qn.writes);
  CHECK(w.pub.st.successes == 5 && w.pub.st.cb_records == 5);
  world_free(&w);
}

int main(void) {
  healthy();
  partitioned();
  duplicating();
  return check_summary("econ publish");
}
