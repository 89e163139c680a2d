/* Unit test of the string-table scan (engine/binary_tokens.c): pointers into
 * the string spans at short printable NUL-terminated strings become tokens;
 * pointers outside the spans, into the middle of a string, at too short, too
 * long, unprintable or unterminated strings, at format strings and
 * sentences, and misaligned words do not;
 * duplicates are added once and the cap holds. Then the scan of this very
 * program finds its own keyword table. */
#include <stdint.h>
#include <string.h>

#include "binary_tokens.h"
#include "ff_check.h"

static int has(const ff_dict *d, const char *s) {
  for (size_t i = 0; i < d->n; i++)
    if (d->e[i].len == strlen(s) && memcmp(d->e[i].data, s, d->e[i].len) == 0) return 1;
  return 0;
}

/* The table the whole-program scan must find (volatile reads keep it). */
static const char *const KEYWORDS[] = {"FROBNICATE", "QUUXIFY", "ZORKMID"};

static void check_scan(void) {
  /* "string data": tokens, and a tail with no NUL before the span ends */
  static const char strings[] = "SELECT\0ok\0x\0%s failed\0tab\there\0"
                                "0123456789012345678901234567890123456789XY\0IS NOT\0"
                                "no such table\0UNTERMINATED";
  const char *sel = strings, *ok = strings + 7, *x = strings + 10, *fmt = strings + 12,
             *tab = strings + 22, *longs = strings + 31, *isnot = strings + 74, *sentence = strings + 81,
             *unterminated = strings + 95;
  ff_span span = {(uintptr_t)strings, (uintptr_t)strings + sizeof strings - 1}; /* without the final NUL */
  char outside[] = "OUTSIDE";
  uintptr_t words[15] = {(uintptr_t)sel,      (uintptr_t)ok,       (uintptr_t)x,        (uintptr_t)fmt,
                         (uintptr_t)tab,      (uintptr_t)longs,    (uintptr_t)isnot,    (uintptr_t)sentence,
                         (uintptr_t)unterminated, (uintptr_t)outside, (uintptr_t)sel,   12345,
                         (uintptr_t)sel + 3,  (uintptr_t)ok + 1,   0};
  ff_dict d;
  ff_dict_init(&d);
  size_t n = ff_binary_tokens_scan(words, sizeof words, &span, 1, &d, 100);
  CHECK(n == 3); /* SELECT, ok and IS NOT; the second SELECT is a duplicate */
  CHECK(d.n == 3 && has(&d, "SELECT") && has(&d, "ok") && has(&d, "IS NOT"));
  CHECK(!has(&d, "x") && !has(&d, "%s failed") && !has(&d, "OUTSIDE") && !has(&d, "UNTERMINATED"));
  CHECK(!has(&d, "tab\there") && !has(&d, "no such table"));
  CHECK(!has(&d, "ECT") && !has(&d, "k")); /* pointers into the middle of SELECT and ok */
  ff_dict_free(&d);

  /* a word split across the alignment is not read as a pointer */
  uint8_t bytes[3 * sizeof(uintptr_t)] = {0};
  uintptr_t p = (uintptr_t)sel;
  memcpy(bytes + 3, &p, sizeof p);
  ff_dict_init(&d);
  CHECK(ff_binary_tokens_scan(bytes, sizeof bytes, &span, 1, &d, 100) == 0);
  ff_dict_free(&d);

  /* the cap */
  ff_dict_init(&d);
  CHECK(ff_binary_tokens_scan(words, sizeof words, &span, 1, &d, 1) == 1 && d.n == 1);
  ff_dict_free(&d);
}

static void check_program(void) {
  volatile const char *keep = KEYWORDS[0];
  (void)keep;
  ff_dict d;
  ff_dict_init(&d);
  size_t n = ff_binary_tokens_collect(&d, FF_BINARY_TOKENS_CAP);
  CHECK(n == d.n && n > 0);
  CHECK(has(&d, "FROBNICATE") && has(&d, "QUUXIFY") && has(&d, "ZORKMID"));
  for (size_t i = 0; i < d.n; i++)
    CHECK(d.e[i].len >= FF_BINARY_TOKEN_MIN && d.e[i].len <= FF_BINARY_TOKEN_MAX &&
          memchr(d.e[i].data, '%', d.e[i].len) == NULL);
  ff_dict_free(&d);
}

int main(void) {
  check_scan();
  check_program();
  return check_summary("engine_runtime_binary_tokens");
}
