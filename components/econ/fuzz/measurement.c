/* econ_measurement: sequences of raw samples from a simulated VM (cumulative
 * CPU time, memory, disks with a partition and a loop device, NICs with lo,
 * a hot-plugged NIC, GPUs) with counter wraps (32-bit counters), reboots,
 * agent restarts and wall-clock jumps, through the in-VM agent (§5.5); the host
 * agent's NodeMetrics and heartbeats (§5.6); token usage (§5.8). Oracles:
 *   econ.cpu_percent     0 <= cpu_percent_avg <= 100, memory_percent <= 100;
 *   econ.cpu_capacity    cpu_seconds <= period x vcpus, gpu_seconds <= period x gpus;
 *   econ.period          period = the measured interval (ceil, seconds);
 *   econ.event_valid     every event validates and survives its JSON;
 *   econ.billed_total    billed storage/network bytes = the sum of the true
 *                        deltas the agent could observe; CPU seconds = floor(busy/1 s);
 *   econ.heartbeat       last_heartbeat never goes back (heartbeats travel as
 *                        queue messages, sometimes truncated or with a bent
 *                        subtopic byte, which must be refused, not crash);
 *   econ.node_units      NodeMetrics in °C and W, rates = true deltas over the
 *                        measured interval;
 *   econ.node_request    the host agent's SetInitialMetrics / UpdateMetrics
 *                        travel the queue and land in form-state's record
 *                        exactly as sent; capacity available <= total, whole
 *                        real disks only;
 *   econ.usage_monotone  today_usage never decreases. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "formfuzz/oracle.h"
#include "formfuzz/prop.h"
#include "gen.h"

#define STEPS 24
#define NS 1000000000ull

typedef struct sim {
  econ_sample s;
  bool eth1;                  /* hot-plugged NIC present */
  uint64_t pend_sectors, pend_tx, pend_rx; /* true increments since the agent's baseline */
  uint64_t pend_busy;
  bool have_base;
  uint64_t base_mono, base_boot;
} sim;

static uint64_t wrap(uint64_t v, unsigned bits) { return bits == 32 ? (v & 0xffffffffull) : v; }

static void layout(sim *m) {
  econ_sample *s = &m->s;
  s->ndisks = 3;
  strcpy(s->disks[0].name, "vda");
  strcpy(s->disks[1].name, "vda1");
  s->disks[1].partition = true;
  strcpy(s->disks[2].name, "loop0");
  s->nnets = m->eth1 ? 3 : 2;
  strcpy(s->nets[0].name, "lo");
  strcpy(s->nets[1].name, "eth0");
  if (m->eth1) strcpy(s->nets[2].name, "eth1");
}

static bool metrics_equal(const econ_node_metrics *a, const econ_node_metrics *b) {
  return a->load_avg_1 == b->load_avg_1 && a->load_avg_5 == b->load_avg_5 && a->load_avg_15 == b->load_avg_15 &&
         a->disk_read_bytes_per_sec == b->disk_read_bytes_per_sec &&
         a->disk_write_bytes_per_sec == b->disk_write_bytes_per_sec &&
         a->network_in_bytes_per_sec == b->network_in_bytes_per_sec &&
         a->network_out_bytes_per_sec == b->network_out_bytes_per_sec && a->process_count == b->process_count &&
         a->has_cpu_temperature == b->has_cpu_temperature && a->cpu_temperature == b->cpu_temperature &&
         a->has_gpu_temperature == b->has_gpu_temperature && a->gpu_temperature == b->gpu_temperature &&
         a->has_power_usage_watts == b->has_power_usage_watts && a->power_usage_watts == b->power_usage_watts;
}

/* The host agent's capacity and metrics through the queue to form-state's
 * record (SetInitialMetrics first, UpdateMetrics after): stored exactly. */
