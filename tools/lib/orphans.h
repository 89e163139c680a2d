/* Orphaned grandchildren of formfuzz. When afl-fuzz ends, the fork servers it
 * started (the fuzzer binary, or its .cmplog twin) can outlive it: they sit in
 * a session of their own, so no process-group kill reaches them, and they keep
 * afl-fuzz's lock on its output directory, so the next afl-fuzz on that
 * directory aborts ("Directory ... is in use"). As a child subreaper, formfuzz
 * gets such orphans as its own children, finds them by executable and stops
 * them. */
#ifndef FF_TOOLS_ORPHANS_H
#define FF_TOOLS_ORPHANS_H

#include <stddef.h>

/* Makes this process the subreaper of its descendants (Linux). Idempotent. */
void ff_orphans_adopt(void);
/* Kills (SIGKILL) and reaps every child of this process whose executable is
 * one of exes[0..n) (paths; compared after resolving links; a child already
 * dead, a zombie, by its command name). Call it where the direct children run
 * other programs (afl-fuzz), so that only adopted orphans match. Returns how
 * many were reaped. */
int ff_orphans_stop(const char *const *exes, size_t n);

#endif
