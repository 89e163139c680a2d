/* JSON Schema patterns: parse, generate, counterexample, match (see mcp_regex.h). */
#define _GNU_SOURCE /* asprintf, strndup */
#include "mcp_regex.h"

#include <regex.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RX_MAX_NODES 512
#define RX_MAX_ALTS 128
#define RX_MAX_DEPTH 32
#define RX_EXTRA_REPEATS 3   /* an open repeat ({n,}, *, +) draws up to n + this */
#define RX_WIDE_REPEATS 8    /* a bounded one at most this many above its minimum */
#define RX_MAX_OUTPUT 65536
#define RX_COUNTER_TRIES 8

enum { RX_SET, RX_LIT, RX_GROUP, RX_BOL, RX_EOL };

typedef struct rx_node {
  int kind;
  uint8_t set[16]; /* RX_SET: the ASCII bytes 1..127 it admits */
  char lit[5];     /* RX_LIT: one non-ASCII character in UTF-8 */
  int litlen;
  int alt;         /* RX_GROUP: its first alternative */
  int min, max;    /* repeats; max -1: unbounded */
  int next;        /* the next node of its sequence, -1 at the end */
} rx_node;

typedef struct rx_alt {
  int head; /* first node, -1: empty */
  int next; /* the next alternative, -1 at the end */
} rx_alt;

struct mcp_regex {
  rx_node nodes[RX_MAX_NODES];
  rx_alt alts[RX_MAX_ALTS];
  int nnodes, nalts, root;
  bool over_dup_max; /* a repeat count POSIX cannot express */
  char *pattern;
};

typedef struct parser {
  mcp_regex *rx;
  const char *p;
  bool bad;
} parser;

static void set_add(uint8_t *set, int c) {
  if (c >= 1 && c < 128) set[c >> 3] |= (uint8_t)(1u << (c & 7));
}
static bool set_has(const uint8_t *set, int c) { return c >= 1 && c < 128 && (set[c >> 3] >> (c & 7)) & 1; }
static void set_range(uint8_t *set, int lo, int hi) {
  for (int c = lo; c <= hi; c++) set_add(set, c);
}
static void set_invert(uint8_t *set) {
  for (int c = 1; c < 128; c++) set[c >> 3] ^= (uint8_t)(1u << (c & 7));
}
static int set_count(const uint8_t *set) {
  int n = 0;
  for (int c = 1; c < 128; c++) n += set_has(set, c);
  return n;
}

static int new_node(parser *ps, int kind) {
  if (ps->rx->nnodes >= RX_MAX_NODES) {
    ps->bad = true;
    return 0;
  }
  rx_node *n = &ps->rx->nodes[ps->rx->nnodes];
  memset(n, 0, sizeof *n);
  n->kind = kind;
  n->min = n->max = 1;
  n->next = -1;
  return ps->rx->nnodes++;
}

static int new_alt(parser *ps) {
  if (ps->rx->nalts >= RX_MAX_ALTS) {
    ps->bad = true;
    return 0;
  }
  ps->rx->alts[ps->rx->nalts] = (rx_alt){.head = -1, .next = -1};
  return ps->rx->nalts++;
}

