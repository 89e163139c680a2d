/* Linux procfs text into SystemMetrics (§5.5), as the in-VM agent reads it:
 * /proc/stat, /proc/meminfo, /proc/diskstats, /proc/net/dev, /proc/loadavg.
 * Pure parsers over the caller's text (the server reads the files; the
 * econ_api fuzzer feeds generated and bent text). Numbers are read
 * digit by digit with overflow refused; a line that cannot be read whole
 * fails the document rather than being skipped. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "econ.h"

static econ_err parse_fail(char *reason, size_t cap, const char *file, const char *why) {
  if (reason && cap) snprintf(reason, cap, "%s: %s", file, why);
  return ECON_ERR_PARSE;
}

static const char *skip_blanks(const char *p) {
  while (*p == ' ' || *p == '\t') p++;
  return p;
}

/* An unsigned decimal at *p (after blanks); false on no digits or above
 * 2^63 - 1 (the served JSON carries signed 64-bit integers). */
static bool read_u64(const char **p, uint64_t *out) {
  const char *s = skip_blanks(*p);
  if (*s < '0' || *s > '9') return false;
  uint64_t v = 0;
  for (; *s >= '0' && *s <= '9'; s++) {
    unsigned d = (unsigned)(*s - '0');
    if (v > ((uint64_t)INT64_MAX - d) / 10) return false;
    v = v * 10 + d;
  }
  *p = s;
  *out = v;
  return true;
}

/* A word of at most cap - 1 bytes (no blanks); false when empty or longer. */
static bool read_word(const char **p, char *out, size_t cap, char stop) {
  const char *s = skip_blanks(*p);
  size_t n = 0;
  while (s[n] && s[n] != ' ' && s[n] != '\t' && s[n] != '\n' && s[n] != stop) n++;
  if (n == 0 || n >= cap) return false;
  memcpy(out, s, n);
  out[n] = 0;
  *p = s + n;
  return true;
}

/* A device name goes out in the served JSON: jansson, which writes it, decides. */
static bool name_is_utf8(const char *name) {
  json_t *s = json_string(name);
  json_decref(s);
  return s != NULL;
}

static const char *next_line(const char *p) {
  const char *nl = strchr(p, '\n');
  return nl ? nl + 1 : p + strlen(p);
}

econ_err econ_procfs_cpu(const char *stat, uint64_t *busy, uint64_t *total, char *reason, size_t cap) {
  if (strncmp(stat, "cpu ", 4) != 0) return parse_fail(reason, cap, "/proc/stat", "no aggregate cpu line first");
  const char *p = stat + 4;
  uint64_t f[8], sum = 0;
  for (int i = 0; i < 8; i++) { /* user nice system idle iowait irq softirq steal */
    if (!read_u64(&p, &f[i])) return parse_fail(reason, cap, "/proc/stat", "cpu line has fewer than 8 counters");
    if (f[i] > (uint64_t)INT64_MAX - sum) return parse_fail(reason, cap, "/proc/stat", "cpu counters overflow");
    sum += f[i];
  }
  *total = sum;
  *busy = sum - f[3] - f[4];
  return ECON_OK;
}

int64_t econ_cpu_usage_bps(uint64_t busy0, uint64_t total0, uint64_t busy1, uint64_t total1) {
  if (total1 <= total0 || busy1 < busy0) return 0; /* no time passed, or counters restarted */
  uint64_t dt = total1 - total0, db = busy1 - busy0;
  if (db > dt) db = dt;
  return (int64_t)llroundl((long double)db * 10000.0L / (long double)dt);
}

econ_err econ_procfs_meminfo(const char *text, econ_system_metrics *m, char *reason, size_t cap) {
  static const char *const keys[] = {"MemTotal:", "MemFree:", "MemAvailable:", "SwapTotal:", "SwapFree:"};
  uint64_t v[5];
  bool seen[5] = {false};
  for (const char *line = text; *line; line = next_line(line))
    for (int k = 0; k < 5; k++) {
      size_t kl = strlen(keys[k]);
      if (strncmp(line, keys[k], kl) != 0) continue;
      const char *p = line + kl;
      uint64_t kb;
      if (!read_u64(&p, &kb) || strncmp(skip_blanks(p), "kB", 2) != 0 || kb > (uint64_t)INT64_MAX / 1024)
        return parse_fail(reason, cap, "/proc/meminfo", keys[k]);
      v[k] = kb * 1024;
      seen[k] = true;
    }
  for (int k = 0; k < 5; k++)
    if (!seen[k]) return parse_fail(reason, cap, "/proc/meminfo", "a required line is missing");
  if (v[1] > v[0] || v[2] > v[0] || v[4] > v[3])
    return parse_fail(reason, cap, "/proc/meminfo", "free or available above total");
  m->mem_total = v[0];
  m->mem_free = v[1];
  m->mem_available = v[2];
  m->mem_used = v[0] - v[2];
  m->swap_total = v[3];
  m->swap_used = v[3] - v[4];
  return ECON_OK;
}

