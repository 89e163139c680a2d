/* Queue topic names (§0.4): lowercase hex of FIPS SHA3-256 (nettle's
 * sha3_256, not Keccak) of the name's bytes. */
#include <nettle/sha3.h>

#include "econ.h"

void econ_topic_hash(const char *name, size_t len, char out[65]) {
  static const char hexd[] = "0123456789abcdef";
  struct sha3_256_ctx ctx;
  uint8_t d[SHA3_256_DIGEST_SIZE];
  sha3_256_init(&ctx);
  sha3_256_update(&ctx, len, (const uint8_t *)name);
  sha3_256_digest(&ctx, sizeof d, d);
  for (size_t i = 0; i < 32; i++) {
    out[2 * i] = hexd[d[i] >> 4];
    out[2 * i + 1] = hexd[d[i] & 15];
  }
  out[64] = 0;
}
