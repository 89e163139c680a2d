/* simnet links, clock and run control: latency orders delivery, FIFO unless
 * reordered, loss/duplication/corruption at 100%, partitions and heals (also
 * for packets in flight), link down, bandwidth, timers and cancellation, the
 * event budget against a self-rescheduling timer, IPv6 and dual-stack nodes,
 * inboxes, closed ports, and the fault plan's net.* sites. */
#include <string.h>

#include "formfuzz/fault.h"
#include "simnet_testlib.h"

static void test_addresses(void) {
  char buf[FF_SIMADDR_STRLEN];
  ff_simaddr a = addr_of("10.0.0.1:5000");
  REQUIRE(a.ip.family == 4 && a.port == 5000, "v4 parse");
  REQUIRE(strcmp(ff_simaddr_format(&a, buf, sizeof buf), "10.0.0.1:5000") == 0, "%s", buf);
  ff_simaddr b = addr_of("[2001:db8::1]:443");
  REQUIRE(b.ip.family == 6 && b.port == 443, "v6 parse");
  REQUIRE(strcmp(ff_simaddr_format(&b, buf, sizeof buf), "[2001:db8::1]:443") == 0, "%s", buf);
  ff_simaddr bad;
  REQUIRE(ff_simaddr_parse(&bad, "10.0.0.1") != 0, "missing port accepted");
  REQUIRE(ff_simaddr_parse(&bad, "10.0.0.1:70000") != 0, "port > 65535 accepted");
  REQUIRE(ff_simaddr_parse(&bad, "2001:db8::1:80") != 0, "unbracketed v6 accepted");
  REQUIRE(ff_simaddr_parse(&bad, "[10.0.0.1]:80") != 0, "bracketed v4 accepted");
  ff_simip v4 = ff_simip_v4(10, 0, 0, 1);
  REQUIRE(ff_simip_equal(&v4, &a.ip), "ff_simip_v4");
}

static void test_latency_orders_delivery(void) {
  ff_simnet *net = ff_simnet_new(1);
  int a = add_host(net, FF_SIMNET_INTERNET, "a", "10.0.0.1", 1);
  int b = add_host(net, FF_SIMNET_INTERNET, "b", "10.0.0.2", 1);
  int c = add_host(net, FF_SIMNET_INTERNET, "c", "10.0.0.3", 1);
  int d = add_host(net, FF_SIMNET_INTERNET, "d", "10.0.0.4", 9);
  recorder *r = recorder_attach(net, d);
  ff_simlink l = ff_simlink_ideal();
  l.latency = FF_SIM_MS(30);
  ff_simnet_set_link(net, a, d, &l);
  l.latency = FF_SIM_MS(10);
  ff_simnet_set_link(net, b, d, &l);
  l.latency = FF_SIM_MS(20);
  ff_simnet_set_link(net, c, d, &l);
  send_tagged(net, a, 1, "10.0.0.4:9", 'a', 4);
  send_tagged(net, b, 1, "10.0.0.4:9", 'b', 4);
  send_tagged(net, c, 1, "10.0.0.4:9", 'c', 4);
  REQUIRE(ff_simnet_run_idle(net, 100) == FF_SIMNET_IDLE, "not idle");
  REQUIRE(r->n == 3, "%zu deliveries", r->n);
  REQUIRE(r->d[0].data[0] == 'b' && r->d[0].at == FF_SIM_MS(10), "first %c at %llu", r->d[0].data[0],
        (unsigned long long)r->d[0].at);
  REQUIRE(r->d[1].data[0] == 'c' && r->d[1].at == FF_SIM_MS(20), "second");
  REQUIRE(r->d[2].data[0] == 'a' && r->d[2].at == FF_SIM_MS(30), "third");
  REQUIRE(ff_simnet_now(net) == FF_SIM_MS(30), "clock at the last event");
  REQUIRE(r->d[0].hops == 1 && r->d[0].src.port == 1, "hops/src");
  free(r);
  ff_simnet_free(net);
}

/* Sends n numbered packets a -> b over link l; returns how many arrived out of order. */
static int count_reordered(const ff_simlink *l, uint64_t seed, size_t n, recorder **out) {
  ff_simnet *net = ff_simnet_new(seed);
  int a = add_host(net, FF_SIMNET_INTERNET, "a", "10.0.0.1", 1);
  int b = add_host(net, FF_SIMNET_INTERNET, "b", "10.0.0.2", 2);
  recorder *r = recorder_attach(net, b);
  ff_simnet_set_link(net, a, b, l);
  for (size_t i = 0; i < n; i++) send_tagged(net, a, 1, "10.0.0.2:2", (uint8_t)i, 8);
  ff_simnet_run_idle(net, 10000);
  int inversions = 0;
  for (size_t i = 1; i < r->n; i++)
    if (r->d[i].data[0] < r->d[i - 1].data[0]) inversions++;
  ff_simnet_free(net);
  *out = r;
  return inversions;
}

