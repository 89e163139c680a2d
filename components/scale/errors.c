/* scale: error and phase names. */
#include "scale.h"

const char *scale_err_name(scale_err e) {
  switch (e) {
  case SCALE_OK: return "ok";
  case SCALE_ERR_INVALID: return "invalid";
  case SCALE_ERR_NO_POLICY: return "NoScalingPolicy";
  case SCALE_ERR_CONCURRENT: return "ConcurrentOperation";
  case SCALE_ERR_INVALID_TRANSITION: return "InvalidTransition";
  case SCALE_ERR_NO_ACTIVE: return "NoActiveOperation";
  case SCALE_ERR_INVALID_PHASE: return "InvalidPhase";
  case SCALE_ERR_INVALID_ROLLBACK: return "InvalidRollback";
  case SCALE_ERR_RESOURCES: return "InsufficientResources";
  case SCALE_ERR_FAILED: return "ScalingFailed";
  case SCALE_ERR_FULL: return "full";
  case SCALE_ERR_IO: return "io";
  case SCALE_ERR_CORRUPT: return "corrupt";
  case SCALE_ERR_OVERFLOW: return "overflow";
  }
  return "unknown";
}

const char *scale_phase_name(scale_phase_kind k) {
  static const char *const names[SCALE_PH_COUNT] = {
      "Requested",  "Validating", "Planning", "ResourceAllocating", "InstancePreparing", "Configuring",
      "Verifying", "Finalizing", "Completed", "Failed",             "Canceled"};
  return (unsigned)k < SCALE_PH_COUNT ? names[k] : "?";
}

bool scale_phase_terminal(scale_phase_kind k) {
  return k == SCALE_PH_COMPLETED || k == SCALE_PH_FAILED || k == SCALE_PH_CANCELED;
}
