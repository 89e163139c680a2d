/* infer core: the float model against a naive double-precision reference
 * written here from the architecture (not from model.c), the safetensors
 * round trip and refusals, sampling, sharding
 * plans, frames, the pipeline under loss and a crash, the registry's ranks,
 * Proof-of-Claim scores against SHA-256 values computed with Python's
 * hashlib, the agent gateway, extract_sni and backend selection. */
#define _GNU_SOURCE /* memmem */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ff_check.h"
#include "formfuzz/simnet.h"
#include "infer.h"

/* ---- the double reference ---- */
static void ref_ln(const double *x, const float *g, const float *b, double *y) {
  double mean = 0, var = 0;
  for (int i = 0; i < INFER_D; i++) mean += x[i];
  mean /= INFER_D;
  for (int i = 0; i < INFER_D; i++) var += (x[i] - mean) * (x[i] - mean);
  var /= INFER_D;
  for (int i = 0; i < INFER_D; i++) y[i] = (x[i] - mean) / sqrt(var + 1e-5) * g[i] + b[i];
}

static void ref_forward(const infer_model *m, const uint8_t *tok, int n, double logits[INFER_VOCAB]) {
  static double h[INFER_CTX][INFER_D], q[INFER_CTX][INFER_D], k[INFER_CTX][INFER_D], v[INFER_CTX][INFER_D];
  for (int t = 0; t < n; t++)
    for (int i = 0; i < INFER_D; i++) h[t][i] = (double)m->tok_emb[tok[t]][i] + m->pos_emb[t][i];
  for (int l = 0; l < m->n_layers; l++) {
    const infer_layer_w *w = &m->layer[l];
    for (int t = 0; t < n; t++) {
      double x[INFER_D];
      ref_ln(h[t], w->ln1_g, w->ln1_b, x);
      for (int j = 0; j < INFER_D; j++) {
        q[t][j] = k[t][j] = v[t][j] = 0;
        for (int i = 0; i < INFER_D; i++) {
          q[t][j] += x[i] * w->wq[i][j];
          k[t][j] += x[i] * w->wk[i][j];
          v[t][j] += x[i] * w->wv[i][j];
        }
      }
    }
    double att[INFER_CTX][INFER_D];
    for (int t = 0; t < n; t++)
      for (int hd = 0; hd < INFER_HEADS; hd++) {
        double p[INFER_CTX], z = 0;
        for (int u = 0; u <= t; u++) {
          double s = 0;
          for (int i = 0; i < INFER_HEAD_D; i++) s += q[t][hd * INFER_HEAD_D + i] * k[u][hd * INFER_HEAD_D + i];
          p[u] = exp(s / sqrt((double)INFER_HEAD_D));
          z += p[u];
        }
        for (int i = 0; i < INFER_HEAD_D; i++) {
          double a = 0;
          for (int u = 0; u <= t; u++) a += p[u] / z * v[u][hd * INFER_HEAD_D + i];
          att[t][hd * INFER_HEAD_D + i] = a;
        }
      }
    for (int t = 0; t < n; t++) {
      for (int j = 0; j < INFER_D; j++)
        for (int i = 0; i < INFER_D; i++) h[t][j] += att[t][i] * w->wo[i][j];
      double x[INFER_D], mid[INFER_FF];
      ref_ln(h[t], w->ln2_g, w->ln2_b, x);
      for (int j = 0; j < INFER_FF; j++) {
        double s = w->b1[j];
        for (int i = 0; i < INFER_D; i++) s += x[i] * w->w1[i][j];
        mid[j] = 0.5 * s * (1 + tanh(sqrt(2 / M_PI) * (s + 0.044715 * s * s * s)));
      }
      for (int j = 0; j < INFER_D; j++) {
        double s = w->b2[j];
        for (int i = 0; i < INFER_FF; i++) s += mid[i] * w->w2[i][j];
        h[t][j] += s;
      }
    }
  }
  double x[INFER_D];
  ref_ln(h[n - 1], m->lnf_g, m->lnf_b, x);
  for (int vv = 0; vv < INFER_VOCAB; vv++) {
    logits[vv] = 0;
    for (int i = 0; i < INFER_D; i++) logits[vv] += x[i] * m->tok_emb[vv][i];
  }
}

static infer_model model4;

