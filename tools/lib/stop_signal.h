/* SIGINT, SIGTERM and SIGHUP for long-running commands (run, campaign,
 * corpus): the first signal asks the command to stop its children cleanly,
 * write what it knows and remove its scratch files. */
#ifndef FF_TOOLS_STOP_SIGNAL_H
#define FF_TOOLS_STOP_SIGNAL_H

#include <stdbool.h>

void ff_stop_signal_install(void);
bool ff_stop_requested(void);

#endif
