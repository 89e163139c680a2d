/* Reading an AFL++ output directory (afl-fuzz -o DIR): the numbers in
 * <DIR>/default/fuzzer_stats into an ff_stats, and its findings copied into
 * formfuzz's layout: crashes/ -> artifacts/crash-<sha1>, hangs/ ->
 * artifacts/timeout-<sha1>, queue/ -> corpus/<sha1>. */
#ifndef FF_TOOLS_AFL_OUTPUT_H
#define FF_TOOLS_AFL_OUTPUT_H

#include <stddef.h>

#include "dir_list.h"
#include "stats_file.h"

/* Returns 0 when fuzzer_stats was read. Fills execs, exec_per_sec, edges,
 * corpus_size, crashes, timeouts, rss_mb, start_time, updated, elapsed_s. */
int ff_afl_read_stats(const char *afl_dir, ff_stats *s);
/* Copies new crashes and hangs into artifacts_dir; paths of files newly
 * written are added to added (may be NULL). Returns the number copied, -1 on error. */
int ff_afl_collect_artifacts(const char *afl_dir, const char *artifacts_dir, ff_path_list *added);
/* Copies the queue into corpus_dir (SHA-1 names). Returns the number new, -1 on error. */
int ff_afl_collect_queue(const char *afl_dir, const char *corpus_dir);

#endif