static int hex_value(const char *p, int digits) {
  int v = 0;
  for (int i = 0; i < digits; i++) {
    char c = p[i];
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/* \d \w \s and their negations into set; false when c is none of them. */
static bool class_escape(int c, uint8_t *set) {
  uint8_t s[16] = {0};
  switch (c | 0x20) {
  case 'd': set_range(s, '0', '9'); break;
  case 'w': set_range(s, '0', '9'), set_range(s, 'a', 'z'), set_range(s, 'A', 'Z'), set_add(s, '_'); break;
  case 's': set_range(s, '\t', '\r'), set_add(s, ' '); break;
  default: return false;
  }
  if (c >= 'A' && c <= 'Z') set_invert(s);
  for (int i = 0; i < 16; i++) set[i] |= s[i];
  return true;
}

/* One escaped character after '\' (not a class escape): its code point, or -1 outside the subset. */
static int char_escape(parser *ps, bool in_class) {
  char c = *ps->p++;
  switch (c) {
  case 'n': return '\n';
  case 'r': return '\r';
  case 't': return '\t';
  case 'f': return '\f';
  case 'v': return '\v';
  case 'b': return in_class ? '\b' : -1; /* outside a class: a word boundary */
  case 'x': {
    int v = hex_value(ps->p, 2);
    if (v >= 0) ps->p += 2;
    return v;
  }
  case 'u': {
    int v = hex_value(ps->p, 4);
    if (v >= 0) ps->p += 4;
    return v;
  }
  case '\0': ps->p--; return -1;
  default:
    /* punctuation stands for itself; letters and digits mean something else (or nothing) */
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (unsigned char)c >= 0x80) return -1;
    return c;
  }
}

static int utf8_encode(int cp, char *out) {
  if (cp < 0x80) return out[0] = (char)cp, 1;
  if (cp < 0x800) return out[0] = (char)(0xC0 | cp >> 6), out[1] = (char)(0x80 | (cp & 0x3F)), 2;
  out[0] = (char)(0xE0 | cp >> 12), out[1] = (char)(0x80 | ((cp >> 6) & 0x3F)), out[2] = (char)(0x80 | (cp & 0x3F));
  return 3;
}

static void parse_class(parser *ps, uint8_t *set) {
  bool negate = *ps->p == '^';
  if (negate) ps->p++;
  if (*ps->p == ']') { /* [] and [^]: nothing or everything; rare enough to leave out */
    ps->bad = true;
    return;
  }
  while (*ps->p && *ps->p != ']' && !ps->bad) {
    int lo;
    if (*ps->p == '\\') {
      ps->p++;
      if (class_escape(*ps->p, set)) {
        ps->p++;
        continue;
      }
      lo = char_escape(ps, true);
    } else {
      lo = (unsigned char)*ps->p++;
    }
    if (lo < 1 || lo >= 128) {
      ps->bad = true;
      return;
    }
    int hi = lo;
    if (ps->p[0] == '-' && ps->p[1] && ps->p[1] != ']') {
      ps->p++;
      if (*ps->p == '\\') {
        ps->p++;
        hi = char_escape(ps, true);
      } else {
        hi = (unsigned char)*ps->p++;
      }
      if (hi < lo || hi >= 128) {
        ps->bad = true;
        return;
      }
    }
    set_range(set, lo, hi);
  }
  if (*ps->p != ']') {
    ps->bad = true;
    return;
  }
  ps->p++;
  if (negate) set_invert(set);
  if (set_count(set) == 0) ps->bad = true;
}

static int parse_alts(parser *ps, int depth);

static bool parse_count(parser *ps, int *out) {
  if (*ps->p < '0' || *ps->p > '9') return false;
  long v = 0;
  while (*ps->p >= '0' && *ps->p <= '9') {
    v = v * 10 + (*ps->p++ - '0');
    if (v > 1000000) return false;
  }
  *out = (int)v;
  return true;
}

static void parse_quantifier(parser *ps, rx_node *n) {
  switch (*ps->p) {
  case '*': n->min = 0, n->max = -1, ps->p++; break;
  case '+': n->min = 1, n->max = -1, ps->p++; break;
  case '?': n->min = 0, n->max = 1, ps->p++; break;
  case '{':
    ps->p++;
    if (!parse_count(ps, &n->min)) {
      ps->bad = true;
      return;
    }
    n->max = n->min;
    if (*ps->p == ',') {
      ps->p++;
      n->max = -1;
      if (*ps->p != '}' && (!parse_count(ps, &n->max) || n->max < n->min)) {
        ps->bad = true;
        return;
      }
    }
    if (*ps->p++ != '}') {
      ps->bad = true;
      return;
    }
    if (n->min > RE_DUP_MAX || n->max > RE_DUP_MAX) ps->rx->over_dup_max = true;
    break;
  default: return;
  }
  if (*ps->p == '?') ps->p++; /* lazy: the same strings match */
  if (*ps->p == '*' || *ps->p == '+' || *ps->p == '?' || *ps->p == '{') ps->bad = true;
  if (n->kind == RX_BOL || n->kind == RX_EOL) ps->bad = true;
}

static int parse_atom(parser *ps, int depth) {
  char c = *ps->p;
  int idx;
  if (c == '(') {
    ps->p++;
    if (*ps->p == '?') { /* only (?:...) ; lookaround and named groups are outside the subset */
      if (ps->p[1] != ':') {
        ps->bad = true;
        return 0;
      }
      ps->p += 2;
    }
    if (depth >= RX_MAX_DEPTH) {
      ps->bad = true;
      return 0;
    }
    int alt = parse_alts(ps, depth + 1);
    if (*ps->p != ')') {
      ps->bad = true;
      return 0;
    }
    ps->p++;
    idx = new_node(ps, RX_GROUP);
    ps->rx->nodes[idx].alt = alt;
  } else if (c == '[') {
    ps->p++;
    idx = new_node(ps, RX_SET);
    parse_class(ps, ps->rx->nodes[idx].set);
  } else if (c == '.') {
    ps->p++;
    idx = new_node(ps, RX_SET);
    set_range(ps->rx->nodes[idx].set, 1, 127);
    ps->rx->nodes[idx].set['\n' >> 3] &= (uint8_t)~(1u << ('\n' & 7));
    ps->rx->nodes[idx].set['\r' >> 3] &= (uint8_t)~(1u << ('\r' & 7));
  } else if (c == '^' || c == '$') {
    ps->p++;
    idx = new_node(ps, c == '^' ? RX_BOL : RX_EOL);
  } else if (c == '*' || c == '+' || c == '?' || c == '{') {
    ps->bad = true;
    return 0;
  } else {
    int cp;
    if (c == '\\') {
      ps->p++;
      idx = new_node(ps, RX_SET);
      if (class_escape(*ps->p, ps->rx->nodes[idx].set)) {
        ps->p++;
        goto quantifier;
      }
      cp = char_escape(ps, false);
      if (cp < 1) {
        ps->bad = true;
        return 0;
      }
    } else {
      unsigned char b = (unsigned char)c;
      idx = new_node(ps, RX_SET);
      if (b >= 0x80) { /* a UTF-8 character of the pattern itself, kept as bytes */
        int len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
        rx_node *n = &ps->rx->nodes[idx];
        n->kind = RX_LIT;
        for (int i = 0; i < len; i++) {
          if (!ps->p[i]) {
            ps->bad = true;
            return 0;
          }
          n->lit[i] = ps->p[i];
        }
        n->litlen = len;
        ps->p += len;
        goto quantifier;
      }
      cp = b;
      ps->p++;
    }
    rx_node *n = &ps->rx->nodes[idx];
    if (cp < 128) {
      set_add(n->set, cp);
    } else {
      n->kind = RX_LIT;
      n->litlen = utf8_encode(cp, n->lit);
    }
  }
quantifier:
  if (!ps->bad) parse_quantifier(ps, &ps->rx->nodes[idx]);
  return idx;
}

static int parse_alts(parser *ps, int depth) {
  int first = new_alt(ps), cur = first;
  for (;;) {
    int tail = -1;
    while (*ps->p && *ps->p != '|' && *ps->p != ')' && !ps->bad) {
      int idx = parse_atom(ps, depth);
      if (ps->bad) return first;
      if (tail < 0) ps->rx->alts[cur].head = idx;
      else ps->rx->nodes[tail].next = idx;
      tail = idx;
    }
    if (*ps->p != '|' || ps->bad) return first;
    ps->p++;
    int next = new_alt(ps);
    if (ps->bad) return first;
    ps->rx->alts[cur].next = next;
    cur = next;
  }
}

mcp_regex *mcp_regex_parse(const char *pattern) {
  if (!pattern) return NULL;
  mcp_regex *rx = calloc(1, sizeof *rx);
  if (!rx || !(rx->pattern = strdup(pattern))) {
    free(rx);
    return NULL;
  }
  parser ps = {.rx = rx, .p = pattern};
  rx->root = parse_alts(&ps, 0);
  if (ps.bad || *ps.p) { /* a stray ')' ends the root early */
    mcp_regex_free(rx);
    return NULL;
  }
  return rx;
}

void mcp_regex_free(mcp_regex *rx) {
  if (!rx) return;
  free(rx->pattern);
  free(rx);
}

typedef struct strbuf {
  char *data;
  size_t len, cap;
  bool full;
} strbuf;

static void put(strbuf *b, const char *p, size_t n) {
  if (b->full || b->len + n + 1 > RX_MAX_OUTPUT) {
    b->full = true;
    return;
  }
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 64;
    while (cap < b->len + n + 1) cap *= 2;
    char *nd = realloc(b->data, cap);
    if (!nd) {
      b->full = true;
      return;
    }
    b->data = nd;
    b->cap = cap;
  }
  memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = '\0';
}

