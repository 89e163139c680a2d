/* Webhook registry (§5.5) with what the real one lacks: a cap on hooks and
 * destination checks against SSRF (allow-listed hosts only; never loopback,
 * private, link-local, CGNAT or unspecified addresses, in any numeric
 * spelling). Ids are "webhook_" + 8 hex as in the real code. */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "econ_json.h"
#include "formfuzz/bug.h"

void econ_hooks_init(econ_hooks *h, uint64_t seed, size_t cap) {
  memset(h, 0, sizeof *h);
  h->rng = seed ? seed : 0x9e3779b97f4a7c15ull;
  h->cap = cap && cap <= ECON_HOOKS_MAX ? cap : ECON_HOOKS_MAX;
}

econ_err econ_hooks_allow_host(econ_hooks *h, const char *host) {
  if (h->nallow >= ECON_ALLOW_MAX) return ECON_ERR_FULL;
  if (!host[0] || strlen(host) >= sizeof h->allow[0]) return ECON_ERR_INVALID;
  size_t n = strlen(host);
  for (size_t i = 0; i <= n; i++) h->allow[h->nallow][i] = (char)tolower((unsigned char)host[i]);
  h->nallow++;
  return ECON_OK;
}

static econ_err why(char *reason, size_t cap, const char *msg) {
  if (reason && cap) snprintf(reason, cap, "%s", msg);
  return ECON_ERR_INVALID;
}

bool econ_v4_internal(uint32_t a) {
  uint8_t b0 = (uint8_t)(a >> 24), b1 = (uint8_t)(a >> 16);
  return b0 == 0 || b0 == 10 || b0 == 127 || (b0 == 169 && b1 == 254) ||
         (b0 == 172 && (b1 & 0xf0) == 16) || (b0 == 192 && b1 == 168) ||
         (b0 == 100 && (b1 & 0xc0) == 64) || b0 >= 224;
}

bool econ_webhook_pick_v4(const uint32_t *addrs, size_t n, uint32_t *out) {
  if (n == 0) return false;
  for (size_t i = 0; i < n; i++)
    if (econ_v4_internal(addrs[i])) return false;
  *out = addrs[0];
  return true;
}

econ_err econ_webhook_check_url(const econ_hooks *h, const char *url, char *reason, size_t cap) {
  const char *rest;
  if (strncmp(url, "http://", 7) == 0) rest = url + 7;
  else if (strncmp(url, "https://", 8) == 0) rest = url + 8;
  else return why(reason, cap, "url must start with http:// or https://");
  if (FF_BUG("econ.webhook_ssrf")) return ECON_OK; /* the real code stops here */
  for (const char *p = url; *p; p++)
    if ((unsigned char)*p <= 0x20 || *p == 0x7f || *p == '\\')
      return why(reason, cap, "url contains a space, control character or backslash");
  size_t hl = strcspn(rest, ":/?#");
  if (memchr(rest, '@', strcspn(rest, "/?#"))) return why(reason, cap, "url must not carry user info");
  if (hl == 0) return why(reason, cap, "url has no host");
  if (rest[0] == '[') return why(reason, cap, "IPv6 literal destinations are not allowed");
  char host[128];
  if (hl >= sizeof host) return why(reason, cap, "host too long");
  for (size_t i = 0; i < hl; i++) host[i] = (char)tolower((unsigned char)rest[i]);
  host[hl] = 0;
  if (rest[hl] == ':') {
    const char *p = rest + hl + 1;
    size_t pl = strcspn(p, "/?#");
    if (pl == 0 || pl > 5) return why(reason, cap, "bad port");
    unsigned long port = 0;
    for (size_t i = 0; i < pl; i++) {
      if (!isdigit((unsigned char)p[i])) return why(reason, cap, "bad port");
      port = port * 10 + (unsigned long)(p[i] - '0');
    }
    if (port == 0 || port > 65535) return why(reason, cap, "bad port");
  }
  size_t n = strlen(host);
  while (n && host[n - 1] == '.') host[--n] = 0; /* "localhost." is localhost */
  if (!n) return why(reason, cap, "url has no host");
  if (strcmp(host, "localhost") == 0 || (n > 10 && strcmp(host + n - 10, ".localhost") == 0))
    return why(reason, cap, "destination is this host");
  struct in_addr a;
  if (inet_aton(host, &a) && econ_v4_internal(ntohl(a.s_addr)))
    return why(reason, cap, "destination is a loopback, private, link-local or reserved address");
  for (size_t i = 0; i < h->nallow; i++)
    if (strcmp(h->allow[i], host) == 0) return ECON_OK;
  return why(reason, cap, "destination host is not on the allow-list");
}

