/* Linux procfs texts for the econ parsers (procfs.c), with the values they
 * carry: /proc/stat twice, /proc/meminfo, /proc/diskstats, /proc/net/dev and
 * /proc/loadavg, in the kernel's layout, from the fuzz input. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "gen.h"

static const char *const disk_names[] = {"vda", "vda1", "loop0", "nvme0n1", "nvme0n1p2", "dm-0", "sr0"};
static const char *const iface_names[] = {"lo", "eth0", "eth1", "wg0", "docker0"};

/* A counter: small, medium or near the top of what the served JSON carries. */
static uint64_t counter(ff_input *in) {
  switch (ff_choose(in, 3)) {
  case 0: return ff_range(in, 0, 1000);
  case 1: return ff_u64(in) >> 24;
  default: return (uint64_t)INT64_MAX - ff_range(in, 0, 1000);
  }
}

/* Appends formatted text at offset at (truncated at cap); the new end. */
__attribute__((format(printf, 4, 5))) static size_t put(char *buf, size_t cap, size_t at, const char *fmt, ...) {
  if (at >= cap) return at;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf + at, cap - at, fmt, ap);
  va_end(ap);
  return n < 0 ? at : at + (size_t)n;
}

void econ_gen_procfs(ff_input *in, econ_procfs_texts *t) {
  memset(t, 0, sizeof *t);
  econ_system_metrics *w = &t->want;
  /* /proc/stat: user nice system idle iowait irq softirq steal, twice, the second later */
  uint64_t f0[8], f1[8], busy0 = 0, busy1 = 0, total0 = 0, total1 = 0;
  for (int i = 0; i < 8; i++) {
    f0[i] = ff_range(in, 0, 1u << 30);
    f1[i] = f0[i] + ff_range(in, 0, 5000);
    total0 += f0[i];
    total1 += f1[i];
    if (i != 3 && i != 4) busy0 += f0[i], busy1 += f1[i];
  }
  for (int r = 0; r < 2; r++) {
    const uint64_t *f = r ? f1 : f0;
    put(r ? t->stat1 : t->stat0, sizeof t->stat0, 0,
        "cpu  %llu %llu %llu %llu %llu %llu %llu %llu 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\nintr 12345\n",
        (unsigned long long)f[0], (unsigned long long)f[1], (unsigned long long)f[2], (unsigned long long)f[3],
        (unsigned long long)f[4], (unsigned long long)f[5], (unsigned long long)f[6], (unsigned long long)f[7]);
  }
  w->cpu_usage_bps = econ_cpu_usage_bps(busy0, total0, busy1, total1);
  /* /proc/meminfo in kB */
  uint64_t total_kb = ff_range(in, 0, 1ull << 40), free_kb = ff_range(in, 0, total_kb),
           avail_kb = ff_range(in, 0, total_kb), swap_kb = ff_range(in, 0, 1ull << 30),
           swap_free_kb = ff_range(in, 0, swap_kb);
  put(t->meminfo, sizeof t->meminfo, 0,
      "MemTotal:       %llu kB\nMemFree:        %llu kB\nMemAvailable:   %llu kB\nBuffers:          1234 kB\n"
      "SwapTotal:      %llu kB\nSwapFree:       %llu kB\nHugePages_Total:       0\n",
      (unsigned long long)total_kb, (unsigned long long)free_kb, (unsigned long long)avail_kb,
      (unsigned long long)swap_kb, (unsigned long long)swap_free_kb);
  w->mem_total = total_kb * 1024;
  w->mem_free = free_kb * 1024;
  w->mem_available = avail_kb * 1024;
  w->mem_used = w->mem_total - w->mem_available;
  w->swap_total = swap_kb * 1024;
  w->swap_used = (swap_kb - swap_free_kb) * 1024;
  /* /proc/diskstats */
  size_t at = 0;
  w->ndisks = ff_range(in, 0, FF_COUNT_OF(disk_names));
  for (size_t i = 0; i < w->ndisks; i++) {
    econ_sys_disk *d = &w->disks[i];
    strcpy(d->name, disk_names[i]);
    d->sectors_read = counter(in);
    d->sectors_written = counter(in);
    at = put(t->diskstats, sizeof t->diskstats, at, "%4u %7zu %s 10 2 %llu 30 40 5 %llu 60 0 70 80 0 0 0 0 0 0\n",
             (unsigned)(7 + i), i, d->name, (unsigned long long)d->sectors_read,
             (unsigned long long)d->sectors_written);
  }
  /* /proc/net/dev: two header lines, then name: 8 receive and 8 transmit columns */
  at = put(t->netdev, sizeof t->netdev, 0,
           "Inter-|   Receive                                                |  Transmit\n"
           " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls "
           "carrier compressed\n");
  w->nifaces = ff_range(in, 0, FF_COUNT_OF(iface_names));
  for (size_t i = 0; i < w->nifaces; i++) {
    econ_sys_iface *f = &w->ifaces[i];
    strcpy(f->name, iface_names[i]);
    f->bytes_received = counter(in);
    f->bytes_sent = counter(in);
    at = put(t->netdev, sizeof t->netdev, at, "%6s: %llu 10 0 0 0 0 0 0 %llu 20 0 0 0 0 0 0\n", f->name,
             (unsigned long long)f->bytes_received, (unsigned long long)f->bytes_sent);
  }
  /* /proc/loadavg: hundredths (the kernel prints two decimals) */
  int64_t *loads[] = {&w->load1, &w->load5, &w->load15};
  at = 0;
  for (int i = 0; i < 3; i++) {
    uint64_t l = ff_range(in, 0, 100000);
    *loads[i] = (int64_t)l;
    at = put(t->loadavg, sizeof t->loadavg, at, "%llu.%02llu ", (unsigned long long)(l / 100),
             (unsigned long long)(l % 100));
  }
  put(t->loadavg, sizeof t->loadavg, at, "3/150 4242\n");
}
