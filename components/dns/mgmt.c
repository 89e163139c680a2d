/* dns management API (spec §2.3, dns_mgmt.h): routes, serde-shaped JSON
 * with jansson, each operation handed to the store's dns_api_* and
 * dns_verify_* functions (so the rules and the all-or-nothing effects are
 * the ones the fuzzers check). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns_mgmt.h"

void dns_mgmt_init(dns_mgmt *m, dns_store *store) {
  memset(m, 0, sizeof *m);
  m->store = store;
}

void dns_mgmt_response_free(dns_mgmt_response *resp) {
  free(resp->body);
  resp->body = NULL;
}

/* Takes v (NULL: out of memory, 500). */
static void reply(dns_mgmt_response *r, int status, json_t *v) {
  r->body = v ? json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
  json_decref(v);
  r->status = r->body ? status : 500;
  if (!r->body) r->body = calloc(1, 1);
  r->len = r->body ? strlen(r->body) : 0;
}

static void reply_text(dns_mgmt_response *r, int status, const char *text) {
  r->status = status;
  r->body = strdup(text);
  r->len = r->body ? strlen(r->body) : 0;
}

static json_t *failure(const char *why) { return json_pack("{s:s?}", "Failure", why); }
static json_t *success_none(void) { return json_pack("{s:s}", "Success", "None"); }

static const char *type_name(uint16_t t) {
  return t == DNS_T_A ? "A" : t == DNS_T_AAAA ? "AAAA" : t == DNS_T_CNAME ? "CNAME" : "Unknown";
}

/* A SocketAddr as serde writes it ("1.2.3.4:80", "[2001:db8::1]:80");
 * records made by DNS UPDATE carry no port: 80, as form-dns defaults it. */
static json_t *ip_list(const dns_ip *l, size_t n) {
  json_t *a = json_array();
  for (size_t i = 0; a && i < n; i++) {
    char text[64], full[80];
    dns_ip_format(&l[i], text, sizeof text);
    unsigned port = l[i].port ? l[i].port : 80;
    snprintf(full, sizeof full, l[i].family == 6 ? "[%s]:%u" : "%s:%u", text, port);
    json_array_append_new(a, json_string(full));
  }
  return a;
}

static json_t *record_json(const dns_record *r, uint64_t now) {
  dns_vstate s = dns_verify_state(r, now);
  json_t *status = s == DNS_V_NONE ? json_null()
                   : s == DNS_V_FAILED ? json_pack("{s:s}", "Failed", r->vreason)
                                       : json_string(dns_vstate_name(s));
  return json_pack("{s:s, s:s, s:o, s:o, s:s?, s:b, s:I, s:o, s:o}", "domain", r->key, "record_type",
                   type_name(r->type), "public_ip", ip_list(r->public_ip, r->npublic), "formnet_ip",
                   ip_list(r->formnet_ip, r->nformnet), "cname_target", r->cname[0] ? r->cname : NULL, "ssl_cert",
                   r->ssl_cert, "ttl", (json_int_t)r->ttl, "verification_status", status, "verification_timestamp",
                   r->vtime ? json_integer((json_int_t)r->vtime) : json_null());
}

static json_t *success_some(const dns_record *r, uint64_t now) {
  return json_pack("{s:{s:o}}", "Success", "Some", record_json(r, now));
}

/* ---- request bodies: 0, 400 (not JSON) or 422 (wrong shape) ---- */

static int load(const char *body, size_t len, json_t **out) {
  json_error_t e;
  *out = json_loadb(body ? body : "", len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &e);
  return *out ? 0 : 400;
}

static bool record_type(json_t *v, uint16_t *out) {
  static const struct { const char *name; uint16_t type; } T[] = {
      {"A", DNS_T_A}, {"AAAA", DNS_T_AAAA}, {"CNAME", DNS_T_CNAME}, {"MX", DNS_T_MX}, {"TXT", DNS_T_TXT},
      {"NS", DNS_T_NS}, {"SOA", DNS_T_SOA}, {"SRV", DNS_T_SRV}, {"CAA", DNS_T_CAA}, {"PTR", DNS_T_PTR}};
  for (size_t i = 0; json_is_string(v) && i < sizeof T / sizeof T[0]; i++)
    if (strcmp(json_string_value(v), T[i].name) == 0) return *out = T[i].type, true;
  return false;
}

/* SocketAddr text: an address and a port, IPv6 in brackets. */
static bool socket_addr(json_t *v, dns_ip *out) {
  const char *s = json_string_value(v);
  if (!s || dns_ip_parse(s, out)) return false;
  return out->family == 4 ? strchr(s, ':') != NULL : s[0] == '[' && strstr(s, "]:") != NULL;
}

typedef struct domain_req {
  char domain[DNS_KEY_MAX + 2];
  uint16_t type;
  dns_ip ips[2 * DNS_MAX_IPS];
  size_t nips;
  char target[DNS_KEY_MAX + 2];
  bool has_target, ssl_cert, replace;
} domain_req;

