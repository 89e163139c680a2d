/* Command-line parsing for the engine (see flags.h): a table of flags, each
 * with its type, bounds, default and one-line help, made from flags.def. */
#include "flags.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum flag_type { FLAG_INT, FLAG_STR };

typedef struct flag_spec {
  const char *name;
  enum flag_type type;
  size_t offset;
  long long min, max;
  long long def_int;
  const char *help;
} flag_spec;

static const flag_spec specs[] = {
#define FF_FLAG_INT(n, lo, hi, d, h) {#n, FLAG_INT, offsetof(ff_flags, n), lo, hi, d, h},
#define FF_FLAG_STR(n, h) {#n, FLAG_STR, offsetof(ff_flags, n), 0, 0, 0, h},
#include "flags.def"
#undef FF_FLAG_INT
#undef FF_FLAG_STR
};

#define NSPECS (sizeof specs / sizeof specs[0])

void ff_flags_defaults(ff_flags *f) {
  memset(f, 0, sizeof *f);
  for (size_t i = 0; i < NSPECS; i++)
    if (specs[i].type == FLAG_INT)
      *(long long *)((char *)f + specs[i].offset) = specs[i].def_int;
}

int ff_flags_is_flag(const char *arg) { return arg[0] == '-' && arg[1] != '\0'; }

static const flag_spec *find_spec(const char *name, size_t len) {
  for (size_t i = 0; i < NSPECS; i++)
    if (strlen(specs[i].name) == len && strncmp(specs[i].name, name, len) == 0) return &specs[i];
  return NULL;
}

int ff_flags_known(const char *name, size_t len) { return find_spec(name, len) != NULL; }

static int parse_one(ff_flags *f, const char *arg, char *err, size_t err_cap) {
  const char *name = arg + 1;
  if (*name == '-') name++; /* --flag=value is accepted too */
  const char *eq = strchr(name, '=');
  if (!eq) {
    snprintf(err, err_cap, "flag '%s' needs a value: %s=VALUE", arg, arg);
    return -1;
  }
  const flag_spec *s = find_spec(name, (size_t)(eq - name));
  if (!s) {
    snprintf(err, err_cap, "unknown flag '%.*s' (see -help=1)", (int)(eq - arg), arg);
    return -1;
  }
  const char *value = eq + 1;
  void *slot = (char *)f + s->offset;
  if (s->type == FLAG_STR) {
    *(const char **)slot = value;
    return 0;
  }
  char *end;
  errno = 0;
  long long v = strtoll(value, &end, 10);
  if (errno || end == value || *end != '\0') {
    snprintf(err, err_cap, "flag -%s: '%s' is not an integer", s->name, value);
    return -1;
  }
  if (v < s->min || v > s->max) {
    snprintf(err, err_cap, "flag -%s: %lld is outside %lld..%lld", s->name, v, s->min, s->max);
    return -1;
  }
  *(long long *)slot = v;
  return 0;
}

int ff_flags_parse(ff_flags *f, int argc, char **argv, char *err, size_t err_cap) {
  f->inputs = calloc((size_t)(argc > 0 ? argc : 1), sizeof *f->inputs);
  if (!f->inputs) {
    snprintf(err, err_cap, "out of memory");
    return -1;
  }
  f->input_count = 0;
  for (int i = 1; i < argc; i++) {
    if (ff_flags_is_flag(argv[i])) {
      if (parse_one(f, argv[i], err, err_cap) != 0) return -1;
    } else {
      f->inputs[f->input_count++] = argv[i];
    }
  }
  return 0;
}

void ff_flags_free(ff_flags *f) {
  free(f->inputs);
  f->inputs = NULL;
  f->input_count = 0;
}

void ff_flags_print_help(FILE *out, const char *argv0) {
  fprintf(out,
          "Usage: %s [-flag=value ...] [corpus_dir ... | input_file ...]\n"
          "  Directories are corpora (new inputs go into the first); files are run once each.\n"
          "Flags:\n",
          argv0);
  for (size_t i = 0; i < NSPECS; i++) {
    if (specs[i].type == FLAG_INT)
      fprintf(out, "  -%-20s %-8lld %s\n", specs[i].name, specs[i].def_int, specs[i].help);
    else
      fprintf(out, "  -%-20s %-8s %s\n", specs[i].name, "", specs[i].help);
  }
}
