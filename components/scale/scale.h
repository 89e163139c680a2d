/* components/scale: Formation's stateful elastic scaling in its intended,
 * correct form (fact sheet formation-net-dns-p2p-scaling.md §5.2-§5.4 and
 * formation-vm-mcp-econ-pack.md §5.7):
 *   the ScalingPolicy (policy.c), the instance cluster (cluster.c), the
 *   ScalingManager phase machine (manager.c), the phase actions (actions.c),
 *   health checks (health.c) and member probes on simnet (probe.c), rollback
 *   and restoration (rollback.c), a crash-safe state store with fault sites
 *   (store.c) and the metrics -> scaling link to econ (autoscale.c).
 * Known-bug replicas sit behind FF_BUG("scale.*") (components/scale/bugs.tsv).
 * Errors: functions return SCALE_OK or a scale_err; a reason, when a caller
 * wants one, goes to the manager's record or a caller's buffer. */
#ifndef SCALE_H
#define SCALE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "econ.h" /* the autoscaler reads econ's UsageEvents and threshold rules */

typedef enum scale_err {
  SCALE_OK = 0,
  SCALE_ERR_INVALID,            /* a value or a request is not acceptable */
  SCALE_ERR_NO_POLICY,          /* NoScalingPolicy */
  SCALE_ERR_CONCURRENT,         /* ConcurrentOperation */
  SCALE_ERR_INVALID_TRANSITION, /* InvalidTransition */
  SCALE_ERR_NO_ACTIVE,          /* NoActiveOperation */
  SCALE_ERR_INVALID_PHASE,      /* InvalidPhase (a verification result outside Verifying) */
  SCALE_ERR_INVALID_ROLLBACK,   /* InvalidRollback (rollback of an op that did not fail) */
  SCALE_ERR_RESOURCES,          /* the capacity model cannot hold the plan */
  SCALE_ERR_FAILED,             /* ScalingFailed / ReplacementFailed: an action refused */
  SCALE_ERR_FULL,               /* a fixed capacity (members, addresses, history) is reached */
  SCALE_ERR_IO,                 /* the state store failed (write, fsync, rename) */
  SCALE_ERR_CORRUPT,            /* the stored state does not read back */
  SCALE_ERR_OVERFLOW,           /* arithmetic would wrap */
} scale_err;
const char *scale_err_name(scale_err e);

#define SCALE_ID_MAX 48      /* instance and node ids, with the NUL */
#define SCALE_MAX_MEMBERS 32 /* members of one cluster */
#define SCALE_MAX_IDS 16     /* instance ids named by one operation */
#define SCALE_REASON_MAX 96

/* ---- ScalingPolicy (§5.2, econ §5.7) ---- */
typedef struct scale_policy {
  uint32_t min_instances, max_instances;
  uint32_t target_cpu_utilization; /* percent, 1..100 */
  uint32_t scale_in_cooldown_seconds, scale_out_cooldown_seconds;
  int64_t last_scale_in_time, last_scale_out_time; /* unix seconds, 0 = never */
} scale_policy;

/* Defaults 1/5/70/300/120, never scaled. */
scale_policy scale_policy_default(void);
/* min <= max, max >= 1, 1 <= target <= 100. Target 0 is refused: no ratio of
 * a utilization to 0 means anything (the real code accepts it and jumps to max). */
scale_err scale_policy_validate(const scale_policy *p);
/* n < max && cpu > target. */
bool scale_policy_should_scale_out(const scale_policy *p, uint32_t n, uint32_t cpu);
/* n > min && cpu < max(target - 15, 0): the 15-point band. */
bool scale_policy_should_scale_in(const scale_policy *p, uint32_t n, uint32_t cpu);
/* last != 0 && now - last < cooldown; a clock that went back is still cooling. */
bool scale_policy_in_cooldown(int64_t last, uint32_t cooldown, int64_t now);
/* The instance count to move to, or false for none. Below min: min; above max:
 * max (regardless of load and cooldowns). Otherwise scale-out (not in
 * cooldown): min(ceil(n x cpu / target), max), if above n; scale-in (not in
 * cooldown): max(floor(n x cpu / target), min), if below n, so 0 % CPU goes to
 * min. 64-bit arithmetic, no wrap. The result is in [min, max] and != n. */
