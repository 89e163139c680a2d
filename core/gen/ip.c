/* IPv4/IPv6 address text: special ranges, every IPv6 text form, and the
 * near-valid and hostile forms parsers get wrong; plus the range classifier.
 * See include/formfuzz/gen_ip.h. CIDR blocks are in cidr.c. */
#include <stdio.h>
#include <string.h>

#include "formfuzz/gen_ip.h"
#include "ip_internal.h"

typedef struct ip_range {
  uint8_t net[16];
  unsigned bits;
} ip_range;

/* The special ranges first, "anything" last. */
static const ip_range V4_RANGES[] = {
    {{0, 0, 0, 0}, 32},        {{127, 0, 0, 1}, 32}, {{127, 0, 0, 0}, 8},    {{10, 0, 0, 0}, 8},
    {{172, 16, 0, 0}, 12},     {{192, 168, 0, 0}, 16}, {{169, 254, 0, 0}, 16}, {{224, 0, 0, 0}, 4},
    {{255, 255, 255, 255}, 32}, {{100, 64, 0, 0}, 10}, {{192, 0, 2, 0}, 24},   {{0}, 0},
};
static const ip_range V6_RANGES[] = {
    {{0}, 128},
    {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 128},
    {{0xfe, 0x80}, 10},
    {{0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 128},
    {{0xff}, 8},
    {{0xfc}, 7},
    {{0x20, 0x01, 0x0d, 0xb8}, 32},
    {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff}, 96},
    {{0, 0x64, 0xff, 0x9b}, 96},
    {{0}, 0},
};

static void draw_in_range(ff_input *in, const ip_range *r, uint8_t *addr, size_t len) {
  ff_fill(in, addr, len);
  for (unsigned i = 0; i < r->bits; i++) {
    uint8_t mask = (uint8_t)(0x80 >> (i % 8));
    addr[i / 8] = (uint8_t)((addr[i / 8] & ~mask) | (r->net[i / 8] & mask));
  }
}

void ip_draw_value(ff_input *in, ff_ip_family family, ff_ip_value *v) {
  memset(v, 0, sizeof *v);
  v->family = family;
  v->prefix = -1;
  if (family == FF_IP_V4) draw_in_range(in, &FF_PICK(in, V4_RANGES), v->addr, 4);
  else draw_in_range(in, &FF_PICK(in, V6_RANGES), v->addr, 16);
}

static bool in_prefix(const uint8_t *addr, const uint8_t *net, unsigned bits) {
  for (unsigned i = 0; i < bits; i++) {
    uint8_t mask = (uint8_t)(0x80 >> (i % 8));
    if ((addr[i / 8] & mask) != (net[i / 8] & mask)) return false;
  }
  return true;
}

ff_ip_class ff_ip_classify(const ff_ip_value *v) {
  const uint8_t *a = v->addr;
  if (v->family == FF_IP_V4) {
    static const uint8_t DOC1[] = {192, 0, 2}, DOC2[] = {198, 51, 100}, DOC3[] = {203, 0, 113};
    if (a[0] == 0) return FF_IP_UNSPECIFIED;
    if (a[0] == 127) return FF_IP_LOOPBACK;
    if (a[0] == 10 || (a[0] == 172 && (a[1] & 0xf0) == 16) || (a[0] == 192 && a[1] == 168)) return FF_IP_PRIVATE;
    if (a[0] == 100 && (a[1] & 0xc0) == 64) return FF_IP_SHARED;
    if (a[0] == 169 && a[1] == 254) return FF_IP_LINK_LOCAL;
    if ((a[0] & 0xf0) == 224) return FF_IP_MULTICAST;
    if (a[0] == 255 && a[1] == 255 && a[2] == 255 && a[3] == 255) return FF_IP_BROADCAST;
    if (!memcmp(a, DOC1, 3) || !memcmp(a, DOC2, 3) || !memcmp(a, DOC3, 3)) return FF_IP_DOCUMENTATION;
    return FF_IP_PUBLIC;
  }
  static const uint8_t ZERO[16] = {0}, LOOP[16] = {[15] = 1}, MAPPED[12] = {[10] = 0xff, [11] = 0xff};
  static const uint8_t DOC[4] = {0x20, 0x01, 0x0d, 0xb8}, LL[2] = {0xfe, 0x80}, ULA[1] = {0xfc};
  if (!memcmp(a, ZERO, 16)) return FF_IP_UNSPECIFIED;
  if (!memcmp(a, LOOP, 16)) return FF_IP_LOOPBACK;
  if (!memcmp(a, MAPPED, 12)) return FF_IP_V4_MAPPED;
  if (a[0] == 0xff) return FF_IP_MULTICAST;
  if (in_prefix(a, LL, 10)) return FF_IP_LINK_LOCAL;
  if (in_prefix(a, ULA, 7)) return FF_IP_PRIVATE;
  if (in_prefix(a, DOC, 32)) return FF_IP_DOCUMENTATION;
  return FF_IP_PUBLIC;
}

