/* Checksum fields (REDQUEEN's checksum handling, done by repair): a compare
 * whose one operand is a checksum the target computed over a range of the
 * input and whose other operand is a field of the input. Once such a site is
 * found (ff_checksum_find, from the operands of one run, confirmed on the
 * colorized input when there is one), every later mutant gets its field
 * rewritten to the checksum of its own range before it runs
 * (ff_checksum_repair): "repair before run". The trace-cmp hooks only observe
 * a compare; they cannot make the target take its equal branch, so instead of
 * patching the check out the engine makes the input pass it. Each run is thus
 * of an input that is valid for the unpatched target, and what the corpus
 * saves needs no later fix.
 *
 * Functions: CRC-32 and Adler-32 (zlib's), the sum of the bytes and their XOR,
 * each truncated to the compare's width. A field is 1, 2, 4 or 8 bytes, little-
 * or big-endian; the range is the bytes after the field up to the input's end,
 * or the bytes before the field from offset 0, 1, 2, 4 or 8. A field that
 * ends the input is a trailer: it stays the last bytes when a mutant's size
 * changes. */
#ifndef FF_ENGINE_CHECKSUM_H
#define FF_ENGINE_CHECKSUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ff_checksum_fn { FF_CK_CRC32, FF_CK_ADLER32, FF_CK_SUM, FF_CK_XOR, FF_CK_FNS };

#define FF_CK_MAX_SITES 8
#define FF_CK_TO_END UINT32_MAX /* range end: the input's end */

typedef struct ff_checksum_site {
  uint8_t fn;         /* enum ff_checksum_fn */
  uint8_t width;      /* bytes of the field and of the compare */
  bool big_endian;    /* byte order of the field */
  bool at_end;        /* the field is the input's last width bytes (a trailer):
                       * field is ignored and the range ends before it */
  uint32_t field;     /* position of the field */
  uint32_t start;     /* the range: [start, end) */
  uint32_t end;       /* or FF_CK_TO_END */
} ff_checksum_site;

typedef struct ff_checksums {
  ff_checksum_site v[FF_CK_MAX_SITES];
  size_t n;
} ff_checksums;

/* fn over data[0, n), truncated to width bytes. */
uint64_t ff_checksum_compute(int fn, const uint8_t *data, size_t n, size_t width);
const char *ff_checksum_name(int fn);

/* One compare of width bytes: computed (the operand that may be a checksum)
 * and stored (the one that may be a field of data). With color (the colorized
 * input, same size) its operands computed_c and stored_c must fit the same
 * site; without it only 4- and 8-byte CRC-32/Adler-32 sites are accepted (a
 * narrow sum matches by chance). True with *out filled when a site fits. */
bool ff_checksum_find(const uint8_t *data, const uint8_t *color, size_t size, size_t width,
                      uint64_t computed, uint64_t stored, uint64_t computed_c, uint64_t stored_c,
                      ff_checksum_site *out);
/* Adds s unless known; false when known or full. */
bool ff_checksums_add(ff_checksums *cs, const ff_checksum_site *s);
/* Rewrites the field of every site that fits data[0, size) (fields inside
 * another site's range first: two passes). True when a byte changed. */
bool ff_checksum_repair(const ff_checksums *cs, uint8_t *data, size_t size);

#endif
