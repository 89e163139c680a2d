/* The reference model of the VM lifecycle, written independently of
 * lifecycle.c: the intended record lifecycle as (from, command, to) edges,
 * the hypervisor state each status implies, and the hypervisor moves §3.6
 * allows per command. Used by vm_lifecycle and vm_ownership. */
#ifndef VM_FUZZ_LIFECYCLE_MODEL_H
#define VM_FUZZ_LIFECYCLE_MODEL_H

#include "vm.h"

typedef struct vm_model_edge {
  vm_status from;
  vm_cmd cmd;
  vm_status to;
} vm_model_edge;

/* The edge a command takes from a status, or NULL when the model refuses it. */
const vm_model_edge *vm_model_edge_for(vm_status from, vm_cmd c);
/* The hypervisor state a status implies. */
vm_hv_state vm_model_hv_for(vm_status s);
/* Whether command c may move the hypervisor from one state to another. */
bool vm_model_hv_path_ok(vm_hv_state from, vm_hv_state to, vm_cmd c);

#endif
