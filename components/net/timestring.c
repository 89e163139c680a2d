/* Timestring (§1.2): a u64 followed by one unit letter s m h d w, converted
 * to seconds with every overflow reported instead of wrapping. */
#include "formfuzz/bug.h"
#include "net_types.h"

net_err net_timestring_parse(const char *text, size_t len, uint64_t *seconds) {
  if (len < 2) return NET_E_SYNTAX;
  uint64_t mult;
  switch (text[len - 1]) {
    case 's': mult = 1; break;
    case 'm': mult = 60; break;
    case 'h': mult = 3600; break;
    case 'd': mult = 86400; break;
    case 'w': mult = 604800; break;
    default: return NET_E_SYNTAX;
  }
  for (size_t i = 0; i + 1 < len; i++)
    if (text[i] < '0' || text[i] > '9') return NET_E_SYNTAX; /* malformed before too large */
  uint64_t v = 0;
  for (size_t i = 0; i + 1 < len; i++) {
    unsigned d = (unsigned)(text[i] - '0');
    if (v > (UINT64_MAX - d) / 10) return NET_E_RANGE;
    v = v * 10 + d;
  }
  /* Replica net.timestring_overflow: the real code multiplies unchecked, so a
   * large count wraps to a small duration (§1.2, §6.12). */
  if (v > UINT64_MAX / mult && !FF_BUG("net.timestring_overflow")) return NET_E_RANGE;
  *seconds = v * mult;
  return NET_OK;
}
