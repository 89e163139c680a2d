/* The state of a reply per protocol, as text and hash (live_proto.h). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns_wire.h"
#include "live_lines.h"
#include "live_proto.h"

int live_proto_parse(const char *name, live_proto *out) {
  static const char *const names[] = {"raw", "dns", "http"};
  for (int i = 0; i < 3; i++)
    if (strcmp(name, names[i]) == 0) {
      *out = (live_proto)i;
      return 0;
    }
  return -1;
}

const char *live_proto_name(live_proto p) { return p == LIVE_PROTO_DNS ? "dns" : p == LIVE_PROTO_HTTP ? "http" : "raw"; }

static uint32_t fnv(const uint8_t *d, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ d[i]) * 16777619u;
  return h < 16 ? h + 16 : h; /* keep clear of the special states */
}

uint32_t live_state_hash(const char *text) { return fnv((const uint8_t *)text, strlen(text)); }

uint32_t live_state_raw(const uint8_t *reply, size_t len, size_t skip, size_t bytes, char *text, size_t cap) {
  const uint8_t *from = reply;
  size_t n = len;
  if (len > skip) {
    from = reply + skip, n = 0;
    while (skip + n < len && n < bytes && from[n] != '\n') n++;
  }
  live_escape(text, cap, from, n);
  return fnv(from, n);
}

static const char *rcode_name(unsigned r) {
  static const char *const names[] = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED",
                                      "YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE"};
  return r < sizeof names / sizeof names[0] ? names[r] : NULL;
}

uint32_t live_state_dns(const uint8_t *reply, size_t len, char *text, size_t cap) {
  if (len < DNS_HEADER_LEN) {
    snprintf(text, cap, "short %zu", len);
    return live_state_hash(text);
  }
  unsigned flags = (unsigned)reply[2] << 8 | reply[3], rcode = DNS_RCODE(flags);
  bool edns = false, parsed = false;
  dns_msg m;
  if (dns_msg_init(&m) == 0) {
    if (dns_msg_parse(&m, reply, len) == DNS_OK) {
      parsed = true;
      edns = m.opt_index >= 0;
      if (edns) rcode |= (unsigned)m.edns_ext_rcode << 4;
    }
    dns_msg_free(&m);
  }
  static const struct { unsigned bit; const char *name; } bits[] = {
      {DNS_F_QR, "qr"}, {DNS_F_AA, "aa"}, {DNS_F_TC, "tc"}, {DNS_F_RD, "rd"},
      {DNS_F_RA, "ra"}, {DNS_F_AD, "ad"}, {DNS_F_CD, "cd"}};
  char flag_text[32] = "", rc[16];
  for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++)
    if (flags & bits[i].bit) strcat(strcat(flag_text, flag_text[0] ? "," : ""), bits[i].name);
  const char *name = rcode_name(rcode);
  if (name) snprintf(rc, sizeof rc, "%s", name);
  else snprintf(rc, sizeof rc, "rcode%u", rcode);
  char counts[4][4];
  for (int s = 0; s < 4; s++) {
    unsigned c = (unsigned)reply[4 + 2 * s] << 8 | reply[5 + 2 * s];
    if (c > 8) snprintf(counts[s], sizeof counts[s], "8+");
    else snprintf(counts[s], sizeof counts[s], "%u", c);
  }
  snprintf(text, cap, "op%u %s %s %s/%s/%s/%s%s%s", DNS_OPCODE(flags), rc, flag_text[0] ? flag_text : "-", counts[0],
           counts[1], counts[2], counts[3], edns ? " edns" : "", parsed ? "" : " unparsed");
  return live_state_hash(text);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

/* Appends v's shape to out (cap bytes, always terminated). */
static void shape(json_t *v, int depth, char *out, size_t cap) {
  size_t o = strlen(out);
  if (o + 1 >= cap) return;
  if (json_is_object(v)) {
    if (depth >= 3) {
      snprintf(out + o, cap - o, "{..}");
      return;
    }
    size_t n = json_object_size(v), k = 0;
    const char **keys = malloc((n ? n : 1) * sizeof *keys);
    const char *key;
    json_t *member;
    if (!keys) return;
    json_object_foreach(v, key, member) keys[k++] = key;
    qsort(keys, n, sizeof *keys, cmp_str);
    snprintf(out + o, cap - o, "{");
    for (size_t i = 0; i < n; i++) {
      o = strlen(out);
      snprintf(out + o, cap - o, "%s%s:", i ? "," : "", keys[i]);
      shape(json_object_get(v, keys[i]), depth + 1, out, cap);
    }
    free(keys);
    o = strlen(out);
    snprintf(out + o, cap - o, "}");
  } else if (json_is_array(v)) {
    snprintf(out + o, cap - o, "[");
    if (json_array_size(v)) shape(json_array_get(v, 0), depth + 1, out, cap);
    o = strlen(out);
    snprintf(out + o, cap - o, "]");
  } else {
    const char *kind = json_is_string(v) ? "s" : json_is_integer(v) ? "i" : json_is_real(v) ? "r" : json_is_boolean(v) ? "b" : "n";
    snprintf(out + o, cap - o, "%s", kind);
  }
}

uint32_t live_state_http(const live_http_msg *r, char *text, size_t cap) {
  if (!r) {
    snprintf(text, cap, "not-http");
    return live_state_hash(text);
  }
  char full[1024];
  snprintf(full, sizeof full, "%d ", r->status);
  json_t *doc = r->body_len ? json_loadb((const char *)r->body, r->body_len, JSON_DECODE_ANY, NULL) : NULL;
  if (doc) shape(doc, 0, full, sizeof full);
  else strcat(full, r->body_len ? "text" : "empty");
  json_decref(doc);
  snprintf(text, cap, "%s", full); /* the hash covers the whole shape, the text may be cut */
  return live_state_hash(full);
}