static void gen_alts(const mcp_regex *rx, int alt, ff_input *in, strbuf *out, int depth);

/* A member of the set, printable ones first when there are any. */
static char pick_member(const uint8_t *set, ff_input *in) {
  char members[128];
  int n = 0;
  for (int c = ' '; c < 127; c++)
    if (set_has(set, c)) members[n++] = (char)c;
  if (n == 0)
    for (int c = 1; c < 128; c++)
      if (set_has(set, c)) members[n++] = (char)c;
  return members[ff_choose(in, (size_t)n)];
}

static void gen_node(const mcp_regex *rx, const rx_node *n, ff_input *in, strbuf *out, int depth) {
  int hi = n->max < 0 ? n->min + RX_EXTRA_REPEATS : n->max;
  if (hi > n->min + RX_WIDE_REPEATS) hi = n->min + RX_WIDE_REPEATS;
  int reps = (int)ff_range(in, (uint64_t)n->min, (uint64_t)hi);
  for (int r = 0; r < reps && !out->full; r++) {
    if (n->kind == RX_SET) {
      char c = pick_member(n->set, in);
      put(out, &c, 1);
    } else if (n->kind == RX_LIT) {
      put(out, n->lit, (size_t)n->litlen);
    } else if (n->kind == RX_GROUP && depth < RX_MAX_DEPTH) {
      gen_alts(rx, n->alt, in, out, depth + 1);
    }
  }
}