static void new_id(econ_hooks *h, char out[18]) {
  for (;;) {
    h->rng ^= h->rng << 13; /* xorshift64 */
    h->rng ^= h->rng >> 7;
    h->rng ^= h->rng << 17;
    snprintf(out, 18, "webhook_%08x", (unsigned)(h->rng >> 32));
    bool used = false;
    for (size_t i = 0; i < h->n; i++) used |= strcmp(h->hooks[i].id, out) == 0;
    if (!used) return;
  }
}

econ_err econ_hooks_create(econ_hooks *h, const char *body, size_t len, econ_webhook *out,
                           char *reason, size_t cap) {
  econ_webhook w;
  memset(&w, 0, sizeof w);
  json_t *o = json_loadb(body, len, JSON_REJECT_DUPLICATES, NULL);
  econ_err e = ECON_ERR_PARSE;
  if (!json_is_object(o)) {
    econ_json_fail(reason, cap, "expected an object", "body");
    goto done;
  }
  if ((e = econ_json_str(o, "url", w.url, sizeof w.url, false, NULL, reason, cap))) goto done;
  if ((e = econ_json_str(o, "secret", w.secret, sizeof w.secret, true, &w.has_secret, reason, cap)))
    goto done;
  json_t *types = json_object_get(o, "event_types");
  e = ECON_ERR_PARSE;
  if (!json_is_array(types)) {
    econ_json_fail(reason, cap, "expected a list of strings", "event_types");
    goto done;
  }
  for (size_t i = 0; i < json_array_size(types); i++) {
    const char *t = json_string_value(json_array_get(types, i));
    if (t && strcmp(t, "metrics") == 0) w.ev_metrics = true;
    else if (t && strcmp(t, "threshold_violation") == 0) w.ev_threshold = true;
    else {
      e = econ_json_fail(reason, cap, "must be \"metrics\" or \"threshold_violation\"", "event_types");
      e = ECON_ERR_INVALID;
      goto done;
    }
  }
  if ((e = econ_webhook_check_url(h, w.url, reason, cap))) goto done;
  if (h->n >= h->cap) {
    if (reason && cap) snprintf(reason, cap, "at most %zu webhooks", h->cap);
    e = ECON_ERR_FULL;
    goto done;
  }
  new_id(h, w.id);
  h->hooks[h->n++] = w;
  if (out) *out = w;
  e = ECON_OK;
done:
  json_decref(o);
  return e;
}

econ_err econ_hooks_delete(econ_hooks *h, const char *id) {
  for (size_t i = 0; i < h->n; i++)
    if (strcmp(h->hooks[i].id, id) == 0) {
      memmove(&h->hooks[i], &h->hooks[i + 1], (h->n - i - 1) * sizeof h->hooks[0]);
      h->n--;
      return ECON_OK;
    }
  return ECON_ERR_NOTFOUND;
}

char *econ_hooks_list_json(const econ_hooks *h) {
  json_t *arr = json_array();
  if (!arr) return NULL;
  for (size_t i = 0; i < h->n; i++) {
    const econ_webhook *w = &h->hooks[i];
    json_t *types = json_array();
    if (w->ev_metrics) json_array_append_new(types, json_string("metrics"));
    if (w->ev_threshold) json_array_append_new(types, json_string("threshold_violation"));
    json_t *o = json_pack("{s:s,s:s,s:o,s:o}", "id", w->id, "url", w->url, "event_types", types,
                          "secret", w->has_secret ? json_string("") : json_null());
    if (!o || json_array_append_new(arr, o)) {
      json_decref(arr);
      return NULL;
    }
  }
  char *s = econ_json_dump(arr, NULL);
  json_decref(arr);
  return s;
}
