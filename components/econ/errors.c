/* Names of the econ core's error codes, publish errors, breaker states and
 * resources, for messages and JSON; the one way to refuse with a reason. */
#include <stdarg.h>
#include <stdio.h>

#include "econ.h"

econ_err econ_invalid(char *reason, size_t cap, const char *fmt, ...) {
  if (reason && cap) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, cap, fmt, ap);
    va_end(ap);
  }
  return ECON_ERR_INVALID;
}

const char *econ_err_name(econ_err e) {
  switch (e) {
  case ECON_OK: return "ok";
  case ECON_ERR_INVALID: return "invalid";
  case ECON_ERR_PARSE: return "parse error";
  case ECON_ERR_NOMEM: return "out of memory";
  case ECON_ERR_FULL: return "full";
  case ECON_ERR_NOTFOUND: return "not found";
  case ECON_ERR_OVERFLOW: return "overflow";
  case ECON_ERR_RANGE: return "out of range";
  }
  return "unknown error";
}

const char *econ_pub_err_name(econ_pub_err e) {
  switch (e) {
  case ECON_PUB_OK: return "Ok";
  case ECON_PUB_CONNECTION: return "ConnectionError";
  case ECON_PUB_HTTP: return "HttpError";
  case ECON_PUB_PUBLISH: return "PublishError";
  case ECON_PUB_BREAKER_OPEN: return "CircuitBreakerOpen";
  case ECON_PUB_SERIALIZATION: return "SerializationError";
  case ECON_PUB_OTHER: return "Other";
  }
  return "unknown";
}

const char *econ_cb_state_name(econ_cb_state s) {
  switch (s) {
  case ECON_CB_CLOSED: return "Closed";
  case ECON_CB_OPEN: return "Open";
  case ECON_CB_HALF_OPEN: return "HalfOpen";
  }
  return "unknown";
}

const char *econ_resource_name(econ_resource r) {
  static const char *names[ECON_RES_COUNT] = {"Cpu", "Memory", "Storage",
                                              "NetworkEgress", "NetworkIngress", "Gpu"};
  return (unsigned)r < ECON_RES_COUNT ? names[r] : "unknown";
}