static void test_fifo_and_reordering(void) {
  ff_simlink l = ff_simlink_ideal();
  l.latency = FF_SIM_MS(5);
  l.jitter = FF_SIM_MS(50);
  recorder *r;
  REQUIRE(count_reordered(&l, 7, 100, &r) == 0, "jitter alone reordered packets");
  REQUIRE(r->n == 100, "%zu delivered", r->n);
  free(r);
  l.reorder_ppm = 300000;
  l.reorder_delay = FF_SIM_MS(100);
  int inv = count_reordered(&l, 7, 100, &r);
  REQUIRE(inv > 0, "reorder_ppm=30%% gave no reordering");
  REQUIRE(r->n == 100, "reordering lost packets");
  free(r);
}

static void test_loss_dup_corrupt(void) {
  ff_simlink l = ff_simlink_ideal();
  l.loss_ppm = FF_SIMNET_PPM;
  recorder *r;
  count_reordered(&l, 3, 100, &r);
  REQUIRE(r->n == 0, "loss=100%% delivered %zu", r->n);
  free(r);

  l = ff_simlink_ideal();
  l.loss_ppm = FF_SIMNET_PPM / 2;
  count_reordered(&l, 3, 200, &r);
  REQUIRE(r->n > 60 && r->n < 140, "loss=50%% delivered %zu of 200", r->n);
  free(r);

  ff_simnet *net = ff_simnet_new(5);
  int a = add_host(net, FF_SIMNET_INTERNET, "a", "10.0.0.1", 1);
  int b = add_host(net, FF_SIMNET_INTERNET, "b", "10.0.0.2", 2);
  r = recorder_attach(net, b);
  l = ff_simlink_ideal();
  l.dup_ppm = FF_SIMNET_PPM;
  l.corrupt_ppm = FF_SIMNET_PPM;
  ff_simnet_set_link(net, a, b, &l);
  for (int i = 0; i < 10; i++) send_tagged(net, a, 1, "10.0.0.2:2", 0, 32);
  ff_simnet_run_idle(net, 1000);
  ff_simnet_stats st = ff_simnet_get_stats(net);
  REQUIRE(r->n == 20 && st.duplicated == 10 && st.delivered == 20, "dup: %zu", r->n);
  size_t corrupted = 0, dups = 0;
  for (size_t i = 0; i < r->n; i++) {
    unsigned flipped = 0;
    for (size_t k = 0; k < 32; k++) {
      uint8_t want = 0xab;
      if (k == 0) want = 0;
      flipped += (unsigned)__builtin_popcount(r->payload[i][k] ^ want);
    }
    if (r->d[i].corrupted) {
      corrupted++;
      REQUIRE(flipped >= 1 && flipped <= 3, "corrupted copy has %u flipped bits", flipped);
    } else {
      REQUIRE(flipped == 0, "clean copy changed");
    }
    dups += r->d[i].duplicate;
  }
  /* the duplicate is taken before the original is corrupted */
  REQUIRE(corrupted == 10 && dups == 10 && st.corrupted == 10, "corrupted %zu dups %zu", corrupted,
        dups);
  free(r);
  ff_simnet_free(net);
}

static void partition_at(ff_simnet *net, int node, uint64_t id, void *ctx) {
  (void)id;
  (void)ctx;
  ff_simnet_partition(net, node, 1);
}

