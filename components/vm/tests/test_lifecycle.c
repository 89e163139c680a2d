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

/* vmm queue messages (§0.4): subtopic byte + JSON. */
static vm_err decode(const char *msg, size_t len, vm_queue_msg *q) { return vm_queue_decode((const uint8_t *)msg, len, q); }

static void queue(void) {
  vm_queue_msg q;
  CHECK(decode("", 0, &q) == VM_E_BAD_REQUEST); /* the real handler panics on message[0] */
  static const char SIX[] = "\x06{\"id\":\"a\",\"name\":\"a\"}";
  CHECK(decode(SIX, sizeof SIX - 1, &q) == VM_E_BAD_REQUEST); /* unreachable!() */
  CHECK(decode("\xff", 1, &q) == VM_E_BAD_REQUEST);
  static const char STOP[] = "\x03{\"id\":\"vm-0\",\"name\":\"web\",\"extra\":1}";
  CHECK(decode(STOP, sizeof STOP - 1, &q) == VM_OK && q.cmd == VM_CMD_STOP && strcmp(q.target, "vm-0") == 0);
  static const char CREATE[] = "\x00{\"name\":\"my-agent\",\"formfile\":\"{}\",\"owner\":\"0x2c75\"}";
  CHECK(decode(CREATE, sizeof CREATE - 1, &q) == VM_OK && q.cmd == VM_CMD_CREATE &&
        strcmp(q.target, "my-agent") == 0 && strcmp(q.owner, "0x2c75") == 0);
  static const char NO_FORMFILE[] = "\x00{\"name\":\"my-agent\",\"owner\":\"x\"}";
  CHECK(decode(NO_FORMFILE, sizeof NO_FORMFILE - 1, &q) == VM_E_JSON_DATA);
  static const char NOT_JSON[] = "\x05{\"id\":";
  CHECK(decode(NOT_JSON, sizeof NOT_JSON - 1, &q) == VM_E_BAD_REQUEST);
  static const char BOOT[] = "\x01{\"id\":\"b\",\"name\":\"b\"}";
  CHECK(decode(BOOT, sizeof BOOT - 1, &q) == VM_OK && q.cmd == VM_CMD_START);
}

int main(void) {
  machine();
  queue();
  names();
  ids();
  return check_summary("vm_test_lifecycle");
}
