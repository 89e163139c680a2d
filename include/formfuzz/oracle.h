/* Oracles: what must hold. A failed check prints exactly one line
 *   ==formfuzz== INVARIANT <id>: <message>
 * to stderr and aborts, so every engine sees a crash and triage buckets it by id.
 * Ids are short, stable, lowercase with dots: "vm.one_owner", "dns.roundtrip". */
#ifndef FORMFUZZ_ORACLE_H
#define FORMFUZZ_ORACLE_H

#include <stddef.h>
#include <stdint.h>

_Noreturn void ff_invariant_fail(const char *id, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#define FF_INVARIANT(cond, id, ...)                                   \
  do {                                                                \
    if (!(cond)) ff_invariant_fail((id), __FILE__, __LINE__, __VA_ARGS__); \
  } while (0)

/* Round-trip and differential checks on byte strings: fail with the first
 * differing offset when a and b differ. */
void ff_check_bytes_equal(const char *id, const char *what, const void *a, size_t alen,
                          const void *b, size_t blen);

#endif
