/* dns component generators (see gen.h). */
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <string.h>

#include "formfuzz/gen_dns.h"
#include "formfuzz/gen_ip.h"
#include "gen.h"

static const char *const POOL[] = {
    "app.formation.cloud", "bootstrap.formation.cloud", "api.formation.cloud",
    "a.b.formation.cloud", "b.formation.cloud",         "formation.cloud",
    "evilapp.formation.cloud", "example.com",           "hello.fog",
    "*.formation.cloud",   "app.formation.cloud.evil.com",
};

static _Thread_local ff_fault_plan run_plan;

void dns_gen_no_faults(void) {
  ff_fault_plan_init(&run_plan);
  ff_fault_plan_install(&run_plan);
}

ff_fault_plan *dns_gen_faults(ff_input *in, const char *sites) {
  ff_fault_plan_init(&run_plan);
  ff_fault_plan *plan = &run_plan;
  if (ff_u8(in) < 64) {
    size_t n = 0;
    const uint8_t *bits = ff_bytes_view(in, 4, &n);
    ff_fault_plan_use_input(plan, bits, n, 2, sites);
  }
  ff_fault_plan_install(plan);
  return plan;
}

void dns_gen_domain(ff_input *in, char out[DNS_NAME_TEXT_MAX]) {
  if (ff_u8(in) < 200) {
    snprintf(out, DNS_NAME_TEXT_MAX, "%s", FF_PICK(in, POOL));
  } else {
    char text[DNS_NAME_TEXT_MAX];
    ff_buf b;
    ff_buf_init(&b, text, sizeof text);
    ff_gen_dns_name(in, FF_GEN_ANY, ff_bool(in) ? DNS_GEN_ZONE : NULL, &b, NULL, NULL);
    snprintf(out, DNS_NAME_TEXT_MAX, "%s", text);
  }
  uint8_t spell = ff_u8(in);
  if (spell & 1)
    for (char *p = out; *p; p++)
      if (*p >= 'a' && *p <= 'z' && (ff_u8(in) & 1)) *p = (char)(*p - 32);
  size_t n = strlen(out);
  if ((spell & 2) && n + 1 < DNS_NAME_TEXT_MAX && (n == 0 || out[n - 1] != '.')) out[n] = '.', out[n + 1] = 0;
}

void dns_gen_ip(ff_input *in, uint8_t family, dns_ip *out) {
  static const char *const V4[] = {"203.0.113.1", "203.0.113.2", "198.51.100.7", "10.0.0.1",
                                   "10.0.0.2",    "10.1.2.3",    "192.0.2.55",   "8.8.8.8"};
  static const char *const V6[] = {"2001:db8::1", "2001:db8::2", "2001:db8:1::5", "fd00::10"};
  uint8_t f = family ? family : (ff_u8(in) % 4 == 3 ? 6 : 4);
  if (ff_u8(in) < 230) {
    dns_ip_parse(f == 4 ? FF_PICK(in, V4) : FF_PICK(in, V6), out);
  } else {
    char text[96];
    ff_buf b;
    ff_ip_value v;
    ff_buf_init(&b, text, sizeof text);
    memset(out, 0, sizeof *out);
    out->family = f;
    if (ff_gen_ip(in, FF_GEN_VALID, f == 4 ? FF_IP_V4 : FF_IP_V6, &b, &v, NULL))
      memcpy(out->addr, v.addr, f == 4 ? 4 : 16);
  }
  if (ff_u8(in) < 64) out->port = (uint16_t)(ff_bool(in) ? 80 : 51820);
}

static const uint16_t QTYPES[] = {DNS_T_A, DNS_T_AAAA, DNS_T_CNAME, DNS_T_MX, DNS_T_TXT, DNS_T_NS,
                                  DNS_T_SOA, DNS_T_SRV, DNS_T_CAA, DNS_T_PTR, DNS_T_ANY, 99};

size_t dns_gen_query(ff_input *in, uint8_t *out, size_t cap) {
  dns_msg m;
  if (dns_msg_init(&m)) return 0;
  m.id = ff_u16(in);
  m.flags = DNS_F_RD;
  uint8_t f = ff_u8(in);
  if (f & 1) m.flags |= DNS_F_AD;
  if (f & 2) m.flags |= DNS_F_CD;
  char text[DNS_NAME_TEXT_MAX];
  dns_gen_domain(in, text);
  dns_name qn;
  if (dns_name_from_text(text, &qn)) dns_name_from_text(DNS_GEN_ZONE, &qn);
  dns_msg_add(&m, DNS_QD, &qn, FF_PICK(in, QTYPES), ff_u8(in) < 240 ? DNS_C_IN : DNS_C_CH, 0, NULL, 0);
  if (f & 4) dns_msg_add_opt(&m, ff_bool(in) ? 1232 : 4096, (f & 8) != 0);
  long n = dns_msg_write(&m, out, cap);
  dns_msg_free(&m);
  return n < 0 ? 0 : (size_t)n;
}

