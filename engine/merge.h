/* -merge=1 A B C...: inputs of B, C... (smallest first) that reach features
 * the inputs of A do not are copied into A under their SHA-1 names, atomically,
 * so an interrupted merge leaves A valid. The merge itself runs in a forked
 * child; if an input crashes it, the parent notes the input, skips it and
 * starts a new child (which re-reads A, now holding what was already added). */
#ifndef FF_ENGINE_MERGE_H
#define FF_ENGINE_MERGE_H

#include "engine.h"

int ff_merge(ff_engine *e);

#endif
