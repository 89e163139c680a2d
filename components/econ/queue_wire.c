/* The queue's JSON wire format (§0.4, p2p §4.1-§4.2): QueueRequest::Write with
 * content = [subtopic] ++ message bytes as a JSON array of integers and the
 * topic as SHA3 hex; QueueRequest::Op (Up with a SignedMessage, or Rm);
 * QueueResponse "OpSuccess" and {"Failure":{"reason":...}}. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "econ_json.h"

/* Vec<u8> as serde writes it: a JSON array of integers. */
static json_t *bytes_json(const uint8_t *p, size_t n) {
  json_t *a = json_array();
  for (size_t i = 0; a && i < n; i++)
    if (json_array_append_new(a, json_integer(p[i])) != 0) {
      json_decref(a);
      return NULL;
    }
  return a;
}

/* A JSON array of integers 0..255 into a malloc'd buffer. */
static econ_err bytes_from_json(json_t *c, const char *field, uint8_t **out, size_t *len, char *reason,
                                size_t cap) {
  if (!json_is_array(c)) return econ_json_fail(reason, cap, "expected an array of bytes", field);
  size_t n = json_array_size(c);
  uint8_t *buf = malloc(n ? n : 1);
  if (!buf) return ECON_ERR_NOMEM;
  for (size_t i = 0; i < n; i++) {
    json_t *b = json_array_get(c, i);
    if (!json_is_integer(b) || json_integer_value(b) < 0 || json_integer_value(b) > 255) {
      free(buf);
      return econ_json_fail(reason, cap, "an element is not an integer 0..255", field);
    }
    buf[i] = (uint8_t)json_integer_value(b);
  }
  *out = buf;
  *len = n;
  return ECON_OK;
}

char *econ_queue_write_json(const char *topic_name, uint8_t subtopic, const char *msg,
                            size_t msg_len, size_t *out_len) {
  char hex[65];
  econ_topic_hash(topic_name, strlen(topic_name), hex);
  json_t *content = json_array(), *w = json_object(), *root = json_object();
  char *out = NULL;
  if (!content || !w || !root) goto done;
  int rc = json_array_append_new(content, json_integer(subtopic));
  for (size_t i = 0; i < msg_len && rc == 0; i++)
    rc = json_array_append_new(content, json_integer((uint8_t)msg[i]));
  rc |= json_object_set(w, "content", content);
  rc |= json_object_set_new(w, "topic", json_string(hex));
  rc |= json_object_set(root, "Write", w);
  if (rc == 0) out = econ_json_dump(root, out_len);
done:
  json_decref(content);
  json_decref(w);
  json_decref(root);
  return out;
}

static bool is_topic_hex(const char *s) {
  if (strlen(s) != 64) return false;
  for (size_t i = 0; i < 64; i++)
    if (!isdigit((unsigned char)s[i]) && !(s[i] >= 'a' && s[i] <= 'f')) return false;
  return true;
}

econ_err econ_queue_parse_write(const char *json, size_t len, uint8_t **content,
                                size_t *content_len, char topic_hex[65], char *reason, size_t cap) {
  *content = NULL;
  *content_len = 0;
  json_error_t jerr;
  json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
  if (!root) {
    if (reason && cap) snprintf(reason, cap, "not JSON: %s", jerr.text);
    return ECON_ERR_PARSE;
  }
  econ_err e = ECON_ERR_PARSE;
  json_t *w = json_object_get(root, "Write");
  if (!json_is_object(root) || json_object_size(root) != 1 || !json_is_object(w)) {
    econ_json_fail(reason, cap, "expected {\"Write\":{...}}", "QueueRequest");
    goto done;
  }
  if ((e = econ_json_str(w, "topic", topic_hex, 65, false, NULL, reason, cap))) {
    if (reason && cap && strstr(reason, "too long")) snprintf(reason, cap, "topic: not 64 hex characters");
    goto done;
  }
  e = ECON_ERR_PARSE;
  if (!is_topic_hex(topic_hex)) {
    econ_json_fail(reason, cap, "not 64 lowercase hex characters", "topic");
    goto done;
  }
  e = bytes_from_json(json_object_get(w, "content"), "content", content, content_len, reason, cap);
done:
  json_decref(root);
  return e;
}

