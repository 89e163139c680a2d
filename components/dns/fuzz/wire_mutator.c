/* The protocol-aware mutator of dns_wire (wire_mutator.h): a message is
 * parsed into a list of records, one field or the structure is changed, and
 * the list is written again by the serializer, so counts, RDLENGTHs and
 * compression pointers are right in every output. */
#include "wire_mutator.h"

#include <stdlib.h>
#include <string.h>

#include "gen.h"

#define MAX_ITEMS 64 /* larger messages go to byte mutation */
#define RD_MAX 600

/* One record as the mutator edits it: section, owner, fields, own RDATA. */
typedef struct item {
  int sec;
  dns_name owner;
  uint16_t type, cls;
  uint32_t ttl;
  uint16_t rdlen;
  uint8_t rd[RD_MAX];
} item;

typedef struct wire_tree {
  uint16_t id, flags;
  size_t n;
  item it[MAX_ITEMS];
} wire_tree;

static void *wire_parse(const uint8_t *data, size_t size) {
  dns_msg m;
  if (dns_msg_init(&m)) return NULL;
  wire_tree *t = NULL;
  if (dns_msg_parse(&m, data, size) == DNS_OK && m.nrr <= MAX_ITEMS && (t = malloc(sizeof *t))) {
    t->id = m.id, t->flags = m.flags, t->n = 0;
    for (int sec = 0; sec < 4; sec++) {
      size_t start = dns_msg_section_start(&m, sec);
      for (size_t i = start; i < start + m.count[sec]; i++) {
        const dns_rr *r = &m.rr[i];
        if (r->rdlen > RD_MAX) {
          free(t);
          t = NULL;
          goto done;
        }
        item *x = &t->it[t->n++];
        x->sec = sec, x->owner = r->owner, x->type = r->type, x->cls = r->cls, x->ttl = r->ttl;
        x->rdlen = r->rdlen;
        memcpy(x->rd, dns_rr_rdata(&m, r), r->rdlen);
      }
    }
  }
done:
  dns_msg_free(&m);
  return t;
}

static long wire_serialize(const void *tree, uint8_t *out, size_t cap) {
  const wire_tree *t = tree;
  dns_msg m;
  if (dns_msg_init(&m)) return -1;
  m.id = t->id, m.flags = t->flags;
  for (int sec = 0; sec < 4; sec++)
    for (size_t i = 0; i < t->n; i++) {
      const item *x = &t->it[i];
      if (x->sec == sec) dns_msg_add(&m, sec, &x->owner, x->type, x->cls, x->ttl, x->rd, x->rdlen);
    }
  long n = dns_msg_write(&m, out, cap);
  dns_msg_free(&m);
  return n;
}

static void wire_release(void *tree) { free(tree); }

static const uint16_t TYPES[] = {DNS_T_A,   DNS_T_AAAA, DNS_T_CNAME, DNS_T_NS,   DNS_T_SOA,  DNS_T_TXT,
                                 DNS_T_MX,  DNS_T_SRV,  DNS_T_CAA,   DNS_T_PTR,  DNS_T_OPT,  DNS_T_TSIG,
                                 DNS_T_ANY, DNS_T_AXFR, DNS_T_IXFR,  DNS_T_DS,   13,         65280};
static const uint16_t CLASSES[] = {DNS_C_IN, DNS_C_CH, DNS_C_NONE, DNS_C_ANY, 2, 512, 1232, 4096};
static const uint32_t TTLS[] = {0, 1, 60, 3600, 86400, 0x7fffffffu, 0x80000000u, 0xffffffffu};
static const uint16_t FLAG_BITS[] = {DNS_F_QR, DNS_F_AA, DNS_F_TC, DNS_F_RD,
                                     DNS_F_RA, 0x0040u,  DNS_F_AD, DNS_F_CD};
static const uint16_t UDP_SIZES[] = {0, 1, 511, 512, 513, 1232, 4096, 65535};

static void gen_owner(ff_input *in, dns_name *out) {
  char text[DNS_NAME_TEXT_MAX];
  dns_gen_domain(in, text);
  if (dns_name_from_text(text, out)) dns_name_from_text(DNS_GEN_ZONE, out);
}

/* A label in front of the name ("*", "www", or 1..63 letters), or the first
 * label dropped, or one letter's case flipped. */
static void edit_owner(ff_input *in, dns_name *n) {
  switch (ff_choose(in, 3)) {
  case 0: {
    uint8_t label[64];
    size_t len;
    switch (ff_choose(in, 3)) {
    case 0: label[0] = '*', len = 1; break;
    case 1: memcpy(label, "www", 3), len = 3; break;
    default:
      len = ff_range(in, 1, DNS_LABEL_MAX);
      memset(label, 'a' + (int)ff_range(in, 0, 25), len);
    }
    if (n->len + 1 + len > DNS_NAME_WIRE_MAX) return;
    memmove(n->wire + 1 + len, n->wire, n->len);
    n->wire[0] = (uint8_t)len;
    memcpy(n->wire + 1, label, len);
    n->len = (uint8_t)(n->len + 1 + len);
    return;
  }
  case 1:
    if (n->len > 1) {
      size_t skip = 1 + n->wire[0];
      memmove(n->wire, n->wire + skip, n->len - skip);
      n->len = (uint8_t)(n->len - skip);
    }
    return;
  default:
    if (n->len > 1) {
      size_t at = ff_range(in, 0, n->len - 1);
      uint8_t c = n->wire[at];
      if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') n->wire[at] = c ^ 0x20;
    }
  }
}

