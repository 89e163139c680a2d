/* Planted bug: keywords matched the way SQLite's tokenizer matches them. The
 * input is split into words; each word is looked up in a table of keywords
 * by its length, then compared byte by byte in a loop, case-folded (no memcmp,
 * so no operand to harvest; the loop's hit count rewards only the first few
 * matching bytes). abort() on the keyword MATERIALIZED. The table is what -binary_tokens=1 finds. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const KEYWORDS[] = {
    "ABORT",     "ACTION",    "AFTER",      "ANALYZE",      "ATTACH",      "AUTOINCREMENT",
    "BETWEEN",   "CASCADE",   "COLLATE",    "CONSTRAINT",   "DEFERRABLE",  "EXCLUSIVE",
    "EXPLAIN",   "GENERATED", "IMMEDIATE",  "INITIALLY",    "INTERSECT",   "MATERIALIZED",
    "NOTHING",   "PARTITION", "PRECEDING",  "RECURSIVE",    "REFERENCES",  "RETURNING",
    "SAVEPOINT", "TEMPORARY", "TRANSACTION", "UNBOUNDED",   "VACUUM",      "WITHOUT",
};
enum { K_MATERIALIZED = 17, N_KEYWORDS = 30 };

static int keyword(const uint8_t *w, size_t n) {
  for (int i = 0; i < N_KEYWORDS; i++) {
    const char *kw = KEYWORDS[i];
    if (strlen(kw) != n) continue;
    size_t j = 0;
    while (j < n && (w[j] & ~0x20) == (uint8_t)kw[j]) j++;
    if (j == n) return i;
  }
  return -1;
}

static int is_letter(uint8_t c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  size_t i = 0;
  while (i < size) {
    if (!is_letter(data[i])) {
      i++;
      continue;
    }
    size_t start = i;
    while (i < size && is_letter(data[i])) i++;
    if (keyword(data + start, i - start) == K_MATERIALIZED) abort();
  }
  return 0;
}