econ_err econ_procfs_diskstats(const char *text, econ_system_metrics *out, char *reason, size_t cap) {
  econ_system_metrics parsed, *m = &parsed; /* out changes only on success */
  m->ndisks = 0;
  for (const char *line = text; *skip_blanks(line); line = next_line(line)) {
    if (*skip_blanks(line) == '\n') continue;
    if (m->ndisks == ECON_SYS_DEVS) {
      if (reason && cap) snprintf(reason, cap, "/proc/diskstats: more than %d devices", ECON_SYS_DEVS);
      return ECON_ERR_FULL;
    }
    econ_sys_disk *d = &m->disks[m->ndisks];
    const char *p = line;
    uint64_t f[8];
    if (!read_u64(&p, &f[0]) || !read_u64(&p, &f[1]) || !read_word(&p, d->name, sizeof d->name, 0))
      return parse_fail(reason, cap, "/proc/diskstats", "a line without major, minor and name");
    if (!name_is_utf8(d->name)) return parse_fail(reason, cap, "/proc/diskstats", "a device name that is not UTF-8");
    for (int i = 0; i < 7; i++) /* reads, merged, sectors read, ms, writes, merged, sectors written */
      if (!read_u64(&p, &f[i])) return parse_fail(reason, cap, "/proc/diskstats", "a line with fewer than 7 counters");
    d->sectors_read = f[2];
    d->sectors_written = f[6];
    m->ndisks++;
  }
  out->ndisks = m->ndisks;
  memcpy(out->disks, m->disks, m->ndisks * sizeof *m->disks);
  return ECON_OK;
}

econ_err econ_procfs_netdev(const char *text, econ_system_metrics *out, char *reason, size_t cap) {
  econ_system_metrics parsed, *m = &parsed; /* out changes only on success */
  m->nifaces = 0;
  const char *line = next_line(next_line(text)); /* two header lines */
  for (; *skip_blanks(line); line = next_line(line)) {
    if (*skip_blanks(line) == '\n') continue;
    if (m->nifaces == ECON_SYS_DEVS) {
      if (reason && cap) snprintf(reason, cap, "/proc/net/dev: more than %d interfaces", ECON_SYS_DEVS);
      return ECON_ERR_FULL;
    }
    econ_sys_iface *f = &m->ifaces[m->nifaces];
    const char *p = line;
    uint64_t v[9];
    if (!read_word(&p, f->name, sizeof f->name, ':') || *p != ':')
      return parse_fail(reason, cap, "/proc/net/dev", "a line without 'name:'");
    if (!name_is_utf8(f->name)) return parse_fail(reason, cap, "/proc/net/dev", "an interface name that is not UTF-8");
    p++;
    for (int i = 0; i < 9; i++) /* 8 receive columns, then transmit bytes */
      if (!read_u64(&p, &v[i])) return parse_fail(reason, cap, "/proc/net/dev", "a line with fewer than 9 counters");
    f->bytes_received = v[0];
    f->bytes_sent = v[8];
    f->speed_bps = 0;
    m->nifaces++;
  }
  out->nifaces = m->nifaces;
  memcpy(out->ifaces, m->ifaces, m->nifaces * sizeof *m->ifaces);
  return ECON_OK;
}

/* "12.34" -> 1234 (load x 100, rounded at the third decimal). */
static bool read_load(const char **p, int64_t *out) {
  uint64_t whole, frac = 0;
  if (!read_u64(p, &whole) || whole > 1000000) return false;
  unsigned digits = 0;
  if (**p == '.') {
    (*p)++;
    while (**p >= '0' && **p <= '9') {
      if (digits < 3) frac = frac * 10 + (uint64_t)(**p - '0');
      digits++;
      (*p)++;
    }
    if (digits == 0) return false;
  }
  for (; digits < 3; digits++) frac *= 10;
  *out = (int64_t)(whole * 100 + (frac + 5) / 10);
  return true;
}

econ_err econ_procfs_loadavg(const char *text, econ_system_metrics *m, char *reason, size_t cap) {
  const char *p = text;
  int64_t l[3];
  if (!read_load(&p, &l[0]) || !read_load(&p, &l[1]) || !read_load(&p, &l[2]))
    return parse_fail(reason, cap, "/proc/loadavg", "not three loads");
  m->load1 = l[0];
  m->load5 = l[1];
  m->load15 = l[2];
  return ECON_OK;
}
