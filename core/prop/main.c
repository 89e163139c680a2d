/* main() of a property test program (ff_add_property_test): replays each
 * property's saved regressions, then runs its seeded cases; or, given files,
 * runs the properties on those files. Exit 0 when every property holds (and,
 * with --fault-reach SITE, each made SITE fail at least once: the fault tally
 * of fault.h, counted in this process). */
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "formfuzz/fault.h"
#include "formfuzz/prop.h"

static void usage(const char *argv0) {
  fprintf(stderr,
          "usage: %s [--regressions DIR] [--property NAME] [--cases N] [--seed N] [--no-save]\n"
          "          [--fault-reach SITE] [--list] [FILE...]\n"
          "  runs every property (or NAME): replays DIR/<property>/*, then N seeded cases;\n"
          "  a failure is shrunk, printed and saved to DIR/<property>/.\n"
          "  --fault-reach SITE[,SITE...]: the cases run in this process and each property\n"
          "  must have failed each SITE (a site or family, e.g. storage.write) at least once.\n"
          "  With FILEs: runs the properties on those files only.\n"
          "  Environment: FORMFUZZ_PROP_CASES, FORMFUZZ_PROP_SEED, FORMFUZZ_PROP_FORK=0.\n",
          argv0);
}

static int run_files(const ff_property *prop, char **files, int nfiles) {
  int failed = 0;
  for (int i = 0; i < nfiles; i++) {
    uint8_t *data;
    size_t len;
    char err[256], failure[192], message[512];
    if (ff_read_file(files[i], 16u << 20, &data, &len, err, sizeof err) != 0) {
      fprintf(stderr, "%s: %s\n", files[i], err);
      return 2;
    }
    if (ff_prop_run_once(prop, data, len, failure, sizeof failure, message, sizeof message, NULL)) {
      fprintf(stderr, "==formfuzz== PROPERTY %s FAILED on %s: %s: %s\n", prop->name, files[i], failure, message);
      ff_prop_print_counterexample(prop, data, len, stderr);
      failed = 1;
    } else {
      fprintf(stderr, "property %s holds on %s\n", prop->name, files[i]);
    }
    free(data);
  }
  return failed;
}

/* --fault-reach: did the cases just run make each site of the comma list
 * fail at least once? */
static int check_fault_reach(const ff_property *prop, const char *sites) {
  const ff_fault_plan *tally = ff_fault_tally();
  int status = 0;
  for (const char *p = sites; *p;) {
    size_t n = strcspn(p, ",");
    char site[FF_FAULT_SITE_MAX];
    snprintf(site, sizeof site, "%.*s", (int)n, p);
    uint32_t calls = ff_fault_calls(tally, site), fired = ff_fault_fired(tally, site);
    fprintf(stderr, "property %s: fault site %s consulted %u times, failed %u times\n", prop->name, site, calls, fired);
    if (fired == 0) status = 1;
    p += n + (p[n] == ',');
  }
  return status;
}

static int run_property(const ff_property *prop, const ff_prop_config *cfg, const char *regressions) {
  int status = 0;
  if (regressions) {
    char dir[2048];
    snprintf(dir, sizeof dir, "%s/%s", regressions, prop->name);
    int failed = ff_prop_replay_dir(prop, dir, stderr);
    if (failed != 0) {
      fprintf(stderr, "property %s: %s in %s\n", prop->name,
              failed < 0 ? "cannot read the regressions" : "regression(s) fail", dir);
      status = 1;
    }
  }
  ff_prop_result res;
  ff_prop_status st = ff_prop_check(prop, cfg, &res);
  if (st == FF_PROP_PASSED)
    fprintf(stderr, "property %s: %u cases passed (seed %llu)\n", prop->name, res.cases_run,
            (unsigned long long)cfg->seed);
  ff_prop_result_free(&res);
  return st == FF_PROP_PASSED ? status : 1;
}

int main(int argc, char **argv) {
  ff_prop_config cfg;
  ff_prop_config_default(&cfg);
  const char *regressions = NULL, *only = NULL, *reach_site = NULL;
  bool save = true;
  int first_file = argc;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--regressions") == 0 && i + 1 < argc) {
      regressions = argv[++i];
    } else if (strcmp(a, "--property") == 0 && i + 1 < argc) {
      only = argv[++i];
    } else if (strcmp(a, "--cases") == 0 && i + 1 < argc) {
      cfg.cases = (unsigned)strtoul(argv[++i], NULL, 0);
    } else if (strcmp(a, "--seed") == 0 && i + 1 < argc) {
      cfg.seed = strtoull(argv[++i], NULL, 0);
    } else if (strcmp(a, "--fault-reach") == 0 && i + 1 < argc) {
      reach_site = argv[++i];
      cfg.use_fork = false; /* the tally lives in this process */
    } else if (strcmp(a, "--no-save") == 0) {
      save = false;
    } else if (strcmp(a, "--list") == 0) {
      for (size_t k = 0; k < ff_prop_count(); k++) printf("%s\n", ff_prop_at(k)->name);
      return 0;
    } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      usage(argv[0]);
      return 0;
    } else if (a[0] == '-') {
      fprintf(stderr, "%s: unknown option %s\n", argv[0], a);
      usage(argv[0]);
      return 2;
    } else {
      first_file = i;
      break;
    }
  }
  const char *save_env = getenv("FORMFUZZ_PROP_SAVE");
  if (save && regressions && !(save_env && strcmp(save_env, "0") == 0)) cfg.save_dir = regressions;
  if (only && !ff_prop_find(only)) {
    fprintf(stderr, "%s: no property named %s (see --list)\n", argv[0], only);
    return 2;
  }
  int status = 0;
  for (size_t k = 0; k < ff_prop_count(); k++) {
    const ff_property *prop = ff_prop_at(k);
    if (only && strcmp(prop->name, only) != 0) continue;
    ff_fault_tally_reset();
    int r = first_file < argc ? run_files(prop, argv + first_file, argc - first_file)
                              : run_property(prop, &cfg, regressions);
    if (reach_site && check_fault_reach(prop, reach_site) > r) r = 1;
    if (r > status) status = r;
  }
  return status;
}
