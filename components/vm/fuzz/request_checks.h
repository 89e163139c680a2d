/* The request oracles of vm_ownership and vm_wire (request_checks.c): a
 * world (the server, the messages that passed freshness, the reference's
 * recovery cache) and one call that answers a request through
 * vm_http_respond and checks (==formfuzz== INVARIANT <id>):
 *   vm.sig_differential  the core authenticates a request iff the reference
 *                        (reference.c: a strict reading, libsecp256k1 called
 *                        directly) does, as the same signer;
 *   vm.error_kind        a refused authentication is 401 when the signature
 *                        is missing or does not verify, 400 when malformed;
 *   vm.local_trust       a request claiming to be local gets exactly what the
 *                        same request from a remote peer without X-Forwarded-For
 *                        or Host gets: no extra authority (§1.4, §1.5);
 *   vm.replay_accepted   no signed message passes freshness twice;
 *   vm.not_bound         a message that passes names this method/path/body;
 *   vm.unsigned_change   no request changes state unless validly signed by a
 *                        key with enough authority (judged on the state
 *                        before); start/stop/reboot/delete move the machine
 *                        along the lifecycle model only;
 *   vm.error_changed_state  a refused request leaves the state untouched;
 *   vm.account_fields    account create/update (Account JSON bodies that may
 *                        carry is_global_admin, credits, owned_instances)
 *                        touch only the signer's account, and there only its
 *                        name: flag, credits and owned set stay the server's
 *                        (§2.8, §8; §7 #3: the real handlers store the body);
 *   vm.instance_fields   instance create (an Instance JSON body, whose
 *                        instance_owner and status may be anything) makes
 *                        the signer's Created instance with the body's
 *                        description; update (owner or network admin)
 *                        changes only the description and updated_at: the
 *                        status and owner stay (§2.5, §3.7);
 *   vm.read_leak         instance list and get_by_build_id show only
 *                        instances the signer may read, of that build (the
 *                        real get_by_build_id shows any signer every one, §2.5);
 *   vm.http_status       the HTTP answer (http.c) is a JSON object, with
 *                        "error" when refused; a refused signature is 401 on
 *                        the account and instance routes (the middleware folds
 *                        malformed into missing) unless the peer's text starts
 *                        with 127.0.0.1 or ::1, when a malformed one is 400 as
 *                        the reference classifies it; else the error's status
 *                        (201 for a created account or instance);
 *   vm.admin_escalation  no account becomes a global admin unless a validly
 *                        signed request by a global admin (judged on the
 *                        state before) made it one (§8; §1.4 and §7 #1: the
 *                        real ensure_admin_account needs no signature). */
#ifndef VM_FUZZ_REQUEST_CHECKS_H
#define VM_FUZZ_REQUEST_CHECKS_H

#include "gen.h"
#include "reference.h"

#define VM_WORLD_SEEN 16
#define VM_WORLD_GLOBAL_ADMIN_KEY 2  /* its account holds the global-admin flag (notion 1) */
#define VM_WORLD_NETWORK_ADMIN_KEY 3 /* an admin peer (notion 2) */

typedef struct vm_world {
  vm_server srv;
  struct {
    vm_addr signer;
    uint8_t hash[32];
  } seen[VM_WORLD_SEEN]; /* messages that passed freshness */
  size_t seen_count;
  vm_ref_cache ref_cache;
} vm_world;

/* A server at VM_GEN_NOW with no accounts and key VM_WORLD_NETWORK_ADMIN_KEY
 * as an admin peer. */
void vm_world_init(vm_world *w);
/* An account for a, holding the global-admin flag when asked. */
void vm_world_open_account(vm_world *w, const vm_addr *a, bool global_admin);
/* Answers g through vm_http_respond and runs every oracle above. Storage
 * faults come from the installed fault plan. */
void vm_world_run(vm_world *w, const vm_gen_request *g);

#endif
