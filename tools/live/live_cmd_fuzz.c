/* `formfuzz live fuzz`: options and safety checks (live_fuzz.h does the work). */
#include <stdio.h>
#include <string.h>

#include "dir_list.h"
#include "live_cmds.h"
#include "live_common.h"
#include "live_fuzz.h"

int live_cmd_fuzz(int argc, char **argv) {
  live_common common;
  const char *target = NULL, *cmd = NULL, *seeds = NULL, *replay = NULL, *transport = "tcp";
  const char *proto_name = "raw", *mutate = "aware";
  long runs = 1000, seed = 1, shape_bytes = 12, shape_skip = 0;
  double timeout = 0.2, ready = 10;
  bool coverage = false;
  ff_option options[14 + LIVE_COMMON_ROWS] = {
      FF_STRING_OPTION("target", &target, "HOST:PORT", "where the server listens (must be in --allow)"),
      FF_STRING_OPTION("proto", &proto_name, "raw|dns|http",
                       "framing, reply states and message mutations of the protocol (default raw)"),
      FF_STRING_OPTION("mutate", &mutate, "aware|havoc",
                       "messages mutated protocol-aware with havoc among the operators, or by havoc only (default aware)"),
      FF_STRING_OPTION("transport", &transport, "tcp|udp", "one connection per sequence, or datagrams (default tcp)"),
      FF_STRING_OPTION("cmd", &cmd, "CMD", "shell command starting the server (restarted after a crash)"),
      FF_STRING_OPTION("seeds", &seeds, "DIR", "seed sequences: messages, each after a 2-byte big-endian length"),
      FF_STRING_OPTION("replay", &replay, "FILE", "send this one sequence and say whether the server survives"),
      {"runs", FF_OPT_INT, &runs, "N", "mutated sequences to send (default 1000)", 0, 1e9},
      {"seed", FF_OPT_INT, &seed, "N", "seed of the mutations (default 1)", 0, 4294967295.0},
      {"timeout", FF_OPT_DOUBLE, &timeout, "S", "wait for each reply (default 0.2)", 0.01, 30},
      {"ready-time", FF_OPT_DOUBLE, &ready, "S", "wait for the server to accept after a (re)start (default 10)", 0.1, 600},
      {"shape-bytes", FF_OPT_INT, &shape_bytes, "N", "raw: reply bytes (up to a newline) that make its state (default 12)", 1, 4096},
      {"shape-skip", FF_OPT_INT, &shape_skip, "N", "raw: reply bytes skipped first, e.g. 2 for a DNS ID (default 0)", 0, 4096},
      FF_FLAG_OPTION("coverage", &coverage, "edges of the server as feedback (built with `formfuzz cc --server`, a builtin-preset component server, or trace-pc-guard + tools/live/cov/live_cov_rt.c)"),
  };
  int n = 14;
  live_common_rows(&common, "out/live/fuzz", 500, options + n);
  common.max_time = 300;
  n += LIVE_COMMON_ROWS;
  const ff_command_spec spec = {
      .command = "live fuzz",
      .usage = "live fuzz --target HOST:PORT --cmd CMD (--seeds DIR | --replay FILE) --allow HOST:PORT [options]",
      .description =
          "Stateful fuzzing of a server the tool starts (--cmd): sequences of messages, mutated\n"
          "AFLNet-style (a message dropped, repeated, inserted, swapped, sequences spliced, or one\n"
          "message mutated: with --proto dns|http protocol-aware, the engine's havoc being one of\n"
          "the operators). raw: one TCP connection per sequence (or UDP datagrams), a reply's first\n"
          "bytes make its state. dns: UDP, or TCP with RFC 1035 framing; rcode, flags and section\n"
          "counts make the state. http: requests over kept-alive connections (a new one when the\n"
          "server closes), whole replies read; status and JSON key shape make the state. A sequence\n"
          "showing a new state transition joins OUT/queue/. The server ending is a crash\n"
          "(OUT/crashes/<sha1> and .txt, replayed on a restarted server to confirm it), an\n"
          "unanswered server a hang (OUT/hangs/); it is restarted either way. --replay FILE sends\n"
          "one saved sequence.\n"
          "Exit 1 when a crash or hang was found, 0 when none, 2 bad usage, 3 cannot run.",
      .options = options,
      .option_count = n,
      .max_positional = 0,
  };
  ff_args args;
  int rc = ff_parse_options(&spec, argc, argv, &args);
  if (rc != FF_PARSE_OK) return rc == FF_PARSE_HELP ? 0 : 2;
  live_fuzz_cfg cfg;
  memset(&cfg, 0, sizeof cfg);
  bool over_tcp = true;
  if (live_common_transport(transport, &over_tcp))
    return ff_usage_error(&spec, "--transport '%s': tcp or udp", transport);
  if (live_proto_parse(proto_name, &cfg.proto))
    return ff_usage_error(&spec, "--proto '%s': raw, dns or http", proto_name);
  if (strcmp(mutate, "aware") && strcmp(mutate, "havoc"))
    return ff_usage_error(&spec, "--mutate '%s': aware or havoc", mutate);
  if (cfg.proto == LIVE_PROTO_HTTP && !over_tcp)
    return ff_usage_error(&spec, "--proto http runs over --transport tcp");
  if (!target || !cmd) return ff_usage_error(&spec, "--target and --cmd are required");
  if (!seeds == !replay) return ff_usage_error(&spec, "give one of --seeds DIR and --replay FILE");
  if (seeds && !ff_is_dir(seeds)) return ff_usage_error(&spec, "--seeds %s is not a directory", seeds);
  if (replay && !ff_is_file(replay)) return ff_usage_error(&spec, "--replay %s is not a file", replay);
  live_allow allow;
  if (live_common_allow(&common, "fuzz", &allow)) return 2;
  char err[512];
  if (live_allow_target(&allow, "--target", target, &cfg.target, err, sizeof err))
    return ff_usage_error(&spec, "%s", err);
  cfg.tcp = over_tcp;
  cfg.cmd = cmd, cfg.seeds_dir = seeds, cfg.replay_file = replay, cfg.runs = runs, cfg.seed = (uint64_t)seed;
  cfg.timeout_s = timeout, cfg.ready_s = ready, cfg.shape_bytes = shape_bytes, cfg.shape_skip = shape_skip;
  cfg.out_dir = common.out, cfg.coverage = coverage, cfg.aware = strcmp(mutate, "aware") == 0;
  live_pace pace;
  live_pace_init(&pace, common.rate);
  live_run run;
  live_run_start(&run, common.stop_file, common.max_time);
  rc = live_fuzz_run(&cfg, &pace, &run, err, sizeof err);
  if (rc == 3) fprintf(stderr, "formfuzz live fuzz: %s\n", err);
  return rc;
}
