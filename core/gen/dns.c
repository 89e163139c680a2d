/* DNS names in presentation form with their wire form: valid names (limits,
 * wildcards, IDN, escapes, service labels), one-defect names and hostile ones.
 * See include/formfuzz/gen_dns.h; raw wire names are in dns_wire.c. */
#include <string.h>

#include "formfuzz/gen_dns.h"

static const char LDH[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-";

typedef struct name_builder {
  ff_input *in;
  ff_buf *text;
  ff_dns_wire wire; /* labels so far, without the root */
  unsigned quirks;
  bool any_label;
  bool over; /* the wire form no longer fits its buffer */
} name_builder;

static bool is_ldh_byte(uint8_t b) { return b < 128 && b && strchr(LDH, (char)b) != NULL; }

typedef enum escaping {
  ESCAPE_NEEDED, /* only what must be escaped */
  ESCAPE_SOME,   /* plain bytes sometimes as \DDD too (drawn) */
  ESCAPE_ALL,    /* every byte as \DDD */
  ESCAPE_NONE,   /* raw bytes, as given */
} escaping;

static void add_wire_label(name_builder *nb, const uint8_t *bytes, size_t n) {
  if (nb->any_label) ff_buf_putc(nb->text, '.');
  nb->any_label = true;
  if (nb->wire.len + 1 + n <= sizeof nb->wire.data) {
    nb->wire.data[nb->wire.len++] = (uint8_t)n;
    memcpy(nb->wire.data + nb->wire.len, bytes, n);
    nb->wire.len += n;
  } else {
    nb->over = true;
  }
}

/* One label: its bytes into the wire form, its text with escapes. */
static void add_label(name_builder *nb, const uint8_t *bytes, size_t n, escaping escape) {
  add_wire_label(nb, bytes, n);
  if (escape == ESCAPE_NONE) {
    ff_buf_put(nb->text, bytes, n);
    return;
  }
  if (n == FF_DNS_MAX_LABEL) nb->quirks |= FF_DNS_Q_AT_LIMIT;
  if (n >= 4 && (bytes[0] | 0x20) == 'x' && (bytes[1] | 0x20) == 'n' && bytes[2] == '-' && bytes[3] == '-')
    nb->quirks |= FF_DNS_Q_IDN;
  if (n && (bytes[0] == '-' || bytes[n - 1] == '-')) nb->quirks |= FF_DNS_Q_NOT_HOSTNAME;
  for (size_t i = 0; i < n; i++) {
    uint8_t b = bytes[i];
    if (!is_ldh_byte(b)) nb->quirks |= FF_DNS_Q_NOT_HOSTNAME;
    if (escape == ESCAPE_ALL) {
      ff_buf_printf(nb->text, "\\%03u", b);
      nb->quirks |= FF_DNS_Q_ESCAPES;
    } else if (is_ldh_byte(b) || b == '_' || b == '*') {
      if (escape == ESCAPE_SOME && ff_bool(nb->in)) {
        ff_buf_printf(nb->text, "\\%03u", b);
        nb->quirks |= FF_DNS_Q_ESCAPES;
      } else {
        ff_buf_putc(nb->text, (char)b);
      }
    } else if ((b == '.' || b == '\\') && !(escape == ESCAPE_SOME && ff_bool(nb->in))) {
      ff_buf_putc(nb->text, '\\');
      ff_buf_putc(nb->text, (char)b);
      nb->quirks |= FF_DNS_Q_ESCAPES;
    } else {
      ff_buf_printf(nb->text, "\\%03u", b);
      nb->quirks |= FF_DNS_Q_ESCAPES;
    }
  }
}

/* Letters, digits and inner hyphens. */
static size_t ldh_label(ff_input *in, uint8_t *out, size_t n) {
  for (size_t i = 0; i < n; i++) out[i] = (uint8_t)LDH[ff_choose(in, sizeof LDH - 1)];
  if (out[0] == '-') out[0] = 'a';
  if (out[n - 1] == '-') out[n - 1] = 'z';
  return n;
}

typedef enum label_kind {
  LABEL_LDH, LABEL_LIMIT, LABEL_SERVICE, LABEL_IDN, LABEL_ESCAPED, LABEL_EDGE_HYPHEN, LABEL_WILDCARD
} label_kind;

/* A valid label of at most max octets (max >= 1). */
static void valid_label(name_builder *nb, label_kind kind, size_t max) {
  static const char *const SERVICES[] = {"_tcp", "_udp", "_dmarc", "_acme-challenge", "_domainkey", "_sip"};
  ff_input *in = nb->in;
  uint8_t b[FF_DNS_MAX_LABEL];
  size_t n;
  escaping escape = ESCAPE_NEEDED;
  switch (kind) {
  case LABEL_LIMIT: n = ldh_label(in, b, max < FF_DNS_MAX_LABEL ? max : FF_DNS_MAX_LABEL); break;
  case LABEL_SERVICE: {
    const char *s = FF_PICK(in, SERVICES);
    n = strlen(s) < max ? strlen(s) : max;
    memcpy(b, s, n);
    nb->quirks |= FF_DNS_Q_NOT_HOSTNAME;
    break;
  }
  case LABEL_IDN:
    if (max < 6) { /* no room for an xn-- label */
      n = ldh_label(in, b, max);
      break;
    }
    memcpy(b, "xn--", 4);
    n = 4 + ldh_label(in, b + 4, (size_t)ff_range(in, 2, max - 4 < 20 ? max - 4 : 20));
    break;
  case LABEL_LDH: n = ldh_label(in, b, (size_t)ff_range(in, 1, max < 12 ? max : 12)); break;
  case LABEL_ESCAPED:
    n = (size_t)ff_range(in, 1, max < 16 ? max : 16);
    ff_fill(in, b, n);
    escape = ESCAPE_SOME;
    break;
  case LABEL_EDGE_HYPHEN:
    n = (size_t)ff_range(in, 1, max < 10 ? max : 10);
    ldh_label(in, b, n);
    b[ff_bool(in) ? 0 : n - 1] = '-';
    break;
  default:
    b[0] = '*';
    n = 1;
    nb->quirks |= FF_DNS_Q_WILDCARD | FF_DNS_Q_NOT_HOSTNAME;
    break;
  }
  add_label(nb, b, n, escape);
}

/* The zone's labels (plain dotted text) and their wire length. */
static size_t zone_wire_len(const char *zone) {
  if (!zone || !*zone || strcmp(zone, ".") == 0) return 0;
  size_t n = strlen(zone);
  return zone[n - 1] == '.' ? n : n + 1;
}

static void add_zone(name_builder *nb, const char *zone) {
  if (!zone) return;
  for (const char *p = zone; *p;) {
    const char *dot = strchr(p, '.');
    size_t n = dot ? (size_t)(dot - p) : strlen(p);
    if (n) add_label(nb, (const uint8_t *)p, n > FF_DNS_MAX_LABEL ? FF_DNS_MAX_LABEL : n, ESCAPE_NEEDED);
    p += n + (dot != NULL);
  }
}

/* Room left for one more label's octets (length byte excluded), keeping the
 * name (with zone and root) within 255 octets. */
static size_t label_room(const name_builder *nb, size_t zone_len) {
  size_t used = nb->wire.len + zone_len + 1 + 1;
  return used < FF_DNS_MAX_WIRE ? FF_DNS_MAX_WIRE - used : 0;
}

static void finish_text(name_builder *nb) {
  if (!nb->any_label) {
    ff_buf_putc(nb->text, '.');
  } else if (ff_bool(nb->in)) {
    ff_buf_putc(nb->text, '.');
  } else {
    nb->quirks |= FF_DNS_Q_RELATIVE;
  }
}

static void valid_name(name_builder *nb, const char *zone) {
  size_t zl = zone_wire_len(zone);
  size_t shape = ff_choose(nb->in, 3);
  if (shape == 1 && zl == 0) { /* the root */
    finish_text(nb);
    return;
  }
  if (shape == 2) { /* as long as a name can be: 255 octets */
    while (label_room(nb, zl) >= 1) {
      size_t room = label_room(nb, zl);
      valid_label(nb, LABEL_LIMIT, room);
    }
    nb->quirks |= FF_DNS_Q_AT_LIMIT;
  } else {
    for (size_t i = 0; i == 0 || (i < 6 && ff_more(nb->in)); i++) {
      size_t room = label_room(nb, zl);
      if (room == 0) break;
      label_kind kind = (label_kind)ff_choose(nb->in, i == 0 ? 7 : 6);
      valid_label(nb, kind, room);
    }
  }
  add_zone(nb, zone);
  finish_text(nb);
}

static void repeat_label(name_builder *nb, char c, size_t octets, size_t times) {
  uint8_t b[FF_DNS_MAX_LABEL + 1];
  memset(b, c, sizeof b);
  for (size_t i = 0; i < times; i++) add_label(nb, b, octets, ESCAPE_NEEDED);
}

static void near_name(name_builder *nb, const char *zone) {
  ff_input *in = nb->in;
  size_t kind = ff_choose(in, 9);
  ff_note(in, "dns near-valid kind %zu", kind);
  switch (kind) {
  case 0: repeat_label(nb, 'a', FF_DNS_MAX_LABEL + 1, 1); add_zone(nb, zone); break;
  case 1: /* 256 octets */
    repeat_label(nb, 'a', 63, 3);
    repeat_label(nb, 'b', 62, 1);
    ff_buf_putc(nb->text, '.');
    break;
  case 2: ff_buf_puts(nb->text, "a.."); valid_name(nb, zone); break;
  case 3: ff_buf_putc(nb->text, '.'); valid_name(nb, zone); break;
  case 4: ff_buf_printf(nb->text, "x\\%u.", (unsigned)ff_range(in, 256, 999)); valid_name(nb, zone); break;
  case 5: ff_buf_printf(nb->text, ff_bool(in) ? "x\\%u." : "x\\%02u.", (unsigned)ff_range(in, 0, 9)); valid_name(nb, zone); break;
  case 6: valid_name(nb, zone); ff_buf_putc(nb->text, '\\'); break;
  case 7: valid_name(nb, zone); ff_buf_puts(nb->text, ".."); break;
  default: break; /* the empty string */
  }
}

/* Returns validity. */
static bool hostile_name(name_builder *nb, const char *zone) {
  ff_input *in = nb->in;
  size_t kind = ff_choose(in, 6);
  ff_note(in, "dns hostile kind %zu", kind);
  switch (kind) {
  case 0: { /* label after label: 127 one-octet labels fill 255 octets, 128 overflow */
    size_t count = (size_t)ff_range(in, 120, 128);
    repeat_label(nb, 'a', 1, count);
    ff_buf_putc(nb->text, '.');
    if (count == 127) nb->quirks |= FF_DNS_Q_AT_LIMIT;
    return count <= 127;
  }
  case 1: { /* 63 octets, every one written as \DDD */
    uint8_t b[FF_DNS_MAX_LABEL];
    ff_fill(in, b, sizeof b);
    add_label(nb, b, sizeof b, ESCAPE_ALL);
    add_zone(nb, zone);
    finish_text(nb);
    return true;
  }
  case 2: { /* a NUL octet inside a label */
    static const uint8_t WITH_NUL[] = {'a', 0, 'b'};
    add_label(nb, WITH_NUL, sizeof WITH_NUL, ESCAPE_NEEDED);
    add_zone(nb, zone);
    finish_text(nb);
    return true;
  }
  case 3: { /* raw bytes a master file would split on or mis-read */
    static const char *const RAW[] = {"a b", "a\"b", "a(b", "a;b", "a@b", "a$b"};
    const char *r = FF_PICK(in, RAW);
    add_label(nb, (const uint8_t *)r, strlen(r), ESCAPE_NONE);
    nb->quirks |= FF_DNS_Q_NOT_HOSTNAME;
    add_zone(nb, zone);
    finish_text(nb);
    return true;
  }
  case 4: { /* a raw UTF-8 label (a U-label, not its xn-- form) */
    static const uint8_t ULABEL[] = "b\xC3\xBC" "cher";
    add_label(nb, ULABEL, sizeof ULABEL - 1, ESCAPE_NONE);
    nb->quirks |= FF_DNS_Q_IDN | FF_DNS_Q_NOT_HOSTNAME;
    add_zone(nb, zone);
    finish_text(nb);
    return true;
  }
  default: { /* short text, long label: 32 escapes and 32 plain bytes make 64 octets */
    for (int i = 0; i < 32; i++) ff_buf_puts(nb->text, "\\097");
    ff_buf_repeat(nb->text, 'b', 32);
    nb->any_label = true;
    add_zone(nb, zone);
    return false;
  }
  }
}

bool ff_gen_dns_name(ff_input *in, ff_gen_mode mode, const char *zone, ff_buf *text, ff_dns_wire *wire,
                     unsigned *quirks) {
  name_builder nb;
  memset(&nb, 0, sizeof nb);
  nb.in = in;
  nb.text = text;
  bool ok;
  switch (ff_gen_resolve_mode(in, mode)) {
  case FF_GEN_VALID:
    valid_name(&nb, zone);
    ok = true;
    break;
  case FF_GEN_NEAR:
    near_name(&nb, zone);
    ok = false;
    break;
  default: ok = hostile_name(&nb, zone); break;
  }
  ok = ok && !nb.over && nb.wire.len + 1 <= FF_DNS_MAX_WIRE && !text->overflow;
  if (wire) {
    *wire = nb.wire;
    if (wire->len < sizeof wire->data) wire->data[wire->len++] = 0; /* the root */
  }
  if (quirks) *quirks = nb.quirks;
  return ok;
}
