/* The instance routes' effect (§2.5): what a caller may set on an instance
 * and who sees which. Create makes the signer's instance from the body's
 * instance_id and description; the owner is the signer (the real handler's
 * rule for a remote caller), and status, created_at and updated_at are the
 * server's. Update, by the owner or a network admin (the real handler's
 * rule), replaces the description and sets updated_at: the owner moves only
 * by transfer-ownership, which writes both places ownership is kept in
 * (§2.6, §2.8), and the status only along the lifecycle (§3.7: the intended
 * machine, no status writes from outside it). List shows a network admin
 * every instance, anyone else the instances it holds a level on.
 * Known-bug replica vm.instance_update_wholesale writes the body's status as
 * given, as the real update replaces every field of the stored Instance
 * (§2.5; §3.7: any owner sets any status through /v1/instance/update). */
#include <string.h>

#include "formfuzz/bug.h"
#include "vm.h"

vm_err vm_instance_api_create(vm_store *s, const vm_addr *signer, const vm_instance_body *b, int64_t now) {
  return vm_instance_create_described(s, signer, b->instance_id, b->spec, now);
}

vm_err vm_instance_api_update(vm_store *s, const vm_addr *signer, const vm_instance_body *b, int64_t now) {
  long k = vm_instance_slot(s, b->instance_id);
  if (k < 0) return VM_E_NOT_FOUND;
  if (!vm_permitted(VM_OP_UPDATE, vm_level_of(s, signer, b->instance_id), vm_is_network_admin(s, signer),
                    VM_LEVEL_NONE))
    return VM_E_FORBIDDEN;
  vm_instance in = s->instances[k];
  memset(in.spec, 0, sizeof in.spec);
  strcpy(in.spec, b->spec);
  in.updated_at = now;
  if (b->status != VM_ST_COUNT && FF_BUG("vm.instance_update_wholesale")) in.machine.status = b->status;
  in.version = s->changes + 1;
  vm_tx tx;
  vm_tx_begin(&tx, s);
  return vm_tx_finish(&tx, vm_tx_put_instance(&tx, (size_t)k, &in));
}

bool vm_instance_listed(const vm_store *s, const vm_addr *signer, const vm_instance *in) {
  return in->used && (vm_is_network_admin(s, signer) || vm_level_of(s, signer, in->id) != VM_LEVEL_NONE);
}
