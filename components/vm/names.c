/* VM name and instance-id validation. A name becomes a file name under the
 * image and socket directories (§3.4), so it must not be able to leave them.
 * Known-bug replica vm.name_traversal accepts any non-empty name, as the real
 * Create handler does. */
#include <string.h>

#include "formfuzz/bug.h"
#include "vm.h"

static bool alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

vm_err vm_name_validate(const char *name) {
  size_t n = strlen(name);
  if (n == 0) return VM_E_BAD_NAME;
  if (FF_BUG("vm.name_traversal")) return n <= VM_NAME_MAX ? VM_OK : VM_E_BAD_NAME;
  if (n > VM_NAME_MAX || !alnum(name[0])) return VM_E_BAD_NAME;
  for (size_t i = 0; i < n; i++)
    if (!alnum(name[i]) && name[i] != '-' && name[i] != '_' && name[i] != '.') return VM_E_BAD_NAME;
  if (strstr(name, "..")) return VM_E_BAD_NAME;
  return VM_OK;
}

vm_err vm_instance_id_validate(const char *id) {
  if (strlen(id) != 40) return VM_E_BAD_ID;
  for (size_t i = 0; i < 40; i++)
    if (!((id[i] >= '0' && id[i] <= '9') || (id[i] >= 'a' && id[i] <= 'f'))) return VM_E_BAD_ID;
  return VM_OK;
}
