/* vm error names, messages a person can act on, their HTTP statuses and kinds. */
#include "vm.h"

static const struct {
  const char *name;
  const char *message;
  int http;
} ERRORS[] = {
    [VM_OK] = {"Ok", "ok", 200},
    [VM_E_MISSING_SIGNATURE] = {"MissingSignature", "Missing signature", 401},
    [VM_E_INVALID_FORMAT] = {"InvalidFormat", "Invalid signature format", 400},
    [VM_E_INVALID_SIGNATURE] = {"InvalidSignature", "Invalid signature", 401},
    [VM_E_INVALID_MESSAGE] = {"InvalidMessage", "X-Message is not hex", 400},
    [VM_E_RECOVERY_FAILED] = {"RecoveryFailed", "Failed to recover public key (or high-S signature)", 401},
    [VM_E_STALE] = {"Stale", "signed timestamp is outside the accepted window; sign again with the current time", 401},
    [VM_E_REPLAY] = {"Replay", "nonce already used; sign again with a fresh nonce", 401},
    [VM_E_NOT_BOUND] = {"NotBound", "signed message is not a formation-request-v1 message naming this request's method, path and body hash", 401},
    [VM_E_FORBIDDEN] = {"Forbidden", "the signer's authorization level does not allow this operation", 403},
    [VM_E_NOT_FOUND] = {"NotFound", "no such account or instance", 404},
    [VM_E_EXISTS] = {"Exists", "an account or instance with this id already exists", 409},
    [VM_E_BAD_ADDRESS] = {"BadAddress", "address must be 40 hex digits, optionally prefixed by 0x", 400},
    [VM_E_BAD_NAME] = {"BadName", "VM name must be 1-63 characters of [A-Za-z0-9._-], start with a letter or digit, and contain no '..'", 400},
    [VM_E_BAD_ID] = {"BadId", "id must be lowercase hex of the expected length", 400},
    [VM_E_BAD_LEVEL] = {"BadLevel", "level must be Manager, Operator or ReadOnly", 400},
    [VM_E_FULL] = {"Full", "table full; delete something first", 507},
    [VM_E_ILLEGAL_TRANSITION] = {"IllegalTransition", "command not allowed in the VM's current state", 409},
    [VM_E_CONFLICT] = {"Conflict", "the instance changed while the operation was pending; retry", 409},
    [VM_E_BAD_REQUEST] = {"BadRequest", "malformed request path or body", 400},
    [VM_E_JSON_DATA] = {"UnprocessableEntity", "the JSON body does not have the expected shape or field types", 422},
    [VM_E_STORAGE] = {"Storage", "a storage write failed and the change was undone; retry", 500},
    [VM_E_TOO_LARGE] = {"TooLarge", "the instance's description is longer than the server keeps; shorten the formfile or metadata", 413},
};

static int known(vm_err e) { return (unsigned)e < sizeof ERRORS / sizeof ERRORS[0]; }

const char *vm_err_name(vm_err e) { return known(e) ? ERRORS[e].name : "Unknown"; }
const char *vm_err_message(vm_err e) { return known(e) ? ERRORS[e].message : "unknown error"; }
int vm_err_http_status(vm_err e) { return known(e) ? ERRORS[e].http : 500; }

vm_err_kind vm_err_kind_of(vm_err e) {
  switch (vm_err_http_status(e)) {
  case 200: return VM_KIND_OK;
  case 401: return VM_KIND_UNAUTHENTICATED;
  case 400: return VM_KIND_MALFORMED;
  case 403: return VM_KIND_FORBIDDEN;
  default: return VM_KIND_OTHER;
  }
}
