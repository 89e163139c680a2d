/* dns_wire's protocol-aware mutator: 4000 mutations chained from a real
 * response (fixed seeds). Every structured output is well framed (counts and
 * RDLENGTHs right: our parser refuses it, if at all, for its meaning, like
 * RDATA that does not fit a changed type); most parse; the
 * operators change the id, the record count, add EDNS and change types; a
 * quarter of the calls are left to byte mutation. With the argument "off"
 * (ctest runs it so, under FORMFUZZ_STRUCT_MUTATOR=off) none may be
 * structured. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "dns.h"
#include "ff_check.h"
#include "wire_mutator.h"

static int fell_back;
static size_t mark_fallback(uint8_t *data, size_t size, size_t max_size) {
  (void)data, (void)max_size;
  fell_back = 1;
  return size;
}

/* Framing alone: the header's counts, then each record's name (labels up to
 * the root or a pointer), fixed fields and RDLENGTH bytes, ending exactly at
 * the message's end. */
static bool well_framed(const uint8_t *b, size_t len) {
  if (len < DNS_HEADER_LEN) return false;
  size_t p = DNS_HEADER_LEN;
  for (int sec = 0; sec < 4; sec++) {
    unsigned count = (unsigned)b[4 + 2 * sec] << 8 | b[5 + 2 * sec];
    for (unsigned i = 0; i < count; i++) {
      while (p < len && b[p] && (b[p] & 0xc0) != 0xc0) p += (size_t)b[p] + 1;
      if (p >= len) return false;
      p += b[p] ? 2 : 1;
      p += sec == DNS_QD ? 4 : 10;
      if (p > len) return false;
      if (sec != DNS_QD) p += (size_t)b[p - 2] << 8 | b[p - 1];
      if (p > len) return false;
    }
  }
  return p == len;
}

/* An answer for app.formation.cloud: one question, two compressed A records. */
static const uint8_t SEED[] = {0xbe, 0xef, 0x85, 0x80, 0, 1, 0, 2, 0, 0, 0, 0, 3, 'a', 'p', 'p', 9, 'f', 'o',
                               'r', 'm', 'a', 't', 'i', 'o', 'n', 5, 'c', 'l', 'o', 'u', 'd', 0, 0, 1, 0, 1,
                               0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 0x3c, 0, 4, 203, 0, 113, 1, 0xc0, 0x0c, 0, 1,
                               0, 1, 0, 0, 0, 0x3c, 0, 4, 203, 0, 113, 2};

int main(int argc, char **argv) {
  bool off = argc > 1 && strcmp(argv[1], "off") == 0;
  static uint8_t buf[8192];
  size_t len = sizeof SEED;
  memcpy(buf, SEED, len);
  unsigned structured = 0, parsed = 0, framing_errors = 0, fallbacks = 0;
  int new_id = 0, count_changed = 0, opt_added = 0, type_changed = 0;
  dns_msg m;
  REQUIRE(dns_msg_init(&m) == 0, "init");
  for (unsigned seed = 1; seed <= 4000; seed++) {
    fell_back = 0;
    len = ff_struct_mutate(&dns_wire_mutator, buf, len, sizeof buf, seed, mark_fallback);
    if (fell_back) {
      fallbacks++;
      continue;
    }
    structured++;
    dns_err e = dns_msg_parse(&m, buf, len);
    if (e == DNS_OK) {
      parsed++;
      new_id |= m.id != 0xbeef;
      count_changed |= m.nrr != 3;
      opt_added |= m.opt_index >= 0;
      for (size_t i = 0; i < m.nrr; i++) type_changed |= m.rr[i].type != DNS_T_A;
    }
    if (!well_framed(buf, len)) {
      framing_errors++;
      fprintf(stderr, "seed %u: badly framed output (%s): ", seed, dns_err_name(e));
      for (size_t i = 0; i < len; i++) fprintf(stderr, "%02x", buf[i]);
      fprintf(stderr, "\n");
    }
    if (e != DNS_OK || m.nrr > 40) memcpy(buf, SEED, len = sizeof SEED); /* start again */
  }
  dns_msg_free(&m);
  printf("structured %u parsed %u fallbacks %u\n", structured, parsed, fallbacks);
  if (off) {
    CHECK(structured == 0 && fallbacks == 4000);
    return check_summary("test_wire_mutator off");
  }
  CHECK(framing_errors == 0);
  CHECK(structured >= 2800 && fallbacks >= 800 && fallbacks <= 1200);
  CHECK(parsed * 10 >= structured * 7);
  CHECK(new_id && count_changed && opt_added && type_changed);
  return check_summary("test_wire_mutator");
}