static void test_partition_and_heal(void) {
  ff_simnet *net = ff_simnet_new(1);
  int a = add_host(net, FF_SIMNET_INTERNET, "a", "10.0.0.1", 1);
  int b = add_host(net, FF_SIMNET_INTERNET, "b", "10.0.0.2", 2);
  recorder *r = recorder_attach(net, b);
  ff_simlink l = ff_simlink_ideal();
  l.latency = FF_SIM_MS(10);
  ff_simnet_set_default_link(net, &l);
  ff_simnet_partition(net, b, 1);
  send_tagged(net, a, 1, "10.0.0.2:2", 1, 4);
  ff_simnet_run_idle(net, 100);
  REQUIRE(r->n == 0, "delivered across a partition");
  const ff_simtrace_rec *last = ff_simnet_trace_at(net, ff_simnet_trace_len(net) - 1);
  REQUIRE(last->kind == FF_SIMEV_DROP && last->reason == FF_SIMDROP_PARTITION, "drop reason");
  ff_simnet_heal(net);
  send_tagged(net, a, 1, "10.0.0.2:2", 2, 4);
  ff_simnet_run_idle(net, 100);
  REQUIRE(r->n == 1 && r->d[0].data[0] == 2, "not delivered after heal");
  /* a packet in flight when the partition starts is lost */
  send_tagged(net, a, 1, "10.0.0.2:2", 3, 4);
  ff_simnet_timer(net, b, FF_SIM_MS(5), partition_at, NULL);
  ff_simnet_run_idle(net, 100);
  REQUIRE(r->n == 1, "in-flight packet crossed a partition");
  ff_simnet_heal(net);
  /* link down */
  l.down = true;
  ff_simnet_set_link(net, a, b, &l);
  send_tagged(net, a, 1, "10.0.0.2:2", 4, 4);
  ff_simnet_run_idle(net, 100);
  REQUIRE(r->n == 1, "delivered over a down link");
  ff_simnet_stats st = ff_simnet_get_stats(net);
  REQUIRE(st.sent == 4 && st.delivered == 1 && st.dropped == 3 && st.in_flight == 0, "counters");
  free(r);
  ff_simnet_free(net);
}

static void test_bandwidth(void) {
  ff_simnet *net = ff_simnet_new(1);
  int a = add_host(net, FF_SIMNET_INTERNET, "a", "10.0.0.1", 1);
  int b = add_host(net, FF_SIMNET_INTERNET, "b", "10.0.0.2", 2);
  recorder *r = recorder_attach(net, b);
  ff_simlink l = ff_simlink_ideal();
  l.bandwidth_bps = 8000; /* 100 bytes take 100 ms */
  l.latency = FF_SIM_MS(1);
  ff_simnet_set_link(net, a, b, &l);
  for (int i = 0; i < 3; i++) send_tagged(net, a, 1, "10.0.0.2:2", (uint8_t)i, 100);
  ff_simnet_run_idle(net, 100);
  REQUIRE(r->n == 3, "bandwidth lost packets");
  for (size_t i = 0; i < 3; i++)
    REQUIRE(r->d[i].at == FF_SIM_MS(100) * (i + 1) + FF_SIM_MS(1), "packet %zu at %llu", i,
          (unsigned long long)r->d[i].at);
  free(r);
  ff_simnet_free(net);
}

static void forever(ff_simnet *net, int node, uint64_t id, void *ctx) {
  (void)id;
  (*(unsigned *)ctx)++;
  ff_simnet_timer(net, node, FF_SIM_MS(1), forever, ctx);
}

static void count_fire(ff_simnet *net, int node, uint64_t id, void *ctx) {
  (void)net;
  (void)node;
  (void)id;
  (*(unsigned *)ctx)++;
}

static void test_timers_and_budget(void) {
  ff_simnet *net = ff_simnet_new(1);
  int a = add_host(net, FF_SIMNET_INTERNET, "a", "10.0.0.1", 0);
  unsigned fired = 0, kept = 0, cancelled = 0;
  uint64_t t1 = ff_simnet_timer(net, a, FF_SIM_MS(5), count_fire, &kept);
  uint64_t t2 = ff_simnet_timer(net, a, FF_SIM_MS(3), count_fire, &cancelled);
  REQUIRE(t1 && t2 && t1 != t2, "timer ids");
  REQUIRE(ff_simnet_pending(net) == 2, "pending");
  REQUIRE(ff_simnet_timer_cancel(net, t2), "cancel");
  REQUIRE(!ff_simnet_timer_cancel(net, t2), "cancelled twice");
  REQUIRE(ff_simnet_pending(net) == 1, "pending after cancel");
  REQUIRE(ff_simnet_run_until(net, FF_SIM_MS(4), 100) == FF_SIMNET_TIME_REACHED, "run_until");
  REQUIRE(ff_simnet_now(net) == FF_SIM_MS(4) && kept == 0, "clock moved to T without the timer");
  REQUIRE(ff_simnet_step(net) && kept == 1 && cancelled == 0, "step ran the kept timer only");
  REQUIRE(ff_simnet_now(net) == FF_SIM_MS(5), "clock at the timer");
  REQUIRE(!ff_simnet_step(net), "step on an empty queue");
  REQUIRE(!ff_simnet_timer_cancel(net, t1), "cancelled a fired timer");

  ff_simnet_timer(net, a, 0, forever, &fired);
  REQUIRE(ff_simnet_run_idle(net, 1000) == FF_SIMNET_BUDGET_SPENT, "budget not reported");
  REQUIRE(fired == 1000, "fired %u", fired);
  REQUIRE(ff_simnet_now(net) == FF_SIM_MS(5) + FF_SIM_MS(999), "clock %llu",
        (unsigned long long)ff_simnet_now(net));
  REQUIRE(ff_simnet_run_until(net, FF_SIM_S(100), 10) == FF_SIMNET_BUDGET_SPENT, "until budget");
  REQUIRE(fired == 1010, "fired %u", fired);
  ff_simnet_free(net); /* frees the pending timer */
}

