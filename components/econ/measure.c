/* The in-VM agent (§5.5) done right: from raw cumulative samples to one
 * UsageEvent per measured interval, with percent (not basis points), per-period
 * deltas of cumulative counters (wrap, reboot, hot-plug), partitions and
 * virtual devices counted once (not at all), and period = the measured interval. */
#include <math.h>
#include <string.h>

#include "econ.h"
#include "formfuzz/bug.h"

#define NS_PER_S 1000000000ull

econ_err econ_vm_agent_init(econ_vm_agent *a, const char *instance_id, const char *account_id) {
  memset(a, 0, sizeof *a);
  if (!instance_id || !account_id || !instance_id[0] || !account_id[0]) return ECON_ERR_INVALID;
  if (strlen(instance_id) >= ECON_ID_MAX || strlen(account_id) >= ECON_ID_MAX) return ECON_ERR_INVALID;
  strcpy(a->instance_id, instance_id);
  strcpy(a->account_id, account_id);
  return ECON_OK;
}

void econ_vm_agent_restart(econ_vm_agent *a) {
  a->have_prev = false;
  a->cpu_carry_ns = 0;
}

uint64_t econ_counter_delta(uint64_t prev, uint64_t cur, unsigned bits) {
  if (cur >= prev) return cur - prev;
  if (bits == 32 && prev <= UINT32_MAX && cur <= UINT32_MAX) /* wrapped once */
    return (uint64_t)UINT32_MAX - prev + cur + 1;
  return cur; /* a 64-bit counter going back was reset: it counts from 0 */
}

bool econ_disk_counted(const econ_disk_sample *d) {
  static const char *virtual_prefixes[] = {"loop", "ram", "zram", "dm-"};
  if (d->partition && !FF_BUG("econ.partitions_summed")) return false;
  for (size_t i = 0; i < sizeof virtual_prefixes / sizeof virtual_prefixes[0]; i++)
    if (strncmp(d->name, virtual_prefixes[i], strlen(virtual_prefixes[i])) == 0) return false;
  return true;
}

static const econ_disk_sample *find_disk(const econ_sample *s, const char *name) {
  for (size_t i = 0; i < s->ndisks && i < ECON_MAX_DEVS; i++)
    if (strcmp(s->disks[i].name, name) == 0) return &s->disks[i];
  return NULL;
}

static const econ_net_sample *find_net(const econ_sample *s, const char *name) {
  for (size_t i = 0; i < s->nnets && i < ECON_MAX_DEVS; i++)
    if (strcmp(s->nets[i].name, name) == 0) return &s->nets[i];
  return NULL;
}

/* Delta of one device counter: the counter itself after a reboot, nothing for
 * a device the previous sample did not have (a baseline), else the wrap-aware delta. */
static uint64_t dev_delta(bool rebooted, bool had, uint64_t prev, uint64_t cur, unsigned bits) {
  if (FF_BUG("econ.cumulative_billed")) return cur;
  if (rebooted) return cur;
  if (!had) return 0;
  return econ_counter_delta(prev, cur, bits);
}

static uint64_t sat_add(uint64_t a, uint64_t b) { return a > UINT64_MAX - b ? UINT64_MAX : a + b; }

