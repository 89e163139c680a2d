/* infer_routing: six modes drawn from the input.
 *   registry  joins, leaves and requests starting in between; oracle
 *             infer.rank_stable: a running request's members keep the rank
 *             they had when it started, and ids are never reused (§5.1);
 *   poc       Proof-of-Claim task routing (§3.3) over generated node sets;
 *             oracle infer.poc_route: the result is the capable nodes of
 *             smallest score (ties in input order), min(redundancy, capable) of
 *             them, the same twice, and appending a node never reorders the
 *             others;
 *   gateway   agent gateway selection (§3.3); oracle infer.gateway_pick: only
 *             a Started instance with an address and the target build, the
 *             first such in key order, and its URL;
 *   sni       generated ClientHellos with bent lengths and cuts; oracle
 *             infer.sni_bounds: extract_sni equals a reference parser written
 *             here with every container's bounds, so a name is only ever read
 *             from inside the server_name extension (§3.1);
 *   host      generated plain HTTP requests (Host in any case, with spaces,
 *             ports, IPv6 literals, missing or twice, decoy "Host: " lines in
 *             other headers' values and in the body, cut reads); oracle
 *             infer.rplb_host: the proxy's Host is exactly the generated one
 *             (lowercased, port removed), or none when the request has none,
 *             two, or the read cut the header section before it (§3.1);
 *   backend   backend selection under changing health; oracle
 *             infer.rplb_healthy: NoBackend iff nothing is healthy, otherwise a
 *             healthy address, each healthy one within |healthy| picks. */
#include <stdio.h>
#include <string.h>

#include "formfuzz/oracle.h"
#include "formfuzz/prop.h"
#include "gen.h"

static void registry_case(ff_input *in) {
  infer_registry r;
  infer_registry_init(&r);
  enum { REQS = 4 };
  infer_membership req[REQS];
  int ranks[REQS][INFER_REGISTRY_MAX], n_req = 0;
  char seen[64][INFER_ID_MAX];
  int n_seen = 0;
  for (int step = 0; step < 40 && ff_more(in); step++) {
    switch (ff_choose(in, 3)) {
    case 0: {
      char id[INFER_ID_MAX];
      if (infer_registry_add(&r, ff_u8(in), id) < 0) break;
      for (int i = 0; i < n_seen; i++)
        FF_INVARIANT(strcmp(seen[i], id) != 0, "infer.rank_stable", "id %s handed out twice", id);
      if (n_seen < 64) strcpy(seen[n_seen++], id);
      break;
    }
    case 1:
      if (r.n) {
        char id[INFER_ID_MAX];
        strcpy(id, r.node[ff_choose(in, (size_t)r.n)].id);
        FF_INVARIANT(infer_registry_remove(&r, id) == 0, "infer.rank_stable", "remove of a member failed");
      }
      break;
    default: {
      int k = n_req < REQS ? n_req++ : (int)ff_choose(in, REQS);
      infer_registry_snapshot(&r, &req[k]);
      for (int i = 0; i < req[k].n; i++) ranks[k][i] = infer_registry_rank(&r, &req[k], req[k].node[i].id);
      break;
    }
    }
    for (int k = 0; k < n_req; k++)
      for (int i = 0; i < req[k].n; i++) {
        int now = infer_registry_rank(&r, &req[k], req[k].node[i].id);
        FF_INVARIANT(now == ranks[k][i] && now == i, "infer.rank_stable",
                     "request %d: %s had rank %d at its start, now %d", k, req[k].node[i].id, ranks[k][i], now);
      }
  }
}

static void gen_id(ff_input *in, char *out, size_t cap) {
  static const char *const pool[] = {"node-a", "node-b", "node-c", "node-d", "node-e", "node-f"};
  if (ff_bool(in)) snprintf(out, cap, "%s", FF_PICK(in, pool));
  else ff_cstr_from(in, out, cap < 12 ? cap : 12, "abcdef0123456789-");
}