bool scale_policy_target(const scale_policy *p, uint32_t n, uint32_t cpu, int64_t now, uint32_t *target);

/* ---- the cluster (InstanceCluster) ---- */
typedef struct scale_member {
  char id[SCALE_ID_MAX];
  char node_id[SCALE_ID_MAX];
  uint32_t ip;           /* instance formnet IPv4, host byte order */
  char status[12];       /* "running", "starting", ... */
  int64_t last_heartbeat;
  uint32_t heartbeats_skipped;
} scale_member;

typedef struct scale_cluster {
  size_t n;                        /* members, sorted by id (BTreeMap order) */
  scale_member m[SCALE_MAX_MEMBERS];
  char template_id[SCALE_ID_MAX];  /* "" = none */
  bool session_affinity;
  bool has_policy;
  scale_policy policy;
  uint64_t next_instance_seq;      /* ids reserved so far (in ResourceAllocating): never reused */
} scale_cluster;

void scale_cluster_init(scale_cluster *c);
const scale_member *scale_cluster_find(const scale_cluster *c, const char *id);
/* Inserts (sorted) or refuses a duplicate id (SCALE_ERR_INVALID) or a full cluster. */
scale_err scale_cluster_add(scale_cluster *c, const scale_member *m);
scale_err scale_cluster_remove(scale_cluster *c, const char *id);
const scale_member *scale_cluster_template(const scale_cluster *c);
/* Whether ip is used by a member. */
bool scale_cluster_ip_used(const scale_cluster *c, uint32_t ip);
/* Same members (every field, or every field but a heartbeat no older than a's
 * when newer_heartbeats), template id and session affinity. */
bool scale_cluster_same_members(const scale_cluster *a, const scale_cluster *b, bool newer_heartbeats);
/* Ids and IPs unique, every IP a host address (.1-.254) of the template's /24,
 * the template present when set. Writes the first violation to why. */
bool scale_cluster_consistent(const scale_cluster *c, char *why, size_t cap);
/* The k members to remove on a scale-in: oldest heartbeat first (ties by id),
 * never the template. False when fewer than k can be removed. */
bool scale_select_to_remove(const scale_cluster *c, size_t k, char ids[][SCALE_ID_MAX]);

/* ---- operations and phases (§5.3) ---- */
typedef enum scale_op_kind { SCALE_OP_OUT, SCALE_OP_IN, SCALE_OP_REPLACE } scale_op_kind;
typedef struct scale_operation {
  scale_op_kind kind;
  uint32_t target_instances;       /* ScaleOut, ScaleIn */
  bool has_ids;                    /* ScaleIn: Some(ids); Replace: always */
  size_t nids;
  char ids[SCALE_MAX_IDS][SCALE_ID_MAX];
} scale_operation;

typedef enum scale_phase_kind {
  SCALE_PH_REQUESTED,
  SCALE_PH_VALIDATING,
  SCALE_PH_PLANNING,
  SCALE_PH_ALLOCATING,  /* ResourceAllocating */
  SCALE_PH_PREPARING,   /* InstancePreparing */
  SCALE_PH_CONFIGURING,
  SCALE_PH_VERIFYING,
  SCALE_PH_FINALIZING,
  SCALE_PH_COMPLETED,
  SCALE_PH_FAILED,
  SCALE_PH_CANCELED,
  SCALE_PH_COUNT
} scale_phase_kind;
#define SCALE_NONTERMINAL 8 /* Requested..Finalizing: the phases with a timeout */
const char *scale_phase_name(scale_phase_kind k);
bool scale_phase_terminal(scale_phase_kind k);

