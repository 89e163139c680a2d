/* Fixed-rate send slots with a hard ceiling (live_pace.h). */
#include "live_pace.h"

#include <time.h>

double live_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void live_sleep(double seconds) {
  if (seconds <= 0) return;
  struct timespec ts = {(time_t)seconds, (long)((seconds - (double)(time_t)seconds) * 1e9)};
  while (nanosleep(&ts, &ts) != 0) {
  }
}

static double clamp_rate(double rate) {
  if (!(rate > 0)) return 1;
  return rate > LIVE_RATE_CAP ? LIVE_RATE_CAP : rate;
}

void live_pace_init(live_pace *p, double rate) {
  p->rate = clamp_rate(rate);
  p->next = live_now();
  p->sent = 0;
}

void live_pace_set_rate(live_pace *p, double rate) { p->rate = clamp_rate(rate); }

void live_pace_take(live_pace *p) {
  double now = live_now();
  if (p->next < now) p->next = now; /* idle time is not saved up as a burst */
  live_sleep(p->next - now);
  p->next += 1.0 / p->rate;
  p->sent++;
}

double live_pace_due(const live_pace *p) {
  double now = live_now();
  return p->next > now ? p->next : now;
}
