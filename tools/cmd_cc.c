/* `formfuzz cc`: compiles any libFuzzer-ABI harness (LLVMFuzzerTestOneInput)
 * into a built-in-engine fuzzer, like afl-clang-fast: clang with ASan+UBSan and
 * SanitizerCoverage (inline 8-bit counters, PC tables, trace-cmp), linked
 * whole-archive with libformfuzz_engine.a (from the builtin preset build,
 * built when missing; an installed copy outside a checkout takes the archives
 * installed next to it, <prefix>/lib/formfuzz, and never builds) plus the libraries the engine needs (ff_util, nettle,
 * zlib, libm, pthread). Every other argument goes to clang unchanged; with -c/-S/-E
 * only the compile flags are added. $FORMFUZZ_CC replaces clang.
 * `formfuzz cc --server` compiles a program with its own main (a server) the
 * same way, but links the live coverage runtime (tools/live/cov/
 * live_cov_counters_rt.c) instead of the engine, so `formfuzz live fuzz
 * --coverage` and `formfuzz mcp --coverage` read its edges. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cc_args.h"
#include "child_process.h"
#include "command.h"
#include "fuzzer_binary.h"
#include "source_root.h"

#define MAX_CC_ARGS 512

static const char *const compile_flags[] = {
    "-fsanitize=address,undefined", "-fno-sanitize-recover=all",
    "-fsanitize=fuzzer-no-link", "-fno-omit-frame-pointer", "-g",
    "-gdwarf-4"};

static void usage(FILE *to) {
  fprintf(to,
          "usage: formfuzz cc harness.c [more .c/.o files] -o fuzzer [clang flags and libraries]\n"
          "       formfuzz c++ harness.cc [more files] -o fuzzer [clang++ flags and libraries]\n\n"
          "Compiles a libFuzzer-ABI harness (int LLVMFuzzerTestOneInput(const uint8_t *, size_t))\n"
          "with the built-in engine, as afl-clang-fast does for AFL++: clang gets\n"
          "  -fsanitize=address,undefined -fno-sanitize-recover=all\n"
          "  -fsanitize=fuzzer-no-link -g   (libFuzzer's coverage instrumentation, without libFuzzer)\n"
          "and the link gets libformfuzz_engine.a (whole archive), libff_util.a, nettle, -lz, -lm, -lpthread.\n"
          "The result takes libFuzzer's command line: ./fuzzer -runs=N -dict=D corpus/ ...\n\n"
          "formfuzz c++ drives clang++ ($FORMFUZZ_CXX), which links the C++ runtime; formfuzz cc\n"
          "does the same when a C++ source is among its inputs, and otherwise links the C++\n"
          "runtime only when the objects need it (as -fsanitize=fuzzer does). Installed as\n"
          "formfuzz-cc / formfuzz-c++ (links to formfuzz), the name picks the command.\n\n"
          "For build systems: CC=\"formfuzz cc\" CXX=\"formfuzz c++\" ./configure && make (or cmake).\n"
          "  -c/-S/-E/-M: only the compile flags are added;\n"
          "  -shared: a shared library, instrumented, without the engine (and without\n"
          "    -Wl,-z,defs / --no-undefined, which sanitized code cannot satisfy);\n"
          "  a link none of whose input files (sources, objects, archives) names\n"
          "    LLVMFuzzerTestOneInput (configure's checks, a library's tools and tests), or\n"
          "    one with its own main, is linked instrumented, without the engine;\n"
          "  -fsanitize=fuzzer (libFuzzer's link flag, $LIB_FUZZING_ENGINE) is dropped: the\n"
          "    engine takes its place.\n\n"
          "Inside a source checkout the engine library comes from build/builtin/engine/ and is\n"
          "built there when missing; an installed formfuzz elsewhere links the archives\n"
          "installed with it (<prefix>/lib/formfuzz). Headers and the harness runtime\n"
          "(formfuzz/input.h, ...): pkg-config --cflags --libs formfuzz.\n"
          "$FORMFUZZ_CC names another clang (default: clang).\n\n"
          "formfuzz cc --server server.c ... -o server\n"
          "  compiles a program with its own main (a server) with the same flags, and links\n"
          "  the live coverage runtime (libff_live_cov_counters_rt.a, whole archive, -lpthread)\n"
          "  instead of the engine: run by `formfuzz live fuzz --coverage` or `formfuzz mcp\n"
          "  --coverage`, it reports its inline 8-bit counters to the tool's shared map.\n");
}

/* An installed copy outside a checkout: the archives installed next to it. */
static int installed_libraries(const char *lib, char *engine, char *util, size_t cap) {
  if (snprintf(engine, cap, "%s/libformfuzz_engine.a", lib) >= (int)cap ||
      snprintf(util, cap, "%s/libff_util.a", lib) >= (int)cap) {
    fprintf(stderr, "formfuzz cc: path too long: %s\n", lib);
    return -1;
  }
  if (access(util, R_OK) != 0) {
    fprintf(stderr, "formfuzz cc: the installation is incomplete: %s is missing\n", util);
    return -1;
  }
  return 0;
}

