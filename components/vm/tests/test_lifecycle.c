/* The lifecycle tables, name and id validation, and the §3.5 ID vectors (V5). */
#include <string.h>

#include "ff_check.h"
#include "vm.h"

static void machine(void) {
  vm_machine m;
  CHECK(vm_machine_init(&m, "my-agent") == VM_OK);
  CHECK(vm_machine_apply(&m, VM_CMD_START) == VM_E_ILLEGAL_TRANSITION); /* still Building */
  CHECK(vm_machine_apply(&m, VM_CMD_DELETE) == VM_E_ILLEGAL_TRANSITION);
  CHECK(vm_machine_apply(&m, VM_CMD_BUILD_OK) == VM_OK && m.status == VM_ST_BUILT);
  CHECK(vm_machine_apply(&m, VM_CMD_BUILD_FAILED) == VM_E_ILLEGAL_TRANSITION);
  CHECK(vm_machine_apply(&m, VM_CMD_CREATE) == VM_OK && m.hv == VM_HV_CREATED);
  CHECK(vm_machine_apply(&m, VM_CMD_STOP) == VM_E_ILLEGAL_TRANSITION);
  CHECK(vm_machine_apply(&m, VM_CMD_START) == VM_OK && m.hv == VM_HV_RUNNING);
  CHECK(vm_machine_apply(&m, VM_CMD_START) == VM_E_ILLEGAL_TRANSITION); /* double start */
  CHECK(vm_machine_apply(&m, VM_CMD_REBOOT) == VM_OK && m.status == VM_ST_STARTED);
  CHECK(vm_machine_apply(&m, VM_CMD_STOP) == VM_OK && m.hv == VM_HV_PAUSED);
  CHECK(vm_machine_apply(&m, VM_CMD_STOP) == VM_E_ILLEGAL_TRANSITION); /* double stop */
  CHECK(vm_machine_apply(&m, VM_CMD_REBOOT) == VM_E_ILLEGAL_TRANSITION);
  CHECK(vm_machine_apply(&m, VM_CMD_START) == VM_OK && m.status == VM_ST_STARTED);
  CHECK(vm_machine_apply(&m, VM_CMD_DELETE) == VM_OK && m.status == VM_ST_DELETED && m.hv == VM_HV_NONE);
  CHECK(vm_machine_apply(&m, VM_CMD_START) == VM_E_ILLEGAL_TRANSITION);
  /* §3.6 rows */
  CHECK(vm_hv_transition_valid(VM_HV_BREAKPOINT, VM_HV_CREATED));
  CHECK(!vm_hv_transition_valid(VM_HV_SHUTDOWN, VM_HV_PAUSED));
  CHECK(vm_hv_transition_valid(VM_HV_SHUTDOWN, VM_HV_RUNNING));
  CHECK(!vm_hv_transition_valid(VM_HV_RUNNING, VM_HV_RUNNING));
  CHECK(!vm_hv_transition_valid(VM_HV_PAUSED, VM_HV_BREAKPOINT));
}

static void names(void) {
  CHECK(vm_name_validate("my-agent") == VM_OK);
  CHECK(vm_name_validate("web.1_a") == VM_OK);
  CHECK(vm_name_validate("") == VM_E_BAD_NAME);
  CHECK(vm_name_validate("../etc/passwd") == VM_E_BAD_NAME);
  CHECK(vm_name_validate("/abs") == VM_E_BAD_NAME);
  CHECK(vm_name_validate(".hidden") == VM_E_BAD_NAME);
  CHECK(vm_name_validate("a..b") == VM_E_BAD_NAME);
  char long_name[70];
  memset(long_name, 'a', 64);
  long_name[64] = '\0';
  CHECK(vm_name_validate(long_name) == VM_E_BAD_NAME);
  long_name[63] = '\0';
  CHECK(vm_name_validate(long_name) == VM_OK);
}

static void ids(void) {
  vm_addr owner;
  char build[65], inst[41];
  CHECK(vm_address_normalize("2c7536e3605d9c16a7a3d7b1898e529396a65c23", &owner) == VM_OK);
  CHECK(vm_build_id(&owner, "my-agent", build) == VM_OK);
  CHECK(strcmp(build, "f41c772b70b6fbebacc30be03d459deee2cc03ea7c7cbb37b9bacd597f1eb5a8") == 0);
  CHECK(vm_instance_id(build, "0123456789abcdef0123456789abcdef01234567", inst) == VM_OK);
  CHECK(strcmp(inst, "f53f324cf91d3604ade04e87b4ee5001e3ef468d") == 0);
  CHECK(vm_instance_id_validate(inst) == VM_OK);
  CHECK(vm_instance_id("abcd", "0123456789abcdef0123456789abcdef01234567", inst) == VM_E_BAD_ID);
  CHECK(vm_instance_id(build, "xyz", inst) == VM_E_BAD_ID);
  CHECK(vm_build_id(&owner, "../x", build) == VM_E_BAD_NAME);
}

int main(void) {
  machine();
  names();
  ids();
  return check_summary("vm_test_lifecycle");
}
