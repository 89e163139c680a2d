/* `formfuzz list`: every fuzzer of the manifests with its metadata, as a table
 * or as JSON (--json). */
#include <stdbool.h>
#include <stdio.h>

#include "command.h"
#include "json_writer.h"
#include "manifest.h"
#include "options.h"

static void print_table(const ff_manifest *m) {
  printf("%-22s %-10s %-14s %4s %8s %5s %-4s %s\n", "FUZZER", "COMPONENT", "STRATEGY", "RISK",
         "MAX_LEN", "SEEDS", "DICT", "DESCRIPTION");
  for (size_t i = 0; i < m->count; i++) {
    const ff_fuzzer_info *f = &m->fuzzers[i];
    printf("%-22s %-10s %-14s %4d %8ld %5zu %-4s %s\n", f->name, f->component, f->strategy,
           f->risk, f->max_len, f->seeds_count, f->dict ? "yes" : "no", f->description);
  }
  printf("%zu fuzzer(s)\n", m->count);
}

static int print_json(const ff_manifest *m) {
  ff_json j;
  ff_json_init(&j, true);
  ff_json_begin_array(&j);
  for (size_t i = 0; i < m->count; i++) {
    const ff_fuzzer_info *f = &m->fuzzers[i];
    ff_json_begin_object(&j);
    ff_json_kv_string(&j, "name", f->name);
    ff_json_kv_string(&j, "component", f->component);
    ff_json_kv_string(&j, "strategy", f->strategy);
    ff_json_kv_int(&j, "risk", f->risk);
    ff_json_kv_int(&j, "max_len", f->max_len);
    ff_json_kv_int(&j, "seeds", (int64_t)f->seeds_count);
    ff_json_kv_string(&j, "seeds_dir", f->seeds_dir);
    ff_json_kv_string(&j, "dict", f->dict);
    ff_json_kv_string(&j, "harness", f->harness);
    ff_json_kv_string(&j, "description", f->description);
    ff_json_end_object(&j);
  }
  ff_json_end_array(&j);
  int rc = ff_json_failed(&j) ? 3 : 0;
  if (rc == 0)
    printf("%s\n", ff_json_text(&j));
  else
    fprintf(stderr, "formfuzz list: out of memory\n");
  ff_json_free(&j);
  return rc;
}

static int cmd_list(int argc, char **argv) {
  bool json = false;
  const ff_option options[] = {
      FF_FLAG_OPTION("json", &json, "print a JSON array instead of the table"),
  };
  const ff_command_spec spec = {
      .command = "list",
      .usage = "list [--json]",
      .description = "Lists every fuzzer declared in components/*/fuzzers.tsv: component, strategy,\n"
                     "risk weight (1..5), max input length, number of seeds, dictionary, description.",
      .options = options,
      .option_count = 1,
      .max_positional = 0,
  };
  ff_args args;
  int rc = ff_parse_options(&spec, argc, argv, &args);
  if (rc != FF_PARSE_OK) return rc == FF_PARSE_HELP ? 0 : 2;
  ff_manifest m;
  if (ff_manifest_load_default(&m) != 0) return 3;
  if (json)
    rc = print_json(&m);
  else
    print_table(&m);
  ff_manifest_free(&m);
  return rc;
}

FF_COMMAND("list", "list the fuzzers of every component (--json)", cmd_list)
