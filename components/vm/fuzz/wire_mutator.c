/* The protocol-aware mutator of vm_wire (wire_mutator.h): the input is read
 * into its framing and requests, edited, each request with a key in the
 * framing is signed again, and the writer puts Content-Length right. */
#include "wire_mutator.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "formfuzz/gen_sig.h"
#include "wire_format.h"

#define FORCE_SIGN (-2) /* signed_key that no key equals: the next vm_wire_resign signs */

typedef struct route {
  const char *method, *path, *body; /* %a the signer's address, %b another key's, %i an instance id,
                                     * %I an Instance (vm_gen_instance_json: a pool id, any key's
                                     * spelling as instance_owner, sometimes bent) */
} route;

static const route ROUTES[] = {
    {"POST", "/v1/account/create", "{\"Create\":{\"address\":\"%a\",\"name\":\"ops\"}}"},
    {"POST", "/v1/account/update", "{\"Update\":{\"address\":\"%a\",\"name\":null,\"is_global_admin\":true}}"},
    {"POST", "/v1/account/delete", "{\"Delete\":\"%a\"}"},
    {"GET", "/v1/account/%a/get", ""},
    {"GET", "/v1/account/%b/is_global_admin", ""},
    {"POST", "/v1/account/transfer-ownership",
     "{\"TransferOwnership\":{\"from_address\":\"%a\",\"to_address\":\"%b\",\"instance_id\":\"%i\"}}"},
    {"GET", "/v1/instance/%i/get", ""},
    {"POST", "/v1/instance/create", "%I"},
    {"POST", "/v1/instance/update", "%I"},
    {"GET", "/v1/instance/list", ""},
    {"GET", "/v1/instance/%i/get_by_build_id", ""}, /* an Instance's build_id is its id here */
    {"POST", "/v1/instance/%i/start", ""},
    {"POST", "/v1/instance/%i/stop", ""},
    {"POST", "/v1/instance/%i/reboot", ""},
    {"POST", "/v1/instance/%i/delete", ""},
    {"POST", "/v1/instance/%i/grant", "%b Operator"},
    {"POST", "/v1/instance/%i/revoke", "%b"},
    {"POST", "/v1/user/global_admin", "%b true"},
    {"POST", "/v1/bootstrap/ensure_admin_account", "{\"admin_public_key\":\"%b\"}"},
};

