/* `formfuzz live`: fuzzing in a live environment, one subcommand each
 * (tools/live/): shadow (a comparing proxy, or a replay of recorded traffic)
 * canary (fuzz traffic in stages with health checks and rollback) and fuzz
 * (stateful fuzzing of a server it starts). */
#include <stdio.h>
#include <string.h>

#include "command.h"
#include "live_cmds.h"

static void usage(FILE *to) {
  fprintf(to, "usage: formfuzz live <subcommand> [options]   (formfuzz live <subcommand> --help)\n\n"
              "subcommands:\n"
              "  shadow   proxy clients to a primary; mirror every request and its variants to a\n"
              "           shadow and report the real differences (DNS over UDP/TCP, HTTP/1.1)\n"
              "  canary   fuzz traffic in stages of rising rate, health checks, automatic rollback\n"
              "  fuzz     stateful fuzzing of a server it starts: message sequences, reply states,\n"
              "           crashes and hangs saved, the server restarted\n"
              "\n"
              "Every target must be allowed with --allow HOST:PORT (or --allow-file); see docs/live.md.\n");
}

static int cmd_live(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return 2;
  }
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
    usage(stdout);
    return 0;
  }
  if (strcmp(argv[1], "shadow") == 0) return live_cmd_shadow(argc - 1, argv + 1);
  if (strcmp(argv[1], "canary") == 0) return live_cmd_canary(argc - 1, argv + 1);
  if (strcmp(argv[1], "fuzz") == 0) return live_cmd_fuzz(argc - 1, argv + 1);
  fprintf(stderr, "formfuzz live: unknown subcommand '%s'\n\n", argv[1]);
  usage(stderr);
  return 2;
}

FF_COMMAND("live", "live-environment fuzzing: shadow proxy, canary, stateful fuzz", cmd_live)
