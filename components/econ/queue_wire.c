/* The queue's JSON wire format (§0.4, p2p §4.1): QueueRequest::Write with
 * content = [subtopic] ++ message bytes as a JSON array of integers and the
 * topic as SHA3 hex; QueueResponse "OpSuccess" and {"Failure":{"reason":...}}. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "econ_json.h"

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
  json_t *c = json_object_get(w, "content");
  if (!json_is_array(c)) {
    econ_json_fail(reason, cap, "expected an array of bytes", "content");
    goto done;
  }
  size_t n = json_array_size(c);
  uint8_t *buf = malloc(n ? n : 1);
  if (!buf) {
    e = ECON_ERR_NOMEM;
    goto done;
  }
  for (size_t i = 0; i < n; i++) {
    json_t *b = json_array_get(c, i);
    if (!json_is_integer(b) || json_integer_value(b) < 0 || json_integer_value(b) > 255) {
      free(buf);
      econ_json_fail(reason, cap, "an element is not an integer 0..255", "content");
      goto done;
    }
    buf[i] = (uint8_t)json_integer_value(b);
  }
  *content = buf;
  *content_len = n;
  e = ECON_OK;
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
