/* econ_api: structure-aware sequences of HTTP requests to the webhook and
 * queue routes (econ_api_handle, the code formfuzz-econ serves), with a model
 * of the hooks and of the topic. Oracles:
 *   econ.api_auth      webhook routes without the bearer token answer 401 and change nothing;
 *   econ.api_ssrf      only allow-listed public destinations are stored;
 *   econ.api_cap       at most ECON_HOOKS_MAX hooks; one more answers 409;
 *   econ.api_roundtrip list = the model's hooks, secrets blanked; delete 204 then 404;
 *   econ.api_status    no 5xx (but 503 for /get before a collection); unknown
 *                      routes 404; bodies over 64 KiB 413;
 *   econ.api_hmac      X-Webhook-Signature of a created hook's delivery body
 *                      equals HMAC-SHA256 built here from plain SHA-256
 *                      (RFC 2104), and any one-byte change of the body changes it;
 *   econ.api_queue     write_local answers OpSuccess for a valid write, a
 *                      duplicate is stored once, get returns every distinct
 *                      content once in arrival order, get_after(i) the tail or
 *                      Failure past the end, get_n / get_n_after the slices;
 *                      write_op answers OpSuccess for a peer's genuine op and
 *                      stores it, Failure for a forged one (an outsider's
 *                      signature under the peer's dot, a wrong hash) and for
 *                      Rm, and neither changes the topic;
 *   econ.api_metrics   procfs texts (kernel layout, sometimes bent: a byte
 *                      changed or the text cut) parse to exactly the values
 *                      they carry or are refused; GET /get answers 503 before
 *                      the first collection, then the collected SystemMetrics,
 *                      which reads back to the same document. */
#include <nettle/sha3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "econ_api.h"
#include "formfuzz/crypto.h"
#include "formfuzz/oracle.h"
#include "formfuzz/prop.h"
#include "gen.h"

#define TOKEN "tok-3f9a1c"
#define STEPS 40
#define MAXW 32

static const struct {
  const char *url;
  bool ok;
} URLS[] = {
    {"https://hooks.example.com/in", true},
    {"http://hooks.example.com:8443/econ?x=1", true},
    {"https://HOOKS.example.com/", true},
    {"http://127.0.0.1:8080/", false},
    {"http://localhost/", false},
    {"http://localhost./admin", false},
    {"http://169.254.169.254/latest/meta-data", false},
    {"http://2130706433/", false},
    {"http://0x7f.1/", false},
    {"http://10.1.2.3/", false},
    {"http://192.168.0.10:3004/v1/account", false},
    {"http://[::1]/", false},
    {"http://hooks.example.com@127.0.0.1/", false},
    {"http://evil.example.net/", false},
    {"ftp://hooks.example.com/", false},
    {"hooks.example.com", false},
    {"http://hooks.example.com:0/", false},
    {"http://0.0.0.0:53333/queue/write_local", false},
};

typedef struct model {
  size_t n;
  char ids[ECON_HOOKS_MAX][18];
  size_t nw;
  char *writes[MAXW]; /* distinct contents written, arrival order */
  size_t wlen[MAXW];
} model;

/* RFC 2104 over SHA-256, independent of the core's nettle HMAC. */
static void ref_hmac_hex(const char *key, const char *msg, size_t mlen, char out[65]) {
  uint8_t k[64] = {0}, ipad[64], opad[64], inner[32], outer[32];
  size_t kl = strlen(key);
  if (kl > 64) ff_sha256(key, kl, k);
  else memcpy(k, key, kl);
  for (int i = 0; i < 64; i++) ipad[i] = k[i] ^ 0x36, opad[i] = k[i] ^ 0x5c;
  uint8_t *buf = malloc(64 + (mlen > 32 ? mlen : 32));
  FF_INVARIANT(buf, "econ.api_hmac", "out of memory");
  memcpy(buf, ipad, 64);
  memcpy(buf + 64, msg, mlen);
  ff_sha256(buf, 64 + mlen, inner);
  memcpy(buf, opad, 64);
  memcpy(buf + 64, inner, 32);
  ff_sha256(buf, 96, outer);
  free(buf);
  for (int i = 0; i < 32; i++) snprintf(out + 2 * i, 3, "%02x", outer[i]);
}