const char *ff_ip_class_name(ff_ip_class c) {
  static const char *const NAMES[] = {"public",     "unspecified", "loopback", "private",       "shared",
                                      "link-local", "multicast",   "broadcast", "documentation", "v4-mapped"};
  return (unsigned)c < FF_COUNT_OF(NAMES) ? NAMES[c] : "?";
}

/* --- text ---------------------------------------------------------------- */

void ip_write_v4(ff_buf *out, const uint8_t a[4]) { ff_buf_printf(out, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]); }

static void group_values(const uint8_t a[16], unsigned g[8]) {
  for (int i = 0; i < 8; i++) g[i] = (unsigned)(a[2 * i] << 8 | a[2 * i + 1]);
}

static void write_groups(ff_buf *out, const unsigned *g, size_t from, size_t to, bool pad, bool upper) {
  for (size_t i = from; i < to; i++) {
    if (i > from) ff_buf_putc(out, ':');
    ff_buf_printf(out, pad ? (upper ? "%04X" : "%04x") : (upper ? "%X" : "%x"), g[i]);
  }
}

/* Zero runs among the first n groups: the drawn one (or the longest) as start/len. */
static void pick_zero_run(ff_input *in, const unsigned *g, size_t n, bool longest, size_t *start, size_t *len) {
  size_t runs[8][2], count = 0;
  for (size_t i = 0; i < n;) {
    if (g[i] != 0) {
      i++;
      continue;
    }
    size_t j = i;
    while (j < n && g[j] == 0) j++;
    runs[count][0] = i;
    runs[count][1] = j - i;
    count++;
    i = j;
  }
  *start = *len = 0;
  if (count == 0) return;
  size_t pick = 0;
  if (longest) {
    for (size_t r = 1; r < count; r++)
      if (runs[r][1] > runs[pick][1]) pick = r;
  } else {
    pick = ff_choose(in, count);
  }
  *start = runs[pick][0];
  *len = runs[pick][1];
}

void ip_write_v6(ff_input *in, ff_buf *out, const uint8_t a[16], unsigned *quirks) {
  unsigned g[8];
  group_values(a, g);
  size_t style = ff_choose(in, 6);
  bool pad = style == 1, upper = style == 4, v4_tail = style == 5;
  size_t n = v4_tail ? 6 : 8, cs = 0, cl = 0;
  if (style == 0 || style == 4 || style == 5) pick_zero_run(in, g, n, style != 5 || ff_bool(in), &cs, &cl);
  else if (style == 3) pick_zero_run(in, g, n, false, &cs, &cl);
  if (cl == 0) {
    write_groups(out, g, 0, n, pad, upper);
    if (v4_tail) ff_buf_putc(out, ':');
  } else {
    write_groups(out, g, 0, cs, pad, upper);
    ff_buf_puts(out, "::");
    write_groups(out, g, cs + cl, n, pad, upper);
    if (v4_tail && cs + cl < n) ff_buf_putc(out, ':');
  }
  if (v4_tail) {
    ip_write_v4(out, a + 12);
    if (quirks) *quirks |= FF_IP_Q_V4_MAPPED;
  }
}

