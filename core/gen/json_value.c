/* JSON value generators: valid values (strings with every escape form, numbers
 * at the limits, nested containers with unique keys), one-defect documents
 * (the defect sits at the bottom of a random path of valid containers), and
 * hostile documents (deep nesting, sizes that fill the buffer, encodings that
 * confuse). See include/formfuzz/gen_json.h. */
#include <stdio.h>
#include <string.h>

#include "json_internal.h"

#define MAX_OBJECT_KEYS 16
#define HOSTILE_MAX_REPEAT 100000

static const char *const LIMIT_NUMBERS[] = {
    "9007199254740992",  "9007199254740993",     "-9007199254740993",
    "9223372036854775807", "9223372036854775808", "-9223372036854775808",
    "-9223372036854775809", "18446744073709551615", "18446744073709551616",
    "-0",                "-0.0",                 "1e308",
    "1.7976931348623157e308", "1e-400",           "5e-324",
    "2.2250738585072014e-308", "0.1000000000000000055511151231257827", "1E+2",
    "123456789012345678901234567890",
};

/* Beyond double's range or int64/uint64: valid grammar, hostile meaning. */
static const char *const HOSTILE_NUMBERS[] = {
    "1.8e308", "-1.8e308", "1e999999999", "-1e-999999999", "1E+2147483648",
    "0e-2147483649", "-18446744073709551617",
};

static const char *const BAD_NUMBERS[] = {
    "012", "-012", "00",  "+1",   ".5",   "-.5",      "1.",        "1.e5",    "1e",  "1e+",
    "-",   "--1",  "0x1F", "NaN", "Infinity", "-Infinity", "1_000", "1.5.2", "1e5.5", "0b101",
    "1f",  "- 1",
};

static const char *const BAD_STRINGS[] = {
    "\"\\x41\"",       "\"\\'\"",          "\"\\U0041\"",        "\"\\u12\"",
    "\"\\u12G4\"",     "\"\\uD83D\\u\"",   "\"a\001b\"",      "\"a\tb\"",
    "\"a\nb\"",        "'single'",         "\"\x80\"",           "\"\xC3\"",
    "\"\xC0\xAF\"",    "\"\xED\xA0\x80\"", "\"\xF4\x90\x80\x80\"", "\"\xF5\x80\x80\x80\"",
    "\"\xFF\"",        "\"\xE2\x82\"",     "\"\\ \"",            "\"\x7f\x1f\"",
};

/* Defects that leave the document open: nothing may follow them. */
static const char *const UNCLOSED[] = {
    "\"abc", "\"\\\"", "[1", "{\"a\":1", "{\"a\":", "[", "{", "\"\\u00",
};

static const char *const BAD_STRUCTURES[] = {
    "[1,]", "{\"a\":1,}", "[,1]", "{,}",    "{a:1}", "{\"a\" 1}", "{\"a\":}",  "{\"a\"}",
    "[1 2]", "[1]]",    "{\"a\":1}}", "/*c*/1", "True", "nul",    "NULL",     "undefined",
    "tru",  "1 2",      "[1;2]",    "{\"a\"=1}", "{1:2}", "[\"a\":1]", "{\"a\":1 \"b\":2}",
};

static const char *const LONE_SURROGATES[] = {
    "\"\\uD800\"", "\"\\uDBFF\"", "\"\\uDC00\"", "\"\\uDC00\\uD800\"", "\"a\\uD83D\"",
};

static const char *const DUPLICATE_KEYS[] = {
    "{\"a\":1,\"a\":2}",
    "{\"__proto__\":{},\"__proto__\":null}",
    "{\"a\":1,\"A\":2,\"a\":3}",
    "{\"id\":1,\"id\":\"1\"}",
    "{\"a\":1,\"\\u0061\":2}",
};

/* Invalid anywhere a value may stand. */
#define LITERAL(s) {s, sizeof(s) - 1}
static const struct {
  const char *text;
  size_t len;
} BAD_ENCODINGS[] = {
    LITERAL("\xEF\xBB\xBF" "1"), LITERAL("\"a\0b\""), LITERAL("[\0]"),     LITERAL("\f1"),
    LITERAL("\v1"),                LITERAL("\xC2\xA0" "1"), LITERAL("1\xE2\x80\xA8"),
};

