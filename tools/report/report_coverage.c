/* Building, replaying and measuring for `formfuzz report --coverage` (see
 * report_coverage.h): coverage preset binaries, LLVM_PROFILE_FILE,
 * llvm-profdata merge, llvm-cov show (HTML) and export (summary). */
#include "report_coverage.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "child_process.h"
#include "corpus_features.h"
#include "dir_list.h"
#include "fileio.h"
#include "fuzzer_binary.h"
#include "manifest.h"
#include "source_root.h"

#define REPLAY_TIMEOUT_S 1800.0
#define LLVM_TIMEOUT_S 600.0
#define EXPORT_MAX_BYTES (64u << 20)

typedef struct cov_binary {
  size_t component;
  char path[4096];
} cov_binary;

typedef struct cov_run {
  char root[4096], work[4200], report_dir[2048];
  cov_binary *binaries;
  size_t nbinaries;
} cov_run;

static void append(char *buf, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void append(char *buf, size_t cap, const char *fmt, ...) {
  size_t len = strlen(buf);
  if (len + 1 >= cap) return;
  if (len) {
    snprintf(buf + len, cap - len, "; ");
    len = strlen(buf);
  }
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf + len, cap - len, fmt, ap);
  va_end(ap);
}

static report_cov_component *component_for(report_coverage *cov, const char *name, size_t *index) {
  for (size_t i = 0; i < cov->ncomponents; i++)
    if (strcmp(cov->components[i].name, name) == 0) {
      *index = i;
      return &cov->components[i];
    }
  report_cov_component *grown = realloc(cov->components, (cov->ncomponents + 1) * sizeof *grown);
  if (!grown) return NULL;
  cov->components = grown;
  report_cov_component *k = &cov->components[cov->ncomponents];
  memset(k, 0, sizeof *k);
  snprintf(k->name, sizeof k->name, "%s", name);
  *index = cov->ncomponents++;
  return k;
}

/* Runs argv; on failure appends what happened (and where the output is) to problem. */
static int run_tool(const char *const *argv, const char *log, const char *const *env,
                    double timeout_s, char *problem, size_t cap) {
  ff_spawn_opts opts = {.log_path = log, .env = env};
  ff_exit ex;
  char err[512];
  if (ff_run(argv, &opts, timeout_s, &ex, err, sizeof err) != 0) {
    append(problem, cap, "%s: %s", argv[0], err);
    return -1;
  }
  if (ex.code != 0) {
    ff_exit_describe(&ex, err, sizeof err);
    append(problem, cap, "%s %s (%s): see %s", argv[0], argv[1], err, log);
    return -1;
  }
  return 0;
}

/* One fuzzer: coverage binary, then its corpus replayed into <work>/<component>/. */
static void replay_fuzzer(cov_run *r, report_coverage *cov, const char *out_dir,
                          const ff_fuzzer_info *fi) {
  char corpus[2200];
  snprintf(corpus, sizeof corpus, "%s/%s/corpus", out_dir, fi->name);
  size_t inputs = ff_count_files(corpus);
  if (inputs == 0) return;
  size_t index;
  report_cov_component *k = component_for(cov, fi->component, &index);
  cov_binary *grown = realloc(r->binaries, (r->nbinaries + 1) * sizeof *grown);
  if (grown) r->binaries = grown;
  if (!k || !grown) {
    append(cov->problem, sizeof cov->problem, "out of memory");
    return;
  }
  cov_binary *b = &r->binaries[r->nbinaries];
  char err[1024];
  fprintf(stderr, "formfuzz report: coverage of %s (%zu input(s))\n", fi->name, inputs);
  /* built every time (incremental): a binary older than the sources would map
   * its counters onto the wrong lines */
  if (ff_build_target(r->root, "coverage", fi->name, err, sizeof err) != 0 ||
      ff_fuzzer_binary(r->root, "coverage", fi->name, false, b->path, sizeof b->path, err,
                       sizeof err) != 0) {
    append(k->problem, sizeof k->problem, "%s: %s", fi->name, err);
    return;
  }
  b->component = index;
  r->nbinaries++;
  char dir[4300], profile[4400], env_profile[4500], log[4400];
  snprintf(dir, sizeof dir, "%s/%s", r->work, fi->component);
  snprintf(profile, sizeof profile, "%s/%s-%%p.profraw", dir, fi->name);
  snprintf(env_profile, sizeof env_profile, "LLVM_PROFILE_FILE=%s", profile);
  snprintf(log, sizeof log, "%s/%s/coverage-replay.log", out_dir, fi->name);
  ff_mkdirs(dir);
  const char *env[] = {env_profile, NULL};
  const char *argv[] = {b->path, corpus, NULL};
  if (run_tool(argv, log, env, REPLAY_TIMEOUT_S, k->problem, sizeof k->problem) != 0)
    append(k->problem, sizeof k->problem, "the numbers of %s may be missing", fi->name);
  k->inputs += (long)inputs;
  size_t len = strlen(k->fuzzers);
  snprintf(k->fuzzers + len, sizeof k->fuzzers - len, "%s%s", len ? ", " : "", fi->name);
}

