/* Content-addressed copies of a directory's files (see dir_copy.h). */
#include "dir_copy.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"

int ff_copy_content_addressed(const char *src, const char *dst, ff_copy_prefix_fn prefix_of,
                              const void *ctx, size_t max_len, ff_path_list *added) {
  ff_path_list files = {0};
  if (ff_list_files(src, &files) < 0) return -1;
  int copied = 0;
  bool failed = false;
  for (size_t i = 0; i < files.count; i++) {
    const char *base = strrchr(files.paths[i], '/');
    base = base ? base + 1 : files.paths[i];
    const char *prefix = prefix_of(base, ctx);
    if (!prefix) continue;
    uint8_t *data;
    size_t len;
    char err[256], name[128];
    if (ff_read_file(files.paths[i], max_len, &data, &len, err, sizeof err) != 0) continue;
    int r = ff_write_content_addressed(dst, prefix, data, len, name, sizeof name);
    free(data);
    if (r < 0) failed = true;
    if (r != 1) continue;
    copied++;
    if (added) {
      char path[4400];
      snprintf(path, sizeof path, "%s/%s", dst, name);
      ff_path_list_add(added, path);
    }
  }
  ff_path_list_free(&files);
  return failed ? -1 : copied;
}
