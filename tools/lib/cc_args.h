/* What a compiler command line given to `formfuzz cc` / `formfuzz c++` asks
 * for (compile only, a shared library, a link of which inputs, C++ or C), and
 * the arguments passed on to clang: the user's, less what formfuzz replaces
 * (libFuzzer's -fsanitize=fuzzer, and -z defs / --no-undefined on a shared
 * library, which sanitizer runtimes cannot satisfy). */
#ifndef FF_TOOLS_CC_ARGS_H
#define FF_TOOLS_CC_ARGS_H

#include <stdbool.h>

typedef struct ff_cc_args {
  bool compile_only; /* -c, -S, -E, -M, -MM: no link step */
  bool shared;       /* -shared: a shared library */
  bool has_input;    /* at least one input file (source, object, archive) */
  bool cxx_source;   /* an input is C++ (by its extension, or after -x c++) */
  bool harness;      /* an input file (source, object, archive) names
                        LLVMFuzzerTestOneInput: the link may be a fuzzer's */
} ff_cc_args;

/* Reads argv[0..argc) (the user's arguments, no program name), fills *info and
 * writes the arguments to keep into kept[] (at most argc entries; strings are
 * argv's or malloc'd, never freed: the process ends soon). Returns how many. */
int ff_cc_args_scan(int argc, char **argv, ff_cc_args *info, const char **kept);

/* True when the file's bytes contain the harness entry's name (a source
 * defining or an object or archive defining/using LLVMFuzzerTestOneInput). */
bool ff_cc_file_names_harness(const char *path);

/* True when name ends in a C++ source or preprocessed-C++ extension. */
bool ff_cc_is_cxx_file(const char *name);

/* True when a failed link's output says it failed only because the program
 * is not a fuzzer: it has its own main, or no LLVMFuzzerTestOneInput
 * (configure's conftest programs, a library's own tools and tests). */
bool ff_cc_link_is_not_a_fuzzer(const char *output);

#endif
