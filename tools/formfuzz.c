/* `formfuzz`: the command-line front door. Subcommands live in tools/cmd_*.c and
 * register themselves (tools/command.h); this file only dispatches. */
#include <stdio.h>
#include <string.h>

#include "command.h"

#define MAX_COMMANDS 32

static struct {
  const char *name, *summary;
  ff_command_fn fn;
} commands[MAX_COMMANDS];
static int ncommands;

void ff_command_register(const char *name, const char *summary, ff_command_fn fn) {
  if (ncommands == MAX_COMMANDS) {
    fprintf(stderr, "formfuzz: too many commands (raise MAX_COMMANDS)\n");
    return;
  }
  /* keep the table sorted by name for --help */
  int i = ncommands++;
  while (i > 0 && strcmp(commands[i - 1].name, name) > 0) {
    commands[i] = commands[i - 1];
    i--;
  }
  commands[i].name = name;
  commands[i].summary = summary;
  commands[i].fn = fn;
}

static void usage(FILE *to) {
  fprintf(to, "usage: formfuzz <command> [options]   (formfuzz <command> --help for details)\n\n"
              "commands:\n");
  for (int i = 0; i < ncommands; i++)
    fprintf(to, "  %-10s %s\n", commands[i].name, commands[i].summary);
}

/* Called through a link named formfuzz-<command> (formfuzz-cc, formfuzz-c++:
 * one-word compilers for build systems), the name is the command. */
static const char *command_from_name(const char *argv0) {
  const char *base = strrchr(argv0, '/');
  base = base ? base + 1 : argv0;
  return strncmp(base, "formfuzz-", 9) == 0 && base[9] ? base + 9 : NULL;
}

int main(int argc, char **argv) {
  const char *by_name = command_from_name(argv[0]);
  for (int i = 0; by_name && i < ncommands; i++)
    if (strcmp(commands[i].name, by_name) == 0) return commands[i].fn(argc, argv);
  if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
      strcmp(argv[1], "help") == 0) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  for (int i = 0; i < ncommands; i++)
    if (strcmp(commands[i].name, argv[1]) == 0) return commands[i].fn(argc - 1, argv + 1);
  fprintf(stderr, "formfuzz: unknown command '%s'\n\n", argv[1]);
  usage(stderr);
  return 2;
}
