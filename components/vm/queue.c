/* The vmm topic of the P2P queue (§0.4, §3.3): a message is one subtopic byte
 * followed by the JSON of the request: 0 create (CreateVmRequest{name,
 * formfile, owner}), 1 boot, 2 delete, 3 stop, 4 reboot, 5 start (each
 * {id, name}; the fact sheet names subtopic 1 "boot" only, and boot is the
 * hypervisor's start, §3.6, so it is read as a start). Queue messages are
 * trusted (§1.5); the command goes to the VM named by id (by name for a
 * create), as vmm-service keys its monitors. An empty message or another
 * subtopic is an error, and so is JSON without the required string fields
 * (no serde defaults on these structs).
 * Known-bug replica vm.queue_panic: the real handle_message indexes
 * message[0] of an empty message and hits unreachable!() on any other
 * subtopic: both panic (§0.4, §7 #9). */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "formfuzz/bug.h"
#include "vm.h"

static bool string_field(const json_t *o, const char *name, char *out, size_t cap) {
  const json_t *v = json_object_get(o, name);
  if (!json_is_string(v)) return false;
  if (out) snprintf(out, cap, "%s", json_string_value(v));
  return true;
}

vm_err vm_queue_decode(const uint8_t *msg, size_t len, vm_queue_msg *out) {
  memset(out, 0, sizeof *out);
  if (len == 0) {
    if (FF_BUG("vm.queue_panic")) vm_panic("index out of bounds: the len is 0 but the index is 0");
    return VM_E_BAD_REQUEST;
  }
  static const vm_cmd BY_SUBTOPIC[] = {VM_CMD_CREATE, VM_CMD_START,  VM_CMD_DELETE,
                                       VM_CMD_STOP,   VM_CMD_REBOOT, VM_CMD_START};
  if (msg[0] >= sizeof BY_SUBTOPIC / sizeof BY_SUBTOPIC[0]) {
    if (FF_BUG("vm.queue_panic")) vm_panic("internal error: entered unreachable code (vmm subtopic %u)", msg[0]);
    return VM_E_BAD_REQUEST;
  }
  out->subtopic = msg[0];
  out->cmd = BY_SUBTOPIC[msg[0]];
  json_t *root = json_loadb((const char *)msg + 1, len - 1, JSON_REJECT_DUPLICATES, NULL);
  if (!root) return VM_E_BAD_REQUEST;
  bool ok = json_is_object(root);
  if (out->cmd == VM_CMD_CREATE)
    ok = ok && string_field(root, "name", out->target, sizeof out->target) &&
         string_field(root, "formfile", NULL, 0) && string_field(root, "owner", out->owner, sizeof out->owner);
  else
    ok = ok && string_field(root, "id", out->target, sizeof out->target) && string_field(root, "name", NULL, 0);
  json_decref(root);
  return ok ? VM_OK : VM_E_JSON_DATA;
}
