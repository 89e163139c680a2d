/* The lifecycle reference model (see lifecycle_model.h). */
#include "lifecycle_model.h"

#include "formfuzz/input.h"

static const vm_model_edge EDGES[] = {
    {VM_ST_BUILDING, VM_CMD_BUILD_OK, VM_ST_BUILT},
    {VM_ST_BUILDING, VM_CMD_BUILD_FAILED, VM_ST_CRITICAL_ERROR},
    {VM_ST_BUILT, VM_CMD_CREATE, VM_ST_CREATED},
    {VM_ST_CREATED, VM_CMD_START, VM_ST_STARTED},
    {VM_ST_STARTED, VM_CMD_STOP, VM_ST_STOPPED},
    {VM_ST_STOPPED, VM_CMD_START, VM_ST_STARTED},
    {VM_ST_STARTED, VM_CMD_REBOOT, VM_ST_STARTED},
    {VM_ST_BUILT, VM_CMD_DELETE, VM_ST_DELETED},
    {VM_ST_CRITICAL_ERROR, VM_CMD_DELETE, VM_ST_DELETED},
    {VM_ST_CREATED, VM_CMD_DELETE, VM_ST_DELETED},
    {VM_ST_STARTED, VM_CMD_DELETE, VM_ST_DELETED},
    {VM_ST_STOPPED, VM_CMD_DELETE, VM_ST_DELETED},
};

const vm_model_edge *vm_model_edge_for(vm_status from, vm_cmd c) {
  for (size_t i = 0; i < FF_COUNT_OF(EDGES); i++)
    if (EDGES[i].from == from && EDGES[i].cmd == c) return &EDGES[i];
  return NULL;
}

vm_hv_state vm_model_hv_for(vm_status s) {
  switch (s) {
  case VM_ST_CREATED: return VM_HV_CREATED;
  case VM_ST_STARTED: return VM_HV_RUNNING;
  case VM_ST_STOPPED: return VM_HV_PAUSED;
  default: return VM_HV_NONE;
  }
}

/* §3.6, plus creation (None -> Created) and removal (-> Shutdown -> None). */
bool vm_model_hv_path_ok(vm_hv_state from, vm_hv_state to, vm_cmd c) {
  if (from == to) return c == VM_CMD_REBOOT ? from == VM_HV_RUNNING : from == VM_HV_NONE;
  if (to == VM_HV_NONE) return c == VM_CMD_DELETE; /* via Shutdown, valid from every state */
  static const struct {
    vm_hv_state a, b;
  } OK[] = {
      {VM_HV_NONE, VM_HV_CREATED},
      {VM_HV_CREATED, VM_HV_RUNNING},
      {VM_HV_RUNNING, VM_HV_PAUSED},
      {VM_HV_PAUSED, VM_HV_RUNNING},
  };
  for (size_t i = 0; i < FF_COUNT_OF(OK); i++)
    if (OK[i].a == from && OK[i].b == to) return true;
  return false;
}