static void check_signature(ff_input *in, const char *secret) {
  econ_event ev;
  econ_gen_event(in, &ev);
  size_t jl, bl;
  char *js = econ_event_to_json(&ev, &jl, NULL, 0);
  FF_INVARIANT(js, "econ.api_hmac", "event not writable");
  char *body = econ_webhook_body(js, "metrics", ev.timestamp, &bl);
  FF_INVARIANT(body, "econ.api_hmac", "no body");
  char got[65], want[65];
  econ_hmac_hex(secret, strlen(secret), body, bl, got);
  ref_hmac_hex(secret, body, bl, want);
  FF_INVARIANT(strcmp(got, want) == 0, "econ.api_hmac", "signature %s, RFC 2104 gives %s for key '%s'", got, want,
               secret);
  size_t at = ff_choose(in, bl);
  body[at] ^= (char)(1 + ff_range(in, 0, 126));
  econ_hmac_hex(secret, strlen(secret), body, bl, want);
  FF_INVARIANT(strcmp(got, want) != 0, "econ.api_hmac", "changing byte %zu left the signature %s", at, got);
  free(body);
  free(js);
}

static int call(econ_api *api, const char *m, const char *path, const char *auth, const char *body,
                econ_response *r) {
  econ_api_handle(api, m, path, auth, body, body ? strlen(body) : 0, r);
  bool not_collected_yet = r->status == 503 && !api->has_metrics && strcmp(path, "/get") == 0;
  FF_INVARIANT(r->status < 500 || not_collected_yet, "econ.api_status", "%s %s answered %d", m, path, r->status);
  return r->status;
}

static void check_list(econ_api *api, const model *md) {
  econ_response r;
  call(api, "GET", "/api/v1/webhooks", "Bearer " TOKEN, NULL, &r);
  FF_INVARIANT(r.status == 200, "econ.api_roundtrip", "list answered %d", r.status);
  size_t count = 0;
  for (const char *p = r.body; (p = strstr(p, "\"id\":")) != NULL; p++) count++;
  FF_INVARIANT(count == md->n, "econ.api_roundtrip", "list has %zu hooks, model %zu: %s", count, md->n, r.body);
  for (size_t i = 0; i < md->n; i++)
    FF_INVARIANT(strstr(r.body, md->ids[i]) != NULL, "econ.api_roundtrip", "%s missing from %s", md->ids[i], r.body);
  FF_INVARIANT(strstr(r.body, "\"secret\":\"s") == NULL, "econ.api_roundtrip", "a secret is listed: %s", r.body);
  econ_response_free(&r);
}

