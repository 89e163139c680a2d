/* CIDR blocks as text: an address, '/', a prefix length; valid, bent in the
 * prefix or the address, and hostile. See ff_gen_cidr in include/formfuzz/gen_ip.h. */
#include <string.h>

#include "formfuzz/gen_ip.h"
#include "ip_internal.h"

static bool host_bits_set(const ff_ip_value *v, unsigned prefix) {
  unsigned bits = v->family == FF_IP_V4 ? 32 : 128;
  for (unsigned i = prefix; i < bits; i++)
    if (v->addr[i / 8] & (0x80 >> (i % 8))) return true;
  return false;
}

static void clear_host_bits(ff_ip_value *v, unsigned prefix) {
  unsigned bits = v->family == FF_IP_V4 ? 32 : 128;
  for (unsigned i = prefix; i < bits; i++) v->addr[i / 8] &= (uint8_t) ~(0x80 >> (i % 8));
}

static void write_address(ff_input *in, ff_buf *out, ff_ip_value *v, unsigned *quirks) {
  if (v->family == FF_IP_V4) ip_write_v4(out, v->addr);
  else ip_write_v6(in, out, v->addr, quirks);
}

static void near_cidr(ff_input *in, ff_ip_family family, ff_buf *out, ff_ip_value *v, unsigned *quirks) {
  static const char *const BAD_PREFIXES[] = {"-1", "", " 8", "8/8", "0x8", "+8", "8 ", "/8", "8.0"};
  unsigned max = family == FF_IP_V4 ? 32 : 128;
  size_t kind = ff_choose(in, 4);
  ff_note(in, "cidr near-valid kind %zu", kind);
  if (kind == 0) { /* a bad address, a good prefix */
    ff_gen_ip(in, FF_GEN_NEAR, family, out, v, quirks);
    ff_buf_printf(out, "/%u", (unsigned)ff_range(in, 0, max));
    return;
  }
  ip_draw_value(in, family, v);
  write_address(in, out, v, quirks);
  ff_buf_putc(out, '/');
  switch (kind) {
  case 1: ff_buf_printf(out, "%u", max + (unsigned)ff_range(in, 1, 100)); break;
  case 2: ff_buf_printf(out, "0%u", (unsigned)ff_range(in, 0, max)); break;
  default: ff_buf_puts(out, FF_PICK(in, BAD_PREFIXES)); break;
  }
}

/* Returns validity. */
static bool hostile_cidr(ff_input *in, ff_ip_family family, ff_buf *out, ff_ip_value *v, unsigned *quirks) {
  static const char *const HUGE[] = {"4294967304", "18446744073709551624", "99999999999999999999"};
  size_t kind = ff_choose(in, 4);
  ff_note(in, "cidr hostile kind %zu", kind);
  ip_draw_value(in, family, v);
  if (kind == 0) { /* the whole space: 0.0.0.0/0 or ::/0 */
    memset(v->addr, 0, sizeof v->addr);
    v->prefix = 0;
    ff_buf_puts(out, family == FF_IP_V4 ? "0.0.0.0/0" : "::/0");
    return true;
  }
  write_address(in, out, v, quirks);
  switch (kind) {
  case 1: ff_buf_printf(out, "/%s", FF_PICK(in, HUGE)); break; /* wraps to a small prefix in 32/64 bits */
  case 2: ff_buf_put(out, "/\0" "8", 3); break;
  default: ff_buf_repeat(out, '/', (size_t)ff_range(in, 2, 64)); ff_buf_putc(out, '8'); break;
  }
  return false;
}

bool ff_gen_cidr(ff_input *in, ff_gen_mode mode, ff_ip_family family, ff_buf *out, ff_ip_value *value,
                 unsigned *quirks) {
  ff_ip_value v;
  unsigned q = 0;
  bool ok = false;
  mode = ff_gen_resolve_mode(in, mode);
  if (family == FF_IP_ANY_FAMILY) family = ff_bool(in) ? FF_IP_V6 : FF_IP_V4;
  switch (mode) {
  case FF_GEN_VALID: {
    unsigned prefix = (unsigned)ff_range(in, 0, family == FF_IP_V4 ? 32 : 128);
    ip_draw_value(in, family, &v);
    if (ff_bool(in)) clear_host_bits(&v, prefix);
    write_address(in, out, &v, &q);
    ff_buf_printf(out, "/%u", prefix);
    v.prefix = (int)prefix;
    ok = true;
    break;
  }
  case FF_GEN_NEAR: near_cidr(in, family, out, &v, &q); break;
  default: ok = hostile_cidr(in, family, out, &v, &q); break;
  }
  if (ok && host_bits_set(&v, (unsigned)v.prefix)) q |= FF_IP_Q_HOST_BITS;
  if (ff_ip_classify(&v) != FF_IP_PUBLIC) q |= FF_IP_Q_SPECIAL;
  if (value) *value = v;
  if (quirks) *quirks = q;
  return ok && !out->overflow;
}