static void gen_alts(const mcp_regex *rx, int alt, ff_input *in, strbuf *out, int depth) {
  size_t count = 0;
  for (int a = alt; a >= 0; a = rx->alts[a].next) count++;
  size_t pick = ff_choose(in, count);
  int a = alt;
  while (pick--) a = rx->alts[a].next;
  for (int i = rx->alts[a].head; i >= 0; i = rx->nodes[i].next) gen_node(rx, &rx->nodes[i], in, out, depth);
}

char *mcp_regex_generate(const mcp_regex *rx, ff_input *in) {
  strbuf out = {0};
  put(&out, "", 0);
  gen_alts(rx, rx->root, in, &out, 0);
  if (!out.data) return strdup("");
  return out.data;
}

char *mcp_regex_counterexample(const mcp_regex *rx, ff_input *in) {
  char *base = mcp_regex_generate(rx, in);
  if (!base) return NULL;
  size_t len = strlen(base);
  static const char ODD[] = "!~ #%0aA_";
  size_t first = ff_choose(in, RX_COUNTER_TRIES);
  for (size_t t = 0; t < RX_COUNTER_TRIES; t++) {
    char *cand = NULL;
    char odd = ODD[ff_choose(in, sizeof ODD - 1)];
    switch ((first + t) % RX_COUNTER_TRIES) {
    case 0: cand = strdup(""); break;
    case 1: /* one character changed */
      if (len) {
        cand = strdup(base);
        if (cand) cand[ff_choose(in, len)] = odd;
      }
      break;
    case 2: if (asprintf(&cand, "%s%c", base, odd) < 0) cand = NULL; break;
    case 3: if (asprintf(&cand, "%c%s", odd, base) < 0) cand = NULL; break;
    case 4: if (len) cand = strndup(base, len - 1); break;
    case 5: if (asprintf(&cand, "%s%s", base, base) < 0) cand = NULL; break;
    case 6: if (len) { cand = strdup(base); if (cand) memset(cand, odd, len); } break;
    default: cand = strdup("~"); break;
    }
    if (cand && mcp_regex_match(rx->pattern, cand, strlen(cand)) == 0) {
      free(base);
      return cand;
    }
    free(cand);
  }
  free(base);
  return NULL;
}

