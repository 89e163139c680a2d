/* `formfuzz affected [--base REV] [FILES...]`: the fuzzers a change touches,
 * one per line (or comma-separated), by the rule of ci/affected.h. Without
 * FILES the change is what git reports (working tree against HEAD, or against
 * the merge base with REV). Exit 0 (also when nothing is affected), 2 bad
 * usage, 3 when the manifests or git cannot be read. */
#include <stdio.h>
#include <stdlib.h>

#include "affected.h"
#include "command.h"
#include "manifest.h"
#include "options.h"

static int cmd_affected(int argc, char **argv) {
  const char *base = NULL;
  bool comma = false;
  const ff_option options[] = {
      FF_STRING_OPTION("base", &base, "REV",
                       "the change is everything since the merge base of REV and HEAD (plus the working tree)"),
      FF_FLAG_OPTION("comma", &comma, "one line, comma-separated (for --fuzzers)"),
  };
  const ff_command_spec spec = {
      .command = "affected",
      .usage = "affected [--base REV] [--comma] [FILES...]",
      .description = "Prints the fuzzers a change touches, sorted: components/<c>/... selects the\n"
                     "fuzzers of component c; core/, engine/, util/, include/, cmake/ and the top\n"
                     "CMakeLists.txt and CMakePresets.json select every fuzzer; Markdown files\n"
                     "and everything else (tools/, tests/, docs/, scripts/...) select none.\n"
                     "FILES are paths relative to the source root. Without FILES: the files git\n"
                     "reports changed (staged and unstaged against HEAD; with --base, against\n"
                     "the merge base of REV and HEAD). Prints nothing when no fuzzer is affected.",
      .options = options,
      .option_count = (int)(sizeof options / sizeof *options),
      .min_positional = 0,
      .max_positional = -1,
  };
  ff_args args;
  int rc = ff_parse_options(&spec, argc, argv, &args);
  if (rc != FF_PARSE_OK) return rc == FF_PARSE_HELP ? 0 : 2;
  if (base && args.positional_count > 0) return ff_usage_error(&spec, "give --base or FILES, not both");
  ff_manifest m;
  if (ff_manifest_load_default(&m) != 0) return 3;
  ff_path_list changed = {0};
  char err[512];
  if (args.positional_count == 0 && ff_changed_paths(m.root, base, &changed, err, sizeof err) != 0) {
    fprintf(stderr, "formfuzz affected: %s\n", err);
    ff_manifest_free(&m);
    return 3;
  }
  const char *const *paths = args.positional_count ? (const char *const *)args.positional
                                                   : (const char *const *)changed.paths;
  size_t npaths = args.positional_count ? (size_t)args.positional_count : changed.count;
  bool *selected = calloc(m.count + 1, sizeof *selected);
  if (!selected) {
    ff_path_list_free(&changed);
    ff_manifest_free(&m);
    return 3;
  }
  size_t n = ff_affected_select(&m, m.root, paths, npaths, selected), printed = 0;
  for (size_t i = 0; i < m.count; i++)
    if (selected[i] && comma)
      printf("%s%s", printed++ ? "," : "", m.fuzzers[i].name);
    else if (selected[i])
      printf("%s\n", m.fuzzers[i].name);
  if (comma && n) putchar('\n');
  free(selected);
  ff_path_list_free(&changed);
  ff_manifest_free(&m);
  return 0;
}

FF_COMMAND("affected", "the fuzzers a change touches (components, shared code), for CI and precommit", cmd_affected)
