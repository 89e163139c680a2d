/* Unit tests of the schema pieces of `formfuzz mcp` (tools/mcp/): the pattern
 * subset (parse, match through regcomp, generated strings that match and
 * counterexamples that do not), the string formats, the checker's keywords
 * ($ref/$defs/definitions with recursion, not, const, oneOf/anyOf/allOf,
 * additionalProperties schemas, min/maxItems, uniqueItems, multipleOf,
 * pattern, format) and its certainty, and the generator: under fixed seeds,
 * every valid-mode value validates, and past-the-schema values break the
 * keyword they aim at. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ff_check.h"
#include "formfuzz/input.h"
#include "mcp_format.h"
#include "mcp_regex.h"
#include "mcp_schema_check.h"
#include "mcp_schema_gen.h"

#define DRAWS 300
#define PAYLOAD 64

/* deterministic payloads: the same seed gives the same bytes */
static void payload(uint64_t seed, uint8_t *out, size_t n) {
  uint64_t x = seed * 0x9E3779B97F4A7C15ull + 1;
  for (size_t i = 0; i < n; i++) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    out[i] = (uint8_t)x;
  }
}

static void test_regex_match(void) {
  static const struct { const char *pattern, *s; int want; } CASES[] = {
      {"^\\d{3}-\\d{4}$", "555-1234", 1}, {"^\\d{3}-\\d{4}$", "555-12345", 0},
      {"\\d{3}", "ab123cd", 1},           /* unanchored, as JSON Schema says */
      {"^[a-z][a-z0-9_-]*$", "abc_9-x", 1}, {"^[a-z][a-z0-9_-]*$", "9abc", 0},
      {"^(foo|bar)+$", "foobarfoo", 1},    {"^(foo|bar)+$", "foob", 0},
      {"^(?:ab)?c$", "c", 1},             {"^a.c$", "a\nc", 0}, /* ECMA's . stops at line ends */
      {"^a.c$", "a-c", 1},                {"^[^0-9]+$", "abc", 1}, {"^[^0-9]+$", "a1", 0},
      {"^\\w+@\\w+\\.com$", "me@x.com", 1}, {"^\\s*$", " \t", 1}, {"^\\S+$", "a b", 0},
      {"^[\\]\\-^]+$", "]-^", 1},          {"^\\x41\\u0042$", "AB", 1}, {"^a{2,3}$", "aaaa", 0},
      {"^a+?b$", "aab", 1},               {"^[.]$", "x", 0}, {"^\\.$", ".", 1}, {"^$", "", 1},
      {"^(a|)$", "", 1},                  {"x]y}", "x]y}", 1},
      /* outside the subset or where POSIX and ECMA part: cannot tell */
      {"^(?=a)a$", "a", -1},              {"^(a)\\1$", "aa", -1}, {"\\bword", "word", -1},
      {"^\\p{L}+$", "abc", -1},           {"^a$", "\xc3\xa9", -1}, {"^[a-z]{1,40000}$", "a", -1},
      {"^(a$", "a", -1},                  {"*a", "a", -1},
  };
  for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
    int got = mcp_regex_match(CASES[i].pattern, CASES[i].s, strlen(CASES[i].s));
    CHECK_MSG(got == CASES[i].want, "/%s/ on \"%s\": %d, want %d", CASES[i].pattern, CASES[i].s, got, CASES[i].want);
  }
  CHECK(mcp_regex_match("^a$", "a\0b", 3) == -1); /* a NUL inside */
}