static void host_report(ff_input *in, econ_node_record *node, const econ_node_metrics *nm, int64_t now) {
  bool first = !node->has_capabilities;
  econ_host_inventory inv = {.cpu_cores = (uint32_t)ff_range(in, 1, 256),
                             .cpu_usage_pct = ff_range(in, 0, 12) == 0 ? NAN : (double)ff_range(in, 0, 1000) / 8.0,
                             .memory_total_bytes = ff_u64(in) >> ff_range(in, 1, 63),
                             .memory_available_bytes = ff_u64(in) >> ff_range(in, 1, 63),
                             .ndisks = 3};
  static const char *const names[] = {"nvme0n1", "nvme0n1p1", "loop3"};
  uint64_t whole_total = 0;
  for (size_t i = 0; i < 3; i++) {
    strcpy(inv.disks[i].name, names[i]);
    inv.disks[i].partition = i == 1;
    inv.disks[i].total_bytes = ff_u64(in) >> 2;
    inv.disks[i].available_bytes = ff_u64(in) >> 2;
  }
  whole_total = inv.disks[0].total_bytes;
  econ_node_capacity cap;
  econ_node_capacity_from(&inv, &cap);
  char reason[ECON_REASON_MAX] = "";
  FF_INVARIANT(econ_node_capacity_validate(&cap, reason, sizeof reason) == ECON_OK &&
                   cap.storage_total_bytes == whole_total,
               "econ.node_request", "capacity from the inventory: %s (storage total %llu, whole disk %llu)",
               reason, (unsigned long long)cap.storage_total_bytes, (unsigned long long)whole_total);
  econ_node_capabilities caps = {.cpu_model = "sim", .cpu_cores = inv.cpu_cores, .total_memory = inv.memory_total_bytes,
                                 .total_storage = cap.storage_total_bytes, .extra = "{\"network_interfaces\":[]}"};
  size_t wl, clen;
  char *w = first ? econ_set_initial_metrics_write_json(node->node_id, &caps, &cap, &wl)
                  : econ_update_metrics_write_json(node->node_id, &cap, nm, &wl);
  uint8_t *content = NULL;
  char topic[65];
  FF_INVARIANT(w && econ_queue_parse_write(w, wl, &content, &clen, topic, reason, sizeof reason) == ECON_OK,
               "econ.node_request", "own NodeMetricsRequest not a queue write: %s", w ? w : "(none)");
  econ_err e = econ_state_consume(node, 1, content, clen, now, reason, sizeof reason);
  FF_INVARIANT(e == ECON_OK, "econ.node_request", "form-state refused the agent's %s: %s (%s)",
               first ? "SetInitialMetrics" : "UpdateMetrics", reason, w);
  FF_INVARIANT(memcmp(&node->capacity, &cap, sizeof cap) == 0 &&
                   (first ? node->capabilities.cpu_cores == caps.cpu_cores
                          : metrics_equal(&node->metrics, nm)),
               "econ.node_request", "the record differs from what the agent sent: %s", w);
  free(content);
  free(w);
}

