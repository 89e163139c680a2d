/* Writing and announcing failure artifacts (see artifact.h). Base64 by nettle. */
#include "artifact.h"

#include <ctype.h>
#include <errno.h>
#include <nettle/base64.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "log.h"

#define PRINT_MAX 256

static const char *artifact_prefix = "./";
static const char *exact_artifact_path;
static bool artifacts_enabled = true;

void ff_artifact_configure(const char *prefix, const char *exact_path, bool enabled) {
  artifact_prefix = prefix ? prefix : "./";
  exact_artifact_path = exact_path;
  artifacts_enabled = enabled;
}

void ff_base64(const uint8_t *data, size_t size, char *out) {
  base64_encode_raw(out, size, data);
  out[BASE64_ENCODE_RAW_LENGTH(size)] = '\0';
}

static void print_unit(const uint8_t *data, size_t size) {
  if (size > PRINT_MAX) return;
  char line[PRINT_MAX * 5 + 2];
  size_t n = 0;
  for (size_t i = 0; i < size; i++) n += (size_t)sprintf(line + n, "0x%x,", data[i]);
  ff_logf("%.*s\n", (int)n, line);
  n = 0;
  for (size_t i = 0; i < size; i++) {
    if (isprint(data[i]) && data[i] != '\\')
      line[n++] = (char)data[i];
    else
      n += (size_t)sprintf(line + n, "\\%03o", data[i]);
  }
  ff_logf("%.*s\n", (int)n, line);
}

int ff_artifact_write(const char *kind, const uint8_t *data, size_t size, const char *name_sha1) {
  if (!artifacts_enabled) return 0;
  char sha[FF_SHA1_HEX_LEN + 1];
  if (!name_sha1) {
    ff_sha1_hex(data, size, sha);
    name_sha1 = sha;
  }
  char path[4096];
  if (exact_artifact_path)
    snprintf(path, sizeof path, "%s", exact_artifact_path);
  else
    snprintf(path, sizeof path, "%s%s-%s", artifact_prefix, kind, name_sha1);
  print_unit(data, size);
  if (ff_write_atomic(path, data, size) != 0) {
    ff_logf("ERROR: cannot write artifact %s: %s\n", path, strerror(errno));
    return -1;
  }
  ff_logf("artifact_prefix='%s'; Test unit written to %s\n", artifact_prefix, path);
  if (size <= PRINT_MAX) {
    char b64[BASE64_ENCODE_RAW_LENGTH(PRINT_MAX) + 1];
    ff_base64(data, size, b64);
    ff_logf("Base64: %s\n", b64);
  }
  return 0;
}
