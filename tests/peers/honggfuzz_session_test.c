/* Unit test of formfuzz's honggfuzz plumbing (tools/lib/honggfuzz_command.c
 * and honggfuzz_output.c), without running honggfuzz, so it runs everywhere:
 *   - the command line: -v, -i the seeds while the corpus is empty and the
 *     corpus once it has inputs, -o/-W/--crashdir/--statsfile in the
 *     workspace out/<fuzzer>/honggfuzz, -n jobs, -F max_len, -t 10 unless the
 *     user gave -t/--timeout, -T, --run_time, -N, -w dict, no seed, the user's
 *     flags last before -- <binary>;
 *   - honggfuzz found through HFUZZ_DIR (and a clear error when it is not);
 *   - its Summary line and the last row of its stats file read into numbers;
 *   - its crash directory copied into artifacts/ as crash-<sha1> and, for
 *     SIGVTALRM (a timeout with -T), timeout-<sha1>; its corpus into corpus/. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dir_list.h"
#include "engine_argv.h"
#include "ff_check.h"
#include "fileio.h"
#include "honggfuzz_command.h"
#include "honggfuzz_output.h"

static void write_text(const char *dir, const char *name, const char *text) {
  char path[4400];
  REQUIRE(ff_mkdirs(dir) == 0, "cannot create %s", dir);
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *fp = fopen(path, "w");
  REQUIRE(fp != NULL, "cannot write %s", path);
  fputs(text, fp);
  fclose(fp);
}

/* The value after flag in argv, or NULL. */
static const char *flag_value(char **argv, const char *flag) {
  for (int i = 0; argv[i] && argv[i + 1]; i++)
    if (strcmp(argv[i], flag) == 0) return argv[i + 1];
  return NULL;
}

/* flag is in argv followed by want. */
static bool flag_is(char **argv, const char *flag, const char *want) {
  const char *v = flag_value(argv, flag);
  return v && strcmp(v, want) == 0;
}

static bool has(char **argv, const char *arg) {
  for (int i = 0; argv[i]; i++)
    if (strcmp(argv[i], arg) == 0) return true;
  return false;
}

static int count(char **argv) {
  int n = 0;
  while (argv[n]) n++;
  return n;
}

static void test_command_line(const char *work) {
  char seeds[4400], dict[4400], binary[4400];
  snprintf(seeds, sizeof seeds, "%s/seeds", work);
  snprintf(dict, sizeof dict, "%s/fuzz_me.dict", work);
  snprintf(binary, sizeof binary, "%s/bin/fuzz_me", work);
  write_text(seeds, "one", "seed");
  ff_fuzzer_info f = {.name = "fuzz_me", .max_len = 321, .seeds_dir = seeds, .dict = dict};
  ff_fuzzer_out out;
  char err[512];
  REQUIRE(ff_fuzzer_out_paths(work, "fuzz_me", &out) == 0, "paths");
  REQUIRE(ff_fuzzer_out_create(&out, err, sizeof err) == 0, "%s", err);
  ff_session_config cfg = {.engine = "honggfuzz", .binary = binary, .fuzzer = &f, .out = &out,
                           .time_s = 30, .runs = 5000, .jobs = 2, .seed = 7};
  char **argv = ff_honggfuzz_argv(&cfg, "/opt/hf/honggfuzz", err, sizeof err);
  REQUIRE(argv != NULL, "argv: %s", err);
  char ws[4400], path[4500];
  snprintf(ws, sizeof ws, "%s/fuzz_me/honggfuzz", work);
  CHECK(strcmp(argv[0], "/opt/hf/honggfuzz") == 0);
  CHECK(has(argv, "-v"));
  CHECK_MSG(flag_is(argv, "-i", seeds), "-i is not the seeds while the corpus is empty");
  snprintf(path, sizeof path, "%s/corpus", ws);
  CHECK(flag_is(argv, "-o", path));
  CHECK(flag_is(argv, "-W", ws));
  snprintf(path, sizeof path, "%s/crashes", ws);
  CHECK(flag_is(argv, "--crashdir", path));
  snprintf(path, sizeof path, "%s/stats", ws);
  CHECK(flag_is(argv, "--statsfile", path));
  CHECK(flag_is(argv, "-n", "2"));
  CHECK(flag_is(argv, "-F", "321"));
  CHECK(flag_is(argv, "-t", "10"));
  CHECK(has(argv, "-T"));
  CHECK(flag_is(argv, "--run_time", "30"));
  CHECK(flag_is(argv, "-N", "5000"));
  CHECK(flag_is(argv, "-w", dict));
  CHECK_MSG(!has(argv, "7"), "honggfuzz has no seed option: --seed must not be passed");
  int n = count(argv);
  CHECK(n >= 2 && strcmp(argv[n - 2], "--") == 0 && strcmp(argv[n - 1], binary) == 0);
  ff_argv_free(argv);

  /* the working corpus once it has inputs; the user's -t replaces ours, and
   * the user's flags come last before -- */
  write_text(out.corpus, "0123", "input");
  char *extra[] = {"--timeout=3", "--exit_upon_crash"};
  cfg.extra = extra;
  cfg.extra_count = 2;
  cfg.jobs = 1;
  cfg.runs = 0;
  f.dict = NULL;
  argv = ff_honggfuzz_argv(&cfg, "honggfuzz", err, sizeof err);
  REQUIRE(argv != NULL, "argv: %s", err);
  CHECK(flag_is(argv, "-i", out.corpus));
  CHECK_MSG(flag_value(argv, "-t") == NULL, "-t given although the user gave --timeout=3");
  CHECK(flag_is(argv, "-n", "1"));
  CHECK(!has(argv, "-N") && !has(argv, "-w"));
  n = count(argv);
  CHECK(n >= 4 && strcmp(argv[n - 4], "--timeout=3") == 0 && strcmp(argv[n - 3], "--exit_upon_crash") == 0);
  ff_argv_free(argv);
}