static void poc_case(ff_input *in) {
  char task[24];
  ff_cstr_from(in, task, sizeof task, "task-0123456789abcdef");
  infer_route_node nodes[13];
  size_t n = (size_t)ff_range(in, 0, 12);
  for (size_t i = 0; i <= n; i++) {
    gen_id(in, nodes[i].id, sizeof nodes[i].id);
    nodes[i].roles = (uint32_t)ff_range(in, 0, 15);
  }
  uint32_t required = (uint32_t)ff_range(in, 0, 7);
  size_t redundancy = (size_t)ff_range(in, 0, 6);
  size_t out[13], again[13], all[13], all_after[14];
  size_t k = infer_route_task(task, required, redundancy, nodes, n, out);
  size_t capable = 0;
  uint64_t score[13];
  for (size_t i = 0; i < n; i++) {
    score[i] = infer_poc_score(task, nodes[i].id);
    capable += (nodes[i].roles & required) == required;
  }
  FF_INVARIANT(k == (redundancy < capable ? redundancy : capable), "infer.poc_route",
               "%zu routed, redundancy %zu, %zu capable", k, redundancy, capable);
  for (size_t p = 0; p < k; p++) { /* out[p] has exactly p capable nodes before it */
    size_t i = out[p], before = 0;
    FF_INVARIANT(i < n && (nodes[i].roles & required) == required, "infer.poc_route", "incapable node %zu", i);
    for (size_t j = 0; j < n; j++)
      if (j != i && (nodes[j].roles & required) == required && (score[j] < score[i] || (score[j] == score[i] && j < i)))
        before++;
    FF_INVARIANT(before == p, "infer.poc_route", "position %zu holds a node with %zu better ones", p, before);
  }
  FF_INVARIANT(infer_route_task(task, required, redundancy, nodes, n, again) == k &&
                   memcmp(out, again, k * sizeof *out) == 0,
               "infer.poc_route", "not deterministic");
  size_t m = infer_route_task(task, required, 13, nodes, n, all);
  size_t m2 = infer_route_task(task, required, 14, nodes, n + 1, all_after), w = 0;
  for (size_t p = 0; p < m2; p++)
    if (all_after[p] != n) {
      FF_INVARIANT(w < m && all_after[p] == all[w], "infer.poc_route", "adding %s reordered the others", nodes[n].id);
      w++;
    }
  FF_INVARIANT(w == m, "infer.poc_route", "adding a node dropped another");
}

static void gateway_case(ff_input *in) {
  static const char *const builds[] = {"agent-1", "agent-2", "build-x"};
  infer_instance inst[8];
  size_t n = (size_t)ff_range(in, 0, 8);
  for (size_t i = 0; i < n; i++) {
    infer_instance *x = &inst[i];
    memset(x, 0, sizeof *x);
    snprintf(x->key, sizeof x->key, "%c%zu", (char)('a' + ff_range(in, 0, 5)), i); /* distinct map keys */
    snprintf(x->agent_id, sizeof x->agent_id, "%s", FF_PICK(in, builds));
    if (ff_bool(in)) snprintf(x->build_id, sizeof x->build_id, "%s", FF_PICK(in, builds));
    x->status = (infer_inst_status)ff_choose(in, 4);
    if (ff_choose(in, 4)) snprintf(x->formnet_ip, sizeof x->formnet_ip, "10.1.%u.%u", (unsigned)ff_u8(in), (unsigned)i);
    x->port = ff_bool(in) ? 0 : ff_u16(in);
    if (ff_bool(in)) ff_cstr_from(in, x->path, sizeof x->path, "/abc");
  }
  const char *target = FF_PICK(in, builds);
  char url[128];
  int got = infer_gateway_select(inst, n, target, url, sizeof url);
  int want = -1;
  for (size_t i = 0; i < n; i++) {
    const infer_instance *x = &inst[i];
    bool match = strcmp(x->build_id[0] ? x->build_id : x->agent_id, target) == 0;
    if (match && x->status == INFER_INST_STARTED && x->formnet_ip[0] && (want < 0 || strcmp(x->key, inst[want].key) < 0))
      want = (int)i;
  }
  FF_INVARIANT(got == want, "infer.gateway_pick", "picked %d, want %d (target %s)", got, want, target);
  if (got >= 0) {
    char expect[128];
    snprintf(expect, sizeof expect, "http://%s:%u%s", inst[got].formnet_ip, inst[got].port ? inst[got].port : 8000u,
             inst[got].path[0] ? inst[got].path : "/default_task");
    FF_INVARIANT(strcmp(url, expect) == 0, "infer.gateway_pick", "url %s, want %s", url, expect);
  }
}

