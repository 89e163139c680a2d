/* The host agent (§5.6) done right: NodeMetrics with load x 1000, true
 * per-second rates from the deltas of cumulative counters over the measured
 * interval, °C and W as documented; and form-state's heartbeat record that
 * never goes back in time. */
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
  uint64_t d = econ_counter_delta(prev, cur, 64);
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
    int64_t m = cur->cpu_temp_milli_c;
    out->cpu_temperature = (int32_t)(m >= 0 ? (m + 500) / 1000 : (m - 500) / 1000);
  }
  if (cur->has_gpu_power) {
    out->has_power_usage_watts = true;
    out->power_usage_watts = (uint32_t)(((uint64_t)cur->gpu_power_mw + 500) / 1000);
  }
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