/* argv: tool, fixed arguments, then every binary of the component (the first
 * plain, the others as -object), then the component's source directory. */
static const char **llvm_cov_argv(const cov_run *r, size_t component, const char *const *fixed,
                                  size_t nfixed, const char *sources) {
  const char **argv = calloc(nfixed + 2 * r->nbinaries + 3, sizeof *argv);
  if (!argv) return NULL;
  size_t a = 0;
  for (size_t i = 0; i < nfixed; i++) argv[a++] = fixed[i];
  bool first = true;
  for (size_t i = 0; i < r->nbinaries; i++) {
    if (r->binaries[i].component != component) continue;
    if (!first) argv[a++] = "-object";
    argv[a++] = r->binaries[i].path;
    first = false;
  }
  argv[a++] = sources;
  argv[a] = NULL;
  return argv;
}

static void summarize(const cov_run *r, size_t index, report_cov_component *k,
                      const char *profdata_flag, const char *sources) {
  const char *fixed[] = {"llvm-cov", "export", "-summary-only", "-format=text", profdata_flag};
  const char **argv = llvm_cov_argv(r, index, fixed, 5, sources);
  if (!argv) return;
  ff_exit ex;
  char *text = NULL, err[512];
  int rc = ff_run_capture(argv, NULL, LLVM_TIMEOUT_S, EXPORT_MAX_BYTES, &ex, &text, err, sizeof err);
  free(argv);
  const char *json = text ? strstr(text, "{\"data\"") : NULL;
  if (rc != 0 || ex.code != 0 || !json || report_coverage_parse_summary(json, sources, k) != 0)
    append(k->problem, sizeof k->problem, "llvm-cov export gave no summary%s%s",
           rc ? ": " : "", rc ? err : "");
  free(text);
}

