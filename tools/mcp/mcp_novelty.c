/* Response classes and the set of those seen (see mcp_novelty.h). */
#include "mcp_novelty.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MESSAGE_CLASS_CHARS 40

/* Blurs a message: digits to 9, quoted parts and paths to one mark each. */
static void blur(const char *msg, char *out, size_t cap) {
  size_t o = 0;
  for (const char *p = msg; *p && o + 2 < cap && o < MESSAGE_CLASS_CHARS;) {
    if (*p == '"' || *p == '\'') {
      char q = *p++;
      while (*p && *p != q) p++;
      if (*p) p++;
      out[o++] = 'Q';
    } else if (*p == '/' || *p == '\\') {
      while (*p && !isspace((unsigned char)*p) && *p != ',' && *p != ':') p++;
      out[o++] = 'P';
    } else if (isdigit((unsigned char)*p)) {
      while (isdigit((unsigned char)*p)) p++;
      out[o++] = '9';
    } else {
      out[o++] = *p++;
    }
  }
  out[o] = '\0';
}

static void result_shape(json_t *result, char *out, size_t cap) {
  size_t o = 0;
  out[0] = '\0';
  json_t *content = json_object_get(result, "content");
  if (json_is_array(content)) {
    o += (size_t)snprintf(out + o, cap - o, "%s", json_is_true(json_object_get(result, "isError")) ? "E:" : "");
    size_t i;
    json_t *item;
    json_array_foreach(content, i, item) {
      if (i >= 4 || o + 1 >= cap) break;
      const char *t = json_string_value(json_object_get(item, "type"));
      o += (size_t)snprintf(out + o, cap - o, "%s,", t ? t : "?");
    }
    if (json_object_get(result, "structuredContent") && o + 1 < cap) snprintf(out + o, cap - o, "+S");
    return;
  }
  const char *key;
  json_t *v;
  json_object_foreach(result, key, v) {
    if (o + 1 >= cap) break;
    o += (size_t)snprintf(out + o, cap - o, "%s,", key);
  }
}

void mcp_class_of(const mcp_step *st, const mcp_exchange *x, char *out, size_t cap) {
  static const char *const OUTCOMES[] = {"reply", "silent", "timeout", "died", "unanswered"};
  char shape[128] = "", msg[64] = "", code[24] = "-";
  if (x->reply) {
    json_t *error = json_object_get(x->reply, "error"), *result = json_object_get(x->reply, "result");
    if (error) {
      snprintf(code, sizeof code, "%lld", (long long)json_integer_value(json_object_get(error, "code")));
      const char *m = json_string_value(json_object_get(error, "message"));
      blur(m ? m : "", msg, sizeof msg);
    } else if (json_is_object(result)) {
      result_shape(result, shape, sizeof shape);
      json_t *first = json_array_get(json_object_get(result, "content"), 0);
      const char *text = json_string_value(json_object_get(first, "text"));
      if (text && json_is_true(json_object_get(result, "isError"))) blur(text, msg, sizeof msg);
    }
  }
  snprintf(out, cap, "%s|%s|%s|%s|%s|%s|%zu", st->method, st->variant[0] ? st->variant : st->name,
           OUTCOMES[x->outcome], code, shape, msg, json_array_size(x->received) > 1 ? (size_t)2 : (size_t)1);
}

static uint64_t fnv1a(const char *s) {
  uint64_t h = 1469598103934665603ULL;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  return h ? h : 1;
}

static int insert(mcp_classes *c, uint64_t h) {
  for (size_t i = h % c->cap;; i = (i + 1) % c->cap) {
    if (c->slots[i] == h) return 0;
    if (!c->slots[i]) {
      c->slots[i] = h;
      c->count++;
      return 1;
    }
  }
}

int mcp_classes_add(mcp_classes *c, const char *cls) {
  if ((c->count + 1) * 2 > c->cap) {
    size_t ncap = c->cap ? c->cap * 2 : 256;
    mcp_classes grown = {.slots = calloc(ncap, sizeof(uint64_t)), .cap = ncap};
    if (!grown.slots) return -1;
    for (size_t i = 0; i < c->cap; i++)
      if (c->slots[i]) insert(&grown, c->slots[i]);
    free(c->slots);
    *c = grown;
  }
  return insert(c, fnv1a(cls));
}

void mcp_classes_free(mcp_classes *c) {
  free(c->slots);
  memset(c, 0, sizeof *c);
}