static void near_v4(ff_input *in, ff_buf *out, const uint8_t a[4]) {
  size_t kind = ff_choose(in, 10), i = ff_choose(in, 4);
  ff_note(in, "ipv4 near-valid kind %zu", kind);
  char octet[4][16];
  for (int k = 0; k < 4; k++) snprintf(octet[k], sizeof octet[k], "%u", a[k]);
  switch (kind) {
  case 0: snprintf(octet[i], sizeof octet[i], "0%u", a[i]); break;
  case 1: snprintf(octet[i], sizeof octet[i], "%u", (unsigned)ff_range(in, 256, 999)); break;
  case 2: ff_buf_printf(out, "%s.%s.%s", octet[0], octet[1], octet[2]); return;
  case 3: ff_buf_printf(out, "%s.%s.%s.%s.%u", octet[0], octet[1], octet[2], octet[3], (unsigned)ff_u8(in)); return;
  case 4: ff_buf_printf(out, "%s.%s.%s.%s.", octet[0], octet[1], octet[2], octet[3]); return;
  case 5: octet[i][0] = '\0'; break;
  case 6: snprintf(octet[i], sizeof octet[i], "0x%x", a[i]); break;
  case 7: ff_buf_printf(out, "%u", (unsigned)a[0] << 24 | (unsigned)a[1] << 16 | (unsigned)a[2] << 8 | a[3]); return;
  case 8: snprintf(octet[i], sizeof octet[i], "-%u", a[i] ? a[i] : 1u); break;
  default: ff_buf_putc(out, ' '); break;
  }
  ff_buf_printf(out, "%s.%s.%s.%s", octet[0], octet[1], octet[2], octet[3]);
}

static void near_v6(ff_input *in, ff_buf *out, const uint8_t a[16], unsigned *quirks) {
  static const char *const ZONES[] = {"%eth0", "%1", "%25eth0", "%"};
  unsigned g[8];
  group_values(a, g);
  size_t kind = ff_choose(in, 12), i = ff_choose(in, 8);
  ff_note(in, "ipv6 near-valid kind %zu", kind);
  switch (kind) {
  case 0: ff_buf_printf(out, "%x::%x::%x", g[0], g[3], g[7]); break;
  case 1: write_groups(out, g, 0, 8, false, false); ff_buf_puts(out, ":1"); break;
  case 2: write_groups(out, g, 0, 7, false, false); break;
  case 3:
    write_groups(out, g, 0, i, false, false);
    ff_buf_printf(out, "%s%05x%s", i ? ":" : "", g[i], i < 7 ? ":" : "");
    write_groups(out, g, i + 1, 8, false, false);
    break;
  case 4:
    write_groups(out, g, 0, i, false, false);
    ff_buf_printf(out, "%sg%x%s", i ? ":" : "", g[i] & 0xff, i < 7 ? ":" : "");
    write_groups(out, g, i + 1, 8, false, false);
    break;
  case 5:
    ip_write_v6(in, out, a, NULL);
    ff_buf_puts(out, FF_PICK(in, ZONES));
    *quirks |= FF_IP_Q_ZONE;
    break;
  case 6: ff_buf_printf(out, ff_bool(in) ? "::ffff:%u.%u.%u.256" : "::ffff:0%u.%u.%u.%u", a[12], a[13], a[14], a[15]); break;
  case 7: ff_buf_printf(out, ":::%x", g[7]); break;
  case 8: ff_buf_printf(out, "%x::%x:", g[0], g[7]); break;
  case 9: ff_buf_printf(out, ":%x::%x", g[0], g[7]); break;
  case 10: ff_buf_putc(out, '['); ip_write_v6(in, out, a, NULL); ff_buf_putc(out, ']'); break;
  default: ff_buf_printf(out, "::%u.%u.%u.%u:%x", a[12], a[13], a[14], a[15], g[7]); break;
  }
}

