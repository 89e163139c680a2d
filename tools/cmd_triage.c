/* `formfuzz triage`: reproduce every artifact of a campaign, bucket crashes by
 * signature, minimize one input per bucket, and write report.md per bucket,
 * index.json and results.sarif under out/triage/; `--promote` copies a
 * bucket's minimized input into its component's regressions. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "command.h"
#include "dir_list.h"
#include "fileio.h"
#include "manifest.h"
#include "options.h"
#include "source_root.h"
#include "triage_bucket.h"
#include "triage_locate.h"
#include "triage_output.h"
#include "triage_tmin.h"

#define TRIAGE_MAX_INPUT (64u << 20)

typedef struct triage_opts {
  const char *out, *engine, *binary, *promote, *regressions;
  long attempts, tmin_budget;
  double timeout;
} triage_opts;

static void note_input(triage_bucket *b, const char *path, const struct stat *st) {
  b->count++;
  if (!b->first_input[0] || st->st_mtime < b->first_mtime ||
      (st->st_mtime == b->first_mtime && strcmp(path, b->first_input) < 0)) {
    snprintf(b->first_input, sizeof b->first_input, "%s", path);
    b->first_mtime = st->st_mtime;
  }
  if (!b->smallest_input[0] || (size_t)st->st_size < b->smallest_size ||
      ((size_t)st->st_size == b->smallest_size && strcmp(path, b->smallest_input) < 0)) {
    snprintf(b->smallest_input, sizeof b->smallest_input, "%s", path);
    b->smallest_size = (size_t)st->st_size;
  }
  if (b->count == 1 || st->st_mtime < b->first_seen) b->first_seen = st->st_mtime;
  if (st->st_mtime > b->last_seen) b->last_seen = st->st_mtime;
}

static int triage_fuzzer(const triage_opts *o, const char *fuzzer, triage_set *set) {
  char dir[4200], binary[4096], err[512];
  snprintf(dir, sizeof dir, "%s/%s/artifacts", o->out, fuzzer);
  ff_path_list files = {0};
  if (ff_list_files(dir, &files) < 0) {
    fprintf(stderr, "formfuzz triage: cannot list %s\n", dir);
    return -1;
  }
  if (files.count == 0) {
    ff_path_list_free(&files);
    return 0;
  }
  if (triage_locate_binary(o->binary ? o->binary : fuzzer, o->engine, binary, sizeof binary, err,
                           sizeof err) != 0) {
    fprintf(stderr, "formfuzz triage: %s: %s\n", fuzzer, err);
    ff_path_list_free(&files);
    return -1;
  }
  triage_target t = {.binary = binary, .timeout_s = o->timeout};
  for (size_t i = 0; i < files.count; i++) {
    const char *path = files.paths[i], *name = strrchr(path, '/') + 1;
    triage_set_note_artifact(set, fuzzer, name);
    struct stat st;
    if (stat(path, &st) != 0 || (size_t)st.st_size > TRIAGE_MAX_INPUT) {
      fprintf(stderr, "formfuzz triage: skipping %s: unreadable or larger than %u bytes\n", path,
              TRIAGE_MAX_INPUT);
      triage_set_add_unrepro(set, fuzzer, path, "unreadable or oversized");
      continue;
    }
    triage_repro r;
    if (triage_reproduce(&t, path, (int)o->attempts, &r) != 0) {
      fprintf(stderr, "formfuzz triage: %s: %s\n", fuzzer, r.error);
      ff_path_list_free(&files);
      return -1;
    }
    if (!r.crash.crashed) {
      char why[128];
      snprintf(why, sizeof why, "did not crash in %d run(s)", r.attempts);
      triage_set_add_unrepro(set, fuzzer, path, why);
      continue;
    }
    int runs = r.attempts, same = r.same;
    triage_bucket *b = triage_set_add(set, fuzzer, &r.crash);
    if (!b) {
      ff_path_list_free(&files);
      return -1;
    }
    b->runs += runs;
    b->same_runs += same;
    if (same < runs) b->stable = false;
    snprintf(b->binary, sizeof b->binary, "%s", binary);
    note_input(b, path, &st);
  }
  ff_path_list_free(&files);
  return 0;
}

/* Minimized input: kept from a previous run when it still gives the signature. */
static void minimize_bucket(const triage_opts *o, const char *triage_dir, triage_bucket *b) {
  char bdir[4300], min_path[4400], err[512];
  snprintf(bdir, sizeof bdir, "%s/%s", triage_dir, b->id);
  snprintf(min_path, sizeof min_path, "%s/minimized", bdir);
  triage_target t = {.binary = b->binary, .timeout_s = o->timeout};
  struct stat st;
  if (stat(min_path, &st) == 0) {
    triage_crash c;
    int rc = triage_run_once(&t, min_path, &c, err, sizeof err);
    bool same = rc == 1 && strcmp(c.signature, b->crash.signature) == 0;
    if (rc == 1) triage_crash_free(&c);
    if (same) {
      snprintf(b->minimized, sizeof b->minimized, "%s", min_path);
      b->minimized_size = (size_t)st.st_size;
      return;
    }
  }
  if (o->tmin_budget <= 0) return;
  uint8_t *data, *small;
  size_t len, small_len;
  if (ff_read_file(b->smallest_input, TRIAGE_MAX_INPUT, &data, &len, err, sizeof err) != 0) return;
  triage_tmin_stats ts;
  int rc = triage_minimize(&t, data, len, b->crash.signature, o->tmin_budget, &small, &small_len,
                           &ts, err, sizeof err);
  free(data);
  if (rc != 0) {
    fprintf(stderr, "formfuzz triage: tmin of bucket %s: %s\n", b->id, err);
    return;
  }
  if (ff_mkdirs(bdir) == 0 && ff_write_atomic(min_path, small, small_len) == 0) {
    snprintf(b->minimized, sizeof b->minimized, "%s", min_path);
    b->minimized_size = small_len;
  }
  free(small);
}

