/* Known-bug replicas. FF_BUG("id") is true only in builds made with the bugs
 * preset (FF_BUGS_ENABLED) *and* when FORMFUZZ_BUGS lists the id
 * (FORMFUZZ_BUGS=id[,id...]). Everywhere else it is the constant 0, so the
 * replica code is dead and the default build has only the correct behaviour.
 * Every id is registered in components/<c>/bugs.tsv with the fuzzer expected to
 * catch it (see docs/writing-fuzzers.md, "A known-bug replica"). */
#ifndef FORMFUZZ_BUG_H
#define FORMFUZZ_BUG_H

#include <stdbool.h>

#ifdef FF_BUGS_ENABLED
bool ff_bug_enabled(const char *id);
#define FF_BUG(id) ff_bug_enabled(id)
#else
#define FF_BUG(id) 0
#endif

#endif
