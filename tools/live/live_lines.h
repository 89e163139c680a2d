/* The canonical form both replies of a comparison are turned into: a list of
 * "key value" lines (live_dns_norm.h, live_http_norm.h), compared as
 * multisets, so only fields that really differ show up. A difference is the
 * lines only one side has ("- " primary, "+ " shadow) and a signature made of
 * the keys of those lines (indices like [3] dropped), which buckets findings. */
#ifndef FF_TOOLS_LIVE_LINES_H
#define FF_TOOLS_LIVE_LINES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct live_lines {
  char **line;
  size_t count, cap;
  bool failed; /* out of memory: sticky */
} live_lines;

void live_lines_free(live_lines *l);
void live_lines_add(live_lines *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

typedef struct live_diff {
  char *text;      /* "- line\n+ line\n...", malloc'd ("" when equal) */
  char *signature; /* "-answer.A +answer.A", malloc'd */
  size_t differing;
} live_diff;

/* Compares a (primary) and b (shadow). Lines that end in " ttl=N" also match
 * a line of the other side that differs only in N by at most ttl_tolerance.
 * Returns 0, or -1 when out of memory. */
int live_diff_lines(const live_lines *a, const live_lines *b, uint32_t ttl_tolerance, live_diff *out);
void live_diff_free(live_diff *d);
/* Appends bytes escaped as printable ASCII (\xNN for the rest), at most max of them. */
void live_escape(char *out, size_t cap, const uint8_t *data, size_t len);

#endif
