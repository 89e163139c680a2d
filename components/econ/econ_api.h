/* The econ HTTP routes, transport-free (the libmicrohttpd server and the
 * econ_api fuzzer call the same function):
 *   GET  /health                          "healthy"
 *   GET  /get                             the latest SystemMetrics (§5.5); 503 before the first
 *   POST /api/v1/webhooks                 201 + the hook (secret blanked); 400, 401, 409 (cap)
 *   GET  /api/v1/webhooks                 200 list (secrets blanked); 401
 *   DELETE /api/v1/webhooks/<id>          204 or 404; 401
 *   GET  /queue/health                    "OK"
 *   POST /queue/write_local               "OpSuccess" or {"Failure":{"reason":...}} (200)
 *   POST /queue/write_op                  a peer's QueueOp: Up validated (hash, signer = dot
 *                                         actor, dot) then "OpSuccess"; Rm and invalid ops Failure
 *   GET  /queue/<name>/get                {"List":[[bytes...],...]}
 *   GET  /queue/<name>/<n>/get_n          the first n
 *   GET  /queue/<name>/<idx>/get_after    {"List":[...]} from arrival index idx; Failure when idx > len
 *   GET  /queue/<name>/<idx>/<n>/get_n_after  at most n from idx
 * The webhook routes need "Authorization: Bearer <token>" (the real agent has
 * no authentication, §5.5). Unknown routes 404, wrong methods 405. */
#ifndef ECON_API_H
#define ECON_API_H

#include "econ.h"

#define ECON_API_TOKEN_MAX 128
#define ECON_API_BODY_MAX 65536

typedef struct econ_api {
  econ_hooks hooks;
  econ_queue queue;
  char token[ECON_API_TOKEN_MAX];
  bool has_metrics;
  econ_system_metrics metrics; /* the latest collection, served by GET /get */
} econ_api;

typedef struct econ_response {
  int status;
  char *body; /* malloc'd, NUL-terminated (may be NULL: empty) */
  size_t len;
  const char *content_type;
} econ_response;

/* token: the bearer token the webhook routes require (non-empty); node_key:
 * the queue node's key (signs write_local messages); seed: webhook ids. */
econ_err econ_api_init(econ_api *api, const char *token, const ff_keypair *node_key, uint64_t seed);
void econ_api_free(econ_api *api);
/* Handles one request; always fills resp (500 when out of memory). */
void econ_api_handle(econ_api *api, const char *method, const char *path, const char *authorization,
                     const char *body, size_t body_len, econ_response *resp);
void econ_response_free(econ_response *resp);

#endif