/* Hostile text; returns validity (value filled when valid). */
static bool hostile_ip(ff_input *in, ff_ip_family family, ff_buf *out, ff_ip_value *v, unsigned *quirks) {
  typedef struct tricky {
    const char *text;
    uint8_t addr[16];
  } tricky;
  static const tricky TRICKY_V4[] = {{"0.0.0.0", {0}},
                                     {"127.1.2.3", {127, 1, 2, 3}},
                                     {"255.255.255.255", {255, 255, 255, 255}},
                                     {"169.254.169.254", {169, 254, 169, 254}}};
  static const tricky TRICKY_V6[] = {
      {"::ffff:127.0.0.1", {[10] = 0xff, [11] = 0xff, [12] = 127, [15] = 1}},
      {"::", {0}},
      {"::127.0.0.1", {[12] = 127, [15] = 1}},
      {"::ffff:169.254.169.254", {[10] = 0xff, [11] = 0xff, [12] = 169, [13] = 254, [14] = 169, [15] = 254}},
      {"0:0:0:0:0:ffff:7f00:1", {[10] = 0xff, [11] = 0xff, [12] = 0x7f, [15] = 1}},
  };
  static const char *const HUGE[] = {"4294967297", "99999999999999999999", "1.2.3.4294967296", "::1ffff"};
  size_t kind = ff_choose(in, 6);
  ff_note(in, "ip hostile kind %zu", kind);
  switch (kind) {
  case 0: /* embedded NUL: C strings see a valid address */
    ip_write_any(in, family, out, v, quirks);
    ff_buf_put(out, "\0.evil", 6);
    return false;
  case 1: /* fullwidth digit one before the text */
    ff_buf_puts(out, "\xEF\xBC\x91");
    ip_write_any(in, family, out, v, quirks);
    return false;
  case 2: ff_buf_puts(out, FF_PICK(in, HUGE)); return false;
  case 3: /* a long run of zeros before a number */
    ff_buf_repeat(out, '0', (size_t)ff_range(in, 4, 64)); /* 5+ digits: too long for a group */
    ff_buf_puts(out, family == FF_IP_V6 ? "1::" : "1.1.1.1");
    return false;
  case 4: { /* valid and treacherous: loopback and metadata in disguise */
    const tricky *t = family == FF_IP_V6 ? &FF_PICK(in, TRICKY_V6) : &FF_PICK(in, TRICKY_V4);
    memset(v, 0, sizeof *v);
    v->family = family;
    v->prefix = -1;
    memcpy(v->addr, t->addr, sizeof v->addr);
    ff_buf_puts(out, t->text);
    if (family == FF_IP_V6 && strchr(t->text, '.')) *quirks |= FF_IP_Q_V4_MAPPED;
    return true;
  }
  default: /* trailing newline, as from a line read */
    ip_write_any(in, family, out, v, quirks);
    ff_buf_putc(out, '\n');
    return false;
  }
}

void ip_write_any(ff_input *in, ff_ip_family family, ff_buf *out, ff_ip_value *v, unsigned *quirks) {
  ip_draw_value(in, family, v);
  if (family == FF_IP_V4) ip_write_v4(out, v->addr);
  else ip_write_v6(in, out, v->addr, quirks);
}

bool ff_gen_ip(ff_input *in, ff_gen_mode mode, ff_ip_family family, ff_buf *out, ff_ip_value *value,
               unsigned *quirks) {
  ff_ip_value v;
  unsigned q = 0;
  bool ok;
  mode = ff_gen_resolve_mode(in, mode);
  if (family == FF_IP_ANY_FAMILY) family = ff_bool(in) ? FF_IP_V6 : FF_IP_V4;
  switch (mode) {
  case FF_GEN_VALID:
    ip_write_any(in, family, out, &v, &q);
    ok = true;
    break;
  case FF_GEN_NEAR:
    ip_draw_value(in, family, &v);
    if (family == FF_IP_V4) near_v4(in, out, v.addr);
    else near_v6(in, out, v.addr, &q);
    ok = false;
    break;
  default: ok = hostile_ip(in, family, out, &v, &q); break;
  }
  if (ff_ip_classify(&v) != FF_IP_PUBLIC) q |= FF_IP_Q_SPECIAL;
  if (value) *value = v;
  if (quirks) *quirks = q;
  return ok && !out->overflow;
}