static int promote(const triage_opts *o, const char *triage_dir) {
  char path[8600], err[512];
  snprintf(path, sizeof path, "%s/index.json", triage_dir);
  triage_previous prev;
  triage_previous_load(triage_dir, &prev);
  if (!prev.present) {
    fprintf(stderr, "formfuzz triage: no %s: run formfuzz triage first\n", path);
    return 1;
  }
  triage_previous_free(&prev);
  /* the bucket directory holds the minimized input and the name of its fuzzer */
  char bdir[8500];
  snprintf(bdir, sizeof bdir, "%s/%s", triage_dir, o->promote);
  uint8_t *data;
  size_t len;
  snprintf(path, sizeof path, "%s/minimized", bdir);
  if (ff_read_file(path, TRIAGE_MAX_INPUT, &data, &len, err, sizeof err) != 0) {
    fprintf(stderr, "formfuzz triage: bucket %s has no minimized input (%s: %s)\n", o->promote, path,
            err);
    return 1;
  }
  char fuzzer[128] = "";
  snprintf(path, sizeof path, "%s/fuzzer", bdir);
  uint8_t *fz;
  size_t fzlen;
  if (ff_read_file(path, sizeof fuzzer - 1, &fz, &fzlen, err, sizeof err) == 0) {
    snprintf(fuzzer, sizeof fuzzer, "%.*s", (int)strcspn((char *)fz, "\n"), (char *)fz);
    free(fz);
  }
  char dest[4200];
  if (o->regressions) {
    snprintf(dest, sizeof dest, "%s", o->regressions);
  } else {
    ff_manifest m;
    if (ff_manifest_load_default(&m) != 0) {
      free(data);
      return 1;
    }
    const ff_fuzzer_info *fi = ff_manifest_require(&m, fuzzer, "formfuzz triage --promote");
    if (fi) snprintf(dest, sizeof dest, "%s", fi->regressions_dir);
    ff_manifest_free(&m);
    if (!fi) {
      free(data);
      return 1;
    }
  }
  char name[64];
  int rc = ff_mkdirs(dest) == 0 ? ff_write_content_addressed(dest, NULL, data, len, name, sizeof name) : -1;
  free(data);
  if (rc < 0) {
    fprintf(stderr, "formfuzz triage: cannot write into %s\n", dest);
    return 1;
  }
  printf("%s %s/%s\n", rc == 1 ? "promoted:" : "already there:", dest, name);
  return 0;
}