/* ---- ClientHellos and the reference parser ---- */
typedef struct hello {
  uint8_t b[1024];
  size_t len;
} hello;

static void put(hello *h, const void *p, size_t n) {
  if (h->len + n > sizeof h->b) n = sizeof h->b - h->len;
  memcpy(h->b + h->len, p, n);
  h->len += n;
}
static void put8(hello *h, unsigned v) { put(h, &(uint8_t){(uint8_t)v}, 1); }
static void put16(hello *h, unsigned v) { put8(h, v >> 8 & 0xff), put8(h, v & 0xff); }
static void set16(hello *h, size_t at, size_t v) {
  if (at + 2 <= h->len) h->b[at] = (uint8_t)(v >> 8), h->b[at + 1] = (uint8_t)v;
}

/* A length field that is right, or bent by a small amount either way. */
static size_t bend(ff_input *in, size_t v) {
  switch (ff_weighted(in, (const unsigned[]){6, 1, 1, 1}, 4)) {
  case 0: return v;
  case 1: return v + ff_range(in, 1, 8);
  case 2: return v >= 1 ? v - ff_range(in, 1, v < 8 ? v : 8) : v;
  default: return ff_u16(in);
  }
}

static void gen_hello(ff_input *in, hello *h) {
  h->len = 0;
  put8(h, ff_choose(in, 8) ? 0x16 : ff_u8(in));
  put16(h, 0x0301), put16(h, ff_u16(in)); /* record length: not checked, as in §3.1 */
  put8(h, ff_choose(in, 8) ? 1 : ff_u8(in));
  put8(h, 0), put16(h, ff_u16(in));
  put16(h, 0x0303);
  for (int i = 0; i < 32; i++) put8(h, ff_u8(in));
  size_t sid = (size_t)ff_range(in, 0, 32);
  put8(h, bend(in, sid) & 0xff);
  for (size_t i = 0; i < sid; i++) put8(h, 0xee);
  size_t cs = 2 * (size_t)ff_range(in, 1, 4);
  put16(h, bend(in, cs) & 0xffff);
  for (size_t i = 0; i < cs; i++) put8(h, 0x13);
  put8(h, 1), put8(h, 0);
  size_t ext_len_at = h->len;
  put16(h, 0);
  size_t ext_start = h->len;
  int n_ext = (int)ff_range(in, 0, 4);
  for (int e = 0; e < n_ext; e++) {
    bool sni = ff_choose(in, 3) != 0;
    put16(h, sni ? 0 : FF_PICK(in, ((const unsigned[]){0x10, 0x2b, 0x15, 0xff01})));
    size_t len_at = h->len;
    put16(h, 0);
    size_t body = h->len;
    if (sni) {
      size_t list_at = h->len;
      put16(h, 0);
      int entries = (int)ff_range(in, 0, 3);
      for (int k = 0; k < entries; k++) {
        char name[40];
        ff_cstr_from(in, name, sizeof name, ff_bool(in) ? "abc.fog-0" : "a.\xc3\xa9\xe2\x82\xac\x80\xff");
        put8(h, ff_choose(in, 4) ? 0 : ff_u8(in));
        put16(h, bend(in, strlen(name)) & 0xffff);
        put(h, name, strlen(name));
      }
      set16(h, list_at, bend(in, h->len - list_at - 2) & 0xffff);
    } else {
      size_t n = (size_t)ff_range(in, 0, 12);
      for (size_t i = 0; i < n; i++) put8(h, ff_u8(in));
    }
    set16(h, len_at, bend(in, h->len - body) & 0xffff);
  }
  set16(h, ext_len_at, bend(in, h->len - ext_start) & 0xffff);
  if (ff_choose(in, 4) == 0) h->len = (size_t)ff_range(in, 0, h->len);
}