static void hook_step(econ_api *api, model *md, ff_input *in) {
  size_t kind = ff_choose(in, 4);
  const char *auths[] = {"Bearer " TOKEN, NULL, "Bearer wrong", "bearer " TOKEN, "Bearer " TOKEN "x"};
  size_t a = ff_choose(in, 5) ? 0 : ff_range(in, 1, 4); /* mostly authorised */
  const char *auth = auths[a];
  econ_response r;
  if (kind <= 1) {
    size_t u = ff_choose(in, FF_COUNT_OF(URLS));
    char body[512], secret[24];
    ff_cstr_from(in, secret, sizeof secret, "abcdefs0123");
    bool with_secret = ff_bool(in);
    snprintf(body, sizeof body, "{\"url\":\"%s\",\"event_types\":[%s]%s%s%s}", URLS[u].url,
             ff_bool(in) ? "\"metrics\"" : "", with_secret ? ",\"secret\":\"s" : "", with_secret ? secret : "",
             with_secret ? "\"" : "");
    call(api, "POST", "/api/v1/webhooks", auth, body, &r);
    if (a != 0) {
      FF_INVARIANT(r.status == 401, "econ.api_auth", "create with auth '%s' answered %d", auth ? auth : "(none)",
                   r.status);
    } else if (!URLS[u].ok) {
      FF_INVARIANT(r.status == 400, "econ.api_ssrf", "hook to %s answered %d: %s", URLS[u].url, r.status,
                   r.body ? r.body : "");
    } else if (md->n >= ECON_HOOKS_MAX) {
      FF_INVARIANT(r.status == 409, "econ.api_cap", "hook number %zu answered %d", md->n + 1, r.status);
    } else {
      FF_INVARIANT(r.status == 201, "econ.api_roundtrip", "create %s answered %d: %s", body, r.status,
                   r.body ? r.body : "");
      const char *id = strstr(r.body, "\"id\":\"");
      FF_INVARIANT(id && strlen(id) > 6 + 16 && strncmp(id + 6, "webhook_", 8) == 0, "econ.api_roundtrip",
                   "no webhook_ id in %s", r.body);
      memcpy(md->ids[md->n], id + 6, 16);
      md->ids[md->n++][16] = 0;
      if (with_secret) {
        char key[32];
        snprintf(key, sizeof key, "s%s", secret);
        check_signature(in, key);
      }
    }
  } else if (kind == 2) {
    size_t which = ff_choose(in, md->n + 1);
    char path[64];
    snprintf(path, sizeof path, "/api/v1/webhooks/%s", which < md->n ? md->ids[which] : "webhook_00000000");
    call(api, "DELETE", path, auth, NULL, &r);
    if (a != 0) {
      FF_INVARIANT(r.status == 401, "econ.api_auth", "delete with auth '%s' answered %d", auth ? auth : "(none)",
                   r.status);
    } else if (which < md->n) {
      FF_INVARIANT(r.status == 204, "econ.api_roundtrip", "delete of %s answered %d", md->ids[which], r.status);
      econ_response again;
      call(api, "DELETE", path, auth, NULL, &again);
      FF_INVARIANT(again.status == 404, "econ.api_roundtrip", "second delete answered %d", again.status);
      econ_response_free(&again);
      memmove(md->ids[which], md->ids[which + 1], (md->n - which - 1) * sizeof md->ids[0]);
      md->n--;
    } else {
      FF_INVARIANT(r.status == 404, "econ.api_roundtrip", "delete of an unknown id answered %d", r.status);
    }
  } else {
    call(api, "GET", "/api/v1/webhooks", auth, NULL, &r);
    FF_INVARIANT((a == 0) == (r.status == 200), "econ.api_auth", "list with auth '%s' answered %d",
                 auth ? auth : "(none)", r.status);
  }
  econ_response_free(&r);
  FF_INVARIANT(api->hooks.n <= ECON_HOOKS_MAX, "econ.api_cap", "%zu hooks", api->hooks.n);
  check_list(api, md);
}

#define USAGE_TOPIC "ed54877daae9a0ac5d8dd627316b43916b5b010503be90c37d5f12c048405a72"

/* Adds content to the model's distinct writes unless it is there already. */
static void model_write(model *md, const uint8_t *c, size_t len) {
  for (size_t i = 0; i < md->nw; i++)
    if (md->wlen[i] == len && memcmp(md->writes[i], c, len) == 0) return;
  char *copy = malloc(len ? len : 1);
  FF_INVARIANT(copy, "econ.api_queue", "out of memory");
  memcpy(copy, c, len);
  md->writes[md->nw] = copy;
  md->wlen[md->nw++] = len;
}

/* The peer's and an outsider's keys, derived once (constant afterwards). */
static const ff_keypair *key_of(int who) {
  static ff_keypair keys[2];
  static bool ready;
  if (!ready) {
    ff_keypair_from_seed(&keys[0], 2);
    ff_keypair_from_seed(&keys[1], 3);
    ready = true;
  }
  return &keys[who];
}

/* A peer's QueueOp::Up to write_op: genuine, signed by an outsider under the
 * peer's dot, or under the hash of other content. */
