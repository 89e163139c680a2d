/* Mirroring and replay (live_shadow.h): a request goes to the shadow as
 * received, then its variants to the primary and the shadow, each pair of
 * replies compared. In the proxy this runs on the mirror thread, after the
 * client has its answer (live_proxy.h); a replay runs it request by request. */
#include "live_shadow.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dir_list.h"
#include "dns_wire.h"
#include "fileio.h"
#include "live_dns_norm.h"
#include "live_http.h"
#include "live_http_norm.h"
#include "live_mutate.h"
#include "live_net.h"
#include "live_proxy.h"

typedef live_shadow_ctx ctx;

void live_shadow_count(ctx *c, long *field, long n) {
  pthread_mutex_lock(&c->mu);
  *field += n;
  pthread_mutex_unlock(&c->mu);
}

static void count_sent(ctx *c) {
  pthread_mutex_lock(&c->mu);
  c->st->sent++;
  pthread_mutex_unlock(&c->mu);
}

bool live_shadow_stopped(ctx *c) {
  pthread_mutex_lock(&c->mu);
  bool stopped = live_run_stopped(c->run);
  pthread_mutex_unlock(&c->mu);
  return stopped;
}

/* Sends req to `to` (paced, counted) and gives the reply's canonical lines. */
static void fetch(ctx *c, const live_addr *to, const uint8_t *req, size_t len, live_lines *out) {
  live_pace_take(c->pace);
  count_sent(c);
  if (c->cfg->proto == LIVE_DNS) {
    uint8_t reply[DNS_MSG_MAX + 2];
    long n = c->tcp ? live_dns_tcp_exchange(to, req, len, c->cfg->timeout_s, reply, sizeof reply)
                    : live_udp_exchange(to, req, len, c->cfg->timeout_s, reply, sizeof reply);
    live_dns_canon(n > 0 ? reply : NULL, n > 0 ? (size_t)n : 0, &c->cfg->rules, out);
    return;
  }
  live_http_msg resp;
  char err[256];
  bool ok = live_http_exchange(to, req, len, c->cfg->timeout_s, &resp, NULL, NULL, err, sizeof err) == 0;
  live_http_canon(ok ? &resp : NULL, &c->cfg->rules, out);
  if (ok) live_http_free(&resp);
}

static void compare(ctx *c, const uint8_t *req, size_t len, const char *what, const live_lines *p) {
  live_lines s = {0}, p2 = {0};
  live_diff d, d2;
  fetch(c, &c->cfg->shadow, req, len, &s);
  if (c->cfg->proto == LIVE_DNS && live_rules_dns_request_ignored(&c->cfg->rules, req, len)) {
    live_shadow_count(c, &c->st->skipped, 1);
    live_lines_free(&s);
    return;
  }
  live_shadow_count(c, &c->st->compared, 1);
  if (live_diff_lines(p, &s, c->cfg->rules.ttl_tolerance, &d) == 0) {
    if (d.differing) {
      bool noise = false;
      if (c->cfg->has_primary2) {
        fetch(c, &c->cfg->primary2, req, len, &p2);
        if (live_diff_lines(p, &p2, c->cfg->rules.ttl_tolerance, &d2) == 0) {
          noise = d2.differing > 0;
          live_diff_free(&d2);
        }
      }
      if (noise) live_shadow_count(c, &c->st->noise, 1);
      else {
        live_shadow_count(c, &c->st->differences, 1);
        if (live_findings_add(c->findings, req, len, what, p, &s, &d))
          fprintf(stderr, "formfuzz live shadow: cannot write a finding under %s\n", c->cfg->out_dir);
      }
    }
    live_diff_free(&d);
  }
  live_lines_free(&s);
  live_lines_free(&p2);
}

