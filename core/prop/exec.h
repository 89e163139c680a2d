/* Internal: running a property on one buffer, either in-process (oracle
 * failures caught through the oracle hook) or in a forked child (crashes
 * caught too, their sanitizer summary taken from the child's stderr). */
#ifndef FF_PROP_EXEC_H
#define FF_PROP_EXEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "formfuzz/prop.h"

typedef struct ff_prop_outcome {
  bool failed;
  char failure[192]; /* "invariant <id>" or "crash <summary>" */
  char message[512];
  size_t consumed;   /* bytes the run read (len when the run crashed) */
} ff_prop_outcome;

/* In-process; silent suppresses the INVARIANT line. A crash ends the process. */
void ff_prop_exec_inprocess(const ff_property *prop, const uint8_t *data, size_t len, bool silent,
                            ff_input_log_fn log, void *log_ctx, ff_prop_outcome *out);
/* In a forked child with its stderr captured (and a time limit of
 * timeout_s seconds). Returns 0, or -1 when fork/pipe failed. */
int ff_prop_exec_forked(const ff_property *prop, const uint8_t *data, size_t len,
                        unsigned timeout_s, ff_prop_outcome *out);

#endif
