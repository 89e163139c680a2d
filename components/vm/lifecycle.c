/* The VM lifecycle: the instance record's intended status machine (§3.7:
 * Building -> Built|CriticalError -> Created -> Started <-> Stopped, Deleted)
 * and the hypervisor's transition table (§3.6), applied together so that the
 * recorded status and the hypervisor state always move in step. A command the
 * current state does not allow is refused with VM_E_ILLEGAL_TRANSITION and
 * changes nothing. Known-bug replica vm.lifecycle_unguarded applies the
 * status change without consulting either table (the real writers have no
 * guards). */
#include <string.h>

#include "formfuzz/bug.h"
#include "vm.h"

static const char *const STATUS_NAMES[VM_ST_COUNT] = {
    "Building", "Built", "CriticalError", "Created", "Started", "Stopped", "Deleted"};
static const char *const HV_NAMES[VM_HV_COUNT] = {"None",     "Created", "Running",
                                                  "Paused",   "Shutdown", "BreakPoint"};
static const char *const CMD_NAMES[VM_CMD_COUNT] = {"build_ok", "build_failed", "create", "start",
                                                    "stop",     "reboot",       "delete"};

const char *vm_status_name(vm_status s) { return (unsigned)s < VM_ST_COUNT ? STATUS_NAMES[s] : "?"; }
const char *vm_hv_name(vm_hv_state s) { return (unsigned)s < VM_HV_COUNT ? HV_NAMES[s] : "?"; }
const char *vm_cmd_name(vm_cmd c) { return (unsigned)c < VM_CMD_COUNT ? CMD_NAMES[c] : "?"; }

bool vm_hv_transition_valid(vm_hv_state from, vm_hv_state to) {
  /* rows: from; columns: Created Running Paused Shutdown BreakPoint (§3.6) */
  static const bool TABLE[5][5] = {
      /* Created    */ {0, 1, 1, 1, 1},
      /* Running    */ {0, 0, 1, 1, 1},
      /* Paused     */ {0, 1, 0, 1, 0},
      /* Shutdown   */ {0, 1, 0, 0, 0},
      /* BreakPoint */ {1, 1, 0, 0, 0},
  };
  if (from == VM_HV_NONE) return to == VM_HV_CREATED;
  if (to == VM_HV_NONE) return from == VM_HV_SHUTDOWN;
  if ((unsigned)from >= VM_HV_COUNT || (unsigned)to >= VM_HV_COUNT) return false;
  return TABLE[from - VM_HV_CREATED][to - VM_HV_CREATED];
}

bool vm_status_transition_valid(vm_status from, vm_status to) {
  switch (from) {
  case VM_ST_BUILDING: return to == VM_ST_BUILT || to == VM_ST_CRITICAL_ERROR;
  case VM_ST_BUILT: return to == VM_ST_CREATED || to == VM_ST_DELETED;
  case VM_ST_CRITICAL_ERROR: return to == VM_ST_DELETED;
  case VM_ST_CREATED: return to == VM_ST_STARTED || to == VM_ST_DELETED;
  case VM_ST_STARTED: return to == VM_ST_STOPPED || to == VM_ST_STARTED || to == VM_ST_DELETED;
  case VM_ST_STOPPED: return to == VM_ST_STARTED || to == VM_ST_DELETED;
  default: return false;
  }
}

vm_err vm_machine_init(vm_machine *m, const char *name) {
  vm_err e = vm_name_validate(name);
  if (e != VM_OK) return e;
  memset(m, 0, sizeof *m);
  strcpy(m->name, name);
  m->status = VM_ST_BUILDING;
  m->hv = VM_HV_NONE;
  return VM_OK;
}

/* Target status of a command, and the hypervisor path it takes (up to two
 * steps: reboot pauses then resumes; delete shuts down then removes). */
typedef struct plan {
  vm_status status;
  vm_hv_state hv_steps[2];
  size_t hv_count;
} plan;

static plan plan_for(const vm_machine *m, vm_cmd c) {
  plan p = {m->status, {VM_HV_NONE, VM_HV_NONE}, 0};
  switch (c) {
  case VM_CMD_BUILD_OK: p.status = VM_ST_BUILT; break;
  case VM_CMD_BUILD_FAILED: p.status = VM_ST_CRITICAL_ERROR; break;
  case VM_CMD_CREATE:
    p.status = VM_ST_CREATED;
    p.hv_steps[p.hv_count++] = VM_HV_CREATED;
    break;
  case VM_CMD_START:
    p.status = VM_ST_STARTED;
    p.hv_steps[p.hv_count++] = VM_HV_RUNNING;
    break;
  case VM_CMD_STOP: /* form "stop" is the hypervisor's pause */
    p.status = VM_ST_STOPPED;
    p.hv_steps[p.hv_count++] = VM_HV_PAUSED;
    break;
  case VM_CMD_REBOOT:
    p.status = VM_ST_STARTED;
    p.hv_steps[p.hv_count++] = VM_HV_PAUSED;
    p.hv_steps[p.hv_count++] = VM_HV_RUNNING;
    break;
  case VM_CMD_DELETE:
    p.status = VM_ST_DELETED;
    if (m->hv != VM_HV_NONE) {
      p.hv_steps[p.hv_count++] = VM_HV_SHUTDOWN;
      p.hv_steps[p.hv_count++] = VM_HV_NONE;
    }
    break;
  default: p.status = VM_ST_COUNT; break;
  }
  return p;
}

vm_err vm_machine_apply(vm_machine *m, vm_cmd c) {
  if ((unsigned)c >= VM_CMD_COUNT) return VM_E_BAD_REQUEST;
  plan p = plan_for(m, c);
  if (FF_BUG("vm.lifecycle_unguarded")) {
    m->status = p.status;
    if (p.hv_count) m->hv = p.hv_steps[p.hv_count - 1];
    return VM_OK;
  }
  if (c == VM_CMD_REBOOT && m->status != VM_ST_STARTED) return VM_E_ILLEGAL_TRANSITION;
  if (!vm_status_transition_valid(m->status, p.status)) return VM_E_ILLEGAL_TRANSITION;
  vm_hv_state hv = m->hv;
  for (size_t i = 0; i < p.hv_count; i++) {
    if (!vm_hv_transition_valid(hv, p.hv_steps[i])) return VM_E_ILLEGAL_TRANSITION;
    hv = p.hv_steps[i];
  }
  m->status = p.status;
  m->hv = hv;
  return VM_OK;
}
