/* `formfuzz live canary`: options and safety checks (live_canary.h does the work). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dir_list.h"
#include "live_canary.h"
#include "live_cmds.h"
#include "live_common.h"

static int parse_stages(const char *text, live_canary_cfg *cfg) {
  char buf[512];
  snprintf(buf, sizeof buf, "%s", text);
  cfg->nstages = 0;
  for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
    char *end;
    double r = strtod(t, &end);
    if (*end || !(r > 0) || r > LIVE_RATE_CAP || cfg->nstages == LIVE_CANARY_MAX_STAGES) return -1;
    cfg->stages[cfg->nstages++] = r;
  }
  return cfg->nstages ? 0 : -1;
}

int live_cmd_canary(int argc, char **argv) {
  live_common common;
  const char *proto = "dns", *transport = NULL, *target = NULL, *stages = "1,5,25,100", *probe = NULL, *corpus = NULL,
             *on_rollback = NULL, *rollback_to = "zero";
  double dwell = 10, interval = 1, timeout = 0.5, max_error = 0.2, factor = 5, floor_ms = 20, max_rss = 0;
  long baseline = 10, breach = 3, window = 200, pid = 0, seed = 1, tcp_messages = 1;
  ff_option options[22 + LIVE_COMMON_ROWS] = {
      FF_STRING_OPTION("proto", &proto, "dns|http", "protocol (default dns)"),
      FF_STRING_OPTION("transport", &transport, "udp|tcp",
                       "dns: UDP datagrams (default) or TCP with 2-byte length framing; each probe on a new connection"),
      {"tcp-messages", FF_OPT_INT, &tcp_messages, "N",
       "dns over tcp: fuzz requests per connection (default 1: a new connection each)", 1, 65535},
      FF_STRING_OPTION("target", &target, "HOST:PORT", "the server under test (must be in --allow)"),
      FF_STRING_OPTION("stages", &stages, "R,R,...", "fuzz requests per second of each stage (default 1,5,25,100)"),
      {"dwell", FF_OPT_DOUBLE, &dwell, "S", "seconds each stage lasts (default 10)", 0.1, 3600},
      {"interval", FF_OPT_DOUBLE, &interval, "S", "seconds between health checks (default 1)", 0.05, 600},
      {"timeout", FF_OPT_DOUBLE, &timeout, "S", "wait for each reply (default 0.5)", 0.01, 30},
      FF_STRING_OPTION("probe", &probe, "PROBE", "dns: 'NAME TYPE' answered NOERROR; http: a path answered 2xx"),
      {"baseline-probes", FF_OPT_INT, &baseline, "N", "probes before the first stage (default 10)", 1, 1000},
      {"breach-checks", FF_OPT_INT, &breach, "K", "checks in a row out of bounds that trigger rollback (default 3)", 1, 100},
      {"max-error-rate", FF_OPT_DOUBLE, &max_error, "F", "bound on the fuzz requests' error fraction per check (default 0.2)", 0, 1},
      {"max-latency-factor", FF_OPT_DOUBLE, &factor, "F", "probe latency bound: F x baseline p99 (default 5)", 1, 1000},
      {"latency-floor-ms", FF_OPT_DOUBLE, &floor_ms, "MS", "...and at least baseline p99 + MS (default 20)", 0, 60000},
      {"pid", FF_OPT_INT, &pid, "PID", "watch this process: gone is a breach", 0, 4194304},
      {"max-rss-mb", FF_OPT_DOUBLE, &max_rss, "MB", "with --pid: RSS bound (0: none)", 0, 1e6},
      FF_STRING_OPTION("corpus", &corpus, "DIR", "seed requests to mutate (e.g. live shadow --record); default: the probe"),
      {"window", FF_OPT_INT, &window, "N", "fuzz requests kept as culprits at rollback (default 200)", 1, 100000},
      FF_STRING_OPTION("on-rollback", &on_rollback, "CMD", "shell command run at rollback (30 s limit)"),
      {"seed", FF_OPT_INT, &seed, "N", "seed of the mutations (default 1)", 0, 4294967295.0},
      FF_STRING_OPTION("rollback-to", &rollback_to, "zero|last",
                       "after a rollback: stop (default), or hold the last healthy stage one dwell"),
  };
  int n = 21;
  live_common_rows(&common, "out/live/canary", LIVE_RATE_CAP, options + n);
  common.max_time = 0;
  n += LIVE_COMMON_ROWS;
  const ff_command_spec spec = {
      .command = "live canary",
      .usage = "live canary --target HOST:PORT --probe PROBE --allow HOST:PORT [options]",
      .description =
          "Sends mutated requests to the target in stages of rising rate, each for --dwell seconds,\n"
          "checking health every --interval: the probe must succeed within F x its baseline p99,\n"
          "the fuzz requests' error fraction (no reply, SERVFAIL, 5xx) must stay under the bound,\n"
          "and with --pid the process must live (under --max-rss-mb). DNS goes over UDP, or over\n"
          "TCP with --transport tcp (framed; --tcp-messages N requests per fuzz connection, the\n"
          "connection closed before each probe; each probe on a new one). K checks in a row out of\n"
          "bounds roll back: fuzz traffic stops at once, --on-rollback runs, the last --window\n"
          "requests are saved in OUT/culprits/ and the run ends. OUT/canary.json, canary.md,\n"
          "canary.csv and canary.svg report it. Exit 0 when every stage passed, 1 after a\n"
          "rollback, 2 on bad usage, 3 when it cannot run (the probe fails before any fuzzing).",
      .options = options,
      .option_count = n,
      .max_positional = 0,
  };
  ff_args args;
  int rc = ff_parse_options(&spec, argc, argv, &args);
  if (rc != FF_PARSE_OK) return rc == FF_PARSE_HELP ? 0 : 2;
  live_canary_cfg cfg;
  memset(&cfg, 0, sizeof cfg);
  if (strcmp(proto, "dns") == 0) cfg.proto = LIVE_DNS;
  else if (strcmp(proto, "http") == 0) cfg.proto = LIVE_HTTP;
  else return ff_usage_error(&spec, "--proto '%s': dns or http", proto);
  if (transport && live_common_transport(transport, &cfg.tcp))
    return ff_usage_error(&spec, "--transport '%s': udp or tcp", transport);
  if (cfg.proto == LIVE_HTTP && transport && !cfg.tcp)
    return ff_usage_error(&spec, "--transport udp: HTTP goes over TCP");
  if (tcp_messages > 1 && !(cfg.proto == LIVE_DNS && cfg.tcp))
    return ff_usage_error(&spec, "--tcp-messages: only with --proto dns --transport tcp");
  cfg.tcp_messages = tcp_messages;
  if (!target || !probe) return ff_usage_error(&spec, "--target and --probe are required");
  if (parse_stages(stages, &cfg))
    return ff_usage_error(&spec, "--stages '%s': rates 0 < R <= %g, comma-separated, at most %d", stages,
                          LIVE_RATE_CAP, LIVE_CANARY_MAX_STAGES);
  for (int i = 0; i < cfg.nstages; i++)
    if (cfg.stages[i] > common.rate) cfg.stages[i] = common.rate; /* the hard cap wins */
  if (corpus && !ff_is_dir(corpus)) return ff_usage_error(&spec, "--corpus %s is not a directory", corpus);
  live_allow allow;
  if (live_common_allow(&common, "canary", &allow)) return 2;
  char err[512];
  if (live_allow_target(&allow, "--target", target, &cfg.target, err, sizeof err))
    return ff_usage_error(&spec, "%s", err);
  cfg.dwell_s = dwell, cfg.interval_s = interval, cfg.timeout_s = timeout;
  cfg.baseline_probes = baseline, cfg.breach_checks = breach, cfg.window = window;
  cfg.max_error_rate = max_error, cfg.max_latency_factor = factor, cfg.latency_floor_ms = floor_ms;
  cfg.max_rss_mb = max_rss, cfg.pid = (pid_t)pid, cfg.probe = probe, cfg.corpus_dir = corpus;
  cfg.on_rollback = on_rollback, cfg.seed = (uint64_t)seed, cfg.out_dir = common.out;
  if (strcmp(rollback_to, "zero") && strcmp(rollback_to, "last"))
    return ff_usage_error(&spec, "--rollback-to '%s': zero or last", rollback_to);
  cfg.rollback_to_last = strcmp(rollback_to, "last") == 0;
  live_run run;
  live_run_start(&run, common.stop_file, common.max_time);
  rc = live_canary_run(&cfg, &run, err, sizeof err);
  if (rc == 3) {
    fprintf(stderr, "formfuzz live canary: %s\n", err);
    return 3;
  }
  printf("canary %s: see %s/canary.md\n", rc ? "rolled back" : run.why ? "stopped" : "passed", common.out);
  return rc;
}
