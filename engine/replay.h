/* The replay mode: input files given on the command line are run once each
 * ("Running: <file>", "Executed <file> in N ms", as libFuzzer prints) and the
 * engine exits 0 when none failed. A failing input ends the process with the
 * same exit code as during fuzzing; no artifact is written (libFuzzer neither). */
#ifndef FF_ENGINE_REPLAY_H
#define FF_ENGINE_REPLAY_H

#include "engine.h"

int ff_replay(ff_engine *e);

#endif