typedef struct scale_resources { /* per instance and in total */
  uint64_t cores, memory_mb, storage_gb, bandwidth_mbps;
} scale_resources;
/* The capacity model: 32 cores, 128 GiB, 1024 GB, 10 Gbps. */
extern const scale_resources scale_capacity;
/* An instance's default estimate: 2 cores, 4096 MB, 50 GB, 1000 Mbps. */
extern const scale_resources scale_instance_estimate;

typedef struct scale_plan {
  uint32_t current;      /* members when planned */
  uint32_t to_add;       /* new instances (ScaleOut, Replace) */
  uint32_t to_remove;    /* ScaleIn */
  scale_resources per_instance, total;
} scale_plan;

#define SCALE_MAX_RESULTS 8
typedef struct scale_test_result {
  char name[32];
  bool passed;
} scale_test_result;

typedef struct scale_phase {
  scale_phase_kind kind;
  int64_t started_at;            /* requested_at / started_at / planned_at / ... */
  scale_operation op;
  scale_plan plan;               /* Planning onwards */
  size_t nnew;                   /* InstancePreparing onwards: the allocated ids */
  char new_ids[SCALE_MAX_IDS][SCALE_ID_MAX];
  uint32_t new_ips[SCALE_MAX_IDS];
  size_t nold;                   /* the members removed (ScaleIn) or replaced */
  char old_ids[SCALE_MAX_IDS][SCALE_ID_MAX];
  bool has_snapshot;             /* Configuring onwards: previous_config */
  scale_cluster snapshot;
  size_t nresults;               /* Verifying: test_results */
  scale_test_result results[SCALE_MAX_RESULTS];
  size_t ncleanup;               /* Finalizing: cleanup_tasks */
  int64_t duration_seconds;      /* Completed */
  char reason[SCALE_REASON_MAX]; /* Failed: failure_reason; Canceled: cancellation_reason */
  char error_type[24];           /* Failed: "Timeout", "ValidationFailed", ... */
  scale_phase_kind failed_in;    /* Failed: failure_phase; Canceled: phase_at_cancellation */
} scale_phase;

#define SCALE_MAX_PHASES 16
typedef struct scale_phase_record {
  scale_phase_kind kind;
  int64_t started_at, ended_at; /* ended_at 0 while current */
} scale_phase_record;

typedef struct scale_op_record {
  char id[32];                  /* "op-<secs>-<seq>": unique per manager */
  scale_operation op;
  int64_t started_at, ended_at; /* ended_at 0 while running */
  scale_phase_kind final_phase; /* always the current phase's kind */
  bool successful;
  bool has_error;
  char error[SCALE_REASON_MAX];
  size_t nphases;
  scale_phase_record phases[SCALE_MAX_PHASES];
  bool rolled_back;             /* the rollback has been applied */
} scale_op_record;

#define SCALE_HISTORY_MAX 8
typedef struct scale_manager {
  bool active;                  /* current_phase is Some */
  scale_phase cur;
  size_t nhistory;              /* the last SCALE_HISTORY_MAX records, oldest first */
  scale_op_record history[SCALE_HISTORY_MAX];
  bool has_timeout[SCALE_NONTERMINAL];
  uint32_t timeout_s[SCALE_NONTERMINAL];
  uint64_t op_seq;              /* operations started so far */
  int64_t last_check_time;
} scale_manager;

/* Default timeouts: 60, 60, 120, 300, 600, 300, 180, 120 s. */
void scale_manager_init(scale_manager *m);
/* init_scaling_manager(t): every phase's timeout set to t. */
void scale_manager_set_all_timeouts(scale_manager *m, uint32_t t);
/* The record of the current (or last) operation, NULL before the first. */
scale_op_record *scale_manager_record(scale_manager *m);
const scale_op_record *scale_manager_record_c(const scale_manager *m);
/* Whether an operation is running (current phase non-terminal). */
bool scale_manager_busy(const scale_manager *m);

