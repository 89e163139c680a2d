/* The adaptive connection-response timeout of the relay client (§1.8.4
 * LatencyTracker): the latest NET_TIMEOUT_SAMPLES response times, their
 * integer average times 2.5, clamped to 2..10 s once 3 samples exist. */
#include <string.h>

#include "net_relay_registry.h"

void net_timeout_init(net_timeout_tracker *t) { memset(t, 0, sizeof *t); }

void net_timeout_record(net_timeout_tracker *t, uint32_t ms) {
  t->samples[t->next] = ms;
  t->next = (t->next + 1) % NET_TIMEOUT_SAMPLES;
  if (t->n < NET_TIMEOUT_SAMPLES) t->n++;
}

uint32_t net_timeout_current(const net_timeout_tracker *t) {
  if (t->n < NET_TIMEOUT_MIN_SAMPLES) return NET_TIMEOUT_DEFAULT_MS;
  uint64_t sum = 0;
  for (unsigned i = 0; i < t->n; i++) sum += t->samples[i];
  uint64_t timeout = sum / t->n * 5 / 2;
  if (timeout < NET_TIMEOUT_MIN_MS) return NET_TIMEOUT_MIN_MS;
  if (timeout > NET_TIMEOUT_MAX_MS) return NET_TIMEOUT_MAX_MS;
  return (uint32_t)timeout;
}
