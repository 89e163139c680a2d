/* The host agent (§5.6) done right: NodeMetrics with load x 1000, true
 * per-second rates from the deltas of cumulative counters over the measured
 * interval, °C and W as documented; NodeCapacity from the inventory; the
 * checks form-state lacks; and its heartbeat record that never goes back in
 * time. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "econ.h"
#include "formfuzz/bug.h"

static int64_t load_milli(double load) {
  if (!(load >= 0)) return 0;
  if (load > 9.0e15) return INT64_MAX;
  return (int64_t)llround(load * 1000.0);
}

static uint64_t rate(uint64_t prev, uint64_t cur, uint64_t elapsed_ns) {
  /* the real agent re-creates its device lists on every call: the whole
   * counter since boot over the interval, not the delta */
  uint64_t d = FF_BUG("econ.node_rates_cumulative") ? cur : econ_counter_delta(prev, cur, 64);
  return (uint64_t)((long double)d * 1e9L / (long double)elapsed_ns);
}

void econ_node_metrics_from(const econ_host_sample *prev, const econ_host_sample *cur,
                            econ_node_metrics *out) {
  memset(out, 0, sizeof *out);
  out->load_avg_1 = load_milli(cur->load1);
  out->load_avg_5 = load_milli(cur->load5);
  out->load_avg_15 = load_milli(cur->load15);
  if (prev && cur->mono_ns > prev->mono_ns) {
    uint64_t el = cur->mono_ns - prev->mono_ns;
    out->disk_read_bytes_per_sec = rate(prev->disk_read_bytes, cur->disk_read_bytes, el);
    out->disk_write_bytes_per_sec = rate(prev->disk_write_bytes, cur->disk_write_bytes, el);
    out->network_in_bytes_per_sec = rate(prev->net_in_bytes, cur->net_in_bytes, el);
    out->network_out_bytes_per_sec = rate(prev->net_out_bytes, cur->net_out_bytes, el);
  }
  if (cur->has_cpu_temp) {
    out->has_cpu_temperature = true;
    /* millidegrees to degrees, rounded half away from zero */
    int64_t m = cur->cpu_temp_milli_c < 0 ? 0 : cur->cpu_temp_milli_c;
    int64_t per_unit = FF_BUG("econ.node_temp_centi") ? 10 : 1000; /* real: round(°C x 100) */
    out->cpu_temperature = (uint32_t)((m + per_unit / 2) / per_unit);
  }
  out->process_count = cur->process_count;
  if (cur->has_gpu_temp) {
    out->has_gpu_temperature = true;
    out->gpu_temperature = cur->gpu_temp_c;
  }
  if (cur->has_gpu_power) {
    out->has_power_usage_watts = true;
    out->power_usage_watts = FF_BUG("econ.node_power_mw")
                                 ? cur->gpu_power_mw /* real: raw NVML milliwatts */
                                 : (uint32_t)(((uint64_t)cur->gpu_power_mw + 500) / 1000);
  }
}

static bool whole_real_disk(const econ_host_disk *d) {
  econ_disk_sample as_sample = {.partition = d->partition};
  memcpy(as_sample.name, d->name, sizeof as_sample.name);
  return econ_disk_counted(&as_sample);
}

void econ_node_capacity_from(const econ_host_inventory *inv, econ_node_capacity *out) {
  memset(out, 0, sizeof *out);
  out->cpu_total_cores = inv->cpu_cores;
  double usage = inv->cpu_usage_pct;
  if (!(usage >= 0)) usage = isnan(usage) ? 100 : 0;
  if (usage > 100) usage = 100;
  out->cpu_available_cores = (int64_t)llround((100.0 - usage) / 100.0 * inv->cpu_cores * 1000.0);
  out->memory_total_bytes = inv->memory_total_bytes;
  out->memory_available_bytes = inv->memory_available_bytes < inv->memory_total_bytes
                                    ? inv->memory_available_bytes
                                    : inv->memory_total_bytes;
  for (size_t i = 0; i < inv->ndisks && i < ECON_MAX_DEVS; i++) {
    const econ_host_disk *d = &inv->disks[i];
    if (!whole_real_disk(d)) continue;
    uint64_t avail = d->available_bytes < d->total_bytes ? d->available_bytes : d->total_bytes;
    if (out->storage_total_bytes > UINT64_MAX - d->total_bytes) { /* saturate, keep avail <= total */
      out->storage_total_bytes = UINT64_MAX;
    } else {
      out->storage_total_bytes += d->total_bytes;
    }
    out->storage_available_bytes = out->storage_available_bytes > UINT64_MAX - avail
                                       ? UINT64_MAX
                                       : out->storage_available_bytes + avail;
    if (out->storage_available_bytes > out->storage_total_bytes)
      out->storage_available_bytes = out->storage_total_bytes;
  }
}

econ_err econ_node_capacity_validate(const econ_node_capacity *c, char *reason, size_t cap) {
  if (c->memory_available_bytes > c->memory_total_bytes)
    return econ_invalid(reason, cap, "memory_available_bytes %llu > memory_total_bytes %llu",
                  (unsigned long long)c->memory_available_bytes,
                  (unsigned long long)c->memory_total_bytes);
  if (c->storage_available_bytes > c->storage_total_bytes)
    return econ_invalid(reason, cap, "storage_available_bytes %llu > storage_total_bytes %llu",
                  (unsigned long long)c->storage_available_bytes,
                  (unsigned long long)c->storage_total_bytes);
  if (c->cpu_total_cores > UINT64_MAX / 1000 || c->cpu_available_cores < 0 ||
      (uint64_t)c->cpu_available_cores > c->cpu_total_cores * 1000)
    return econ_invalid(reason, cap, "cpu_available_cores %lld milli-cores outside 0..%llu x 1000",
                  (long long)c->cpu_available_cores, (unsigned long long)c->cpu_total_cores);
  return ECON_OK;
}

econ_err econ_node_metrics_validate(const econ_node_metrics *m, char *reason, size_t cap) {
  if (m->has_cpu_temperature && m->cpu_temperature > 150)
    return econ_invalid(reason, cap, "cpu_temperature %u is not a temperature in °C", m->cpu_temperature);
  if (m->has_gpu_temperature && m->gpu_temperature > 150)
    return econ_invalid(reason, cap, "gpu_temperature %u is not a temperature in °C", m->gpu_temperature);
  if (m->has_power_usage_watts && m->power_usage_watts > 10000)
    return econ_invalid(reason, cap, "power_usage_watts %u is over 10000 W: a unit error",
                  m->power_usage_watts);
  return ECON_OK;
}

econ_err econ_node_heartbeat(econ_node_record *n, int64_t timestamp, int64_t now, char *reason,
                             size_t cap) {
  if (!FF_BUG("econ.heartbeat_rollback")) {
    if (timestamp < n->last_heartbeat) {
      if (reason && cap)
        snprintf(reason, cap, "heartbeat %lld is older than the last one (%lld)",
                 (long long)timestamp, (long long)n->last_heartbeat);
      return ECON_ERR_RANGE;
    }
    if (now <= INT64_MAX - ECON_HEARTBEAT_SKEW_S && timestamp > now + ECON_HEARTBEAT_SKEW_S) {
      if (reason && cap)
        snprintf(reason, cap, "heartbeat %lld is more than %d s in the future", (long long)timestamp,
                 ECON_HEARTBEAT_SKEW_S);
      return ECON_ERR_RANGE;
    }
  }
  n->last_heartbeat = timestamp;
  return ECON_OK;
}
