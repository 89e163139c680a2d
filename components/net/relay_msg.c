/* Relay message equality (through the canonical encoding) and the §1.8.1
 * freshness windows. */
#include <string.h>

#include "net_relay.h"

bool net_relay_msg_equal(const net_relay_msg *a, const net_relay_msg *b) {
  uint8_t ea[NET_RELAY_FRAME_MAX], eb[NET_RELAY_FRAME_MAX];
  long la = net_relay_encode(a, ea, sizeof ea), lb = net_relay_encode(b, eb, sizeof eb);
  return la >= 0 && la == lb && memcmp(ea, eb, (size_t)la) == 0;
}

static bool within(uint64_t ts, uint64_t now, uint64_t max_age, uint64_t max_skew) {
  if (ts > now) return ts - now <= max_skew;
  return now - ts <= max_age;
}

bool net_relay_fresh(const net_relay_msg *m, uint64_t now) {
  switch (m->type) {
    case NET_RELAY_CONNECT_REQUEST: return within(m->u.req.timestamp, now, 60, 5);
    case NET_RELAY_FORWARD: return within(m->u.fwd.timestamp, now, 30, 5);
    case NET_RELAY_DISCOVERY_QUERY: return within(m->u.dq.timestamp, now, 30, 5);
    case NET_RELAY_ANNOUNCEMENT:
      return within(m->u.ann.timestamp, now, 86400, 300) && (m->u.ann.expires == 0 || m->u.ann.expires > now);
    default: return true;
  }
}
