/* components/econ: the economic telemetry core of the Formation Network, in
 * its intended, correct form (fact sheet formation-vm-mcp-econ-pack.md §5,
 * §0.3-§0.4; the queue of formation-net-dns-p2p-scaling.md §4):
 *   UsageEvent and its serde JSON (§5.1), measurement from raw samples (§5.5,
 *   §5.6), the circuit breaker (§5.3), retry (§5.2), thresholds (§5.4), the
 *   queue write format and a queue store (§0.4, p2p §4), webhooks (§5.5) and
 *   credits (§5.8). The publishing pipeline on simnet is in econ_publish.h,
 *   the HTTP routes in econ_api.h.
 * Known-bug replicas sit behind FF_BUG("econ.*") (components/econ/bugs.tsv).
 * Errors: functions return ECON_OK or an econ_err and, where a caller needs
 * it, a reason in a caller's buffer. */
#ifndef ECON_H
#define ECON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "formfuzz/crypto.h"

typedef enum econ_err {
  ECON_OK = 0,
  ECON_ERR_INVALID,   /* a value or a document is not acceptable */
  ECON_ERR_PARSE,     /* not JSON, or not the expected shape */
  ECON_ERR_NOMEM,
  ECON_ERR_FULL,      /* a capacity is reached */
  ECON_ERR_NOTFOUND,
  ECON_ERR_OVERFLOW,  /* arithmetic would wrap */
  ECON_ERR_RANGE,     /* an index or time out of range */
} econ_err;
const char *econ_err_name(econ_err e);
/* Writes the formatted reason (when reason and cap) and returns ECON_ERR_INVALID. */
econ_err econ_invalid(char *reason, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#define ECON_ID_MAX 128 /* instance, user, org ids (bytes with the NUL) */
#define ECON_REASON_MAX 160

/* ---- UsageEvent (§5.1) ---- */
typedef struct econ_metrics {
  uint64_t cpu_seconds;      /* CPU seconds used in the period (all vCPUs) */
  double cpu_percent_avg;    /* percent of the period x vcpus, 0..100 */
  double memory_gb;          /* GiB in use (2^30 bytes) */
  double memory_percent;     /* percent of the allocated memory, 0..100 */
  double storage_gb;         /* GiB written in the period (2^30 bytes) */
  double network_egress_mb;  /* MiB sent in the period (2^20 bytes) */
  double network_ingress_mb; /* MiB received in the period */
  uint64_t gpu_seconds;      /* GPU-busy seconds in the period, summed over GPUs */
} econ_metrics;

typedef struct econ_event {
  int64_t timestamp; /* unix seconds */
  char instance_id[ECON_ID_MAX];
  char user_id[ECON_ID_MAX];
  bool has_org;
  char org_id[ECON_ID_MAX];
  econ_metrics metrics;
  int64_t period_start, period_end; /* unix seconds, start <= end */
} econ_event;

#define ECON_EVENT_TYPE "resource_usage"
#define ECON_EVENT_VERSION "1.0"

/* The checks the real code lacks: finite, non-negative values, percentages
 * <= 100, end >= start, non-empty ids. ECON_ERR_INVALID with a reason. */
econ_err econ_event_validate(const econ_event *ev, char *reason, size_t cap);
/* serde JSON, fields in declaration order, org_id null when absent. Returns
 * a malloc'd NUL-terminated string (length in *len), or NULL (reason says why:
 * a non-finite value cannot be written as JSON). */
char *econ_event_to_json(const econ_event *ev, size_t *len, char *reason, size_t cap);
/* Parses as serde would (unknown fields ignored, org_id missing = None), then
 * validates (econ_event_validate). */
econ_err econ_event_from_json(const char *json, size_t len, econ_event *ev, char *reason,
                              size_t cap);

/* ---- measurement: the in-VM agent (§5.5) ---- */
#define ECON_MAX_DEVS 8
#define ECON_DEV_NAME 16

typedef struct econ_disk_sample {
  char name[ECON_DEV_NAME]; /* sda, sda1, nvme0n1p2, loop0 ... */
  bool partition;           /* /sys/block/<disk>/<name>/partition exists */
  uint64_t sectors_read, sectors_written; /* cumulative, 512-byte sectors */
} econ_disk_sample;

typedef struct econ_net_sample {
  char name[ECON_DEV_NAME]; /* eth0, lo ... */
  uint64_t rx_bytes, tx_bytes; /* cumulative (/proc/net/dev) */
} econ_net_sample;

typedef struct econ_gpu_sample {
  uint32_t index;
  double utilization_pct;  /* NVML percent 0..100 */
  uint64_t mem_used, mem_total;
  int32_t temp_c;          /* NVML degrees Celsius */
  uint32_t power_mw;       /* NVML milliwatts */
} econ_gpu_sample;

typedef struct econ_sample {
  uint64_t boot_id;      /* changes when the VM rebooted (counters restart at 0) */
  uint64_t mono_ns;      /* monotonic clock (never jumps) */
  int64_t wall_s;        /* wall clock, unix seconds (may jump) */
  uint32_t vcpus;
  uint64_t cpu_busy_ns;  /* cumulative busy time summed over vCPUs */
  uint64_t mem_total, mem_used; /* bytes */
  uint8_t counter_bits;  /* 32 or 64: width of the disk and network counters */
  size_t ndisks, nnets, ngpus;
  econ_disk_sample disks[ECON_MAX_DEVS];
  econ_net_sample nets[ECON_MAX_DEVS];
  econ_gpu_sample gpus[ECON_MAX_DEVS];
} econ_sample;

typedef struct econ_vm_agent {
  char instance_id[ECON_ID_MAX];
  char account_id[ECON_ID_MAX];
  bool have_prev;
  econ_sample prev;
  uint64_t cpu_carry_ns; /* busy time not yet billed as whole seconds */
} econ_vm_agent;

/* Ids from the command line; both must be non-empty (§5.5: else nothing is published). */
econ_err econ_vm_agent_init(econ_vm_agent *a, const char *instance_id, const char *account_id);
/* The agent restarted: the previous sample and the carry are lost. */
void econ_vm_agent_restart(econ_vm_agent *a);
/* Feeds one sample. Returns ECON_OK with *emitted true and ev filled when a
 * period closed; *emitted false when the sample only became the baseline (first
 * sample, agent restart, monotonic clock not advanced by a whole second).
 * Counters: per-period deltas; a counter below its previous value wraps once at
 * counter_bits (64: taken as a reset); after a reboot (boot_id changed) the
 * delta is the counter itself; a device not in the previous sample is a
 * baseline; partitions and virtual devices (loop, ram, zram, dm-) are not
 * counted; lo is not network traffic. period = ceil(measured interval). */
econ_err econ_vm_agent_sample(econ_vm_agent *a, const econ_sample *s, econ_event *ev,
                              bool *emitted);
/* Delta of a cumulative counter of `bits` width (32 or 64). */
uint64_t econ_counter_delta(uint64_t prev, uint64_t cur, unsigned bits);
/* Whether a block device counts for storage (whole, not virtual). */
bool econ_disk_counted(const econ_disk_sample *d);

/* ---- SystemMetrics (§5.5): the in-VM agent's served document (GET /get) ---- */
/* DiskMetrics and NetworkInterfaceMetrics: the fact sheet names only the
 * counters the conversion reads (sectors_written, bytes_sent,
 * bytes_received); the other fields (name, sectors_read, speed_bps) are ours,
 * after the kernel's columns. Counters are cumulative, as the real agent sends. */
#define ECON_SYS_DEVS 32 /* devices per SystemMetrics list */
typedef struct econ_sys_disk {
  char name[ECON_DEV_NAME];
  uint64_t sectors_read, sectors_written;
} econ_sys_disk;
typedef struct econ_sys_iface {
  char name[ECON_DEV_NAME];
  uint64_t bytes_received, bytes_sent;
  uint64_t speed_bps; /* /sys/class/net/<if>/speed x 1e6, 0 when unknown */
} econ_sys_iface;
typedef struct econ_sys_gpu { /* GpuMetrics, §5.5's fields and units */
  uint32_t index;
  char model[64];
  uint64_t utilization_bps;    /* NVML % x 100 */
  uint64_t memory_usage_bps;   /* used/total x 10000 (total 0: 0) */
  int64_t temperature_deci_c;  /* °C x 10 */
  uint64_t power_draw_deci_w;  /* mW / 100 */
} econ_sys_gpu;
typedef struct econ_system_metrics {
  int64_t timestamp;
  bool has_instance, has_account;
  char instance_id[ECON_ID_MAX], account_id[ECON_ID_MAX];
  int64_t cpu_usage_bps;       /* cpu.usage_pct on the wire: basis points 0..10000 */
  uint64_t process_count;
  uint64_t mem_total, mem_free, mem_available, mem_used, swap_total, swap_used; /* bytes */
  size_t ndisks, nifaces, ngpus;
  econ_sys_disk disks[ECON_SYS_DEVS];
  econ_sys_iface ifaces[ECON_SYS_DEVS];
  econ_sys_gpu gpus[ECON_SYS_DEVS];
  int64_t load1, load5, load15; /* load x 100 */
} econ_system_metrics;

/* serde JSON, keys in §5.5's order; ids null when absent. malloc'd, NULL when
 * out of memory or a u64 above 2^63 - 1 (jansson's integers are signed). */
char *econ_system_metrics_to_json(const econ_system_metrics *m, size_t *len);
/* Parses and checks: usage_pct 0..10000, used/free/available <= total,
 * used_swap <= total_swap, loads >= 0, at most ECON_SYS_DEVS of each list. */
econ_err econ_system_metrics_from_json(const char *json, size_t len, econ_system_metrics *m, char *reason,
                                       size_t cap);

/* Linux procfs text, parsed into SystemMetrics (pure: the caller reads the
 * files; m changes only on success). Each returns ECON_ERR_PARSE with a
 * reason on text it cannot read whole; counters above 2^63 - 1 (which the served JSON cannot carry) are
 * refused, not wrapped. */
/* /proc/stat's aggregate "cpu" line: busy and total jiffies (busy = total -
 * idle - iowait). */
econ_err econ_procfs_cpu(const char *stat, uint64_t *busy, uint64_t *total, char *reason, size_t cap);
/* Basis points of CPU busy between two /proc/stat readings (0 when no time passed). */
int64_t econ_cpu_usage_bps(uint64_t busy0, uint64_t total0, uint64_t busy1, uint64_t total1);
/* /proc/meminfo: MemTotal, MemFree, MemAvailable, SwapTotal, SwapFree (kB) -> bytes; used = total - available. */
econ_err econ_procfs_meminfo(const char *text, econ_system_metrics *m, char *reason, size_t cap);
/* /proc/diskstats: every device (fields 3, 6 and 10: name, sectors read,
 * sectors written); ECON_ERR_FULL beyond ECON_SYS_DEVS devices. */
econ_err econ_procfs_diskstats(const char *text, econ_system_metrics *m, char *reason, size_t cap);
/* /proc/net/dev: every interface (receive bytes, transmit bytes); ECON_ERR_FULL
 * beyond ECON_SYS_DEVS. speed_bps is left 0 (it is in /sys, not here). */
econ_err econ_procfs_netdev(const char *text, econ_system_metrics *m, char *reason, size_t cap);
/* /proc/loadavg: the three loads x 100 (rounded). */
econ_err econ_procfs_loadavg(const char *text, econ_system_metrics *m, char *reason, size_t cap);

/* ---- measurement: the host agent (§5.6) ---- */
typedef struct econ_host_sample {
  uint64_t mono_ns;
  double load1, load5, load15;
  uint64_t disk_read_bytes, disk_write_bytes; /* cumulative */
  uint64_t net_in_bytes, net_out_bytes;       /* cumulative */
  bool has_cpu_temp;
  int32_t cpu_temp_milli_c;   /* hwmon millidegrees */
  bool has_gpu_power;
  uint32_t gpu_power_mw;      /* NVML milliwatts */
  bool has_gpu_temp;
  uint32_t gpu_temp_c;        /* NVML degrees Celsius */
  uint64_t process_count;
} econ_host_sample;

typedef struct econ_node_metrics {
  int64_t load_avg_1, load_avg_5, load_avg_15; /* round(load x 1000) */
  uint64_t disk_read_bytes_per_sec, disk_write_bytes_per_sec;
  uint64_t network_in_bytes_per_sec, network_out_bytes_per_sec;
  uint64_t process_count;
  bool has_cpu_temperature;
  uint32_t cpu_temperature;   /* °C (rounded; the wire type is u32: below 0 reads 0) */
  bool has_gpu_temperature;
  uint32_t gpu_temperature;   /* °C */
  bool has_power_usage_watts;
  uint32_t power_usage_watts; /* W (rounded) */
} econ_node_metrics;

/* Rates are true deltas over the measured interval; the first sample (prev
 * NULL) or a non-advancing clock gives rates 0. */
void econ_node_metrics_from(const econ_host_sample *prev, const econ_host_sample *cur,
                            econ_node_metrics *out);

/* ---- NodeMetricsRequest (§5.6): what the host agent reports, and form-state's record ---- */
#define ECON_NODE_ID_LEN 40 /* hex(address), lowercase, no 0x */
#define ECON_NODE_GPUS 4
#define ECON_NODE_EXTRA_MAX 512

/* The inventory the host agent reads for NodeCapacity (sysinfo). */
typedef struct econ_host_disk {
  char name[ECON_DEV_NAME];
  bool partition;
  uint64_t total_bytes, available_bytes;
} econ_host_disk;
typedef struct econ_host_inventory {
  uint32_t cpu_cores;
  double cpu_usage_pct;          /* global CPU usage, percent (0..100) */
  uint64_t memory_total_bytes, memory_available_bytes;
  size_t ndisks;
  econ_host_disk disks[ECON_MAX_DEVS];
} econ_host_inventory;

/* NodeCapacity: the fields §5.6 names (the GPU and network ones, always 0 in
 * the real agent and not named by the fact sheet, are not modelled). */
typedef struct econ_node_capacity {
  uint64_t cpu_total_cores;
  int64_t cpu_available_cores; /* milli-cores: round((100 - usage%)/100 x cores x 1000) */
  uint64_t memory_total_bytes, memory_available_bytes;
  uint64_t storage_total_bytes, storage_available_bytes; /* whole, real disks only */
} econ_node_capacity;

typedef struct econ_gpu_model {
  char vendor[32];
  bool has_model;
  char model[64];
  uint32_t count;
  uint64_t total_memory_bytes;
} econ_gpu_model;

/* NodeCapabilities: the typed fields of §5.6; network_interfaces, tpm, sgx,
 * sev and virtualization_type (types not given by the fact sheet) travel as
 * one JSON object of their own, `extra` (kept, not interpreted). */
typedef struct econ_node_capabilities {
  char cpu_model[64];
  uint64_t cpu_cores;
  uint64_t total_memory, total_storage;
  size_t ngpus;
  econ_gpu_model gpus[ECON_NODE_GPUS];
  char extra[ECON_NODE_EXTRA_MAX]; /* compact JSON object of the untyped fields, "{}" if none */
} econ_node_capabilities;

/* Capacity from the inventory: usage clamped to 0..100 (NaN = fully busy),
 * available never above total, partitions and virtual disks not counted. */
void econ_node_capacity_from(const econ_host_inventory *inv, econ_node_capacity *out);
/* The checks form-state lacks: available <= total, milli-cores within 0..cores x 1000. */
econ_err econ_node_capacity_validate(const econ_node_capacity *c, char *reason, size_t cap);
/* NodeMetrics in the documented units: temperatures in °C (0..150), power in
 * W (<= 10 kW per GPU); a value outside is a unit error upstream. */
econ_err econ_node_metrics_validate(const econ_node_metrics *m, char *reason, size_t cap);

/* form-state's node record: last_heartbeat never goes back, nor beyond now + skew. */
#define ECON_HEARTBEAT_SKEW_S 60
typedef struct econ_node_record {
  char node_id[ECON_NODE_ID_LEN + 1];
  int64_t last_heartbeat;
  bool has_capabilities, has_capacity, has_metrics;
  econ_node_capabilities capabilities;
  econ_node_capacity capacity;
  econ_node_metrics metrics;
} econ_node_record;
econ_err econ_node_heartbeat(econ_node_record *n, int64_t timestamp, int64_t now, char *reason,
                             size_t cap);

/* The host agent's messages on the queue (§5.6, §0.4): topic "state",
 * subtopic 6 (NodeMetricsRequest), serde's externally tagged enum:
 *   {"SetInitialMetrics":{"node_id","node_capabilities","node_capacity"}}
 *   {"UpdateMetrics":{"node_id","node_capacity","node_metrics"}}
 *   {"Heartbeat":{"node_id","timestamp"}}
 * Each returns the whole queue write JSON, malloc'd (NULL: out of memory,
 * capabilities whose extra is not a JSON object, or a u64 above 2^63 - 1,
 * which jansson's signed integers cannot carry). */
char *econ_heartbeat_write_json(const char *node_id, int64_t timestamp, size_t *len);
char *econ_set_initial_metrics_write_json(const char *node_id, const econ_node_capabilities *caps,
                                          const econ_node_capacity *capacity, size_t *len);
char *econ_update_metrics_write_json(const char *node_id, const econ_node_capacity *capacity,
                                     const econ_node_metrics *metrics, size_t *len);
/* The name of a "state" subtopic byte (0 PeerRequest ... 9 ModelRequest), or
 * NULL for any other byte (the real consumer panics on them). */
const char *econ_state_subtopic_name(uint8_t b);
/* Consumes one "state" message (content = subtopic ++ JSON) for one of the n
 * nodes: Heartbeat through econ_node_heartbeat; SetInitialMetrics and
 * UpdateMetrics validated whole (node id 40 lowercase hex, capacity and
 * metrics checks above) and then stored, all or nothing. ECON_ERR_PARSE for an
 * empty message, an unknown subtopic, bad JSON or a wrong shape;
 * ECON_ERR_NOTFOUND for an unknown node (the real code ignores it silently);
 * ECON_ERR_INVALID for a value refused by the checks or another subtopic. */
econ_err econ_state_consume(econ_node_record *nodes, size_t n, const uint8_t *content, size_t len,
                            int64_t now, char *reason, size_t cap);

/* ---- circuit breaker (§5.3), milliseconds on a caller's clock ---- */
typedef enum econ_cb_state { ECON_CB_CLOSED, ECON_CB_OPEN, ECON_CB_HALF_OPEN } econ_cb_state;
const char *econ_cb_state_name(econ_cb_state s);

typedef struct econ_cb_config {
  uint32_t failure_threshold;      /* >= 1 (default 5) */
  uint64_t reset_timeout_ms;       /* >= 1 (default 30000) */
  uint32_t half_open_allowed_calls;/* >= 1 (default 1) */
} econ_cb_config;
econ_cb_config econ_cb_default_config(void);

/* A permission to call: hand it back with the outcome. */
typedef struct econ_cb_permit {
  uint64_t generation; /* the state epoch it was issued in */
  bool probe;          /* issued in HalfOpen */
} econ_cb_permit;

typedef struct econ_cb {
  econ_cb_config cfg;
  econ_cb_state state;
  uint32_t failures;
  uint32_t successes;      /* HalfOpen successful probes */
  uint32_t in_flight;      /* HalfOpen probes issued and not yet recorded */
  uint64_t opened_at_ms;   /* Open: when; HalfOpen: when it entered HalfOpen */
  uint64_t generation;     /* bumped on every state change */
} econ_cb;

/* Rejects threshold 0, timeout 0, allowed 0 (ECON_ERR_INVALID with reason). */
econ_err econ_cb_init(econ_cb *cb, const econ_cb_config *cfg, char *reason, size_t cap);
/* true: call, and record the outcome with *permit. Open moves to HalfOpen once
 * reset_timeout has passed; HalfOpen allows allowed_calls probes in flight, and
 * after reset_timeout without an outcome the lost probes are forgotten. */
bool econ_cb_allow(econ_cb *cb, uint64_t now_ms, econ_cb_permit *permit);
/* Outcomes of calls allowed in an older state epoch do not move the state
 * (a success that started while Closed cannot half-open an Open breaker);
 * a failure still counts towards Closed's threshold in the same epoch only. */
void econ_cb_success(econ_cb *cb, uint64_t now_ms, const econ_cb_permit *permit);
void econ_cb_failure(econ_cb *cb, uint64_t now_ms, const econ_cb_permit *permit);
/* The state as allow would see it at now (Open past its timeout reads HalfOpen). */
econ_cb_state econ_cb_state_at(const econ_cb *cb, uint64_t now_ms);

/* ---- retry (§5.2) ---- */
typedef enum econ_pub_err {
  ECON_PUB_OK = 0,
  ECON_PUB_CONNECTION,    /* transport or response decode failure (retried) */
  ECON_PUB_HTTP,          /* HTTP status error (retried) */
  ECON_PUB_PUBLISH,       /* queue answered Failure (retried) */
  ECON_PUB_BREAKER_OPEN,  /* not retried */
  ECON_PUB_SERIALIZATION, /* not retried */
  ECON_PUB_OTHER,         /* not retried */
} econ_pub_err;
const char *econ_pub_err_name(econ_pub_err e);
bool econ_pub_err_retryable(econ_pub_err e);

typedef struct econ_retry_config {
  uint32_t max_retries;   /* 3: at most 4 attempts */
  uint64_t initial_ms;    /* 100 */
  uint64_t max_ms;        /* 10000 */
  double multiplier;      /* 2.0 */
  double jitter;          /* 0.1 */
} econ_retry_config;
econ_retry_config econ_retry_default_config(void);
/* The sleep after failed attempt number `attempt` (1-based): backoff plus
 * jitter_draw mod floor(backoff x jitter) ms (0 when that is 0). backoff is
 * initial x multiplier^(attempt-1), capped at max_ms, whole ms; NaN and
 * negatives give 0. */
uint64_t econ_retry_backoff_ms(const econ_retry_config *c, uint32_t attempt);
uint64_t econ_retry_sleep_ms(const econ_retry_config *c, uint32_t attempt, uint64_t jitter_draw);

/* ---- topics and the queue write format (§0.4) ---- */
/* Lowercase hex of SHA3-256 (FIPS) of the name: 64 chars + NUL. */
void econ_topic_hash(const char *name, size_t len, char out[65]);
/* {"Write":{"content":[sub, json bytes...],"topic":"<hex>"}}, malloc'd. */
char *econ_queue_write_json(const char *topic_name, uint8_t subtopic, const char *msg,
                            size_t msg_len, size_t *out_len);
/* Parses a QueueRequest::Write: content bytes (malloc'd into *content) and the topic hex. */
econ_err econ_queue_parse_write(const char *json, size_t len, uint8_t **content,
                                size_t *content_len, char topic_hex[65], char *reason, size_t cap);
/* "OpSuccess" or {"Failure":{"reason":...}} (reason NULL: null). malloc'd. */
char *econ_queue_response_json(bool success, const char *reason);
/* Parses a QueueResponse: 1 OpSuccess, 0 Failure (reason copied), -1 anything else. */
int econ_queue_parse_response(const char *json, size_t len, char *reason, size_t cap);

/* ---- the queue store (p2p §4): dedup by content hash, vector clocks, cursor ---- */
#define ECON_Q_TOPICS 16
#define ECON_Q_ACTORS 8
#define ECON_Q_ACTOR_LEN 41

typedef struct econ_vclock {
  size_t n;
  char actor[ECON_Q_ACTORS][ECON_Q_ACTOR_LEN];
  uint64_t counter[ECON_Q_ACTORS];
} econ_vclock;
uint64_t econ_vclock_get(const econ_vclock *v, const char *actor);
/* Sets actor to max(current, counter). ECON_ERR_FULL when no slot is left. */
econ_err econ_vclock_observe(econ_vclock *v, const char *actor, uint64_t counter);
econ_err econ_vclock_merge(econ_vclock *into, const econ_vclock *from);
/* -1 a < b, 1 a > b, 0 equal, 2 concurrent (causal order). */
int econ_vclock_compare(const econ_vclock *a, const econ_vclock *b);

/* A stored message: SignedMessage of p2p §4.2, with the address its signature
 * recovers to (the writer) and the writer's counter in its clock (the dot). */
typedef struct econ_qmsg {
  uint8_t hash[32];  /* SHA3-256 of content */
  uint8_t *content;
  size_t len;
  econ_vclock clock; /* the writer's clock for the message */
  char signer[ECON_Q_ACTOR_LEN];
  uint8_t sig[64];   /* r || s, low-S, over hash */
  uint8_t recid;
} econ_qmsg;

typedef struct econ_qtopic {
  char hex[65];
  econ_vclock clock;  /* merged clock of the messages */
  econ_qmsg *msgs;    /* arrival order: index i is stable (the read cursor) */
  size_t n, cap;
} econ_qtopic;

typedef struct econ_queue {
  ff_keypair key;               /* this node's key: it signs local writes */
  char actor[ECON_Q_ACTOR_LEN]; /* its address: hex, 40 chars */
  econ_qtopic topics[ECON_Q_TOPICS];
  size_t ntopics;
  size_t max_msgs;    /* per topic */
} econ_queue;

/* QueueOp::Up (p2p §4.2): a signed message for a topic and its dot. content
 * is borrowed (the parser's copy is malloc'd: econ_qop_free). */
typedef struct econ_qop {
  char topic_hex[65];
  char dot_actor[ECON_Q_ACTOR_LEN];
  uint64_t dot_counter;
  const uint8_t *content;
  size_t len;
  econ_vclock clock;
  uint8_t hash[32];
  uint8_t sig[64];
  uint8_t recid;
  size_t nkeys;                         /* Rm: the topics of its keyset */
  char keys[ECON_Q_TOPICS][65];
} econ_qop;

void econ_queue_init(econ_queue *q, const ff_keypair *key, size_t max_msgs_per_topic);
void econ_queue_free(econ_queue *q);
/* write_local: stamps the message with this node's next counter and signs its
 * hash. *added false when the same content was already there (idempotent,
 * still success). */
econ_err econ_queue_write(econ_queue *q, const char *topic_hex, const uint8_t *content,
                          size_t len, bool *added);
/* A peer's op (write_op, broadcast, merge), validated whole before anything
 * changes: hash = SHA3(content), a low-S signature that recovers to the dot's
 * actor (the writer), dot counter = the message clock's entry for that actor
 * (>= 1). ECON_ERR_INVALID with a reason otherwise. De-duplication is by hash
 * only (a forged dot silences nobody); *added false for a duplicate. */
econ_err econ_queue_apply(econ_queue *q, const econ_qop *op, bool *added, char *reason, size_t cap);
/* The op that carries stored message i of a topic to a peer (content borrowed). */
econ_err econ_queue_op_of(const econ_queue *q, const char *topic_hex, size_t i, econ_qop *op);
/* Removes a topic and its messages (QueueOp::Rm). No correct route calls it:
 * only the econ.queue_rm_anyone replica (write_op honouring anyone's Rm). */
void econ_queue_drop_topic(econ_queue *q, const char *topic_hex);
/* Union of other's messages into q, each validated as a peer op. */
econ_err econ_queue_merge(econ_queue *q, const econ_queue *other);
const econ_qtopic *econ_queue_topic(const econ_queue *q, const char *topic_hex);
/* Messages with arrival index >= idx: *first and *count (idx == n: none; idx > n: RANGE). */
econ_err econ_queue_read_after(const econ_queue *q, const char *topic_hex, size_t idx,
                               size_t *first, size_t *count);
/* The message at read position i of the topic (0 <= i < n): positions are
 * arrival indices, so a cursor (get_after) never skips or repeats. NULL when
 * out of range. */
const econ_qmsg *econ_queue_at(const econ_queue *q, const char *topic_hex, size_t i);
/* The replica-independent order: a linear extension of the causal order
 * (sum of counters, then number of actors, then hash bytes). idx receives n indices. */
void econ_queue_ordered(const econ_qtopic *t, size_t *idx);

/* QueueRequest::Op on the wire: {"Op":{"Up":{"dot":{"actor","counter"},"key":<topic hex>,
 * "op":{"message":{"content":[bytes],"vclock":{actor:counter}},"signature":{"sig":<128 hex>,
 * "rec":n},"hash":<64 hex>}}}} or {"Op":{"Rm":{"clock":{...},"keyset":[topics]}}}. */
char *econ_qop_json(const econ_qop *op, size_t *len);
/* Parses either form: *is_rm true for Rm (op then holds only its keyset),
 * false for Up (op->content malloc'd). ECON_ERR_PARSE with a reason for anything else. */
econ_err econ_qop_parse(const char *json, size_t len, econ_qop *op, bool *is_rm, char *reason,
                        size_t cap);
void econ_qop_free(econ_qop *op);

/* ---- thresholds (§5.4) ---- */
typedef enum econ_resource {
  ECON_RES_CPU, ECON_RES_MEMORY, ECON_RES_STORAGE, ECON_RES_EGRESS, ECON_RES_INGRESS, ECON_RES_GPU,
  ECON_RES_COUNT
} econ_resource;
typedef enum econ_action_kind { ECON_ACT_LOG, ECON_ACT_NOTIFY, ECON_ACT_ACTION } econ_action_kind;

#define ECON_TH_CHANNELS 4
typedef struct econ_threshold {
  char id[ECON_ID_MAX];
  econ_resource resource;
  bool percentage;       /* Percentage{value} or Absolute{value, unit} */
  double value;
  char unit[16];
  econ_action_kind action;
  char action_arg[ECON_ID_MAX];
  char user_id[ECON_ID_MAX];     /* "*" = every user */
  bool has_instance;
  char instance_id[ECON_ID_MAX]; /* absent (null) or "*" = every instance */
  size_t nchannels;
  char channels[ECON_TH_CHANNELS][32];
  bool has_description;
  char description[ECON_ID_MAX];
} econ_threshold;

const char *econ_resource_name(econ_resource r);
/* The three built-in configs: cpu-high, memory-critical, storage-warning. */
size_t econ_threshold_builtins(econ_threshold *out, size_t cap);
econ_err econ_threshold_from_json(const char *json, size_t len, econ_threshold *t, char *reason,
                                  size_t cap);
char *econ_threshold_to_json(const econ_threshold *t, size_t *len);
bool econ_threshold_matches(const econ_threshold *t, const econ_event *ev);
/* The value §5.4 compares for this config. */
double econ_threshold_value(const econ_threshold *t, const econ_event *ev);
/* current > threshold (strict; NaN never). */
bool econ_threshold_violated(const econ_threshold *t, const econ_event *ev, double *current);

/* Storm control on top of the pure check: one alert per (config, instance) while
 * it stays over; it clears below threshold - hysteresis; a new alert only after
 * cooldown since the last one. */
#define ECON_ALERT_KEYS 64
typedef struct econ_alert_key {
  char config_id[ECON_ID_MAX];
  char instance_id[ECON_ID_MAX];
  bool active;
  bool ever;
  int64_t last_raised;
} econ_alert_key;
typedef struct econ_alerter {
  double hysteresis_pct; /* band below the threshold, percent of |threshold| (default 5) */
  int64_t cooldown_s;    /* default 300 */
  size_t nkeys;
  econ_alert_key keys[ECON_ALERT_KEYS];
} econ_alerter;
void econ_alerter_init(econ_alerter *a, double hysteresis_pct, int64_t cooldown_s);
/* true when this observation raises a new alert. now: unix seconds. */
bool econ_alerter_observe(econ_alerter *a, const econ_threshold *t, const econ_event *ev, int64_t now);

/* ---- webhooks (§5.5) ---- */
#define ECON_HOOKS_MAX 16
#define ECON_URL_MAX 256
#define ECON_SECRET_MAX 128
#define ECON_ALLOW_MAX 8
typedef struct econ_webhook {
  char id[18]; /* "webhook_" + 8 hex */
  char url[ECON_URL_MAX];
  bool ev_metrics, ev_threshold;
  bool has_secret;
  char secret[ECON_SECRET_MAX];
} econ_webhook;

typedef struct econ_hooks {
  econ_webhook hooks[ECON_HOOKS_MAX];
  size_t n;
  size_t cap;            /* <= ECON_HOOKS_MAX */
  uint64_t rng;          /* id generator state */
  size_t nallow;
  char allow[ECON_ALLOW_MAX][128]; /* destination hosts allowed (exact, lowercase) */
} econ_hooks;

void econ_hooks_init(econ_hooks *h, uint64_t seed, size_t cap);
econ_err econ_hooks_allow_host(econ_hooks *h, const char *host);
/* Validates a URL: http(s)://host[:port][/path], host on the allow-list and not
 * a loopback, private, link-local or unspecified address. host_out receives the host. */
econ_err econ_webhook_check_url(const econ_hooks *h, const char *url, char *reason, size_t cap);
/* An IPv4 address (host order) a hook must never reach: 0/8, 10/8, 127/8,
 * 169.254/16, 172.16/12, 192.168/16, 100.64/10 (CGNAT), 224/3. */
bool econ_v4_internal(uint32_t a);
/* Of the n IPv4 addresses (host order) a hook's host resolved to, the one a
 * delivery connects to: false (refused) when n is 0 or any of them is internal. */
bool econ_webhook_pick_v4(const uint32_t *addrs, size_t n, uint32_t *out);
/* From the POST body {url, event_types, secret?}; out receives the stored hook. */
econ_err econ_hooks_create(econ_hooks *h, const char *body, size_t len, econ_webhook *out,
                           char *reason, size_t cap);
econ_err econ_hooks_delete(econ_hooks *h, const char *id);
/* The list JSON with secrets blanked (""), malloc'd. */
char *econ_hooks_list_json(const econ_hooks *h);
/* Lowercase hex HMAC-SHA256(secret, body). */
void econ_hmac_hex(const char *secret, size_t slen, const void *body, size_t blen, char out[65]);
/* {"data":<data json>,"event_type":<type>,"timestamp":now}, keys alphabetical, malloc'd. */
char *econ_webhook_body(const char *data_json, const char *event_type, int64_t now, size_t *len);

/* ---- credits (§5.8) ---- */
typedef struct econ_account {
  uint64_t credits;
  uint64_t today_usage;
} econ_account;
/* today_usage += input + output; ECON_ERR_OVERFLOW leaves the account unchanged. */
econ_err econ_account_use_tokens(econ_account *a, uint64_t input, uint64_t output);
/* Bills cost: ECON_ERR_INVALID when credits < cost (unchanged). The only path that lowers credits. */
econ_err econ_account_bill(econ_account *a, uint64_t cost);
/* The cost of an event at the given prices (credits per CPU-second, per GiB
 * written, per MiB of egress); ECON_ERR_OVERFLOW when it does not fit. */
econ_err econ_event_cost(const econ_event *ev, uint64_t per_cpu_s, uint64_t per_gb,
                         uint64_t per_mb, uint64_t *cost);

#endif
