/* The hard rate cap of the live commands: every packet (or HTTP request) a
 * live command sends goes through live_pace_take, which sleeps until the next
 * send slot of a fixed rate, and every one is counted. No live command can
 * send faster than LIVE_RATE_CAP per second, whatever the options say. */
#ifndef FF_TOOLS_LIVE_PACE_H
#define FF_TOOLS_LIVE_PACE_H

#include <stdint.h>

#define LIVE_RATE_CAP 2000.0 /* sends per second, the ceiling of --rate */

typedef struct live_pace {
  double rate;      /* sends per second, 0 < rate <= LIVE_RATE_CAP */
  double next;      /* monotonic time of the next free slot */
  uint64_t sent;    /* sends granted so far */
} live_pace;

void live_pace_init(live_pace *p, double rate);
/* Changes the rate (clamped to the cap) from the next slot on. */
void live_pace_set_rate(live_pace *p, double rate);
/* Waits for the next slot (at most until the slot, never busy) and counts
 * the send. */
void live_pace_take(live_pace *p);
/* When the next slot is free (monotonic; now at the earliest). */
double live_pace_due(const live_pace *p);
/* Seconds (monotonic). */
double live_now(void);
void live_sleep(double seconds);

#endif
