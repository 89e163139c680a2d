/* The shadow proxy and replay (live_shadow.h). One request at a time: the
 * client's answer is sent before the shadow is asked anything, so the shadow
 * can delay later clients but never change an answer. */
#define _GNU_SOURCE /* memmem, vasprintf, accept4 */
#include "live_shadow.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dir_list.h"
#include "dns_wire.h"
#include "fileio.h"
#include "live_dns_norm.h"
#include "live_http.h"
#include "live_http_norm.h"
#include "live_mutate.h"
#include "live_net.h"

typedef struct ctx {
  const live_shadow_cfg *cfg;
  live_pace *pace;
  live_run *run;
  live_shadow_stats *st;
  live_findings *findings;
  bool tcp; /* DNS: the transport of the request being handled */
} ctx;

/* Sends req to `to` (paced, counted) and gives the reply's canonical lines. */
static void fetch(ctx *c, const live_addr *to, const uint8_t *req, size_t len, live_lines *out) {
  live_pace_take(c->pace);
  c->st->sent++;
  if (c->cfg->proto == LIVE_DNS) {
    static uint8_t reply[DNS_MSG_MAX + 2];
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
    c->st->skipped++;
    live_lines_free(&s);
    return;
  }
  c->st->compared++;
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
      if (noise) c->st->noise++;
      else {
        c->st->differences++;
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
  c->st->mirrored++;
  compare(c, req, len, "as received", p);
  live_http_msg parsed;
  char err[128];
  bool http_ok = cfg->proto == LIVE_HTTP && live_http_parse(req, len, false, &parsed, err, sizeof err) == 0;
  for (long i = 0; i < cfg->variants && !live_run_stopped(c->run); i++) {
    static uint8_t dns_variant[DNS_MSG_MAX];
    uint8_t *v = NULL;
    size_t vlen = 0;
    char what[256] = "dns variant";
    if (cfg->proto == LIVE_DNS) {
      vlen = live_mutate_dns(req, len, cfg->seed, (unsigned)i, dns_variant, sizeof dns_variant);
      v = vlen ? dns_variant : NULL;
      snprintf(what, sizeof what, "dns variant %ld (seed %llu)", i, (unsigned long long)cfg->seed);
    } else if (http_ok) {
      v = live_mutate_http(&parsed, cfg->seed, (unsigned)i, &vlen, what, sizeof what);
    }
    if (!v) break;
    live_lines pv = {0};
    c->st->mutated++;
    fetch(c, &cfg->primary, v, vlen, &pv);
    compare(c, v, vlen, what, &pv);
    live_lines_free(&pv);
    if (v != dns_variant) free(v);
  }
  if (http_ok) live_http_free(&parsed);
}

static bool enough(const ctx *c) {
  return live_run_stopped(c->run) || (c->cfg->max_requests && c->st->proxied + c->st->primary_failed >= c->cfg->max_requests);
}

/* ---- DNS ---- */

static void dns_client_request(ctx *c, const uint8_t *q, size_t len, uint8_t *reply, long *rn) {
  c->st->sent++;
  *rn = c->tcp ? live_dns_tcp_exchange(&c->cfg->primary, q, len, c->cfg->timeout_s, reply, DNS_MSG_MAX + 2)
               : live_udp_exchange(&c->cfg->primary, q, len, c->cfg->timeout_s, reply, DNS_MSG_MAX + 2);
  if (*rn > 0) c->st->proxied++;
  else c->st->primary_failed++;
}

static void dns_after_answer(ctx *c, const uint8_t *q, size_t len, const uint8_t *reply, long rn) {
  live_lines p = {0};
  live_dns_canon(rn > 0 ? reply : NULL, rn > 0 ? (size_t)rn : 0, &c->cfg->rules, &p);
  mirror(c, q, len, &p);
  live_lines_free(&p);
}

static void dns_serve_tcp(ctx *c, int fd) {
  static uint8_t q[DNS_MSG_MAX + 2], reply[DNS_MSG_MAX + 2], framed[DNS_MSG_MAX + 2];
  for (int i = 0; i < 100 && !enough(c); i++) {
    long len = live_dns_tcp_read(fd, q, sizeof q, live_now() + c->cfg->timeout_s);
    if (len <= 0) break;
    double t0 = live_now();
    long rn;
    c->tcp = true;
    dns_client_request(c, q, (size_t)len, reply, &rn);
    long fl = rn > 0 ? dns_tcp_frame(reply, (size_t)rn, framed, sizeof framed) : -1;
    if (fl > 0 && live_write_all(fd, framed, (size_t)fl, live_now() + c->cfg->timeout_s)) fl = -1;
    if (fl > 0) live_latency_add(&c->st->client_ms, (live_now() - t0) * 1000);
    dns_after_answer(c, q, (size_t)len, reply, rn);
    if (fl <= 0) break;
  }
  close(fd);
}

static int dns_proxy(ctx *c, char *err, size_t cap) {
  int udp = live_listen(&c->cfg->listen, SOCK_DGRAM), tcp = live_listen(&c->cfg->listen, SOCK_STREAM);
  if (udp < 0 || tcp < 0) {
    snprintf(err, cap, "cannot listen on %s: %s", c->cfg->listen.text, strerror(errno));
    if (udp >= 0) close(udp);
    if (tcp >= 0) close(tcp);
    return 3;
  }
  static uint8_t q[DNS_MSG_MAX], reply[DNS_MSG_MAX + 2];
  while (!enough(c)) {
    struct pollfd p[2] = {{udp, POLLIN, 0}, {tcp, POLLIN, 0}};
    if (poll(p, 2, 200) <= 0) continue;
    if (p[0].revents & POLLIN) {
      struct sockaddr_storage from;
      socklen_t fl = sizeof from;
      ssize_t len = recvfrom(udp, q, sizeof q, 0, (struct sockaddr *)&from, &fl);
      if (len > 0) {
        double t0 = live_now();
        long rn;
        c->tcp = false;
        dns_client_request(c, q, (size_t)len, reply, &rn);
        if (rn > 0 && sendto(udp, reply, (size_t)rn, 0, (struct sockaddr *)&from, fl) == rn)
          live_latency_add(&c->st->client_ms, (live_now() - t0) * 1000);
        dns_after_answer(c, q, (size_t)len, reply, rn);
      }
    }
    if (p[1].revents & POLLIN) {
      int fd = accept4(tcp, NULL, NULL, SOCK_CLOEXEC);
      if (fd >= 0) dns_serve_tcp(c, fd);
    }
  }
  close(udp);
  close(tcp);
  return 0;
}

/* ---- HTTP ---- */

static void http_handle(ctx *c, int fd) {
  live_http_msg req;
  char err[256];
  double t0 = live_now();
  if (live_http_read(fd, t0 + c->cfg->timeout_s, false, &req, NULL, NULL, err, sizeof err)) {
    static const char bad[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    live_write_all(fd, bad, sizeof bad - 1, live_now() + 1);
    close(fd);
    return;
  }
  size_t len;
  uint8_t *up = live_http_request_bytes(&req, &len);
  live_http_free(&req);
  if (!up) {
    close(fd);
    return;
  }
  live_http_msg resp;
  uint8_t *raw = NULL;
  size_t raw_len = 0;
  c->st->sent++;
  bool ok = live_http_exchange(&c->cfg->primary, up, len, c->cfg->timeout_s, &resp, &raw, &raw_len, err,
                               sizeof err) == 0;
  if (ok && live_write_all(fd, raw, raw_len, live_now() + c->cfg->timeout_s) == 0) {
    live_latency_add(&c->st->client_ms, (live_now() - t0) * 1000);
  } else if (!ok) {
    static const char gw[] = "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    live_write_all(fd, gw, sizeof gw - 1, live_now() + 1);
  }
  close(fd); /* the client has its answer before the shadow sees anything */
  if (ok) c->st->proxied++;
  else c->st->primary_failed++;
  live_lines p = {0};
  live_http_canon(ok ? &resp : NULL, &c->cfg->rules, &p);
  mirror(c, up, len, &p);
  live_lines_free(&p);
  if (ok) live_http_free(&resp);
  free(raw);
  free(up);
}

static int http_proxy(ctx *c, char *err, size_t cap) {
  int tcp = live_listen(&c->cfg->listen, SOCK_STREAM);
  if (tcp < 0) {
    snprintf(err, cap, "cannot listen on %s: %s", c->cfg->listen.text, strerror(errno));
    return 3;
  }
  while (!enough(c)) {
    struct pollfd p = {tcp, POLLIN, 0};
    if (poll(&p, 1, 200) <= 0) continue;
    int fd = accept4(tcp, NULL, NULL, SOCK_CLOEXEC);
    if (fd >= 0) http_handle(c, fd);
  }
  close(tcp);
  return 0;
}

/* ---- replay of recorded requests ---- */

static int replay(ctx *c, char *err, size_t cap) {
  ff_path_list files = {0};
  if (ff_list_files(c->cfg->replay_dir, &files) < 0) {
    snprintf(err, cap, "cannot list --replay %s", c->cfg->replay_dir);
    return 3;
  }
  c->tcp = c->cfg->replay_tcp;
  for (size_t i = 0; i < files.count && !enough(c); i++) {
    uint8_t *data;
    size_t len;
    char why[256];
    if (ff_read_file(files.paths[i], 2u << 20, &data, &len, why, sizeof why)) {
      fprintf(stderr, "formfuzz live shadow: skipping %s: %s\n", files.paths[i], why);
      continue;
    }
    live_lines p = {0};
    fetch(c, &c->cfg->primary, data, len, &p);
    if (p.count == 1 && strcmp(p.line[0], "no-reply") == 0) c->st->primary_failed++;
    else c->st->proxied++;
    mirror(c, data, len, &p);
    live_lines_free(&p);
    free(data);
  }
  ff_path_list_free(&files);
  return 0;
}

int live_shadow_run(const live_shadow_cfg *cfg, live_pace *pace, live_run *run, live_shadow_stats *st,
                    live_findings *findings, char *err, size_t err_cap) {
  ctx c = {cfg, pace, run, st, findings, false};
  if (cfg->record_dir && ff_mkdirs(cfg->record_dir)) {
    snprintf(err, err_cap, "cannot create --record %s: %s", cfg->record_dir, strerror(errno));
    return 3;
  }
  if (cfg->replay_dir) return replay(&c, err, err_cap);
  return cfg->proto == LIVE_DNS ? dns_proxy(&c, err, err_cap) : http_proxy(&c, err, err_cap);
}
