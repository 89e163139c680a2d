/* Shared options of the live subcommands (live_common.h). */
#include "live_common.h"

#include <string.h>

#include <stdio.h>

#include "live_pace.h"

void live_common_rows(live_common *c, const char *default_out, double default_rate, ff_option *rows) {
  c->allow = c->allow_file = c->stop_file = NULL;
  c->out = default_out;
  c->rate = default_rate;
  c->max_time = 60;
  const ff_option r[LIVE_COMMON_ROWS] = {
      FF_STRING_OPTION("allow", &c->allow, "HOST:PORT,...", "targets that may receive traffic (numeric IPv4)"),
      FF_STRING_OPTION("allow-file", &c->allow_file, "FILE", "more allowed targets, one HOST:PORT a line"),
      {"rate", FF_OPT_DOUBLE, &c->rate, "N", "hard cap on the packets/requests this command generates per second",
       0.1, LIVE_RATE_CAP},
      {"max-time", FF_OPT_DOUBLE, &c->max_time, "S", "stop after S seconds (0: no limit; default 60)", 0, 86400},
      FF_STRING_OPTION("stop-file", &c->stop_file, "FILE", "stop at once when FILE exists"),
      FF_STRING_OPTION("out", &c->out, "DIR", "where stats, reports and findings go"),
  };
  for (int i = 0; i < LIVE_COMMON_ROWS; i++) rows[i] = r[i];
}

int live_common_allow(const live_common *c, const char *sub, live_allow *allow) {
  char err[512];
  allow->count = 0;
  if (live_allow_load(allow, c->allow, c->allow_file, err, sizeof err)) {
    fprintf(stderr, "formfuzz live %s: %s\n", sub, err);
    return 2;
  }
  return 0;
}

int live_common_transport(const char *name, bool *tcp) {
  if (strcmp(name, "udp") != 0 && strcmp(name, "tcp") != 0) return -1;
  *tcp = strcmp(name, "tcp") == 0;
  return 0;
}