size_t dns_gen_rdata(ff_input *in, uint16_t type, uint8_t *rd, size_t cap) {
  dns_name n;
  char text[DNS_NAME_TEXT_MAX];
  size_t len = 0;
  switch (type) {
  case DNS_T_A: ff_fill(in, rd, 4); return 4;
  case DNS_T_AAAA: ff_fill(in, rd, 16); return 16;
  case DNS_T_MX:
  case DNS_T_SRV:
    len = type == DNS_T_MX ? 2 : 6;
    ff_fill(in, rd, len);
    /* fall through */
  case DNS_T_NS:
  case DNS_T_CNAME:
  case DNS_T_PTR:
  case DNS_T_SOA:
    for (int k = 0; k < (type == DNS_T_SOA ? 2 : 1); k++) {
      dns_gen_domain(in, text);
      if (dns_name_from_text(text, &n)) dns_name_from_text(DNS_GEN_ZONE, &n);
      memcpy(rd + len, n.wire, n.len);
      len += n.len;
    }
    if (type == DNS_T_SOA) ff_fill(in, rd + len, 20), len += 20;
    return len;
  case DNS_T_TXT:
    do {
      size_t s = ff_range(in, 0, 40);
      rd[len++] = (uint8_t)s;
      ff_fill(in, rd + len, s);
      len += s;
    } while (ff_more(in) && len + 41 < cap);
    return len;
  case DNS_T_CAA:
    rd[0] = ff_bool(in) ? 0 : 128;
    memcpy(rd + 1, "\x05issue", 6);
    memcpy(rd + 7, "letsencrypt.org", 15);
    return 22;
  default: return ff_bytes(in, rd, cap < 64 ? cap : 64);
  }
}

size_t dns_gen_message(ff_input *in, uint8_t *out, size_t cap) {
  static const uint16_t TYPES[] = {DNS_T_A,   DNS_T_AAAA, DNS_T_CNAME, DNS_T_NS,  DNS_T_SOA, DNS_T_TXT,
                                   DNS_T_MX,  DNS_T_SRV,  DNS_T_CAA,   DNS_T_PTR, 13,        65280};
  dns_msg m;
  if (dns_msg_init(&m)) return 0;
  m.id = ff_u16(in);
  m.flags = ff_u16(in) & ~0x0040u; /* Z bit clear */
  uint8_t rd[600];
  for (int s = 0; s < 4; s++) {
    while (ff_more(in) && m.nrr < 24) {
      char text[DNS_NAME_TEXT_MAX];
      dns_name owner;
      dns_gen_domain(in, text);
      if (dns_name_from_text(text, &owner)) dns_name_from_text(DNS_GEN_ZONE, &owner);
      uint16_t type = FF_PICK(in, TYPES);
      if (s == DNS_QD) {
        dns_msg_add(&m, s, &owner, type, DNS_C_IN, 0, NULL, 0);
        continue;
      }
      size_t n = dns_gen_rdata(in, type, rd, sizeof rd);
      dns_msg_add(&m, s, &owner, type, DNS_C_IN, ff_u32(in), rd, (uint16_t)n);
    }
  }
  if (ff_bool(in)) dns_msg_add_opt(&m, (uint16_t)ff_range(in, 512, 4096), ff_bool(in));
  long n = dns_msg_write(&m, out, cap);
  dns_msg_free(&m);
  return n < 0 ? 0 : (size_t)n;
}

size_t dns_gen_bend(ff_input *in, uint8_t *buf, size_t len, size_t cap) {
  while (ff_more(in)) {
    size_t at = len ? ff_range(in, 0, len - 1) : 0;
    switch (ff_choose(in, 5)) {
    case 0: if (len) buf[at] ^= (uint8_t)(1u << ff_range(in, 0, 7)); break;
    case 1: if (len) buf[at] = ff_u8(in); break;
    case 2: len = at; break;
    case 3:
      if (len < cap) memmove(buf + at + 1, buf + at, len - at), buf[at] = ff_u8(in), len++;
      break;
    default: if (len) memmove(buf + at, buf + at + 1, len - at - 1), len--; break;
    }
  }
  return len;
}