/* The server runtime: one archive of the builtin preset, or of the
 * installation when no checkout is in reach. */
static int server_runtime(char *rt, size_t cap) {
  char root[4096], err[1024], lib[4096];
  bool checkout = ff_source_root(root, sizeof root, err, sizeof err) == 0;
  if (!checkout && ff_installed_libdir(lib, sizeof lib)) {
    if (snprintf(rt, cap, "%s/libff_live_cov_counters_rt.a", lib) >= (int)cap || access(rt, R_OK) != 0) {
      fprintf(stderr, "formfuzz cc: the installation has no live coverage runtime in %s\n", lib);
      return -1;
    }
    return 0;
  }
  if (!checkout ||
      ff_preset_artifact(root, "builtin", "tools/libff_live_cov_counters_rt.a", "ff_live_cov_counters_rt", true,
                         rt, cap, err, sizeof err) != 0) {
    fprintf(stderr, "formfuzz cc: cannot get the live coverage runtime: %s\n", err);
    return -1;
  }
  return 0;
}

/* The engine's link dependencies: the two archives of the builtin preset, or
 * of the installation when no checkout is in reach. */
static int engine_libraries(char *engine, char *util, size_t cap) {
  char root[4096], err[1024], lib[4096];
  bool checkout = ff_source_root(root, sizeof root, err, sizeof err) == 0;
  if (!checkout && ff_installed_libdir(lib, sizeof lib))
    return installed_libraries(lib, engine, util, cap);
  if (!checkout ||
      ff_preset_artifact(root, "builtin", "engine/libformfuzz_engine.a", "formfuzz_engine", true,
                         engine, cap, err, sizeof err) != 0 ||
      ff_preset_artifact(root, "builtin", "util/libff_util.a", "ff_util", true, util, cap, err,
                         sizeof err) != 0) {
    fprintf(stderr, "formfuzz cc: cannot get the engine library: %s\n", err);
    return -1;
  }
  return 0;
}

/* Runs the compiler; with `capture`, its output is kept in *output (and not
 * shown) so the caller can decide what to show. Returns the exit code, or 3
 * when it could not run. */
static int run_compiler(const char **args, bool capture, char **output) {
  ff_exit e;
  char err[256];
  int r = capture ? ff_run_capture(args, NULL, 0, 1 << 20, &e, output, err, sizeof err)
                  : ff_run(args, NULL, 0, &e, err, sizeof err);
  if (r != 0) {
    fprintf(stderr, "formfuzz cc: %s\n", err);
    return 3;
  }
  if (e.signal) {
    fprintf(stderr, "formfuzz cc: %s died with signal %d\n", args[0], e.signal);
    return 3;
  }
  return e.code;
}

/* The linker flags that bring in the engine (a fuzzer's link). The C driver
 * also gets the C++ runtime, as clang's -fsanitize=fuzzer does, so C++
 * objects link with `formfuzz cc` too; --as-needed keeps C fuzzers free of it. */
