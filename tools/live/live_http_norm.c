/* HTTP responses in canonical lines (live_http_norm.h). */
#include "live_http_norm.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static void flatten(json_t *v, const char *path, const live_rules *r, live_lines *out, int depth) {
  if (depth > 32) {
    live_lines_add(out, "body%s <nested deeper than 32>", path);
    return;
  }
  if (json_is_object(v)) {
    const char *key;
    json_t *member;
    if (json_object_size(v) == 0) live_lines_add(out, "body%s {}", path);
    json_object_foreach(v, key, member) {
      char sub[1024];
      snprintf(sub, sizeof sub, "%s.%s", path, key);
      if (live_rules_json_key_ignored(r, key)) live_lines_add(out, "body%s <ignored>", sub);
      else flatten(member, sub, r, out, depth + 1);
    }
    return;
  }
  if (json_is_array(v)) {
    size_t i;
    json_t *item;
    if (json_array_size(v) == 0) live_lines_add(out, "body%s []", path);
    json_array_foreach(v, i, item) {
      char sub[1024];
      snprintf(sub, sizeof sub, "%s[%zu]", path, i);
      flatten(item, sub, r, out, depth + 1);
    }
    return;
  }
  char *text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
  live_lines_add(out, "body%s %s", *path ? path : ".", text ? text : "?");
  free(text);
}

static bool skipped_header(const char *name, const live_rules *r) {
  return strcasecmp(name, "Connection") == 0 || strcasecmp(name, "Keep-Alive") == 0 ||
         strcasecmp(name, "Transfer-Encoding") == 0 || strcasecmp(name, "Content-Length") == 0 ||
         live_rules_header_ignored(r, name);
}

void live_http_canon(const live_http_msg *m, const live_rules *r, live_lines *out) {
  if (!m) {
    live_lines_add(out, "no-reply");
    return;
  }
  live_lines_add(out, "status %d", m->status);
  for (int i = 0; i < m->nheaders; i++) {
    if (skipped_header(m->headers[i].name, r)) continue;
    char name[128];
    snprintf(name, sizeof name, "%s", m->headers[i].name);
    for (char *p = name; *p; p++) *p = (char)tolower((unsigned char)*p);
    live_lines_add(out, "header.%s %s", name, m->headers[i].value);
  }
  if (!m->body_len) return;
  json_error_t je;
  json_t *doc = json_loadb((const char *)m->body, m->body_len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
  if (doc) {
    flatten(doc, "", r, out, 0);
    json_decref(doc);
    return;
  }
  for (size_t start = 0, n = 0; start < m->body_len && n < 256; n++) { /* text: line by line */
    const uint8_t *nl = memchr(m->body + start, '\n', m->body_len - start);
    size_t end = nl ? (size_t)(nl - m->body) : m->body_len;
    char esc[1024];
    live_escape(esc, sizeof esc, m->body + start, end - start);
    live_lines_add(out, "body.text[%zu] %s", n, esc);
    start = end + 1;
  }
}
