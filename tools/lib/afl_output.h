/* Reading an AFL++ output directory (afl-fuzz -o DIR), which holds one
 * subdirectory per instance ("default", or "main" and "sec<k>" with --jobs):
 * the numbers of their fuzzer_stats summed into an ff_stats, and their findings
 * copied into formfuzz's layout: crashes/ -> artifacts/crash-<sha1>, hangs/ ->
 * artifacts/timeout-<sha1>, queue/ -> corpus/<sha1>. */
#ifndef FF_TOOLS_AFL_OUTPUT_H
#define FF_TOOLS_AFL_OUTPUT_H

#include <stddef.h>

#include "dir_list.h"
#include "stats_file.h"

/* Reads the fuzzer_stats of the jobs instances of a run (names as
 * ff_afl_instance_name). Returns 0 when at least one was read. execs,
 * exec_per_sec, crashes and timeouts are summed; edges, corpus_size, rss_mb
 * and elapsed_s are the largest; start_time the earliest, updated the latest. */
int ff_afl_read_stats(const char *afl_dir, long jobs, ff_stats *s);
/* Copies new crashes and hangs of every instance into artifacts_dir; paths of
 * files newly written are added to added (may be NULL). Returns the number
 * copied, -1 on error. */
int ff_afl_collect_artifacts(const char *afl_dir, const char *artifacts_dir, ff_path_list *added);
/* Copies every instance's queue into corpus_dir (SHA-1 names). Returns the
 * number new, -1 on error. */
int ff_afl_collect_queue(const char *afl_dir, const char *corpus_dir);

#endif