FF_PROPERTY(econ_measurement) {
  econ_vm_agent ag;
  econ_vm_agent_init(&ag, "inst-1", "acct-a");
  sim m;
  memset(&m, 0, sizeof m);
  econ_sample *s = &m.s;
  s->counter_bits = ff_bool(in) ? 32 : 64;
  s->vcpus = (uint32_t)ff_range(in, 1, 8);
  s->ngpus = ff_range(in, 0, 2);
  s->boot_id = 1;
  s->mono_ns = ff_range(in, 0, 1000) * NS;
  s->wall_s = 1700000000;
  s->mem_total = (uint64_t)ff_range(in, 0, 64) << 30;
  layout(&m);
  unsigned bits = s->counter_bits;
  uint64_t max_inc = bits == 32 ? 0xffffffffull : (1ull << 40);

  uint64_t billed_sectors = 0, true_sectors = 0, billed_tx = 0, true_tx = 0, billed_rx = 0, true_rx = 0;
  uint64_t series_busy = 0, series_cpu_s = 0;
  econ_node_record node = {.node_id = "0123456789abcdef0123456789abcdef01234567", .last_heartbeat = 0};
  econ_host_sample hprev, hcur;
  memset(&hprev, 0, sizeof hprev);
  econ_account acct = {.credits = 1000, .today_usage = 0};

  for (int step = 0; step <= STEPS && (step == 0 || ff_remaining(in) > 0); step++) {
    size_t action = step == 0 ? 0 : ff_choose(in, 8);
    bool reboot = action == 1, restart = action == 2;
    uint64_t elapsed = ff_range(in, 1000, 120000) * 1000000ull; /* 1..120 s, ms steps */
    if (reboot) {
      s->boot_id++;
      s->mono_ns = elapsed;
      s->cpu_busy_ns = 0;
      for (size_t i = 0; i < ECON_MAX_DEVS; i++) {
        s->disks[i].sectors_written = s->disks[i].sectors_read = 0;
        s->nets[i].tx_bytes = s->nets[i].rx_bytes = 0;
      }
      m.pend_sectors = m.pend_tx = m.pend_rx = m.pend_busy = 0;
    } else {
      s->mono_ns += elapsed;
    }
    if (action == 3) s->wall_s -= (int64_t)ff_range(in, 1, 7200); /* wall clock jumps back */
    else if (action == 4) s->wall_s += (int64_t)ff_range(in, 1, 7200);
    s->wall_s += (int64_t)(elapsed / NS);
    bool plug = !reboot && action == 5 && !m.eth1, unplug = action == 6 && m.eth1;
    if (plug) {
      m.eth1 = true;
      layout(&m);
      /* it counted before we saw it (a 64-bit counter never wraps in a VM's life) */
      s->nets[2].tx_bytes = wrap(ff_u64(in) >> 8, bits);
      s->nets[2].rx_bytes = wrap(ff_u64(in) >> 8, bits);
    } else if (unplug) {
      m.eth1 = false;
      layout(&m);
    }
    /* usage in this step */
    uint64_t busy = s->vcpus ? ff_range(in, 0, elapsed * s->vcpus) : 0;
    uint64_t sect = ff_range(in, 0, max_inc / 2), tx = ff_range(in, 0, max_inc), rx = ff_range(in, 0, max_inc);
    uint64_t tx1 = m.eth1 ? ff_range(in, 0, max_inc) : 0;
    s->cpu_busy_ns += busy;
    s->disks[0].sectors_written = wrap(s->disks[0].sectors_written + sect, bits);
    s->disks[1].sectors_written = wrap(s->disks[1].sectors_written + sect / 2, bits);
    s->disks[2].sectors_written = wrap(s->disks[2].sectors_written + ff_range(in, 0, max_inc / 2), bits);
    s->nets[0].tx_bytes = wrap(s->nets[0].tx_bytes + ff_range(in, 0, max_inc), bits);
    s->nets[1].tx_bytes = wrap(s->nets[1].tx_bytes + tx, bits);
    s->nets[1].rx_bytes = wrap(s->nets[1].rx_bytes + rx, bits);
    if (m.eth1) s->nets[2].tx_bytes = wrap(s->nets[2].tx_bytes + tx1, bits);
    s->mem_used = ff_range(in, 0, s->mem_total + (s->mem_total >> 4));
    for (size_t g = 0; g < s->ngpus; g++) s->gpus[g].utilization_pct = (double)ff_range(in, 0, 100);
    m.pend_sectors += sect;
    m.pend_tx += tx + (plug ? 0 : tx1);
    m.pend_rx += rx;
    m.pend_busy += busy;
    if (restart) econ_vm_agent_restart(&ag);

    /* what the agent does with this sample, in the model's words */
    bool base_now = !m.have_base || restart;
    bool rebooted = m.have_base && s->boot_id != m.base_boot;
    uint64_t el = rebooted ? s->mono_ns : s->mono_ns - m.base_mono;
    if (!base_now && !rebooted && s->mono_ns <= m.base_mono) el = 0;

    econ_event ev;
    bool emitted = false;
    FF_INVARIANT(econ_vm_agent_sample(&ag, s, &ev, &emitted) == ECON_OK, "econ.event_valid",
                 "a well-formed sample was refused");
    if (base_now || (el < NS && rebooted)) {
      FF_INVARIANT(!emitted, "econ.period", "an event from a baseline sample");
      m.have_base = true;
      m.base_mono = s->mono_ns;
      m.base_boot = s->boot_id;
      m.pend_sectors = m.pend_tx = m.pend_rx = m.pend_busy = 0;
      series_busy = series_cpu_s = 0;
      continue;
    }
    if (el < NS) {
      FF_INVARIANT(!emitted, "econ.period", "an event for %llu ns", (unsigned long long)el);
      continue;
    }
    FF_INVARIANT(emitted, "econ.period", "no event after %llu ns", (unsigned long long)el);
    const econ_metrics *x = &ev.metrics;
    uint64_t period = el / NS + (el % NS != 0);
    FF_INVARIANT(ev.period_end - ev.period_start == (int64_t)period, "econ.period",
                 "period %lld s for a measured interval of %llu ns",
                 (long long)(ev.period_end - ev.period_start), (unsigned long long)el);
    FF_INVARIANT(x->cpu_percent_avg >= 0 && x->cpu_percent_avg <= 100, "econ.cpu_percent",
                 "cpu_percent_avg %g (busy %llu ns in %llu ns x %u vcpus)", x->cpu_percent_avg,
                 (unsigned long long)m.pend_busy, (unsigned long long)el, s->vcpus);
    FF_INVARIANT(x->memory_percent >= 0 && x->memory_percent <= 100, "econ.cpu_percent",
                 "memory_percent %g", x->memory_percent);
    FF_INVARIANT(x->cpu_seconds <= period * s->vcpus, "econ.cpu_capacity",
                 "cpu_seconds %llu > period %llu x %u vcpus", (unsigned long long)x->cpu_seconds,
                 (unsigned long long)period, s->vcpus);
    FF_INVARIANT(x->gpu_seconds <= period * s->ngpus, "econ.cpu_capacity", "gpu_seconds %llu > %llu x %zu",
                 (unsigned long long)x->gpu_seconds, (unsigned long long)period, s->ngpus);
    char reason[ECON_REASON_MAX];
    FF_INVARIANT(econ_event_validate(&ev, reason, sizeof reason) == ECON_OK, "econ.event_valid", "%s", reason);
    size_t jl;
    char *js = econ_event_to_json(&ev, &jl, reason, sizeof reason);
    FF_INVARIANT(js, "econ.event_valid", "cannot write: %s", reason);
    econ_event back;
    FF_INVARIANT(econ_event_from_json(js, jl, &back, reason, sizeof reason) == ECON_OK, "econ.event_valid",
                 "%s: %s", js, reason);
    FF_INVARIANT(back.metrics.storage_gb == x->storage_gb && back.metrics.cpu_seconds == x->cpu_seconds,
                 "econ.event_valid", "JSON round trip changed the metrics: %s", js);
    free(js);

    billed_sectors += (uint64_t)(x->storage_gb * 1073741824.0 / 512.0);
    billed_tx += (uint64_t)(x->network_egress_mb * 1048576.0);
    billed_rx += (uint64_t)(x->network_ingress_mb * 1048576.0);
    true_sectors += m.pend_sectors;
    true_tx += m.pend_tx;
    true_rx += m.pend_rx;
    FF_INVARIANT(billed_sectors == true_sectors && billed_tx == true_tx && billed_rx == true_rx,
                 "econ.billed_total",
                 "billed sectors/tx/rx %llu/%llu/%llu, true deltas %llu/%llu/%llu",
                 (unsigned long long)billed_sectors, (unsigned long long)billed_tx,
                 (unsigned long long)billed_rx, (unsigned long long)true_sectors,
                 (unsigned long long)true_tx, (unsigned long long)true_rx);
    series_busy += m.pend_busy;
    series_cpu_s += x->cpu_seconds;
    FF_INVARIANT(series_cpu_s == series_busy / NS, "econ.billed_total",
                 "cpu seconds billed %llu, busy %llu ns", (unsigned long long)series_cpu_s,
                 (unsigned long long)series_busy);
    m.pend_sectors = m.pend_tx = m.pend_rx = m.pend_busy = 0;
    m.base_mono = s->mono_ns;
    m.base_boot = s->boot_id;

    /* the host agent's heartbeat through the queue to form-state's node record, on the same clocks */
    int64_t before = node.last_heartbeat;
    size_t wl, clen;
    char *w = econ_heartbeat_write_json(node.node_id, s->wall_s, &wl);
    FF_INVARIANT(w, "econ.heartbeat", "heartbeat not writable");
    uint8_t *content;
    char topic[65];
    FF_INVARIANT(econ_queue_parse_write(w, wl, &content, &clen, topic, reason, sizeof reason) == ECON_OK,
                 "econ.heartbeat", "own queue write refused (%s): %s", reason, w);
    if (ff_range(in, 0, 7) == 0 && clen) content[0] = (uint8_t)ff_u8(in); /* a bent subtopic byte */
    econ_state_consume(&node, 1, content, ff_range(in, 0, 15) ? clen : ff_range(in, 0, clen), s->wall_s + (int64_t)ff_range(in, 0, 30),
                       reason, sizeof reason);
    free(content);
    free(w);
    FF_INVARIANT(node.last_heartbeat >= before, "econ.heartbeat", "last_heartbeat went back from %lld to %lld",
                 (long long)before, (long long)node.last_heartbeat);
    memset(&hcur, 0, sizeof hcur);
    hcur.mono_ns = s->mono_ns;
    hcur.load1 = (double)ff_range(in, 0, 6400) / 100.0;
    hcur.has_cpu_temp = true;
    hcur.cpu_temp_milli_c = (int32_t)ff_range_i64(in, -40000, 125000);
    hcur.has_gpu_power = ff_bool(in);
    hcur.gpu_power_mw = (uint32_t)ff_range(in, 0, 700000);
    hcur.has_gpu_temp = ff_bool(in);
    hcur.gpu_temp_c = (uint32_t)ff_range(in, 20, 95);
    hcur.process_count = ff_range(in, 1, 5000);
    hcur.net_out_bytes = hprev.net_out_bytes + tx;
    econ_node_metrics nm;
    econ_node_metrics_from(step ? &hprev : NULL, &hcur, &nm);
    FF_INVARIANT(nm.cpu_temperature <= 125, "econ.node_units", "cpu_temperature %u from %d m°C",
                 nm.cpu_temperature, hcur.cpu_temp_milli_c);
    FF_INVARIANT(!nm.has_power_usage_watts || nm.power_usage_watts <= 700, "econ.node_units",
                 "power_usage_watts %u from %u mW", nm.power_usage_watts, hcur.gpu_power_mw);
    if (step && hcur.mono_ns > hprev.mono_ns) {
      uint64_t el = hcur.mono_ns - hprev.mono_ns;
      uint64_t want = (uint64_t)((long double)tx * 1e9L / (long double)el);
      FF_INVARIANT(nm.network_out_bytes_per_sec == want, "econ.node_units",
                   "network_out_bytes_per_sec %llu, true rate %llu (%llu bytes in %llu ns)",
                   (unsigned long long)nm.network_out_bytes_per_sec, (unsigned long long)want,
                   (unsigned long long)tx, (unsigned long long)el);
    }
    host_report(in, &node, &nm, s->wall_s);
    hprev = hcur;
    uint64_t u0 = acct.today_usage;
    econ_account_use_tokens(&acct, ff_u64(in), x->cpu_seconds);
    FF_INVARIANT(acct.today_usage >= u0, "econ.usage_monotone", "today_usage went from %llu to %llu",
                 (unsigned long long)u0, (unsigned long long)acct.today_usage);
  }
}
