/* SIGINT/SIGTERM for long-running commands (run, campaign): the first signal
 * asks the command to stop its children cleanly and write what it knows. */
#ifndef FF_TOOLS_STOP_SIGNAL_H
#define FF_TOOLS_STOP_SIGNAL_H

#include <stdbool.h>

void ff_stop_signal_install(void);
bool ff_stop_requested(void);

#endif
