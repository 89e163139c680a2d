/* Command-line option parsing shared by every `formfuzz` subcommand: a table of
 * long options (--name VALUE or --name=VALUE), positional arguments, everything
 * after "--" kept apart (engine flags), and --help printed from the same table. */
#ifndef FF_TOOLS_OPTIONS_H
#define FF_TOOLS_OPTIONS_H

#include <stdbool.h>

typedef enum { FF_OPT_FLAG, FF_OPT_STRING, FF_OPT_INT, FF_OPT_DOUBLE } ff_opt_kind;

typedef struct ff_option {
  const char *name;     /* "time" for --time */
  ff_opt_kind kind;
  void *value;          /* bool*, const char**, long*, double* by kind */
  const char *arg_name; /* shown in --help: "S", "DIR"; NULL for flags */
  const char *help;
  /* FF_OPT_INT and FF_OPT_DOUBLE: the accepted range, bounds included. Every
   * numeric option states its own (max > min); a value outside it, not finite
   * (nan, inf) or not a number at all is refused naming the value. */
  double min, max;
} ff_option;

typedef struct ff_command_spec {
  const char *command;     /* "run": used in messages as "formfuzz run" */
  const char *usage;       /* "run <fuzzer> [options] [-- engine flags]" */
  const char *description; /* a paragraph printed under the usage */
  const ff_option *options;
  int option_count;
  int min_positional, max_positional; /* max -1: no limit */
  bool allow_extra;                   /* accepts "-- flags..." */
} ff_command_spec;

typedef struct ff_args {
  char **positional;
  int positional_count;
  char **extra; /* after "--" */
  int extra_count;
} ff_args;

/* Rows of the option table without a range. */
#define FF_STRING_OPTION(long_name, ptr, arg, help_text)                                           \
  (ff_option) {                                                                                    \
    .name = (long_name), .kind = FF_OPT_STRING, .value = (ptr), .arg_name = (arg),                 \
    .help = (help_text)                                                                            \
  }
#define FF_FLAG_OPTION(long_name, ptr, help_text)                                                  \
  (ff_option) { .name = (long_name), .kind = FF_OPT_FLAG, .value = (ptr), .help = (help_text) }

enum { FF_PARSE_OK = 0, FF_PARSE_HELP = 1, FF_PARSE_ERROR = 2 };

/* Parses argv[1..argc) (argv[0] is the command name). Fills the option values
 * and args (pointers into argv). On --help prints the help to stdout and
 * returns FF_PARSE_HELP; on a bad option or value prints one line to stderr
 * and returns FF_PARSE_ERROR (use it as the exit status: 2). */
int ff_parse_options(const ff_command_spec *spec, int argc, char **argv, ff_args *args);
void ff_print_help(const ff_command_spec *spec);
/* "formfuzz <command>: <message>\n" to stderr; returns 2 for `return ff_usage_error(...)`. */
int ff_usage_error(const ff_command_spec *spec, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