typedef struct span {
  const uint8_t *p;
  size_t len;
} span;

/* Takes n bytes from s, or fails. */
static bool take(span *s, size_t n, span *out) {
  if (n > s->len) return false;
  if (out) *out = (span){s->p, n};
  s->p += n, s->len -= n;
  return true;
}
static bool take_len(span *s, size_t width, size_t *v) {
  span f;
  if (!take(s, width, &f)) return false;
  *v = width == 1 ? f.p[0] : (size_t)f.p[0] << 8 | f.p[1];
  return true;
}

static bool ref_utf8(const uint8_t *p, size_t n) {
  if (n >= INFER_SNI_MAX) return false;
  /* lead byte classes, continuation bytes, shortest form, no surrogates, at most U+10FFFF */
  for (size_t i = 0; i < n;) {
    uint8_t c = p[i];
    size_t k = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 9;
    if (c == 0 || k == 9 || (k && i + k >= n)) return false;
    uint32_t cp = k == 0 ? c : k == 1 ? c & 0x1fu : k == 2 ? c & 0x0fu : c & 0x07u;
    for (size_t j = 1; j <= k; j++) {
      if ((p[i + j] & 0xc0) != 0x80) return false;
      cp = cp << 6 | (p[i + j] & 0x3fu);
    }
    if ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
      return false;
    i += k + 1;
  }
  return true;
}

static int ref_sni(const uint8_t *b, size_t len, char out[INFER_SNI_MAX]) {
  span s = {b, len}, f;
  size_t n;
  if (len < 6 || b[0] != 0x16 || b[5] != 1 || len <= 43) return -1;
  take(&s, 43, NULL);
  if (!take_len(&s, 1, &n) || !take(&s, n, NULL)) return -1;
  if (!take_len(&s, 2, &n) || !take(&s, n, NULL)) return -1;
  if (!take_len(&s, 1, &n) || !take(&s, n, NULL)) return -1;
  span exts;
  if (!take_len(&s, 2, &n) || !take(&s, n, &exts)) return -1;
  while (exts.len >= 4) {
    size_t type, ext_len;
    take_len(&exts, 2, &type), take_len(&exts, 2, &ext_len);
    span body;
    if (!take(&exts, ext_len, &body)) return -1;
    if (type != 0) continue;
    span list;
    if (!take_len(&body, 2, &n) || !take(&body, n, &list)) return -1;
    while (list.len >= 3) {
      size_t name_type, name_len;
      take_len(&list, 1, &name_type), take_len(&list, 2, &name_len);
      if (!take(&list, name_len, &f)) return -1;
      if (name_type != 0) continue;
      if (!ref_utf8(f.p, f.len)) return -1;
      memcpy(out, f.p, f.len);
      out[f.len] = 0;
      return (int)f.len;
    }
    return -1;
  }
  return -1;
}

static void sni_case(ff_input *in) {
  static hello h;
  gen_hello(in, &h);
  char got[INFER_SNI_MAX], want[INFER_SNI_MAX];
  int g = infer_extract_sni(h.b, h.len, got), w = ref_sni(h.b, h.len, want);
  FF_INVARIANT(g == w && (g < 0 || strcmp(got, want) == 0), "infer.sni_bounds", "extract_sni %d \"%s\", reference %d \"%s\"",
               g, g >= 0 ? got : "", w, w >= 0 ? want : "");
}

