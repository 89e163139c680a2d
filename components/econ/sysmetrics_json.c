/* SystemMetrics (§5.5), the in-VM agent's served document, as serde JSON:
 * written in the fact sheet's key order and read back with the checks the
 * real consumer lacks (basis points within 0..10000, used amounts within their
 * totals, loads not negative, bounded lists). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "econ_json.h"

static bool fits(uint64_t v) { return v <= (uint64_t)INT64_MAX; }

static json_t *nullable(bool has, const char *s) { return has ? json_string(s) : json_null(); }

/* Appends each element built by make(i); NULL if any is NULL. */
static json_t *array_of(size_t n, json_t *(*make)(const econ_system_metrics *, size_t),
                        const econ_system_metrics *m) {
  json_t *a = json_array();
  for (size_t i = 0; a && i < n; i++)
    if (json_array_append_new(a, make(m, i)) != 0) {
      json_decref(a);
      return NULL;
    }
  return a;
}

static json_t *disk_json(const econ_system_metrics *m, size_t i) {
  const econ_sys_disk *d = &m->disks[i];
  if (!fits(d->sectors_read) || !fits(d->sectors_written)) return NULL;
  return json_pack("{s:s,s:I,s:I}", "name", d->name, "sectors_read", (json_int_t)d->sectors_read,
                   "sectors_written", (json_int_t)d->sectors_written);
}

static json_t *iface_json(const econ_system_metrics *m, size_t i) {
  const econ_sys_iface *f = &m->ifaces[i];
  if (!fits(f->bytes_received) || !fits(f->bytes_sent) || !fits(f->speed_bps)) return NULL;
  return json_pack("{s:s,s:I,s:I,s:I}", "name", f->name, "bytes_received", (json_int_t)f->bytes_received,
                   "bytes_sent", (json_int_t)f->bytes_sent, "speed_bps", (json_int_t)f->speed_bps);
}

static json_t *gpu_json(const econ_system_metrics *m, size_t i) {
  const econ_sys_gpu *g = &m->gpus[i];
  if (!fits(g->utilization_bps) || !fits(g->memory_usage_bps) || !fits(g->power_draw_deci_w)) return NULL;
  return json_pack("{s:I,s:s,s:I,s:I,s:I,s:I}", "index", (json_int_t)g->index, "model", g->model,
                   "utilization_bps", (json_int_t)g->utilization_bps, "memory_usage_bps",
                   (json_int_t)g->memory_usage_bps, "temperature_deci_c", (json_int_t)g->temperature_deci_c,
                   "power_draw_deci_w", (json_int_t)g->power_draw_deci_w);
}

char *econ_system_metrics_to_json(const econ_system_metrics *m, size_t *len) {
  uint64_t mem[] = {m->mem_total, m->mem_free, m->mem_available, m->mem_used, m->swap_total, m->swap_used,
                    m->process_count};
  for (size_t i = 0; i < sizeof mem / sizeof *mem; i++)
    if (!fits(mem[i])) return NULL;
  json_t *disks = array_of(m->ndisks, disk_json, m), *ifaces = array_of(m->nifaces, iface_json, m),
         *gpus = array_of(m->ngpus, gpu_json, m);
  json_t *root = NULL;
  if (disks && ifaces && gpus)
    root = json_pack("{s:I,s:o,s:o,s:{s:I,s:I},s:{s:I,s:I,s:I,s:I,s:I,s:I},s:O,s:{s:O},s:O,s:{s:I,s:I,s:I}}",
                     "timestamp", (json_int_t)m->timestamp, "instance_id", nullable(m->has_instance, m->instance_id),
                     "account_id", nullable(m->has_account, m->account_id), "cpu", "usage_pct",
                     (json_int_t)m->cpu_usage_bps, "process_count", (json_int_t)m->process_count, "memory",
                     "total", (json_int_t)m->mem_total, "free", (json_int_t)m->mem_free, "available",
                     (json_int_t)m->mem_available, "used", (json_int_t)m->mem_used, "total_swap",
                     (json_int_t)m->swap_total, "used_swap", (json_int_t)m->swap_used, "disks", disks, "network",
                     "interfaces", ifaces, "gpus", gpus, "load", "load1", (json_int_t)m->load1, "load5",
                     (json_int_t)m->load5, "load15", (json_int_t)m->load15);
  json_decref(disks);
  json_decref(ifaces);
  json_decref(gpus);
  char *out = root ? econ_json_dump(root, len) : NULL;
  json_decref(root);
  return out;
}

