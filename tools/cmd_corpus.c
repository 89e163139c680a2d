/* `formfuzz corpus minimize|merge|stats|sync|export|seeds|import`: corpus management.
 * minimize and merge ask the fuzzer binary for features (-merge=1) and work in
 * a sibling temp directory, renamed into place at the end, so an interrupted
 * run leaves the original corpus intact. They refuse (exit 2) what they could
 * only damage: a file instead of a directory, a corpus with subdirectories
 * (the result is flat). Exit: 0 done, 2 bad usage, 3 could not read, write or
 * run something (or interrupted: the corpus is as it was). */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "child_process.h"
#include "command.h"
#include "corpus_features.h"
#include "corpus_import.h"
#include "corpus_origin.h"
#include "corpus_sync.h"
#include "dir_list.h"
#include "fileio.h"
#include "manifest.h"
#include "options.h"
#include "source_root.h"
#include "stop_signal.h"
#include "triage_locate.h"

typedef struct corpus_opts {
  const char *fuzzer, *binary, *engine, *out, *seeds;
  long max_len, timeout_s;
} corpus_opts;

#define DEFAULT_INPUT_TIMEOUT_S 10 /* as `formfuzz run` gives the engine */

static corpus_merge_opts merge_opts(const corpus_opts *o, const char *progress) {
  return (corpus_merge_opts){.input_timeout_s = o->timeout_s, .progress = progress};
}

/* The first subdirectory of dir into name (empty: none). */
static void first_subdirectory(const char *dir, char *name, size_t cap) {
  name[0] = '\0';
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    char path[8192];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
      snprintf(name, cap, "%s", e->d_name);
      break;
    }
  }
  closedir(d);
}

/* 0 when path is an existing directory that minimize/merge may rewrite
 * (flat: no subdirectory, whose inputs the flat result would drop) or read;
 * else a message and 2. */
static int usable_dir(const char *path, bool rewritten) {
  struct stat st;
  if (stat(path, &st) != 0) {
    fprintf(stderr, "formfuzz corpus: %s: %s\n", path, strerror(errno));
    return 2;
  }
  if (!S_ISDIR(st.st_mode)) {
    fprintf(stderr, "formfuzz corpus: %s is not a directory (minimize and merge work on corpus "
                    "directories); nothing was changed\n", path);
    return 2;
  }
  char sub[256];
  if (rewritten && (first_subdirectory(path, sub, sizeof sub), sub[0])) {
    fprintf(stderr, "formfuzz corpus: %s has a subdirectory (%s): the result is one flat "
                    "directory and would not keep it; move subdirectories out (or merge them in "
                    "with `corpus merge`); nothing was changed\n", path, sub);
    return 2;
  }
  return 0;
}

static void git_commit(char *out, size_t cap) {
  char root[4096], err[256];
  snprintf(out, cap, "unknown");
  if (ff_source_root(root, sizeof root, err, sizeof err) != 0) return;
  const char *argv[] = {"git", "-C", root, "rev-parse", "HEAD", NULL};
  ff_exit ex;
  char *text = NULL;
  if (ff_run_capture(argv, NULL, 30, 256, &ex, &text, err, sizeof err) == 0 && ex.code == 0 && text)
    snprintf(out, cap, "%.*s", (int)strcspn(text, "\n"), text);
  free(text);
}

/* Files and bytes of dir; empty and oversized files are reported and counted apart. */
static void measure(const char *dir, size_t max_len, size_t *files, size_t *bytes, size_t *bad,
                    bool report) {
  ff_path_list l = {0};
  ff_list_files(dir, &l);
  *files = *bytes = *bad = 0;
  for (size_t i = 0; i < l.count; i++) {
    struct stat st;
    bool ok = stat(l.paths[i], &st) == 0;
    if (!ok || st.st_size == 0 || (size_t)st.st_size > max_len) {
      if (report)
        fprintf(stderr, "formfuzz corpus: skipping %s: %s\n", l.paths[i],
                !ok ? "unreadable" : st.st_size == 0 ? "empty" : "larger than --max-len");
      (*bad)++;
      continue;
    }
    (*files)++;
    *bytes += (size_t)st.st_size;
  }
  ff_path_list_free(&l);
}

