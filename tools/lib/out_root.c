/* Creating and resolving the output root (see out_root.h). */
#include "out_root.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"

int ff_out_root(const char *given, const char *who, char *out, size_t cap) {
  char abs[PATH_MAX];
  if (ff_mkdirs(given) != 0 || !realpath(given, abs)) {
    fprintf(stderr, "formfuzz %s: cannot create output directory %s: %s\n", who, given,
            strerror(errno));
    return -1;
  }
  if (strlen(abs) >= cap) {
    fprintf(stderr, "formfuzz %s: output path too long\n", who);
    return -1;
  }
  snprintf(out, cap, "%s", abs);
  return 0;
}
