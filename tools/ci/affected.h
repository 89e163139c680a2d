/* Which fuzzers a change touches: the one rule `formfuzz affected`,
 * `formfuzz precommit` and the CI workflows share (docs/ci.md):
 *   components/<c>/...            the fuzzers of component c (its fuzzers.tsv)
 *   core/ engine/ util/ include/ cmake/, CMakeLists.txt, CMakePresets.json
 *                                 every fuzzer (code every harness is built with)
 *   *.md anywhere, everything else (tools/, tests/, docs/, scripts/, bench/,
 *   examples/, .github/ ...)      no fuzzer
 * Paths are relative to the source root ("./" and a leading root prefix are
 * dropped). */
#ifndef FF_TOOLS_CI_AFFECTED_H
#define FF_TOOLS_CI_AFFECTED_H

#include <stdbool.h>
#include <stddef.h>

#include "dir_list.h"
#include "manifest.h"

typedef enum { FF_AFFECTS_NONE, FF_AFFECTS_COMPONENT, FF_AFFECTS_ALL } ff_affects;

/* The rule for one path; for FF_AFFECTS_COMPONENT the component's name goes
 * into component (cap bytes). */
ff_affects ff_affected_rule(const char *path, char *component, size_t cap);

/* Marks selected[i] (m->count entries, cleared first) for every fuzzer one of
 * the paths touches. root: stripped from absolute paths under it (may be NULL).
 * Returns how many fuzzers are selected. */
size_t ff_affected_select(const ff_manifest *m, const char *root, const char *const *paths,
                          size_t npaths, bool *selected);

/* The paths git reports as changed in the checkout at root: against base's
 * merge base with HEAD when base is given (a pull request's files plus the
 * working tree), else the staged and unstaged changes against HEAD. Renames
 * count both names. Returns 0, or -1 with err (git missing, not a repository,
 * unknown revision). */
int ff_changed_paths(const char *root, const char *base, ff_path_list *paths, char *err,
                     size_t err_cap);

#endif
