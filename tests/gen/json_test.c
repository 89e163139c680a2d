/* JSON generators: every output's claimed validity matches a strict checker
 * (json_check.c, written for the tests), the object builder's claims match a
 * schema check, valid/near-valid/hostile outputs all occur, and the same bytes
 * give the same text. Fixed seeds, fixed case counts. */
#define _GNU_SOURCE /* memmem */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "formfuzz/gen_json.h"
#include "gen_harness.h"
#include "json_check.h"

#define CASES 2000
#define OUT_CAP 16384

typedef struct json_ctx {
  unsigned quirks, quirks_seen;
  bool seen_pair, seen_limit, seen_deep_text;
} json_ctx;

static bool gen_value(ff_input *in, ff_gen_mode mode, ff_buf *out, void *ctx) {
  json_ctx *c = ctx;
  bool ok = ff_gen_json(in, mode, 4, out, &c->quirks);
  c->quirks_seen |= c->quirks;
  return ok;
}

static bool check_value(const char *text, size_t len, void *ctx) {
  (void)ctx;
  return json_check_document(text, len);
}

static void seen_value(ff_gen_mode mode, bool valid, const char *text, size_t len, void *ctx) {
  json_ctx *c = ctx;
  (void)mode;
  if (!valid) return;
  if (memmem(text, len, "\\uD", 3) || memmem(text, len, "\\ud", 3)) c->seen_pair = true;
  if (memmem(text, len, "9007199254740993", 16) || memmem(text, len, "18446744073709551616", 20))
    c->seen_limit = true;
  if (memmem(text, len, "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", 64))
    c->seen_deep_text = true;
}

static void checker_self_test(void) {
  static const char *const GOOD[] = {"0", "-0", "1e-400", "\"\\uD83D\\uDE00\"", "{\"a\":[1,{}]}", " [ ] ",
                                     "\"\xE2\x82\xAC\"", "\"\\uD800\""};
  static const char *const BAD[] = {"01", "[1,]", "{\"a\":1,}", "\"\\x\"", "\"\xC0\xAF\"", "[", "1 2",
                                    "\"\xED\xA0\x80\"", "{'a':1}", "NaN", ""};
  for (size_t i = 0; i < FF_COUNT_OF(GOOD); i++)
    REQUIRE(json_check_document(GOOD[i], strlen(GOOD[i])), "checker rejects %s", GOOD[i]);
  for (size_t i = 0; i < FF_COUNT_OF(BAD); i++)
    REQUIRE(!json_check_document(BAD[i], strlen(BAD[i])), "checker accepts %s", BAD[i]);
}

/* --- the object builder against a schema check ------------------------------ */

static const ff_json_field RPC_FIELDS[] = {
    {"jsonrpc", FF_JSON_RAW, "\"2.0\"", false},
    {"method", FF_JSON_STRING, NULL, false},
    {"params", FF_JSON_ARRAY, NULL, true},
    {"id", FF_JSON_UINT, NULL, false},
    {"meta", FF_JSON_ANY, NULL, true},
    {"ok", FF_JSON_BOOL, NULL, true},
    {"gas", FF_JSON_INT, NULL, false},
    {"price", FF_JSON_NUMBER, NULL, true},
    {"opts", FF_JSON_OBJECT, NULL, true},
};