char *econ_queue_response_json(bool success, const char *reason) {
  if (success) {
    char *s = malloc(sizeof "\"OpSuccess\"");
    if (s) strcpy(s, "\"OpSuccess\"");
    return s;
  }
  json_t *inner = json_object(), *root = json_object();
  char *out = NULL;
  if (inner && root &&
      json_object_set_new(inner, "reason", reason ? json_string(reason) : json_null()) == 0 &&
      json_object_set(root, "Failure", inner) == 0)
    out = econ_json_dump(root, NULL);
  json_decref(inner);
  json_decref(root);
  return out;
}

int econ_queue_parse_response(const char *json, size_t len, char *reason, size_t cap) {
  if (reason && cap) reason[0] = 0;
  json_t *root = json_loadb(json, len, JSON_DECODE_ANY, NULL);
  if (!root) return -1;
  int r = -1;
  if (json_is_string(root) && strcmp(json_string_value(root), "OpSuccess") == 0) r = 1;
  json_t *f = json_object_get(root, "Failure");
  if (json_is_object(root) && json_object_size(root) == 1 && json_is_object(f)) {
    json_t *why = json_object_get(f, "reason");
    if (json_is_string(why) && reason && cap) snprintf(reason, cap, "%s", json_string_value(why));
    if (!why || json_is_null(why) || json_is_string(why)) r = 0;
  }
  json_decref(root);
  return r;
}

/* ---- QueueRequest::Op (p2p §4.2) ---- */

static json_t *vclock_json(const econ_vclock *v) {
  json_t *o = json_object();
  for (size_t i = 0; o && i < v->n; i++)
    if (v->counter[i] > (uint64_t)INT64_MAX ||
        json_object_set_new(o, v->actor[i], json_integer((json_int_t)v->counter[i])) != 0) {
      json_decref(o);
      return NULL;
    }
  return o;
}

static econ_err vclock_from_json(json_t *o, econ_vclock *v, char *reason, size_t cap) {
  memset(v, 0, sizeof *v);
  if (!json_is_object(o)) return econ_json_fail(reason, cap, "expected an object", "vclock");
  const char *actor;
  json_t *c;
  json_object_foreach(o, actor, c) {
    if (!json_is_integer(c) || json_integer_value(c) < 0)
      return econ_json_fail(reason, cap, "a counter is not an unsigned integer", "vclock");
    if (econ_vclock_observe(v, actor, (uint64_t)json_integer_value(c)) != ECON_OK)
      return econ_json_fail(reason, cap, "too many actors or an actor too long", "vclock");
  }
  return ECON_OK;
}

static void hex_of(const uint8_t *p, size_t n, char *out) {
  static const char digits[] = "0123456789abcdef";
  for (size_t i = 0; i < n; i++) {
    out[2 * i] = digits[p[i] >> 4];
    out[2 * i + 1] = digits[p[i] & 15];
  }
  out[2 * n] = 0;
}

/* Exactly 2n lowercase hex characters into n bytes. */
static bool bytes_of_hex(const char *s, uint8_t *out, size_t n) {
  if (strlen(s) != 2 * n) return false;
  for (size_t i = 0; i < 2 * n; i++)
    if (!isdigit((unsigned char)s[i]) && !(s[i] >= 'a' && s[i] <= 'f')) return false;
  for (size_t i = 0; i < n; i++) {
    unsigned hi = isdigit((unsigned char)s[2 * i]) ? (unsigned)(s[2 * i] - '0') : (unsigned)(s[2 * i] - 'a' + 10);
    unsigned lo = isdigit((unsigned char)s[2 * i + 1]) ? (unsigned)(s[2 * i + 1] - '0')
                                                       : (unsigned)(s[2 * i + 1] - 'a' + 10);
    out[i] = (uint8_t)(hi << 4 | lo);
  }
  return true;
}

char *econ_qop_json(const econ_qop *op, size_t *len) {
  char sig_hex[129], hash_hex[65];
  hex_of(op->sig, 64, sig_hex);
  hex_of(op->hash, 32, hash_hex);
  json_t *content = bytes_json(op->content, op->len), *clock = vclock_json(&op->clock);
  if (!content || !clock || op->dot_counter > (uint64_t)INT64_MAX) {
    json_decref(content);
    json_decref(clock);
    return NULL;
  }
  json_t *root = json_pack("{s:{s:{s:{s:s,s:I},s:s,s:{s:{s:o,s:o},s:{s:s,s:i},s:s}}}}", "Op", "Up", "dot", "actor",
                           op->dot_actor, "counter", (json_int_t)op->dot_counter, "key", op->topic_hex, "op",
                           "message", "content", content, "vclock", clock, "signature", "sig", sig_hex, "rec",
                           (int)op->recid, "hash", hash_hex);
  char *out = root ? econ_json_dump(root, len) : NULL;
  json_decref(root);
  return out;
}

