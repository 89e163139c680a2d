/* The safety gate of every live command: a target is used only when the user
 * allowed it explicitly (--allow HOST:PORT[,HOST:PORT...] or --allow-file, one
 * HOST:PORT a line, # comments), and a listening address must be loopback.
 * Checked before any socket is opened, so a refused target never sees a packet. */
#ifndef FF_TOOLS_LIVE_ALLOW_H
#define FF_TOOLS_LIVE_ALLOW_H

#include <stddef.h>

#include "live_addr.h"

#define LIVE_ALLOW_MAX 64

typedef struct live_allow {
  live_addr entries[LIVE_ALLOW_MAX];
  int count;
} live_allow;

/* Adds the comma-separated list (NULL: nothing) and the file's lines (NULL:
 * none). 0, or -1 with the reason in err. */
int live_allow_load(live_allow *a, const char *list, const char *file, char *err, size_t err_cap);
/* 0 when target is allowed; -1 with "<what> HOST:PORT is not allowed ..." in err. */
int live_allow_check(const live_allow *a, const char *what, const live_addr *target, char *err,
                     size_t err_cap);
/* Parses text as a target and checks it: 0, or -1 with the reason. */
int live_allow_target(const live_allow *a, const char *what, const char *text, live_addr *out,
                      char *err, size_t err_cap);
/* Parses a listening address, which must be on 127.0.0.0/8. */
int live_allow_listen(const char *text, live_addr *out, char *err, size_t err_cap);

#endif
