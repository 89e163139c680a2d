/* Failure artifacts named as libFuzzer names them (<prefix><kind>-<sha1>, or
 * -exact_artifact_path), written atomically, announced with libFuzzer's lines
 * ("artifact_prefix='...'; Test unit written to ...", "Base64: ...") so tools
 * parse both engines alike. When replaying files given on the command line no
 * artifact is written, as with libFuzzer. */
#ifndef FF_ENGINE_ARTIFACT_H
#define FF_ENGINE_ARTIFACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void ff_artifact_configure(const char *prefix, const char *exact_path, bool enabled);
/* Writes data as "<prefix><kind>-<sha1>"; kind is "crash", "timeout", "oom",
 * "leak" or "minimized-from" (the sha1 then is of the original). Returns 0 or -1. */
int ff_artifact_write(const char *kind, const uint8_t *data, size_t size, const char *name_sha1);
/* Base64 of data into out (capacity >= 4 * ((size + 2) / 3) + 1). */
void ff_base64(const uint8_t *data, size_t size, char *out);

#endif
