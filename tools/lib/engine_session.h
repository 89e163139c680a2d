/* One fuzzing process of one fuzzer under one engine (builtin, libfuzzer, afl
 * or honggfuzz), with formfuzz's output layout: builds the engine's command
 * line (corpus + seeds, -dict, -max_len, -max_total_time/-runs,
 * -artifact_prefix, stats files), starts it with its output read through a
 * pipe into fuzzer.log (capped: engine_output.h), keeps stats.json and
 * stats.csv up to date for engines that do not write them (libFuzzer: from its
 * status lines; AFL++: from fuzzer_stats; honggfuzz: from its --statsfile and
 * Summary line), and after the end collects the numbers and the artifacts it
 * wrote (AFL++'s crashes and hangs, honggfuzz's crashes, copied into
 * artifacts/; their corpora into corpus/). The builtin
 * engine's numbers come from its stats.json, or from its status lines when
 * that file could not be written (a full disk). Stale temp files of a killed
 * writer are removed from the corpus and artifacts at the start. Shared by
 * `formfuzz run` and `formfuzz campaign`. */
#ifndef FF_TOOLS_ENGINE_SESSION_H
#define FF_TOOLS_ENGINE_SESSION_H

#include <stdbool.h>
#include <sys/types.h>

#include "child_process.h"
#include "dir_list.h"
#include "engine_output.h"
#include "fuzzer_out.h"
#include "manifest.h"
#include "stats_file.h"

typedef struct ff_session_config {
  const char *engine; /* builtin | libfuzzer | afl | honggfuzz */
  const char *binary;
  const ff_fuzzer_info *fuzzer;
  const ff_fuzzer_out *out;
  double time_s; /* 0: no time limit (runs must then be set) */
  long runs;     /* 0: no execution limit */
  long jobs;     /* parallel engine workers (builtin, libfuzzer), AFL++ instances or honggfuzz threads; 1 normally */
  long seed;     /* 0: not passed (the engine picks one) */
  char *const *extra; /* engine flags given by the user, passed last */
  int extra_count;
  long log_max_mb;    /* fuzzer.log rotation size; 0: FF_LOG_MAX_MB_DEFAULT */
  const char *who;    /* prefix of console messages, e.g. "formfuzz run" */
} ff_session_config;

#define FF_SESSION_MAX_HELPERS 15
/* Seconds one input may run before the engine calls it a timeout, unless the
 * user gave the engine's own flag. */
#define FF_DEFAULT_INPUT_TIMEOUT_S 10

typedef struct ff_session {
  ff_session_config cfg;
  pid_t pid;
  pid_t helpers[FF_SESSION_MAX_HELPERS]; /* AFL++ --jobs: the secondaries (-S); -1 once ended */
  int helper_count;
  bool main_done;     /* --jobs: the main instance ended; secondaries may still finish */
  ff_exit main_exit;
  double main_done_at;
  double started, deadline; /* ff_now(); deadline 0: none */
  ff_stats base;            /* cumulative numbers before this process */
  ff_stats now;             /* latest cumulative numbers */
  ff_engine_output output;  /* the engine's output; output.status: its own numbers */
  char who[160];            /* "formfuzz run: <fuzzer>" */
  double last_update;
  ff_path_list artifacts_before;
  int64_t started_unix;
  size_t artifacts_rewritten; /* artifacts that existed and were written again (same input crashed again) */
  double helpers_cpu_s;       /* CPU seconds of the secondaries reaped so far (the main's: main_exit.cpu_s) */
} ff_session;

/* CPU seconds (user + system) the session's processes used, once they have ended. */
double ff_session_cpu_s(const ff_session *s);
/* Starts the engine. Returns 0, or -1 with err. */
int ff_session_start(ff_session *s, const ff_session_config *cfg, char *err, size_t err_cap);
/* Refreshes s->now (and for libFuzzer/AFL++ writes stats.json and a stats.csv
 * row about once a second). Stops the process when it overran its time by far.
 * Returns 1 with *e when the process has ended, 0 while it runs. */
int ff_session_poll(ff_session *s, ff_exit *e);
/* The descriptor to poll() for the engine's output (-1: none), so a caller
 * can wait on it instead of sleeping and keep the pipe drained. */
int ff_session_fd(const ff_session *s);
/* Waits up to ms milliseconds for output from any of the sessions (NULL
 * entries are skipped); returns early when there is some to drain. */
void ff_sessions_wait(ff_session *const *sessions, size_t n, int ms);
/* Prints the engine's last ERROR lines (a failure the engine explained) to
 * stderr under s->who; returns how many. */
size_t ff_session_print_errors(const ff_session *s);
/* Stops the process (SIGTERM to its group, SIGKILL after a grace period). */
void ff_session_stop(ff_session *s, ff_exit *e);
/* After the end: final numbers into s->now (stats files written), the paths of
 * the artifacts that appeared during this process into new_artifacts. */
void ff_session_finish(ff_session *s, ff_path_list *new_artifacts);
/* Counts a list of artifact paths by kind (crash-, timeout-, oom-, leak-). */
void ff_count_artifact_kinds(const ff_path_list *l, uint64_t *crashes, uint64_t *timeouts,
                             uint64_t *ooms, uint64_t *leaks);

#endif
