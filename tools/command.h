/* How a `formfuzz` subcommand plugs in: one file tools/cmd_<name>.c per command,
 * registering itself with FF_COMMAND. main() (tools/formfuzz.c) dispatches and
 * prints the list for `formfuzz --help`. Every command handles --help itself. */
#ifndef FORMFUZZ_TOOLS_COMMAND_H
#define FORMFUZZ_TOOLS_COMMAND_H

typedef int (*ff_command_fn)(int argc, char **argv); /* argv[0] is the command name */

void ff_command_register(const char *name, const char *summary, ff_command_fn fn);

#define FF_COMMAND(name, summary, fn)                                             \
  __attribute__((constructor)) static void ff_command_register_##fn(void) {       \
    ff_command_register((name), (summary), (fn));                                 \
  }

#endif
