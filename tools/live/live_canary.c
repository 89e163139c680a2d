/* Canary stages, health analysis, rollback and the report (live_canary.h). */
#include "live_canary.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic_stream.h"
#include "child_process.h"
#include "dir_list.h"
#include "dns_wire.h"
#include "fileio.h"
#include "json_writer.h"
#include "live_http.h"
#include "live_mutate.h"
#include "live_probe.h"
#include "live_stats.h"

typedef struct blob {
  uint8_t *data;
  size_t len;
} blob;

typedef struct check_row {
  double t, rate, error_rate, probe_ms, rss_mb;
  long fuzz_sent;
  bool breach;
  char why[160];
} check_row;

typedef struct canary {
  const live_canary_cfg *cfg;
  live_run *run;
  live_pace pace;
  blob *seeds;
  size_t nseeds;
  blob probe;
  live_dns_transport fuzz_dns, probe_dns; /* DNS: UDP, or TCP connections */
  blob *window; /* ring of the last cfg->window fuzz requests */
  size_t window_next, window_count;
  uint64_t fuzz_sent, probes_sent, fuzz_errors;
  long since_sent, since_errors; /* since the last check */
  check_row *rows;
  size_t nrows, cap;
  double start, bound_ms, base_p50, base_p99;
  double rate;                   /* of the phase running */
  bool held, hold_breached;      /* --rollback-to last: the hold after a rollback */
  double hold_end_t;
  int stage, last_healthy;       /* -1: none */
  long consecutive, breaches;
  bool rolled_back;
  double rollback_t;
  char rollback_why[160];
  long culprits;
} canary;

static void load_seeds(canary *c) {
  ff_path_list files = {0};
  if (c->cfg->corpus_dir && ff_list_files(c->cfg->corpus_dir, &files) > 0) {
    c->seeds = calloc(files.count, sizeof *c->seeds);
    for (size_t i = 0; c->seeds && i < files.count; i++) {
      char why[256];
      if (ff_read_file(files.paths[i], 1u << 20, &c->seeds[c->nseeds].data, &c->seeds[c->nseeds].len, why,
                       sizeof why) == 0)
        c->nseeds++;
    }
  }
  ff_path_list_free(&files);
  if (!c->nseeds) { /* no corpus: the probe is the seed */
    free(c->seeds);
    c->seeds = malloc(sizeof *c->seeds);
    if (c->seeds) {
      c->seeds[0].data = malloc(c->probe.len);
      if (c->seeds[0].data) memcpy(c->seeds[0].data, c->probe.data, c->probe.len), c->seeds[0].len = c->probe.len, c->nseeds = 1;
    }
  }
}

/* Fuzz request number i: a variant of seed i mod n. malloc'd. */
static uint8_t *fuzz_request(canary *c, uint64_t i, size_t *len) {
  const blob *s = &c->seeds[i % c->nseeds];
  if (c->cfg->proto == LIVE_DNS) {
    uint8_t *out = malloc(DNS_MSG_MAX);
    *len = out ? live_mutate_dns(s->data, s->len, c->cfg->seed, (unsigned)i, out, DNS_MSG_MAX) : 0;
    if (*len) return out;
    if (out && s->len <= DNS_MSG_MAX) { /* not a parseable query: sent as it is */
      memcpy(out, s->data, s->len), *len = s->len;
      return out;
    }
    free(out);
    return NULL;
  }
  live_http_msg m;
  char err[128], what[256];
  if (live_http_parse(s->data, s->len, false, &m, err, sizeof err)) return NULL;
  uint8_t *out = live_mutate_http(&m, c->cfg->seed, (unsigned)i, len, what, sizeof what);
  live_http_free(&m);
  return out;
}

static void window_add(canary *c, uint8_t *req, size_t len) {
  blob *slot = &c->window[c->window_next];
  free(slot->data);
  slot->data = req, slot->len = len;
  c->window_next = (c->window_next + 1) % (size_t)c->cfg->window;
  if (c->window_count < (size_t)c->cfg->window) c->window_count++;
}

static double probe_once(canary *c, bool *ok) {
  live_dns_transport_close(&c->fuzz_dns); /* the probe is a new client, not queued behind the fuzz connection */
  double t0 = live_now();
  c->probes_sent++;
  *ok = live_exchange_class(c->cfg->proto, &c->cfg->target, c->probe.data, c->probe.len, c->cfg->timeout_s,
                            &c->probe_dns) == LIVE_REPLY_OK;
  return (live_now() - t0) * 1000;
}