static void host_case(ff_input *in) {
  static const char *const names[] = {"Host", "host", "HOST", "hOsT"};
  static const char *const hosts[] = {"api.example.fog", "A.Fog", "10.0.0.7", "[2001:db8::1]", "x"};
  static const char *const others[] = {"Accept: */*", "X-Note: Host: decoy.fog", "User-Agent: t", "Hostname: no.fog"};
  char req[1024], want[INFER_HOST_MAX] = "";
  size_t len = 0;
  int hosts_written = 0;
  const char *eol = ff_bool(in) ? "\r\n" : "\n";
  len += (size_t)snprintf(req + len, sizeof req - len, "GET /%s HTTP/1.1%s", ff_bool(in) ? "p" : "", eol);
  size_t header_end_min = 0; /* the read must reach past the Host line for it to count */
  int fields = (int)ff_range(in, 0, 5);
  for (int i = 0; i < fields && len < 700; i++) {
    if (ff_choose(in, 3) == 0) {
      len += (size_t)snprintf(req + len, sizeof req - len, "%s%s", FF_PICK(in, others), eol);
      continue;
    }
    const char *h = FF_PICK(in, hosts);
    char port[8] = "";
    if (ff_bool(in)) snprintf(port, sizeof port, ":%u", (unsigned)ff_range(in, 1, 65535));
    len += (size_t)snprintf(req + len, sizeof req - len, "%s:%s%s%s%s%s", FF_PICK(in, names), ff_bool(in) ? " " : "",
                            h, port, ff_bool(in) ? " \t" : "", eol);
    header_end_min = len;
    if (hosts_written++ == 0)
      for (size_t k = 0; k <= strlen(h); k++) want[k] = h[k] >= 'A' && h[k] <= 'Z' ? (char)(h[k] - 'A' + 'a') : h[k];
  }
  len += (size_t)snprintf(req + len, sizeof req - len, "%s", eol);
  if (ff_bool(in)) len += (size_t)snprintf(req + len, sizeof req - len, "Host: body.decoy.fog%sdata", eol);
  size_t cut = ff_choose(in, 4) == 0 ? (size_t)ff_range(in, 0, len) : len;
  char got[INFER_HOST_MAX];
  int g = infer_rplb_host(req, cut, got);
  int w = hosts_written == 1 && cut >= header_end_min ? (int)strlen(want) : -1;
  if (hosts_written >= 2 && cut < header_end_min) w = -2; /* one or more of them may be in the read */
  if (w == -2) {
    FF_INVARIANT(g == -1 || strcmp(got, want) == 0, "infer.rplb_host", "cut read gave \"%s\", want \"%s\" or none",
                 g >= 0 ? got : "", want);
    return;
  }
  FF_INVARIANT(g == w && (g < 0 || strcmp(got, want) == 0), "infer.rplb_host", "Host %d \"%s\", want %d \"%s\" in %.*s",
               g, g >= 0 ? got : "", w, w >= 0 ? want : "", (int)(cut < 300 ? cut : 300), req);
}

static void backend_case(ff_input *in) {
  infer_backend b = {.n = (int)ff_range(in, 1, INFER_RPLB_MAX_ADDRS), .rng = ff_u64(in)};
  for (int i = 0; i < b.n; i++) b.addr[i] = (uint32_t)i, b.healthy[i] = ff_choose(in, 4) != 0;
  while (ff_more(in)) {
    if (ff_bool(in)) {
      int i = (int)ff_choose(in, (size_t)b.n);
      b.healthy[i] = !b.healthy[i];
    }
    int healthy = 0;
    for (int i = 0; i < b.n; i++) healthy += b.healthy[i];
    bool picked[INFER_RPLB_MAX_ADDRS] = {false};
    for (int k = 0; k < (healthy ? healthy : 1); k++) {
      int at = infer_rplb_select(&b);
      FF_INVARIANT((at < 0) == (healthy == 0), "infer.rplb_healthy", "pick %d with %d healthy", at, healthy);
      if (at < 0) break;
      FF_INVARIANT(at < b.n && b.healthy[at], "infer.rplb_healthy", "picked address %d, which is not healthy", at);
      picked[at] = true;
    }
    for (int i = 0; i < b.n; i++)
      FF_INVARIANT(!b.healthy[i] || picked[i], "infer.rplb_healthy", "healthy address %d skipped in %d picks", i,
                   healthy);
  }
}

FF_PROPERTY(infer_routing) {
  switch (ff_choose(in, 6)) {
  case 0: registry_case(in); break;
  case 1: poc_case(in); break;
  case 2: gateway_case(in); break;
  case 3: sni_case(in); break;
  case 4: host_case(in); break;
  default: backend_case(in); break;
  }
}