static void test_ipv6_and_dual_stack(void) {
  ff_simnet *net = ff_simnet_new(1);
  int a = add_host(net, FF_SIMNET_INTERNET, "a", "2001:db8::1", 1);
  ff_simip v4 = ff_simip_v4(192, 0, 2, 1);
  REQUIRE(ff_simnet_node_add_addr(net, a, v4) == 0, "dual stack");
  int b = add_host(net, FF_SIMNET_INTERNET, "b", "2001:db8::2", 2);
  int c = add_host(net, FF_SIMNET_INTERNET, "c", "192.0.2.3", 3);
  recorder *rb = recorder_attach(net, b), *rc = recorder_attach(net, c);
  send_tagged(net, a, 1, "[2001:db8::2]:2", 6, 4);
  send_tagged(net, a, 1, "192.0.2.3:3", 4, 4);
  ff_simnet_run_idle(net, 100);
  REQUIRE(rb->n == 1 && rc->n == 1, "deliveries %zu %zu", rb->n, rc->n);
  char buf[FF_SIMADDR_STRLEN];
  REQUIRE(strcmp(ff_simaddr_format(&rb->d[0].src, buf, sizeof buf), "[2001:db8::1]:1") == 0,
        "v6 source %s", buf);
  REQUIRE(strcmp(ff_simaddr_format(&rc->d[0].src, buf, sizeof buf), "192.0.2.1:1") == 0,
        "v4 source %s", buf);
  ff_simaddr to_v6 = addr_of("[2001:db8::2]:2");
  REQUIRE(ff_simnet_send(net, c, 3, &to_v6, "x", 1) == -1, "v4-only node sent to v6");
  REQUIRE(strstr(ff_simnet_error(net), "IPv6") != NULL, "error: %s", ff_simnet_error(net));
  ff_simip dup;
  ff_simip_parse(&dup, "2001:db8::2");
  REQUIRE(ff_simnet_node_add_addr(net, c, dup) == -1, "duplicate address accepted");
  free(rb);
  free(rc);
  ff_simnet_free(net);
}

static void test_inbox_and_ports(void) {
  ff_simnet *net = ff_simnet_new(1);
  int a = add_host(net, FF_SIMNET_INTERNET, "a", "10.0.0.1", 1);
  int b = add_host(net, FF_SIMNET_INTERNET, "b", "10.0.0.2", 2);
  send_tagged(net, a, 1, "10.0.0.2:2", 'x', 100);
  send_tagged(net, a, 1, "10.0.0.2:3", 'y', 10); /* nothing bound on 3 */
  ff_simaddr big = addr_of("10.0.0.2:2");
  static uint8_t huge[FF_SIMNET_MAX_PAYLOAD + 1];
  REQUIRE(ff_simnet_send(net, a, 1, &big, huge, sizeof huge) == -1, "oversized datagram sent");
  REQUIRE(ff_simnet_send(net, a, 7, &big, "x", 1) == -1, "sent from an unbound port");
  ff_simnet_run_idle(net, 100);
  REQUIRE(ff_simnet_inbox_len(net, b) == 1, "inbox %zu", ff_simnet_inbox_len(net, b));
  ff_simdgram d;
  uint8_t buf[16];
  REQUIRE(ff_simnet_recv(net, b, &d, buf, sizeof buf), "recv");
  REQUIRE(d.len == 16 && buf[0] == 'x' && d.data == buf, "truncated recv");
  REQUIRE(!ff_simnet_recv(net, b, &d, buf, sizeof buf), "inbox not empty");
  ff_simnet_stats st = ff_simnet_get_stats(net);
  REQUIRE(st.sent == 2 && st.delivered == 1 && st.dropped == 1, "counters");
  int eph = ff_simnet_bind(net, b, 0);
  REQUIRE(eph == 49152, "ephemeral port %d", eph);
  REQUIRE(ff_simnet_bind(net, b, 2) == -1, "double bind");
  REQUIRE(ff_simnet_unbind(net, b, 2) == 0 && !ff_simnet_is_bound(net, b, 2), "unbind");
  /* leave one datagram in the inbox: ff_simnet_free must free it (LSan checks) */
  send_tagged(net, a, 1, "10.0.0.2:49152", 'z', 10);
  ff_simnet_run_idle(net, 100);
  REQUIRE(ff_simnet_inbox_len(net, b) == 1, "inbox");
  ff_simnet_free(net);
}

