/* The permission model: operation x authorization level (§2.2, with the
 * levels every endpoint should have enforced), least privilege. This one
 * function decides for every caller in the core. */
#include <string.h>

#include "vm.h"

static const char *const OP_NAMES[VM_OP_COUNT] = {
    [VM_OP_CREATE] = "create", [VM_OP_START] = "start",   [VM_OP_STOP] = "stop",
    [VM_OP_REBOOT] = "reboot", [VM_OP_DELETE] = "delete", [VM_OP_READ] = "read",
    [VM_OP_GRANT] = "grant",   [VM_OP_REVOKE] = "revoke", [VM_OP_TRANSFER] = "transfer",
    [VM_OP_UPDATE] = "update",
};

const char *vm_op_name(vm_op op) { return (unsigned)op < VM_OP_COUNT ? OP_NAMES[op] : "?"; }

vm_err vm_op_parse(const char *text, vm_op *out) {
  for (int i = 0; i < VM_OP_COUNT; i++)
    if (strcmp(text, OP_NAMES[i]) == 0) {
      *out = (vm_op)i;
      return VM_OK;
    }
  return VM_E_BAD_REQUEST;
}

static const char *const LEVEL_NAMES[] = {"None", "ReadOnly", "Operator", "Manager", "Owner"};

const char *vm_level_name(vm_level l) { return (unsigned)l <= VM_LEVEL_OWNER ? LEVEL_NAMES[l] : "?"; }

vm_err vm_level_parse(const char *text, vm_level *out) {
  for (int l = VM_LEVEL_READONLY; l <= VM_LEVEL_MANAGER; l++) /* Owner is never granted */
    if (strcmp(text, LEVEL_NAMES[l]) == 0) {
      *out = (vm_level)l;
      return VM_OK;
    }
  return VM_E_BAD_LEVEL;
}

/* The lowest level each operation needs. */
static const vm_level REQUIRED[VM_OP_COUNT] = {
    [VM_OP_CREATE] = VM_LEVEL_NONE,       [VM_OP_READ] = VM_LEVEL_READONLY,
    [VM_OP_START] = VM_LEVEL_OPERATOR,    [VM_OP_STOP] = VM_LEVEL_OPERATOR,
    [VM_OP_REBOOT] = VM_LEVEL_OPERATOR,   [VM_OP_GRANT] = VM_LEVEL_MANAGER,
    [VM_OP_REVOKE] = VM_LEVEL_MANAGER,    [VM_OP_DELETE] = VM_LEVEL_OWNER,
    [VM_OP_TRANSFER] = VM_LEVEL_OWNER,    [VM_OP_UPDATE] = VM_LEVEL_OWNER,
};

/* What a network admin (§2.4 notion 2) may do on any instance. */
static bool network_admin_may(vm_op op) {
  return op == VM_OP_READ || op == VM_OP_START || op == VM_OP_STOP || op == VM_OP_REBOOT ||
         op == VM_OP_DELETE || op == VM_OP_UPDATE;
}

bool vm_permitted(vm_op op, vm_level level, bool network_admin, vm_level target) {
  if ((unsigned)op >= VM_OP_COUNT || level > VM_LEVEL_OWNER) return false;
  if (op == VM_OP_CREATE) return true;
  if (network_admin && network_admin_may(op)) return true;
  if (level < REQUIRED[op]) return false;
  if (op == VM_OP_GRANT || op == VM_OP_REVOKE)
    return target > VM_LEVEL_NONE && target < level && target <= VM_LEVEL_MANAGER;
  return true;
}