/* The base names of the files of dir that are not in before (sorted lists). */
static void added_names(const ff_path_list *before, const char *dir, ff_path_list *added) {
  ff_path_list now = {0};
  ff_list_files(dir, &now);
  for (size_t i = 0, j = 0; i < now.count; i++) {
    const char *name = strrchr(now.paths[i], '/') + 1;
    while (j < before->count && strcmp(strrchr(before->paths[j], '/') + 1, name) < 0) j++;
    if (j == before->count || strcmp(strrchr(before->paths[j], '/') + 1, name) != 0)
      ff_path_list_add(added, name);
  }
  ff_path_list_free(&now);
}

/* Rewrites DIR's manifest: commit, time, size and features; origins pruned to
 * what is left, merged inputs recorded. */
static int write_manifest(const char *dir, const corpus_opts *o, size_t features,
                          const ff_path_list *merged) {
  size_t files, bytes, bad;
  measure(dir, (size_t)o->max_len, &files, &bytes, &bad, false);
  char commit[128];
  git_commit(commit, sizeof commit);
  json_t *m = corpus_manifest_load(dir);
  if (!m) return -1;
  const char *who = o->fuzzer ? o->fuzzer : o->binary ? strrchr(o->binary, '/') : NULL;
  json_object_set_new(m, "fuzzer", json_string(who && *who == '/' ? who + 1 : who ? who : ""));
  json_object_set_new(m, "commit", json_string(commit));
  json_object_set_new(m, "minimized_at", json_integer((json_int_t)time(NULL)));
  json_object_set_new(m, "files", json_integer((json_int_t)files));
  json_object_set_new(m, "bytes", json_integer((json_int_t)bytes));
  json_object_set_new(m, "features", json_integer((json_int_t)features));
  corpus_origin_prune(m, dir);
  for (size_t i = 0; merged && i < merged->count; i++)
    corpus_origin_set(m, merged->paths[i], ORIGIN_MERGED);
  int rc = corpus_manifest_save(dir, m);
  json_decref(m);
  return rc;
}

static int locate(const corpus_opts *o, char *binary, size_t cap) {
  char err[512];
  const char *target = o->binary ? o->binary : o->fuzzer;
  if (!target) {
    fprintf(stderr, "formfuzz corpus: say which target gives the features: --fuzzer NAME or --binary PATH\n");
    return -1;
  }
  if (triage_locate_binary(target, o->engine, binary, cap, err, sizeof err) != 0) {
    fprintf(stderr, "formfuzz corpus: %s\n", err);
    return -1;
  }
  return 0;
}

/* minimize (into == NULL): dir := smallest subset of dir keeping every feature.
 * merge: dir := dir + the inputs of from that add features. */