/* The request as received, then its variants: each compared primary vs shadow. */
static void mirror(ctx *c, const uint8_t *req, size_t len, const live_lines *p) {
  const live_shadow_cfg *cfg = c->cfg;
  if (cfg->record_dir) {
    char name[64];
    if (ff_write_content_addressed(cfg->record_dir, NULL, req, len, name, sizeof name) < 0)
      fprintf(stderr, "formfuzz live shadow: cannot record into %s: %s\n", cfg->record_dir, strerror(errno));
  }
  live_shadow_count(c, &c->st->mirrored, 1);
  compare(c, req, len, "as received", p);
  live_http_msg parsed;
  char err[128];
  bool http_ok = cfg->proto == LIVE_HTTP && live_http_parse(req, len, false, &parsed, err, sizeof err) == 0;
  uint8_t *dns_variant = cfg->proto == LIVE_DNS && cfg->variants ? malloc(DNS_MSG_MAX) : NULL;
  for (long i = 0; i < cfg->variants && !live_shadow_stopped(c); i++) {
    uint8_t *v = NULL;
    size_t vlen = 0;
    char what[256] = "dns variant";
    if (cfg->proto == LIVE_DNS) {
      vlen = dns_variant ? live_mutate_dns(req, len, cfg->seed, (unsigned)i, dns_variant, DNS_MSG_MAX) : 0;
      v = vlen ? dns_variant : NULL;
      snprintf(what, sizeof what, "dns variant %ld (seed %llu)", i, (unsigned long long)cfg->seed);
    } else if (http_ok) {
      v = live_mutate_http(&parsed, cfg->seed, (unsigned)i, &vlen, what, sizeof what);
    }
    if (!v) break;
    live_lines pv = {0};
    live_shadow_count(c, &c->st->mutated, 1);
    fetch(c, &cfg->primary, v, vlen, &pv);
    compare(c, v, vlen, what, &pv);
    live_lines_free(&pv);
    if (v != dns_variant) free(v);
  }
  free(dns_variant);
  if (http_ok) live_http_free(&parsed);
}

bool live_shadow_enough(ctx *c) {
  pthread_mutex_lock(&c->mu);
  bool done = live_run_stopped(c->run) ||
              (c->cfg->max_requests && c->st->proxied + c->st->primary_failed >= c->cfg->max_requests);
  pthread_mutex_unlock(&c->mu);
  return done;
}

/* ---- the mirror thread's jobs ---- */

void live_mirror_job_free(live_mirror_job *j) {
  if (!j) return;
  free(j->req);
  free(j->reply);
  live_http_free(&j->resp);
  free(j);
}

void live_shadow_mirror_job(ctx *c, live_mirror_job *j) {
  live_lines p = {0};
  if (c->cfg->proto == LIVE_DNS) live_dns_canon(j->answered ? j->reply : NULL, j->reply_len, &c->cfg->rules, &p);
  else live_http_canon(j->answered ? &j->resp : NULL, &c->cfg->rules, &p);
  c->tcp = j->tcp;
  mirror(c, j->req, j->len, &p);
  live_lines_free(&p);
  live_mirror_job_free(j);
}

/* ---- replay of recorded requests ---- */

static int replay(ctx *c, char *err, size_t cap) {
  ff_path_list files = {0};
  if (ff_list_files(c->cfg->replay_dir, &files) < 0) {
    snprintf(err, cap, "cannot list --replay %s", c->cfg->replay_dir);
    return 3;
  }
  c->tcp = c->cfg->replay_tcp;
  for (size_t i = 0; i < files.count && !live_shadow_enough(c); i++) {
    uint8_t *data;
    size_t len;
    char why[256];
    if (ff_read_file(files.paths[i], 2u << 20, &data, &len, why, sizeof why)) {
      fprintf(stderr, "formfuzz live shadow: skipping %s: %s\n", files.paths[i], why);
      continue;
    }
    live_lines p = {0};
    fetch(c, &c->cfg->primary, data, len, &p);
    if (p.count == 1 && strcmp(p.line[0], "no-reply") == 0) live_shadow_count(c, &c->st->primary_failed, 1);
    else live_shadow_count(c, &c->st->proxied, 1);
    mirror(c, data, len, &p);
    live_lines_free(&p);
    free(data);
  }
  ff_path_list_free(&files);
  return 0;
}

int live_shadow_run(const live_shadow_cfg *cfg, live_pace *pace, live_run *run, live_shadow_stats *st,
                    live_findings *findings, char *err, size_t err_cap) {
  ctx c;
  memset(&c, 0, sizeof c);
  c.cfg = cfg, c.pace = pace, c.run = run, c.st = st, c.findings = findings;
  pthread_mutex_init(&c.mu, NULL);
  int rc;
  if (cfg->record_dir && ff_mkdirs(cfg->record_dir)) {
    snprintf(err, err_cap, "cannot create --record %s: %s", cfg->record_dir, strerror(errno));
    rc = 3;
  } else {
    rc = cfg->replay_dir ? replay(&c, err, err_cap) : live_proxy_run(&c, err, err_cap);
  }
  pthread_mutex_destroy(&c.mu);
  return rc;
}
