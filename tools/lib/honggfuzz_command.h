/* The honggfuzz command line of one `formfuzz run --engine honggfuzz` session:
 * which honggfuzz executable (HFUZZ_DIR, else PATH), and its arguments:
 *   honggfuzz -v -i <corpus, else seeds> -o <ws>/corpus -W <ws> --crashdir <ws>/crashes
 *     --statsfile <ws>/stats -n <jobs> -F <max_len> -t <timeout> -T
 *     [--run_time S] [-N runs] [-w dict] [user flags] -- <binary>
 * where <ws> is out/<fuzzer>/honggfuzz (honggfuzz_output.h reads it back).
 * honggfuzz has no random-seed option: --seed is not passed. */
#ifndef FF_TOOLS_HONGGFUZZ_COMMAND_H
#define FF_TOOLS_HONGGFUZZ_COMMAND_H

#include <stddef.h>

#include "engine_session.h"

/* The honggfuzz executable: $HFUZZ_DIR/honggfuzz or $HFUZZ_DIR/bin/honggfuzz
 * when HFUZZ_DIR is set, else the first honggfuzz on PATH. Returns 0 with its
 * path, or -1 with err saying where it was looked for and how to install it. */
int ff_honggfuzz_find(char *path, size_t cap, char *err, size_t err_cap);

/* A malloc'd NULL-terminated argv (argv[0] is exe; free it with ff_argv_free
 * of engine_argv.h), or NULL with err (out of memory, too many arguments).
 * Creates nothing. */
char **ff_honggfuzz_argv(const ff_session_config *c, const char *exe, char *err, size_t err_cap);

#endif