static bool only_digits(const char *s, size_t n) {
  if (n == 0) return false;
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

static bool value_has_type(const ff_json_field *f, const char *v, size_t n) {
  char num[64];
  if (n == 4 && memcmp(v, "null", 4) == 0) return f->type == FF_JSON_NULL || f->type == FF_JSON_ANY || f->optional;
  switch (f->type) {
  case FF_JSON_ANY: return true;
  case FF_JSON_NULL: return false;
  case FF_JSON_BOOL: return (n == 4 && !memcmp(v, "true", 4)) || (n == 5 && !memcmp(v, "false", 5));
  case FF_JSON_STRING: return v[0] == '"';
  case FF_JSON_ARRAY: return v[0] == '[';
  case FF_JSON_OBJECT: return v[0] == '{';
  case FF_JSON_RAW: return n == strlen(f->raw) && memcmp(v, f->raw, n) == 0;
  case FF_JSON_INT:
  case FF_JSON_UINT:
  case FF_JSON_NUMBER: {
    bool neg = v[0] == '-';
    if (n >= sizeof num || v[0] == '"' || v[0] == '[' || v[0] == '{' || v[0] == 't' || v[0] == 'f') return false;
    memcpy(num, v, n);
    num[n] = '\0';
    errno = 0;
    if (f->type == FF_JSON_NUMBER) return isfinite(strtod(num, NULL));
    if (!only_digits(num + neg, n - neg)) return false;
    if (f->type == FF_JSON_UINT) {
      if (neg) return false;
      strtoull(num, NULL, 10);
    } else {
      strtoll(num, NULL, 10);
    }
    return errno == 0;
  }
  }
  return false;
}

/* Well-formed, an object, each schema field at most once with its type, every
 * required field present; other keys ignored. */
static bool check_object(const char *text, size_t len, void *ctx) {
  (void)ctx;
  if (!json_check_document(text, len)) return false;
  size_t pos = 0;
  json_check_skip_ws(text, len, &pos);
  if (text[pos] != '{') return false;
  unsigned present[FF_COUNT_OF(RPC_FIELDS)] = {0};
  pos++;
  for (;;) {
    json_check_skip_ws(text, len, &pos);
    if (text[pos] == '}') break;
    if (text[pos] == ',') pos++;
    json_check_skip_ws(text, len, &pos);
    size_t key_start = ++pos;
    while (text[pos] != '"') pos += text[pos] == '\\' ? 2 : 1;
    size_t key_len = pos - key_start;
    pos++;
    json_check_skip_ws(text, len, &pos);
    pos++; /* ':' */
    json_check_skip_ws(text, len, &pos);
    size_t v_start = pos;
    json_check_value(text, len, &pos);
    for (size_t i = 0; i < FF_COUNT_OF(RPC_FIELDS); i++) {
      const ff_json_field *f = &RPC_FIELDS[i];
      if (strlen(f->name) != key_len || memcmp(f->name, text + key_start, key_len) != 0) continue;
      if (present[i]++ || !value_has_type(f, text + v_start, pos - v_start)) return false;
    }
  }
  for (size_t i = 0; i < FF_COUNT_OF(RPC_FIELDS); i++)
    if (!RPC_FIELDS[i].optional && !present[i]) return false;
  return true;
}

static bool gen_object(ff_input *in, ff_gen_mode mode, ff_buf *out, void *ctx) {
  json_ctx *c = ctx;
  bool ok = ff_gen_json_object(in, mode, RPC_FIELDS, FF_COUNT_OF(RPC_FIELDS), out, &c->quirks);
  c->quirks_seen |= c->quirks;
  return ok;
}

int main(void) {
  checker_self_test();

  /* zero bytes give the simplest value */
  char small[64];
  ff_buf b;
  ff_input in;
  ff_input_init(&in, NULL, 0);
  ff_buf_init(&b, small, sizeof small);
  REQUIRE(ff_gen_json(&in, FF_GEN_ANY, 4, &b, NULL) && strcmp(small, "null") == 0, "zero bytes gave %s", small);

  /* a buffer too small: cut, flagged, claimed invalid */
  static const uint8_t big_string[] = {3, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  ff_input_init(&in, big_string, sizeof big_string);
  ff_buf_init(&b, small, 4);
  REQUIRE(!ff_gen_json(&in, FF_GEN_VALID, 4, &b, NULL) && b.overflow && b.len == 3, "overflow not reported");

  json_ctx ctx = {0};
  harness_counts counts[4];
  harness_run("json", gen_value, check_value, seen_value, &ctx, CASES, OUT_CAP, counts);
  harness_expect_usual("json", counts);
  REQUIRE(ctx.seen_pair && ctx.seen_limit && ctx.seen_deep_text, "json: missing surrogate pairs, limits or depth");
  unsigned want = FF_JSON_Q_DUP_KEYS | FF_JSON_Q_LONE_SURROGATE | FF_JSON_Q_NUL_CHAR | FF_JSON_Q_NUMBER_LIMIT |
                  FF_JSON_Q_DEEP | FF_JSON_Q_LARGE;
  REQUIRE((ctx.quirks_seen & want) == want, "json: quirks seen %#x", ctx.quirks_seen);

  json_ctx octx = {0};
  harness_run("json_object", gen_object, check_object, NULL, &octx, CASES, OUT_CAP, counts);
  harness_expect_usual("json_object", counts);
  REQUIRE(counts[FF_GEN_HOSTILE].valid > 0, "json_object: hostile never valid");
  REQUIRE(octx.quirks_seen & FF_JSON_Q_EXTRA_FIELD, "json_object: no extra field seen");
  printf("json: ok\n");
  return 0;
}