static void test_model_vs_double(void) {
  CHECK(infer_model_init(&model4, 42, 4) == 0);
  CHECK(infer_model_init(&model4, 42, 0) == -1);
  CHECK(infer_model_init(&model4, 42, 9) == -1);
  REQUIRE(infer_model_init(&model4, 42, 4) == 0, "init");
  static const char *prompts[] = {"a", "Hello, world", "The quick brown fox jumps over the lazy dog.",
                                  "0123456789012345678901234567890123456789012345678901234567"};
  for (size_t p = 0; p < 4; p++) {
    int n = (int)strlen(prompts[p]);
    float got[INFER_VOCAB];
    double want[INFER_VOCAB], worst = 0, span = 0;
    infer_forward(&model4, (const uint8_t *)prompts[p], n, got);
    ref_forward(&model4, (const uint8_t *)prompts[p], n, want);
    for (int v = 0; v < INFER_VOCAB; v++) {
      worst = fmax(worst, fabs(got[v] - want[v]));
      span = fmax(span, fabs(want[v]));
    }
    CHECK_MSG(worst < 1e-4 * fmax(1.0, span), "prompt %zu: |float - double| = %g (logits up to %g)", p, worst, span);
    CHECK_MSG(span > 0.1, "prompt %zu: degenerate logits %g", p, span);
  }
  /* same seed, same bits; another seed, other weights */
  static infer_model again, other;
  infer_model_init(&again, 42, 4);
  infer_model_init(&other, 43, 4);
  CHECK(memcmp(&again, &model4, sizeof again) == 0);
  CHECK(memcmp(other.tok_emb, model4.tok_emb, sizeof other.tok_emb) != 0);
}

static void test_safetensors(void) {
  size_t len;
  uint8_t *file = infer_safetensors_write(&model4, &len);
  REQUIRE(file != NULL, "write");
  CHECK(len % 4 == 0 && memcmp(file + 8, "{\"__metadata__\":{\"format\":\"formfuzz-infer\",\"n_layers\":\"4\"}", 56) == 0);
  static infer_model back, want;
  const char *why = "";
  REQUIRE(infer_safetensors_read(&back, file, len, &why) == 0, "read: %s", why);
  want = model4;
  want.seed = 0;
  CHECK(memcmp(&back, &want, sizeof back) == 0);
  /* refusals: cut, a wrong dtype, a wrong shape, an unknown tensor, a bad header length */
  CHECK(infer_safetensors_read(&back, file, len - 4, &why) == -1);
  uint64_t hl = 0;
  for (int i = 7; i >= 0; i--) hl = hl << 8 | file[i];
  char *header = (char *)file + 8;
  char *dtype = memmem(header, hl, "\"F32\"", 5);
  REQUIRE(dtype != NULL, "no dtype");
  dtype[2] = '1', dtype[3] = '6';
  CHECK(infer_safetensors_read(&back, file, len, &why) == -1 && strcmp(why, "a tensor is missing or not F32") == 0);
  dtype[2] = '3', dtype[3] = '2';
  char *shape = memmem(header, hl, "[256,16]", 8);
  REQUIRE(shape != NULL, "no shape");
  memcpy(shape, "[16,256]", 8);
  CHECK(infer_safetensors_read(&back, file, len, &why) == -1 && strcmp(why, "a tensor has the wrong shape") == 0);
  memcpy(shape, "[256,16]", 8);
  char *name = memmem(header, hl, "\"lnf_b\"", 7);
  REQUIRE(name != NULL, "no lnf_b");
  name[4] = 'x';
  CHECK(infer_safetensors_read(&back, file, len, &why) == -1);
  name[4] = '_';
  file[7] = 1;
  CHECK(infer_safetensors_read(&back, file, len, &why) == -1 && strcmp(why, "header length out of bounds") == 0);
  file[7] = 0;
  REQUIRE(infer_safetensors_read(&back, file, len, &why) == 0, "restored: %s", why);
  free(file);
}

