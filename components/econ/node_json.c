/* The host agent's heartbeat as a queue message (§5.6, §0.4) and the
 * form-state consumer of topic "state" for it: subtopic bytes checked (no
 * panic on an empty message or a byte >= 10), unknown nodes reported, and the
 * heartbeat applied through the never-back-in-time rule. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "econ_json.h"

char *econ_heartbeat_write_json(const char *node_id, int64_t timestamp, size_t *len) {
  json_t *hb = json_pack("{s:{s:s,s:I}}", "Heartbeat", "node_id", node_id, "timestamp", (json_int_t)timestamp);
  if (!hb) return NULL;
  size_t ml;
  char *msg = econ_json_dump(hb, &ml);
  json_decref(hb);
  if (!msg) return NULL;
  char *w = econ_queue_write_json("state", 6, msg, ml, len);
  free(msg);
  return w;
}

const char *econ_state_subtopic_name(uint8_t b) {
  static const char *names[] = {"PeerRequest",        "CidrRequest",    "AssocRequest", "DnsRequest",
                                "InstanceRequest",    "NodeRequest",    "NodeMetricsRequest",
                                "AccountRequest",     "AgentRequest",   "ModelRequest"};
  return b < sizeof names / sizeof names[0] ? names[b] : NULL;
}

static econ_err fail(char *reason, size_t cap, econ_err e, const char *msg) {
  if (reason && cap) snprintf(reason, cap, "%s", msg);
  return e;
}

econ_err econ_state_consume(econ_node_record *nodes, size_t n, const uint8_t *content, size_t len,
                            int64_t now, char *reason, size_t cap) {
  if (len == 0) return fail(reason, cap, ECON_ERR_PARSE, "empty message (no subtopic byte)");
  if (!econ_state_subtopic_name(content[0])) return fail(reason, cap, ECON_ERR_PARSE, "unknown subtopic");
  if (content[0] != 6) return fail(reason, cap, ECON_ERR_INVALID, "subtopic not modelled by the econ core");
  json_t *o = json_loadb((const char *)content + 1, len - 1, JSON_REJECT_DUPLICATES, NULL);
  if (!json_is_object(o) || json_object_size(o) != 1) {
    json_decref(o);
    return fail(reason, cap, ECON_ERR_PARSE, "not a NodeMetricsRequest");
  }
  econ_err e;
  json_t *hb = json_object_get(o, "Heartbeat");
  if (!json_is_object(hb)) {
    e = json_object_get(o, "SetInitialMetrics") || json_object_get(o, "UpdateMetrics")
            ? fail(reason, cap, ECON_ERR_INVALID, "NodeMetricsRequest variant not modelled")
            : fail(reason, cap, ECON_ERR_PARSE, "unknown NodeMetricsRequest variant");
    json_decref(o);
    return e;
  }
  char id[41];
  int64_t ts;
  if ((e = econ_json_str(hb, "node_id", id, sizeof id, false, NULL, reason, cap)) ||
      (e = econ_json_i64(hb, "timestamp", &ts, reason, cap))) {
    json_decref(o);
    return e;
  }
  json_decref(o);
  for (size_t i = 0; i < n; i++)
    if (strcmp(nodes[i].node_id, id) == 0) return econ_node_heartbeat(&nodes[i], ts, now, reason, cap);
  return fail(reason, cap, ECON_ERR_NOTFOUND, "unknown node_id");
}
