/* infer_serving: requests one after another through the pipeline on simnet
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

static void serve(infer_cluster *c, const infer_model *m, ff_input *in, uint64_t id, bool must_complete,
                  bool can_complete) {
  uint8_t prompt[INFER_CTX], ref[INFER_CTX];
  int n = infer_gen_prompt(in, prompt, 8), n_new = (int)ff_range(in, 1, 3);
  infer_sampling s;
  infer_gen_sampling(in, &s);
  memcpy(ref, prompt, (size_t)n);
  int produced = infer_generate(m, ref, n, n_new, &s);
  stream st = {.n = 0};
  infer_result r;
  infer_cluster_generate(c, id, prompt, n, n_new, &s, on_token, &st, &r);
  FF_INVARIANT(r.status == INFER_OK || r.status == INFER_ERR_NO_NODES || r.status == INFER_ERR_TIMEOUT,
               "infer.serve_result", "status %d", r.status);
  if (r.status == INFER_OK)
    FF_INVARIANT(r.produced == produced && memcmp(r.tokens, ref, (size_t)(n + produced)) == 0, "infer.serve_result",
                 "completed with other tokens (%d produced, %d by the reference)", r.produced, produced);
  FF_INVARIANT(st.n == r.produced && st.n <= produced && memcmp(st.tokens, ref + n, (size_t)st.n) == 0,
               "infer.serve_stream", "stream of %d tokens, %d produced: lost, duplicated or wrong", st.n, r.produced);
  FF_INVARIANT(r.finished_at - r.started_at <= INFER_REQUEST_TIME_BOUND_US, "infer.serve_time",
               "request took %llu us of virtual time", (unsigned long long)(r.finished_at - r.started_at));
  if (must_complete)
    FF_INVARIANT((r.status == INFER_OK) == can_complete, "infer.serve_liveness",
                 "after healing: status %d (%s uncrashed node with capacity), %llu sends, %d failovers", r.status,
                 can_complete ? "some" : "no", (unsigned long long)r.sends, r.failovers);
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

  int requests = (int)ff_range(in, 1, 3);
  for (int k = 0; k < requests; k++) serve(c, m, in, (uint64_t)k + 1, false, false);

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
  serve(c, m, in, 100, true, can);
  infer_cluster_free(c);
  ff_simnet_free(net);
}