econ_err econ_vm_agent_sample(econ_vm_agent *a, const econ_sample *s, econ_event *ev,
                              bool *emitted) {
  *emitted = false;
  if (s->ndisks > ECON_MAX_DEVS || s->nnets > ECON_MAX_DEVS || s->ngpus > ECON_MAX_DEVS ||
      s->vcpus == 0 || (s->counter_bits != 32 && s->counter_bits != 64))
    return ECON_ERR_INVALID;
  if (!a->have_prev) {
    a->prev = *s;
    a->have_prev = true;
    return ECON_OK;
  }
  const econ_sample *p = &a->prev;
  bool rebooted = s->boot_id != p->boot_id;
  if (s->mono_ns <= p->mono_ns && !rebooted) return ECON_OK; /* no time passed: keep accumulating */
  /* A reboot restarts the monotonic clock; the interval is then unknown, and
   * the new sample becomes the baseline of a fresh series, except for the
   * counters, which count from boot: billed with the interval since boot. */
  uint64_t elapsed_ns = rebooted ? s->mono_ns : s->mono_ns - p->mono_ns;
  if (elapsed_ns < NS_PER_S) {
    if (rebooted) { /* too short to report: restart the series from here */
      a->prev = *s;
      a->cpu_carry_ns = 0;
    }
    return ECON_OK;
  }
  memset(ev, 0, sizeof *ev);
  strcpy(ev->instance_id, a->instance_id);
  strcpy(ev->user_id, a->account_id);
  ev->has_org = false;
  uint64_t period_s = elapsed_ns / NS_PER_S + (elapsed_ns % NS_PER_S != 0);
  if (FF_BUG("econ.fixed_period")) period_s = 30;
  ev->timestamp = s->wall_s;
  ev->period_end = s->wall_s;
  ev->period_start = s->wall_s - (int64_t)period_s;

  /* CPU: busy time over the interval; whole seconds billed, the rest carried. */
  uint64_t busy = rebooted ? s->cpu_busy_ns : econ_counter_delta(p->cpu_busy_ns, s->cpu_busy_ns, 64);
  double capacity = (double)elapsed_ns * (double)s->vcpus;
  double pct = capacity > 0 ? (double)busy / capacity * 100.0 : 0.0;
  if (!(pct >= 0)) pct = 0;
  if (pct > 100) pct = 100;
  uint64_t total = sat_add(busy, a->cpu_carry_ns);
  ev->metrics.cpu_seconds = total / NS_PER_S;
  a->cpu_carry_ns = total % NS_PER_S;
  if (ev->metrics.cpu_seconds > period_s * s->vcpus) { /* counter glitch: never bill above capacity */
    ev->metrics.cpu_seconds = period_s * s->vcpus;
    a->cpu_carry_ns = 0;
  }
  ev->metrics.cpu_percent_avg = pct;
  if (FF_BUG("econ.cpu_basis_points")) { /* usage_pct in basis points read as percent */
    double bps = trunc(pct * 100.0);
    ev->metrics.cpu_percent_avg = bps;
    ev->metrics.cpu_seconds = (uint64_t)trunc((double)period_s * bps / 100.0);
  }

  /* Memory: a level, not a counter. */
  uint64_t used = s->mem_used < s->mem_total ? s->mem_used : s->mem_total;
  ev->metrics.memory_gb = (double)s->mem_used / 1073741824.0;
  ev->metrics.memory_percent = s->mem_total ? (double)used / (double)s->mem_total * 100.0 : 0.0;

  /* Storage: sectors written in the period, whole devices only. */
  uint64_t sectors = 0;
  for (size_t i = 0; i < s->ndisks; i++) {
    const econ_disk_sample *d = &s->disks[i];
    if (!econ_disk_counted(d)) continue;
    const econ_disk_sample *pd = find_disk(p, d->name);
    sectors = sat_add(sectors, dev_delta(rebooted, pd != NULL, pd ? pd->sectors_written : 0,
                                         d->sectors_written, s->counter_bits));
  }
  ev->metrics.storage_gb = (double)sectors * 512.0 / 1073741824.0;

  /* Network: bytes in the period, loopback excluded. */
  uint64_t tx = 0, rx = 0;
  for (size_t i = 0; i < s->nnets; i++) {
    const econ_net_sample *n = &s->nets[i];
    if (strcmp(n->name, "lo") == 0) continue;
    const econ_net_sample *pn = find_net(p, n->name);
    tx = sat_add(tx, dev_delta(rebooted, pn != NULL, pn ? pn->tx_bytes : 0, n->tx_bytes, s->counter_bits));
    rx = sat_add(rx, dev_delta(rebooted, pn != NULL, pn ? pn->rx_bytes : 0, n->rx_bytes, s->counter_bits));
  }
  ev->metrics.network_egress_mb = (double)tx / 1048576.0;
  ev->metrics.network_ingress_mb = (double)rx / 1048576.0;

  /* GPU: utilisation is a level; busy seconds over the interval, per GPU. */
  uint64_t gpu_s = 0;
  for (size_t i = 0; i < s->ngpus; i++) {
    double u = s->gpus[i].utilization_pct;
    if (!(u >= 0)) u = 0;
    if (u > 100) u = 100;
    gpu_s = sat_add(gpu_s, (uint64_t)((double)elapsed_ns * u / 100.0 / (double)NS_PER_S));
  }
  ev->metrics.gpu_seconds = gpu_s;

  a->prev = *s;
  *emitted = true;
  return ECON_OK;
}