static void new_item(ff_input *in, wire_tree *t, int sec) {
  if (t->n == MAX_ITEMS) return;
  item *x = &t->it[t->n++];
  x->sec = sec;
  gen_owner(in, &x->owner);
  x->type = FF_PICK(in, TYPES);
  x->cls = DNS_C_IN;
  x->ttl = sec == DNS_QD ? 0 : FF_PICK(in, TTLS);
  x->rdlen = sec == DNS_QD ? 0 : (uint16_t)dns_gen_rdata(in, x->type, x->rd, sizeof x->rd);
}

/* OPT in the additional section: add one, or change the one there. */
static void edit_opt(ff_input *in, wire_tree *t) {
  for (size_t i = 0; i < t->n; i++) {
    item *x = &t->it[i];
    if (x->type != DNS_T_OPT) continue;
    switch (ff_choose(in, 3)) {
    case 0: x->cls = FF_PICK(in, UDP_SIZES); return;
    case 1: x->ttl ^= 0x8000u; return; /* DO */
    default: x->ttl = (x->ttl & 0xff00ffffu) | ((uint32_t)ff_range(in, 0, 2) << 16); return; /* version */
    }
  }
  if (t->n == MAX_ITEMS) return;
  item *x = &t->it[t->n++];
  memset(x, 0, sizeof *x);
  x->sec = DNS_AR, x->owner.len = 1, x->owner.wire[0] = 0;
  x->type = DNS_T_OPT, x->cls = FF_PICK(in, UDP_SIZES), x->ttl = ff_bool(in) ? 0x8000u : 0;
}

static void remove_item(wire_tree *t, size_t i) {
  memmove(&t->it[i], &t->it[i + 1], (t->n - i - 1) * sizeof *t->it);
  t->n--;
}

static void wire_mutate(void *tree, ff_input *in) {
  wire_tree *t = tree;
  item *x = t->n ? &t->it[ff_range(in, 0, t->n - 1)] : NULL;
  switch (ff_choose(in, 12)) {
  case 0: t->id = (uint16_t)ff_u16(in); break;
  case 1: t->flags ^= FF_PICK(in, FLAG_BITS); break;
  case 2: t->flags = (uint16_t)((t->flags & ~0x7800u) | (ff_range(in, 0, 15) << 11)); break; /* opcode */
  case 3: t->flags = (uint16_t)((t->flags & ~0x000fu) | ff_range(in, 0, 15)); break;         /* rcode */
  case 4: /* a new type, with RDATA made for it half of the time */
    if (x) x->type = FF_PICK(in, TYPES);
    if (x && x->sec != DNS_QD && ff_bool(in)) x->rdlen = (uint16_t)dns_gen_rdata(in, x->type, x->rd, sizeof x->rd);
    break;
  case 5: if (x) x->cls = FF_PICK(in, CLASSES); break;
  case 6: if (x) x->ttl = FF_PICK(in, TTLS); break;
  case 7:
    if (x && ff_bool(in)) edit_owner(in, &x->owner);
    else if (x) gen_owner(in, &x->owner);
    break;
  case 8:
    if (x && x->sec != DNS_QD) x->rdlen = (uint16_t)dns_gen_rdata(in, x->type, x->rd, sizeof x->rd);
    break;
  case 9:
    if (x && t->n < MAX_ITEMS && ff_bool(in)) { /* duplicate */
      t->it[t->n] = *x;
      t->it[t->n++].sec = (int)ff_range(in, 0, 3);
    } else {
      new_item(in, t, (int)ff_range(in, 0, 3));
    }
    break;
  case 10:
    if (x && ff_bool(in)) remove_item(t, (size_t)(x - t->it));
    else if (x) x->sec = (int)ff_range(in, 0, 3);
    break;
  default: edit_opt(in, t); break;
  }
}

/* A record of other grafted into tree, in its own section or another. */
static void wire_cross(void *tree, const void *other, ff_input *in) {
  wire_tree *t = tree;
  const wire_tree *o = other;
  if (!o->n || t->n == MAX_ITEMS) return;
  t->it[t->n] = o->it[ff_range(in, 0, o->n - 1)];
  if (ff_u8(in) < 64) t->it[t->n].sec = (int)ff_range(in, 0, 3);
  t->n++;
}

const ff_struct_mutator dns_wire_mutator = {
    .name = "dns_wire",
    .parse = wire_parse,
    .mutate = wire_mutate,
    .cross = wire_cross,
    .serialize = wire_serialize,
    .release = wire_release,
    .byte_share = 25,
};
