/* --metrics and --metrics-file for run and campaign (see monitor_export.h). */
#include "monitor_export.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fileio.h"
#include "monitor_addr.h"
#include "monitor_http.h"
#include "monitor_prom.h"

#define FILE_INTERVAL_S 1

struct ff_monitor {
  char out_root[4096];
  char **names;
  size_t count;
  double stall_s;
  const char *file;
  const char *who;
  ff_metrics_server *server;
  pthread_t writer;
  bool writer_started;
  pthread_mutex_t lock; /* stopping */
  pthread_cond_t wake;
  pthread_mutex_t scan_lock; /* the cache: the HTTP thread and the file writer both scan */
  ff_growth_cache cache;
  bool stopping;
};

void ff_monitor_option_rows(ff_monitor_options *o, ff_option rows[FF_MONITOR_OPTION_ROWS]) {
  rows[0] = FF_STRING_OPTION("metrics", &o->metrics, "HOST:PORT",
                             "serve Prometheus metrics at http://HOST:PORT/metrics (loopback: "
                             "127.0.0.1, [::1], localhost; port 0: any free one)");
  rows[1] = FF_STRING_OPTION("metrics-file", &o->metrics_file, "PATH",
                             "write the same metrics to PATH every second, atomically "
                             "(node_exporter's textfile collector: *.prom)");
  rows[2] = FF_FLAG_OPTION("metrics-allow-remote", &o->allow_remote,
                           "let --metrics listen on a non-loopback address");
  rows[3] = (ff_option){.name = "stall", .kind = FF_OPT_DOUBLE, .value = &o->stall_s,
                        .arg_name = "S", .min = 1, .max = 366.0 * 24 * 3600,
                        .help = "a fuzzer with no new coverage for S seconds is stalled "
                                "(formfuzz_stalled; default 600)"};
}

int ff_monitor_options_check(const ff_command_spec *spec, const ff_monitor_options *o) {
  if (!o->metrics) return FF_PARSE_OK;
  ff_monitor_addr a;
  char err[256];
  if (ff_monitor_addr_parse(o->metrics, o->allow_remote, &a, err, sizeof err) != 0) {
    ff_usage_error(spec, "--metrics %s", err);
    return FF_PARSE_ERROR;
  }
  return FF_PARSE_OK;
}

static char *render(void *ctx, size_t *len) {
  ff_monitor *m = ctx;
  ff_monitor_snapshot s;
  char err[512], *text = NULL;
  pthread_mutex_lock(&m->scan_lock);
  if (ff_monitor_scan(m->out_root, (const char *const *)m->names, m->count, m->stall_s,
                      (int64_t)time(NULL), &m->cache, &s, err, sizeof err) == 0) {
    text = ff_monitor_prometheus(&s, len);
    ff_monitor_snapshot_free(&s);
  }
  pthread_mutex_unlock(&m->scan_lock);
  return text;
}

static int write_file(ff_monitor *m) {
  size_t len;
  char *text = render(m, &len);
  int rc = text ? ff_write_atomic(m->file, text, len) : -1;
  free(text);
  return rc;
}

static void *file_writer(void *arg) {
  ff_monitor *m = arg;
  pthread_mutex_lock(&m->lock);
  while (!m->stopping) {
    pthread_mutex_unlock(&m->lock);
    write_file(m);
    pthread_mutex_lock(&m->lock);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += FILE_INTERVAL_S;
    while (!m->stopping && pthread_cond_timedwait(&m->wake, &m->lock, &until) != ETIMEDOUT) {
    }
  }
  pthread_mutex_unlock(&m->lock);
  return NULL;
}

static void free_monitor(ff_monitor *m) {
  for (size_t i = 0; i < m->count; i++) free(m->names[i]);
  free(m->names);
  ff_growth_cache_free(&m->cache);
  pthread_mutex_destroy(&m->scan_lock);
  pthread_mutex_destroy(&m->lock);
  pthread_cond_destroy(&m->wake);
  free(m);
}

int ff_monitor_start(ff_monitor **out, const ff_monitor_options *o, const char *who,
                     const char *out_root, const char *const *names, size_t count) {
  *out = NULL;
  if (!o->metrics && !o->metrics_file) return 0;
  ff_monitor *m = calloc(1, sizeof *m);
  if (!m || !(m->names = calloc(count ? count : 1, sizeof *m->names))) {
    free(m);
    fprintf(stderr, "%s: out of memory\n", who);
    return 3;
  }
  pthread_mutex_init(&m->lock, NULL);
  pthread_mutex_init(&m->scan_lock, NULL);
  pthread_cond_init(&m->wake, NULL);
  snprintf(m->out_root, sizeof m->out_root, "%s", out_root);
  for (; m->count < count; m->count++)
    if (!(m->names[m->count] = strdup(names[m->count]))) {
      free_monitor(m);
      fprintf(stderr, "%s: out of memory\n", who);
      return 3;
    }
  m->stall_s = o->stall_s;
  m->file = o->metrics_file;
  m->who = who;
  if (m->file && write_file(m) != 0) {
    fprintf(stderr, "%s: cannot write the metrics file %s: %s\n", who, m->file, strerror(errno));
    free_monitor(m);
    return 3;
  }
  if (o->metrics) {
    ff_monitor_addr a;
    char err[512];
    if (ff_monitor_addr_parse(o->metrics, o->allow_remote, &a, err, sizeof err) != 0 ||
        !(m->server = ff_metrics_server_start(&a, render, m, err, sizeof err))) {
      fprintf(stderr, "%s: metrics: %s\n", who, err);
      free_monitor(m);
      return 3;
    }
    fprintf(stderr, "%s: metrics at http://%s%s%s:%u/metrics\n", who, a.ipv6 ? "[" : "", a.host,
            a.ipv6 ? "]" : "", ff_metrics_server_port(m->server));
  }
  if (m->file) m->writer_started = pthread_create(&m->writer, NULL, file_writer, m) == 0;
  if (m->file && !m->writer_started)
    fprintf(stderr, "%s: warning: the metrics file is written only at the end\n", who);
  *out = m;
  return 0;
}

void ff_monitor_stop(ff_monitor *m) {
  if (!m) return;
  if (m->writer_started) {
    pthread_mutex_lock(&m->lock);
    m->stopping = true;
    pthread_cond_signal(&m->wake);
    pthread_mutex_unlock(&m->lock);
    pthread_join(m->writer, NULL);
  }
  if (m->file && write_file(m) != 0)
    fprintf(stderr, "%s: cannot write the metrics file %s: %s\n", m->who, m->file, strerror(errno));
  ff_metrics_server_stop(m->server);
  free_monitor(m);
}
