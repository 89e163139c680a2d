/* The mutation loop with response-novelty feedback (see mcp_fuzz.h). */
#include "mcp_fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "formfuzz/input.h"
#include "json_writer.h"
#include "mcp_mutate.h"
#include "mcp_seq.h"
#include "mcp_window.h"
#include "stop_signal.h"

#define CORPUS_MAX 4096
#define CORPUS_FILE_MAX 65536
#define SEED_TOOLS_MAX 64
#define STACKED_MUTATIONS 3

typedef struct corpus {
  uint8_t **data;
  size_t *size;
  size_t n;
  char dir[4200];
} corpus;

static int corpus_add(corpus *c, const uint8_t *data, size_t size, bool save) {
  if (c->n >= CORPUS_MAX) return 0;
  uint8_t *copy = malloc(size ? size : 1);
  if (!copy) return -1;
  memcpy(copy, data, size);
  c->data[c->n] = copy;
  c->size[c->n++] = size;
  if (!save) return 0;
  char name[64];
  return ff_write_content_addressed(c->dir, NULL, data, size, name, sizeof name) < 0 ? -1 : 0;
}

/* Inputs a previous run left in the corpus directory come first. */
static void corpus_load(corpus *c) {
  DIR *d = opendir(c->dir);
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.' || ff_is_temp_name(e->d_name)) continue;
    char path[4500], err[128];
    snprintf(path, sizeof path, "%s/%s", c->dir, e->d_name);
    uint8_t *data;
    size_t size;
    if (ff_read_file(path, CORPUS_FILE_MAX, &data, &size, err, sizeof err) == 0) {
      corpus_add(c, data, size, false);
      free(data);
    }
  }
  closedir(d);
}

static void corpus_free(corpus *c) {
  for (size_t i = 0; i < c->n; i++) free(c->data[i]);
  free(c->data);
  free(c->size);
}

typedef struct loop {
  const mcp_fuzz_cfg *cfg;
  mcp_target *t;
  mcp_findings *fs;
  mcp_fuzz_stats *st;
  mcp_classes classes;
  corpus corpus;
  mcp_window window; /* the last records run, saved with a finding that builds up */
} loop;

/* Runs one input; keeps it when it is new, files its finding. -1: fatal. */
static int run_one(loop *l, const uint8_t *data, size_t size) {
  if (l->t->calls >= l->cfg->max_calls) return 0; /* the budget is spent (seeding stops here too) */
  mcp_run_result r;
  if (mcp_run_input(l->t, data, size, &l->classes,
                    l->cfg->max_calls, &r) != 0)
    return -1;
  l->st->inputs++;
  mcp_window_add(&l->window, data, size, r.steps);
  bool fresh = r.new_classes > 0 || (l->cfg->edge_feedback && r.new_edges > 0);
  if (!l->cfg->baseline && fresh && corpus_add(&l->corpus, data, size, true) != 0) {
    json_decref(r.transcript);
    return -1;
  }
  if (r.finding.found) {
    long calls = l->t->calls;
    uint8_t *window = NULL;
    size_t window_size = 0;
    if (!strcmp(r.finding.signature, MCP_GROWTH_SIGNATURE) && /* saved with the sequence that grew it */
        mcp_window_input(&l->window, &window, &window_size, &r.finding_step) == 0) {
      data = window;
      size = window_size;
    }
    int added = mcp_findings_add(l->fs, l->t, data, size, &r, calls);
    free(window);
    l->t->calls = calls; /* confirming and minimizing do not spend the budget */
    if (added == 1 && !l->cfg->quiet)
      printf("mcp: finding %s in %s after %ld messages: %s\n", r.finding.kind, r.finding.where, calls,
             r.finding.detail);
    if (added < 0) fprintf(stderr, "formfuzz mcp: cannot write the finding under %s\n", l->fs->dir);
  }
  json_decref(r.transcript);
  return 0;
}

static int seed_inputs(loop *l, mcp_rng *rng) {
  size_t ntools = json_array_size(l->t->session.tools);
  if (ntools > SEED_TOOLS_MAX) ntools = SEED_TOOLS_MAX;
  /* per tool: valid calls with every draw at its second and at its third
   * choice (the lower and upper boundaries of ranges), then random attack and
   * past-the-schema calls */
  static const struct { uint8_t kind; int fill; } TOOL_SEEDS[] = {{0, 1}, {0, 2}, {4, -1}, {7, -1}};
  for (size_t k = 0; k < FF_COUNT_OF(TOOL_SEEDS); k++)
    for (size_t i = 0; i < ntools; i++) {
      uint8_t *buf = NULL, payload[16];
      size_t size = 0;
      for (size_t b = 0; b < sizeof payload; b++)
        payload[b] = TOOL_SEEDS[k].fill >= 0 ? (uint8_t)TOOL_SEEDS[k].fill : (uint8_t)mcp_rng_next(rng);
      if (mcp_seq_append(&buf, &size, TOOL_SEEDS[k].kind, (uint8_t)i, payload, sizeof payload) == 0 &&
          run_one(l, buf, size) != 0) {
        free(buf);
        return -1;
      }
      free(buf);
    }
  static const uint8_t OTHER_KINDS[] = {11, 12, 15};
  for (uint8_t v = 0; v < MCP_PROTOCOL_VARIANTS; v++) { /* every protocol mutation once */
    uint8_t *buf = NULL;
    size_t size = 0;
    int rc = mcp_seq_append(&buf, &size, 13, 0, &v, 1);
    if (rc == 0) rc = run_one(l, buf, size);
    free(buf);
    if (rc != 0) return -1;
  }
  for (size_t k = 0; k < sizeof OTHER_KINDS; k++) {
    uint8_t *buf = NULL;
    size_t size = 0;
    if (mcp_random_record(rng, 1, &buf, &size) == 0) {
      buf[0] = OTHER_KINDS[k];
      if (run_one(l, buf, size) != 0) {
        free(buf);
        return -1;
      }
    }
    free(buf);
  }
  return 0;
}