static void write_op_step(econ_api *api, model *md, ff_input *in, uint64_t counter) {
  uint8_t content[24];
  size_t len = 1 + ff_range(in, 0, sizeof content - 1);
  content[0] = 0;
  for (size_t i = 1; i < len; i++) content[i] = (uint8_t)('a' + ff_range(in, 0, 3));
  econ_qop op = {.content = content, .len = len, .dot_counter = counter};
  snprintf(op.topic_hex, sizeof op.topic_hex, "%s", USAGE_TOPIC);
  ff_address_hex(key_of(0)->addr, op.dot_actor);
  econ_vclock_observe(&op.clock, op.dot_actor, counter);
  size_t forgery = ff_choose(in, 3); /* 0 genuine, 1 outsider's signature, 2 wrong hash */
  struct sha3_256_ctx c;
  sha3_256_init(&c);
  sha3_256_update(&c, forgery == 2 ? 1 : len, content);
  sha3_256_digest(&c, 32, op.hash);
  int recid;
  ff_sign_recoverable(key_of(forgery == 1), op.hash, op.sig, &recid);
  op.recid = (uint8_t)recid;
  size_t jl;
  char *body = econ_qop_json(&op, &jl);
  FF_INVARIANT(body, "econ.api_queue", "op not writable");
  econ_response r;
  call(api, "POST", "/queue/write_op", NULL, body, &r);
  bool success = r.status == 200 && r.body && strcmp(r.body, "\"OpSuccess\"") == 0;
  FF_INVARIANT(success == (forgery == 0 || (forgery == 2 && len == 1)), "econ.api_queue",
               "write_op of a %s op answered %d %s", forgery == 0 ? "genuine" : forgery == 1 ? "outsider-signed" : "wrong-hash",
               r.status, r.body ? r.body : "");
  if (success) model_write(md, content, len);
  econ_response_free(&r);
  free(body);
}

/* Slices of the topic through get_after, get_n and get_n_after. */
static void read_step(econ_api *api, const model *md, ff_input *in) {
  size_t idx = ff_range(in, 0, md->nw + 2), n = ff_range(in, 0, md->nw + 2), route = ff_choose(in, 3);
  char path[96];
  if (route == 0) snprintf(path, sizeof path, "/queue/usage_events/%zu/get_after", idx);
  if (route == 1) snprintf(path, sizeof path, "/queue/usage_events/%zu/get_n", n);
  if (route == 2) snprintf(path, sizeof path, "/queue/usage_events/%zu/%zu/get_n_after", idx, n);
  if (route == 1) idx = 0;
  if (route == 0) n = SIZE_MAX;
  econ_response r;
  call(api, "GET", path, NULL, NULL, &r);
  FF_INVARIANT(r.status == 200, "econ.api_queue", "%s answered %d", path, r.status);
  if (idx > md->nw) {
    FF_INVARIANT(strstr(r.body, "Failure") != NULL, "econ.api_queue", "%s past the end gave %s", path, r.body);
  } else {
    size_t lists = 0, want = md->nw - idx < n ? md->nw - idx : n;
    for (const char *p = r.body; (p = strstr(p, "[0")) != NULL; p++) lists++;
    FF_INVARIANT(lists == want, "econ.api_queue", "%s gave %zu messages, model %zu", path, lists, want);
  }
  econ_response_free(&r);
}