static void test_find(const char *work) {
  char dir[4400], path[4400], err[512];
  snprintf(dir, sizeof dir, "%s/hfuzz", work);
  write_text(dir, "honggfuzz", "#!/bin/sh\n");
  snprintf(path, sizeof path, "%s/honggfuzz", dir);
  REQUIRE(chmod(path, 0755) == 0, "chmod");
  const char *old_path = getenv("PATH");
  char saved_path[4400];
  snprintf(saved_path, sizeof saved_path, "%s", old_path ? old_path : "/usr/bin:/bin");
  setenv("HFUZZ_DIR", dir, 1);
  setenv("PATH", "/nonexistent", 1);
  char found[4400];
  CHECK(ff_honggfuzz_find(found, sizeof found, err, sizeof err) == 0 && strcmp(found, path) == 0);
  snprintf(dir, sizeof dir, "%s/empty", work);
  REQUIRE(ff_mkdirs(dir) == 0, "mkdir");
  setenv("HFUZZ_DIR", dir, 1);
  CHECK(ff_honggfuzz_find(found, sizeof found, err, sizeof err) == -1);
  CHECK_MSG(strstr(err, "HFUZZ_DIR") && strstr(err, "github.com/google/honggfuzz"), "error: %s", err);
  setenv("PATH", saved_path, 1); /* the clean-up in main runs rm through PATH */
  unsetenv("HFUZZ_DIR");
}

