/* -merge=1 A B C... [-merge_control_file=F]: inputs of B, C... (smallest
 * first) that reach features the inputs of A do not are copied into A under
 * their SHA-1 names, atomically, as libFuzzer's merge. The inputs run in a
 * forked child (merge_inner.h) that records each input's features in the
 * control file F (libFuzzer's format, merge_control.h; a temporary file when
 * not given); when an input kills the child, the next child starts after it.
 * The outer process reads F and copies the inputs that add features. Given a
 * control file of the same inputs, an interrupted merge resumes from it. */
#ifndef FF_ENGINE_MERGE_H
#define FF_ENGINE_MERGE_H

#include "engine.h"

int ff_merge(ff_engine *e);

#endif