int mcp_fuzz(const mcp_fuzz_cfg *cfg, mcp_target *t, mcp_findings *fs, mcp_fuzz_stats *st) {
  memset(st, 0, sizeof *st);
  loop l = {.cfg = cfg, .t = t, .fs = fs, .st = st};
  l.corpus.data = calloc(CORPUS_MAX, sizeof *l.corpus.data);
  l.corpus.size = calloc(CORPUS_MAX, sizeof *l.corpus.size);
  snprintf(l.corpus.dir, sizeof l.corpus.dir, "%s/corpus", cfg->out_dir);
  int rc = 0;
  if (!l.corpus.data || !l.corpus.size || ff_mkdirs(l.corpus.dir) != 0 || ff_mkdirs(fs->dir) != 0 ||
      mcp_target_ensure(t) != 0) {
    rc = -1;
    goto done;
  }
  mcp_rng rng;
  mcp_rng_seed(&rng, cfg->seed);
  if (!cfg->baseline) {
    corpus_load(&l.corpus);
    for (size_t i = 0, n = l.corpus.n; i < n && t->calls < cfg->max_calls && rc == 0; i++)
      rc = run_one(&l, l.corpus.data[i], l.corpus.size[i]);
    if (rc == 0) rc = seed_inputs(&l, &rng);
  }
  while (rc == 0 && t->calls < cfg->max_calls && !ff_stop_requested()) {
    uint8_t *input = NULL;
    size_t size = 0;
    if (cfg->baseline || l.corpus.n == 0) {
      rc = mcp_random_record(&rng, !cfg->baseline, &input, &size);
    } else {
      size_t a = mcp_rng_below(&rng, l.corpus.n), b = mcp_rng_below(&rng, l.corpus.n);
      rc = mcp_mutate(&rng, l.corpus.data[a], l.corpus.size[a], l.corpus.data[b], l.corpus.size[b],
                      &input, &size);
      for (size_t k = 1 + mcp_rng_below(&rng, STACKED_MUTATIONS); k > 1 && rc == 0; k--) {
        uint8_t *next;
        size_t next_size;
        rc = mcp_mutate(&rng, input, size, NULL, 0, &next, &next_size);
        if (rc == 0) {
          free(input);
          input = next;
          size = next_size;
        }
      }
    }
    if (rc == 0) rc = run_one(&l, input, size);
    free(input);
  }
done:
  if (rc != 0 && !t->error[0]) snprintf(t->error, sizeof t->error, "cannot write under %s", cfg->out_dir);
  st->calls = t->calls;
  st->corpus = (long)l.corpus.n;
  st->classes = (long)l.classes.count;
  st->starts = t->starts;
  st->coverage = t->cov != NULL;
  if (t->cov) st->edges = (long)t->cov->edges, st->coverage_features = (long)t->cov->features;
  mcp_classes_free(&l.classes);
  corpus_free(&l.corpus);
  mcp_window_free(&l.window);
  mcp_target_close(t);
  return rc;
}

int mcp_fuzz_write_stats(const mcp_fuzz_cfg *cfg, const mcp_fuzz_stats *st, const mcp_findings *fs) {
  ff_json j;
  ff_json_init(&j, true);
  ff_json_begin_object(&j);
  ff_json_kv_string(&j, "mode", cfg->baseline ? "baseline" : "formfuzz");
  ff_json_kv_int(&j, "seed", (int64_t)cfg->seed);
  ff_json_kv_int(&j, "calls", st->calls);
  ff_json_kv_int(&j, "inputs", st->inputs);
  ff_json_kv_int(&j, "corpus", st->corpus);
  ff_json_kv_int(&j, "response_classes", st->classes);
  ff_json_kv_int(&j, "server_starts", st->starts);
  if (st->coverage) {
    ff_json_kv_int(&j, "edges", st->edges);
    ff_json_kv_int(&j, "coverage_features", st->coverage_features);
    ff_json_kv_bool(&j, "edge_feedback", cfg->edge_feedback);
  }
  ff_json_key(&j, "findings");
  ff_json_begin_array(&j);
  for (size_t i = 0; i < fs->set.nbuckets; i++) {
    const triage_bucket *b = &fs->set.buckets[i];
    ff_json_begin_object(&j);
    ff_json_kv_string(&j, "bucket", b->id);
    ff_json_kv_string(&j, "kind", b->crash.kind);
    ff_json_kv_string(&j, "where", b->crash.frames[0].func);
    ff_json_kv_string(&j, "severity", b->crash.severity);
    ff_json_kv_int(&j, "calls_to_find", fs->calls_to_find[i]);
    ff_json_kv_int(&j, "count", b->count);
    ff_json_kv_bool(&j, "reproduces", b->stable);
    ff_json_kv_int(&j, "minimized_records", (int64_t)fs->record_count[i]);
    ff_json_kv_string(&j, "minimized", b->minimized);
    ff_json_end_object(&j);
  }
  ff_json_end_array(&j);
  ff_json_end_object(&j);
  return ff_json_save(&j, cfg->out_dir, "stats.json");
}