/* The table of §5.3. Each returns SCALE_OK or NoActive / InvalidTransition. */
scale_err scale_start(scale_manager *m, const scale_operation *op, int64_t now);
scale_err scale_to_validating(scale_manager *m, int64_t now);
scale_err scale_to_planning(scale_manager *m, const scale_plan *plan, int64_t now);
scale_err scale_to_allocating(scale_manager *m, int64_t now);
scale_err scale_to_preparing(scale_manager *m, size_t nnew, char ids[][SCALE_ID_MAX], const uint32_t *ips,
                             size_t nold, char old[][SCALE_ID_MAX], int64_t now);
scale_err scale_to_configuring(scale_manager *m, const scale_cluster *snapshot, int64_t now);
scale_err scale_to_verifying(scale_manager *m, int64_t now);
/* Only in Verifying (else InvalidPhase); SCALE_ERR_FULL past SCALE_MAX_RESULTS. */
scale_err scale_add_verification_result(scale_manager *m, const char *name, bool passed);
/* From Verifying, and only with at least one result, all passing. */
scale_err scale_to_finalizing(scale_manager *m, size_t cleanup_tasks, int64_t now);
/* From Finalizing only: phases cannot be skipped. */
scale_err scale_complete(scale_manager *m, int64_t now);
scale_err scale_fail(scale_manager *m, const char *error_type, const char *reason, int64_t now);
scale_err scale_cancel(scale_manager *m, const char *reason, int64_t now);
/* Fails the current phase when now - started > its timeout (strict >), with
 * error_type "Timeout" and "Timeout after N seconds". True when it fired. */
bool scale_check_timeouts(scale_manager *m, int64_t now);

/* ---- phase actions (process_scaling_phase) ---- */
typedef struct scale_system {
  scale_cluster cluster;
  scale_manager manager;
} scale_system;

typedef enum scale_step_result {
  SCALE_STEP_IDLE,      /* no operation running */
  SCALE_STEP_ADVANCED,  /* one phase done */
  SCALE_STEP_FAILED,    /* the action refused: the op is Failed, the cluster unchanged */
  SCALE_STEP_TIMED_OUT, /* check_timeouts fired: the op is Failed */
  SCALE_STEP_COMPLETED,
} scale_step_result;

/* Health of a new member as the verification reads it (probe.c fills it). */
typedef bool (*scale_health_fn)(void *ctx, const scale_member *m);

/* One step: check_timeouts first (a timeout is a step), then the current
 * phase's action. An action that refuses fails the op (error type named after
 * the phase) and leaves the cluster as it was. The only membership mutation is
 * Configuring, applied as one atomic step. health may be NULL (members are then
 * healthy when their status is "running" or "starting"). */
scale_step_result scale_step(scale_system *s, int64_t now, scale_health_fn health, void *health_ctx);
/* The validation a request gets in Validating (exposed for the tests). */
scale_err scale_validate_operation(const scale_cluster *c, const scale_operation *op, int64_t now, char *why,
                                   size_t cap);
/* The member count an operation must end with (Replace: the count before). */
uint32_t scale_expected_count(const scale_phase *ph);

/* ---- health checks (§5.3 check_scaling_operation_health) ---- */
typedef enum scale_health_result {
  SCALE_HEALTH_NO_OPERATION,
  SCALE_HEALTH_OK,
  SCALE_HEALTH_ALREADY_COMPLETED,         /* OperationAlreadyCompleted */
  SCALE_HEALTH_TIMEOUT_ROLLED_BACK,       /* TimeoutDetectedAndRolledBack */
  SCALE_HEALTH_FAILED_ROLLED_BACK,        /* HealthCheckFailedAndRolledBack */
} scale_health_result;
/* Timeout -> fail + rollback; terminal -> already completed; the phase checks;
 * a failing check -> fail("HealthCheckFailed") + rollback. */
scale_health_result scale_health_check(scale_system *s, int64_t now);
/* The phase check alone: true when it passes (why says what failed). */
bool scale_phase_check(const scale_system *s, char *why, size_t cap);

