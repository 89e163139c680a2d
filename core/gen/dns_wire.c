/* DNS names in wire format: valid ones (the wire form of a generated valid
 * name), and the length-byte and compression-pointer tricks that break
 * decoders. See ff_gen_dns_wire in include/formfuzz/gen_dns.h. */
#include <string.h>

#include "formfuzz/gen_dns.h"

#define TEXT_SCRATCH 1400 /* a 255-octet name written with \DDD escapes */

static void put(ff_dns_wire *w, const uint8_t *bytes, size_t n) {
  if (w->len + n > sizeof w->data) n = sizeof w->data - w->len;
  memcpy(w->data + w->len, bytes, n);
  w->len += n;
}

static void put_label(ff_dns_wire *w, uint8_t c, size_t n) {
  uint8_t label[FF_DNS_MAX_LABEL + 2];
  label[0] = (uint8_t)n;
  memset(label + 1, c, n);
  put(w, label, n + 1);
}

static void valid_wire(ff_input *in, ff_dns_wire *w) {
  char scratch[TEXT_SCRATCH];
  ff_buf text;
  ff_buf_init(&text, scratch, sizeof scratch);
  ff_gen_dns_name(in, FF_GEN_VALID, NULL, &text, w, NULL);
}

static void near_wire(ff_input *in, ff_dns_wire *w) {
  size_t kind = ff_choose(in, 4);
  ff_note(in, "dns wire near-valid kind %zu", kind);
  switch (kind) {
  case 0: /* a label length running past the end */
    valid_wire(in, w);
    w->data[0] = (uint8_t)(w->len > 63 ? 63 : w->len); /* at least one more than the bytes after it */
    if (w->data[0] < w->len) w->len = w->data[0];
    break;
  case 1: /* no terminating zero */
    valid_wire(in, w);
    if (w->len > 1) w->len--;
    else w->data[0] = 1, w->len = 1;
    break;
  case 2: /* 64 octets: the length byte reads as the reserved 01 label type */
    put_label(w, 'a', 64);
    put(w, (const uint8_t[]){0}, 1);
    break;
  default: /* 256 octets */
    for (int i = 0; i < 3; i++) put_label(w, 'a', 63);
    put_label(w, 'b', 62);
    put(w, (const uint8_t[]){0}, 1);
    break;
  }
}

static void hostile_wire(ff_input *in, ff_dns_wire *w) {
  size_t kind = ff_choose(in, 4);
  ff_note(in, "dns wire hostile kind %zu", kind);
  switch (kind) {
  case 0: put(w, (const uint8_t[]){0xC0, 0x00}, 2); break;                   /* a pointer to itself */
  case 1: put(w, (const uint8_t[]){1, 'a', 0xC0, 0x00}, 4); break;           /* a loop through a label */
  case 2: put(w, (const uint8_t[]){1, 'a', 0xC0, (uint8_t)ff_range(in, 4, 255)}, 4); break; /* forward, off the end */
  default: put(w, (const uint8_t[]){(uint8_t)(ff_bool(in) ? 0x80 : 0x41), 'a', 0}, 3); break; /* reserved types */
  }
}

bool ff_gen_dns_wire(ff_input *in, ff_gen_mode mode, ff_dns_wire *wire) {
  memset(wire, 0, sizeof *wire);
  switch (ff_gen_resolve_mode(in, mode)) {
  case FF_GEN_VALID: valid_wire(in, wire); return true;
  case FF_GEN_NEAR: near_wire(in, wire); return false;
  default: hostile_wire(in, wire); return false;
  }
}