static void test_sampling(void) {
  float logits[INFER_VOCAB];
  for (int v = 0; v < INFER_VOCAB; v++) logits[v] = 0.0f;
  logits[0] = 9.0f;    /* not generable */
  logits['b'] = 5.0f;
  logits['a'] = 5.0f;  /* tie: the lower id wins */
  logits['c'] = 4.0f;
  infer_sampling greedy = {.top_k = 1};
  CHECK(infer_sample(logits, &greedy, 0) == 'a');
  infer_sampling top2 = {.top_k = 2, .temperature = 1.0f, .seed = 7};
  int seen_a = 0, seen_b = 0;
  for (uint64_t step = 0; step < 200; step++) {
    int t = infer_sample(logits, &top2, step);
    CHECK(t == 'a' || t == 'b');
    seen_a += t == 'a', seen_b += t == 'b';
    CHECK(infer_sample(logits, &top2, step) == t); /* (seed, step) decides */
  }
  CHECK_MSG(seen_a > 60 && seen_b > 60, "top-2 of equal logits: a %d, b %d", seen_a, seen_b);
  uint8_t toks[INFER_CTX] = "Hi";
  int produced = infer_generate(&model4, toks, 2, 10, &greedy);
  CHECK(produced == 10);
  for (int i = 2; i < 12; i++) CHECK(infer_token_generable(toks[i]));
  produced = infer_generate(&model4, toks, INFER_CTX - 1, 5, &greedy);
  CHECK(produced == 1);
}

static void test_plans(void) {
  infer_plan p;
  uint32_t cap[4] = {1, 1, 2, 0};
  REQUIRE(infer_plan_make(&p, 4, 4, cap, NULL) == 0, "plan");
  CHECK(p.n_stages == 3);
  CHECK(p.stage[0].node == 0 && p.stage[0].first == 0 && p.stage[0].count == 1);
  CHECK(p.stage[1].node == 1 && p.stage[1].first == 1 && p.stage[1].count == 1);
  CHECK(p.stage[2].node == 2 && p.stage[2].first == 2 && p.stage[2].count == 2);
  CHECK(infer_plan_check(&p, 4, 4, cap, NULL) == NULL);
  uint32_t one[1] = {5};
  REQUIRE(infer_plan_make(&p, 4, 1, one, NULL) == 0, "world 1");
  CHECK(p.n_stages == 1 && p.stage[0].count == 4);
  uint32_t many[16];
  for (int i = 0; i < 16; i++) many[i] = 1;
  REQUIRE(infer_plan_make(&p, 8, 16, many, NULL) == 0, "world 16");
  CHECK(p.n_stages == 8 && infer_plan_check(&p, 8, 16, many, NULL) == NULL);
  bool ex[4] = {false, false, true, false};
  REQUIRE(infer_plan_make(&p, 4, 4, cap, ex) == 0, "excluded");
  CHECK(p.n_stages == 2 && p.stage[0].count == 2 && p.stage[1].count == 2);
  uint32_t none[3] = {0, 0, 0};
  CHECK(infer_plan_make(&p, 4, 3, none, NULL) == -1);
  CHECK(infer_plan_make(&p, 4, 17, many, NULL) == -1);
  /* the checker refuses a lost layer, a gap and a zero-capacity node */
  infer_plan bad = {.n_layers = 4, .n_stages = 1, .stage = {{0, 0, 2}}};
  CHECK(infer_plan_check(&bad, 4, 4, cap, NULL) != NULL);
  bad = (infer_plan){.n_layers = 4, .n_stages = 2, .stage = {{0, 0, 2}, {3, 2, 2}}};
  CHECK(infer_plan_check(&bad, 4, 4, cap, NULL) != NULL);
}

static void test_frames(void) {
  static infer_frame f, g;
  uint8_t wire[8192];
  f = (infer_frame){.kind = INFER_FRAME_REQUEST, .dtype = INFER_DTYPE_F32, .ndim = 3, .dims = {1, 2, INFER_D},
                    .n_elems = 2 * INFER_D, .request_id = 0x0102030405060708ull, .step = 3, .attempt = 9,
                    .first_layer = 1, .n_layers = 2};
  for (int i = 0; i < 2 * INFER_D; i++) f.data[i] = (float)i * 0.5f;
  size_t len = infer_frame_encode(&f, wire, sizeof wire);
  CHECK(len == 32 + 12 + 2 * INFER_D * 4 + 8);
  CHECK(memcmp(wire, "IAF1\x01\x01\x03\x00\x08\x07\x06\x05\x04\x03\x02\x01\x03\x00\x00\x00\x09", 21) == 0);
  const char *why = NULL;
  REQUIRE(infer_frame_decode(&g, wire, len, &why) == 0, "decode: %s", why);
  CHECK(g.n_elems == 2 * INFER_D && g.data[5] == 2.5f && infer_frame_activation_rows(&g) == 2);
  CHECK(infer_frame_decode(&g, wire, len - 1, &why) == -1);
  wire[60] ^= 1;
  CHECK(infer_frame_decode(&g, wire, len, &why) == -1 && strcmp(why, "checksum mismatch") == 0);
  wire[60] ^= 1;
  wire[5] = 2;
  CHECK(infer_frame_decode(&g, wire, len, &why) == -1 && strcmp(why, "unknown dtype") == 0);
  f.dims[2] = 8; /* (1, 2, 8): a valid frame, but not activations of this model */
  f.n_elems = 16;
  len = infer_frame_encode(&f, wire, sizeof wire);
  REQUIRE(infer_frame_decode(&g, wire, len, &why) == 0, "decode: %s", why);
  CHECK(infer_frame_activation_rows(&g) == -1);
  f.dims[0] = 0;
  CHECK(infer_frame_encode(&f, wire, sizeof wire) == 0);
}

