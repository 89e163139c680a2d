/* What the relay replicas put on the wire, against the fact sheet (§1.8.2).
 * Linked with net_core built with the replicas in (FF_BUGS_ENABLED) and run
 * with FORMFUZZ_BUGS=net.untagged_relay: service.rs reads a bare
 * ConnectionRequest (no RelayMessage tag) and answers with the bare
 * ConnectionResponse, status u32 | Some | session u64 | ts u64 | nonce u64 |
 * None, which a reader of tagged RelayMessages refuses. */
#include <string.h>

#include "ff_check.h"
#include "net.h"

int main(void) {
  net_relay r;
  REQUIRE(net_relay_init(&r, 1) == 0, "relay");
  ff_simaddr a = ff_simaddr_make(ff_simip_v4(198, 51, 100, 7), 4000);
  net_relay_msg m, back;
  memset(&m, 0, sizeof m);
  m.type = NET_RELAY_CONNECT_REQUEST;
  memset(m.u.req.peer, 1, 32), memset(m.u.req.target, 2, 32);
  m.u.req.timestamp = 1700000000, m.u.req.nonce = 9;
  uint8_t b[NET_RELAY_FRAME_MAX];
  long n = net_relay_encode_struct(&m, b, sizeof b);
  net_relay_action act;
  net_relay_handle(&r, 1700000000, &a, b, (size_t)n, &act);
  CHECK(act.kind == NET_RELAY_REPLY && !act.json);
  CHECK(act.len == 4 + 1 + 8 + 8 + 8 + 1);
  CHECK(act.data[0] == NET_CONN_SUCCESS && act.data[4] == 1 && act.data[29] == 0);
  CHECK(act.len >= 29 && act.data[21] == 9); /* request_nonce, LE */
  CHECK(net_relay_decode_struct(NET_RELAY_CONNECT_RESPONSE, act.data, act.len, false, &back) == NET_OK &&
        back.u.resp.has_session && back.u.resp.request_nonce == 9 && back.u.resp.timestamp == 1700000000);
  CHECK(net_relay_decode(act.data, act.len, &back) != NET_OK); /* not a RelayMessage */
  net_relay_free(&r);
  return check_summary("replica_wire");
}