static void test_fault_plan_sites(void) {
  ff_fault_plan plan;
  char err[128];
  ff_fault_plan_init(&plan);
  REQUIRE(ff_fault_plan_parse(&plan, "net.drop#2,net.send#3,net.recv#1", 1, err, sizeof err) == 0,
        "%s", err);
  ff_fault_plan *prev = ff_fault_plan_install(&plan);
  ff_simnet *net = ff_simnet_new(1);
  int a = add_host(net, FF_SIMNET_INTERNET, "a", "10.0.0.1", 1);
  int b = add_host(net, FF_SIMNET_INTERNET, "b", "10.0.0.2", 2);
  recorder *r = recorder_attach(net, b);
  ff_simaddr to = addr_of("10.0.0.2:2");
  REQUIRE(ff_simnet_send(net, a, 1, &to, "1", 1) == 0, "send 1");
  REQUIRE(ff_simnet_send(net, a, 1, &to, "2", 1) == 0, "send 2");
  REQUIRE(ff_simnet_send(net, a, 1, &to, "3", 1) == -1, "net.send#3 did not fail the 3rd send");
  REQUIRE(ff_simnet_send(net, a, 1, &to, "4", 1) == 0, "send 4");
  ff_simnet_run_idle(net, 100);
  /* 1: dropped at the receiver (net.recv#1), 2: dropped on the hop (net.drop#2) */
  REQUIRE(r->n == 1 && r->d[0].data[0] == '4', "delivered %zu", r->n);
  REQUIRE(ff_fault_fired(&plan, "net") == 3, "fired %u", ff_fault_fired(&plan, "net"));
  ff_fault_plan_install(prev);
  free(r);
  ff_simnet_free(net);
}

static void test_trace_print(void) {
  ff_simnet *net = ff_simnet_new(1);
  int a = add_host(net, FF_SIMNET_INTERNET, "a", "10.0.0.1", 1);
  add_host(net, FF_SIMNET_INTERNET, "b", "10.0.0.2", 2);
  send_tagged(net, a, 1, "10.0.0.2:2", 1, 4);
  send_tagged(net, a, 1, "10.0.0.9:2", 1, 4);
  ff_simnet_run_idle(net, 100);
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  ff_simnet_trace_print(net, f);
  fclose(f);
  REQUIRE(strstr(text, "0.000000 deliver node=1 id=1 10.0.0.1:1 -> 10.0.0.2:2 len=4") != NULL,
        "trace:\n%s", text);
  REQUIRE(strstr(text, "drop node=0 id=2 10.0.0.1:1 -> 10.0.0.9:2 len=4 reason=unroutable"), "%s",
        text);
  free(text);
  ff_simnet_trace_keep(net, 2);
  REQUIRE(ff_simnet_trace_len(net) == 2, "keep");
  /* recorded: send 1, send 2, drop 2 (unroutable at once), deliver 1 */
  REQUIRE(ff_simnet_trace_at(net, 0)->reason == FF_SIMDROP_UNROUTABLE, "kept the newest");
  REQUIRE(ff_simnet_trace_at(net, 1)->kind == FF_SIMEV_DELIVER, "kept the newest");
  ff_simnet_free(net);
}

int main(void) {
  test_addresses();
  test_latency_orders_delivery();
  test_fifo_and_reordering();
  test_loss_dup_corrupt();
  test_partition_and_heal();
  test_bandwidth();
  test_timers_and_budget();
  test_ipv6_and_dual_stack();
  test_inbox_and_ports();
  test_fault_plan_sites();
  test_trace_print();
  printf("simnet links: all checks passed\n");
  return 0;
}
