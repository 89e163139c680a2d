/* The afl-fuzz command lines of one `formfuzz run --engine afl` session: one
 * instance, or with --jobs N one main (-M main) and N-1 secondaries (-S secK)
 * sharing the -o directory. Each gets the input directory (working corpus,
 * else seeds, else one tiny input), -G max_len, -V/-E limits, -s and -x dict.
 * When the CMPLOG twin <binary>.cmplog exists, the main and every other
 * secondary fuzz the twin itself with `-c 0` (see afl_command.c for why not
 * `-c <twin> -- <binary>`). Also the environment afl-fuzz runs with. */
#ifndef FF_TOOLS_AFL_COMMAND_H
#define FF_TOOLS_AFL_COMMAND_H

#include <stddef.h>

#include "engine_session.h"

#define FF_AFL_MAX_INSTANCES (FF_SESSION_MAX_HELPERS + 1)

/* The instance's directory name under -o: "default" when jobs is 1, else
 * "main" for index 0 and "sec<index>" for the others. */
void ff_afl_instance_name(long jobs, int index, char *out, size_t cap);

/* A malloc'd NULL-terminated argv for instance index (0 .. jobs-1), or NULL
 * with err (the input directory could not be prepared, out of memory). */
char **ff_afl_argv(const ff_session_config *c, int index, char *err, size_t err_cap);
void ff_afl_argv_free(char **argv);

/* "NAME=value" entries for afl-fuzz, NULL-terminated. */
extern const char *const ff_afl_env[];

#endif
