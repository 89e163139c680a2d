/* A reference model of net_nat_traversal's world on perfect links: the two
 * agents' traversal rounds (net_nat.h: batches of NET_NAT_PARALLEL from the
 * front, answers to the observed source, the relay request after
 * NET_NAT_MIN_DIRECT_ROUNDS failed rounds) over simnet's documented semantics
 * (RFC 4787 mapping and filtering tables, external ports from 10000 upward,
 * no hairpinning, one event per hop with zero latency run in the order they
 * were scheduled). It predicts exactly which agent ends connected directly,
 * so the harness can assert success whenever a path exists and no success
 * otherwise. Mapping timeouts (120 s) are longer than a run (< 13 s). */
#ifndef NET_FUZZ_NAT_MODEL_H
#define NET_FUZZ_NAT_MODEL_H

#include "formfuzz/simnet.h"
#include "net_nat.h"

typedef enum nat_model_type { NM_NONE, NM_FULL, NM_RESTRICTED, NM_PORT_RESTRICTED, NM_SYMMETRIC, NM_TYPES } nat_model_type;

typedef struct nat_model_side {
  nat_model_type type;
  ff_simip public_ip;   /* the NAT's public address, or the agent's own without a NAT */
  ff_simip private_ip;  /* the agent's address inside its NAT */
  ff_simaddr list[NET_NAT_MAX_CANDIDATES]; /* its traversal list */
  size_t n;
} nat_model_side;

/* Both sides registered with the server at server (port 10000 mapped first);
 * relay: the relay's address or NULL. connected[i] receives the prediction.
 * Returns 0, or -1 when out of memory or of its event room (no prediction). */
int nat_model_run(const nat_model_side sides[2], const ff_simaddr *server, const ff_simaddr *relay,
                  bool connected[2]);

#endif
