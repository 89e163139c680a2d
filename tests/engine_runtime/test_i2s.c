/* Unit test of the input-to-state stage's pure parts: the transform-aware
 * patches (engine/i2s_transforms.c) for a field offset by a constant, XOR'd,
 * byte-swapped, sign-extended, written as decimal and hex text and split over
 * two bytes, and that a chance match colorization disproves gives no patch;
 * checksum sites (engine/checksum.c): CRC-32, Adler-32 and a byte sum found
 * from a compare with and without a colorized twin, none for an unrelated
 * value, and repair; colorization (engine/colorize.c) against a fake path
 * that depends on one byte. */
#include <stdint.h>
#include <string.h>
#include <zlib.h>

#include "checksum.h"
#include "colorize.h"
#include "ff_check.h"
#include "i2s_transforms.h"
#include "mutators/mut_ops.h"

static ff_cmplog_entry cmp(uint8_t kind, uint64_t a, uint64_t b, size_t len) {
  ff_cmplog_entry e = {.pc = 0x1000, .kind = kind, .len = (uint8_t)len};
  ff_mut_store_int(e.a, a, len, false);
  ff_mut_store_int(e.b, b, len, false);
  return e;
}

/* Whether out[0, n) has a patch of kind at pos whose first rep bytes are rep. */
static int has(const ff_i2s_patch *out, size_t n, int kind, uint32_t pos, const void *rep,
               size_t len) {
  for (size_t i = 0; i < n; i++)
    if (out[i].kind == kind && out[i].pos == pos && out[i].rep_len == len &&
        memcmp(out[i].rep, rep, len) == 0)
      return 1;
  return 0;
}

static void offset_and_xor(void) {
  uint8_t base[12] = "AAAA\x10\x20\x30\x40zzzz", color[12];
  memcpy(color, base, sizeof base);
  memcpy(color + 4, "\x99\x88\x77\x66", 4);
  uint32_t xo, xc, off = 0x00a1b2c3u, want = 0x5ca1ab1eu;
  memcpy(&xo, base + 4, 4);
  memcpy(&xc, color + 4, 4);
  ff_i2s_patch out[16];
  ff_cmplog_entry o = cmp(FF_CMP_CONST, want, xo + off, 4), c = cmp(FF_CMP_CONST, want, xc + off, 4);
  size_t n = ff_i2s_patches(base, color, sizeof base, &o, &c, out, 16);
  uint32_t rep = want - off;
  CHECK(has(out, n, FF_I2S_OFFSET, 4, &rep, 4));
  /* without the twin the offset is unknowable: no such patch */
  n = ff_i2s_patches(base, NULL, sizeof base, &o, NULL, out, 16);
  CHECK(!has(out, n, FF_I2S_OFFSET, 4, &rep, 4));
  uint32_t key = 0x13572468u;
  o = cmp(FF_CMP_CONST, want, xo ^ key, 4);
  c = cmp(FF_CMP_CONST, want, xc ^ key, 4);
  n = ff_i2s_patches(base, color, sizeof base, &o, &c, out, 16);
  rep = want ^ key;
  CHECK(has(out, n, FF_I2S_XOR, 4, &rep, 4));
}

static void swap_and_extend(void) {
  uint8_t base[10] = {0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 0, 0x12, 0x34}, color[10];
  memcpy(color, base, sizeof base);
  color[0] = 0x11, color[1] = 0x22, color[2] = 0x33, color[3] = 0x44, color[8] = 0x80, color[9] = 0x01;
  ff_i2s_patch out[16];
  ff_cmplog_entry o = cmp(FF_CMP_CONST, 0xfeedfaceu, 0xdeadbeefu, 4),
                  c = cmp(FF_CMP_CONST, 0xfeedfaceu, 0x11223344u, 4);
  size_t n = ff_i2s_patches(base, color, sizeof base, &o, &c, out, 16);
  CHECK(has(out, n, FF_I2S_SWAP, 0, "\xfe\xed\xfa\xce", 4));
  /* a big-endian int16 at 8, sign-extended (0x8001 -> 0xffff8001) against -31337 */
  int32_t want = -31337;
  o = cmp(FF_CMP_INT, (uint32_t)want, 0x1234, 4);
  c = cmp(FF_CMP_INT, (uint32_t)want, 0xffff8001u, 4);
  n = ff_i2s_patches(base, color, sizeof base, &o, &c, out, 16);
  uint8_t be16[2] = {(uint8_t)((uint16_t)want >> 8), (uint8_t)want};
  CHECK(has(out, n, FF_I2S_EXTEND, 8, be16, 2));
}