void econ_qop_free(econ_qop *op) {
  free((void *)op->content);
  op->content = NULL;
}

static econ_err parse_up(json_t *up, econ_qop *op, char *reason, size_t cap) {
  json_t *dot = json_object_get(up, "dot"), *sm = json_object_get(up, "op");
  json_t *msg = json_object_get(sm, "message"), *sig = json_object_get(sm, "signature");
  if (!json_is_object(dot) || !json_is_object(sm) || !json_is_object(msg) || !json_is_object(sig))
    return econ_json_fail(reason, cap, "expected dot, op.message and op.signature objects", "Up");
  econ_err e;
  char sig_hex[130], hash_hex[66];
  uint64_t rec;
  if ((e = econ_json_str(dot, "actor", op->dot_actor, sizeof op->dot_actor, false, NULL, reason, cap)) ||
      (e = econ_json_u64(dot, "counter", &op->dot_counter, reason, cap)) ||
      (e = econ_json_str(up, "key", op->topic_hex, sizeof op->topic_hex, false, NULL, reason, cap)) ||
      (e = econ_json_str(sig, "sig", sig_hex, sizeof sig_hex, false, NULL, reason, cap)) ||
      (e = econ_json_u64(sig, "rec", &rec, reason, cap)) ||
      (e = econ_json_str(sm, "hash", hash_hex, sizeof hash_hex, false, NULL, reason, cap)))
    return e;
  if (!is_topic_hex(op->topic_hex)) return econ_json_fail(reason, cap, "not 64 lowercase hex characters", "key");
  if (!bytes_of_hex(sig_hex, op->sig, 64)) return econ_json_fail(reason, cap, "not 128 hex characters", "sig");
  if (!bytes_of_hex(hash_hex, op->hash, 32)) return econ_json_fail(reason, cap, "not 64 hex characters", "hash");
  if (rec > 255) return econ_json_fail(reason, cap, "not a u8", "rec");
  op->recid = (uint8_t)rec;
  if ((e = vclock_from_json(json_object_get(msg, "vclock"), &op->clock, reason, cap))) return e;
  uint8_t *content;
  if ((e = bytes_from_json(json_object_get(msg, "content"), "content", &content, &op->len, reason, cap))) return e;
  op->content = content;
  return ECON_OK;
}

static econ_err parse_rm(json_t *rm, econ_qop *op, bool *is_rm, char *reason, size_t cap) {
  json_t *keyset = json_object_get(rm, "keyset");
  econ_vclock clock;
  econ_err e = vclock_from_json(json_object_get(rm, "clock"), &clock, reason, cap);
  if (e) return e;
  if (!json_is_array(keyset) || json_array_size(keyset) > ECON_Q_TOPICS)
    return econ_json_fail(reason, cap, "expected an array of at most 16 topics", "keyset");
  for (size_t i = 0; i < json_array_size(keyset); i++) {
    const char *k = json_string_value(json_array_get(keyset, i));
    if (!k || !is_topic_hex(k)) return econ_json_fail(reason, cap, "a topic is not 64 lowercase hex", "keyset");
    strcpy(op->keys[op->nkeys++], k);
  }
  *is_rm = true;
  return ECON_OK;
}

econ_err econ_qop_parse(const char *json, size_t len, econ_qop *op, bool *is_rm, char *reason, size_t cap) {
  memset(op, 0, sizeof *op);
  *is_rm = false;
  json_t *root;
  econ_err e = econ_json_load_object(json, len, "QueueRequest", &root, reason, cap);
  json_t *o = json_object_get(root, "Op");
  if (e == ECON_OK && (json_object_size(root) != 1 || !json_is_object(o) || json_object_size(o) != 1))
    e = econ_json_fail(reason, cap, "expected {\"Op\":{\"Up\"|\"Rm\":{...}}}", "QueueRequest");
  if (e == ECON_OK) {
    json_t *up = json_object_get(o, "Up"), *rm = json_object_get(o, "Rm");
    if (json_is_object(up))
      e = parse_up(up, op, reason, cap);
    else if (json_is_object(rm))
      e = parse_rm(rm, op, is_rm, reason, cap);
    else
      e = econ_json_fail(reason, cap, "expected Up or Rm", "Op");
  }
  json_decref(root);
  return e;
}