static void put_utf8(ff_buf *out, uint32_t cp) {
  char s[4];
  size_t n;
  if (cp < 0x80) {
    s[0] = (char)cp;
    n = 1;
  } else if (cp < 0x800) {
    s[0] = (char)(0xC0 | (cp >> 6));
    s[1] = (char)(0x80 | (cp & 0x3F));
    n = 2;
  } else if (cp < 0x10000) {
    s[0] = (char)(0xE0 | (cp >> 12));
    s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    s[2] = (char)(0x80 | (cp & 0x3F));
    n = 3;
  } else {
    s[0] = (char)(0xF0 | (cp >> 18));
    s[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    s[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    s[3] = (char)(0x80 | (cp & 0x3F));
    n = 4;
  }
  ff_buf_put(out, s, n);
}

static uint32_t non_surrogate(uint32_t cp) { return (cp >= 0xD800 && cp <= 0xDFFF) ? cp - 0x800 : cp; }

/* One character of a valid string body, in one of its encodings. */
static void valid_string_char(json_gen *g) {
  static const char PLAIN[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !#$%&'()*+,-.:;<=>?@[]^_`{|}~";
  static const char *const SHORT_ESCAPES[] = {"\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t"};
  ff_input *in = g->in;
  switch (ff_choose(in, 8)) {
  case 0: ff_buf_putc(g->out, PLAIN[ff_choose(in, sizeof PLAIN - 1)]); break;
  case 1: ff_buf_puts(g->out, FF_PICK(in, SHORT_ESCAPES)); break;
  case 2: ff_buf_printf(g->out, ff_bool(in) ? "\\u%04X" : "\\u%04x", (unsigned)ff_range(in, 1, 0x1F)); break;
  case 3:
    ff_buf_printf(g->out, ff_bool(in) ? "\\u%04X" : "\\u%04x",
                  (unsigned)non_surrogate((uint32_t)ff_range(in, 0x20, 0xFFFF)));
    break;
  case 4: {
    uint32_t v = (uint32_t)ff_range(in, 0, 0xFFFFF);
    ff_buf_printf(g->out, "\\u%04X\\u%04x", 0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF));
    break;
  }
  case 5: put_utf8(g->out, (uint32_t)ff_range(in, 0x80, 0x7FF)); break;
  case 6: put_utf8(g->out, non_surrogate((uint32_t)ff_range(in, 0x800, 0xFFFF))); break;
  default: put_utf8(g->out, (uint32_t)ff_range(in, 0x10000, 0x10FFFF)); break;
  }
}

static void valid_string(json_gen *g) {
  size_t n = (size_t)ff_range(g->in, 0, 12);
  ff_buf_putc(g->out, '"');
  for (size_t i = 0; i < n; i++) valid_string_char(g);
  ff_buf_putc(g->out, '"');
}

/* finite_only: no exponent that overflows a double (the FF_JSON_NUMBER type). */
static void valid_number(json_gen *g, bool finite_only) {
  ff_input *in = g->in;
  switch (ff_choose(in, 5)) {
  case 0: ff_buf_printf(g->out, "%lld", (long long)ff_range_i64(in, -1000, 1000)); break;
  case 1: {
    bool neg = ff_bool(in);
    unsigned long long whole = ff_range(in, 0, 99999), frac = ff_range(in, 0, 999999);
    ff_buf_printf(g->out, "%s%llu.%llu", neg ? "-" : "", whole, frac);
    break;
  }
  case 2: {
    static const char *const SIGNS[] = {"", "+", "-"};
    unsigned mant = (unsigned)ff_range(in, 1, 9), exp = (unsigned)ff_range(in, 0, 400);
    const char *e = ff_bool(in) ? "E" : "e", *sign = FF_PICK(in, SIGNS);
    if (finite_only && *sign != '-' && exp > 307) exp = 307;
    ff_buf_printf(g->out, "%u%s%s%u", mant, e, sign, exp);
    if (exp > 300) g->quirks |= FF_JSON_Q_NUMBER_LIMIT;
    break;
  }
  case 3: {
    uint64_t v = ff_u64(in);
    ff_buf_printf(g->out, "%llu", (unsigned long long)v);
    if (v > (1ull << 53)) g->quirks |= FF_JSON_Q_NUMBER_LIMIT;
    break;
  }
  default:
    ff_buf_puts(g->out, FF_PICK(in, LIMIT_NUMBERS));
    g->quirks |= FF_JSON_Q_NUMBER_LIMIT;
    break;
  }
}

static void valid_int(json_gen *g, bool is_unsigned) {
  ff_input *in = g->in;
  switch (ff_choose(in, 3)) {
  case 0:
    if (is_unsigned) ff_buf_printf(g->out, "%llu", (unsigned long long)ff_range(in, 0, 1000));
    else ff_buf_printf(g->out, "%lld", (long long)ff_range_i64(in, -1000, 1000));
    break;
  case 1:
    if (is_unsigned) ff_buf_printf(g->out, "%llu", (unsigned long long)ff_u64(in));
    else ff_buf_printf(g->out, "%lld", (long long)ff_i64(in));
    break;
  default:
    ff_buf_puts(g->out, is_unsigned ? (ff_bool(in) ? "18446744073709551615" : "0")
                                    : (ff_bool(in) ? "9223372036854775807" : "-9223372036854775808"));
    g->quirks |= FF_JSON_Q_NUMBER_LIMIT;
    break;
  }
}

void json_put_plain_string(ff_buf *out, const char *text) {
  ff_buf_putc(out, '"');
  for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
    if (*p == '"' || *p == '\\') {
      ff_buf_putc(out, '\\');
      ff_buf_putc(out, (char)*p);
    } else if (*p < 0x20) {
      ff_buf_printf(out, "\\u%04x", *p);
    } else {
      ff_buf_putc(out, (char)*p);
    }
  }
  ff_buf_putc(out, '"');
}

/* Keys of one object: drawn from [a-z_], made unique with a '#<index>' suffix
 * (no drawn key contains '#'). */
static void unique_key(json_gen *g, char keys[][16], size_t index) {
  char *key = keys[index];
  ff_cstr_from(g->in, key, 9, "abcdefghijklmnopqrstuvwxyz_");
  for (size_t i = 0; i < index; i++) {
    if (strcmp(keys[i], key) == 0) {
      snprintf(key + strlen(key), 8, "#%u", (unsigned)(index & 0xffu));
      break;
    }
  }
  json_put_plain_string(g->out, key);
}

static void separator(json_gen *g, bool pretty, char c) {
  ff_buf_putc(g->out, c);
  if (pretty) ff_buf_puts(g->out, c == ',' ? "\n  " : " ");
}

static void valid_container(json_gen *g, bool object, unsigned depth) {
  char keys[MAX_OBJECT_KEYS][16];
  unsigned limit = object && g->max_items > MAX_OBJECT_KEYS ? MAX_OBJECT_KEYS : g->max_items;
  bool pretty = ff_bool(g->in);
  ff_buf_putc(g->out, object ? '{' : '[');
  if (pretty) ff_buf_putc(g->out, ' ');
  for (unsigned i = 0; i < limit && ff_more(g->in); i++) {
    if (i) separator(g, pretty, ',');
    if (object) {
      unique_key(g, keys, i);
      separator(g, pretty, ':');
    }
    json_valid_of_type(g, FF_JSON_ANY, depth);
  }
  if (pretty) ff_buf_puts(g->out, "\r\n\t");
  ff_buf_putc(g->out, object ? '}' : ']');
}

void json_valid_of_type(json_gen *g, ff_json_type type, unsigned depth) {
  bool any = type == FF_JSON_ANY;
  if (any) {
    static const ff_json_type KINDS[] = {FF_JSON_NULL, FF_JSON_BOOL, FF_JSON_NUMBER,
                                         FF_JSON_STRING, FF_JSON_ARRAY, FF_JSON_OBJECT};
    type = KINDS[ff_choose(g->in, depth > 0 ? 6 : 4)];
  }
  switch (type) {
  case FF_JSON_NULL: ff_buf_puts(g->out, "null"); break;
  case FF_JSON_BOOL: ff_buf_puts(g->out, ff_bool(g->in) ? "true" : "false"); break;
  case FF_JSON_INT: valid_int(g, false); break;
  case FF_JSON_UINT: valid_int(g, true); break;
  case FF_JSON_NUMBER: valid_number(g, !any); break;
  case FF_JSON_STRING: valid_string(g); break;
  case FF_JSON_ARRAY: valid_container(g, false, depth ? depth - 1 : 0); break;
  case FF_JSON_OBJECT: valid_container(g, true, depth ? depth - 1 : 0); break;
  default: ff_buf_puts(g->out, "null"); break;
  }
}

bool json_defect(json_gen *g, bool at_end_allowed) {
  ff_input *in = g->in;
  size_t kind = ff_choose(in, at_end_allowed ? 4 : 3);
  const char *text;
  switch (kind) {
  case 0: text = FF_PICK(in, BAD_NUMBERS); break;
  case 1: text = FF_PICK(in, BAD_STRINGS); break;
  case 2: text = FF_PICK(in, BAD_STRUCTURES); break;
  default: text = FF_PICK(in, UNCLOSED); break;
  }
  ff_note(in, "json defect \"%s\"", text);
  ff_buf_puts(g->out, text);
  return kind == 3;
}

/* How many times a unit of unit_len bytes can repeat: drawn, but at most half
 * of what is left (the rest is for the text around it). */
static size_t hostile_count(json_gen *g, size_t lo, size_t unit_len) {
  size_t fit = ff_buf_room(g->out) / 2 / unit_len;
  size_t n = (size_t)ff_range(g->in, lo, HOSTILE_MAX_REPEAT);
  return n < fit ? n : fit;
}

bool json_hostile_value(json_gen *g, enum json_hostile_kind kind, bool *needs_end) {
  ff_input *in = g->in;
  *needs_end = false;
  ff_note(in, "json hostile kind %d", (int)kind);
  switch (kind) {
  case JSON_HOSTILE_DEEP_ARRAY:
  case JSON_HOSTILE_DEEP_OBJECT: {
    bool object = kind == JSON_HOSTILE_DEEP_OBJECT;
    size_t n = hostile_count(g, FF_JSON_DEEP_LEVEL, object ? 6 : 2);
    for (size_t i = 0; i < n; i++) ff_buf_puts(g->out, object ? "{\"a\":" : "[");
    ff_buf_putc(g->out, '1');
    ff_buf_repeat(g->out, object ? '}' : ']', n);
    if (n >= FF_JSON_DEEP_LEVEL) g->quirks |= FF_JSON_Q_DEEP;
    return true;
  }
  case JSON_HOSTILE_UNCLOSED: {
    size_t n = hostile_count(g, FF_JSON_DEEP_LEVEL, 1);
    ff_buf_repeat(g->out, '[', n ? n : 1);
    *needs_end = true;
    return false;
  }
  case JSON_HOSTILE_NUMBER:
    g->quirks |= FF_JSON_Q_NUMBER_LIMIT;
    if (ff_bool(in)) {
      ff_buf_puts(g->out, FF_PICK(in, HOSTILE_NUMBERS));
    } else {
      ff_buf_putc(g->out, '9');
      ff_buf_repeat(g->out, '9', hostile_count(g, 300, 1));
      g->quirks |= FF_JSON_Q_LARGE;
    }
    return true;
  case JSON_HOSTILE_LONG_STRING: {
    static const char *const UNITS[] = {"a", "\\\\", "\\u0041", "\\uD83D\\uDE00", "\xF0\x9F\x98\x80", "\\\""};
    const char *unit = FF_PICK(in, UNITS);
    size_t n = hostile_count(g, 1000, strlen(unit));
    ff_buf_putc(g->out, '"');
    for (size_t i = 0; i < n; i++) ff_buf_puts(g->out, unit);
    ff_buf_putc(g->out, '"');
    g->quirks |= FF_JSON_Q_LARGE;
    return true;
  }
  case JSON_HOSTILE_LONE_SURROGATE:
    ff_buf_puts(g->out, FF_PICK(in, LONE_SURROGATES));
    g->quirks |= FF_JSON_Q_LONE_SURROGATE;
    return true;
  case JSON_HOSTILE_NUL:
    ff_buf_puts(g->out, ff_bool(in) ? "\"\\u0000\"" : "\"a\\u0000b\"");
    g->quirks |= FF_JSON_Q_NUL_CHAR;
    return true;
  case JSON_HOSTILE_DUP_KEYS:
    ff_buf_puts(g->out, FF_PICK(in, DUPLICATE_KEYS));
    g->quirks |= FF_JSON_Q_DUP_KEYS;
    return true;
  case JSON_HOSTILE_FLAT_ARRAY: {
    size_t n = hostile_count(g, 1000, 2);
    ff_buf_puts(g->out, "[0");
    for (size_t i = 1; i < n; i++) ff_buf_puts(g->out, ",0");
    ff_buf_putc(g->out, ']');
    g->quirks |= FF_JSON_Q_LARGE;
    return true;
  }
  case JSON_HOSTILE_WHITESPACE: /* JSON whitespace flood; U+2028 in a string (valid JSON, not JavaScript) */
    ff_buf_repeat(g->out, ' ', hostile_count(g, 100, 1));
    ff_buf_puts(g->out, ff_bool(in) ? "\t\r\n1\n" : "\"\xE2\x80\xA8\xE2\x80\xA9\"");
    return true;
  case JSON_HOSTILE_BAD_ENCODING: {
    size_t which = ff_choose(in, FF_COUNT_OF(BAD_ENCODINGS));
    ff_buf_put(g->out, BAD_ENCODINGS[which].text, BAD_ENCODINGS[which].len);
    return false;
  }
  default: /* many duplicates of one key */
    ff_buf_puts(g->out, "{\"k\":0");
    for (size_t i = 1, n = hostile_count(g, 100, 6); i < n; i++) ff_buf_puts(g->out, ",\"k\":0");
    ff_buf_putc(g->out, '}');
    g->quirks |= FF_JSON_Q_DUP_KEYS | FF_JSON_Q_LARGE;
    return true;
  }
}

typedef bool (*json_leaf_fn)(json_gen *g, bool *needs_end);

static bool defect_leaf(json_gen *g, bool *needs_end) {
  *needs_end = json_defect(g, true);
  return false;
}

static bool hostile_leaf(json_gen *g, bool *needs_end) {
  return json_hostile_value(g, (enum json_hostile_kind)ff_choose(g->in, JSON_HOSTILE_KINDS), needs_end);
}

/* A path of depth valid containers with valid siblings, the leaf at its bottom.
 * Returns the leaf's validity; stops writing when the leaf must end the text. */
static bool spine(json_gen *g, unsigned depth, json_leaf_fn leaf, bool *needs_end) {
  if (depth == 0) return leaf(g, needs_end);
  bool object = ff_bool(g->in), ok = true;
  char keys[MAX_OBJECT_KEYS][16];
  size_t before = (size_t)ff_range(g->in, 0, 2), after = (size_t)ff_range(g->in, 0, 2);
  ff_buf_putc(g->out, object ? '{' : '[');
  for (size_t i = 0; i < before + 1 + after; i++) {
    if (i) ff_buf_putc(g->out, ',');
    if (object) {
      unique_key(g, keys, i);
      ff_buf_putc(g->out, ':');
    }
    if (i == before) {
      ok = spine(g, depth - 1, leaf, needs_end);
      if (*needs_end) return ok;
    } else {
      json_valid_of_type(g, FF_JSON_ANY, 1);
    }
  }
  ff_buf_putc(g->out, object ? '}' : ']');
  return ok;
}

static void finish(const json_gen *g, unsigned *quirks) {
  if (quirks) *quirks = g->quirks;
}

bool ff_gen_json(ff_input *in, ff_gen_mode mode, unsigned max_depth, ff_buf *out, unsigned *quirks) {
  json_gen g = {.in = in, .out = out, .quirks = 0, .max_items = 8};
  mode = ff_gen_resolve_mode(in, mode);
  bool ok = true, needs_end = false;
  if (mode == FF_GEN_VALID) {
    json_valid_of_type(&g, FF_JSON_ANY, max_depth);
  } else {
    unsigned depth = (unsigned)ff_range(in, 0, max_depth);
    ok = spine(&g, depth, mode == FF_GEN_NEAR ? defect_leaf : hostile_leaf, &needs_end);
  }
  finish(&g, quirks);
  return ok && !out->overflow;
}

bool ff_gen_json_string(ff_input *in, ff_gen_mode mode, ff_buf *out, unsigned *quirks) {
  json_gen g = {.in = in, .out = out, .quirks = 0, .max_items = 8};
  bool ok = true;
  switch (ff_gen_resolve_mode(in, mode)) {
  case FF_GEN_VALID: valid_string(&g); break;
  case FF_GEN_NEAR:
    ff_buf_puts(out, FF_PICK(in, BAD_STRINGS));
    ok = false;
    break;
  default:
    if (ff_bool(in)) {
      ff_buf_puts(out, FF_PICK(in, LONE_SURROGATES));
      g.quirks |= FF_JSON_Q_LONE_SURROGATE;
    } else {
      ff_buf_puts(out, "\"\\u0000\"");
      g.quirks |= FF_JSON_Q_NUL_CHAR;
    }
    break;
  }
  finish(&g, quirks);
  return ok && !out->overflow;
}

bool ff_gen_json_number(ff_input *in, ff_gen_mode mode, ff_buf *out, unsigned *quirks) {
  json_gen g = {.in = in, .out = out, .quirks = 0, .max_items = 8};
  bool ok = true;
  switch (ff_gen_resolve_mode(in, mode)) {
  case FF_GEN_VALID: valid_number(&g, false); break;
  case FF_GEN_NEAR:
    ff_buf_puts(out, FF_PICK(in, BAD_NUMBERS));
    ok = false;
    break;
  default:
    ff_buf_puts(out, FF_PICK(in, HOSTILE_NUMBERS));
    g.quirks |= FF_JSON_Q_NUMBER_LIMIT;
    break;
  }
  finish(&g, quirks);
  return ok && !out->overflow;
}
