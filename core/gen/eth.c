/* Ethereum-style address text: EIP-55 checksums and valid, near-valid and
 * hostile address strings. See include/formfuzz/gen_eth.h. */
#include <string.h>

#include "formfuzz/crypto.h"
#include "formfuzz/gen_codec.h"
#include "formfuzz/gen_eth.h"

void ff_eth_checksum_hex(const uint8_t addr[20], char out[41]) {
  uint8_t hash[32];
  ff_address_hex(addr, out);
  ff_keccak256(out, 40, hash);
  for (int i = 0; i < 40; i++) {
    unsigned nibble = (hash[i / 2] >> (i % 2 ? 0 : 4)) & 15;
    if (out[i] >= 'a' && nibble >= 8) out[i] = (char)(out[i] - 'a' + 'A');
  }
}

static size_t first_letter(const char *hex) {
  for (size_t i = 0; i < 40; i++)
    if (hex[i] > '9') return i;
  return 40;
}

static bool mixed_case(const char *hex) {
  bool lower = false, upper = false;
  for (size_t i = 0; i < 40; i++) {
    lower |= hex[i] >= 'a';
    upper |= hex[i] >= 'A' && hex[i] <= 'F';
  }
  return lower && upper;
}

static bool near_address(ff_input *in, const char *sum, ff_buf *out) {
  static const char NOT_HEX[] = "gGxz -.O";
  size_t kind = ff_choose(in, 6);
  ff_note(in, "eth near-valid kind %zu", kind);
  switch (kind) {
  case 0: { /* one letter's case against the checksum (keeping the case mixed) */
    char flipped[41];
    memcpy(flipped, sum, sizeof flipped);
    size_t letters = 0;
    for (size_t i = 0; i < 40; i++) letters += flipped[i] > '9';
    if (letters > 0) {
      size_t k = ff_choose(in, letters), i = first_letter(flipped);
      for (; k > 0; k--)
        do i++;
        while (flipped[i] <= '9');
      for (size_t tries = 0; tries < letters; tries++) {
        flipped[i] ^= 0x20;
        if (mixed_case(flipped)) {
          ff_buf_puts(out, "0x");
          ff_buf_puts(out, flipped);
          return false;
        }
        flipped[i] ^= 0x20;
        do i = (i + 1) % 40;
        while (flipped[i] <= '9');
      }
    }
    ff_buf_puts(out, "0x"); /* no flip keeps the case mixed: cut a digit instead */
    ff_buf_put(out, sum, 39);
    return false;
  }
  case 1: ff_buf_puts(out, "0x"); ff_buf_put(out, sum, 39); return false;
  case 2: ff_buf_puts(out, "0x"); ff_buf_puts(out, sum); ff_buf_putc(out, '0'); return false;
  case 3: ff_buf_puts(out, "0x"); ff_buf_puts(out, sum); ff_buf_puts(out, "00"); return false;
  case 4: {
    size_t at = out->len + 2 + ff_choose(in, 40);
    ff_buf_puts(out, "0x");
    ff_buf_puts(out, sum);
    if (!out->overflow) out->data[at] = NOT_HEX[ff_choose(in, sizeof NOT_HEX - 1)];
    return false;
  }
  default: ff_buf_puts(out, "0X"); ff_buf_puts(out, sum); return false;
  }
}

static bool hostile_address(ff_input *in, const uint8_t addr[20], const char *sum, ff_buf *out) {
  size_t kind = ff_choose(in, 7);
  ff_note(in, "eth hostile kind %zu", kind);
  switch (kind) {
  case 0: { /* 32 bytes: a hash or public-key half where an address belongs */
    uint8_t wide[32] = {0};
    memcpy(wide + 12, addr, 20);
    ff_buf_puts(out, "0x");
    ff_hex_encode(out, wide, sizeof wide, false);
    return false;
  }
  case 1: ff_buf_puts(out, "0x0x"); ff_buf_puts(out, sum); return false;
  case 2: ff_buf_putc(out, ' '); ff_buf_puts(out, "0x"); ff_buf_puts(out, sum); ff_buf_putc(out, '\n'); return false;
  case 3: ff_buf_puts(out, "0x"); ff_buf_put(out, sum, 20); ff_buf_putc(out, '\0'); ff_buf_puts(out, sum + 20); return false;
  case 4: ff_buf_puts(out, "\xEF\xBC\x90x"); ff_buf_puts(out, sum); return false; /* fullwidth 0 */
  case 5: return false;                                                              /* empty */
  default: /* the zero address: valid, and a classic trap */
    if (ff_bool(in)) {
      ff_buf_puts(out, "0x0000000000000000000000000000000000000000");
      return memcmp(addr, (const uint8_t[20]){0}, 20) == 0;
    }
    ff_buf_puts(out, "0x");
    ff_buf_puts(out, sum);
    return true;
  }
}

bool ff_gen_eth_address(ff_input *in, ff_gen_mode mode, const uint8_t addr[20], ff_buf *out, unsigned *quirks) {
  char sum[41];
  ff_eth_checksum_hex(addr, sum);
  unsigned q = 0;
  bool ok;
  switch (ff_gen_resolve_mode(in, mode)) {
  case FF_GEN_VALID: {
    size_t style = ff_choose(in, 3);
    if (ff_bool(in)) q |= FF_ETH_Q_NO_PREFIX;
    else ff_buf_puts(out, "0x");
    if (style == 0) {
      ff_buf_puts(out, sum);
    } else {
      q |= FF_ETH_Q_NOT_CHECKSUMMED;
      ff_hex_encode(out, addr, 20, style == 2);
    }
    ok = true;
    break;
  }
  case FF_GEN_NEAR: ok = near_address(in, sum, out); break;
  default: ok = hostile_address(in, addr, sum, out); break;
  }
  if (quirks) *quirks = q;
  return ok && !out->overflow;
}