static double rss_mb(pid_t pid, bool *alive) {
  *alive = pid > 0 && (kill(pid, 0) == 0 || errno == EPERM);
  char path[64], line[256];
  snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
  FILE *f = fopen(path, "r");
  double mb = 0;
  if (!f) return 0;
  while (fgets(line, sizeof line, f))
    if (strncmp(line, "VmRSS:", 6) == 0) mb = strtod(line + 6, NULL) / 1024;
    else if (strncmp(line, "State:", 6) == 0 && strchr(line, 'Z')) *alive = false; /* a zombie is dead */
  fclose(f);
  return mb;
}

static void add_row(canary *c, const check_row *r) {
  if (c->nrows == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 64;
    check_row *grown = realloc(c->rows, cap * sizeof *grown);
    if (!grown) return;
    c->rows = grown, c->cap = cap;
  }
  c->rows[c->nrows++] = *r;
}

/* One health check; true when it completes a breach of K checks in a row. */
static bool check(canary *c) {
  const live_canary_cfg *cfg = c->cfg;
  check_row r = {.t = live_now() - c->start, .rate = c->rate, .fuzz_sent = c->since_sent};
  bool ok, alive = true;
  r.probe_ms = probe_once(c, &ok);
  r.error_rate = c->since_sent ? (double)c->since_errors / (double)c->since_sent : 0;
  if (cfg->pid) r.rss_mb = rss_mb(cfg->pid, &alive);
  size_t o = 0;
#define WHY(...) o += (size_t)snprintf(r.why + o, sizeof r.why - (o < sizeof r.why ? o : sizeof r.why), __VA_ARGS__)
  if (!ok) WHY("probe failed; ");
  else if (r.probe_ms > c->bound_ms) WHY("probe %.1f ms > %.1f ms; ", r.probe_ms, c->bound_ms);
  if (r.error_rate > cfg->max_error_rate) WHY("error rate %.2f > %.2f; ", r.error_rate, cfg->max_error_rate);
  if (cfg->pid && !alive) WHY("process %d gone; ", (int)cfg->pid);
  if (cfg->pid && cfg->max_rss_mb > 0 && r.rss_mb > cfg->max_rss_mb) WHY("rss %.0f MB > %.0f MB; ", r.rss_mb, cfg->max_rss_mb);
#undef WHY
  r.breach = o > 0;
  if (o >= 2 && o < sizeof r.why) r.why[o - 2] = 0; /* the last "; " */
  c->since_sent = c->since_errors = 0;
  c->consecutive = r.breach ? c->consecutive + 1 : 0;
  if (r.breach) c->breaches++;
  add_row(c, &r);
  if (c->consecutive >= cfg->breach_checks) {
    snprintf(c->rollback_why, sizeof c->rollback_why, "%s", r.why);
    return true;
  }
  return false;
}

static void save_culprits(canary *c) {
  char dir[4200];
  snprintf(dir, sizeof dir, "%s/culprits", c->cfg->out_dir);
  if (ff_mkdirs(dir)) return;
  size_t first = (c->window_next + (size_t)c->cfg->window - c->window_count) % (size_t)c->cfg->window;
  for (size_t k = 0; k < c->window_count; k++) { /* oldest first: NNNN- prefix keeps the order */
    const blob *b = &c->window[(first + k) % (size_t)c->cfg->window];
    char prefix[32], name[128];
    snprintf(prefix, sizeof prefix, "%04zu-", k);
    if (ff_write_content_addressed(dir, prefix, b->data, b->len, name, sizeof name) >= 0) c->culprits++;
  }
}

static void rollback(canary *c) {
  live_dns_transport_close(&c->fuzz_dns);
  c->rolled_back = true;
  c->rollback_t = live_now() - c->start;
  save_culprits(c);
  if (!c->cfg->on_rollback) return;
  const char *argv[] = {"/bin/sh", "-c", c->cfg->on_rollback, NULL};
  char log[4200], err[256];
  snprintf(log, sizeof log, "%s/rollback.log", c->cfg->out_dir);
  ff_spawn_opts opts = {.log_path = log};
  ff_exit ex;
  if (ff_run(argv, &opts, 30, &ex, err, sizeof err)) fprintf(stderr, "formfuzz live canary: --on-rollback: %s\n", err);
}

static void fuzz_one(canary *c) {
  size_t len;
  uint8_t *req = fuzz_request(c, c->fuzz_sent, &len);
  live_pace_take(&c->pace);
  c->fuzz_sent++, c->since_sent++;
  if (!req) return;
  if (live_exchange_class(c->cfg->proto, &c->cfg->target, req, len, c->cfg->timeout_s, &c->fuzz_dns) ==
      LIVE_REPLY_ERROR)
    c->fuzz_errors++, c->since_errors++;
  window_add(c, req, len);
}

