/* Timestamps near the boundaries: Unix times (0, 2^31-1, 2^31, 2^32, negative,
 * year 9999, milliseconds or microseconds where seconds belong) and RFC 3339
 * text (valid forms with fractions and offsets, and broken ones). No clock is
 * read: the caller passes "now". */
#ifndef FORMFUZZ_GEN_TIME_H
#define FORMFUZZ_GEN_TIME_H

#include "formfuzz/gen.h"

typedef struct ff_unix_time {
  int64_t value;      /* what is sent */
  const char *kind;   /* e.g. "now", "window edge", "2^31-1", "milliseconds" */
} ff_unix_time;

/* A time for a consumer accepting seconds in [now - window, now + window]:
 * valid inside (edges included), near-valid just outside or in milliseconds,
 * hostile the boundary values. Returns whether value lies in the window. */
bool ff_gen_unix_time(ff_input *in, ff_gen_mode mode, int64_t now, int64_t window, ff_unix_time *out);

/* RFC 3339 date-time text. Valid: instants near `around` or at boundaries
 * (1970, 2^31-1, 2^31, 2^32, 2000-02-29, 0000, 9999), 'T' or 't', fractions,
 * Z, z, +hh:mm, -00:00; *seconds (may be NULL) gets the UTC instant (fraction
 * dropped). Near-valid: month 13, day 32, Feb 29 of a common year, hour 24,
 * second 61, no offset, "+0530", a space for 'T', two-digit years, ",5".
 * Hostile: year 10000, 0000 and 9999, 100-digit fractions, a leap second,
 * extreme offsets, NUL, empty. */
bool ff_gen_rfc3339(ff_input *in, ff_gen_mode mode, int64_t around, ff_buf *out, int64_t *seconds);

#endif
