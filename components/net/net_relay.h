/* The relay plane (spec §1.8). The messages of §1.8.1 in their two real
 * encodings (§1.8.2): bincode 1.3 (relay_frame.c: a datagram is one
 * RelayMessage, its u32 LE variant index then the struct, fixed-width LE
 * integers, u64 lengths, Option as a 0/1 byte, no trailing bytes, the variant
 * decides the decoder) and the client's serde_json (relay_json.c: externally
 * tagged). The relay server reads both (a JSON datagram starts with '{', a
 * bincode one with a variant index below 7) and answers in the encoding it
 * was asked in. It keeps a session table with the spec's limits (§1.8.3) and
 * forwards a session's payloads only between its two bound endpoints; a
 * bound address never moves to another source. */
#ifndef NET_RELAY_H
#define NET_RELAY_H

#include "formfuzz/simnet.h"
#include "net_types.h"

typedef enum net_relay_type {
  NET_RELAY_CONNECT_REQUEST = 0,
  NET_RELAY_CONNECT_RESPONSE = 1,
  NET_RELAY_FORWARD = 2,
  NET_RELAY_HEARTBEAT = 3,
  NET_RELAY_DISCOVERY_QUERY = 4,
  NET_RELAY_DISCOVERY_RESPONSE = 5,
  NET_RELAY_ANNOUNCEMENT = 6,
  NET_RELAY_TYPE_COUNT
} net_relay_type;
const char *net_relay_type_name(net_relay_type t);

#define NET_RELAY_MAX_PAYLOAD 1500
#define NET_RELAY_MAX_AUTH 128
#define NET_RELAY_MAX_TEXT 64
#define NET_RELAY_MAX_ENDPOINTS 4
#define NET_RELAY_MAX_RELAYS 4
#define NET_RELAY_MAX_SIG 128
#define NET_RELAY_FRAME_MAX 2048

enum { NET_RELAY_FLAG_ENCRYPTED = 1, NET_RELAY_FLAG_ACK = 2, NET_RELAY_FLAGS_KNOWN = 3 };
enum {
  NET_CAP_IPV4 = 1, NET_CAP_IPV6 = 2, NET_CAP_TCP_FALLBACK = 4, NET_CAP_HIGH_BANDWIDTH = 8,
  NET_CAP_LOW_LATENCY = 16
};
typedef enum net_conn_status {
  NET_CONN_SUCCESS, NET_CONN_REJECTED, NET_CONN_UNREACHABLE, NET_CONN_AUTH_FAILED,
  NET_CONN_RESOURCE_LIMIT, NET_CONN_ERROR, NET_CONN_STATUS_COUNT
} net_conn_status;

typedef struct net_opt_text {
  bool present;
  uint8_t len;
  char s[NET_RELAY_MAX_TEXT + 1];
} net_opt_text;

typedef struct net_relay_node_info {
  uint8_t pubkey[32];
  uint8_t nendpoints;
  net_opt_text endpoints[NET_RELAY_MAX_ENDPOINTS]; /* present = true */
  net_opt_text region;
  uint32_t capabilities;
  uint8_t load;        /* 0..100 */
  bool has_latency;
  uint32_t latency;
  uint32_t max_sessions;
  uint16_t protocol_version; /* 1 */
  uint8_t reliability; /* 0..100 */
  bool has_last_result;
  uint64_t last_result_time;
  bool has_loss;
  uint8_t packet_loss; /* 0..100 */
} net_relay_node_info;

typedef struct net_relay_msg {
  net_relay_type type;
  union {
    struct { uint8_t peer[32], target[32]; uint64_t timestamp, nonce; bool has_auth; uint16_t auth_len;
             uint8_t auth[NET_RELAY_MAX_AUTH]; } req;
    struct { uint8_t status; bool has_session; uint64_t session_id, timestamp, request_nonce;
             net_opt_text error; } resp;
    struct { uint8_t dest[32]; uint64_t session_id, timestamp; uint8_t flags; uint16_t len;
             uint8_t payload[NET_RELAY_MAX_PAYLOAD]; } fwd;
    struct { uint64_t session_id, timestamp; uint32_t sequence; } hb;
    struct { uint8_t peer[32]; uint64_t timestamp, nonce; net_opt_text region; uint32_t min_caps,
             max_results; } dq;
    struct { uint64_t request_nonce, timestamp; uint8_t nrelays; net_relay_node_info relays[NET_RELAY_MAX_RELAYS];
             bool more; } dr;
    struct { net_relay_node_info info; uint64_t timestamp, expires; bool has_sig; uint16_t sig_len;
             uint8_t sig[NET_RELAY_MAX_SIG]; } ann;
  } u;
} net_relay_msg;

/* bincode of the RelayMessage: length written, or -1 when a field breaks its bound. */
long net_relay_encode(const net_relay_msg *m, uint8_t *out, size_t cap);
/* NET_OK, or why the datagram is refused. */
net_err net_relay_decode(const uint8_t *in, size_t len, net_relay_msg *m);
/* bincode of m's struct alone (no variant index), as bincode::serialize(&req). */
long net_relay_encode_struct(const net_relay_msg *m, uint8_t *out, size_t cap);
/* The struct of the given type alone; trailing_ok as bincode's legacy
 * deserialize (bytes after the struct ignored). */