static void queue_step(econ_api *api, model *md, ff_input *in, uint64_t step) {
  econ_response r;
  size_t kind = ff_choose(in, 6);
  if (kind <= 1 && md->nw < MAXW) {
    econ_event ev;
    econ_gen_event(in, &ev);
    size_t jl, wl;
    char reason[ECON_REASON_MAX];
    char *js = econ_event_to_json(&ev, &jl, reason, sizeof reason);
    FF_INVARIANT(js, "econ.api_queue", "event not writable: %s", reason);
    char *w = econ_queue_write_json("usage_events", 0, js, jl, &wl);
    FF_INVARIANT(w, "econ.api_queue", "write JSON failed");
    int dup = ff_range(in, 0, 2);
    for (int k = 0; k <= dup; k++) {
      call(api, "POST", "/queue/write_local", NULL, w, &r);
      FF_INVARIANT(r.status == 200 && r.body && strcmp(r.body, "\"OpSuccess\"") == 0, "econ.api_queue",
                   "write answered %d %s", r.status, r.body ? r.body : "");
      econ_response_free(&r);
    }
    /* the stored content is [0] ++ json */
    uint8_t *c = malloc(jl + 1);
    FF_INVARIANT(c, "econ.api_queue", "out of memory");
    c[0] = 0;
    memcpy(c + 1, js, jl);
    model_write(md, c, jl + 1);
    free(c);
    free(js);
    free(w);
  } else if (kind == 2) {
    read_step(api, md, in);
  } else if (kind == 3 && md->nw < MAXW) {
    write_op_step(api, md, in, step + 1);
  } else if (kind == 4) { /* anyone's Rm of the topic: refused, nothing removed */
    call(api, "POST", "/queue/write_op", NULL,
         "{\"Op\":{\"Rm\":{\"clock\":{},\"keyset\":[\"" USAGE_TOPIC "\"]}}}", &r);
    FF_INVARIANT(r.body && strstr(r.body, "Failure"), "econ.api_queue", "an Rm op answered %d %s", r.status,
                 r.body ? r.body : "");
    econ_response_free(&r);
  } else {
    /* a hostile body or path */
    char body[256], path[64];
    ff_cstr(in, body, sizeof body);
    ff_cstr_from(in, path, sizeof path, "/queuwritelocaghp_0123456789sev");
    call(api, ff_bool(in) ? "POST" : "GET", ff_bool(in) ? "/queue/write_local" : path, NULL, body, &r);
    econ_response_free(&r);
  }
  const econ_qtopic *t = econ_queue_topic(&api->queue, USAGE_TOPIC);
  size_t n = t ? t->n : 0;
  FF_INVARIANT(n == md->nw, "econ.api_queue", "topic holds %zu messages, %zu distinct written", n, md->nw);
  for (size_t i = 0; i < n; i++)
    FF_INVARIANT(t->msgs[i].len == md->wlen[i] && memcmp(t->msgs[i].content, md->writes[i], md->wlen[i]) == 0,
                 "econ.api_queue", "message %zu differs from the %zu-th distinct write", i, i);
}

/* Bends one of the texts: a byte replaced, or the text cut short. */
static bool bend(ff_input *in, econ_procfs_texts *t) {
  char *texts[] = {t->stat0, t->stat1, t->meminfo, t->diskstats, t->netdev, t->loadavg};
  if (ff_range(in, 0, 3) != 0) return false;
  char *x = texts[ff_choose(in, FF_COUNT_OF(texts))];
  size_t n = strlen(x);
  if (n == 0) return false;
  size_t at = ff_range(in, 0, n - 1);
  if (ff_bool(in)) x[at] = (char)ff_range(in, 1, 255);
  else x[at] = 0;
  return true;
}