static int minimize_or_merge(const corpus_opts *o, const char *dir, const char *from) {
  char binary[4096], err[4800], work[4200], stage_old[4300], stage_new[4300], out[4300], old[4300] = "";
  ff_path_list old_inputs = {0}, merged = {0};
  int usage = usable_dir(dir, true);
  if (usage == 0 && from) usage = usable_dir(from, false);
  if (usage != 0) return usage;
  if (locate(o, binary, sizeof binary) != 0) return 3;
  if (corpus_sibling_dir(dir, from ? "merge" : "minimize", work, sizeof work) != 0) {
    fprintf(stderr, "formfuzz corpus: cannot create a work directory next to %s: %s\n", dir,
            strerror(errno));
    return 3;
  }
  const corpus_merge_opts mo = merge_opts(o, from ? "corpus merge" : "corpus minimize");
  snprintf(stage_old, sizeof stage_old, "%s/in", work);
  snprintf(stage_new, sizeof stage_new, "%s/new", work);
  snprintf(out, sizeof out, "%s/out", work);
  int status = 3;
  size_t before_files, before_bytes, bad;
  measure(dir, (size_t)o->max_len, &before_files, &before_bytes, &bad, false);
  if (ff_mkdirs(stage_old) != 0 || ff_mkdirs(out) != 0 ||
      corpus_stage_inputs(dir, stage_old, (size_t)o->max_len) != 0 ||
      (from && (ff_mkdirs(stage_new) != 0 || corpus_stage_inputs(from, stage_new, (size_t)o->max_len) != 0))) {
    fprintf(stderr, "formfuzz corpus: cannot stage inputs in %s\n", work);
    goto done;
  }
  corpus_merge_result r;
  if (from) {
    /* the corpus as it is, then the new inputs that add features */
    const char *in[] = {stage_old, stage_new};
    ff_list_files(stage_old, &old_inputs);
    if (corpus_merge(binary, stage_old, in + 1, 1, work, &mo, &r, err, sizeof err) != 0) goto fail;
    snprintf(out, sizeof out, "%s", stage_old);
    added_names(&old_inputs, stage_old, &merged); /* staged files are SHA-1-named */
  } else {
    const char *in[] = {stage_old};
    if (corpus_merge(binary, out, in, 1, work, &mo, &r, err, sizeof err) != 0) goto fail;
    if (r.kept == 0 && before_files > 0) {
      snprintf(err, sizeof err, "the merge kept no input; corpus left as it was");
      goto fail;
    }
  }
  size_t features = r.features;
  if (from && corpus_count_features(binary, out, (size_t)o->max_len, &mo, &features, err,
                                    sizeof err) != 0)
    goto fail;
  snprintf(old, sizeof old, "%s/previous", work);
  if (rename(dir, old) != 0 || rename(out, dir) != 0) {
    snprintf(err, sizeof err, "cannot move the result into place (the original is in %s)", old);
    goto fail;
  }
  if (write_manifest(dir, o, features, &merged) != 0)
    fprintf(stderr, "formfuzz corpus: cannot write %s" CORPUS_MANIFEST_SUFFIX "\n", dir);
  size_t files, bytes;
  measure(dir, (size_t)o->max_len, &files, &bytes, &bad, false);
  printf("corpus %s: %zu files / %zu bytes -> %zu files / %zu bytes, %zu features\n",
         from ? "merge" : "minimize", before_files, before_bytes, files, bytes, features);
  status = 0;
  goto done;
fail:
  fprintf(stderr, "formfuzz corpus: %s%s\n", err,
          ff_stop_requested() ? "; the corpus is as it was" : "");
done:
  ff_path_list_free(&old_inputs);
  ff_path_list_free(&merged);
  if (status == 0 || !ff_is_dir(old)) corpus_remove_tree(work);
  return status;
}

/* components/<c>/tests/vectors/<fuzzer>: unit-test vectors as inputs of the fuzzer. */
static void vectors_dir(const ff_manifest *m, const ff_fuzzer_info *fi, char *out, size_t cap) {
  snprintf(out, cap, "%s/components/%s/tests/vectors/%s", m->root, fi->component, fi->name);
}

/* Inputs per origin: seeds matched against --seeds or the fuzzer's seeds and
 * vectors directories, promoted ones against its regressions directory. */
static int print_origins(const corpus_opts *o, const char *dir, const json_t *manifest) {
  ff_manifest m = {.count = 0};
  const ff_fuzzer_info *fi = NULL;
  if (o->fuzzer) {
    if (ff_manifest_load_default(&m) != 0) return -1;
    fi = ff_manifest_find(&m, o->fuzzer);
  }
  char vectors[4400];
  const char *seed_dirs[3];
  size_t n_seed_dirs = 0;
  if (o->seeds) seed_dirs[n_seed_dirs++] = o->seeds;
  if (fi) {
    vectors_dir(&m, fi, vectors, sizeof vectors);
    if (!o->seeds) seed_dirs[n_seed_dirs++] = fi->seeds_dir;
    seed_dirs[n_seed_dirs++] = vectors;
  }
  size_t counts[ORIGIN_COUNT];
  int rc = corpus_origin_count(dir, manifest, seed_dirs, n_seed_dirs,
                               fi ? fi->regressions_dir : NULL, (size_t)o->max_len, counts);
  for (int i = 0; rc == 0 && i < ORIGIN_COUNT; i++)
    printf("origin %s %zu\n", corpus_origin_name((enum corpus_origin)i), counts[i]);
  if (o->fuzzer) ff_manifest_free(&m);
  return rc;
}

