/* FF_BUG run-time switch: is this replica id listed in FORMFUZZ_BUGS?
 * Only compiled into builds made with the bugs preset. */
#include "formfuzz/bug.h"

#ifdef FF_BUGS_ENABLED
#include <stdlib.h>
#include <string.h>

bool ff_bug_enabled(const char *id) {
  const char *list = getenv("FORMFUZZ_BUGS");
  if (!list || !*list) return false;
  size_t idlen = strlen(id);
  const char *p = list;
  while (*p) {
    const char *end = strchr(p, ',');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    if (n == idlen && memcmp(p, id, n) == 0) return true;
    if (!end) break;
    p = end + 1;
  }
  return false;
}
#endif
