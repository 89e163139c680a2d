/* Schemes A and B with the spec's §9 vectors and signatures made here by a
 * real key: what is accepted, what is refused and with which error. */
#include <string.h>

#include "ff_check.h"
#include "formfuzz/crypto.h"
#include "formfuzz/input.h"
#include "vm.h"

static const char V1_ADDR[] = "2c7536e3605d9c16a7a3d7b1898e529396a65c23";
static const char V2_SIG[] = "149de7da3283ea914e393d2ba906bc6ea9bdffd75d05f188000d6a7ffecd7b61"
                             "2ec5ad10e8d9d3f4515a7b84617fe6bd310f9c5373fc9b0f10d067355c852069";
static const char V2_HIGH_S[] = "149de7da3283ea914e393d2ba906bc6ea9bdffd75d05f188000d6a7ffecd7b61"
                                "d13a52ef17262c0baea5847b9e801941899f40933b4c052caf01f75773b120d8";
static const char V2_SINGLE[] = "8f3dd0ac36ebdad2a25b10f71a9513cfaced8e449e1f9ce6b4c237998cb64e61"
                                "61d6493ba2a46683e83c5f4cf14f4f05f05bf6856502ec1c5c7accec20696bb9";
static const char V2_MSG[] = "437265617465206163636f756e742072657175657374";

static vm_err verify_a(const char *sig, const char *recid, const char *msg, vm_signed *s) {
  char header[512];
  snprintf(header, sizeof header, "Signature %s.%s.%s", sig, recid, msg);
  return vm_scheme_a_verify(header, s);
}

static void scheme_a(void) {
  vm_signed s;
  CHECK(verify_a(V2_SIG, "1", V2_MSG, &s) == VM_OK);
  CHECK(strcmp(s.signer.hex, V1_ADDR) == 0);
  CHECK(s.message_len == strlen("Create account request"));
  /* the high-S twin recovers the same key, but k256 refuses it: 401 */
  CHECK(verify_a(V2_HIGH_S, "0", V2_MSG, &s) == VM_E_RECOVERY_FAILED);
  CHECK(vm_err_http_status(VM_E_RECOVERY_FAILED) == 401);
  CHECK(verify_a(V2_SINGLE, "1", V2_MSG, &s) == VM_OK);
  CHECK(strcmp(s.signer.hex, "4bd21edca020464f4e1b5803cebfd0c3ac571ebe") == 0);
  /* the recovery id is Rust's u8::from_str text of a value 0..3 */
  static const char *const SAME_RECID[] = {"+1", "001", "01", "+001", "0000000001"};
  for (size_t i = 0; i < FF_COUNT_OF(SAME_RECID); i++) {
    memset(&s, 0, sizeof s);
    CHECK(verify_a(V2_SIG, SAME_RECID[i], V2_MSG, &s) == VM_OK);
    CHECK(strcmp(s.signer.hex, V1_ADDR) == 0);
  }
  static const char *const BAD_RECID[] = {"4", "28", "27", "255", "256", "0256", "1000", "",  "+",
                                          "-1", "-0", "++1", " 1", "1 ", "+ 1", "0x1", "1a"};
  for (size_t i = 0; i < FF_COUNT_OF(BAD_RECID); i++)
    CHECK(verify_a(V2_SIG, BAD_RECID[i], V2_MSG, &s) == VM_E_INVALID_FORMAT);
  /* the flipped recid recovers somebody else */
  CHECK(verify_a(V2_SIG, "0", V2_MSG, &s) != VM_OK || strcmp(s.signer.hex, V1_ADDR) != 0);
  /* format */
  CHECK(vm_scheme_a_verify(NULL, &s) == VM_E_MISSING_SIGNATURE);
  char header[512];
  snprintf(header, sizeof header, "signature %s.1.%s", V2_SIG, V2_MSG);
  CHECK(vm_scheme_a_verify(header, &s) == VM_E_INVALID_FORMAT);
  snprintf(header, sizeof header, "Signature 0x%s.1.%s", V2_SIG, V2_MSG);
  CHECK(vm_scheme_a_verify(header, &s) == VM_E_INVALID_FORMAT);
  snprintf(header, sizeof header, "Signature %s.1.%s.00", V2_SIG, V2_MSG);
  CHECK(vm_scheme_a_verify(header, &s) == VM_E_INVALID_FORMAT);
  CHECK(verify_a("abcd", "1", V2_MSG, &s) == VM_E_INVALID_SIGNATURE);
  CHECK(verify_a(V2_SIG, "1", "abc", &s) == VM_E_INVALID_FORMAT); /* odd hex */
  char upper[sizeof V2_SIG];
  for (size_t i = 0; i < sizeof V2_SIG; i++)
    upper[i] = (char)(V2_SIG[i] >= 'a' && V2_SIG[i] <= 'f' ? V2_SIG[i] - 32 : V2_SIG[i]);
  CHECK(verify_a(upper, "1", V2_MSG, &s) == VM_OK); /* hex of any case */
}