static econ_err sub_object(json_t *o, const char *field, json_t **out, char *reason, size_t cap) {
  *out = json_object_get(o, field);
  return json_is_object(*out) ? ECON_OK : econ_json_fail(reason, cap, "expected an object", field);
}

static econ_err list_of(json_t *o, const char *field, json_t **out, size_t *n, char *reason, size_t cap) {
  *out = json_object_get(o, field);
  if (!json_is_array(*out)) return econ_json_fail(reason, cap, "expected an array", field);
  *n = json_array_size(*out);
  if (*n > ECON_SYS_DEVS) return econ_json_fail(reason, cap, "more than 32 entries", field);
  return ECON_OK;
}

static econ_err read_disks(json_t *a, econ_system_metrics *m, char *reason, size_t cap) {
  econ_err e = ECON_OK;
  for (size_t i = 0; !e && i < m->ndisks; i++) {
    json_t *d = json_array_get(a, i);
    econ_sys_disk *x = &m->disks[i];
    if (!json_is_object(d)) return econ_json_fail(reason, cap, "expected an object", "disks[]");
    if ((e = econ_json_str(d, "name", x->name, sizeof x->name, false, NULL, reason, cap)) ||
        (e = econ_json_u64(d, "sectors_read", &x->sectors_read, reason, cap)))
      return e;
    e = econ_json_u64(d, "sectors_written", &x->sectors_written, reason, cap);
  }
  return e;
}

static econ_err read_ifaces(json_t *a, econ_system_metrics *m, char *reason, size_t cap) {
  econ_err e = ECON_OK;
  for (size_t i = 0; !e && i < m->nifaces; i++) {
    json_t *f = json_array_get(a, i);
    econ_sys_iface *x = &m->ifaces[i];
    if (!json_is_object(f)) return econ_json_fail(reason, cap, "expected an object", "interfaces[]");
    if ((e = econ_json_str(f, "name", x->name, sizeof x->name, false, NULL, reason, cap)) ||
        (e = econ_json_u64(f, "bytes_received", &x->bytes_received, reason, cap)) ||
        (e = econ_json_u64(f, "bytes_sent", &x->bytes_sent, reason, cap)))
      return e;
    e = econ_json_u64(f, "speed_bps", &x->speed_bps, reason, cap);
  }
  return e;
}

static econ_err read_gpus(json_t *a, econ_system_metrics *m, char *reason, size_t cap) {
  econ_err e = ECON_OK;
  for (size_t i = 0; !e && i < m->ngpus; i++) {
    json_t *g = json_array_get(a, i);
    econ_sys_gpu *x = &m->gpus[i];
    uint64_t index;
    if (!json_is_object(g)) return econ_json_fail(reason, cap, "expected an object", "gpus[]");
    if ((e = econ_json_u64(g, "index", &index, reason, cap)) ||
        (e = econ_json_str(g, "model", x->model, sizeof x->model, false, NULL, reason, cap)) ||
        (e = econ_json_u64(g, "utilization_bps", &x->utilization_bps, reason, cap)) ||
        (e = econ_json_u64(g, "memory_usage_bps", &x->memory_usage_bps, reason, cap)) ||
        (e = econ_json_i64(g, "temperature_deci_c", &x->temperature_deci_c, reason, cap)) ||
        (e = econ_json_u64(g, "power_draw_deci_w", &x->power_draw_deci_w, reason, cap)))
      return e;
    if (index > UINT32_MAX) return econ_json_fail(reason, cap, "does not fit in u32", "gpus[].index");
    x->index = (uint32_t)index;
    if (x->utilization_bps > 10000 || x->memory_usage_bps > 10000)
      return econ_invalid(reason, cap, "a GPU basis-point value is above 10000");
  }
  return e;
}

