/* JSON Schema `format` for strings: date-time, date, time, email, hostname,
 * ipv4, ipv6, uri, uuid. Validators disagree on the edges of most formats
 * (and `format` is only an annotation unless a validator asserts it), so the
 * check is one-sided: it says "surely conforms" for the plain forms every
 * validator accepts and "cannot tell" for everything else; the examples it
 * generates are of the plain forms, and point nowhere a server could reach
 * over a network (URIs to 127.0.0.1's discard port, names under .invalid,
 * localhost). */
#ifndef FF_MCP_FORMAT_H
#define FF_MCP_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

#include "formfuzz/input.h"

/* A format this file knows. */
bool mcp_format_known(const char *format);
/* True when s (len bytes) surely conforms to a known format. */
bool mcp_format_conforms(const char *format, const char *s, size_t len);
/* A conforming example drawn from in (malloc'd); NULL for an unknown format. */
char *mcp_format_example(const char *format, ff_input *in);
/* A string that does not conform (static); NULL for an unknown format. */
const char *mcp_format_violation(const char *format, ff_input *in);

#endif