static void test_pipeline(void) {
  uint8_t want[INFER_CTX];
  memcpy(want, "Formation", 9);
  infer_sampling s = {.top_k = 5, .temperature = 0.8f, .seed = 11};
  int produced = infer_generate(&model4, want, 9, 8, &s);
  uint32_t cap[5] = {3, 1, 0, 2, 2};
  /* a lossy, duplicating, reordering network */
  ff_simnet *net = ff_simnet_new(5);
  ff_simlink link = ff_simlink_ideal();
  link.latency = FF_SIM_MS(2), link.jitter = FF_SIM_MS(3), link.loss_ppm = 150000, link.dup_ppm = 100000;
  link.reorder_ppm = 100000, link.reorder_delay = FF_SIM_MS(5), link.corrupt_ppm = 50000;
  ff_simnet_set_default_link(net, &link);
  infer_cluster *c = infer_cluster_new(net, &model4, 5, cap);
  REQUIRE(c != NULL, "cluster");
  infer_result r;
  infer_cluster_generate(c, 1, (const uint8_t *)"Formation", 9, 8, &s, NULL, NULL, &r);
  CHECK_MSG(r.status == INFER_OK, "lossy: status %d after %llu sends", r.status, (unsigned long long)r.sends);
  CHECK(r.produced == produced && memcmp(r.tokens, want, 9 + 8) == 0);
  CHECK(r.finished_at - r.started_at <= INFER_REQUEST_TIME_BOUND_US);
  /* a crashed stage is replaced and the request still completes */
  infer_cluster_crash(c, 0);
  infer_cluster_generate(c, 2, (const uint8_t *)"Formation", 9, 8, &s, NULL, NULL, &r);
  CHECK_MSG(r.status == INFER_OK && r.failovers >= 1, "crash: status %d failovers %d", r.status, r.failovers);
  CHECK(memcmp(r.tokens, want, 9 + 8) == 0);
  infer_cluster_free(c);
  ff_simnet_free(net);
  /* concurrent requests on the lossy network, told apart by id */
  infer_result rs[INFER_MAX_INFLIGHT + 1];
  uint8_t refs[3][INFER_CTX];
  static const char *const prompts[3] = {"a", "bcd", "efghij"};
  for (int k = 0; k < 3; k++) {
    int n = (int)strlen(prompts[k]);
    memcpy(refs[k], prompts[k], (size_t)n);
    infer_generate(&model4, refs[k], n, 5, &s);
  }
  c = infer_cluster_new(net = ff_simnet_new(7), &model4, 5, cap);
  ff_simnet_set_default_link(net, &link);
  for (int k = 0; k < 3; k++)
    CHECK(infer_cluster_submit(c, 10 + (uint64_t)k, (const uint8_t *)prompts[k], (int)strlen(prompts[k]), 5, &s,
                               NULL, NULL, &rs[k]) == 0);
  CHECK(infer_cluster_submit(c, 11, (const uint8_t *)"x", 1, 1, &s, NULL, NULL, &rs[3]) == -1); /* id in use */
  for (int k = 3; k < INFER_MAX_INFLIGHT; k++)
    CHECK(infer_cluster_submit(c, 20 + (uint64_t)k, (const uint8_t *)"x", 1, 1, &s, NULL, NULL, &rs[k]) == 0);
  CHECK(infer_cluster_submit(c, 99, (const uint8_t *)"x", 1, 1, &s, NULL, NULL, &rs[INFER_MAX_INFLIGHT]) == -1);
  CHECK(rs[INFER_MAX_INFLIGHT].status == INFER_ERR_INVALID);
  infer_cluster_run(c);
  for (int k = 0; k < 3; k++) {
    int n = (int)strlen(prompts[k]);
    CHECK_MSG(rs[k].status == INFER_OK && memcmp(rs[k].tokens, refs[k], (size_t)n + 5) == 0,
              "concurrent request %d: status %d", k, rs[k].status);
  }
  infer_cluster_free(c);
  ff_simnet_free(net);
  /* every node down: a clean failure within the time bound */
  net = ff_simnet_new(6);
  uint32_t two[2] = {1, 1};
  c = infer_cluster_new(net, &model4, 2, two);
  infer_cluster_crash(c, 0);
  infer_cluster_crash(c, 1);
  infer_cluster_generate(c, 3, (const uint8_t *)"x", 1, 4, &s, NULL, NULL, &r);
  CHECK(r.status == INFER_ERR_NO_NODES && r.produced == 0);
  CHECK(r.finished_at - r.started_at <= INFER_REQUEST_TIME_BOUND_US);
  infer_cluster_free(c);
  ff_simnet_free(net);
}