static void text(void) {
  const uint8_t base[] = "123:7f", color[] = "904:3c";
  ff_i2s_patch out[16];
  ff_cmplog_entry o = cmp(FF_CMP_CONST, 1337133713u, 123, 8), c = cmp(FF_CMP_CONST, 1337133713u, 904, 8);
  size_t n = ff_i2s_patches(base, color, 6, &o, &c, out, 16);
  CHECK(has(out, n, FF_I2S_DECIMAL, 0, "1337133713", 10));
  o = cmp(FF_CMP_CONST, 0xc0ffee42u, 0x7f, 8);
  c = cmp(FF_CMP_CONST, 0xc0ffee42u, 0x3c, 8);
  n = ff_i2s_patches(base, color, 6, &o, &c, out, 16);
  CHECK(has(out, n, FF_I2S_HEX, 4, "c0ffee42", 8));
  uint8_t patched[32];
  memcpy(patched, base, 6);
  for (size_t i = 0; i < n; i++)
    if (out[i].kind == FF_I2S_HEX && out[i].pos == 4) {
      size_t size = ff_i2s_apply(&out[i], patched, 6, sizeof patched);
      CHECK(size == 12 && memcmp(patched, "123:c0ffee42", 12) == 0);
    }
}

static void split_and_false_match(void) {
  /* the operand's low byte at 1, high byte at 6 */
  uint8_t base[8] = {0, 0x34, 0, 0, 0, 0, 0x12, 0}, color[8] = {9, 0x77, 9, 9, 9, 9, 0x66, 9};
  ff_i2s_patch out[16];
  ff_cmplog_entry o = cmp(FF_CMP_CONST, 0xbeef, 0x1234, 2), c = cmp(FF_CMP_CONST, 0xbeef, 0x6677, 2);
  size_t n = ff_i2s_patches(base, color, sizeof base, &o, &c, out, 16);
  int found = 0;
  for (size_t i = 0; i < n; i++)
    if (out[i].kind == FF_I2S_SPLIT && out[i].nsplit == 2 && out[i].split_pos[0] == 1 &&
        out[i].split_val[0] == 0xef && out[i].split_pos[1] == 6 && out[i].split_val[1] == 0xbe)
      found = 1;
  CHECK(found);
  /* 0x1234 is in the input at 2, but the operand moved with colorization and
   * those bytes did not: a chance match, no patch there */
  uint8_t base2[8] = {0, 0, 0x34, 0x12, 0xaa, 0xbb, 0, 0}, color2[8] = {0, 0, 0x34, 0x12, 1, 2, 0, 0};
  o = cmp(FF_CMP_CONST, 0xbeef, 0x1234, 2);
  c = cmp(FF_CMP_CONST, 0xbeef, 0x5678, 2);
  n = ff_i2s_patches(base2, color2, sizeof base2, &o, &c, out, 16);
  CHECK(!has(out, n, FF_I2S_DIRECT, 2, "\xef\xbe", 2));
  /* without a twin the same match is a candidate */
  n = ff_i2s_patches(base2, NULL, sizeof base2, &o, NULL, out, 16);
  CHECK(has(out, n, FF_I2S_DIRECT, 2, "\xef\xbe", 2));
}

