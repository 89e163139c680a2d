/* infer: P2P AI inference, the correct version of Formation's form-inference
 * (fact sheet formation-net-dns-p2p-scaling.md §5.1) and its routing (§3.1,
 * §3.3): a tiny decoder-only transformer and its safetensors weights file,
 * layer sharding over nodes by capacity, activation frames, a fault-tolerant
 * pipeline on simnet, the node registry, Proof-of-Claim routing, the agent
 * gateway and form-rplb (SNI, Host, backends). The OpenAI-compatible HTTP
 * surface and billing are in infer_api.h. */
#ifndef INFER_H
#define INFER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* splitmix64: the one random stream of the component (weights, sampling). */
static inline uint64_t infer_mix64(uint64_t *state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

/* ---- model (model.c) ---- */
#define INFER_D 16          /* model width */
#define INFER_HEADS 2       /* attention heads */
#define INFER_HEAD_D 8      /* INFER_D / INFER_HEADS */
#define INFER_FF 64         /* MLP hidden width */
#define INFER_VOCAB 256     /* byte-level tokenizer: token = byte */
#define INFER_CTX 60        /* positions; a (1, CTX, D) f32 frame fits one simnet datagram */
#define INFER_MAX_LAYERS 8
#define INFER_DEFAULT_LAYERS 4

typedef struct infer_layer_w {
  float ln1_g[INFER_D], ln1_b[INFER_D];
  float wq[INFER_D][INFER_D], wk[INFER_D][INFER_D], wv[INFER_D][INFER_D], wo[INFER_D][INFER_D];
  float ln2_g[INFER_D], ln2_b[INFER_D];
  float w1[INFER_D][INFER_FF], b1[INFER_FF];
  float w2[INFER_FF][INFER_D], b2[INFER_D];
} infer_layer_w;

typedef struct infer_model {
  uint64_t seed;
  int n_layers;
  float tok_emb[INFER_VOCAB][INFER_D]; /* also the output head (tied) */
  float pos_emb[INFER_CTX][INFER_D];
  infer_layer_w layer[INFER_MAX_LAYERS];
  float lnf_g[INFER_D], lnf_b[INFER_D];
} infer_model;

/* Weights drawn deterministically from seed (splitmix64, exact binary
 * fractions). n_layers in 1..INFER_MAX_LAYERS. Returns 0 or -1. */
int infer_model_init(infer_model *m, uint64_t seed, int n_layers);
/* h[t] = tok_emb[tokens[t]] + pos_emb[t] for t < n (n in 1..INFER_CTX). */
void infer_embed(const infer_model *m, const uint8_t *tokens, int n, float h[][INFER_D]);
/* One pre-norm block (causal self-attention, then a GELU MLP), in place on n rows. */
void infer_layer_forward(const infer_model *m, int layer, float h[][INFER_D], int n);
/* Final layer norm of row h, then logits = tok_emb . h (fixed summation order). */
void infer_head(const infer_model *m, const float h[INFER_D], float logits[INFER_VOCAB]);
/* Single-node reference: embed, every layer, head of the last row. */
void infer_forward(const infer_model *m, const uint8_t *tokens, int n, float logits[INFER_VOCAB]);

/* The weights as a safetensors file (safetensors.c): tensors tok_emb, pos_emb,
 * layers.<l>.{ln1_g,ln1_b,wq,wk,wv,wo,ln2_g,ln2_b,w1,b1,w2,b2}, lnf_g, lnf_b, F32,
 * with __metadata__ {format: formfuzz-infer, n_layers}. write returns a malloc'd
 * buffer (NULL when out of memory); read returns 0, or -1 with a reason and m
 * unusable. A model read back has the same bits; its seed field is 0. */
uint8_t *infer_safetensors_write(const infer_model *m, size_t *len);
int infer_safetensors_read(infer_model *m, const uint8_t *in, size_t len, const char **reason);

/* ---- sampling (sample.c) ---- */
typedef struct infer_sampling {
  unsigned top_k;       /* 0 or 1: greedy */
  float temperature;    /* <= 0: greedy */
  uint64_t seed;        /* the draw for step s comes from (seed, s) only */
} infer_sampling;
/* Only printable ASCII and '\n' are generated, so output is valid UTF-8 text. */
bool infer_token_generable(int token);
/* The next token for step from logits. Greedy takes the highest logit (lowest
 * id on ties); top-k renormalizes the k best with the temperature. */
int infer_sample(const float logits[INFER_VOCAB], const infer_sampling *s, uint64_t step);
/* Single-node generation: appends up to n_new tokens to tokens[0..n) (n +
 * n_new <= INFER_CTX). Returns the number produced. */
int infer_generate(const infer_model *m, uint8_t *tokens, int n, int n_new, const infer_sampling *s);

/* ---- sharding plans (shard.c) ---- */
#define INFER_MAX_WORLD 16
typedef struct infer_stage {
  int node;        /* index into the world */
  int first;       /* first layer */
  int count;       /* layers, >= 1 */
} infer_stage;
typedef struct infer_plan {
  int n_layers;
  int n_stages;
  infer_stage stage[INFER_MAX_WORLD];
} infer_plan;
/* Layers apportioned to nodes by declared capacity (largest remainder, ties to
 * the lower index) as contiguous ranges in node order; a node with capacity 0
 * or excluded (excluded may be NULL) gets none. Returns 0, or -1 when world is
 * outside 1..16, n_layers outside 1..8 or no eligible capacity. */
int infer_plan_make(infer_plan *p, int n_layers, int world, const uint32_t *capacity, const bool *excluded);
/* NULL when the plan covers every layer exactly once, in order, on distinct
 * eligible nodes; else the reason. */
const char *infer_plan_check(const infer_plan *p, int n_layers, int world, const uint32_t *capacity,
                             const bool *excluded);

/* ---- activation frames (frame.c) ---- */
#define INFER_FRAME_MAGIC "IAF1"
#define INFER_FRAME_MAX_DIMS 4
#define INFER_FRAME_MAX_ELEMS (INFER_CTX * INFER_D)
enum { INFER_FRAME_REQUEST = 1, INFER_FRAME_REPLY = 2 };
enum { INFER_DTYPE_F32 = 1 };
typedef struct infer_frame {
  uint8_t kind, dtype, ndim;
  uint64_t request_id;
  uint32_t step, attempt;
  uint16_t first_layer, n_layers;
  uint32_t dims[INFER_FRAME_MAX_DIMS];
  size_t n_elems;
  float data[INFER_FRAME_MAX_ELEMS];
} infer_frame;
/* Header: magic, kind, dtype, ndim, 0, request_id u64, step u32, attempt u32,
 * first_layer u16, n_layers u16, dims u32 x ndim; then n_elems f32; then the
 * first 8 bytes of SHA-256 over all of that. Little-endian. */
size_t infer_frame_size(const infer_frame *f);
/* Returns bytes written, or 0 when cap is too small or the frame is invalid
 * (kind, dtype, shape, element count). */
size_t infer_frame_encode(const infer_frame *f, uint8_t *out, size_t cap);
/* Returns 0, or -1 with a reason: length, magic, kind, dtype, ndim, a zero or
 * oversized dimension, the element count, the checksum. */
int infer_frame_decode(infer_frame *f, const uint8_t *in, size_t len, const char **reason);
/* The receiver's shape check for activations (1, T, D), T in 1..INFER_CTX:
 * returns T, or -1. */
int infer_frame_activation_rows(const infer_frame *f);

/* ---- pipeline on simnet (pipeline.c) ---- */
struct ff_simnet;
typedef enum infer_status { INFER_OK = 0, INFER_ERR_NO_NODES, INFER_ERR_TIMEOUT, INFER_ERR_INVALID } infer_status;
/* Sees each produced token once, in order; returning false ends the request
 * there (a stop sequence), successfully. */
typedef bool (*infer_token_fn)(void *ctx, int token);
typedef struct infer_cluster infer_cluster;
#define INFER_PORT 7000
#define INFER_STEP_TIMEOUT_US 50000 /* virtual: one stage's reply must come within 50 ms */
#define INFER_STAGE_RETRIES 2       /* resends to one stage before it is replaced */
#define INFER_MAX_ATTEMPTS 96       /* sends per request before it fails */
#define INFER_MAX_INFLIGHT 8        /* requests running at once in a cluster */
/* A coordinator and world worker nodes on net (each worker derives the same
 * weights from the model's seed and runs the layer range it is asked for). */
infer_cluster *infer_cluster_new(struct ff_simnet *net, const infer_model *m, int world,
                                 const uint32_t *capacity);
void infer_cluster_free(infer_cluster *c);
/* The worker's simnet node id, and the coordinator's, for faults. */
int infer_cluster_node(const infer_cluster *c, int worker);
int infer_cluster_coordinator(const infer_cluster *c);
/* A crashed worker stops receiving and answering. */
void infer_cluster_crash(infer_cluster *c, int worker);
typedef struct infer_result {
  infer_status status;
  int n_tokens;          /* prompt + produced */
  uint8_t tokens[INFER_CTX];
  int produced;
  uint64_t sends;        /* frames the coordinator sent */
  int failovers;         /* stages replaced */
  uint64_t started_at, finished_at; /* virtual microseconds */
} infer_result;
/* Starts generating n_new tokens after prompt[0..n) through the pipeline;
 * on_token (may be NULL) sees each produced token once, in order; r is filled
 * when the request ends (r and ctx must live until then). Returns 0, or -1
 * when INFER_MAX_INFLIGHT requests are running or request_id is in use (r
 * then says INFER_ERR_INVALID). */
int infer_cluster_submit(infer_cluster *c, uint64_t request_id, const uint8_t *prompt, int n, int n_new,
                         const infer_sampling *s, infer_token_fn on_token, void *ctx, infer_result *r);
/* Runs the simulator until every submitted request has completed or failed. */
void infer_cluster_run(infer_cluster *c);
/* Requests still running. */
int infer_cluster_active(const infer_cluster *c);
/* Runs one simulator event; false (and every running request failed with
 * INFER_ERR_TIMEOUT) when no event is left. */
bool infer_cluster_step(infer_cluster *c);
/* Ends every running request with INFER_ERR_TIMEOUT. */
void infer_cluster_abort(infer_cluster *c);
/* submit, then run. */
void infer_cluster_generate(infer_cluster *c, uint64_t request_id, const uint8_t *prompt, int n, int n_new,
                            const infer_sampling *s, infer_token_fn on_token, void *ctx, infer_result *r);
/* A virtual-time bound on any request: every send waits at most one timeout. */
#define INFER_REQUEST_TIME_BOUND_US ((uint64_t)INFER_MAX_ATTEMPTS * INFER_STEP_TIMEOUT_US + 1000)

/* ---- registry (registry.c), §5.1 ---- */
#define INFER_ID_MAX 24
#define INFER_REGISTRY_MAX 32
typedef struct infer_node_entry {
  char id[INFER_ID_MAX];
  uint32_t capacity;
} infer_node_entry;
typedef struct infer_registry {
  infer_node_entry node[INFER_REGISTRY_MAX];
  int n;
  uint64_t next_serial;
} infer_registry;
/* A request's view of the world: the members when it started, in order. */
typedef struct infer_membership {
  infer_node_entry node[INFER_REGISTRY_MAX];
  int n;
} infer_membership;
void infer_registry_init(infer_registry *r);
/* Registers a node: its id is "node-" plus 9 characters derived from a
 * serial, never reused. Returns its index, or -1 when full. */
int infer_registry_add(infer_registry *r, uint32_t capacity, char id_out[INFER_ID_MAX]);
/* Returns 0, or -1 when id is not registered. */
int infer_registry_remove(infer_registry *r, const char *id);
void infer_registry_snapshot(const infer_registry *r, infer_membership *m);
/* The rank of id for a request running on membership m (its index in m),
 * whatever has joined or left the registry since; -1 if id is not a member. */
int infer_registry_rank(const infer_registry *r, const infer_membership *m, const char *id);

/* ---- Proof-of-Claim task routing (route.c), §3.3 ---- */
#define INFER_ROLES_MAX 8
typedef struct infer_route_node {
  char id[INFER_ID_MAX * 2];
  uint32_t roles; /* bit i: role i */
} infer_route_node;
/* score = u64 little-endian of (SHA256(task_id) XOR SHA256(node_id))[0..8]. */
uint64_t infer_poc_score(const char *task_id, const char *node_id);
/* Indices of the nodes whose roles include required, by ascending score (ties
 * keep input order), at most redundancy of them. Returns how many. Only the
 * first 64 nodes are considered. */
size_t infer_route_task(const char *task_id, uint32_t required, size_t redundancy, const infer_route_node *nodes,
                        size_t n, size_t *out);

/* ---- agent gateway (gateway.c), §3.3 ---- */
typedef enum infer_inst_status { INFER_INST_CREATING, INFER_INST_STARTED, INFER_INST_STOPPED, INFER_INST_FAILED } infer_inst_status;
typedef struct infer_instance {
  char key[40];       /* map key; instances are visited in byte order of keys */
  char agent_id[32];
  char build_id[32];  /* metadata build_id; empty: none */
  infer_inst_status status;
  char formnet_ip[40]; /* empty: none */
  uint16_t port;      /* 0: 8000 */
  char path[32];      /* empty: /default_task */
} infer_instance;
/* The first instance in key order whose build id (else agent id) is target,
 * Started and with a formnet IP; writes http://ip:port/path into url. Returns
 * its index or -1. */
int infer_gateway_select(const infer_instance *inst, size_t n, const char *target, char *url, size_t cap);

/* ---- form-rplb (rplb.c), §3.1 ---- */
#define INFER_SNI_MAX 256
/* The first host_name entry of the server_name extension of a raw TLS record
 * holding a ClientHello. Every length is checked against its own container.
 * Returns the name's length (name NUL-terminated in out), or -1. */
int infer_extract_sni(const uint8_t *hello, size_t len, char out[INFER_SNI_MAX]);
#define INFER_HOST_MAX 256
/* The Host of a plain HTTP request (the proxy's first read, maybe cut): the one
 * "Host" field of the header section (name case-insensitive, value trimmed,
 * port removed, lowercased, printable ASCII). Returns its length (NUL-
 * terminated in out), or -1: none, two, empty or too long. */
int infer_rplb_host(const char *req, size_t len, char out[INFER_HOST_MAX]);
#define INFER_RPLB_MAX_ADDRS 8
typedef struct infer_backend {
  int n;
  uint32_t addr[INFER_RPLB_MAX_ADDRS]; /* opaque address ids */
  bool healthy[INFER_RPLB_MAX_ADDRS];
  uint32_t next;  /* round-robin cursor */
  uint64_t rng;   /* only the replica uses it */
} infer_backend;
/* Round robin over the healthy addresses. Returns an index, or -1 (NoBackend)
 * when none is healthy. */
int infer_rplb_select(infer_backend *b);

#endif
