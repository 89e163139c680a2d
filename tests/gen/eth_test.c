/* Ethereum address generator: the EIP-55 checksum matches the published
 * EIP-55 examples, and every output's claimed validity matches a parser
 * written here from the EIP-55 rules (Keccak-256 from crypto.h). */
#include <string.h>

#include "formfuzz/crypto.h"
#include "formfuzz/gen_eth.h"
#include "gen_harness.h"

#define CASES 3000

typedef struct eth_ctx {
  uint8_t addr[20];
  unsigned quirks_seen;
} eth_ctx;

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Optional 0x, 40 hex digits, EIP-55 checksum when the case is mixed, equal to addr. */
static bool check_address(const char *text, size_t len, void *ctx) {
  eth_ctx *c = ctx;
  if (len >= 2 && text[0] == '0' && text[1] == 'x') text += 2, len -= 2;
  if (len != 40) return false;
  bool lower = false, upper = false;
  char lowered[40];
  uint8_t bytes[20];
  for (size_t i = 0; i < 40; i++) {
    int v = hex_value(text[i]);
    if (v < 0) return false;
    lower |= text[i] >= 'a';
    upper |= text[i] >= 'A' && text[i] <= 'F';
    lowered[i] = text[i] >= 'A' && text[i] <= 'F' ? (char)(text[i] + 32) : text[i];
    if (i % 2) bytes[i / 2] = (uint8_t)(bytes[i / 2] | v);
    else bytes[i / 2] = (uint8_t)(v << 4);
  }
  if (lower && upper) {
    uint8_t hash[32];
    ff_keccak256(lowered, 40, hash);
    for (size_t i = 0; i < 40; i++) {
      if (text[i] <= '9') continue;
      bool high = ((hash[i / 2] >> (i % 2 ? 0 : 4)) & 15) >= 8;
      if (high != (text[i] <= 'F')) return false;
    }
  }
  return memcmp(bytes, c->addr, 20) == 0;
}

static bool gen_address(ff_input *in, ff_gen_mode mode, ff_buf *out, void *ctx) {
  eth_ctx *c = ctx;
  unsigned q;
  ff_fill(in, c->addr, 20);
  bool ok = ff_gen_eth_address(in, mode, c->addr, out, &q);
  c->quirks_seen |= q;
  return ok;
}

static void eip55_examples(void) {
  /* From the EIP-55 specification's examples. */
  static const char *const EXAMPLES[] = {
      "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "fB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
      "dbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "D1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"};
  for (size_t i = 0; i < FF_COUNT_OF(EXAMPLES); i++) {
    uint8_t addr[20];
    for (int j = 0; j < 20; j++)
      addr[j] = (uint8_t)(hex_value(EXAMPLES[i][2 * j]) << 4 | hex_value(EXAMPLES[i][2 * j + 1]));
    char sum[41];
    ff_eth_checksum_hex(addr, sum);
    REQUIRE(strcmp(sum, EXAMPLES[i]) == 0, "EIP-55 of %s gave %s", EXAMPLES[i], sum);
  }
}

int main(void) {
  eip55_examples();
  eth_ctx ctx = {0};
  harness_counts counts[4];
  harness_run("eth", gen_address, check_address, NULL, &ctx, CASES, 256, counts);
  harness_expect_usual("eth", counts);
  REQUIRE(ctx.quirks_seen == (FF_ETH_Q_NO_PREFIX | FF_ETH_Q_NOT_CHECKSUMMED), "quirks %#x", ctx.quirks_seen);
  printf("eth: ok\n");
  return 0;
}
