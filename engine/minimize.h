/* -minimize_crash=1 <file>: shrinks a crashing input while it still fails the
 * same way (same exit status and crash signature, kind and top frame
 * from the child's report: crash_signature.h; each candidate runs in a forked child), for at
 * most -runs candidates, and writes <prefix>minimized-from-<sha1 of the
 * original> (or -exact_artifact_path). Candidates: removing chunks of halving
 * sizes, then random mutations no longer than the current best minus one. */
#ifndef FF_ENGINE_MINIMIZE_H
#define FF_ENGINE_MINIMIZE_H

#include "engine.h"

int ff_minimize_crash(ff_engine *e);

#endif