static void test_registry(void) {
  infer_registry r;
  infer_registry_init(&r);
  char a[INFER_ID_MAX], b[INFER_ID_MAX], c[INFER_ID_MAX], d[INFER_ID_MAX];
  CHECK(infer_registry_add(&r, 1, a) == 0 && infer_registry_add(&r, 1, b) == 1 && infer_registry_add(&r, 1, c) == 2);
  CHECK(strncmp(a, "node-", 5) == 0 && strlen(a) >= 14 && strcmp(a, b) != 0);
  infer_membership m;
  infer_registry_snapshot(&r, &m);
  CHECK(infer_registry_rank(&r, &m, c) == 2);
  CHECK(infer_registry_remove(&r, a) == 0 && infer_registry_remove(&r, a) == -1);
  infer_registry_add(&r, 1, d);
  CHECK(infer_registry_rank(&r, &m, c) == 2); /* unchanged for the running request */
  CHECK(infer_registry_rank(&r, &m, d) == -1);
}

static void test_routing(void) {
  CHECK(infer_poc_score("task-1", "node-a") == 0xbbe69feeb6acad1cull);
  CHECK(infer_poc_score("task-1", "node-b") == 0x9daacea1809415e9ull);
  CHECK(infer_poc_score("task-1", "node-c") == 0xc7f60629a476d673ull);
  CHECK(infer_poc_score("task-1", "node-d") == 0x32d914156b207ba1ull);
  infer_route_node nodes[4] = {{"node-a", 3}, {"node-b", 1}, {"node-c", 3}, {"node-d", 2}};
  size_t out[4];
  CHECK(infer_route_task("task-1", 0, 4, nodes, 4, out) == 4);
  CHECK(out[0] == 3 && out[1] == 1 && out[2] == 0 && out[3] == 2);
  CHECK(infer_route_task("task-1", 1, 2, nodes, 4, out) == 2 && out[0] == 1 && out[1] == 0);
  CHECK(infer_route_task("task-1", 4, 2, nodes, 4, out) == 0);
  infer_route_node twins[2] = {{"node-a", 1}, {"node-a", 1}}; /* equal scores keep input order */
  CHECK(infer_route_task("t", 1, 2, twins, 2, out) == 2 && out[0] == 0 && out[1] == 1);
}

static void test_gateway(void) {
  infer_instance inst[4] = {
      {.key = "c", .agent_id = "agent", .status = INFER_INST_STARTED, .formnet_ip = "10.0.0.3"},
      {.key = "b", .agent_id = "x", .build_id = "agent", .status = INFER_INST_STARTED, .formnet_ip = "10.0.0.2",
       .port = 9000, .path = "/run"},
      {.key = "a", .agent_id = "agent", .status = INFER_INST_STOPPED, .formnet_ip = "10.0.0.1"},
      {.key = "0", .agent_id = "agent", .status = INFER_INST_STARTED},
  };
  char url[128];
  CHECK(infer_gateway_select(inst, 4, "agent", url, sizeof url) == 1 && strcmp(url, "http://10.0.0.2:9000/run") == 0);
  inst[1].status = INFER_INST_FAILED;
  CHECK(infer_gateway_select(inst, 4, "agent", url, sizeof url) == 0 &&
        strcmp(url, "http://10.0.0.3:8000/default_task") == 0);
  CHECK(infer_gateway_select(inst, 4, "x", url, sizeof url) == -1);
}

