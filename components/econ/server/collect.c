/* formfuzz-econ's collection (§5.5): reads this machine's procfs and fills a
 * SystemMetrics through the econ core's parsers. CPU usage is the busy share
 * between this reading and the previous one (the first reading has none: 0). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "collect.h"

/* The whole file as text (procfs files report size 0: read to EOF). */
static char *slurp(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) return NULL;
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    n += fread(buf + n, 1, cap - 1 - n, f);
    if (n < cap - 1) break;
    char *bigger = cap < (1u << 24) ? realloc(buf, cap * 2) : NULL;
    if (!bigger) {
      free(buf);
      buf = NULL;
      break;
    }
    buf = bigger;
    cap *= 2;
  }
  if (buf) buf[n] = 0;
  fclose(f);
  return buf;
}

static uint64_t count_processes(void) {
  DIR *d = opendir("/proc");
  uint64_t n = 0;
  struct dirent *e;
  while (d && (e = readdir(d)) != NULL)
    if (e->d_name[0] >= '1' && e->d_name[0] <= '9' && strspn(e->d_name, "0123456789") == strlen(e->d_name)) n++;
  if (d) closedir(d);
  return n;
}

typedef econ_err (*procfs_parser)(const char *, econ_system_metrics *, char *, size_t);

static econ_err parse_file(const char *path, procfs_parser parse, econ_system_metrics *m, char *reason, size_t cap) {
  char *text = slurp(path);
  if (!text) {
    snprintf(reason, cap, "%s: cannot be read", path);
    return ECON_ERR_NOTFOUND;
  }
  econ_err e = parse(text, m, reason, cap);
  free(text);
  return e;
}

econ_err econ_collect(econ_collector *c, econ_system_metrics *m, char *reason, size_t cap) {
  memset(m, 0, sizeof *m);
  char *stat = slurp("/proc/stat");
  if (!stat) {
    snprintf(reason, cap, "/proc/stat: cannot be read");
    return ECON_ERR_NOTFOUND;
  }
  uint64_t busy, total;
  econ_err e = econ_procfs_cpu(stat, &busy, &total, reason, cap);
  free(stat);
  if (e) return e;
  m->cpu_usage_bps = c->have_prev ? econ_cpu_usage_bps(c->busy, c->total, busy, total) : 0;
  c->busy = busy;
  c->total = total;
  c->have_prev = true;
  if ((e = parse_file("/proc/meminfo", econ_procfs_meminfo, m, reason, cap)) ||
      (e = parse_file("/proc/diskstats", econ_procfs_diskstats, m, reason, cap)) ||
      (e = parse_file("/proc/net/dev", econ_procfs_netdev, m, reason, cap)) ||
      (e = parse_file("/proc/loadavg", econ_procfs_loadavg, m, reason, cap)))
    return e;
  for (size_t i = 0; i < m->nifaces; i++) { /* speed in Mb/s from /sys, when the link reports one */
    char path[96];
    snprintf(path, sizeof path, "/sys/class/net/%s/speed", m->ifaces[i].name);
    char *text = slurp(path);
    long mbps = text ? strtol(text, NULL, 10) : 0;
    m->ifaces[i].speed_bps = mbps > 0 && mbps < 1000000000L ? (uint64_t)mbps * 1000000u : 0;
    free(text);
  }
  m->process_count = count_processes();
  m->timestamp = (int64_t)time(NULL);
  m->has_instance = c->instance_id[0] != 0;
  m->has_account = c->account_id[0] != 0;
  snprintf(m->instance_id, sizeof m->instance_id, "%s", c->instance_id);
  snprintf(m->account_id, sizeof m->account_id, "%s", c->account_id);
  return ECON_OK;
}
