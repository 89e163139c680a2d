/* Running the harness on one input in a forked child, for the modes that must
 * survive a crashing input (-minimize_crash, -merge): the child writes no
 * artifact, its output goes to /dev/null, and the parent gets its wait status.
 * The forking process must have no other thread: one that holds a lock of the
 * sanitizer allocator at the moment of fork() leaves that lock held forever in
 * the child, which then hangs at its next malloc (seen in merges). So the
 * forking modes start no RSS watcher thread in the parent (main.c); the child
 * starts its own after the fork. */
#ifndef FF_ENGINE_CHILD_H
#define FF_ENGINE_CHILD_H

#include <stddef.h>
#include <stdint.h>

/* Makes a freshly forked child quiet and artifact-free, with its own timeout
 * and RSS limit (0: none; the limit starts the watcher thread in the child),
 * killed if the engine dies. */
void ff_child_prepare(long long timeout_s, long long rss_limit_mb, int quiet);
/* Runs data in a child; returns the wait status, or -1 if fork failed. */
int ff_child_run(const uint8_t *data, size_t size, long long timeout_s);
/* As ff_child_run, and the child's stderr (sanitizer report, engine messages)
 * into report (at most cap - 1 bytes kept, always terminated when cap > 0). */
int ff_child_run_report(const uint8_t *data, size_t size, long long timeout_s, char *report,
                        size_t cap);
/* True when a wait status means the input failed (non-zero exit or signal). */
int ff_child_failed(int status);

#endif