/* A ClientHello record: session id, one cipher suite, null compression,
 * a padding-style extension then server_name with the given name. */
static size_t client_hello(uint8_t *b, const char *name, int list_extra) {
  size_t n = strlen(name), p = 0;
  b[p++] = 0x16, b[p++] = 3, b[p++] = 1, b[p++] = 0, b[p++] = 0; /* record; length unchecked */
  b[p++] = 1, b[p++] = 0, b[p++] = 0, b[p++] = 0, b[p++] = 3, b[p++] = 3;
  memset(b + p, 0xab, 32), p += 32;
  b[p++] = 2, b[p++] = 0xee, b[p++] = 0xee; /* session id */
  b[p++] = 0, b[p++] = 2, b[p++] = 0x13, b[p++] = 0x01;
  b[p++] = 1, b[p++] = 0;
  size_t ext_start = p;
  p += 2;
  b[p++] = 0, b[p++] = 0x15, b[p++] = 0, b[p++] = 1, b[p++] = 0; /* padding, 1 byte */
  b[p++] = 0, b[p++] = 0, b[p++] = 0, b[p++] = (uint8_t)(n + 5);
  b[p++] = 0, b[p++] = (uint8_t)(n + 3 + list_extra);
  b[p++] = 0, b[p++] = 0, b[p++] = (uint8_t)n;
  memcpy(b + p, name, n), p += n;
  for (int i = 0; i < list_extra; i++) b[p++] = 0x21; /* bytes after the extension */
  size_t ext_len = p - ext_start - 2;
  b[ext_start] = (uint8_t)(ext_len >> 8), b[ext_start + 1] = (uint8_t)ext_len;
  return p;
}

static void test_rplb(void) {
  uint8_t b[512];
  char name[INFER_SNI_MAX];
  size_t len = client_hello(b, "api.example.fog", 0);
  CHECK(infer_extract_sni(b, len, name) == 15 && strcmp(name, "api.example.fog") == 0);
  for (size_t cut = 0; cut < len; cut++) CHECK(infer_extract_sni(b, cut, name) == -1);
  /* the list claims 3 more bytes than its extension holds: refused */
  len = client_hello(b, "a.fog", 3);
  CHECK(infer_extract_sni(b, len, name) == -1);
  len = client_hello(b, "caf\xc3\xa9.fog", 0);
  CHECK(infer_extract_sni(b, len, name) == 9);
  len = client_hello(b, "bad\xc3.fog", 0);
  CHECK(infer_extract_sni(b, len, name) == -1);
  b[0] = 0x17;
  CHECK(infer_extract_sni(b, len, name) == -1);

  char host[INFER_HOST_MAX];
  const char *req = "GET / HTTP/1.1\r\nAccept: */*\r\nhOsT:  Api.Example.FOG:8443 \r\n\r\nHost: evil.fog\r\n";
  CHECK(infer_rplb_host(req, strlen(req), host) == 15 && strcmp(host, "api.example.fog") == 0);
  const char *v6 = "GET / HTTP/1.1\nHost: [2001:db8::1]:80\n\n";
  CHECK(infer_rplb_host(v6, strlen(v6), host) == 13 && strcmp(host, "[2001:db8::1]") == 0);
  const char *body_only = "POST / HTTP/1.1\r\nContent-Length: 20\r\n\r\nHost: evil.fog\r\n";
  CHECK(infer_rplb_host(body_only, strlen(body_only), host) == -1);
  const char *two = "GET / HTTP/1.1\r\nHost: a.fog\r\nHost: b.fog\r\n\r\n";
  CHECK(infer_rplb_host(two, strlen(two), host) == -1);
  CHECK(infer_rplb_host(req, 40, host) == -1); /* the read ends inside the Host line */

  infer_backend be = {.n = 3, .addr = {10, 20, 30}, .healthy = {true, false, true}};
  CHECK(infer_rplb_select(&be) == 0 && infer_rplb_select(&be) == 2 && infer_rplb_select(&be) == 0);
  be.healthy[0] = be.healthy[2] = false;
  CHECK(infer_rplb_select(&be) == -1);
  be.n = 0;
  CHECK(infer_rplb_select(&be) == -1);
}

int main(void) {
  test_model_vs_double();
  test_safetensors();
  test_sampling();
  test_plans();
  test_frames();
  test_pipeline();
  test_registry();
  test_routing();
  test_gateway();
  test_rplb();
  return check_summary("infer_test_core");
}