static void test_regex_generate(void) {
  static const char *const PATTERNS[] = {
      "^\\d{3}-\\d{4}$", "^[a-z][a-z0-9_-]{2,15}$", "^(foo|bar|baz)+$", "^(?:https?|ftp)://[a-z]+\\.[a-z]{2,3}$",
      "^[A-Z]{2}\\d{2}[A-Z0-9]{4,10}$", "^[^\\s/]+$", "^v\\d+\\.\\d+(\\.\\d+)?(-[a-z]+)?$", "[0-9a-f]{8}",
      "^\\w+(\\.\\w+)*@\\w+\\.[a-z]{2,}$", "^#?([0-9a-fA-F]{3}){1,2}$", "^.{1,8}$", "^[\\]\\-^]x?$",
  };
  for (size_t p = 0; p < sizeof PATTERNS / sizeof *PATTERNS; p++) {
    mcp_regex *rx = mcp_regex_parse(PATTERNS[p]);
    if (!rx) {
      CHECK_MSG(rx != NULL, "/%s/ not parsed", PATTERNS[p]);
      continue;
    }
    int matched = 0, refused = 0, counters = 0;
    for (uint64_t seed = 1; seed <= DRAWS; seed++) {
      uint8_t buf[PAYLOAD];
      payload(seed, buf, sizeof buf);
      ff_input in;
      ff_input_init(&in, buf, sizeof buf);
      char *s = mcp_regex_generate(rx, &in);
      matched += mcp_regex_match(PATTERNS[p], s, strlen(s)) == 1;
      free(s);
      char *bad = mcp_regex_counterexample(rx, &in);
      if (bad) {
        counters++;
        refused += mcp_regex_match(PATTERNS[p], bad, strlen(bad)) == 0;
      }
      free(bad);
    }
    CHECK_MSG(matched == DRAWS, "/%s/: %d of %d generated strings match", PATTERNS[p], matched, DRAWS);
    CHECK_MSG(counters == DRAWS && refused == DRAWS, "/%s/: %d counterexamples, %d refused", PATTERNS[p], counters, refused);
    mcp_regex_free(rx);
  }
  mcp_regex *any = mcp_regex_parse(".*");
  uint8_t zero[8] = {0};
  ff_input in;
  ff_input_init(&in, zero, sizeof zero);
  char *none = any ? mcp_regex_counterexample(any, &in) : NULL;
  CHECK(any && none == NULL); /* nothing fails to match .* */
  free(none);
  mcp_regex_free(any);
}

static void test_formats(void) {
  static const char *const FORMATS[] = {"date-time", "date", "time", "email", "hostname", "ipv4", "ipv6", "uri", "uuid"};
  for (size_t f = 0; f < sizeof FORMATS / sizeof *FORMATS; f++) {
    int ok = 0, bad = 0;
    for (uint64_t seed = 1; seed <= DRAWS; seed++) {
      uint8_t buf[PAYLOAD];
      payload(seed + 1000, buf, sizeof buf);
      ff_input in;
      ff_input_init(&in, buf, sizeof buf);
      char *s = mcp_format_example(FORMATS[f], &in);
      ok += s && mcp_format_conforms(FORMATS[f], s, strlen(s));
      /* nothing a server could reach over a network */
      if (s && !strcmp(FORMATS[f], "uri")) CHECK_MSG(!strncmp(s, "http://127.0.0.1:9/", 19), "uri %s", s);
      if (s && !strcmp(FORMATS[f], "email")) CHECK_MSG(strstr(s, "@example.invalid") != NULL, "email %s", s);
      if (s && !strcmp(FORMATS[f], "hostname"))
        CHECK_MSG(!strcmp(s, "localhost") || (strlen(s) > 8 && !strcmp(s + strlen(s) - 8, ".invalid")), "hostname %s", s);
      free(s);
      const char *v = mcp_format_violation(FORMATS[f], &in);
      bad += v && !mcp_format_conforms(FORMATS[f], v, strlen(v));
    }
    CHECK_MSG(ok == DRAWS && bad == DRAWS, "format %s: %d examples conform, %d violations do not", FORMATS[f], ok, bad);
  }
  CHECK(mcp_format_conforms("date-time", "2024-02-29T23:59:59.123+05:30", 29));
  CHECK(!mcp_format_conforms("date-time", "2023-02-29T00:00:00Z", 20)); /* not a leap year */
  CHECK(!mcp_format_conforms("ipv4", "01.2.3.4", 8));
  CHECK(!mcp_format_conforms("ipv6", "::ffff:1.2.3.4", 14)); /* legal, but validators part ways: no verdict */
  CHECK(mcp_format_conforms("email", "a.b+c@example.org", 17));
  CHECK(!mcp_format_conforms("email", "a..b@example.org", 16));
  CHECK(!mcp_format_known("color") && mcp_format_example("color", NULL) == NULL);
}

/* schema_text on value_text: valid?, certain?, the keyword when invalid */
static void expect(const char *schema_text, const char *value_text, int valid, int certain, const char *keyword) {
  json_t *schema = json_loads(schema_text, 0, NULL), *value = json_loads(value_text, JSON_DECODE_ANY, NULL);
  if (!schema || !value) {
    CHECK_MSG(schema && value, "unparsable test case %s / %s", schema_text, value_text);
  } else {
    mcp_check c;
    mcp_schema_check(schema, value, &c);
    CHECK_MSG(c.valid == valid && c.certain == certain && (!keyword || !strcmp(c.keyword, keyword)),
              "%s on %s: valid %d certain %d keyword %s", schema_text, value_text, c.valid, c.certain, c.keyword);
  }
  json_decref(schema);
  json_decref(value);
}

