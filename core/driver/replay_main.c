/* Replay driver: turns a libFuzzer-ABI harness into a program that runs each
 * file (and each file of each directory) given on the command line once.
 * Used by the replay (gcc) and coverage presets. Flags ("-runs=1" and the like)
 * are accepted and ignored so every engine's command line works here too.
 * Exit status: 0 when every input ran; a crash ends the process as it would
 * under any engine. As under the engines (libFuzzer's codes), a target that
 * calls exit() during an input ("fuzz target exited") and an input that leaks
 * memory (LeakSanitizer, where the build has it) exit 77. Unreadable files are
 * reported and skipped (status 2). */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv);
/* LeakSanitizer's entry point, present in ASan and LSan builds only. */
__attribute__((weak)) int __lsan_do_recoverable_leak_check(void);

#define REPLAY_MAX_LEN (64u << 20)
#define FAILURE_EXIT 77 /* libFuzzer's -error_exitcode default */

/* The input being run, for the atexit handler: the one piece of global state
 * here, because exit() gives its handlers nothing else to go on. */
static const char *volatile running_path;

static void on_exit_during_input(void) {
  if (!running_path) return;
  fprintf(stderr, "==%ld== ERROR: libFuzzer: fuzz target exited\n", (long)getpid());
  fprintf(stderr, "SUMMARY: libFuzzer: fuzz target exited (input %s)\n", running_path);
  fflush(stderr);
  _exit(FAILURE_EXIT);
}

static int run_file(const char *path, int *failures) {
  uint8_t *data;
  size_t len;
  char err[256];
  if (ff_read_file(path, REPLAY_MAX_LEN, &data, &len, err, sizeof err) != 0) {
    fprintf(stderr, "replay: skipping %s: %s\n", path, err);
    (*failures)++;
    return 0;
  }
  fprintf(stderr, "Running: %s\n", path);
  running_path = path;
  LLVMFuzzerTestOneInput(data, len);
  running_path = NULL;
  free(data);
  if (__lsan_do_recoverable_leak_check && __lsan_do_recoverable_leak_check()) {
    fprintf(stderr, "SUMMARY: the input %s leaks memory\n", path);
    fflush(stderr);
    _exit(FAILURE_EXIT);
  }
  return 1;
}

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_dir(const char *dir, int *failures) {
  DIR *d = opendir(dir);
  if (!d) {
    fprintf(stderr, "replay: cannot open directory %s\n", dir);
    (*failures)++;
    return 0;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      char **grown = realloc(names, cap * sizeof *names);
      if (!grown) break;
      names = grown;
    }
    names[n] = strdup(e->d_name);
    if (names[n]) n++;
  }
  closedir(d);
  qsort(names, n, sizeof *names, cmp_names); /* same order every run */
  int ran = 0;
  for (size_t i = 0; i < n; i++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) ran += run_file(path, failures);
    free(names[i]);
  }
  free(names);
  return ran;
}

int main(int argc, char **argv) {
  atexit(on_exit_during_input);
  if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
  int failures = 0, ran = 0, given = 0;
  for (int i = 1; i < argc; i++) {
    if (argv[i][0] == '-') {
      if (strcmp(argv[i], "-help=1") == 0 || strcmp(argv[i], "--help") == 0) {
        printf("usage: %s [flags ignored] FILE|DIR...\nRuns each input once.\n", argv[0]);
        return 0;
      }
      continue;
    }
    given++;
    struct stat st;
    if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
      ran += run_dir(argv[i], &failures);
    else
      ran += run_file(argv[i], &failures);
  }
  if (given == 0) {
    fprintf(stderr, "usage: %s FILE|DIR...  (this is a replay build: it runs inputs, it does not fuzz)\n",
            argv[0]);
    return 2;
  }
  fprintf(stderr, "replay: executed %d input(s)%s\n", ran, failures ? ", some skipped" : "");
  /* a leak the per-input check missed (a stale pointer on the stack then)
   * would end the process at exit with the sanitizer's code: look once more */
  if (__lsan_do_recoverable_leak_check && __lsan_do_recoverable_leak_check()) {
    fprintf(stderr, "SUMMARY: the inputs leak memory\n");
    fflush(stderr);
    _exit(FAILURE_EXIT);
  }
  return failures ? 2 : 0;
}