static int stats(const corpus_opts *o, const char *dir) {
  size_t files, bytes, bad;
  if (!ff_is_dir(dir)) {
    fprintf(stderr, "formfuzz corpus: %s is not a directory\n", dir);
    return 2;
  }
  measure(dir, (size_t)o->max_len, &files, &bytes, &bad, true);
  printf("files %zu\nbytes %zu\nskipped %zu\n", files, bytes, bad);
  json_t *manifest = corpus_manifest_load(dir);
  if (!manifest) return 3;
  const char *commit = json_string_value(json_object_get(manifest, "commit"));
  json_t *when = json_object_get(manifest, "minimized_at");
  if (commit && json_is_integer(when))
    printf("minimized at commit %s (unix time %lld)\n", commit,
           (long long)json_integer_value(when));
  int status = print_origins(o, dir, manifest) == 0 ? 0 : 3;
  json_decref(manifest);
  if (status == 0 && (o->fuzzer || o->binary)) {
    char binary[4096], err[4800];
    size_t features;
    if (locate(o, binary, sizeof binary) != 0) return 3;
    const corpus_merge_opts mo = merge_opts(o, "corpus stats");
    if (corpus_count_features(binary, dir, (size_t)o->max_len, &mo, &features, err, sizeof err) !=
        0) {
      fprintf(stderr, "formfuzz corpus: %s\n", err);
      return 3;
    }
    printf("features %zu\n", features);
  }
  return status;
}

static int export_zip(const corpus_opts *o, const char *dir) {
  if (!o->fuzzer) {
    fprintf(stderr, "formfuzz corpus export: --fuzzer NAME names the zip\n");
    return 2;
  }
  const char *dest_dir = o->out ? o->out : ".";
  char zip[4200], tmp[4300];
  snprintf(zip, sizeof zip, "%s/%s_seed_corpus.zip", dest_dir, o->fuzzer);
  snprintf(tmp, sizeof tmp, "%s.tmp.%ld.zip", zip, (long)getpid());
  if (ff_mkdirs(dest_dir) != 0) {
    fprintf(stderr, "formfuzz corpus: cannot create %s: %s\n", dest_dir, strerror(errno));
    return 3;
  }
  char work[4200], err[256];
  if (corpus_sibling_dir(zip, "stage", work, sizeof work) != 0) {
    fprintf(stderr, "formfuzz corpus: cannot create a staging directory next to %s: %s\n", zip,
            strerror(errno));
    return 3;
  }
  if (corpus_stage_inputs(dir, work, (size_t)o->max_len) != 0) {
    fprintf(stderr, "formfuzz corpus: cannot stage %s in %s: %s\n", dir, work, strerror(errno));
    corpus_remove_tree(work);
    return 3;
  }
  char abs_tmp[8500];
  if (tmp[0] == '/')
    snprintf(abs_tmp, sizeof abs_tmp, "%s", tmp);
  else {
    char cwd[4096];
    snprintf(abs_tmp, sizeof abs_tmp, "%s/%s", getcwd(cwd, sizeof cwd) ? cwd : ".", tmp);
  }
  const char *argv[] = {"zip", "-q", "-X", "-r", abs_tmp, ".", NULL};
  ff_spawn_opts opts = {.cwd = work, .quiet = true};
  ff_exit ex;
  int rc = ff_run(argv, &opts, 600, &ex, err, sizeof err);
  size_t n = ff_count_files(work);
  corpus_remove_tree(work);
  if (rc != 0 || ex.code != 0 || (n > 0 && rename(tmp, zip) != 0)) {
    fprintf(stderr, "formfuzz corpus: zip failed%s%s\n", rc ? ": " : "", rc ? err : "");
    unlink(tmp);
    return 3;
  }
  if (n == 0) {
    fprintf(stderr, "formfuzz corpus: %s has no usable inputs; no zip written\n", dir);
    return 2;
  }
  printf("%s (%zu inputs)\n", zip, n);
  return 0;
}

/* Copies the inputs of from into dest (SHA-1-named) and records the new ones
 * with origin. Returns 0 or -1; *added says how many were new. */
static int add_seeds(const char *from, const char *dest, size_t max_len, enum corpus_origin origin,
                     size_t *added_count) {
  ff_path_list before = {0}, added = {0};
  ff_list_files(dest, &before);
  int rc = corpus_stage_inputs(from, dest, max_len);
  added_names(&before, dest, &added);
  if (corpus_origin_record(dest, (const char *const *)added.paths, added.count, origin) != 0)
    rc = -1;
  *added_count = added.count;
  ff_path_list_free(&before);
  ff_path_list_free(&added);
  return rc;
}

/* Seeds from tests: the unit-test vectors of components/<c>/tests/vectors/<fuzzer>/
 * (recorded as seeds) and the regression inputs, i.e. property-test
 * counterexamples and fixed crashes (recorded as promoted). */
