/* The options every `formfuzz live` subcommand shares (--allow, --allow-file,
 * --rate, --max-time, --stop-file, --out) as option-table rows, and the
 * stats.json every one writes (packets sent, why it stopped). */
#ifndef FF_TOOLS_LIVE_COMMON_H
#define FF_TOOLS_LIVE_COMMON_H

#include <stdbool.h>

#include "json_writer.h"
#include "live_allow.h"
#include "options.h"

#define LIVE_COMMON_ROWS 6

typedef struct live_common {
  const char *allow, *allow_file, *stop_file, *out;
  double rate, max_time;
} live_common;

/* Defaults, then the rows pointing into c (rows has LIVE_COMMON_ROWS entries). */
void live_common_rows(live_common *c, const char *default_out, double default_rate, ff_option *rows);
/* Loads the allow list; on error prints "formfuzz live <sub>: <reason>" and returns 2. */
int live_common_allow(const live_common *c, const char *sub, live_allow *allow);
/* --transport udp|tcp: 0 with *tcp set, or -1 for another name. */
int live_common_transport(const char *name, bool *tcp);

#endif