static void scheme_a_real_key(void) {
  /* an empty message, signed here */
  ff_keypair kp;
  ff_keypair_from_seed(&kp, 42);
  uint8_t digest[32], sig[64];
  int recid;
  ff_sha256d("", 0, digest);
  CHECK(ff_sign_recoverable(&kp, digest, sig, &recid) == 0);
  char sighex[129], recid_text[2] = {(char)('0' + recid), 0}, addr[41];
  vm_hex_encode(sig, 64, sighex);
  vm_signed s;
  CHECK(verify_a(sighex, recid_text, "", &s) == VM_OK);
  ff_address_hex(kp.addr, addr);
  CHECK(strcmp(s.signer.hex, addr) == 0);
  CHECK(s.message_len == 0);
}

static void scheme_b(void) {
  vm_scheme_b_headers h = {
      "9fa2350809aa1900792ce0ce654e09cf476b5dc99226deb48807ca38a6b19c40"
      "6203970d0a4e0e09434f487f4b96a34492a2291b89e99541115f915c6efffcdb",
      "1", "f9a8f1bbd8232806a7390730d56a2e20a855829ce5f9f859267a5ba72beee0fd"};
  vm_signed s;
  CHECK(vm_scheme_b_verify(&h, &s) == VM_OK);
  CHECK(strcmp(s.signer.hex, V1_ADDR) == 0);
  h.x_message = "0xf9a8f1bbd8232806a7390730d56a2e20a855829ce5f9f859267a5ba72beee0fd";
  CHECK(vm_scheme_b_verify(&h, &s) == VM_OK);
  CHECK(strcmp(s.signer.hex, V1_ADDR) == 0);
  h.x_recovery_id = "+01"; /* read like scheme A's recid */
  CHECK(vm_scheme_b_verify(&h, &s) == VM_OK);
  CHECK(strcmp(s.signer.hex, V1_ADDR) == 0);
  h.x_recovery_id = "-1";
  CHECK(vm_scheme_b_verify(&h, &s) == VM_E_INVALID_FORMAT);
  h.x_recovery_id = "1";
  h.x_message = "zz";
  CHECK(vm_scheme_b_verify(&h, &s) == VM_E_INVALID_MESSAGE);
  h.x_message = "";
  CHECK(vm_scheme_b_verify(&h, &s) != VM_OK || strcmp(s.signer.hex, V1_ADDR) != 0);
  h.x_recovery_id = NULL;
  CHECK(vm_scheme_b_verify(&h, &s) == VM_E_MISSING_SIGNATURE);
}

static void addresses(void) {
  vm_addr a, b;
  CHECK(vm_address_normalize("0x2C7536E3605D9C16A7A3D7B1898E529396A65C23", &a) == VM_OK);
  CHECK(strcmp(a.hex, V1_ADDR) == 0);
  CHECK(vm_address_normalize(V1_ADDR, &b) == VM_OK && vm_addr_equal(&a, &b));
  CHECK(vm_address_normalize("0X2c7536e3605d9c16a7a3d7b1898e529396a65c23", &b) == VM_OK);
  CHECK(vm_addr_equal(&a, &b));
  CHECK(vm_address_normalize("2c7536e3605d9c16a7a3d7b1898e529396a65c2", &b) == VM_E_BAD_ADDRESS);
  CHECK(vm_address_normalize("0x0x2c7536e3605d9c16a7a3d7b1898e529396a65c", &b) == VM_E_BAD_ADDRESS);
  CHECK(vm_address_normalize("2c7536e3605d9c16a7a3d7b1898e529396a65c2g", &b) == VM_E_BAD_ADDRESS);
}

int main(void) {
  scheme_a();
  scheme_a_real_key();
  scheme_b();
  addresses();
  return check_summary("vm_test_signatures");
}