static int seeds(const corpus_opts *o, const char *dest) {
  ff_manifest m;
  if (!o->fuzzer) {
    fprintf(stderr, "formfuzz corpus seeds: --fuzzer NAME says whose vectors and regressions to take\n");
    return 2;
  }
  if (ff_manifest_load_default(&m) != 0) return 3;
  const ff_fuzzer_info *fi = ff_manifest_require(&m, o->fuzzer, "formfuzz corpus seeds");
  int status = fi ? 3 : 2;
  if (fi && ff_mkdirs(dest) == 0) {
    char vectors[4400];
    size_t from_vectors = 0, from_regressions = 0;
    vectors_dir(&m, fi, vectors, sizeof vectors);
    int rc = add_seeds(vectors, dest, (size_t)o->max_len, ORIGIN_SEED, &from_vectors);
    if (add_seeds(fi->regressions_dir, dest, (size_t)o->max_len, ORIGIN_PROMOTED,
                  &from_regressions) != 0)
      rc = -1;
    status = rc == 0 ? 0 : 3;
    printf("seeds: %zu new input(s) from %s, %zu from %s, into %s\n", from_vectors, vectors,
           from_regressions, fi->regressions_dir, dest);
  }
  ff_manifest_free(&m);
  return status;
}

typedef struct import_bounds {
  long flow_memory, total_memory, max_flows;
} import_bounds;

static int import_pcap(const corpus_opts *o, const char *proto, long port, const import_bounds *b, const char *pcap,
                       const char *dest) {
  bool http = strcmp(proto, "http") == 0;
  if (!http && strcmp(proto, "dns") != 0) {
    fprintf(stderr, "formfuzz corpus import: --proto '%s': dns or http\n", proto);
    return 2;
  }
  corpus_import_opts io = {.http = http, .port = port ? (int)port : http ? 80 : 53, .max_len = (size_t)o->max_len,
                           .flow_memory = b->flow_memory ? (size_t)b->flow_memory : (size_t)o->max_len + (256u << 10),
                           .total_memory = (size_t)b->total_memory, .max_flows = (size_t)b->max_flows};
  corpus_import_stats st;
  char err[1024];
  if (corpus_import_pcap(pcap, dest, &io, &st, err, sizeof err)) {
    fprintf(stderr, "formfuzz corpus import: %s\n", err);
    return 3;
  }
  printf("import: %zu packet(s), %zu %s request(s): %zu written, %zu already there, %zu skipped, into %s\n",
         st.packets, st.requests, http ? "HTTP" : "DNS", st.written, st.duplicates, st.skipped, dest);
  if (st.flows)
    printf("tcp: %zu flow(s), %zu segment(s) out of order, %llu byte(s) retransmitted, %zu gap(s) (%llu byte(s) "
           "missing), %llu byte(s) after a FIN or RST, %zu flow(s) ended early and %llu byte(s) dropped for the "
           "memory bounds\n",
           st.flows, st.out_of_order, (unsigned long long)st.retransmitted, st.gaps,
           (unsigned long long)st.gap_bytes, (unsigned long long)st.late, st.evicted,
           (unsigned long long)st.over_bound);
  return 0;
}

