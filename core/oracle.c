/* Oracle failures: one tagged line on stderr, then abort (see oracle.h). */
#include "formfuzz/oracle.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oracle_hook.h"

void ff_invariant_fail(const char *id, const char *file, int line, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  for (char *p = msg; *p; p++)
    if (*p == '\n' || *p == '\r') *p = ' ';
  if (!ff_oracle_quiet_hook()) {
    fprintf(stderr, "==formfuzz== INVARIANT %s: %s (%s:%d)\n", id, msg, file, line);
    fflush(stderr);
  }
  ff_oracle_failed_hook(id, msg);
  abort();
}

bool ff_bytes_differ(const char *what, const void *a, size_t alen, const void *b, size_t blen,
                     char *msg, size_t msg_cap) {
  const uint8_t *pa = a, *pb = b;
  size_t n = alen < blen ? alen : blen;
  for (size_t i = 0; i < n; i++) {
    if (pa[i] != pb[i]) {
      snprintf(msg, msg_cap, "%s: differ at byte %zu (0x%02x vs 0x%02x)", what, i, pa[i], pb[i]);
      return true;
    }
  }
  if (alen == blen) return false;
  snprintf(msg, msg_cap, "%s: lengths differ (%zu vs %zu)", what, alen, blen);
  return true;
}

void ff_check_bytes_equal(const char *id, const char *what, const void *a, size_t alen,
                          const void *b, size_t blen) {
  char msg[400];
  if (ff_bytes_differ(what, a, alen, b, blen, msg, sizeof msg))
    ff_invariant_fail(id, __FILE__, __LINE__, "%s", msg);
}
