/* Planted bug: numbers written as text. The input is two fields separated by
 * ':', the first decimal digits, the second hex digits (a field with another
 * character is rejected; each is read by strtoul from a NUL-terminated copy
 * of at most 20 bytes). abort() when the first is 1337133713 and the second
 * 0xc0ffee42. The compared values are never in the input as binary
 * integers: the decimal and hex text encodings of the input-to-state stage
 * (-i2s_transforms=1) lead to them. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int is_dec(uint8_t c) { return c >= '0' && c <= '9'; }
static int is_hex(uint8_t c) { return is_dec(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

/* strtoul of p[0, n) when every byte is a digit of base; else -1. */
static long long field(const uint8_t *p, size_t n, int base) {
  if (n == 0 || n > 20) return -1;
  for (size_t i = 0; i < n; i++)
    if (!(base == 10 ? is_dec(p[i]) : is_hex(p[i]))) return -1;
  char text[21];
  memcpy(text, p, n);
  text[n] = 0;
  return (long long)strtoul(text, NULL, base);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const uint8_t *colon = memchr(data, ':', size);
  if (!colon) return 0;
  size_t first = (size_t)(colon - data);
  if (field(data, first, 10) != 1337133713ll) return 0;
  if (field(colon + 1, size - first - 1, 16) == 0xc0ffee42ll) abort();
  return 0;
}