static void test_checker(void) {
  const char *tree = "{\"$defs\":{\"node\":{\"type\":\"object\",\"properties\":{\"v\":{\"type\":\"integer\"},"
                     "\"kids\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/node\"}}},\"required\":[\"v\"]}},"
                     "\"$ref\":\"#/$defs/node\"}";
  expect(tree, "{\"v\":1,\"kids\":[{\"v\":2,\"kids\":[{\"v\":3}]}]}", 1, 1, NULL);
  expect(tree, "{\"v\":1,\"kids\":[{\"v\":\"x\"}]}", 0, 1, "type");
  expect("{\"definitions\":{\"a~b/c\":{\"type\":\"string\"}},\"properties\":{\"x\":{\"$ref\":\"#/definitions/a~0b~1c\"}}}",
         "{\"x\":3}", 0, 1, "type");
  expect("{\"properties\":{\"x\":{\"$ref\":\"other.json#/x\"}}}", "{\"x\":3}", 1, 0, NULL);
  expect("{\"type\":\"integer\",\"not\":{\"enum\":[3,4]}}", "3", 0, 1, "not");
  expect("{\"type\":\"integer\",\"not\":{\"enum\":[3,4]}}", "5", 1, 1, NULL);
  expect("{\"const\":\"on\"}", "\"off\"", 0, 1, "const");
  expect("{\"oneOf\":[{\"type\":\"integer\"},{\"type\":\"number\"}]}", "2", 0, 1, "oneOf");
  expect("{\"oneOf\":[{\"type\":\"integer\"},{\"type\":\"string\"}]}", "2", 1, 1, NULL);
  expect("{\"allOf\":[{\"minimum\":1},{\"maximum\":3}]}", "4", 0, 1, "allOf");
  expect("{\"additionalProperties\":{\"type\":\"boolean\"}}", "{\"a\":true,\"b\":1}", 0, 1, "type");
  expect("{\"type\":\"array\",\"minItems\":2,\"maxItems\":3,\"uniqueItems\":true}", "[1,2]", 1, 1, NULL);
  expect("{\"type\":\"array\",\"uniqueItems\":true}", "[1,{\"a\":1},1.0]", 0, 1, "uniqueItems");
  expect("{\"type\":\"array\",\"maxItems\":1}", "[1,2]", 0, 1, "maxItems");
  expect("{\"multipleOf\":5}", "15", 1, 1, NULL);
  expect("{\"multipleOf\":5}", "16", 0, 1, "multipleOf");
  expect("{\"multipleOf\":0.5}", "2.5", 1, 1, NULL);
  expect("{\"multipleOf\":0.1}", "0.3", 1, 0, NULL); /* 0.3/0.1 is 2.9999999999999996: validators differ */
  expect("{\"multipleOf\":0.1}", "0.35", 0, 1, "multipleOf");
  expect("{\"pattern\":\"^[a-z]+$\"}", "\"abc\"", 1, 1, NULL);
  expect("{\"pattern\":\"^[a-z]+$\"}", "\"ab1\"", 0, 1, "pattern");
  expect("{\"pattern\":\"^(?!x)\"}", "\"abc\"", 1, 0, NULL);
  expect("{\"format\":\"uuid\"}", "\"123e4567-e89b-12d3-a456-426614174000\"", 1, 1, NULL);
  expect("{\"format\":\"uuid\"}", "\"nope\"", 1, 0, NULL); /* format alone never makes a value invalid */
  expect("{\"format\":\"color\"}", "\"red\"", 1, 0, NULL);
  expect("{\"minProperties\":1}", "{}", 0, 1, "minProperties");
  expect("{\"patternProperties\":{\"^x\":{}}}", "{}", 1, 0, NULL);
}

/* Arguments for {v: schema} drawn DRAWS times in mode: how many validate
 * (certainly) and how many are invalid with keyword. */