static int add_engine(const char **args, int n, bool cxx, char *engine, char *util, size_t cap) {
  if (engine_libraries(engine, util, cap) != 0) return -1;
  args[n++] = "-Wl,--whole-archive";
  args[n++] = engine;
  args[n++] = "-Wl,--no-whole-archive";
  args[n++] = util;
  args[n++] = "-lnettle";
  args[n++] = "-lz";
  args[n++] = "-lm";
  args[n++] = "-lpthread";
  if (!cxx) {
    args[n++] = "-fsanitize-link-c++-runtime";
    args[n++] = "-Wl,--push-state,--as-needed";
    args[n++] = "-lstdc++";
    args[n++] = "-Wl,--pop-state";
  }
  return n;
}

static int cc_main(int argc, char **argv, bool cxx_command) {
  const char *name = cxx_command ? "c++" : "cc";
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      usage(stdout);
      return 0;
    }
  if (argc < 2) {
    fprintf(stderr, "formfuzz %s: no input files (see formfuzz %s --help)\n", name, name);
    return 2;
  }
  if (argc + 24 > MAX_CC_ARGS) {
    fprintf(stderr, "formfuzz %s: too many arguments\n", name);
    return 2;
  }
  bool server = strcmp(argv[1], "--server") == 0;
  if (server) {
    argv++, argc--;
    if (argc < 2) {
      fprintf(stderr, "formfuzz %s: no input files (see formfuzz %s --help)\n", name, name);
      return 2;
    }
  }
  ff_cc_args info;
  const char *user[MAX_CC_ARGS];
  int nuser = ff_cc_args_scan(argc - 1, argv + 1, &info, user);
  bool cxx = cxx_command || (info.cxx_source && !info.compile_only);
  const char *driver = getenv(cxx ? "FORMFUZZ_CXX" : "FORMFUZZ_CC");
  const char *args[MAX_CC_ARGS];
  int n = 0;
  args[n++] = driver && driver[0] ? driver : cxx ? "clang++" : "clang";
  for (size_t i = 0; i < sizeof compile_flags / sizeof *compile_flags; i++) args[n++] = compile_flags[i];
  for (int i = 0; i < nuser; i++) args[n++] = user[i];
  /* compile only, a shared library, or no input (--version, -dumpmachine,
   * -print-*): the compiler with the compile flags, nothing linked in */
  if (info.compile_only || info.shared || !info.has_input) {
    args[n] = NULL;
    return run_compiler(args, false, NULL);
  }
  char engine[4400], util[4400];
  if (server) {
    if (server_runtime(engine, sizeof engine) != 0) return 3;
    args[n++] = "-Wl,--whole-archive";
    args[n++] = engine;
    args[n++] = "-Wl,--no-whole-archive";
    args[n++] = "-lpthread";
    args[n] = NULL;
    return run_compiler(args, false, NULL);
  }
  /* no input file names the harness: a configure check, a library's tools
   * and tests. Linked instrumented and sanitized, without the engine. */
  if (!info.harness) {
    args[n] = NULL;
    return run_compiler(args, false, NULL);
  }
  int plain_end = n;
  n = add_engine(args, n, cxx, engine, util, sizeof engine);
  if (n < 0) return 3;
  args[n] = NULL;
  /* A program with its own main (a standalone driver of the harness) is no
   * fuzzer either: it is linked again without the engine. */
  char *output = NULL;
  int code = run_compiler(args, true, &output);
  if (code != 0 && code != 3 && ff_cc_link_is_not_a_fuzzer(output)) {
    free(output);
    args[plain_end] = NULL;
    return run_compiler(args, false, NULL);
  }
  if (output) fputs(output, stderr);
  free(output);
  return code;
}

static int cmd_cc(int argc, char **argv) { return cc_main(argc, argv, false); }
static int cmd_cxx(int argc, char **argv) { return cc_main(argc, argv, true); }

FF_COMMAND("cc", "compile any libFuzzer-ABI harness with the built-in engine", cmd_cc)
FF_COMMAND("c++", "formfuzz cc for C++: clang++, the C++ runtime linked", cmd_cxx)
