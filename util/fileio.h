/* Files that must never be half-written or trusted blindly: atomic writes
 * (temp file in the same directory + fsync + rename), bounded reads that say
 * why they failed, SHA-1 names for content-addressed corpora. Plain code (no
 * instrumentation): used by the engine, the tools and the harness runtime. */
#ifndef FORMFUZZ_FILEIO_H
#define FORMFUZZ_FILEIO_H

#include <stddef.h>
#include <stdint.h>

#define FF_SHA1_HEX_LEN 40

/* Write data to path atomically. Returns 0, or -1 with errno set. */
int ff_write_atomic(const char *path, const void *data, size_t len);
/* Write data to dir/<sha1 of data> (prefix prepended to the name when given),
 * atomically, unless it exists. name_out (>= strlen(prefix)+41 bytes) receives
 * the file name, not the path. Returns 1 written, 0 already there, -1 error. */
int ff_write_content_addressed(const char *dir, const char *prefix, const void *data, size_t len,
                               char *name_out, size_t name_cap);
/* The same without the fsync: the file is still never seen half-written (temp
 * file + rename) and outlives the process, but not necessarily a power loss.
 * For the fuzzing engine's corpus, where a disk flush per new input cost half
 * the executions of a campaign's first minute (libFuzzer does not flush either). */
int ff_write_content_addressed_unsynced(const char *dir, const char *prefix, const void *data,
                                        size_t len, char *name_out, size_t name_cap);
/* Read a whole regular file of at most max_len bytes. On success returns 0 and
 * a malloc'd buffer (NUL-terminated one past len) the caller frees. On failure
 * returns -1 and writes a one-line reason into err ("not a regular file",
 * "larger than 4096 bytes", strerror...). */
int ff_read_file(const char *path, size_t max_len, uint8_t **data, size_t *len, char *err,
                 size_t err_cap);
/* True when name (a file name, not a path) is one of ff_write_atomic's temp
 * files, "<anything>.tmp.<pid>": a write in progress, or the remains of a
 * writer that was killed. Never an input, an artifact or a result. */
int ff_is_temp_name(const char *name);
/* Removes the temp files of dir whose writer (the pid in the name) is no
 * longer running; those of live processes are left alone. Returns how many
 * were removed. */
int ff_remove_stale_temps(const char *dir);
/* If the text file at path does not end with a newline (a line cut short by a
 * crash or a full disk), cuts that partial last line off so the next append
 * starts a line of its own. Returns 1 when it cut, 0 when there was nothing
 * to cut or no file, -1 on error (errno). */
int ff_drop_partial_last_line(const char *path);
/* mkdir -p. Returns 0 or -1 with errno. */
int ff_mkdirs(const char *path);
/* Lowercase hex SHA-1 of data into out[41]. */
void ff_sha1_hex(const void *data, size_t len, char out[FF_SHA1_HEX_LEN + 1]);

#endif
