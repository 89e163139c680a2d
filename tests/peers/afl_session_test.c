/* Unit test of formfuzz's AFL++ plumbing (tools/lib/afl_command.c and
 * afl_output.c), without running afl-fuzz: the command lines of a --jobs 3
 * session (one -M main, two -S secondaries, the CMPLOG twin as the target with
 * -c 0 on the main and every other secondary, -E budget shared out, seeds
 * offset per instance, -G max_len),
 * the summed statistics of the instances' fuzzer_stats, and crashes/hangs/queue
 * of every instance copied into artifacts/ and corpus/ by content. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "afl_command.h"
#include "afl_output.h"
#include "dir_list.h"
#include "fileio.h"

static int failures;

#define CHECK(cond, ...)                              \
  do {                                                \
    if (!(cond)) {                                    \
      fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
      fprintf(stderr, __VA_ARGS__);                   \
      fprintf(stderr, "\n");                          \
      failures++;                                     \
    }                                                 \
  } while (0)

/* The value after flag in argv, or NULL. */
static const char *flag_value(char **argv, const char *flag) {
  for (int i = 0; argv[i] && argv[i + 1]; i++)
    if (strcmp(argv[i], flag) == 0) return argv[i + 1];
  return NULL;
}

static void write_text(const char *dir, const char *name, const char *text) {
  char path[4400];
  if (ff_mkdirs(dir) != 0) {
    CHECK(false, "cannot create %s", dir);
    return;
  }
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *fp = fopen(path, "w");
  CHECK(fp != NULL, "cannot write %s", path);
  if (!fp) return;
  fputs(text, fp);
  fclose(fp);
}

static void test_command_lines(const char *work) {
  char binary[4400], cmplog[4500];
  snprintf(binary, sizeof binary, "%s/bin/fuzz_me", work);
  snprintf(cmplog, sizeof cmplog, "%s.cmplog", binary);
  char bin_dir[4400];
  snprintf(bin_dir, sizeof bin_dir, "%s/bin", work);
  write_text(bin_dir, "fuzz_me", "binary");
  write_text(bin_dir, "fuzz_me.cmplog", "cmplog twin");
  char seeds[4400], dict[4400];
  snprintf(seeds, sizeof seeds, "%s/seeds", work);
  snprintf(dict, sizeof dict, "%s/seeds.dict", work);
  write_text(seeds, "one", "seed");

  ff_fuzzer_info f = {.name = "fuzz_me", .max_len = 321, .seeds_dir = seeds, .dict = dict};
  ff_fuzzer_out out;
  CHECK(ff_fuzzer_out_paths(work, "fuzz_me", &out) == 0, "paths");
  char create_err[512];
  CHECK(ff_fuzzer_out_create(&out, create_err, sizeof create_err) == 0, "create out");
  ff_session_config cfg = {.engine = "afl", .binary = binary, .fuzzer = &f, .out = &out,
                           .runs = 1000, .jobs = 3, .seed = 7};
  const char *want_role[] = {"-M", "-S", "-S"};
  const char *want_name[] = {"main", "sec1", "sec2"};
  const char *want_seed[] = {"7", "8", "9"};
  for (int i = 0; i < 3; i++) {
    char err[256], name[32];
    char **argv = ff_afl_argv(&cfg, i, err, sizeof err);
    CHECK(argv != NULL, "argv %d: %s", i, err);
    if (!argv) continue;
    ff_afl_instance_name(3, i, name, sizeof name);
    CHECK(strcmp(name, want_name[i]) == 0, "instance %d is %s", i, name);
    CHECK(strcmp(argv[0], "afl-fuzz") == 0, "argv[0] %s", argv[0]);
    const char *role = flag_value(argv, want_role[i]);
    CHECK(role && strcmp(role, want_name[i]) == 0, "instance %d: %s %s", i, want_role[i],
          role ? role : "(missing)");
    CHECK(strcmp(flag_value(argv, "-i"), seeds) == 0, "-i is the seeds while the corpus is empty");
    CHECK(strcmp(flag_value(argv, "-o"), out.afl) == 0, "-o is out/<fuzzer>/afl");
    CHECK(strcmp(flag_value(argv, "-E"), "334") == 0, "-E shares 1000 runs by 3: %s", flag_value(argv, "-E"));
    CHECK(strcmp(flag_value(argv, "-s"), want_seed[i]) == 0, "-s %s", flag_value(argv, "-s"));
    CHECK(strcmp(flag_value(argv, "-G"), "321") == 0, "-G is max_len");
    CHECK(strcmp(flag_value(argv, "-x"), dict) == 0, "-x is the dictionary");
    /* afl-fuzz 4.04c runs the main target in its cmplog forkserver: the twin
     * is the target, with -c 0 */
    const char *c = flag_value(argv, "-c");
    int n = 0;
    while (argv[n]) n++;
    const char *target = argv[n - 1];
    CHECK(strcmp(argv[n - 2], "--") == 0, "ends with -- target");
    if (i % 2 == 0) {
      CHECK(c && strcmp(c, "0") == 0, "instance %d: -c 0 (got %s)", i, c ? c : "none");
      CHECK(strcmp(target, cmplog) == 0, "instance %d fuzzes the cmplog twin (got %s)", i, target);
    } else {
      CHECK(c == NULL, "instance %d runs without cmplog", i);
      CHECK(strcmp(target, binary) == 0, "instance %d fuzzes the plain binary (got %s)", i, target);
    }
    ff_afl_argv_free(argv);
  }
  /* one instance: AFL's default directory, no -M/-S */
  cfg.jobs = 1;
  char err[256], name[32];
  char **argv = ff_afl_argv(&cfg, 0, err, sizeof err);
  CHECK(argv && !flag_value(argv, "-M") && !flag_value(argv, "-S"), "single instance has no -M/-S");
  CHECK(argv && strcmp(flag_value(argv, "-E"), "1000") == 0, "single instance gets all runs");
  ff_afl_argv_free(argv);
  ff_afl_instance_name(1, 0, name, sizeof name);
  CHECK(strcmp(name, "default") == 0, "single instance is 'default'");
  /* the environment must not hide the persistent-mode signature */
  for (const char *const *e = ff_afl_env; *e; e++)
    CHECK(strncmp(*e, "AFL_SKIP_BIN_CHECK", 18) != 0, "AFL_SKIP_BIN_CHECK is set");
}

