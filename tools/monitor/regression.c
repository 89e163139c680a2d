/* Finding regressions between two campaign summaries (see regression.h). */
#include "regression.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const KIND_NAMES[] = {
    [FF_REG_EXEC_RATE_DROP] = "exec-rate-drop",
    [FF_REG_EDGES_LOWER] = "edges-lower",
    [FF_REG_FAILING] = "failing",
    [FF_REG_FIXED_BUCKET_AGAIN] = "fixed-bucket-again",
};

const char *ff_regression_kind_name(ff_regression_kind k) { return KIND_NAMES[k]; }

static int add(ff_regressions *r, const char *fuzzer, ff_regression_kind kind, const char *fmt,
               ...) __attribute__((format(printf, 4, 5)));
static int add(ff_regressions *r, const char *fuzzer, ff_regression_kind kind, const char *fmt,
               ...) {
  ff_regression *grown = realloc(r->items, (r->count + 1) * sizeof *grown);
  if (!grown) return -1;
  r->items = grown;
  ff_regression *g = &r->items[r->count++];
  memset(g, 0, sizeof *g);
  snprintf(g->fuzzer, sizeof g->fuzzer, "%s", fuzzer);
  g->kind = kind;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(g->text, sizeof g->text, fmt, ap);
  va_end(ap);
  return 0;
}

/* A campaign summary's document, or NULL with problem set. */
static json_t *load(const char *path, const char *what, char *problem, size_t cap) {
  json_error_t je;
  json_t *o = json_load_file(path, 0, &je);
  if (!json_is_object(o) || !json_is_array(json_object_get(o, "fuzzers"))) {
    snprintf(problem, cap, "%s %s is corrupt (%.200s); not compared", what, path,
             o ? "no fuzzers array" : je.text);
    json_decref(o);
    return NULL;
  }
  return o;
}

static json_t *fuzzer_named(json_t *campaign, const char *name) {
  size_t i;
  json_t *f;
  json_array_foreach(json_object_get(campaign, "fuzzers"), i, f) {
    json_t *n = json_object_get(f, "name");
    if (json_is_string(n) && strcmp(json_string_value(n), name) == 0) return f;
  }
  return NULL;
}

static double num(json_t *o, const char *key) {
  json_t *v = json_object_get(o, key);
  return json_is_number(v) ? json_number_value(v) : 0;
}

static const char *problem_of(json_t *f) {
  json_t *p = json_object_get(f, "problem");
  return json_is_string(p) && json_string_length(p) ? json_string_value(p) : NULL;
}

static int compare_fuzzer(ff_regressions *r, const char *name, json_t *cur, json_t *prev,
                          double eps_drop_pct) {
  const char *now_problem = problem_of(cur), *then_problem = problem_of(prev);
  if (now_problem && !then_problem)
    return add(r, name, FF_REG_FAILING, "%s (the previous campaign ran it without a problem)",
               now_problem);
  if (now_problem || then_problem) return 0; /* numbers of a fuzzer that did not run say nothing */
  double eps_now = num(cur, "exec_per_sec"), eps_then = num(prev, "exec_per_sec");
  if (eps_then > 0 && eps_now < eps_then * (1 - eps_drop_pct / 100) &&
      add(r, name, FF_REG_EXEC_RATE_DROP, "exec/s %.0f -> %.0f (%.1f %%, threshold -%g %%)",
          eps_then, eps_now, (eps_now - eps_then) / eps_then * 100, eps_drop_pct) != 0)
    return -1;
  double edges_now = num(cur, "edges"), edges_then = num(prev, "edges");
  if (edges_now < edges_then &&
      add(r, name, FF_REG_EDGES_LOWER, "edges %.0f -> %.0f (coverage lost on the resumed corpus)",
          edges_then, edges_now) != 0)
    return -1;
  return 0;
}