static void test_numbers(const char *work) {
  ff_stats summary = {0};
  CHECK(!ff_honggfuzz_summary_line("Sz:33 Tm:69850us (i/b/h/e/p/c) New:0/0/0/1/0/2, Cur:0/0/0/4/0/227",
                                   &summary));
  CHECK(ff_honggfuzz_summary_line(
      "Summary iterations:28851 time:7 speed:4121 crashes_count:1 timeout_count:0 new_units_added:11 "
      "slowest_unit_ms:258 guard_nb:6 branch_coverage_percent:66 peak_rss_mb:7",
      &summary));
  CHECK(summary.execs == 28851 && summary.exec_per_sec == 4121 && summary.rss_mb == 7);

  char stats[4400];
  snprintf(stats, sizeof stats, "%s/stats", work);
  ff_stats before = {0}, got;
  CHECK(ff_honggfuzz_stats(stats, &before, &got) == -1); /* no file yet */
  write_text(work, "stats",
             "# unix_time, last_cov_update, total_exec, exec_per_sec, crashes, unique_crashes, hangs, "
             "edge_cov, block_cov, corpus_count\n"
             "1796609810, 1796609806, 17612, 3522, 0, 0, 0, 3, 0, 9\n"
             "1796609812, 1796609810, 20893, 4178, 5, 1, 2, 4, 0, 11\n"
             "1796609813, 1796");
  CHECK(ff_honggfuzz_stats(stats, &before, &got) == 0);
  CHECK_MSG(got.execs == 20893 && got.exec_per_sec == 4178 && got.edges == 4 && got.features == 4 &&
                got.corpus_size == 11 && got.crashes == 1 && got.timeouts == 2 && got.updated == 1796609812,
            "row: execs %llu edges %llu corpus %llu", (unsigned long long)got.execs,
            (unsigned long long)got.edges, (unsigned long long)got.corpus_size);
  /* at the end the Summary line's count, ahead of the last row, wins */
  CHECK(ff_honggfuzz_stats(stats, &summary, &got) == 0);
  CHECK(got.execs == 28851 && got.exec_per_sec == 4121 && got.rss_mb == 7 && got.edges == 4);
}

static void test_collect(const char *work) {
  char crashes[4400], hf_corpus[4400], artifacts[4400], corpus[4400], path[4600];
  snprintf(crashes, sizeof crashes, "%s/ws/crashes", work);
  snprintf(hf_corpus, sizeof hf_corpus, "%s/ws/corpus", work);
  snprintf(artifacts, sizeof artifacts, "%s/artifacts", work);
  snprintf(corpus, sizeof corpus, "%s/corpus", work);
  write_text(crashes, "SIGABRT.PC.7ffff7d5ceec.STACK.e722eff54.CODE.-6.ADDR.0.INSTR.mov____%eax,%ebp.fuzz", "BOOM");
  write_text(crashes, "SIGVTALRM.PC.5555556345d8.STACK.2bdca041a.CODE.0.ADDR.0.INSTR.test___%al,%al.fuzz", "HNG");
  write_text(hf_corpus, "00000000000000000000000000000000.00000001.honggfuzz.cov", "a");
  write_text(hf_corpus, "18732000000000001338600000000000.00000002.honggfuzz.cov", "ab");
  REQUIRE(ff_mkdirs(artifacts) == 0 && ff_mkdirs(corpus) == 0, "mkdir");
  ff_path_list added = {0};
  CHECK(ff_honggfuzz_collect_crashes(crashes, artifacts, &added) == 2 && added.count == 2);
  char sha[FF_SHA1_HEX_LEN + 1];
  ff_sha1_hex("BOOM", 4, sha);
  snprintf(path, sizeof path, "%s/crash-%s", artifacts, sha);
  CHECK_MSG(ff_is_file(path), "%s missing", path);
  ff_sha1_hex("HNG", 3, sha);
  snprintf(path, sizeof path, "%s/timeout-%s", artifacts, sha);
  CHECK_MSG(ff_is_file(path), "%s missing", path);
  CHECK(ff_honggfuzz_collect_crashes(crashes, artifacts, NULL) == 0); /* copied once */
  ff_path_list_free(&added);
  CHECK(ff_honggfuzz_collect_corpus(hf_corpus, corpus) == 2);
  ff_sha1_hex("ab", 2, sha);
  snprintf(path, sizeof path, "%s/%s", corpus, sha);
  CHECK_MSG(ff_is_file(path), "%s missing", path);
  CHECK(ff_count_files(corpus) == 2);
}

int main(void) {
  char work[] = "/tmp/ff-hfuzz-session.XXXXXX";
  REQUIRE(mkdtemp(work) != NULL, "mkdtemp");
  test_command_line(work);
  test_numbers(work);
  test_collect(work);
  test_find(work);
  char cmd[4200];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", work);
  CHECK_MSG(system(cmd) == 0, "could not remove %s", work);
  return check_summary("peers_honggfuzz_session");
}