static econ_err read_document(json_t *o, econ_system_metrics *m, char *reason, size_t cap) {
  json_t *cpu, *mem, *net, *load, *disks, *ifaces, *gpus;
  econ_err e;
  if ((e = econ_json_i64(o, "timestamp", &m->timestamp, reason, cap)) ||
      (e = econ_json_str(o, "instance_id", m->instance_id, sizeof m->instance_id, true, &m->has_instance, reason,
                         cap)) ||
      (e = econ_json_str(o, "account_id", m->account_id, sizeof m->account_id, true, &m->has_account, reason, cap)) ||
      (e = sub_object(o, "cpu", &cpu, reason, cap)) || (e = sub_object(o, "memory", &mem, reason, cap)) ||
      (e = sub_object(o, "network", &net, reason, cap)) || (e = sub_object(o, "load", &load, reason, cap)) ||
      (e = econ_json_i64(cpu, "usage_pct", &m->cpu_usage_bps, reason, cap)) ||
      (e = econ_json_u64(cpu, "process_count", &m->process_count, reason, cap)) ||
      (e = econ_json_u64(mem, "total", &m->mem_total, reason, cap)) ||
      (e = econ_json_u64(mem, "free", &m->mem_free, reason, cap)) ||
      (e = econ_json_u64(mem, "available", &m->mem_available, reason, cap)) ||
      (e = econ_json_u64(mem, "used", &m->mem_used, reason, cap)) ||
      (e = econ_json_u64(mem, "total_swap", &m->swap_total, reason, cap)) ||
      (e = econ_json_u64(mem, "used_swap", &m->swap_used, reason, cap)) ||
      (e = econ_json_i64(load, "load1", &m->load1, reason, cap)) ||
      (e = econ_json_i64(load, "load5", &m->load5, reason, cap)) ||
      (e = econ_json_i64(load, "load15", &m->load15, reason, cap)) ||
      (e = list_of(o, "disks", &disks, &m->ndisks, reason, cap)) ||
      (e = list_of(net, "interfaces", &ifaces, &m->nifaces, reason, cap)) ||
      (e = list_of(o, "gpus", &gpus, &m->ngpus, reason, cap)) || (e = read_disks(disks, m, reason, cap)) ||
      (e = read_ifaces(ifaces, m, reason, cap)) || (e = read_gpus(gpus, m, reason, cap)))
    return e;
  if (m->cpu_usage_bps < 0 || m->cpu_usage_bps > 10000)
    return econ_invalid(reason, cap, "cpu.usage_pct is outside 0..10000 basis points");
  if (m->mem_used > m->mem_total || m->mem_free > m->mem_total || m->mem_available > m->mem_total)
    return econ_invalid(reason, cap, "memory used, free or available is above total");
  if (m->swap_used > m->swap_total) return econ_invalid(reason, cap, "memory.used_swap is above total_swap");
  if (m->load1 < 0 || m->load5 < 0 || m->load15 < 0) return econ_invalid(reason, cap, "a load is negative");
  return ECON_OK;
}

econ_err econ_system_metrics_from_json(const char *json, size_t len, econ_system_metrics *m, char *reason,
                                       size_t cap) {
  memset(m, 0, sizeof *m);
  json_t *o;
  econ_err e = econ_json_load_object(json, len, "SystemMetrics", &o, reason, cap);
  if (e == ECON_OK) e = read_document(o, m, reason, cap);
  json_decref(o);
  if (e != ECON_OK) memset(m, 0, sizeof *m);
  return e;
}
