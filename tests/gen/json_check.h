/* A small strict RFC 8259 checker written for the tests, independent of the
 * generators: grammar, strict UTF-8 (no overlong forms, no surrogates, nothing
 * above U+10FFFF), no nesting limit (iterative, no recursion). */
#ifndef FORMFUZZ_TESTS_JSON_CHECK_H
#define FORMFUZZ_TESTS_JSON_CHECK_H

#include <stdbool.h>
#include <stddef.h>

/* True when text[0..len) is exactly one JSON value with optional whitespace. */
bool json_check_document(const char *text, size_t len);
/* Parses one value at *pos (whitespace first); advances *pos past it. */
bool json_check_value(const char *text, size_t len, size_t *pos);
/* Skips JSON whitespace at *pos. */
void json_check_skip_ws(const char *text, size_t len, size_t *pos);

#endif
