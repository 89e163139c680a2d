/* Every mutable global of the engine, in one place. The state of a fuzzing
 * process lives in its ff_engine (engine.h), passed to what needs it; what is
 * below stays global because code that gets no pointer to it must reach it:
 * SanitizerCoverage callbacks and sanitizer hooks (fixed signatures, called
 * from instrumented code or the sanitizer runtime), signal handlers, the
 * watchdog's RSS thread, the fatal path they all end in (fatal.h), and the
 * libFuzzer ABI functions a harness calls. The globals other files use are
 * declared here; the file-static ones are listed with their file.
 *
 * Coverage and comparisons (written by instrumented code):
 *   ff_cov                 coverage.c  the coverage map: each module's 8-bit counters and PC
 *                                      table, registered by __sanitizer_cov_8bit_counters_init
 *                                      and __sanitizer_cov_pcs_init from module constructors,
 *                                      before main
 *   ff_engine_cmplog       cmplog.c    the comparison log, written by the trace-cmp, switch and
 *   ff_cmplog_capture      cmplog.c    div callbacks (cmplog.c) and the memcmp-family weak hooks
 *                                      (mem_hooks.c) while capture is on
 *   ff_vp, ff_vp_on        value_profile.c  the value profile's bitmap and its switch: set by
 *                                      the same hooks while ff_vp_on (main.c sets it from
 *                                      -use_value_profile), read and cleared after each run
 *   ff_slow, ff_slow_on    slow_paths.c  the slow-path feedback's hit counts per compare site
 *                                      and its switch: counted by the same hooks while
 *                                      ff_slow_on (main.c sets it from -slow_paths), read and
 *                                      cleared after each run
 *   ff_arith_log, ff_arith_capture
 *                          arith_solver.c  the arithmetic solver's compare trace and its
 *                                      switch: written by the trace-cmp callbacks while the
 *                                      solver runs an input (arith_trace.h)
 *   __sancov_lowest_stack  cmplog.c    thread-local; written by code built with
 *                                      -fsanitize=fuzzer-no-link (stack-depth tracing)
 *
 * The run in progress and the way out of a failure:
 *   ff_exec                executor.c  the input being run, since when, its mallocs and frees:
 *                                      read by the sanitizer malloc/free hooks, the SIGALRM
 *                                      handler and the fatal path
 *   run_buf, run_cap       executor.c  (static) the buffer ff_exec.data points into during a
 *                                      run; ff_execute is also called without an engine (forked
 *                                      children, the leak check's re-run)
 *   ff_exit_code           fatal.c     libFuzzer's exit codes, read by the signal handlers, the
 *                                      watchdog and the malloc hook
 *   fatal_hook, fatal_ctx  fatal.c     (static) what the fatal path calls and with what: main.c's
 *                                      hook and the process's ff_engine, whose stats it updates
 *   fatal_once             fatal.c     (static) the fatal path runs once, whichever handler or
 *                                      thread gets there first
 *   artifact_prefix, exact_artifact_path, artifacts_enabled
 *                          artifact.c  (static) where the fatal path writes the artifact
 *   log_fd                 log.c       (static) the engine's stderr, written by ff_logf from the
 *                                      handlers and the fatal path too
 *   timeout_seconds, rss_limit
 *                          watchdog.c  (static) read by the SIGALRM handler and the RSS thread
 *   peak_rss               watchdog.c  (static) the highest RSS seen, by the RSS thread or any
 *                                      ff_rss_mb call
 *   malloc_limit_bytes, in_limit_report
 *                          leak.c      (static) read by the sanitizer malloc hook
 *   leak_attempts          leak.c      (static) leak re-runs so far; after 1000 leak detection
 *                                      turns itself off (ff_exec.track_mallocs, read by the
 *                                      malloc and free hooks)
 *
 * The libFuzzer ABI and the process's engine:
 *   current_mutator        custom_mutator.c  (static) the mutator LLVMFuzzerMutate runs: a custom
 *                                      mutator calls it with no context argument
 *   engine                 main.c      (static) the process's ff_engine: static storage so
 *                                      LeakSanitizer sees the corpus as reachable at exit; the
 *                                      fatal hook's context */
#ifndef FF_ENGINE_GLOBALS_H
#define FF_ENGINE_GLOBALS_H

#include <stdbool.h>

#include "cmplog.h"
#include "coverage.h"
#include "executor.h"
#include "fatal.h"

extern ff_cov_map ff_cov;
extern ff_cmplog ff_engine_cmplog;
extern bool ff_cmplog_capture;
extern ff_exec_state ff_exec;
extern ff_exit_codes ff_exit_code;

#endif