/* {"Create":{...}} or {"Update":{...}} (variant as named). */
static int domain_request(json_t *root, const char *variant, domain_req *q) {
  memset(q, 0, sizeof q[0]);
  json_t *o = json_is_object(root) && json_object_size(root) == 1 ? json_object_get(root, variant) : NULL;
  if (!json_is_object(o)) return 422;
  bool create = strcmp(variant, "Create") == 0;
  json_t *d = json_object_get(o, "domain"), *ips = json_object_get(o, "ip_addr"), *t = json_object_get(o, "cname_target");
  json_t *ssl = json_object_get(o, "ssl_cert"), *rep = json_object_get(o, "replace");
  if (create && (!json_is_string(d) || json_string_length(d) > DNS_KEY_MAX)) return 422;
  if (!create && !json_is_boolean(rep)) return 422;
  if (!record_type(json_object_get(o, "record_type"), &q->type) || !json_is_array(ips) || !json_is_boolean(ssl))
    return 422;
  if (t && !json_is_null(t) && (!json_is_string(t) || json_string_length(t) > DNS_KEY_MAX)) return 422;
  if (json_array_size(ips) > 2 * DNS_MAX_IPS) return 422;
  for (size_t i = 0; i < json_array_size(ips); i++)
    if (!socket_addr(json_array_get(ips, i), &q->ips[q->nips++])) return 422;
  if (create) snprintf(q->domain, sizeof q->domain, "%s", json_string_value(d));
  q->has_target = json_is_string(t);
  if (q->has_target) snprintf(q->target, sizeof q->target, "%s", json_string_value(t));
  q->ssl_cert = json_is_true(ssl);
  q->replace = json_is_true(rep);
  return 0;
}

static dns_api_req api_req(const domain_req *q, const char *domain) {
  dns_api_req r = {domain, q->type, q->ips, q->nips, q->has_target ? q->target : NULL, q->ssl_cert, q->replace};
  return r;
}

/* BootstrapNodeRequest {node_id, ip_address, region?, ttl?}. */
static int bootstrap_request(json_t *o, dns_ip *ip, uint32_t *ttl) {
  json_t *id = json_object_get(o, "node_id"), *a = json_object_get(o, "ip_address");
  json_t *region = json_object_get(o, "region"), *t = json_object_get(o, "ttl");
  if (!json_is_object(o) || !json_is_string(id) || !json_is_string(a)) return 422;
  if (region && !json_is_null(region) && !json_is_string(region)) return 422;
  if (t && !json_is_null(t) && (!json_is_integer(t) || json_integer_value(t) < 0 || json_integer_value(t) > UINT32_MAX))
    return 422;
  if (dns_ip_parse(json_string_value(a), ip) || ip->port || strchr(json_string_value(a), '[')) return 422;
  *ttl = json_is_integer(t) ? (uint32_t)json_integer_value(t) : 0;
  return 0;
}

/* ---- handlers ---- */

static json_t *verification(dns_mgmt *m, const char *domain, bool initiate, uint64_t now) {
  dns_upstream up;
  char key[DNS_KEY_MAX];
  memset(&up, 0, sizeof up);
  up.error = !m->lookup || dns_key_normalize(domain, key, NULL) || !m->lookup(m->lookup_ctx, key, &up);
  dns_verify_result r = (initiate ? dns_verify_initiate : dns_verify_check)(m->store, domain, &up, now);
  const dns_record *rec = dns_store_get(m->store, domain);
  if (r == DNS_VERIFY_NO_RECORD || !rec) return json_pack("{s:s}", "VerificationFailure", "Record not found");
  if (r == DNS_VERIFY_OK) return json_pack("{s:s}", "VerificationSuccess", "Verified");
  if (r == DNS_VERIFY_FAILED) return json_pack("{s:s}", "VerificationFailure", rec->vreason);
  char target[DNS_KEY_MAX] = "";
  if (rec->type == DNS_T_A && rec->npublic) dns_ip_format(&rec->public_ip[0], target, sizeof target);
  else if (rec->type == DNS_T_CNAME) snprintf(target, sizeof target, "%s", rec->cname);
  return json_pack("{s:{s:{s:s, s:s, s:I}}}", "VerificationSuccess", "RequiresConfig", "record_type",
                   type_name(rec->type), "target", target, "ttl", (json_int_t)rec->ttl);
}

static json_t *list(const dns_store *st, uint64_t now) {
  const dns_record *recs[DNS_STORE_MAX];
  size_t n = dns_api_list(st, recs, DNS_STORE_MAX);
  json_t *a = json_array();
  for (size_t i = 0; a && i < n; i++) json_array_append_new(a, json_pack("[s, o]", recs[i]->key, record_json(recs[i], now)));
  return json_pack("{s:{s:o}}", "Success", "List", a);
}

typedef enum route {
  R_NONE, R_CREATE, R_UPDATE, R_DELETE, R_GET, R_LIST, R_SERVER, R_INITIATE, R_CHECK, R_BOOT_ADD, R_BOOT_REMOVE,
  R_BOOT_LIST
} route;