static const dns_gen_cert_info CERTS[DNS_GEN_CERTS] = {
    {{"app.formation.cloud", NULL, NULL}, 1740000000, 1760000000},
    {{"*.formation.cloud", "formation.cloud", NULL}, 1740000000, 1750500000},
    {{"hello.fog", NULL, NULL}, 1700000000, 1800000000},
    {{"app.formation.cloud", "api.formation.cloud", NULL}, 1751000000, 1790000000},
    {{"example.com", "www.example.com", NULL}, 1600000000, 1700000000},
    {{"*.fog", NULL, NULL}, 1745000000, 1755000000},
};

const dns_gen_cert_info *dns_gen_cert_info_of(size_t i) { return i < DNS_GEN_CERTS ? &CERTS[i] : NULL; }

typedef struct cert_cache {
  uint8_t der[DNS_GEN_CERTS][2048];
  size_t der_len[DNS_GEN_CERTS];
  char pem[DNS_GEN_CERTS][4096];
  bool ready;
} cert_cache;

static int make_cert(size_t i, uint8_t *der, size_t *der_len, char *pem, size_t pem_cap) {
  uint8_t seed[32];
  memset(seed, (int)(i + 1), sizeof seed);
  EVP_PKEY *key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, sizeof seed);
  X509 *x = X509_new();
  int ok = key && x;
  const dns_gen_cert_info *info = &CERTS[i];
  if (ok) {
    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), (long)i + 1);
    ASN1_TIME_set(X509_getm_notBefore(x), (time_t)info->not_before);
    ASN1_TIME_set(X509_getm_notAfter(x), (time_t)info->not_after);
    X509_NAME *name = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)info->names[0], -1, -1, 0);
    X509_set_issuer_name(x, name);
    X509_set_pubkey(x, key);
    char san[512] = "";
    for (int k = 0; k < 3 && info->names[k]; k++)
      snprintf(san + strlen(san), sizeof san - strlen(san), "%sDNS:%s", k ? "," : "", info->names[k]);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, NULL, NID_subject_alt_name, san);
    ok = ext && X509_add_ext(x, ext, -1) && X509_sign(x, key, NULL) > 0;
    X509_EXTENSION_free(ext);
  }
  if (ok) {
    unsigned char *p = der;
    int n = i2d_X509(x, NULL);
    ok = n > 0 && (size_t)n <= 2048 && i2d_X509(x, &p) == n;
    *der_len = ok ? (size_t)n : 0;
    BIO *bio = BIO_new(BIO_s_mem());
    ok = ok && bio && PEM_write_bio_X509(bio, x);
    int got = ok ? BIO_read(bio, pem, (int)pem_cap - 1) : 0;
    pem[got > 0 ? got : 0] = 0;
    BIO_free(bio);
  }
  X509_free(x);
  EVP_PKEY_free(key);
  return ok ? 0 : -1;
}

static const cert_cache *certs(void) {
  static cert_cache cache; /* read-only after the first call */
  if (!cache.ready) {
    for (size_t i = 0; i < DNS_GEN_CERTS; i++)
      if (make_cert(i, cache.der[i], &cache.der_len[i], cache.pem[i], sizeof cache.pem[i])) cache.der_len[i] = 0;
    cache.ready = true;
  }
  return &cache;
}

const uint8_t *dns_gen_cert_der(size_t i, size_t *len) {
  if (i >= DNS_GEN_CERTS || certs()->der_len[i] == 0) return NULL;
  *len = certs()->der_len[i];
  return certs()->der[i];
}

const char *dns_gen_cert_pem(size_t i) { return i < DNS_GEN_CERTS ? certs()->pem[i] : ""; }

/* A 1024-bit RSA key made with `openssl genrsa -traditional` for these tests
 * only (PKCS#1 PEM), so the key bytes are the same every run. */