/* Fuzz traffic at rate for one dwell with a check every interval; true at a
 * breach of K checks in a row (the traffic has stopped then). */
static bool run_phase(canary *c, double rate) {
  const live_canary_cfg *cfg = c->cfg;
  c->rate = rate;
  live_pace_set_rate(&c->pace, rate);
  double end = live_now() + cfg->dwell_s, next_check = live_now() + cfg->interval_s;
  while (!live_run_stopped(c->run)) {
    double due = live_pace_due(&c->pace), wake = fmin(next_check, end);
    if (due >= wake) { /* no send before the next check (or the phase's end) */
      live_sleep(wake - live_now());
      if (wake == end && end < next_check) break;
      if (check(c)) return true;
      next_check += cfg->interval_s;
      if (live_now() >= end) break;
      continue;
    }
    fuzz_one(c);
  }
  return false;
}

/* ---- report ---- */

static void write_csv_and_plot(const canary *c) {
  const char *out = c->cfg->out_dir;
  ff_atomic_stream s;
  FILE *f = ff_atomic_stream_open(&s);
  if (!f) return;
  fprintf(f, "t_s,rate,fuzz_sent,error_rate,probe_ms,rss_mb,breach\n");
  for (size_t i = 0; i < c->nrows; i++)
    fprintf(f, "%.3f,%.1f,%ld,%.4f,%.3f,%.1f,%d\n", c->rows[i].t, c->rows[i].rate, c->rows[i].fuzz_sent,
            c->rows[i].error_rate, c->rows[i].probe_ms, c->rows[i].rss_mb, c->rows[i].breach);
  if (c->rolled_back && c->nrows) { /* intensity drops (to zero at the end); health as last seen */
    const check_row *last = &c->rows[c->nrows - 1];
    if (!c->held)
      fprintf(f, "%.3f,0.0,0,%.4f,%.3f,%.1f,0\n", c->rollback_t + 0.001, last->error_rate, last->probe_ms, last->rss_mb);
    else
      fprintf(f, "%.3f,0.0,0,%.4f,%.3f,%.1f,0\n", c->hold_end_t + 0.001, last->error_rate, last->probe_ms, last->rss_mb);
  }
  char path[4200], svg[4200], gp[4200];
  snprintf(path, sizeof path, "%s/canary.csv", out);
  if (ff_atomic_stream_commit(&s, path)) return;
  snprintf(svg, sizeof svg, "%s/canary.svg", out);
  snprintf(gp, sizeof gp, "%s/canary.gp", out);
  FILE *g = fopen(gp, "w");
  if (!g) return;
  fprintf(g, "set terminal svg size 900,420 dynamic background rgb 'white'\nset output '%s'\n"
             "set datafile separator ','\nset key outside bottom center horizontal\n"
             "set xlabel 'seconds'\nset ylabel 'fuzz requests/s'\nset y2label 'probe ms, error %%'\n"
             "set yrange [0:*]\nset y2range [0:*]\nset ytics nomirror\nset y2tics\n"
             "plot '%s' using 1:2 with steps lw 2 title 'intensity (req/s)', "
             "'' using 1:5 axes x1y2 with linespoints title 'probe latency (ms)', "
             "'' using 1:($4*100) axes x1y2 with lines dt 2 title 'fuzz error rate (%%)'\n", svg, path);
  fclose(g);
  const char *argv[] = {"gnuplot", gp, NULL};
  ff_spawn_opts opts = {.quiet = true};
  ff_exit ex;
  char err[256];
  if (ff_run(argv, &opts, 30, &ex, err, sizeof err) || ex.code != 0)
    fprintf(stderr, "formfuzz live canary: gnuplot could not draw %s\n", svg);
}

static const char *result_of(const canary *c) {
  return c->rolled_back ? "rolled back" : c->run->why ? "stopped" : "passed";
}