static int cmd_corpus(int argc, char **argv) {
  corpus_opts o = {.max_len = 1 << 20, .timeout_s = DEFAULT_INPUT_TIMEOUT_S};
  const char *proto = "dns";
  long port = 0;
  import_bounds bounds = {.total_memory = 256l << 20, .max_flows = 65536};
  const ff_option options[] = {
      FF_STRING_OPTION("fuzzer", &o.fuzzer, "NAME", "the fuzzer whose binary gives features (and names exports)"),
      FF_STRING_OPTION("binary", &o.binary, "PATH", "use this libFuzzer-compatible binary for features"),
      FF_STRING_OPTION("engine", &o.engine, "E", "preset of the fuzzer binary (default: first built)"),
      FF_STRING_OPTION("out", &o.out, "DIR", "export: where the zip goes (default: .)"),
      FF_STRING_OPTION("seeds", &o.seeds, "DIR", "stats: inputs found here count as seeds (default: the fuzzer's)"),
      {"max-len", FF_OPT_INT, &o.max_len, "N", "inputs larger than N bytes are skipped (default 1 MiB)", 1, 1 << 30},
      {"timeout", FF_OPT_INT, &o.timeout_s, "S", "minimize, merge, stats: an input running longer than S seconds is "
       "skipped (default 10)", 1, 86400},
      FF_STRING_OPTION("proto", &proto, "dns|http", "import: the requests to take (default dns)"),
      {"port", FF_OPT_INT, &port, "N", "import: the server port requests go to (default 53, http 80)", 1, 65535},
      {"flow-memory", FF_OPT_INT, &bounds.flow_memory, "BYTES", "import: bytes held per TCP flow while it is "
       "reassembled (default max-len + 256 KiB)", 4096, 1l << 32},
      {"total-memory", FF_OPT_INT, &bounds.total_memory, "BYTES", "import: bytes held by all TCP flows "
       "(default 256 MiB); the least recently active flows end first", 4096, 1l << 36},
      {"max-flows", FF_OPT_INT, &bounds.max_flows, "N", "import: TCP flows open at once (default 65536)", 1, 1 << 24},
  };
  const ff_command_spec spec = {
      .command = "corpus",
      .usage = "corpus minimize DIR | merge DIR NEW_DIR | stats DIR | sync DIR DIR... | export DIR | seeds DIR |\n"
               "       import CAPTURE.pcap DIR  [options]",
      .description =
          "minimize  smallest subset of DIR keeping every feature (binary's -merge=1), done in a\n"
          "          temp dir renamed into place; records the commit in DIR" CORPUS_MANIFEST_SUFFIX "\n"
          "merge     adds the inputs of NEW_DIR that bring new features\n"
          "stats     files, bytes, skipped files, manifest, inputs per origin (seed, fuzzing,\n"
          "          synced, merged, promoted), features (with --fuzzer/--binary)\n"
          "sync      exchanges inputs between formfuzz corpus dirs and AFL++ -o dirs, both ways\n"
          "export    OSS-Fuzz style <fuzzer>_seed_corpus.zip\n"
          "seeds     writes the fuzzer's unit-test vectors (components/<c>/tests/vectors/<fuzzer>/)\n"
          "          and regression inputs into DIR as seeds\n"
          "import    DNS or HTTP requests sent to --port in a pcap capture (libpcap) into DIR:\n"
          "          UDP payloads, and the client's TCP streams reassembled (order, retransmissions,\n"
          "          SYN/FIN/RST, bounded memory, gaps reported) and split into framed DNS messages\n"
          "          or HTTP requests (Content-Length or chunked)\n"
          "Empty, unreadable and oversized files are reported and skipped.",
      .options = options,
      .option_count = (int)(sizeof options / sizeof *options),
      .min_positional = 1,
      .max_positional = -1,
  };
  ff_args args;
  int rc = ff_parse_options(&spec, argc, argv, &args);
  if (rc != FF_PARSE_OK) return rc == FF_PARSE_HELP ? 0 : 2;
  ff_stop_signal_install();
  const char *sub = args.positional[0];
  int nargs = args.positional_count - 1;
  char **rest = args.positional + 1;
  if (strcmp(sub, "minimize") == 0 && nargs == 1) return minimize_or_merge(&o, rest[0], NULL);
  if (strcmp(sub, "merge") == 0 && nargs == 2) return minimize_or_merge(&o, rest[0], rest[1]);
  if (strcmp(sub, "stats") == 0 && nargs == 1) return stats(&o, rest[0]);
  if (strcmp(sub, "export") == 0 && nargs == 1) return export_zip(&o, rest[0]);
  if (strcmp(sub, "seeds") == 0 && nargs == 1) return seeds(&o, rest[0]);
  if (strcmp(sub, "import") == 0 && nargs == 2) return import_pcap(&o, proto, port, &bounds, rest[0], rest[1]);
  if (strcmp(sub, "sync") == 0 && nargs >= 2) {
    corpus_sync_stats st;
    char err[512];
    if (corpus_sync((const char *const *)rest, nargs, (size_t)o.max_len, &st, err, sizeof err) != 0) {
      fprintf(stderr, "formfuzz corpus sync: %s\n", err);
      return 3;
    }
    printf("sync: %zu distinct input(s), %zu file(s) written, %zu skipped\n", st.unique, st.written,
           st.skipped);
    return 0;
  }
  return ff_usage_error(&spec, "unknown subcommand or wrong number of directories: %s", sub);
}

FF_COMMAND("corpus", "minimize, merge, sync, export corpora; stats; seeds from regressions", cmd_corpus)
