/* The text of `formfuzz status`: a header (the directory, campaign.json's
 * engine, times and budget, whether a formfuzz process is writing there), one
 * row per fuzzer (state, execs, exec/s, edges, features, corpus, crashes, time
 * since the last new coverage, stalled flag, RSS) or the problem that made its
 * stats unreadable, and a totals line. ANSI colours only when asked. */
#ifndef FF_TOOLS_MONITOR_SCREEN_H
#define FF_TOOLS_MONITOR_SCREEN_H

#include <stdbool.h>
#include <stdio.h>

#include "monitor_snapshot.h"

void ff_monitor_render(const ff_monitor_snapshot *s, double stall_s, bool color, FILE *to);
/* "45s", "3m05s", "2h07m", "3d04h"; "-" for a negative (unknown) duration. */
void ff_monitor_duration(double seconds, char *out, size_t cap);

#endif
