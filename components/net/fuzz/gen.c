/* net component generators (see gen.h). */
#include <string.h>

#include "formfuzz/gen_codec.h"
#include "formfuzz/gen_ip.h"
#include "gen.h"

const ff_keypair *net_gen_key(size_t i) {
  static ff_keypair keys[NET_GEN_KEYS]; /* read-only after the first call */
  static bool made[NET_GEN_KEYS];
  i %= NET_GEN_KEYS;
  if (!made[i]) {
    ff_keypair_from_seed(&keys[i], i + 100);
    made[i] = true;
  }
  return &keys[i];
}

static const char *const domains[] = {"example.com", "Bootstrap.Formation.Cloud", "a", "-bad.com", "x..y",
                                      "1.2.3", "host_name", "", "a-.b"};

bool net_gen_endpoint_text(ff_input *in, ff_buf *out) {
  char hostbuf[96];
  ff_buf host;
  ff_buf_init(&host, hostbuf, sizeof hostbuf);
  bool valid;
  unsigned quirks = 0;
  ff_ip_value v;
  size_t kind = ff_choose(in, 5);
  if (kind == 0 || kind == 1) {
    ff_gen_mode mode = ff_gen_resolve_mode(in, FF_GEN_ANY);
    valid = ff_gen_ip(in, mode, kind == 0 ? FF_IP_V4 : FF_IP_V6, &host, &v, &quirks);
    valid = valid && !host.overflow && strlen(host.data) == host.len;
    if (kind == 1 && ff_bool(in)) {
      ff_buf_putc(out, '[');
      ff_buf_put(out, host.data, host.len);
      ff_buf_putc(out, ']');
    } else {
      ff_buf_put(out, host.data, host.len);
      if (kind == 1) valid = false; /* unbracketed IPv6 */
    }
  } else if (kind == 2) {
    size_t d = ff_choose(in, FF_COUNT_OF(domains));
    ff_buf_puts(out, domains[d]);
    valid = d < 3;
  } else {
    char raw[32];
    ff_cstr_from(in, raw, sizeof raw, "abc019.-:[]AZ_");
    ff_buf_puts(out, raw);
    valid = false;
  }
  size_t port_kind = ff_choose(in, 4);
  if (port_kind == 0) ff_buf_printf(out, ":%u", (unsigned)ff_u16(in));
  else if (port_kind == 1) ff_buf_printf(out, ":%u", 65536u + (unsigned)ff_u8(in)), valid = false;
  else if (port_kind == 2) ff_buf_puts(out, ":"), valid = false;
  else ff_buf_printf(out, ":+%u", (unsigned)ff_u8(in)), valid = false;
  if (kind > 2) valid = false;
  return valid && !out->overflow;
}

void net_gen_wg_key(ff_input *in, net_key *k) { ff_fill(in, k->b, NET_KEY_LEN); }

bool net_gen_key_text(ff_input *in, ff_gen_mode mode, const net_key *k, ff_buf *out) {
  return ff_gen_base64(in, mode, FF_BASE64_STD, k->b, NET_KEY_LEN, out);
}

ff_simaddr net_gen_simaddr(ff_input *in) {
  ff_simaddr a;
  memset(&a, 0, sizeof a);
  if (ff_bool(in)) {
    a.ip.family = 6;
    ff_fill(in, a.ip.b, 16);
  } else {
    a.ip.family = 4;
    ff_fill(in, a.ip.b, 4);
  }
  a.port = ff_u16(in);
  return a;
}

void net_endpoint_from_simaddr(const ff_simaddr *a, net_endpoint *ep) {
  memset(ep, 0, sizeof *ep);
  ep->kind = a->ip.family == 4 ? NET_HOST_V4 : NET_HOST_V6;
  ep->ip.family = a->ip.family;
  memcpy(ep->ip.b, a->ip.b, 16);
  ep->port = a->port;
}