static const char *const METHODS[] = {"GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "get", "OPTIONS"};
static const char *const SEGMENTS[] = {"v1",     "account", "instance", "get",    "create", "start",
                                       "stop",   "reboot",  "delete",   "grant",  "revoke", "is_global_admin",
                                       "list",   "update",  "get_by_build_id", "user", "global_admin",
                                       "bootstrap", "..",   ""};
static const char *const LEVELS[] = {"ReadOnly", "Operator", "Manager", "Owner", "admin", "readonly"};
static const char *const PEERS[] = {VM_WIRE_DEFAULT_PEER, "127.0.0.1:41000", "127.0.0.15:5000",
                                    "127.0.0.150:80",     "[::1]:7000",      "::1",
                                    "10.0.0.9:3004"};
static const char *const FORWARDED[] = {"127.0.0.1",    "::1", "localhost", "localhost, 198.51.100.4",
                                        "198.51.100.4", "127.0.0.2"};
static const char *const HOSTS[] = {"localhost", "localhost:3004", "127.0.0.1:3004", "::1", "form-state:3004"};
static const char *const EXTRA_HEADERS[] = {"Content-Type: application/json\r\n", "Accept: */*\r\n",
                                            "User-Agent: form-cli/0.1\r\n", "Connection: keep-alive\r\n",
                                            "Transfer-Encoding: chunked\r\n"};
static const char *const RECID_PREFIXES[] = {"", "+", "0", "00", "000000000", "+0"}; /* kept by re-signing */
static const char *const RECID_BENT[] = {"27", "28", "4", "256", "-1", " 1", "0x1", "", "1 ", "+-1"};
static const char *const FIELDS[] = {"name",        "address",     "is_global_admin", "credits",
                                     "owned_instances", "authorized_instances", "from_address", "to_address",
                                     "instance_id", "admin_public_key", "instance_owner", "status",
                                     "build_id",    "formnet_ip",  "vcpus"};
static const char *const STATUSES[] = {"Created", "Started", "Stopped", "Killed", "Deleted", "Running"};
static const char *const VARIANTS[] = {"Create", "Update", "Delete", "TransferOwnership", "create"};
static const char *const SIG_HEADERS[] = {"Authorization", "X-Signature", "X-Recovery-Id", "X-Message"};

static void *wire_parse(const uint8_t *data, size_t size) {
  vm_wire *w = malloc(sizeof *w);
  if (w && (vm_wire_parse(data, size, w) != size || w->n == 0)) {
    free(w);
    w = NULL;
  }
  return w;
}

static long wire_serialize(const void *tree, uint8_t *out, size_t cap) { return vm_wire_write(tree, out, cap); }

static void wire_release(void *tree) { free(tree); }

/* ---- values ------------------------------------------------------------------- */

static void key_address(ff_input *in, size_t key, char out[43]) {
  vm_addr a;
  vm_addr_from_bytes(vm_wire_key(key)->addr, &a);
  vm_gen_address_spelling(in, &a, out);
}

static void instance_id(ff_input *in, char out[41]) { vm_gen_instance_id(ff_choose(in, VM_GEN_IDS), out); }

/* The signature headers were bent on purpose: sent as they are now. They
 * hold no key's signature any more, so a key given to the request later
 * (E_KEY) signs it afresh rather than trusting what was signed before. */
static void keep_bent(vm_wire_request *r) {
  r->key = VM_WIRE_KEEP;
  r->signed_key = FORCE_SIGN;
}

static size_t signer_of(ff_input *in, const vm_wire_request *r) {
  return r->key >= 0 ? (size_t)r->key : ff_choose(in, VM_WIRE_KEYS);
}

/* A route template with its placeholders filled; false when it does not fit. */
static bool expand(ff_input *in, const char *tmpl, size_t signer, char *out, size_t cap) {
  ff_buf b;
  ff_buf_init(&b, out, cap);
  for (const char *p = tmpl; *p; p++) {
    char text[VM_WIRE_BODY_MAX + 1], id[41], owner[43];
    if (p[0] != '%' || !p[1]) {
      ff_buf_putc(&b, *p);
      continue;
    }
    p++;
    if (*p == 'i') {
      instance_id(in, text);
    } else if (*p == 'I') {
      instance_id(in, id);
      key_address(in, ff_choose(in, VM_WIRE_KEYS), owner);
      vm_gen_instance_json(in, id, owner, text, sizeof text);
    } else {
      key_address(in, *p == 'a' ? signer : ff_choose(in, VM_WIRE_KEYS), text);
    }
    ff_buf_puts(&b, text);
  }
  return !b.overflow;
}

static void set_body(vm_wire_request *r, const char *text) {
  size_t n = strlen(text);
  if (n > VM_WIRE_BODY_MAX) return;
  memcpy(r->body, text, n);
  r->body_len = n;
}

/* ---- requests, methods, paths ------------------------------------------------------ */

/* Method, path and body of a route for the request's signer. */
static void use_route(ff_input *in, vm_wire_request *r) {
  const route *rt = &ROUTES[ff_choose(in, FF_COUNT_OF(ROUTES))];
  size_t signer = signer_of(in, r);
  char target[VM_WIRE_TARGET_MAX + 1], body[VM_WIRE_BODY_MAX + 1];
  if (!expand(in, rt->path, signer, target, sizeof target) || !expand(in, rt->body, signer, body, sizeof body))
    return;
  snprintf(r->method, sizeof r->method, "%s", rt->method);
  snprintf(r->target, sizeof r->target, "%s", target);
  set_body(r, body);
  r->has_length = strcmp(rt->method, "POST") == 0;
  vm_wire_drop_header(r, "Content-Type");
  if (body[0] == '{') vm_wire_set_header(r, "Content-Type", "application/json");
}

/* A new request as a client signs it: a route, a key, a scheme, a fresh message. */
static void new_request(ff_input *in, vm_wire_request *r) {
  memset(r, 0, sizeof *r);
  r->key = (int)ff_choose(in, VM_WIRE_KEYS);
  use_route(in, r);
  if (ff_choose(in, 3) == 0) {
    vm_wire_set_header(r, "X-Signature", "");
    vm_wire_set_header(r, "X-Recovery-Id", "");
    vm_wire_set_header(r, "X-Message", "");
  } else {
    vm_wire_set_header(r, "Authorization", "");
  }
  uint8_t raw[VM_NONCE_HEX / 2];
  char nonce[VM_NONCE_HEX + 1];
  ff_fill(in, raw, sizeof raw);
  vm_hex_encode(raw, sizeof raw, nonce);
  vm_wire_bind(r, VM_GEN_NOW - ff_range(in, 0, 60), nonce);
  r->signed_key = FORCE_SIGN;
}

/* One '/'-separated segment of the target replaced, dropped or doubled. */
static void edit_segment(ff_input *in, vm_wire_request *r) {
  char *seg[24];
  char copy[VM_WIRE_TARGET_MAX + 1];
  size_t n = 0;
  snprintf(copy, sizeof copy, "%s", r->target);
  char *p = copy;
  seg[n++] = p;
  while (n < 24 && (p = strchr(p, '/'))) {
    *p++ = '\0';
    seg[n++] = p;
  }
  if (n < 2) return;
  size_t at = ff_range(in, 1, n - 1);
  char text[43];
  switch (ff_choose(in, 5)) {
  case 0: instance_id(in, text); seg[at] = text; break;
  case 1: key_address(in, signer_of(in, r), text); seg[at] = text; break;
  case 2: seg[at] = (char *)FF_PICK(in, SEGMENTS); break;
  case 3: /* dropped */
    memmove(&seg[at], &seg[at + 1], (n - at - 1) * sizeof *seg);
    n--;
    break;
  default: /* doubled */
    if (n == 24) return;
    memmove(&seg[at + 1], &seg[at], (n - at) * sizeof *seg);
    n++;
  }
  char out[VM_WIRE_TARGET_MAX + 2];
  ff_buf b;
  ff_buf_init(&b, out, sizeof out);
  for (size_t i = 0; i < n; i++) {
    if (i) ff_buf_putc(&b, '/');
    ff_buf_puts(&b, seg[i]);
  }
  if (!b.overflow && b.len > 0 && b.len <= VM_WIRE_TARGET_MAX) {
    memcpy(r->target, out, b.len);
    r->target[b.len] = '\0';
  }
}

/* ---- header lines ------------------------------------------------------------------ */

static void edit_header(ff_input *in, vm_wire_request *r) {
  size_t starts[64];
  size_t n = vm_wire_header_lines(r, starts, 64);
  size_t i = n ? ff_range(in, 0, n - 1) : 0;
  size_t at = n ? starts[i] : 0, end = i + 1 < n ? starts[i + 1] : r->head_len;
  const char *colon = n ? memchr(r->head + at, ':', end - at) : NULL;
  bool signature = false;
  for (size_t k = 0; colon && k < FF_COUNT_OF(SIG_HEADERS); k++)
    signature |= strlen(SIG_HEADERS[k]) == (size_t)(colon - (r->head + at)) &&
                 strncasecmp(SIG_HEADERS[k], r->head + at, strlen(SIG_HEADERS[k])) == 0;
  switch (n && colon ? ff_choose(in, 6) : 5) {
  case 0: /* dropped (a signature header so: the request is sent as it is now) */
    vm_wire_splice_head(r, at, end - at, "", 0);
    if (signature) keep_bent(r);
    break;
  case 1: { /* doubled, before or after itself */
    char line[VM_WIRE_HEAD_MAX];
    memcpy(line, r->head + at, end - at);
    vm_wire_splice_head(r, ff_bool(in) ? at : end, 0, line, end - at);
    break;
  }
  case 2: /* the name in lower or upper case */
    for (char *p = r->head + at; p < colon; p++)
      if ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') *p = ff_bool(in) ? (char)(*p | 0x20) : (char)(*p & ~0x20);
    break;
  case 3: { /* whitespace after the colon or before the line end */
    static const char *const PAD[] = {" ", "\t", "  ", " \t "};
    const char *pad = FF_PICK(in, PAD);
    size_t where = ff_bool(in) ? (size_t)(colon - r->head) + 1 : end - 2;
    vm_wire_splice_head(r, where, 0, pad, strlen(pad));
    break;
  }
  case 4: { /* a byte no header value may hold */
    static const char BAD[] = {'\x01', '\x7f', '\x80', '\xff', '\0', '\x1b'};
    size_t lo = (size_t)(colon - r->head) + 1, hi = end >= 2 ? end - 2 : lo;
    size_t where = hi > lo ? ff_range(in, lo, hi) : lo;
    vm_wire_splice_head(r, where, 0, &BAD[ff_choose(in, sizeof BAD)], 1);
    if (signature) keep_bent(r);
    break;
  }
  default: { /* an ordinary header added */
    const char *h = FF_PICK(in, EXTRA_HEADERS);
    vm_wire_splice_head(r, n ? starts[ff_range(in, 0, n - 1)] : 0, 0, h, strlen(h));
  }
  }
}

/* X-Forwarded-For or Host saying "local" (or not), or the claim removed. */
static void edit_local_claim(ff_input *in, vm_wire_request *r) {
  switch (ff_choose(in, 3)) {
  case 0: vm_wire_set_header(r, "X-Forwarded-For", FF_PICK(in, FORWARDED)); break;
  case 1: vm_wire_set_header(r, "Host", FF_PICK(in, HOSTS)); break;
  default:
    vm_wire_drop_header(r, "X-Forwarded-For");
    vm_wire_drop_header(r, "Host");
  }
}

/* ---- the body ----------------------------------------------------------------------- */

static json_t *json_value(ff_input *in, const vm_wire_request *r) {
  char text[43];
  switch (ff_choose(in, 13)) {
  case 0: key_address(in, signer_of(in, r), text); return json_string(text);
  case 1: key_address(in, ff_choose(in, VM_WIRE_KEYS), text); return json_string(text);
  case 2: instance_id(in, text); return json_string(text);
  case 3: return json_string("");
  case 4: return json_null();
  case 5: return json_true();
  case 6: return json_false();
  case 7: {
    static const json_int_t INTS[] = {0, 1, -1, 100, 1000000, 9223372036854775807LL};
    return json_integer(FF_PICK(in, INTS));
  }
  case 8: return json_real(1.5);
  case 9: instance_id(in, text); return json_pack("[s]", text);
  case 10: return json_pack("{s:s}", FF_PICK(in, FIELDS), FF_PICK(in, LEVELS));
  case 11: return json_string(FF_PICK(in, STATUSES));
  default: return json_string(FF_PICK(in, LEVELS));
  }
}

/* Objects of the document, outermost first (at most cap). */
static size_t objects(json_t *j, json_t **out, size_t n, size_t cap) {
  if (!json_is_object(j) || n == cap) return n;
  out[n++] = j;
  const char *k;
  json_t *v;
  json_object_foreach(j, k, v) n = objects(v, out, n, cap);
  return n;
}

static void edit_json(ff_input *in, vm_wire_request *r, json_t *root) {
  json_t *objs[8];
  size_t n = objects(root, objs, 0, 8);
  if (n == 0) return;
  json_t *o = objs[ff_range(in, 0, n - 1)];
  size_t size = json_object_size(o), pick = size ? ff_range(in, 0, size - 1) : 0;
  const char *key = NULL;
  void *it = json_object_iter(o);
  for (size_t i = 0; it && i < pick; i++) it = json_object_iter_next(o, it);
  if (it) key = json_object_iter_key(it);
  switch (key ? ff_choose(in, 4) : 1) {
  case 0: json_object_set_new(o, key, json_value(in, r)); break;
  case 1: json_object_set_new(o, FF_PICK(in, FIELDS), json_value(in, r)); break;
  case 2: json_object_del(o, key); break;
  default: { /* the variant renamed: {"Create":…} -> {"Update":…} */
    json_t *v = json_incref(json_object_get(o, key));
    json_object_del(o, key);
    json_object_set_new(o, FF_PICK(in, VARIANTS), v);
  }
  }
}

/* A text body ("<address> <Level>", "<address>", "<address> true"). */
static void edit_text_body(ff_input *in, vm_wire_request *r) {
  char addr[43], body[VM_WIRE_BODY_MAX + 1];
  key_address(in, ff_choose(in, VM_WIRE_KEYS), addr);
  switch (ff_choose(in, 4)) {
  case 0: snprintf(body, sizeof body, "%s %s", addr, FF_PICK(in, LEVELS)); break;
  case 1: snprintf(body, sizeof body, "%s", addr); break;
  case 2: snprintf(body, sizeof body, "%s %s", addr, ff_bool(in) ? "true" : "false"); break;
  default: body[0] = '\0';
  }
  set_body(r, body);
}

static void edit_body(ff_input *in, vm_wire_request *r) {
  json_t *root = json_loadb((const char *)r->body, r->body_len, JSON_DECODE_ANY, NULL);
  if (!json_is_object(root)) {
    json_decref(root);
    edit_text_body(in, r);
    return;
  }
  edit_json(in, r, root);
  char *text = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
  if (text) set_body(r, text);
  free(text);
  json_decref(root);
}

/* ---- the signature ------------------------------------------------------------------- */

/* The signed message's timestamp, nonce or binding; the request is then
 * signed (by a key of the input's when it had none). */
static void edit_message(ff_input *in, vm_wire *w, vm_wire_request *r) {
  vm_fresh_fields f;
  bool fresh = vm_fresh_parse(r->msg, r->msg_len, &f) == VM_OK;
  uint64_t ts = fresh ? f.timestamp : VM_GEN_NOW;
  char nonce[VM_NONCE_HEX + 1];
  uint8_t raw[VM_NONCE_HEX / 2];
  ff_fill(in, raw, sizeof raw);
  vm_hex_encode(raw, sizeof raw, nonce);
  if (fresh && ff_bool(in)) memcpy(nonce, f.nonce, sizeof nonce);
  if (r->key < 0) r->key = (int)ff_choose(in, VM_WIRE_KEYS);
  switch (ff_choose(in, 6)) {
  case 0: {
    const uint64_t TIMES[] = {VM_GEN_NOW,       VM_GEN_NOW - VM_FRESH_WINDOW, VM_GEN_NOW - VM_FRESH_WINDOW - 1,
                              VM_GEN_NOW + VM_FRESH_WINDOW, VM_GEN_NOW + VM_FRESH_WINDOW + 1, 0,
                              9999999999u,      ts + 1, ts - 1};
    vm_wire_bind(r, FF_PICK(in, TIMES), nonce);
    break;
  }
  case 1: vm_wire_bind(r, ts, nonce); break; /* a new nonce, or the same one re-bound */
  case 2: { /* another request's nonce: a replay when the rest matches */
    const vm_wire_request *o = &w->req[ff_range(in, 0, w->n - 1)];
    vm_fresh_fields of;
    if (vm_fresh_parse(o->msg, o->msg_len, &of) == VM_OK) vm_wire_bind(r, of.timestamp, of.nonce);
    break;
  }
  case 3: { /* signed for another request */
    long n = vm_fresh_format("POST", "/v1/account/create", "", 0, ts, nonce, (char *)r->msg, sizeof r->msg);
    r->msg_len = n > 0 ? (size_t)n : 0;
    r->bound = false;
    break;
  }
  case 4: /* a constant, as the real clients sign (§1.1, §9 V2) */
    memcpy(r->msg, "Create account request", 22);
    r->msg_len = 22;
    r->bound = false;
    break;
  default:
    r->msg_len = 0;
    r->bound = false;
  }
}

static bool is_scheme_a(const vm_wire_request *r) {
  const char *v;
  size_t n;
  return vm_wire_header(r, "Authorization", &v, &n);
}

static void drop_signature(vm_wire_request *r) {
  for (size_t i = 0; i < FF_COUNT_OF(SIG_HEADERS); i++) vm_wire_drop_header(r, SIG_HEADERS[i]);
}

/* The other scheme's headers, signed by the request's key (or a new one). */
static void switch_scheme(ff_input *in, vm_wire_request *r) {
  bool to_b = is_scheme_a(r);
  drop_signature(r);
  if (to_b) {
    vm_wire_set_header(r, "X-Signature", "");
    vm_wire_set_header(r, "X-Recovery-Id", "");
    vm_wire_set_header(r, "X-Message", ff_bool(in) ? "0x" : "");
  } else {
    vm_wire_set_header(r, "Authorization", "");
  }
  if (r->key < 0) r->key = (int)ff_choose(in, VM_WIRE_KEYS);
  r->signed_key = FORCE_SIGN;
}

/* The recovery id's spelling: "+1", "001" survive re-signing; a bent value
 * (27, 4, -1, ...) freezes the headers. */
static void edit_recid(ff_input *in, vm_wire_request *r) {
  bool bent = ff_choose(in, 3) == 0;
  const char *v, *dot1, *dot2;
  size_t n;
  char value[VM_MSG_MAX * 2 + 160];
  if (!is_scheme_a(r)) {
    if (!vm_wire_header(r, "X-Recovery-Id", &v, &n)) return;
    char digit = n && v[n - 1] >= '0' && v[n - 1] <= '9' ? v[n - 1] : '0';
    if (bent)
      snprintf(value, sizeof value, "%s", FF_PICK(in, RECID_BENT));
    else
      snprintf(value, sizeof value, "%s%c", FF_PICK(in, RECID_PREFIXES), digit);
    vm_wire_set_header(r, "X-Recovery-Id", value);
  } else {
    if (!vm_wire_header(r, "Authorization", &v, &n) || n >= sizeof value) return;
    if (!(dot1 = memchr(v, '.', n)) || !(dot2 = memchr(dot1 + 1, '.', (size_t)(v + n - dot1 - 1)))) return;
    char digit = dot2 > dot1 + 1 && dot2[-1] >= '0' && dot2[-1] <= '9' ? dot2[-1] : '0';
    char recid[24];
    if (bent)
      snprintf(recid, sizeof recid, "%s", FF_PICK(in, RECID_BENT));
    else
      snprintf(recid, sizeof recid, "%s%c", FF_PICK(in, RECID_PREFIXES), digit);
    snprintf(value, sizeof value, "%.*s%s%.*s", (int)(dot1 + 1 - v), v, recid, (int)(v + n - dot2), dot2);
    vm_wire_set_header(r, "Authorization", value);
  }
  if (bent) keep_bent(r);
}

/* The shared generator's near-valid or hostile headers (high-S twin, flipped
 * recovery id, 63 bytes, other digest, duplicates, ...): kept as they are. */
static void bend_signature(ff_input *in, vm_wire_request *r) {
  char block[VM_WIRE_HEAD_MAX];
  ff_buf b;
  ff_buf_init(&b, block, sizeof block);
  ff_gen_sig_headers(in, ff_bool(in) ? FF_GEN_NEAR : FF_GEN_HOSTILE, is_scheme_a(r) ? FF_SIG_SCHEME_A : FF_SIG_SCHEME_B,
                     vm_wire_key(signer_of(in, r)), r->msg, r->msg_len, &b, NULL);
  if (b.overflow) return;
  vm_wire_request was = *r;
  drop_signature(r);
  if (!vm_wire_splice_head(r, r->head_len, 0, block, b.len)) {
    *r = was;
    return;
  }
  keep_bent(r);
}

/* Another request's signature headers, as they are (a signature made for one
 * request offered for another). */
static void copy_signature(ff_input *in, vm_wire *w, vm_wire_request *r) {
  const vm_wire_request *o = &w->req[ff_range(in, 0, w->n - 1)];
  if (o == r) return;
  vm_wire_request was = *r;
  drop_signature(r);
  for (size_t i = 0; i < FF_COUNT_OF(SIG_HEADERS); i++) {
    const char *v;
    size_t n;
    char value[VM_MSG_MAX * 2 + 160];
    if (!vm_wire_header(o, SIG_HEADERS[i], &v, &n) || n >= sizeof value) continue;
    memcpy(value, v, n);
    value[n] = '\0';
    if (!vm_wire_set_header(r, SIG_HEADERS[i], value)) {
      *r = was;
      return;
    }
  }
  vm_wire_read_message(r);
  keep_bent(r);
}

/* ---- the input as a whole ---------------------------------------------------------- */

static void edit_structure(ff_input *in, vm_wire *w, size_t i) {
  switch (ff_choose(in, 4)) {
  case 0: /* repeated right after itself: a replay */
    if (w->n == VM_WIRE_REQUESTS) return;
    memmove(&w->req[i + 1], &w->req[i], (w->n - i) * sizeof *w->req);
    w->n++;
    return;
  case 1:
    if (w->n == 1) return;
    memmove(&w->req[i], &w->req[i + 1], (w->n - i - 1) * sizeof *w->req);
    w->n--;
    return;
  case 2: {
    size_t j = ff_range(in, 0, w->n - 1);
    vm_wire_request t = w->req[i];
    w->req[i] = w->req[j];
    w->req[j] = t;
    return;
  }
  default:
    if (w->n == VM_WIRE_REQUESTS) return;
    memmove(&w->req[i + 1], &w->req[i], (w->n - i) * sizeof *w->req);
    w->n++;
    new_request(in, &w->req[i]);
  }
}

static void edit_frame(ff_input *in, vm_wire *w) {
  switch (ff_choose(in, 3)) {
  case 0: w->accounts ^= 1u << ff_choose(in, VM_WIRE_KEYS); break;
  case 1:
    if (ff_bool(in))
      w->faults[ff_choose(in, sizeof w->faults)] = ff_u8(in);
    else
      memset(w->faults, 0, sizeof w->faults);
    break;
  default: snprintf(w->peer, sizeof w->peer, "%s", FF_PICK(in, PEERS));
  }
}

enum edit {
  E_METHOD, E_SEGMENT, E_ROUTE, E_HEADER, E_LOCAL, E_RECID, E_BODY, E_MESSAGE,
  E_KEY, E_SCHEME, E_BEND, E_COPY_SIG, E_STRUCTURE, E_FRAME, E_COUNT
};
static const unsigned WEIGHTS[E_COUNT] = {
    [E_METHOD] = 1, [E_SEGMENT] = 3, [E_ROUTE] = 2, [E_HEADER] = 3, [E_LOCAL] = 1, [E_RECID] = 2, [E_BODY] = 4,
    [E_MESSAGE] = 3, [E_KEY] = 1, [E_SCHEME] = 1, [E_BEND] = 1, [E_COPY_SIG] = 1, [E_STRUCTURE] = 3, [E_FRAME] = 1};

static void wire_mutate(void *tree, ff_input *in) {
  vm_wire *w = tree;
  size_t i = ff_range(in, 0, w->n - 1);
  vm_wire_request *r = &w->req[i];
  switch ((enum edit)ff_weighted(in, WEIGHTS, E_COUNT)) {
  case E_METHOD: snprintf(r->method, sizeof r->method, "%s", FF_PICK(in, METHODS)); break;
  case E_SEGMENT: edit_segment(in, r); break;
  case E_ROUTE: use_route(in, r); break;
  case E_HEADER: edit_header(in, r); break;
  case E_LOCAL: edit_local_claim(in, r); break;
  case E_RECID: edit_recid(in, r); break;
  case E_BODY: edit_body(in, r); break;
  case E_MESSAGE: edit_message(in, w, r); break;
  case E_KEY: r->key = ff_choose(in, 6) == 0 ? VM_WIRE_KEEP : (int)ff_choose(in, VM_WIRE_KEYS); break;
  case E_SCHEME: switch_scheme(in, r); break;
  case E_BEND: bend_signature(in, r); break;
  case E_COPY_SIG: copy_signature(in, w, r); break;
  case E_STRUCTURE: edit_structure(in, w, i); break;
  default: edit_frame(in, w); break;
  }
  for (size_t k = 0; k < w->n; k++) vm_wire_resign(&w->req[k]);
}

/* A request of other grafted into tree at any place. */
static void wire_cross(void *tree, const void *other, ff_input *in) {
  vm_wire *w = tree;
  const vm_wire *o = other;
  if (w->n == VM_WIRE_REQUESTS) return;
  size_t at = ff_range(in, 0, w->n);
  memmove(&w->req[at + 1], &w->req[at], (w->n - at) * sizeof *w->req);
  w->req[at] = o->req[ff_range(in, 0, o->n - 1)];
  w->n++;
}

const ff_struct_mutator vm_wire_mutator = {
    .name = "vm_wire",
    .parse = wire_parse,
    .mutate = wire_mutate,
    .cross = wire_cross,
    .serialize = wire_serialize,
    .release = wire_release,
    .byte_share = 20,
};
