/* ff_hex_decode: the rules its users rely on (vm addresses and signatures,
 * net keys, the crypto tests' vectors): either case, even length, no prefix,
 * no whitespace or NUL, output bounded by cap and untouched on refusal; and
 * every byte value round-trips through ff_hex_encode in both cases. */
#include <string.h>

#include "ff_check.h"
#include "formfuzz/gen_codec.h"
#include "formfuzz/hex.h"

static long decode(const char *hex, uint8_t *out, size_t cap) { return ff_hex_decode(hex, strlen(hex), out, cap); }

static void accepted_text(void) {
  uint8_t out[8] = {0};
  CHECK(decode("", out, sizeof out) == 0);
  CHECK(decode("00ff", out, sizeof out) == 2 && out[0] == 0x00 && out[1] == 0xff);
  CHECK(decode("aB", out, sizeof out) == 1 && out[0] == 0xab);
  CHECK(decode("DEADbeef", out, sizeof out) == 4 && memcmp(out, "\xde\xad\xbe\xef", 4) == 0);
  CHECK(decode("0123456789abcdef", out, sizeof out) == 8 && out[7] == 0xef); /* exactly cap */
}

static void refused_text(void) {
  static const char *const BAD[] = {"0",   "abc",  "0x00", "0X00", " 00", "00 ", "0 0",  "0\n",
                                    "g0",  "0g",   "+0",   "-1",   "\\x0", "０0", "00\t", "zz"};
  for (size_t i = 0; i < sizeof BAD / sizeof *BAD; i++) {
    uint8_t out[8] = {0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a};
    CHECK_MSG(decode(BAD[i], out, sizeof out) == -1, "accepted \"%s\"", BAD[i]);
    CHECK_MSG(out[0] == 0x5a && out[1] == 0x5a, "\"%s\" wrote output when refused", BAD[i]);
  }
  uint8_t out[4];
  CHECK(ff_hex_decode("00\0" "0", 4, out, sizeof out) == -1); /* a NUL inside the given length */
  CHECK(ff_hex_decode("0011", 4, out, 1) == -1);            /* more bytes than cap */
  CHECK(ff_hex_decode("0011", 2, out, 1) == 1 && out[0] == 0); /* only hex_len characters are read */
}

static void every_byte_round_trips(void) {
  uint8_t all[256], back[256];
  for (size_t i = 0; i < sizeof all; i++) all[i] = (uint8_t)i;
  for (int upper = 0; upper < 2; upper++) {
    char text[513];
    ff_buf b;
    ff_buf_init(&b, text, sizeof text);
    ff_hex_encode(&b, all, sizeof all, upper);
    memset(back, 0, sizeof back);
    CHECK(!b.overflow && b.len == 512);
    CHECK_MSG(ff_hex_decode(text, b.len, back, sizeof back) == 256 && memcmp(back, all, 256) == 0,
              "%s round trip", upper ? "uppercase" : "lowercase");
  }
}

/* Every pair of characters is accepted exactly when both are hex digits. */
static void every_pair(void) {
  const char *digits = "0123456789abcdefABCDEF";
  long accepted = 0;
  for (int a = 1; a < 256; a++)
    for (int c = 1; c < 256; c++) {
      char text[2] = {(char)a, (char)c};
      uint8_t out;
      bool hex = strchr(digits, a) && strchr(digits, c);
      long got = ff_hex_decode(text, 2, &out, 1);
      CHECK_MSG(got == (hex ? 1 : -1), "pair %02x %02x: %ld", a, c, got);
      accepted += got == 1;
    }
  CHECK_MSG(accepted == 22 * 22, "%ld pairs accepted", accepted);
}

int main(void) {
  accepted_text();
  refused_text();
  every_byte_round_trips();
  every_pair();
  return check_summary("hex_decode");
}
