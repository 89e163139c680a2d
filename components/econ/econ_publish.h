/* The publishing pipeline (§5.2) on simnet's virtual clock: a publisher on
 * the VM node sends queue writes (§0.4) to a queue node that runs the queue
 * store (p2p §4), across simnet's lossy, slow, partitionable, duplicating
 * links, with ff_fault at every send ("econ.publish.send") and at the queue's
 * store ("econ.queue.write").
 *
 * Per submitted event: threshold check first (alerts counted, never blocking),
 * then the outbox. The outbox head is published: breaker allow (no call when
 * Open), then up to max_retries + 1 attempts with the §5.2 backoff; an attempt
 * fails on a send error, an HTTP timeout (5 s), a Failure answer or an
 * undecodable answer. The breaker gets exactly one success or failure per
 * publish that made a call.
 *
 * Delivery guarantee: at-least-once with idempotent writes. An event leaves the
 * outbox only when the queue answered OpSuccess for it; a failed publish keeps
 * it and tries again later (after 1 s, or when the breaker allows). The queue
 * de-duplicates by SHA3(content), and an event's content is fixed at submit
 * time, so retries and duplicated packets store it once.
 *
 * Datagrams: request = 8-byte big-endian request id ++ SHA-256(id ++ body) ++
 * the write JSON; answer = the same id ++ digest ++ the QueueResponse JSON. The
 * digest stands for TCP's integrity: a corrupted frame is dropped. */
#ifndef ECON_PUBLISH_H
#define ECON_PUBLISH_H

#include "econ.h"
#include "formfuzz/simnet.h"

#define ECON_QUEUE_PORT 53333
#define ECON_PUB_PORT 40000
#define ECON_OUTBOX_MAX 64
#define ECON_HTTP_TIMEOUT_MS 5000
#define ECON_PUB_RETRY_LATER_MS 1000
#define ECON_PUB_RULES 8

typedef struct econ_queue_node {
  ff_simnet *net;
  int node;
  econ_queue q;
  uint64_t writes, failures;
} econ_queue_node;

/* Binds ECON_QUEUE_PORT on node and answers writes. Returns 0 or -1. */
int econ_queue_node_attach(econ_queue_node *qn, ff_simnet *net, int node, size_t max_msgs);
void econ_queue_node_free(econ_queue_node *qn);

typedef struct econ_outbox_item {
  char *write;       /* the queue write JSON (malloc'd) */
  size_t len;
} econ_outbox_item;

typedef struct econ_pub_stats {
  uint64_t submitted, rejected;      /* rejected: not serializable or outbox full */
  uint64_t publishes;                /* publish rounds started */
  uint64_t breaker_refusals;         /* rounds refused by the breaker (no call) */
  uint64_t calls;                    /* rounds that made at least one attempt */
  uint64_t successes, failures;      /* outcomes of those rounds */
  uint64_t cb_records;               /* record_success + record_failure calls */
  uint64_t attempts, max_attempts;   /* sends, and the most in one round */
  uint64_t min_sleep_ms;             /* shortest retry sleep taken (UINT64_MAX: none) */
  uint64_t alerts;                   /* threshold alerts raised */
} econ_pub_stats;

typedef struct econ_publisher {
  ff_simnet *net;
  int node;
  ff_simaddr queue;
  econ_cb cb;
  econ_retry_config retry;
  econ_threshold rules[ECON_PUB_RULES];
  size_t nrules;
  econ_alerter alerter;
  econ_outbox_item outbox[ECON_OUTBOX_MAX];
  size_t head, n;
  /* the round in progress */
  bool busy;
  uint32_t attempt;
  uint64_t req_id;
  econ_cb_permit permit;
  uint64_t timeout_timer, wake_timer;
  uint64_t rng;
  econ_pub_stats st;
} econ_publisher;

/* The publisher on node, writing to queue (address:port). Breaker config cfg,
 * the three built-in threshold rules, default retry. Returns 0 or -1. */
int econ_publisher_init(econ_publisher *p, ff_simnet *net, int node, const ff_simaddr *queue,
                        const econ_cb_config *cfg, uint64_t seed);
void econ_publisher_free(econ_publisher *p);
/* Submits an event (now = simnet time). ECON_ERR_INVALID: it does not
 * validate; ECON_ERR_FULL: the outbox is full. */
econ_err econ_publisher_submit(econ_publisher *p, const econ_event *ev);
/* The SHA3 of the content the queue stores for this event (for oracles). */
econ_err econ_publish_content_hash(const econ_event *ev, uint8_t out[32]);

#endif