static void checksums(void) {
  uint8_t data[24] = "....PAYLOAD-AND-MORE!!!", color[24];
  memcpy(color, data, sizeof data);
  memcpy(color + 6, "xyzw", 4);
  uint32_t crc = (uint32_t)crc32(0, data + 4, 20), crc_c = (uint32_t)crc32(0, color + 4, 20);
  uint32_t stored = 0x01020304u, stored_c = 0x0a0b0c0du;
  ff_mut_store_int(data, stored, 4, false);
  ff_mut_store_int(color, stored_c, 4, false);
  ff_checksum_site s;
  CHECK(ff_checksum_find(data, color, 24, 4, crc, stored, crc_c, stored_c, &s));
  CHECK(s.fn == FF_CK_CRC32 && s.field == 0 && s.start == 4 && s.end == FF_CK_TO_END &&
        !s.big_endian && s.width == 4);
  CHECK(ff_checksum_find(data, NULL, 24, 4, crc, stored, 0, 0, &s) && s.fn == FF_CK_CRC32);
  CHECK(!ff_checksum_find(data, color, 24, 4, crc ^ 1, stored, crc_c, stored_c, &s));
  /* a big-endian Adler-32 trailer over the bytes before it */
  uint8_t t[12] = "hello world";
  uint32_t ad = (uint32_t)adler32(1, t, 8);
  ff_mut_store_int(t + 8, 0x55667788u, 4, true);
  CHECK(ff_checksum_find(t, NULL, 12, 4, ad, 0x55667788u, 0, 0, &s));
  CHECK(s.fn == FF_CK_ADLER32 && s.big_endian && s.at_end && s.start == 0);
  /* a trailer stays the last bytes of a longer mutant */
  ff_checksums trailer = {0};
  CHECK(ff_checksums_add(&trailer, &s));
  uint8_t longer[16] = "hello world, hi";
  CHECK(ff_checksum_repair(&trailer, longer, 16));
  CHECK(ff_mut_load_int(longer + 12, 4, true) == (uint32_t)adler32(1, longer, 12));
  /* a PNG-like chunk: length, then CRC-32 over type and data, as a trailer */
  uint8_t chunk[16] = "\0\0\0\x08IHDRabcd";
  uint32_t chunk_crc = (uint32_t)crc32(0, chunk + 4, 8);
  ff_mut_store_int(chunk + 12, 0x12345678u, 4, true);
  CHECK(ff_checksum_find(chunk, NULL, 16, 4, chunk_crc, 0x12345678u, 0, 0, &s));
  CHECK(s.fn == FF_CK_CRC32 && s.start == 4 && s.at_end && s.big_endian);
  /* a one-byte sum is accepted only with a twin that agrees */
  uint8_t u[6] = {9, 1, 2, 3, 4, 5}, uc[6] = {7, 6, 2, 3, 4, 9};
  CHECK(!ff_checksum_find(u, NULL, 6, 1, 15, 9, 0, 0, &s));
  CHECK(ff_checksum_find(u, uc, 6, 1, 15, 9, 24, 7, &s) && s.fn == FF_CK_SUM);
  /* repair: the field follows the mutant's range */
  ff_checksums cs = {0};
  CHECK(ff_checksum_find(data, color, 24, 4, crc, stored, crc_c, stored_c, &s));
  CHECK(ff_checksums_add(&cs, &s) && !ff_checksums_add(&cs, &s));
  memcpy(data + 10, "CHANGED", 7);
  CHECK(ff_checksum_repair(&cs, data, 24));
  CHECK(ff_mut_load_int(data, 4, false) == (uint32_t)crc32(0, data + 4, 20));
  CHECK(!ff_checksum_repair(&cs, data, 24));
  CHECK(!ff_checksum_repair(&cs, data, 3)); /* too short for the field: left alone */
}

static uint64_t path_of(void *ctx, uint8_t *data, size_t size) {
  (void)size;
  (*(int *)ctx)++;
  return data[3] == 'K' ? 42 : 7;
}

static void colorize(void) {
  uint8_t in[16] = "abcK0123456789XY", color[16];
  memcpy(color, in, sizeof in);
  ff_rng rng;
  ff_rng_seed(&rng, 1);
  int runs = 0;
  size_t made = ff_colorize(color, sizeof in, 42, 256, &rng, path_of, &runs);
  CHECK(made == (size_t)runs && made > 0 && made <= 16);
  CHECK(color[3] == 'K');
  for (size_t i = 0; i < sizeof in; i++) {
    if (i == 3) continue;
    CHECK_MSG(color[i] != in[i], "byte %zu kept", i);
    if (in[i] >= '0' && in[i] <= '9') CHECK(color[i] >= '0' && color[i] <= '9');
  }
}

int main(void) {
  offset_and_xor();
  swap_and_extend();
  text();
  split_and_false_match();
  checksums();
  colorize();
  return check_summary("engine_runtime_i2s");
}