static void test_outputs(const char *work) {
  char afl[4400], dir[4500];
  snprintf(afl, sizeof afl, "%s/afl", work);
  snprintf(dir, sizeof dir, "%s/main", afl);
  write_text(dir, "fuzzer_stats",
             "start_time        : 1000\nlast_update       : 1060\nrun_time          : 60\n"
             "execs_done        : 5000\nexecs_per_sec     : 83.5\ncorpus_count      : 40\n"
             "saved_crashes     : 1\nsaved_hangs       : 0\nedges_found       : 120\n"
             "peak_rss_mb       : 30\n");
  snprintf(dir, sizeof dir, "%s/sec1", afl);
  write_text(dir, "fuzzer_stats",
             "start_time        : 1002\nlast_update       : 1061\nrun_time          : 58\n"
             "execs_done        : 7000\nexecs_per_sec     : inf\ncorpus_count      : 35\n"
             "saved_crashes     : 2\nsaved_hangs       : 1\nedges_found       : 130\n"
             "peak_rss_mb       : 25\n");
  ff_stats s = {0};
  CHECK(ff_afl_read_stats(afl, 2, &s) == 0, "read two instances");
  CHECK(s.execs == 12000, "execs summed: %llu", (unsigned long long)s.execs);
  CHECK(s.exec_per_sec > 83.4 && s.exec_per_sec < 83.6, "exec/s summed, inf skipped: %f", s.exec_per_sec);
  CHECK(s.crashes == 3 && s.timeouts == 1, "crashes %llu timeouts %llu summed",
        (unsigned long long)s.crashes, (unsigned long long)s.timeouts);
  CHECK(s.edges == 130 && s.corpus_size == 40 && s.rss_mb == 30, "largest edges/corpus/rss");
  CHECK(s.start_time == 1000 && s.updated == 1061 && s.elapsed_s == 60, "earliest start, latest update");
  ff_stats one = {0};
  CHECK(ff_afl_read_stats(afl, 1, &one) != 0, "no 'default' instance: nothing read");

  snprintf(dir, sizeof dir, "%s/main/crashes", afl);
  write_text(dir, "id:000000,sig:06", "crash A");
  write_text(dir, "README.txt", "afl's note");
  snprintf(dir, sizeof dir, "%s/sec1/crashes", afl);
  write_text(dir, "id:000000,sig:11", "crash B");
  write_text(dir, "id:000001,sig:06", "crash A");
  snprintf(dir, sizeof dir, "%s/sec1/hangs", afl);
  write_text(dir, "id:000000", "hang");
  snprintf(dir, sizeof dir, "%s/sec1/queue", afl);
  write_text(dir, "id:000000,orig:seed", "queue entry");
  char artifacts[4500], corpus[4500];
  snprintf(artifacts, sizeof artifacts, "%s/artifacts", work);
  snprintf(corpus, sizeof corpus, "%s/corpus", work);
  ff_mkdirs(artifacts);
  ff_mkdirs(corpus);
  ff_path_list added = {0};
  CHECK(ff_afl_collect_artifacts(afl, artifacts, &added) == 3, "3 distinct findings of 2 instances");
  CHECK(added.count == 3, "3 paths reported");
  size_t crashes = 0, timeouts = 0;
  for (size_t i = 0; i < added.count; i++) {
    const char *base = strrchr(added.paths[i], '/') + 1;
    if (strncmp(base, "crash-", 6) == 0 && strlen(base) == 46) crashes++;
    if (strncmp(base, "timeout-", 8) == 0 && strlen(base) == 48) timeouts++;
  }
  CHECK(crashes == 2 && timeouts == 1, "named crash-/timeout-<sha1>: %zu %zu", crashes, timeouts);
  ff_path_list_free(&added);
  CHECK(ff_afl_collect_artifacts(afl, artifacts, NULL) == 0, "second collection copies nothing new");
  CHECK(ff_afl_collect_queue(afl, corpus) == 1 && ff_count_files(corpus) == 1, "queue copied");
}

int main(void) {
  char work[] = "/tmp/ff-afl-session.XXXXXX";
  if (!mkdtemp(work)) {
    perror("mkdtemp");
    return 2;
  }
  test_command_lines(work);
  test_outputs(work);
  char cmd[4200];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", work);
  if (system(cmd) != 0) fprintf(stderr, "note: could not remove %s\n", work);
  if (failures) {
    fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  printf("afl session: all checks passed\n");
  return 0;
}
