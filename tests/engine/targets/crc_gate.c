/* Planted bug: a payload behind a CRC-32. The input is a 4-byte header
 * holding the CRC-32 (zlib's) of the body that follows, little-endian; an
 * input whose header does not match is rejected before the body is looked
 * at. abort() when the body starts with "PAYL" and its 32-bit word after it
 * is 0x1badc0de. Without handling the checksum, every mutant of the body
 * breaks it (a 1 in 2^32 chance to match again); with the engine's checksum
 * stage (-checksums=1) the header is found to be a CRC of the body and
 * rewritten in each mutant, so the body's compares are solved as usual. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 8) return 0;
  uint32_t stored;
  memcpy(&stored, data, sizeof stored);
  uint32_t crc = (uint32_t)crc32(0L, data + 4, (uInt)(size - 4));
  if (crc != stored) return 0;
  const uint8_t *body = data + 4;
  size_t n = size - 4;
  if (n >= 8 && memcmp(body, "PAYL", 4) == 0) {
    uint32_t word;
    memcpy(&word, body + 4, sizeof word);
    if (word == 0x1badc0deu) abort();
  }
  return 0;
}
