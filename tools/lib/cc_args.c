/* Classifies the compiler command lines `formfuzz cc` and `formfuzz c++` get
 * from users and build systems (configure, make, CMake): compile only or
 * link, shared library or program, C or C++ inputs; drops the flags formfuzz
 * replaces. */
#define _GNU_SOURCE /* memmem */
#include "cc_args.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Options whose value is the next argument (so that argument is no input). */
static const char *const value_options[] = {
    "-o", "-I", "-L", "-l", "-D", "-U", "-include", "-imacros", "-isystem", "-iquote", "-idirafter",
    "-isysroot", "-MF", "-MT", "-MQ", "-x", "-Xlinker", "-Xclang", "-Xassembler", "-Xpreprocessor",
    "-T", "-u", "-e", "-z", "-target", "--param", "-arch", "-aux-info", "--sysroot", "-B"};

static bool takes_value(const char *a) {
  for (size_t i = 0; i < sizeof value_options / sizeof *value_options; i++)
    if (strcmp(a, value_options[i]) == 0) return true;
  return false;
}

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

bool ff_cc_is_cxx_file(const char *name) {
  static const char *const ext[] = {".cc", ".cpp", ".cxx", ".c++", ".C", ".CC", ".cp", ".CPP", ".ii"};
  for (size_t i = 0; i < sizeof ext / sizeof *ext; i++)
    if (ends_with(name, ext[i])) return true;
  return false;
}

bool ff_cc_file_names_harness(const char *path) {
  static const char name[] = "LLVMFuzzerTestOneInput";
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st;
  bool found = false;
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map != MAP_FAILED) {
      found = memmem(map, (size_t)st.st_size, name, sizeof name - 1) != NULL;
      munmap(map, (size_t)st.st_size);
    }
  }
  close(fd);
  return found;
}

/* -fsanitize=a,fuzzer,b -> -fsanitize=a,b; NULL when nothing is left. The
 * engine replaces libFuzzer: its link flag must not bring libFuzzer in. */
static const char *without_fuzzer(const char *arg) {
  const char *list = arg + strlen("-fsanitize=");
  char *out = malloc(strlen(arg) + 1);
  if (!out) return arg;
  strcpy(out, "-fsanitize=");
  size_t prefix = strlen(out);
  const char *p = list;
  while (*p) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    if (!(len == 6 && strncmp(p, "fuzzer", 6) == 0)) {
      if (strlen(out) > prefix) strcat(out, ",");
      strncat(out, p, len);
    }
    p += len;
    if (*p == ',') p++;
  }
  if (strlen(out) == prefix) {
    free(out);
    return NULL;
  }
  return out;
}

static bool is_no_undefined(const char *a) {
  return strcmp(a, "-Wl,-z,defs") == 0 || strcmp(a, "-Wl,--no-undefined") == 0 ||
         strcmp(a, "-Wl,-no-undefined") == 0;
}

int ff_cc_args_scan(int argc, char **argv, ff_cc_args *info, const char **kept) {
  memset(info, 0, sizeof *info);
  bool lang_cxx = false;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "-c") == 0 || strcmp(a, "-S") == 0 || strcmp(a, "-E") == 0 || strcmp(a, "-M") == 0 ||
        strcmp(a, "-MM") == 0)
      info->compile_only = true;
    else if (strcmp(a, "-shared") == 0)
      info->shared = true;
    else if (strcmp(a, "-x") == 0 && i + 1 < argc)
      lang_cxx = strncmp(argv[i + 1], "c++", 3) == 0;
    else if (strncmp(a, "-x", 2) == 0 && a[2])
      lang_cxx = strncmp(a + 2, "c++", 3) == 0;
    else if (a[0] != '-' || strcmp(a, "-") == 0) {
      info->has_input = true;
      if (lang_cxx || ff_cc_is_cxx_file(a)) info->cxx_source = true;
      if (!info->compile_only && !info->harness && ff_cc_file_names_harness(a)) info->harness = true;
    }
    if (takes_value(a) && i + 1 < argc) i++; /* the value is no input */
  }
  int n = 0;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    if (strncmp(a, "-fsanitize=", 11) == 0 && strstr(a, "fuzzer")) {
      const char *rest = without_fuzzer(a);
      if (rest) kept[n++] = rest;
      continue;
    }
    if (info->shared && is_no_undefined(a)) continue;
    if (info->shared && strcmp(a, "-z") == 0 && i + 1 < argc && strcmp(argv[i + 1], "defs") == 0) {
      i++;
      continue;
    }
    kept[n++] = a;
  }
  return n;
}

bool ff_cc_link_is_not_a_fuzzer(const char *output) {
  static const char *const signs[] = {
      "multiple definition of `main'",          /* GNU ld: the program has its own main */
      "duplicate symbol: main",                 /* lld */
      "undefined reference to `LLVMFuzzerTestOneInput'", /* GNU ld: no harness */
      "undefined symbol: LLVMFuzzerTestOneInput"};       /* lld */
  if (!output) return false;
  for (size_t i = 0; i < sizeof signs / sizeof *signs; i++)
    if (strstr(output, signs[i])) return true;
  return false;
}