/* One collection from generated procfs text, then GET /get. */
static void metrics_step(econ_api *api, ff_input *in) {
  econ_procfs_texts t;
  econ_gen_procfs(in, &t);
  bool bent = bend(in, &t);
  econ_system_metrics m;
  memset(&m, 0, sizeof m);
  uint64_t b0, t0, b1, t1;
  char reason[ECON_REASON_MAX] = "";
  bool ok = econ_procfs_cpu(t.stat0, &b0, &t0, reason, sizeof reason) == ECON_OK &&
            econ_procfs_cpu(t.stat1, &b1, &t1, reason, sizeof reason) == ECON_OK &&
            econ_procfs_meminfo(t.meminfo, &m, reason, sizeof reason) == ECON_OK &&
            econ_procfs_diskstats(t.diskstats, &m, reason, sizeof reason) == ECON_OK &&
            econ_procfs_netdev(t.netdev, &m, reason, sizeof reason) == ECON_OK &&
            econ_procfs_loadavg(t.loadavg, &m, reason, sizeof reason) == ECON_OK;
  FF_INVARIANT(ok || bent, "econ.api_metrics", "kernel-layout procfs text refused: %s", reason);
  if (!ok) return;
  m.cpu_usage_bps = econ_cpu_usage_bps(b0, t0, b1, t1);
  m.timestamp = 1700000000 + (int64_t)ff_range(in, 0, 86400);
  m.has_instance = ff_bool(in);
  strcpy(m.instance_id, m.has_instance ? econ_gen_instances[0] : "");
  char *got = econ_system_metrics_to_json(&m, NULL);
  FF_INVARIANT(got, "econ.api_metrics", "parsed metrics cannot be written");
  if (!bent) { /* the parsers read exactly what the text carries */
    t.want.timestamp = m.timestamp;
    t.want.has_instance = m.has_instance;
    strcpy(t.want.instance_id, m.instance_id);
    char *want = econ_system_metrics_to_json(&t.want, NULL);
    FF_INVARIANT(want && strcmp(want, got) == 0, "econ.api_metrics", "procfs parse %s, generated %s", got,
                 want ? want : "(none)");
    free(want);
  }
  api->metrics = m;
  api->has_metrics = true;
  econ_response r;
  call(api, "GET", "/get", NULL, NULL, &r);
  econ_system_metrics back;
  FF_INVARIANT(r.status == 200 && r.body && strcmp(r.body, got) == 0, "econ.api_metrics",
               "GET /get answered %d %s, collected %s", r.status, r.body ? r.body : "", got);
  FF_INVARIANT(econ_system_metrics_from_json(r.body, r.len, &back, reason, sizeof reason) == ECON_OK,
               "econ.api_metrics", "the served document is refused: %s: %s", reason, r.body);
  char *again = econ_system_metrics_to_json(&back, NULL);
  FF_INVARIANT(again && strcmp(again, got) == 0, "econ.api_metrics", "read back as %s", again ? again : "(none)");
  free(again);
  free(got);
  econ_response_free(&r);
}

FF_PROPERTY(econ_api) {
  econ_api api;
  ff_keypair node_key;
  ff_keypair_from_seed(&node_key, 1);
  FF_INVARIANT(econ_api_init(&api, TOKEN, &node_key, 7) == ECON_OK, "econ.api_status", "init failed");
  econ_hooks_allow_host(&api.hooks, "hooks.example.com");
  model md;
  memset(&md, 0, sizeof md);
  econ_response r;
  call(&api, "GET", "/queue/usage_events/0/get_after", NULL, NULL, &r);
  econ_response_free(&r);
  call(&api, "GET", "/get", NULL, NULL, &r);
  FF_INVARIANT(r.status == 503, "econ.api_metrics", "GET /get before any collection answered %d", r.status);
  econ_response_free(&r);
  for (int step = 0; step < STEPS && ff_remaining(in) > 0; step++) {
    switch (ff_choose(in, 3)) {
    case 0: hook_step(&api, &md, in); break;
    case 1: queue_step(&api, &md, in, (uint64_t)step); break;
    default: metrics_step(&api, in); break;
    }
  }
  if (ff_bool(in)) { /* one body over the limit */
    size_t big = ECON_API_BODY_MAX + 1 + ff_range(in, 0, 64);
    char *b = malloc(big + 1);
    FF_INVARIANT(b, "econ.api_status", "out of memory");
    memset(b, ' ', big);
    b[big] = 0;
    call(&api, "POST", ff_bool(in) ? "/queue/write_local" : "/api/v1/webhooks", "Bearer " TOKEN, b, &r);
    FF_INVARIANT(r.status == 413, "econ.api_status", "a %zu-byte body answered %d", big, r.status);
    econ_response_free(&r);
    free(b);
  }
  call(&api, "GET", "/nope", NULL, NULL, &r);
  FF_INVARIANT(r.status == 404, "econ.api_status", "/nope answered %d", r.status);
  econ_response_free(&r);
  for (size_t i = 0; i < md.nw; i++) free(md.writes[i]);
  econ_api_free(&api);
}
