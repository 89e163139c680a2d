/* Names of the net core's error codes. */
#include "net_types.h"

const char *net_err_name(net_err e) {
  switch (e) {
    case NET_OK: return "ok";
    case NET_E_SYNTAX: return "syntax";
    case NET_E_RANGE: return "range";
    case NET_E_INVALID: return "invalid";
    case NET_E_EXISTS: return "exists";
    case NET_E_NOT_FOUND: return "not-found";
    case NET_E_EXHAUSTED: return "exhausted";
    case NET_E_OVERLAP: return "overlap";
    case NET_E_UNAUTHORIZED: return "unauthorized";
    case NET_E_FORBIDDEN: return "forbidden";
    case NET_E_LIMIT: return "limit";
    case NET_E_PINNING: return "pinning";
    case NET_E_STALE: return "stale";
    case NET_E_IO: return "io";
    case NET_E_PANIC: return "panic";
  }
  return "unknown";
}