/* Profiles of one component: merge, HTML, summary. */
static void measure_component(cov_run *r, size_t index, report_cov_component *k) {
  char dir[4300], profdata[4400], profdata_flag[4500], sources[4200], html_dir[2300], log[4400];
  snprintf(dir, sizeof dir, "%s/%s", r->work, k->name);
  snprintf(profdata, sizeof profdata, "%s.profdata", dir);
  snprintf(profdata_flag, sizeof profdata_flag, "-instr-profile=%s", profdata);
  snprintf(sources, sizeof sources, "%s/components/%s", r->root, k->name);
  snprintf(log, sizeof log, "%s.log", dir);
  ff_path_list raw = {0};
  ff_list_files(dir, &raw);
  if (raw.count == 0) {
    append(k->problem, sizeof k->problem, "no profile was written");
    ff_path_list_free(&raw);
    return;
  }
  const char **merge = calloc(raw.count + 6, sizeof *merge);
  if (!merge) {
    ff_path_list_free(&raw);
    return;
  }
  size_t a = 0;
  merge[a++] = "llvm-profdata";
  merge[a++] = "merge";
  merge[a++] = "-sparse";
  merge[a++] = "-o";
  merge[a++] = profdata;
  for (size_t i = 0; i < raw.count; i++) merge[a++] = raw.paths[i];
  int rc = run_tool(merge, log, NULL, LLVM_TIMEOUT_S, k->problem, sizeof k->problem);
  free(merge);
  ff_path_list_free(&raw);
  if (rc != 0) return;

  snprintf(html_dir, sizeof html_dir, "%s/coverage/%s", r->report_dir, k->name);
  if (ff_is_dir(html_dir)) corpus_remove_tree(html_dir);
  char out_flag[2400];
  snprintf(out_flag, sizeof out_flag, "-output-dir=%s", html_dir);
  const char *fixed[] = {"llvm-cov", "show", "-format=html", "-show-branches=count",
                         "-show-line-counts-or-regions", out_flag, profdata_flag};
  const char **show = llvm_cov_argv(r, index, fixed, 7, sources);
  if (show && run_tool(show, log, NULL, LLVM_TIMEOUT_S, k->problem, sizeof k->problem) == 0)
    snprintf(k->html, sizeof k->html, "coverage/%s/index.html", k->name);
  free(show);
  summarize(r, index, k, profdata_flag, sources);
}

int report_coverage_collect(const report_campaign *c, const char *report_dir,
                            report_coverage *cov) {
  memset(cov, 0, sizeof *cov);
  cov_run r = {.binaries = NULL};
  char err[512];
  if (ff_source_root(r.root, sizeof r.root, err, sizeof err) != 0) {
    snprintf(cov->problem, sizeof cov->problem, "%s", err);
    return 0;
  }
  ff_manifest m;
  if (ff_manifest_load(r.root, &m, err, sizeof err) != 0) {
    snprintf(cov->problem, sizeof cov->problem, "%s", err);
    return 0;
  }
  snprintf(r.report_dir, sizeof r.report_dir, "%s", report_dir);
  char base[2100];
  snprintf(base, sizeof base, "%s/coverage", report_dir);
  if (ff_mkdirs(base) != 0 || corpus_sibling_dir(base, "work", r.work, sizeof r.work) != 0) {
    append(cov->problem, sizeof cov->problem, "cannot create a work directory in %s", base);
    ff_manifest_free(&m);
    return 0;
  }
  for (size_t i = 0; i < c->nfuzzers; i++) {
    const ff_fuzzer_info *fi = ff_manifest_find(&m, c->fuzzers[i].name);
    char corpus[2200];
    snprintf(corpus, sizeof corpus, "%s/%s/corpus", c->out_dir, c->fuzzers[i].name);
    if (fi)
      replay_fuzzer(&r, cov, c->out_dir, fi);
    else if (ff_count_files(corpus) > 0)
      append(cov->problem, sizeof cov->problem, "%s is in no components/*/fuzzers.tsv: not measured",
             c->fuzzers[i].name);
  }
  int measured = 0;
  for (size_t i = 0; i < cov->ncomponents; i++) {
    measure_component(&r, i, &cov->components[i]);
    if (cov->components[i].nfiles > 0) measured++;
  }
  if (cov->ncomponents == 0)
    append(cov->problem, sizeof cov->problem, "no fuzzer of the source tree has a corpus in %s",
           c->out_dir);
  corpus_remove_tree(r.work);
  free(r.binaries);
  ff_manifest_free(&m);
  return measured;
}

void report_coverage_free(report_coverage *cov) {
  for (size_t i = 0; i < cov->ncomponents; i++) free(cov->components[i].files);
  free(cov->components);
  memset(cov, 0, sizeof *cov);
}
