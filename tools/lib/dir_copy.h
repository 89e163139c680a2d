/* Copying the files of an engine's own output directory (AFL++'s crashes/,
 * hangs/ and queue/, honggfuzz's crash directory and corpus) into formfuzz's
 * layout: each file becomes dst/<prefix><sha1 of its content>, written
 * atomically, so a file copied twice is kept once. */
#ifndef FF_TOOLS_DIR_COPY_H
#define FF_TOOLS_DIR_COPY_H

#include <stddef.h>

#include "dir_list.h"

/* The name prefix of the copy of the file called name ("crash-", "" for
 * none), or NULL to leave that file out. ctx is the caller's. */
typedef const char *(*ff_copy_prefix_fn)(const char *name, const void *ctx);

/* Copies every file ff_list_files lists in src (of at most max_len bytes;
 * larger ones are left out) into dst, named as above. Paths of the files newly
 * written are added to added (may be NULL). Returns the number newly written
 * (0 when src does not exist), -1 when src cannot be listed or a copy cannot
 * be written. */
int ff_copy_content_addressed(const char *src, const char *dst, ff_copy_prefix_fn prefix_of,
                              const void *ctx, size_t max_len, ff_path_list *added);

#endif
