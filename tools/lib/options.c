/* Long-option parsing and --help for the subcommands (see options.h). */
#include "options.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ff_print_help(const ff_command_spec *spec) {
  printf("usage: formfuzz %s\n\n", spec->usage);
  if (spec->description) printf("%s\n", spec->description);
  printf("\noptions:\n");
  for (int i = 0; i < spec->option_count; i++) {
    const ff_option *o = &spec->options[i];
    char left[64];
    const char *dashes = strlen(o->name) == 1 ? "-" : "--"; /* one letter: a short option */
    if (o->arg_name)
      snprintf(left, sizeof left, "%s%s %s", dashes, o->name, o->arg_name);
    else
      snprintf(left, sizeof left, "%s%s", dashes, o->name);
    printf("  %-22s %s\n", left, o->help);
  }
  printf("  %-22s %s\n", "--help", "show this help");
}

int ff_usage_error(const ff_command_spec *spec, const char *fmt, ...) {
  va_list ap;
  fprintf(stderr, "formfuzz %s: ", spec->command);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, " (see formfuzz %s --help)\n", spec->command);
  return FF_PARSE_ERROR;
}

/* "from 1 to 8", the range of o for messages. */
static void describe_range(const ff_option *o, char *out, size_t cap) {
  snprintf(out, cap, "from %.15g to %.15g", o->min, o->max);
}

static int out_of_range(const ff_command_spec *spec, const ff_option *o, const char *what,
                        const char *text) {
  char range[96];
  describe_range(o, range, sizeof range);
  return ff_usage_error(spec, "--%s expects %s %s, got '%s'", o->name, what, range, text);
}

static int set_value(const ff_command_spec *spec, const ff_option *o, const char *text) {
  char *end = NULL;
  errno = 0;
  switch (o->kind) {
  case FF_OPT_STRING:
    if (text[0] == '\0') return ff_usage_error(spec, "--%s needs a non-empty value", o->name);
    *(const char **)o->value = text;
    return FF_PARSE_OK;
  case FF_OPT_INT: {
    long long v = strtoll(text, &end, 10);
    if (errno || end == text || *end != '\0' || (double)v < o->min || (double)v > o->max)
      return out_of_range(spec, o, "an integer", text);
    *(long *)o->value = (long)v;
    return FF_PARSE_OK;
  }
  case FF_OPT_DOUBLE: {
    double v = strtod(text, &end);
    if (errno || end == text || *end != '\0' || !isfinite(v) || v < o->min || v > o->max)
      return out_of_range(spec, o, "a number", text);
    *(double *)o->value = v;
    return FF_PARSE_OK;
  }
  case FF_OPT_FLAG:
    break;
  }
  return ff_usage_error(spec, "--%s takes no value", o->name);
}

static const ff_option *find_option(const ff_command_spec *spec, const char *name, size_t len) {
  for (int i = 0; i < spec->option_count; i++)
    if (strlen(spec->options[i].name) == len && strncmp(spec->options[i].name, name, len) == 0)
      return &spec->options[i];
  return NULL;
}

int ff_parse_options(const ff_command_spec *spec, int argc, char **argv, ff_args *args) {
  memset(args, 0, sizeof *args);
  for (int i = 0; i < spec->option_count; i++) {
    const ff_option *o = &spec->options[i];
    if ((o->kind == FF_OPT_INT || o->kind == FF_OPT_DOUBLE) && !(o->max > o->min)) {
      fprintf(stderr, "formfuzz %s: internal error: --%s has no range\n", spec->command, o->name);
      return FF_PARSE_ERROR;
    }
  }
  args->positional = argv + 1; /* positionals are compacted in place, in order */
  for (int i = 1; i < argc; i++) {
    char *a = argv[i];
    if (strcmp(a, "--") == 0) {
      if (!spec->allow_extra) return ff_usage_error(spec, "takes no engine flags after '--'");
      args->extra = argv + i + 1;
      args->extra_count = argc - i - 1;
      break;
    }
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      ff_print_help(spec);
      return FF_PARSE_HELP;
    }
    if (a[0] == '-' && a[1] != '\0') {
      /* "-o" names a one-letter option; other single-dash words are refused */
      bool short_form = a[1] != '-';
      if (short_form && (a[2] != '\0' || !find_option(spec, a + 1, 1)))
        return ff_usage_error(spec, "unknown option '%s' (options are --long; engine flags go after '--')", a);
      const char *name = a + (short_form ? 1 : 2), *eq = short_form ? NULL : strchr(name, '=');
      size_t len = eq ? (size_t)(eq - name) : strlen(name);
      const ff_option *o = find_option(spec, name, len);
      if (!o) return ff_usage_error(spec, "unknown option '%.*s'", (int)(len + 2), a);
      if (o->kind == FF_OPT_FLAG) {
        if (eq) return ff_usage_error(spec, "--%s takes no value", o->name);
        *(bool *)o->value = true;
        continue;
      }
      const char *value = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
      if (!value) return ff_usage_error(spec, "--%s needs a value (%s)", o->name, o->arg_name);
      int rc = set_value(spec, o, value);
      if (rc != FF_PARSE_OK) return rc;
      continue;
    }
    args->positional[args->positional_count++] = a;
  }
  if (args->positional_count < spec->min_positional)
    return ff_usage_error(spec, "missing argument");
  if (spec->max_positional >= 0 && args->positional_count > spec->max_positional)
    return ff_usage_error(spec, "unexpected argument '%s'", args->positional[spec->max_positional]);
  return FF_PARSE_OK;
}