/* Buckets of out/triage/index.json crashing again after a clean previous campaign. */
static int fixed_buckets_again(ff_regressions *r, json_t *current, json_t *previous,
                               const char *triage_index) {
  json_t *index = json_load_file(triage_index, 0, NULL);
  json_t *buckets = json_object_get(index, "buckets");
  double prev_start = num(previous, "start_time"), cur_start = num(current, "start_time");
  size_t i;
  json_t *b;
  int rc = 0;
  json_array_foreach(buckets, i, b) {
    json_t *fz = json_object_get(b, "fuzzer");
    if (!json_is_string(fz) || rc) continue;
    const char *name = json_string_value(fz);
    json_t *then = fuzzer_named(previous, name);
    if (!then || !fuzzer_named(current, name) || num(then, "crashes") > 0 || problem_of(then))
      continue;
    if (num(b, "first_seen") < prev_start && num(b, "last_seen") >= cur_start) {
      json_t *id = json_object_get(b, "id"), *title = json_object_get(b, "title");
      rc = add(r, name, FF_REG_FIXED_BUCKET_AGAIN,
               "bucket %s (%s) crashes again; the previous campaign ran clean (fixed)",
               json_is_string(id) ? json_string_value(id) : "?",
               json_is_string(title) ? json_string_value(title) : "untitled");
    }
  }
  json_decref(index);
  return rc;
}

int ff_regressions_find(const char *current, const char *previous, const char *triage_index,
                        double eps_drop_pct, ff_regressions *r) {
  memset(r, 0, sizeof *r);
  snprintf(r->baseline, sizeof r->baseline, "%s", previous);
  FILE *exists = fopen(previous, "r");
  if (!exists) return 0; /* the first campaign: nothing to compare with */
  fclose(exists);
  json_t *prev = load(previous, "the previous campaign", r->problem, sizeof r->problem);
  json_t *cur = prev ? load(current, "the campaign", r->problem, sizeof r->problem) : NULL;
  int rc = 0;
  if (prev && cur) {
    r->compared = true;
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(cur, "fuzzers"), i, f) {
      json_t *n = json_object_get(f, "name");
      if (!json_is_string(n) || rc) continue;
      json_t *then = fuzzer_named(prev, json_string_value(n));
      if (!then) continue;
      rc = ff_path_list_add(&r->fuzzers_compared, json_string_value(n));
      if (rc == 0) rc = compare_fuzzer(r, json_string_value(n), f, then, eps_drop_pct);
    }
    if (rc == 0 && triage_index) rc = fixed_buckets_again(r, cur, prev, triage_index);
  }
  json_decref(prev);
  json_decref(cur);
  return rc;
}

int ff_regressions_find_in(const char *out_dir, const char *baseline, double eps_drop_pct,
                           ff_regressions *r) {
  char current[1100], previous[1100], triage[1100];
  snprintf(current, sizeof current, "%s/campaign.json", out_dir);
  snprintf(previous, sizeof previous, "%s/%s", out_dir, FF_CAMPAIGN_PREVIOUS_JSON);
  snprintf(triage, sizeof triage, "%s/triage/index.json", out_dir);
  FILE *cur = fopen(current, "r");
  if (!cur) { /* no campaign here: nothing to compare */
    memset(r, 0, sizeof *r);
    return 0;
  }
  fclose(cur);
  int rc = ff_regressions_find(current, baseline ? baseline : previous, triage, eps_drop_pct, r);
  FILE *given = baseline ? fopen(baseline, "r") : NULL;
  if (baseline && !given) /* asked for, not there: say so (a missing default is the first campaign) */
    snprintf(r->problem, sizeof r->problem, "the baseline %.900s cannot be read: %s", baseline,
             strerror(errno));
  if (given) fclose(given);
  return rc;
}

void ff_regressions_free(ff_regressions *r) {
  free(r->items);
  r->items = NULL;
  r->count = 0;
  ff_path_list_free(&r->fuzzers_compared);
}

size_t ff_regressions_of(const ff_regressions *r, const char *fuzzer) {
  size_t n = 0;
  for (size_t i = 0; i < r->count; i++) n += strcmp(r->items[i].fuzzer, fuzzer) == 0;
  return n;
}

void ff_regressions_print(const ff_regressions *r, FILE *to) {
  if (r->problem[0]) fprintf(to, "regressions: %s\n", r->problem);
  if (!r->compared) return;
  fprintf(to, "regressions since the previous campaign (%s): %zu\n", r->baseline, r->count);
  for (size_t i = 0; i < r->count; i++)
    fprintf(to, "  REGRESSION %-24s %-18s %s\n", r->items[i].fuzzer,
            ff_regression_kind_name(r->items[i].kind), r->items[i].text);
}

int ff_campaign_keep_previous(const char *out_root) {
  char current[4200], previous[4200];
  snprintf(current, sizeof current, "%s/campaign.json", out_root);
  snprintf(previous, sizeof previous, "%s/%s", out_root, FF_CAMPAIGN_PREVIOUS_JSON);
  if (rename(current, previous) == 0 || errno == ENOENT) return 0;
  return -1;
}
