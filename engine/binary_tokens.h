/* Tokens from the program's own string tables (engine/binary_tokens.c).
 *
 * Parsers keep their keywords in tables: a parser generator's token names
 * (Lemon's yyTokenName, Bison's yytname), keyword lists, element and entity
 * tables, structs whose first field names something. Such a table is an array
 * of pointers (or of structs holding pointers) into read-only data, each at a
 * short printable NUL-terminated string. Keywords matched byte by byte in a
 * loop (SQLite's tokenizer) leave no memcmp operand to harvest and no coverage
 * for a half-matched word, so mutation alone seldom spells them; a dictionary
 * of these strings does. honggfuzz extracts the same kind of strings from the
 * binary's sections; here the scan reads the loaded segments in memory, so it
 * needs no file and no ELF library. */
#ifndef FF_ENGINE_BINARY_TOKENS_H
#define FF_ENGINE_BINARY_TOKENS_H

#include <stddef.h>
#include <stdint.h>

#include "dict.h"

#define FF_BINARY_TOKEN_MIN 2
#define FF_BINARY_TOKEN_MAX 40
#define FF_BINARY_TOKENS_CAP 4096

typedef struct ff_span {
  uintptr_t lo, hi; /* [lo, hi) */
} ff_span;

/* Scans the pointer-aligned words of [data, data + size) for pointers into one
 * of the string spans, each at a token: the start of a string (the byte before
 * is not printable), FF_BINARY_TOKEN_MIN..MAX printable bytes (0x20..0x7e; no
 * '%': format strings are messages; at most one space: sentences and grammar
 * rules are not tokens) and a NUL before the span ends. Adds each token to d
 * until d holds cap entries. Returns the number of tokens added. */
size_t ff_binary_tokens_scan(const void *data, size_t size, const ff_span *strings, size_t nstrings,
                             ff_dict *d, size_t cap);

/* Scans the program: the main executable and every loaded object outside the
 * system's library folders (a target's own shared libraries). Sources are
 * their non-executable segments' file-backed bytes, strings their readable
 * non-writable segments. Returns the number of tokens added to d. */
size_t ff_binary_tokens_collect(ff_dict *d, size_t cap);

#endif
