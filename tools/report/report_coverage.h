/* `formfuzz report --coverage`: source-based line and branch coverage of each
 * component reached by the campaign's corpora. Every fuzzer with an
 * out/<f>/corpus is built in the coverage preset (clang
 * -fprofile-instr-generate -fcoverage-mapping, replay driver), runs its corpus
 * once with LLVM_PROFILE_FILE set, the profiles of a component's fuzzers are
 * merged by llvm-profdata, and llvm-cov writes the HTML of the component's
 * sources into <report>/coverage/<component>/ and the summary the page shows
 * (llvm-cov export -summary-only). Problems are recorded, never fatal. */
#ifndef FF_TOOLS_REPORT_COVERAGE_H
#define FF_TOOLS_REPORT_COVERAGE_H

#include <stdio.h>

#include "report_data.h"

typedef struct report_cov_counts {
  long lines, lines_covered, branches, branches_covered, functions, functions_covered;
} report_cov_counts;

typedef struct report_cov_file {
  char name[256]; /* relative to the component's directory */
  report_cov_counts counts;
} report_cov_file;

typedef struct report_cov_component {
  char name[64];
  char fuzzers[512];     /* "vm_ownership, vm_transfer" */
  long inputs;           /* corpus files replayed */
  char html[160];        /* index page relative to the report dir, "" if none */
  report_cov_file *files;
  size_t nfiles;
  report_cov_counts total;
  char problem[512];     /* what went wrong ("" when the numbers are complete) */
} report_cov_component;

typedef struct report_coverage {
  report_cov_component *components;
  size_t ncomponents;
  char problem[512]; /* campaign-wide problem (no source tree, no corpus...) */
} report_coverage;

/* Builds, replays and measures (see above); prints progress on stderr.
 * Always fills cov (problems inside); returns the number of components measured. */
int report_coverage_collect(const report_campaign *c, const char *report_dir,
                            report_coverage *cov);
void report_coverage_free(report_coverage *cov);

/* Reads `llvm-cov export -summary-only` JSON text into comp's files and total;
 * file names are made relative to prefix when they start with it. 0 or -1. */
int report_coverage_parse_summary(const char *json_text, const char *prefix,
                                  report_cov_component *comp);

/* The page's coverage section (XHTML). */
void report_coverage_write_html(FILE *f, const report_coverage *cov);

#endif