/* The route of path and the method it takes; the domain segment into d. */
static route route_of(const char *path, char *d, size_t cap, const char **method) {
  char seg[3][DNS_KEY_MAX + 2];
  size_t n = 0;
  const char *p = path;
  if (*p++ != '/') return R_NONE;
  while (n < 3) {
    const char *end = strchr(p, '/');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    if (len == 0 || len >= sizeof seg[0]) return R_NONE;
    memcpy(seg[n], p, len);
    seg[n++][len] = 0;
    if (!end) break;
    p = end + 1;
    if (n == 3) return R_NONE; /* a fourth segment */
  }
  static const struct { size_t n; const char *a, *b; route r; const char *method; } R[] = {
      {2, "record", "create", R_CREATE, "POST"},     {2, "record", "list", R_LIST, "GET"},
      {2, "server", "create", R_SERVER, "POST"},     {2, "bootstrap", "add", R_BOOT_ADD, "POST"},
      {2, "bootstrap", "remove", R_BOOT_REMOVE, "POST"}, {2, "bootstrap", "list", R_BOOT_LIST, "GET"},
      {3, "record", "update", R_UPDATE, "POST"},     {3, "record", "delete", R_DELETE, "DELETE"},
      {3, "record", "get", R_GET, "GET"},            {3, "record", "initiate_verification", R_INITIATE, "POST"},
      {3, "record", "check_verification", R_CHECK, "POST"}};
  for (size_t i = 0; i < sizeof R / sizeof R[0]; i++)
    if (R[i].n == n && strcmp(seg[0], R[i].a) == 0 && strcmp(seg[n - 1], R[i].b) == 0) {
      if (n == 3) snprintf(d, cap, "%s", seg[1]);
      *method = R[i].method;
      return R[i].r;
    }
  return R_NONE;
}

void dns_mgmt_handle(dns_mgmt *m, const char *method, const char *path, const char *body, size_t len,
                     uint64_t now, dns_mgmt_response *resp) {
  memset(resp, 0, sizeof *resp);
  char domain[DNS_KEY_MAX + 2] = "", err[DNS_KEY_MAX + 80] = "";
  const char *want = NULL;
  route r = route_of(path ? path : "", domain, sizeof domain, &want);
  if (r == R_NONE) {
    reply_text(resp, 404, "Not Found");
    return;
  }
  if (strcmp(method, want) != 0 || len > DNS_MGMT_BODY_MAX) {
    reply_text(resp, len > DNS_MGMT_BODY_MAX ? 413 : 405, len > DNS_MGMT_BODY_MAX ? "Payload Too Large" : "Method Not Allowed");
    return;
  }
  bool has_body = r == R_CREATE || r == R_UPDATE || r == R_SERVER || r == R_BOOT_ADD || r == R_BOOT_REMOVE;
  json_t *in = NULL, *out = NULL;
  int bad = has_body ? load(body, len, &in) : 0;
  domain_req q;
  dns_ip ip;
  uint32_t ttl = 0;
  if (!bad) switch (r) {
    case R_CREATE:
    case R_UPDATE: {
      if ((bad = domain_request(in, r == R_CREATE ? "Create" : "Update", &q))) break;
      dns_api_req req = api_req(&q, r == R_CREATE ? q.domain : domain);
      if ((r == R_CREATE ? dns_api_create : dns_api_update)(m->store, &req, err, sizeof err)) out = failure(err);
      else out = success_none();
      break;
    }
    case R_DELETE: out = dns_api_delete(m->store, domain, err, sizeof err) ? failure(err) : success_none(); break;
    case R_GET: {
      const dns_record *rec = dns_store_get(m->store, domain);
      snprintf(err, sizeof err, "no record for %s", domain);
      out = rec ? success_some(rec, now) : failure(err);
      break;
    }
    case R_LIST: out = list(m->store, now); break;
    case R_SERVER:
      if (!json_is_string(in) || dns_ip_parse(json_string_value(in), &ip) || ip.family != 4 || ip.port ||
          strchr(json_string_value(in), ':')) {
        bad = 422;
      } else if (m->nservers >= DNS_MGMT_SERVERS) {
        out = failure("server list full");
      } else {
        memcpy(&m->servers[m->nservers++], ip.addr, 4);
        out = success_none();
      }
      break;
    case R_INITIATE:
    case R_CHECK: out = verification(m, domain, r == R_INITIATE, now); break;
    case R_BOOT_ADD:
    case R_BOOT_REMOVE:
      if ((bad = bootstrap_request(in, &ip, &ttl))) break;
      if ((r == R_BOOT_ADD ? dns_api_bootstrap_add(m->store, &ip, ttl, err, sizeof err)
                           : dns_api_bootstrap_remove(m->store, &ip, err, sizeof err)))
        out = failure(err);
      else
        out = success_none();
      break;
    case R_BOOT_LIST: {
      const dns_record *boot = dns_store_get(m->store, DNS_BOOTSTRAP_DOMAIN);
      out = boot ? success_some(boot, now) : failure("no bootstrap record");
      break;
    }
    default: break;
    }
  json_decref(in);
  if (bad) {
    json_decref(out);
    reply_text(resp, bad, bad == 400 ? "Bad Request: body is not JSON" : "Unprocessable Entity: body of the wrong shape");
  } else {
    reply(resp, 200, out);
  }
}
