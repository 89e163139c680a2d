/* The engine's command line: libFuzzer's "-name=value" flags (the subset in
 * DESIGN.md plus formfuzz's -stats_* flags, listed once in flags.def) and
 * positional corpus directories or input files. An unknown flag or a
 * malformed value is an error naming the flag. */
#ifndef FF_ENGINE_FLAGS_H
#define FF_ENGINE_FLAGS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The upper bound of the integer flags that have no limit of their own. */
#define FF_FLAG_MAX (1LL << 62)

typedef struct ff_flags {
  /* one field per flag of flags.def, named as the flag (its meaning and
   * default are its help line there) */
#define FF_FLAG_INT(name, min, max, def, help) long long name;
#define FF_FLAG_STR(name, help) const char *name;
#include "flags.def"
#undef FF_FLAG_INT
#undef FF_FLAG_STR
  /* positional arguments (corpus directories or input files), in order */
  char **inputs;
  size_t input_count;
} ff_flags;

void ff_flags_defaults(ff_flags *f);
/* Parses argv[1..argc). Returns 0, or -1 with a message naming the flag in
 * err. f->inputs points into a malloc'd array (ff_flags_free). */
int ff_flags_parse(ff_flags *f, int argc, char **argv, char *err, size_t err_cap);
void ff_flags_free(ff_flags *f);
/* Prints every flag with its default and meaning. */
void ff_flags_print_help(FILE *out, const char *argv0);
/* True when arg is a flag of the engine's syntax (starts with '-'). */
int ff_flags_is_flag(const char *arg);
/* True when name (without leading '-' and '=value') is a known flag. */
int ff_flags_known(const char *name, size_t len);

#endif