/* The tree as a POSIX extended regex. */
static void ere_special(strbuf *b, char c) {
  if (strchr(".[]()*+?{}|^$\\", c)) put(b, "\\", 1);
  put(b, &c, 1);
}

static void ere_set(strbuf *b, const uint8_t *set) {
  if (set_count(set) == 1) {
    for (int c = 1; c < 128; c++)
      if (set_has(set, c)) ere_special(b, (char)c);
    return;
  }
  /* inside a bracket: ']' first, '-' last, '^' not first, '[' never before ':' '.' '=' */
  strbuf inner = {0};
  if (set_has(set, ']')) put(&inner, "]", 1);
  for (int c = 1; c < 128; c++)
    if (c != ']' && c != '^' && c != '-' && c != '[' && set_has(set, c)) {
      char ch = (char)c;
      put(&inner, &ch, 1);
    }
  if (set_has(set, '[')) put(&inner, "[", 1);
  put(b, "[", 1);
  if (!inner.len && set_has(set, '^')) { /* only '^' and '-' */
    put(b, "-^]", 3);
    return;
  }
  if (inner.len) put(b, inner.data, inner.len);
  if (set_has(set, '^')) put(b, "^", 1);
  if (set_has(set, '-')) put(b, "-", 1);
  put(b, "]", 1);
  free(inner.data);
}

static void ere_alts(const mcp_regex *rx, int alt, strbuf *b);

static void ere_node(const mcp_regex *rx, const rx_node *n, strbuf *b) {
  switch (n->kind) {
  case RX_SET: ere_set(b, n->set); break;
  case RX_LIT: put(b, "(", 1), put(b, n->lit, (size_t)n->litlen), put(b, ")", 1); break;
  case RX_GROUP: put(b, "(", 1), ere_alts(rx, n->alt, b), put(b, ")", 1); break;
  case RX_BOL: put(b, "^", 1); break;
  default: put(b, "$", 1); break;
  }
  char q[48] = "";
  if (n->min == 0 && n->max == -1) snprintf(q, sizeof q, "*");
  else if (n->min == 1 && n->max == -1) snprintf(q, sizeof q, "+");
  else if (n->min == 0 && n->max == 1) snprintf(q, sizeof q, "?");
  else if (n->max == -1) snprintf(q, sizeof q, "{%d,}", n->min);
  else if (n->min != 1 || n->max != 1) snprintf(q, sizeof q, "{%d,%d}", n->min, n->max);
  put(b, q, strlen(q));
}

static void ere_alts(const mcp_regex *rx, int alt, strbuf *b) {
  for (int a = alt; a >= 0; a = rx->alts[a].next) {
    if (a != alt) put(b, "|", 1);
    if (rx->alts[a].head < 0) put(b, "()", 2); /* an empty alternative */
    for (int i = rx->alts[a].head; i >= 0; i = rx->nodes[i].next) ere_node(rx, &rx->nodes[i], b);
  }
}

int mcp_regex_match(const char *pattern, const char *s, size_t len) {
  if (strlen(s) != len) return -1; /* a NUL inside: regexec stops there */
  for (size_t i = 0; i < len; i++)
    if ((unsigned char)s[i] >= 0x80) return -1;
  mcp_regex *rx = mcp_regex_parse(pattern);
  if (!rx || rx->over_dup_max) {
    mcp_regex_free(rx);
    return -1;
  }
  strbuf ere = {0};
  put(&ere, "(", 1);
  ere_alts(rx, rx->root, &ere);
  put(&ere, ")", 1);
  mcp_regex_free(rx);
  int result = -1;
  regex_t re;
  if (!ere.full && regcomp(&re, ere.data, REG_EXTENDED | REG_NOSUB) == 0) {
    result = regexec(&re, s, 0, NULL, 0) == 0 ? 1 : 0;
    regfree(&re);
  }
  free(ere.data);
  return result;
}