/* ---- rollback and restoration ---- */
/* Requires a Failed (or Canceled) operation (else InvalidRollback). Restores
 * members, template id and session affinity exactly to the snapshot taken in
 * InstancePreparing (members deleted during the op are re-added, added ones
 * removed, changed ones restored; a newer heartbeat is kept). Without a
 * snapshot the op never touched membership, so there is nothing to restore.
 * Idempotent: a second rollback changes nothing. */
scale_err scale_rollback(scale_system *s, int64_t now);
/* restore_cluster_membership onto c from pre, keeping newer heartbeats. */
void scale_restore_membership(scale_cluster *c, const scale_cluster *pre);
/* verify_state_restoration: counts equal, every pre-op member back with its
 * node id, IP and status, the template present in members, the policy valid. */
bool scale_verify_restoration(const scale_cluster *pre, const scale_cluster *now, char *why, size_t cap);

/* ---- the state store: crash-safe persistence with fault sites ---- */
/* A simulated disk with two file slots: the durable file and a temporary file
 * being written. Saving writes the temporary file (fault "storage.write": a
 * torn write), fsyncs it ("storage.fsync") and renames it over the durable one
 * ("storage.rename"); only a completed rename is durable. Fixed buffers: no
 * allocation per save. */
#define SCALE_STORE_HEADER 24 /* magic 8, body length 8, checksum 8 */
#define SCALE_STORE_BYTES (SCALE_STORE_HEADER + sizeof(scale_system))
typedef struct scale_disk {
  uint8_t slot[2][SCALE_STORE_BYTES];
  size_t len[2];
  int durable;     /* the slot holding the durable file, -1 before the first save */
  bool tmp_synced; /* the other slot's temporary file reached the disk */
  uint64_t saves;  /* completed renames */
} scale_disk;
void scale_disk_init(scale_disk *d);
/* A crash: everything not renamed is lost. */
void scale_disk_crash(scale_disk *d);
/* Writes the whole system state (manager and cluster) atomically. */
scale_err scale_store_save(scale_disk *d, const scale_system *s);
/* Reads the durable state (SCALE_ERR_CORRUPT if it does not check out). */
scale_err scale_store_load(const scale_disk *d, scale_system *s);
/* After a crash: load, then finish the interrupted operation. A running op
 * with a snapshot is rolled back to it, one without (membership untouched)
 * is failed; either way the op ends Failed with error type "Crash". The
 * recovered state is saved again. */
scale_err scale_recover(scale_disk *d, scale_system *s, int64_t now);

/* ---- autoscale: econ's measurement and thresholds -> the policy -> an operation ---- */
#define SCALE_AUTOSCALE_RULES 3
typedef struct scale_autoscaler {
  uint32_t readings; /* decisions taken */
  uint32_t started;  /* operations started */
  uint32_t alerts;   /* threshold alerts raised by econ's rules */
  econ_alerter alerter;
  size_t nrules;
  econ_threshold rules[SCALE_AUTOSCALE_RULES]; /* econ's built-ins: cpu-high, memory-critical, storage-warning */
} scale_autoscaler;
/* econ's built-in threshold rules under its alerter (hysteresis 5 %, cooldown 300 s). */
void scale_autoscaler_init(scale_autoscaler *a);
/* One measured CPU percent (econ's UsageEvent cpu_percent_avg, 0..100, taken
 * to the nearest whole percent): when
 * no operation runs and the policy wants another count, starts ScaleOut or
 * ScaleIn to it. Returns true when it started one. A reading that is not a
 * percentage (NaN, negative, above 100) is refused (no decision). */
bool scale_autoscale_reading(scale_autoscaler *a, scale_system *s, double cpu_percent, int64_t now);
/* One UsageEvent through the whole chain: econ's threshold rules first (each
 * alert counted; *cpu_alert tells whether cpu-high raised one), then its CPU
 * percent through scale_autoscale_reading. Returns what that returns. */
bool scale_autoscale_event(scale_autoscaler *a, scale_system *s, const econ_event *ev, int64_t now, bool *cpu_alert);

#endif