static const char TEST_RSA_PKCS1[] =
    "-----BEGIN RSA PRIVATE KEY-----\n"
    "MIICXQIBAAKBgQCkLgvnIhST7i/Ur0Gdq38FpKnZpaasG0GMwUhWWPfmdCBwBuxR\n"
    "CsugHMRbFM0munf1fS2r8fhhkRWL9UmOhUXhHidqsB0l8cdfilt9rrakqoXhxc1y\n"
    "48TbsDUJ2hDo5JnAksXnMOC+S0zsF5O47BRGmiTxQLZ6fzSbv51I5GK/rQIDAQAB\n"
    "AoGAdKRmPnr/Ba5mewNcaclqwDahmYjP5lyi8H5thzNERI1iclTo1hcGXiWx90fL\n"
    "DOXTzix2I0ARCDhMh5fn/4J+BvPKge8XGzou7CnibEoBT5GeQ2d+HCefuvQ0q5zY\n"
    "uicmx0MsNbmgIQ3mVilA2nn75qImKe+0pAPzWiA5TMo4Hj0CQQDQ43sWtV0Y4rIP\n"
    "aBUE3eBd5H8wR7V1vYGvqrc1tUVOPhSSebVJaFC7/kgqTfRWCcYZD+RvQwr7Q/+F\n"
    "BjQKwpCbAkEAyTU8QFiO8zIXA1n+HLjaMBtbMiVSEvlpGbUds+6xYgV9y3w0mWRN\n"
    "CyJ6j5hAuuM8dtRKz4jNkbjFP1w30MkBVwJAFiOmDhgWz+Zm/N8JK0Tg3NK08EcJ\n"
    "Yns9XYL4fAbEW7CUuZmQr0ERHXur5l/wv5W1mz5l9azjYxIn6M9pgKJydQJBAJsK\n"
    "zna2xtBXVKxceBchyd8v9UHayDeewIHysgSodT8XBCv8dXuNcmCWHOLxa0+XMkxO\n"
    "oabxv5X+Tt/X65qSiNkCQQCM3f6MS5NYpfBGUoaKpnma1YX0qLMjFzDWamH+A1ZV\n"
    "9grC4lxbC7BFxuu7uTRLdDJE97nq2M/eruoHtS9rMhR7\n"
    "-----END RSA PRIVATE KEY-----\n"
    ;

typedef struct key_cache {
  uint8_t bytes[DNS_GEN_KEYS][2][4096]; /* [key][0 DER, 1 PEM] */
  size_t len[DNS_GEN_KEYS][2];
  uint8_t pub[DNS_GEN_KEYS][1024];
  size_t pub_len[DNS_GEN_KEYS];
  bool ready;
} key_cache;

/* Key i in its encoding: 0 Ed25519 PKCS#8, 1 RSA PKCS#1, 2 the RSA key as PKCS#8. */
static int make_key(size_t i, key_cache *c) {
  EVP_PKEY *k = NULL;
  if (i == 0) {
    uint8_t seed[32];
    memset(seed, 0x5a, sizeof seed);
    k = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, sizeof seed);
  } else {
    BIO *in = BIO_new_mem_buf(TEST_RSA_PKCS1, -1);
    k = in ? PEM_read_bio_PrivateKey(in, NULL, NULL, NULL) : NULL;
    BIO_free(in);
  }
  int ok = k != NULL;
  BIO *der = BIO_new(BIO_s_mem()), *pem = BIO_new(BIO_s_mem());
  ok = ok && der && pem;
  if (ok && i == 1) ok = i2d_PrivateKey_bio(der, k) > 0 && PEM_write_bio_PrivateKey_traditional(pem, k, NULL, NULL, 0, NULL, NULL);
  else if (ok) ok = i2d_PKCS8PrivateKey_bio(der, k, NULL, NULL, 0, NULL, NULL) && PEM_write_bio_PrivateKey(pem, k, NULL, NULL, 0, NULL, NULL);
  for (int e = 0; ok && e < 2; e++) {
    int n = BIO_read(e ? pem : der, c->bytes[i][e], (int)sizeof c->bytes[i][e] - 1);
    ok = n > 0;
    c->len[i][e] = ok ? (size_t)n : 0;
    if (ok) c->bytes[i][e][n] = 0;
  }
  unsigned char *p = c->pub[i];
  int n = ok ? i2d_PUBKEY(k, NULL) : -1;
  ok = ok && n > 0 && (size_t)n <= sizeof c->pub[i] && i2d_PUBKEY(k, &p) == n;
  c->pub_len[i] = ok ? (size_t)n : 0;
  BIO_free(der);
  BIO_free(pem);
  EVP_PKEY_free(k);
  return ok ? 0 : -1;
}

static const key_cache *keys(void) {
  static key_cache cache; /* read-only after the first call */
  if (!cache.ready) {
    for (size_t i = 0; i < DNS_GEN_KEYS; i++)
      if (make_key(i, &cache)) cache.len[i][0] = cache.len[i][1] = cache.pub_len[i] = 0;
    cache.ready = true;
  }
  return &cache;
}

const uint8_t *dns_gen_key(size_t i, bool pem, size_t *len) {
  if (i >= DNS_GEN_KEYS || keys()->len[i][pem] == 0) return NULL;
  *len = keys()->len[i][pem];
  return keys()->bytes[i][pem];
}

const uint8_t *dns_gen_key_public(size_t i, size_t *len) {
  if (i >= DNS_GEN_KEYS || keys()->pub_len[i] == 0) return NULL;
  *len = keys()->pub_len[i];
  return keys()->pub[i];
}
