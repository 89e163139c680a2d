/* infer_serving: batches of concurrent requests through the pipeline on simnet
 * with links from the input (latency, jitter, loss, duplication, reordering,
 * corruption), input-driven net.* faults, and scheduled crashes, partitions,
 * heals and link cuts at virtual times. Oracles:
 *   infer.serve_result   a request completes with exactly the single-node
 *                        tokens, or fails with a status (no nodes, timeout),
 *                        never with other tokens;
 *   infer.serve_stream   the streamed tokens are the produced ones, each once,
 *                        in order: a prefix of the reference on failure;
 *   infer.serve_time     every request ends within INFER_REQUEST_TIME_BOUND_US
 *                        of virtual time;
 *   infer.serve_liveness once faults stop and partitions heal on ideal links,
 *                        a request completes iff some uncrashed node has
 *                        capacity (crashed nodes are failed over). */
#include <string.h>

#include "formfuzz/fault.h"
#include "formfuzz/oracle.h"
#include "formfuzz/prop.h"
#include "formfuzz/simnet.h"
#include "gen.h"

typedef struct stream {
  uint8_t tokens[INFER_CTX];
  int n;
} stream;

static bool on_token(void *ctx, int token) {
  stream *s = ctx;
  FF_INVARIANT(s->n < INFER_CTX, "infer.serve_stream", "more tokens than the context");
  s->tokens[s->n++] = (uint8_t)token;
  return true;
}

typedef struct fault_event {
  infer_cluster *c;
  int kind, worker;
  bool *crashed;
} fault_event;

static void on_fault(ff_simnet *net, int node, uint64_t id, void *ctx) {
  (void)node, (void)id;
  fault_event *f = ctx;
  int wnode = infer_cluster_node(f->c, f->worker);
  switch (f->kind) {
  case 0:
    infer_cluster_crash(f->c, f->worker);
    f->crashed[f->worker] = true;
    break;
  case 1: ff_simnet_partition(net, wnode, 1); break;
  case 2: ff_simnet_heal(net); break;
  default: {
    ff_simlink down = ff_simlink_ideal();
    down.down = true;
    ff_simnet_set_link(net, wnode, infer_cluster_coordinator(f->c), &down);
    break;
  }
  }
}

typedef struct job {
  uint8_t prompt[INFER_CTX], ref[INFER_CTX];
  int n, n_new, produced;
  infer_sampling s;
  stream st;
  infer_result r;
} job;

/* A batch of 1..4 requests submitted together, run to the end, then checked
 * against single-node generation. */
static void serve_batch(infer_cluster *c, const infer_model *m, ff_input *in, uint64_t first_id, int count,
                        bool must_complete, bool can_complete) {
  static job jobs[4];
  for (int k = 0; k < count; k++) {
    job *j = &jobs[k];
    memset(j, 0, sizeof *j);
    j->n = infer_gen_prompt(in, j->prompt, 8);
    j->n_new = (int)ff_range(in, 1, 3);
    infer_gen_sampling(in, &j->s);
    memcpy(j->ref, j->prompt, (size_t)j->n);
    j->produced = infer_generate(m, j->ref, j->n, j->n_new, &j->s);
    FF_INVARIANT(infer_cluster_submit(c, first_id + (uint64_t)k, j->prompt, j->n, j->n_new, &j->s, on_token, &j->st,
                                      &j->r) == 0,
                 "infer.serve_result", "submit %d of %d refused", k, count);
  }
  infer_cluster_run(c);
  for (int k = 0; k < count; k++) {
    job *j = &jobs[k];
    infer_result *r = &j->r;
    FF_INVARIANT(r->status == INFER_OK || r->status == INFER_ERR_NO_NODES || r->status == INFER_ERR_TIMEOUT,
                 "infer.serve_result", "request %d: status %d", k, r->status);
    if (r->status == INFER_OK)
      FF_INVARIANT(r->produced == j->produced && memcmp(r->tokens, j->ref, (size_t)(j->n + j->produced)) == 0,
                   "infer.serve_result", "request %d completed with other tokens (%d produced, %d by the reference)",
                   k, r->produced, j->produced);
    FF_INVARIANT(j->st.n == r->produced && j->st.n <= j->produced &&
                     memcmp(j->st.tokens, j->ref + j->n, (size_t)j->st.n) == 0,
                 "infer.serve_stream", "request %d: stream of %d tokens, %d produced: lost, duplicated or wrong", k,
                 j->st.n, r->produced);
    FF_INVARIANT(r->finished_at - r->started_at <= INFER_REQUEST_TIME_BOUND_US, "infer.serve_time",
                 "request %d took %llu us of virtual time", k, (unsigned long long)(r->finished_at - r->started_at));
    if (must_complete)
      FF_INVARIANT((r->status == INFER_OK) == can_complete, "infer.serve_liveness",
                   "after healing: status %d (%s uncrashed node with capacity), %llu sends, %d failovers", r->status,
                   can_complete ? "some" : "no", (unsigned long long)r->sends, r->failovers);
  }
}

FF_PROPERTY(infer_serving) {
  const infer_model *m = infer_gen_model((unsigned)ff_choose(in, 4), (int)ff_range(in, 1, 4));
  int world = (int)ff_range(in, 1, 6);
  uint32_t cap[INFER_MAX_WORLD];
  infer_gen_capacities(in, cap, world);
  ff_simnet *net = ff_simnet_new(ff_u64(in));
  ff_simnet_trace_keep(net, 0);
  infer_cluster *c = infer_cluster_new(net, m, world, cap);
  FF_INVARIANT(c != NULL, "infer.serve_result", "cluster not built");
  ff_simlink link;
  ff_simnet_link_from_input(in, &link);
  ff_simnet_set_default_link(net, &link);
  bool crashed[INFER_MAX_WORLD] = {false};
  fault_event ev[4];
  int n_ev = (int)ff_range(in, 0, 4);
  for (int i = 0; i < n_ev; i++) {
    ev[i] = (fault_event){c, (int)ff_choose(in, 4), (int)ff_choose(in, (size_t)world), crashed};
    ff_simnet_timer(net, infer_cluster_coordinator(c), FF_SIM_MS(ff_range(in, 0, 2000)), on_fault, &ev[i]);
  }
  ff_fault_plan plan;
  ff_fault_plan_init(&plan);
  size_t flen;
  const uint8_t *fbits = ff_bytes_view(in, 16, &flen);
  ff_fault_plan_use_input(&plan, fbits, flen, 2, "net");
  ff_fault_plan *old = ff_fault_plan_install(&plan);
  ff_simnet_draw_from(net, in);

  int batches = (int)ff_range(in, 1, 2);
  for (int b = 0; b < batches; b++) serve_batch(c, m, in, 10 * (uint64_t)b + 1, (int)ff_range(in, 1, 4), false, false);

  /* Faults stop: no plan, ideal links, everyone back on one side. */
  ff_fault_plan_install(old);
  ff_simnet_draw_from(net, NULL);
  ff_simnet_run_idle(net, 100000); /* pending fault events fire now */
  ff_simnet_heal(net);
  ff_simlink ideal = ff_simlink_ideal();
  ff_simnet_set_default_link(net, &ideal);
  for (int i = 0; i < world; i++) ff_simnet_set_link(net, infer_cluster_node(c, i), infer_cluster_coordinator(c), &ideal);
  bool can = false;
  for (int i = 0; i < world; i++) can |= cap[i] > 0 && !crashed[i];
  serve_batch(c, m, in, 100, (int)ff_range(in, 1, 2), true, can);
  infer_cluster_free(c);
  ff_simnet_free(net);
}