static void write_json(const canary *c) {
  const live_canary_cfg *cfg = c->cfg;
  ff_json j;
  ff_json_init(&j, true);
  ff_json_begin_object(&j);
  ff_json_kv_string(&j, "command", "live canary");
  ff_json_kv_string(&j, "proto", cfg->proto == LIVE_DNS ? "dns" : "http");
  ff_json_kv_string(&j, "transport", cfg->proto == LIVE_DNS && !cfg->tcp ? "udp" : "tcp");
  if (cfg->proto == LIVE_DNS && cfg->tcp) {
    ff_json_kv_int(&j, "tcp_messages_per_connection", cfg->tcp_messages);
    ff_json_kv_int(&j, "tcp_connections", (int64_t)(c->fuzz_dns.connections + c->probe_dns.connections));
  }
  ff_json_kv_string(&j, "target", cfg->target.text);
  ff_json_kv_string(&j, "result", result_of(c));
  ff_json_key(&j, "stages");
  ff_json_begin_array(&j);
  for (int i = 0; i < cfg->nstages; i++) ff_json_double(&j, cfg->stages[i]);
  ff_json_end_array(&j);
  ff_json_kv_int(&j, "stages_passed", c->last_healthy + 1);
  if (c->last_healthy >= 0) ff_json_kv_double(&j, "last_healthy_rate", cfg->stages[c->last_healthy]);
  else ff_json_kv_double(&j, "last_healthy_rate", 0);
  ff_json_key(&j, "baseline");
  ff_json_begin_object(&j);
  ff_json_kv_double(&j, "probe_ms_p50", c->base_p50);
  ff_json_kv_double(&j, "probe_ms_p99", c->base_p99);
  ff_json_kv_double(&j, "probe_ms_bound", c->bound_ms);
  ff_json_end_object(&j);
  ff_json_kv_int(&j, "checks", (int64_t)c->nrows);
  ff_json_kv_int(&j, "breach_checks", c->breaches);
  ff_json_kv_int(&j, "breach_checks_needed", cfg->breach_checks);
  ff_json_kv_int(&j, "fuzz_sent", (int64_t)c->fuzz_sent);
  ff_json_kv_int(&j, "fuzz_errors", (int64_t)c->fuzz_errors);
  ff_json_kv_int(&j, "probes_sent", (int64_t)c->probes_sent);
  ff_json_kv_int(&j, "packets_sent", (int64_t)(c->fuzz_sent + c->probes_sent));
  if (c->rolled_back) {
    ff_json_key(&j, "rollback");
    ff_json_begin_object(&j);
    ff_json_kv_double(&j, "at_s", c->rollback_t);
    ff_json_kv_double(&j, "rate", cfg->stages[c->stage]);
    ff_json_kv_string(&j, "reason", c->rollback_why);
    ff_json_kv_int(&j, "culprits", c->culprits);
    ff_json_kv_string(&j, "culprits_dir", "culprits");
    ff_json_kv_string(&j, "to", c->held ? "last healthy stage" : "zero");
    if (c->held) {
      ff_json_kv_double(&j, "hold_rate", cfg->stages[c->last_healthy]);
      ff_json_kv_string(&j, "hold_result", c->hold_breached ? "breached: dropped to zero" : "healthy");
    }
    ff_json_end_object(&j);
  }
  ff_json_kv_string(&j, "stopped_by", c->run->why);
  ff_json_key(&j, "timeline");
  ff_json_begin_array(&j);
  for (size_t i = 0; i < c->nrows; i++) {
    const check_row *r = &c->rows[i];
    ff_json_begin_object(&j);
    ff_json_kv_double(&j, "t_s", r->t);
    ff_json_kv_double(&j, "rate", r->rate);
    ff_json_kv_int(&j, "fuzz_sent", r->fuzz_sent);
    ff_json_kv_double(&j, "error_pct", r->error_rate * 100);
    ff_json_kv_double(&j, "probe_ms", r->probe_ms);
    if (cfg->pid) ff_json_kv_double(&j, "rss_mb", r->rss_mb);
    ff_json_kv_bool(&j, "breach", r->breach);
    if (r->breach) ff_json_kv_string(&j, "why", r->why);
    ff_json_end_object(&j);
  }
  ff_json_end_array(&j);
  ff_json_end_object(&j);
  if (ff_json_save(&j, cfg->out_dir, "canary.json"))
    fprintf(stderr, "formfuzz live canary: cannot write %s/canary.json\n", cfg->out_dir);
}