static void draw(const char *prop_text, mcp_gen_mode mode, int *valid, int *invalid_with, const char *keyword) {
  char text[2048];
  snprintf(text, sizeof text,
           "{\"type\":\"object\",\"properties\":{\"v\":%s},\"required\":[\"v\"],\"additionalProperties\":false,"
           "\"$defs\":{\"name\":{\"type\":\"string\",\"pattern\":\"^[a-z]{2,8}$\"},"
           "\"tree\":{\"type\":\"object\",\"properties\":{\"n\":{\"$ref\":\"#/$defs/name\"},"
           "\"kids\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/tree\"}}},\"required\":[\"n\"]}}}",
           prop_text);
  json_t *schema = json_loads(text, 0, NULL);
  *valid = *invalid_with = 0;
  if (!schema) {
    CHECK_MSG(schema != NULL, "unparsable %s", text);
    return;
  }
  const mcp_gen_ctx ctx = {.root = "/tmp/r", .canary_path = "/tmp/c", .sibling_path = "/tmp/r-sibling/c"};
  for (uint64_t seed = 1; seed <= DRAWS; seed++) {
    uint8_t buf[PAYLOAD];
    payload(seed + 7, buf, sizeof buf);
    ff_input in;
    ff_input_init(&in, buf, sizeof buf);
    json_t *args = mcp_gen_args(schema, &in, &ctx, mode);
    mcp_check c;
    mcp_schema_check(schema, args, &c);
    if (c.valid && c.certain) (*valid)++;
    if (!c.valid && keyword && !strcmp(c.keyword, keyword)) (*invalid_with)++;
    if (mode == MCP_GEN_VALID && !(c.valid && c.certain)) {
      char *dump = json_dumps(args, JSON_COMPACT);
      fprintf(stderr, "  not valid for %s: %s (%s at %s)\n", prop_text, dump ? dump : "?", c.keyword, c.where);
      free(dump);
    }
    json_decref(args);
  }
  json_decref(schema);
}

static void test_generator(void) {
  static const struct { const char *schema, *keyword; } CASES[] = {
      {"{\"type\":\"string\",\"pattern\":\"^[A-Z]{3}-\\\\d{2,4}$\"}", "pattern"},
      {"{\"type\":\"string\",\"pattern\":\"^(red|green|blue)$\",\"maxLength\":5}", "pattern"},
      {"{\"type\":\"string\",\"format\":\"date-time\"}", NULL},
      {"{\"type\":\"string\",\"format\":\"email\"}", NULL},
      {"{\"type\":\"string\",\"format\":\"uri\"}", NULL},
      {"{\"type\":\"string\",\"format\":\"uuid\"}", NULL},
      {"{\"type\":\"string\",\"format\":\"ipv4\"}", NULL},
      {"{\"type\":\"string\",\"format\":\"ipv6\"}", NULL},
      {"{\"type\":\"string\",\"format\":\"hostname\"}", NULL},
      {"{\"$ref\":\"#/$defs/name\"}", "pattern"},
      {"{\"$ref\":\"#/$defs/tree\"}", NULL},
      {"{\"type\":\"integer\",\"not\":{\"enum\":[0,1,2,3,4,5]},\"minimum\":0,\"maximum\":20}", "not"},
      {"{\"const\":\"fixed\"}", "const"},
      {"{\"oneOf\":[{\"type\":\"string\",\"maxLength\":3},{\"type\":\"integer\"}]}", NULL},
      {"{\"anyOf\":[{\"type\":\"boolean\"},{\"type\":\"null\"}]}", NULL},
      {"{\"allOf\":[{\"type\":\"integer\",\"minimum\":10},{\"maximum\":12}]}", NULL},
      {"{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\",\"minimum\":0}}", NULL},
      {"{\"type\":\"array\",\"items\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":5},\"minItems\":3,"
       "\"maxItems\":4,\"uniqueItems\":true}", "uniqueItems"},
      {"{\"type\":\"integer\",\"multipleOf\":7,\"minimum\":-50,\"maximum\":50}", "multipleOf"},
      {"{\"type\":\"number\",\"multipleOf\":0.25,\"minimum\":0,\"maximum\":10}", "multipleOf"},
  };
  for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
    int valid, ignored, past_valid, past_hits;
    draw(CASES[i].schema, MCP_GEN_VALID, &valid, &ignored, NULL);
    CHECK_MSG(valid == DRAWS, "%s: %d of %d valid-mode arguments validate", CASES[i].schema, valid, DRAWS);
    if (!CASES[i].keyword) continue;
    draw(CASES[i].schema, MCP_GEN_PAST, &past_valid, &past_hits, CASES[i].keyword);
    /* past mode picks among several violations: the keyword's own must come up */
    CHECK_MSG(past_hits >= DRAWS / 40, "%s: only %d of %d past-mode arguments break %s", CASES[i].schema,
              past_hits, DRAWS, CASES[i].keyword);
  }
}

int main(void) {
  test_regex_match();
  test_regex_generate();
  test_formats();
  test_checker();
  test_generator();
  return check_summary("mcp_schema_unit");
}