net_err net_relay_decode_struct(net_relay_type type, const uint8_t *in, size_t len, bool trailing_ok,
                                net_relay_msg *m);
/* service.rs's dispatch (replica net.untagged_relay): RelayPacket, then
 * ConnectionRequest, Heartbeat, DiscoveryQuery, trailing bytes allowed. */
net_err net_relay_decode_untagged(const uint8_t *in, size_t len, net_relay_msg *m);
/* serde_json of the RelayMessage (NUL-terminated): length, or -1 when a field
 * breaks its bound or the text does not fit. */
long net_relay_to_json(const net_relay_msg *m, char *out, size_t cap);
net_err net_relay_from_json(const char *text, size_t len, net_relay_msg *m);
/* A string field: at most NET_RELAY_MAX_TEXT bytes of UTF-8 without NUL. */
bool net_relay_text_valid(const char *s, size_t n);
/* Field-wise equality (ignores bytes beyond the used lengths). */
bool net_relay_msg_equal(const net_relay_msg *a, const net_relay_msg *b);
/* §1.8.1 freshness windows (seconds): header 30/5, request 60/5, query 30/5,
 * announcement age 86400 / skew 300 and not expired. */
bool net_relay_fresh(const net_relay_msg *m, uint64_t now);

/* ---- the relay server ---- */
#define NET_RELAY_MAX_SESSIONS 1000
#define NET_RELAY_MAX_PER_CLIENT 5
#define NET_RELAY_CONN_PER_MIN 60
#define NET_RELAY_PKT_PER_SEC 100
#define NET_RELAY_INACTIVITY 300
#define NET_RELAY_EXPIRATION 3600
#define NET_RELAY_MAINTENANCE 30
#define NET_RELAY_IP_SLOTS 64

typedef struct net_relay_session {
  bool used;
  uint64_t id;
  uint8_t initiator[32], target[32];
  bool init_bound, target_bound;
  ff_simaddr init_addr, target_addr;
  uint64_t created, last_activity, expires_at;
} net_relay_session;

typedef struct net_rate_ip {
  bool used;
  ff_simip ip;
  uint64_t conn_times[NET_RELAY_CONN_PER_MIN];
  unsigned nconn;
  uint64_t pkt_second;
  unsigned pkt_count;
  uint64_t last_seen;
} net_rate_ip;

typedef struct net_relay_stats {
  uint64_t requests, sessions_created, packets_forwarded, bytes_forwarded, heartbeats, rejected;
} net_relay_stats;

typedef struct net_relay {
  net_relay_session *sessions; /* NET_RELAY_MAX_SESSIONS */
  size_t nsessions;
  uint64_t conn_times[NET_RELAY_CONN_PER_MIN]; /* global accepted connection times */
  unsigned nconn;
  uint64_t pkt_second;
  unsigned pkt_count;
  net_rate_ip ips[NET_RELAY_IP_SLOTS];
  uint64_t next_session; /* fallback session ids: a keyed sequence */
  uint64_t id_key;
  uint64_t (*random)(void *ctx); /* session ids are drawn from here (default: splitmix64 of id_key) */
  void *random_ctx;
  uint64_t rng;
  uint64_t last_maintenance;
  struct net_relay_registry *known; /* relays announced to us, named in discovery answers (may be NULL) */
  net_relay_stats stats;
} net_relay;

/* What the relay does with a datagram: nothing, reply to the sender, or
 * forward a payload to a bound address. */
typedef struct net_relay_action {
  enum { NET_RELAY_NONE, NET_RELAY_REPLY, NET_RELAY_SEND_TO } kind;
  ff_simaddr to;
  uint8_t data[NET_RELAY_FRAME_MAX];
  size_t len;
  net_err err; /* why nothing was done */
  bool json;   /* the datagram was JSON, so is the reply */
} net_relay_action;

int net_relay_init(net_relay *r, uint64_t id_key);
/* How the relay reads a datagram: JSON when it starts with '{', else bincode.
 * *json tells which. */
net_err net_relay_read(const uint8_t *data, size_t len, net_relay_msg *m, bool *json);
/* Session ids come from fn(ctx) (a harness may let the input decide); an id
 * that is zero or held by a live session is drawn again, and after 8 such
 * draws the keyed sequence gives one: ids of live sessions never collide. */
void net_relay_set_random(net_relay *r, uint64_t (*fn)(void *ctx), void *ctx);
void net_relay_free(net_relay *r);
/* One datagram from src at time now (seconds). */
void net_relay_handle(net_relay *r, uint64_t now, const ff_simaddr *src, const uint8_t *data, size_t len,
                      net_relay_action *act);
/* Drops expired and inactive sessions (run every NET_RELAY_MAINTENANCE s). */
void net_relay_maintain(net_relay *r, uint64_t now);
size_t net_relay_sessions_of(const net_relay *r, const uint8_t initiator[32]);
const net_relay_session *net_relay_find(const net_relay *r, uint64_t id);

#endif