static void write_md(const canary *c) {
  const live_canary_cfg *cfg = c->cfg;
  ff_atomic_stream s;
  FILE *f = ff_atomic_stream_open(&s);
  if (!f) return;
  fprintf(f, "# live canary: %s (%s)\n\n", result_of(c), cfg->target.text);
  fprintf(f, "| | |\n|---|---|\n| stages (req/s) |");
  for (int i = 0; i < cfg->nstages; i++) fprintf(f, " %g", cfg->stages[i]);
  fprintf(f, " |\n");
  if (cfg->proto == LIVE_DNS)
    fprintf(f, "| transport | %s |\n", cfg->tcp ? "TCP" : "UDP");
  fprintf(f, "| stages passed | %d |\n| baseline probe p50 / p99 | %.2f / %.2f ms (bound %.2f ms) |\n",
          c->last_healthy + 1, c->base_p50, c->base_p99, c->bound_ms);
  fprintf(f, "| fuzz requests | %llu (%llu errors) |\n| probes | %llu |\n| checks | %zu (%ld in breach) |\n",
          (unsigned long long)c->fuzz_sent, (unsigned long long)c->fuzz_errors,
          (unsigned long long)c->probes_sent, c->nrows, c->breaches);
  if (c->rolled_back)
    fprintf(f, "| rollback | at %.1f s, stage %g req/s: %s |\n| culprits | %ld requests in culprits/ (oldest first) |\n",
            c->rollback_t, cfg->stages[c->stage], c->rollback_why, c->culprits);
  if (c->held)
    fprintf(f, "| after the rollback | held %g req/s (the last healthy stage) for one dwell: %s |\n",
            cfg->stages[c->last_healthy], c->hold_breached ? "breached again, dropped to zero" : "healthy");
  fprintf(f, "\n![intensity and health over time](canary.svg)\n");
  char path[4200];
  snprintf(path, sizeof path, "%s/canary.md", cfg->out_dir);
  ff_atomic_stream_commit(&s, path);
}

int live_canary_run(const live_canary_cfg *cfg, live_run *run, char *err, size_t err_cap) {
  canary c;
  memset(&c, 0, sizeof c);
  c.cfg = cfg, c.run = run, c.last_healthy = -1;
  live_dns_transport_init(&c.fuzz_dns, cfg->tcp, cfg->tcp_messages);
  live_dns_transport_init(&c.probe_dns, cfg->tcp, 1);
  if (ff_mkdirs(cfg->out_dir)) {
    snprintf(err, err_cap, "cannot create %s: %s", cfg->out_dir, strerror(errno));
    return 3;
  }
  c.probe.data = live_probe_request(cfg->proto, cfg->probe, &cfg->target, &c.probe.len, err, err_cap);
  if (!c.probe.data) return 3;
  load_seeds(&c);
  c.window = calloc((size_t)cfg->window, sizeof *c.window);
  int rc = 3;
  if (!c.nseeds || !c.window) {
    snprintf(err, err_cap, "out of memory");
    goto done;
  }
  c.start = live_now();
  live_latency base = {0};
  for (long i = 0; i < cfg->baseline_probes && !live_run_stopped(run); i++) {
    bool ok;
    double ms = probe_once(&c, &ok);
    if (!ok) {
      snprintf(err, err_cap, "the probe fails before any fuzz traffic (baseline probe %ld)", i + 1);
      live_latency_free(&base);
      goto done;
    }
    live_latency_add(&base, ms);
    live_sleep(0.02);
  }
  c.base_p50 = live_latency_quantile(&base, 0.5), c.base_p99 = live_latency_quantile(&base, 0.99);
  live_latency_free(&base);
  c.bound_ms = fmax(c.base_p99 * cfg->max_latency_factor, c.base_p99 + cfg->latency_floor_ms);
  live_pace_init(&c.pace, cfg->stages[0]);
  for (c.stage = 0; c.stage < cfg->nstages && !c.rolled_back && !live_run_stopped(run); c.stage++) {
    if (run_phase(&c, cfg->stages[c.stage])) rollback(&c);
    else if (!run->why) c.last_healthy = c.stage;
  }
  if (c.stage > 0 && (c.rolled_back || run->why)) c.stage--; /* the stage that was running */
  if (c.stage >= cfg->nstages) c.stage = cfg->nstages - 1;
  if (c.rolled_back && cfg->rollback_to_last && c.last_healthy >= 0 && !live_run_stopped(run)) {
    c.consecutive = 0; /* hold the last healthy stage for one dwell; a new breach drops to zero */
    c.held = true;
    c.hold_breached = run_phase(&c, cfg->stages[c.last_healthy]);
    c.hold_end_t = live_now() - c.start;
  }
  write_csv_and_plot(&c);
  write_json(&c);
  write_md(&c);
  rc = c.rolled_back ? 1 : 0;
done:
  live_dns_transport_close(&c.fuzz_dns);
  live_dns_transport_close(&c.probe_dns);
  for (size_t i = 0; i < c.nseeds; i++) free(c.seeds[i].data);
  free(c.seeds);
  if (c.window)
    for (long i = 0; i < cfg->window; i++) free(c.window[i].data);
  free(c.window);
  free(c.rows);
  free(c.probe.data);
  return rc;
}
