/* JSON Schema `pattern` (an ECMA-262 regular expression, unanchored) for the
 * common subset: literals and escapes, classes with ranges and negation,
 * \d \w \s and their negations, `.`, groups ((...), (?:...)), alternation,
 * quantifiers (* + ? {n} {n,} {n,m}, lazy forms too: they do not change
 * whether a string matches), anchors ^ $. Parsed once into a tree that both
 * generates strings (matching ones from ff_input draws, and counterexamples)
 * and is written out as a POSIX extended regex for regcomp/regexec, the
 * matcher. Outside the subset (lookaround, backreferences, \b, \p{..},
 * non-ASCII inside a class) a pattern is not parsed: callers abstain.
 * Where POSIX and ECMA differ, mcp_regex_match says "cannot tell": a string
 * with non-ASCII characters (POSIX matches bytes in the C locale, ECMA UTF-16
 * units), a repeat count above RE_DUP_MAX. */
#ifndef FF_MCP_REGEX_H
#define FF_MCP_REGEX_H

#include <stddef.h>

#include "formfuzz/input.h"

typedef struct mcp_regex mcp_regex;

/* NULL when the pattern is outside the subset (or malformed). */
mcp_regex *mcp_regex_parse(const char *pattern);
void mcp_regex_free(mcp_regex *rx);
/* A string the whole pattern matches (malloc'd, NUL-terminated): every
 * alternative, class member and repeat count drawn from in. */
char *mcp_regex_generate(const mcp_regex *rx, ff_input *in);
/* A string the pattern does not match (a drawn matching string with a
 * character changed, one added or dropped, or an empty one), checked with
 * mcp_regex_match; NULL when none of the tries fails to match (".*"). */
char *mcp_regex_counterexample(const mcp_regex *rx, ff_input *in);
/* 1: s (len bytes) contains a match of pattern; 0: it does not; -1: cannot
 * tell (the pattern outside the subset, or one of the differences above). */
int mcp_regex_match(const char *pattern, const char *s, size_t len);

#endif