static int cmd_triage(int argc, char **argv) {
  triage_opts o = {.out = "out", .attempts = 3, .tmin_budget = 300, .timeout = 10};
  const ff_option options[] = {
      FF_STRING_OPTION("out", &o.out, "DIR", "campaign directory (default: out)"),
      FF_STRING_OPTION("engine", &o.engine, "E", "preset whose binaries reproduce (default: first built of replay, builtin, libfuzzer)"),
      FF_STRING_OPTION("binary", &o.binary, "PATH", "reproduce with this binary (one fuzzer)"),
      {"attempts", FF_OPT_INT, &o.attempts, "N", "runs per artifact to tell stable from flaky (default 3)", 1, 1000},
      {"timeout", FF_OPT_DOUBLE, &o.timeout, "S", "per-run limit in seconds (default 10)", 0.01, 86400},
      {"tmin-budget", FF_OPT_INT, &o.tmin_budget, "N", "target runs for minimizing each bucket (default 300, 0: off)", 0, 1e9},
      FF_STRING_OPTION("promote", &o.promote, "BUCKET", "copy BUCKET's minimized input into its regressions"),
      FF_STRING_OPTION("regressions", &o.regressions, "DIR", "with --promote: target directory instead of the manifest's"),
  };
  const ff_command_spec spec = {
      .command = "triage",
      .usage = "triage [--out DIR] [fuzzers...] [--promote BUCKET]",
      .description = "Reproduces every DIR/<fuzzer>/artifacts/* (several runs: stable or flaky),\n"
                     "buckets crashes by kind + top three frames, minimizes one input per bucket,\n"
                     "and writes DIR/triage/<bucket>/report.md, index.json and results.sarif.\n"
                     "Re-running is idempotent; buckets from newly arrived artifacts are marked new.",
      .options = options,
      .option_count = (int)(sizeof options / sizeof *options),
      .min_positional = 0,
      .max_positional = -1,
  };
  ff_args args;
  int rc = ff_parse_options(&spec, argc, argv, &args);
  if (rc != FF_PARSE_OK) return rc == FF_PARSE_HELP ? 0 : 2;
  char triage_dir[4200];
  snprintf(triage_dir, sizeof triage_dir, "%s/triage", o.out);
  if (o.promote) return promote(&o, triage_dir);

  ff_path_list fuzzers = {0};
  if (args.positional_count > 0) {
    for (int i = 0; i < args.positional_count; i++) ff_path_list_add(&fuzzers, args.positional[i]);
  } else {
    DIR *d = opendir(o.out);
    if (!d) {
      fprintf(stderr, "formfuzz triage: cannot open %s\n", o.out);
      return 1;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
      char p[4400];
      snprintf(p, sizeof p, "%s/%s/artifacts", o.out, e->d_name);
      if (e->d_name[0] != '.' && ff_is_dir(p)) ff_path_list_add(&fuzzers, e->d_name);
    }
    closedir(d);
  }
  if (fuzzers.count > 1 && o.binary) {
    ff_path_list_free(&fuzzers);
    return ff_usage_error(&spec, "--binary needs exactly one fuzzer");
  }
  triage_set set = {0};
  int status = 0;
  for (size_t i = 0; i < fuzzers.count; i++)
    if (triage_fuzzer(&o, fuzzers.paths[i], &set) != 0) status = 1;
  ff_path_list_free(&fuzzers);

  triage_previous prev;
  triage_previous_load(triage_dir, &prev);
  triage_previous_apply(&prev, &set);
  triage_previous_free(&prev);
  if (ff_mkdirs(triage_dir) != 0) {
    fprintf(stderr, "formfuzz triage: cannot create %s\n", triage_dir);
    triage_set_free(&set);
    return 1;
  }
  long fresh = 0;
  char root[4096], err[256];
  if (ff_source_root(root, sizeof root, err, sizeof err) != 0) root[0] = '\0';
  for (size_t i = 0; i < set.nbuckets; i++) {
    triage_bucket *b = &set.buckets[i];
    minimize_bucket(&o, triage_dir, b);
    triage_target t = {.binary = b->binary, .timeout_s = o.timeout};
    triage_repro_command(&t, b->minimized[0] ? b->minimized : b->smallest_input, b->repro,
                         sizeof b->repro);
    char bdir[4300], fpath[4400];
    snprintf(bdir, sizeof bdir, "%s/%s", triage_dir, b->id);
    snprintf(fpath, sizeof fpath, "%s/fuzzer", bdir);
    if (ff_mkdirs(bdir) == 0) { /* --promote reads which fuzzer a bucket belongs to */
      char line[160];
      int n = snprintf(line, sizeof line, "%s\n", b->fuzzer);
      ff_write_atomic(fpath, line, (size_t)n);
    }
    if (triage_write_bucket_report(b, triage_dir) != 0) status = 1;
    fresh += b->is_new;
    char title[512];
    triage_bucket_title(b, title, sizeof title);
    printf("%s %s  %-7s %-6s %3ld input(s)  %s: %s\n", b->is_new ? "NEW" : "   ", b->id,
           b->crash.severity, b->stable ? "stable" : "flaky", b->count, b->fuzzer, title);
  }
  if (triage_write_index(&set, triage_dir) != 0 ||
      triage_write_sarif(&set, triage_dir, root[0] ? root : NULL) != 0) {
    fprintf(stderr, "formfuzz triage: cannot write into %s\n", triage_dir);
    status = 1;
  }
  printf("triage: %zu artifact(s), %zu bucket(s) (%ld new), %zu did not reproduce: %s/index.json\n",
         set.artifacts.count, set.nbuckets, fresh, set.nunrepro, triage_dir);
  triage_set_free(&set);
  return status;
}

FF_COMMAND("triage", "reproduce, bucket and minimize crash artifacts; issue-ready reports", cmd_triage)
