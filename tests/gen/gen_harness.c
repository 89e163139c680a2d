/* The generator tests' shared loop and byte source (see gen_harness.h). */
#include "gen_harness.h"

#include <string.h>

static uint64_t splitmix64(uint64_t *state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

void harness_bytes(uint64_t seed, uint8_t *buf, size_t n) {
  uint64_t state = seed;
  for (size_t i = 0; i < n; i++) buf[i] = (uint8_t)splitmix64(&state);
}

void harness_print_text(FILE *f, const char *text, size_t len, size_t max) {
  for (size_t i = 0; i < len && i < max; i++) {
    unsigned char c = (unsigned char)text[i];
    if (c >= 0x20 && c < 0x7f && c != '\\') fputc(c, f);
    else fprintf(f, "\\x%02x", c);
  }
  if (len > max) fprintf(f, "...(%zu bytes)", len);
}

void harness_run(const char *family, harness_gen_fn gen, harness_check_fn check, harness_seen_fn seen,
                 void *ctx, unsigned cases, size_t out_cap, harness_counts counts[4]) {
  char *a = malloc(out_cap), *b = malloc(out_cap);
  REQUIRE(a && b, "out of memory");
  for (int mode = 0; mode < 4; mode++) {
    counts[mode] = (harness_counts){0, 0, 0};
    for (unsigned i = 0; i < cases; i++) {
      uint8_t bytes[512];
      uint64_t seed = ((uint64_t)mode << 32) | i;
      size_t n = (size_t)(i * 7919u % (sizeof bytes + 1));
      harness_bytes(seed, bytes, n);
      ff_input in1, in2;
      ff_buf o1, o2;
      ff_input_init(&in1, bytes, n);
      ff_input_init(&in2, bytes, n);
      ff_buf_init(&o1, a, out_cap);
      ff_buf_init(&o2, b, out_cap);
      bool claim = gen(&in1, (ff_gen_mode)mode, &o1, ctx);
      if (o1.overflow) {
        REQUIRE(!claim, "%s: overflowed output claimed valid", family);
        counts[mode].overflow++;
        continue;
      }
      bool verdict = check(o1.data, o1.len, ctx);
      if (verdict != claim) {
        fprintf(stderr, "%s mode %s case %u: generator says %s, checker says %s: ", family,
                ff_gen_mode_name((ff_gen_mode)mode), i, claim ? "valid" : "invalid",
                verdict ? "valid" : "invalid");
        harness_print_text(stderr, o1.data, o1.len, 400);
        fputc('\n', stderr);
        exit(1);
      }
      if (seen) seen((ff_gen_mode)mode, claim, o1.data, o1.len, ctx);
      bool again = gen(&in2, (ff_gen_mode)mode, &o2, ctx);
      REQUIRE(again == claim && o1.len == o2.len && memcmp(o1.data, o2.data, o1.len) == 0,
            "%s: case %u not deterministic", family, i);
      if (claim) counts[mode].valid++;
      else counts[mode].invalid++;
    }
    printf("%s %-10s: %u valid, %u invalid, %u overflow of %u\n", family,
           ff_gen_mode_name((ff_gen_mode)mode), counts[mode].valid, counts[mode].invalid,
           counts[mode].overflow, cases);
  }
  free(a);
  free(b);
}

void harness_expect_usual(const char *family, const harness_counts c[4]) {
  REQUIRE(c[FF_GEN_VALID].invalid == 0 && c[FF_GEN_VALID].valid > 0, "%s: valid mode gave invalid output", family);
  REQUIRE(c[FF_GEN_NEAR].valid == 0 && c[FF_GEN_NEAR].invalid > 0, "%s: near-valid mode gave valid output", family);
  REQUIRE(c[FF_GEN_HOSTILE].invalid > 0, "%s: hostile mode gave no invalid output", family);
  REQUIRE(c[FF_GEN_ANY].valid > 0 && c[FF_GEN_ANY].invalid > 0, "%s: any mode not mixed", family);
}
