/* Reading honggfuzz's workspace (honggfuzz -W out/<fuzzer>/honggfuzz) back into
 * formfuzz's layout:
 *   corpus/   its -o directory (inputs named <hash>.<size>.honggfuzz.cov)
 *             -> out/<fuzzer>/corpus/<sha1>
 *   crashes/  its --crashdir (names like SIGABRT.PC.<pc>.STACK.<hash>...fuzz;
 *             a timeout, with -T, is SIGVTALRM....) -> artifacts/crash-<sha1>,
 *             timeout-<sha1>
 *   stats     its --statsfile: one row each time coverage grows ("unix_time,
 *             last_cov_update, total_exec, exec_per_sec, crashes,
 *             unique_crashes, hangs, edge_cov, block_cov, corpus_count")
 * and its final "Summary iterations:N time:T speed:S ... peak_rss_mb:M" line. */
#ifndef FF_TOOLS_HONGGFUZZ_OUTPUT_H
#define FF_TOOLS_HONGGFUZZ_OUTPUT_H

#include <stdbool.h>

#include "dir_list.h"
#include "fuzzer_out.h"
#include "stats_file.h"

typedef struct ff_honggfuzz_paths {
  char corpus[FF_OUT_PATH_MAX + 16];
  char crashes[FF_OUT_PATH_MAX + 16];
  char stats[FF_OUT_PATH_MAX + 16];
} ff_honggfuzz_paths;

/* The paths above under workspace (nothing created). */
void ff_honggfuzz_paths_of(const char *workspace, ff_honggfuzz_paths *p);

/* Applies honggfuzz's final Summary line to s (execs, exec_per_sec, rss_mb).
 * Returns true when line was that line. */
bool ff_honggfuzz_summary_line(const char *line, ff_stats *s);

/* The numbers of the run so far: summary (what ff_honggfuzz_summary_line
 * read; zero until the end) overlaid with the last row of the stats file
 * where that row is ahead (execs, exec_per_sec), and the row's edges
 * (features: the same), corpus_count, unique crashes and hangs. The stats file
 * is written only when coverage grows, so between rows its execs lag behind.
 * Returns 0 when a row was read, -1 when there is none (out = summary). */
int ff_honggfuzz_stats(const char *stats_path, const ff_stats *summary, ff_stats *out);

/* Copies the crash directory's findings into artifacts_dir (crash-<sha1>,
 * timeout-<sha1> for SIGVTALRM); paths of files newly written go to added
 * (may be NULL). Returns the number copied, -1 on error. */
int ff_honggfuzz_collect_crashes(const char *crash_dir, const char *artifacts_dir,
                                 ff_path_list *added);
/* Copies honggfuzz's corpus into corpus_dir (SHA-1 names). Returns the number
 * new, -1 on error. */
int ff_honggfuzz_collect_corpus(const char *hf_corpus, const char *corpus_dir);

#endif
