/* The `formfuzz live` subcommands (tools/cmd_live.c dispatches): argv[0] is
 * the subcommand's name; the return value is the exit status. */
#ifndef FF_TOOLS_LIVE_CMDS_H
#define FF_TOOLS_LIVE_CMDS_H

int live_cmd_shadow(int argc, char **argv);
int live_cmd_canary(int argc, char **argv);
int live_cmd_fuzz(int argc, char **argv);

#endif
