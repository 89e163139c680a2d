/* `formfuzz mcp`: fuzz any MCP server over stdio (the server spawned as a
 * child, restarted when it dies) or Streamable HTTP on loopback, with schema-aware call sequences, response
 * novelty as feedback, and protocol, robustness and canary oracles; findings
 * replayable with --replay. The machinery is in tools/mcp/. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "fileio.h"
#include "mcp_canary.h"
#include "mcp_findings.h"
#include "mcp_fuzz.h"
#include "mcp_http.h"
#include "mcp_minimize.h"
#include "mcp_run.h"
#include "options.h"
#include "stop_signal.h"

#define REPLAY_MAX_INPUT 65536
#define MAX_REPLY_LINE (64u << 20)

/* command in single quotes for a shell */
static void shell_quote(const char *s, char *out, size_t cap) {
  size_t o = 0;
  if (cap < 3) return;
  out[o++] = '\'';
  for (; *s && o + 5 < cap; s++) {
    if (*s == '\'') {
      memcpy(out + o, "'\\''", 4);
      o += 4;
    } else {
      out[o++] = *s;
    }
  }
  out[o++] = '\'';
  out[o] = '\0';
}

static void print_discovery(const mcp_session *s) {
  const char *name = json_string_value(json_object_get(s->server_info, "name"));
  const char *version = json_string_value(json_object_get(s->server_info, "version"));
  printf("server: %s %s, protocol %s\n", name ? name : "?", version ? version : "", s->protocol_version);
  printf("tools: %zu, resources: %zu, resource templates: %zu, prompts: %zu\n",
         json_array_size(s->tools), json_array_size(s->resources),
         json_array_size(s->resource_templates), json_array_size(s->prompts));
  size_t i;
  json_t *tool;
  json_array_foreach(s->tools, i, tool) {
    const char *tn = json_string_value(json_object_get(tool, "name"));
    printf("  tool %s%s\n", tn ? tn : "?", json_object_get(tool, "outputSchema") ? " (outputSchema)" : "");
  }
}

static int replay(mcp_target *t, const char *file, const char *transcript_path, long repeat_until) {
  uint8_t *data;
  size_t size;
  char err[256];
  if (ff_read_file(file, REPLAY_MAX_INPUT, &data, &size, err, sizeof err) != 0) {
    fprintf(stderr, "formfuzz mcp: %s: %s\n", file, err);
    return 3;
  }
  mcp_run_result r;
  /* a finding that builds up (memory growth) needs the sequence run again and again */
  int rc = mcp_run_repeated(t, data, size, repeat_until, &r);
  json_t *transcript = r.transcript ? json_incref(r.transcript)
                       : t->transcript ? json_copy(t->transcript)
                                   : NULL;
  free(data);
  if (rc != 0) {
    fprintf(stderr, "formfuzz mcp: %s\n", t->error);
    return 3;
  }
  if (transcript_path && transcript && mcp_transcript_write(transcript, transcript_path) != 0)
    fprintf(stderr, "formfuzz mcp: cannot write %s\n", transcript_path);
  json_decref(transcript);
  json_decref(r.transcript);
  mcp_target_close(t);
  if (!r.finding.found) {
    printf("replay: no finding (%zu message(s))\n", r.steps);
    return 0;
  }
  printf("replay: finding %s in %s at message %zu: %s\nreplay: signature %s\n", r.finding.kind,
         r.finding.where, r.finding_step + 1, r.finding.detail, r.finding.signature);
  return 1;
}

static int cmd_mcp(int argc, char **argv) {
  const char *command = NULL, *url = NULL, *allow = NULL, *server = NULL, *out_dir = "out/mcp", *replay_file = NULL, *transcript = NULL,
             *canary_base = NULL;
  long calls = 2000, seed = 1, rss_mb = 2048, rss_growth_mb = 32, minimize_budget = 150, repeat_until = 0;
  double timeout = 5;
  bool baseline = false, list = false, quiet = false, no_schema = false, inherit_env = false, coverage = false,
       count_edges = false;
  const ff_option options[] = {
      FF_STRING_OPTION("stdio", &command, "CMD", "the server's command line (sh syntax), run in the scratch directory: {root} becomes the root given to the server, {cwd} formfuzz's working directory"),
      FF_STRING_OPTION("url", &url, "URL", "fuzz a Streamable HTTP endpoint instead (http://127.0.0.1:PORT/mcp; loopback only unless --allow)"),
      FF_STRING_OPTION("server", &server, "CMD", "with --url: start this server first (restarted when it dies; {root} expanded)"),
      FF_STRING_OPTION("allow", &allow, "HOST", "with --url: a host that is not loopback that may be fuzzed"),
      FF_STRING_OPTION("out", &out_dir, "DIR", "corpus, findings and stats.json go here (default out/mcp)"),
      {"calls", FF_OPT_INT, &calls, "N", "stop after N messages sent (default 2000)", 1, 1e9},
      {"seed", FF_OPT_INT, &seed, "N", "seed of the mutation choices (default 1)", 0, 4e18},
      {"timeout", FF_OPT_DOUBLE, &timeout, "S", "a reply later than S seconds is a hang (default 5)", 0.01, 3600},
      {"rss-mb", FF_OPT_INT, &rss_mb, "MB", "the server growing past MB MiB resident is a finding (default 2048; 0: off)", 0, 1e7},
      {"rss-growth-mb", FF_OPT_INT, &rss_growth_mb, "MB", "the server's resident memory growing steadily by MB MiB over 24 samples, one every 2 messages after 20 of warm-up, is a finding (default 32; 0: off)", 0, 1e7},
      {"minimize-budget", FF_OPT_INT, &minimize_budget, "N", "at most N replays to minimize a finding (default 150)", 0, 1e6},
      FF_FLAG_OPTION("baseline", &baseline, "schema-valid random tools/call only, no feedback (the comparison in bench/mcp.sh)"),
      FF_STRING_OPTION("replay", &replay_file, "FILE", "run one call sequence (a finding's minimized.bin) on a fresh server and judge it"),
      {"repeat-until", FF_OPT_INT, &repeat_until, "N", "with --replay: run the sequence again and again on the same server until a finding or N messages (memory growth needs it)", 0, 1e7},
      FF_STRING_OPTION("transcript", &transcript, "FILE", "with --replay: write every line sent and received as JSON lines"),
      FF_STRING_OPTION("canary-dir", &canary_base, "DIR", "where the canary directory is created (default $TMPDIR or /tmp)"),
      FF_FLAG_OPTION("no-schema-oracles", &no_schema, "do not judge -32602, schema enforcement or outputSchema"),
      FF_FLAG_OPTION("inherit-env", &inherit_env, "give the server formfuzz's whole environment (default: PATH, HOME, TMPDIR, LANG, USER and the canary token)"),
      FF_FLAG_OPTION("coverage", &coverage, "the server's edges as feedback too (a C server built with `formfuzz cc --server`, or with the live coverage runtime)"),
      FF_FLAG_OPTION("count-edges", &count_edges, "count the server's edges in stats.json without using them as feedback"),
      FF_FLAG_OPTION("list", &list, "do the handshake and discovery, print the tools, and stop"),
      FF_FLAG_OPTION("quiet", &quiet, "print only the summary"),
  };
  const ff_command_spec spec = {
      .command = "mcp",
      .usage = "mcp (--stdio '<server command>' | --url URL [--server CMD]) [--calls N] [--seed N] [--out DIR] [--replay FILE]",
      .description =
          "Fuzzes an MCP server over stdio, or over Streamable HTTP on loopback (POSTs,\n"
          "the server's GET stream read along, sessions ended with DELETE): initialize\n"
          "and discovery, then call sequences built from each tool's input schema\n"
          "(valid, with attack strings, or pushed past the schema) and protocol-level\n"
          "mutations, kept when they reach a new response class. Findings (server\n"
          "death, hang, memory above a limit or growing steadily, canary leak or\n"
          "change, protocol and schema violations) are confirmed on a fresh server,\n"
          "minimized and written to DIR/findings/ (report.md, transcript.jsonl,\n"
          "index.json, results.sarif). Exit status: 0 no finding, 1 findings, 2 bad\n"
          "usage, 3 the server could not be started or outputs not written.\n"
          "--coverage adds the server's edges as feedback when it is C built with\n"
          "`formfuzz cc --server` (inline 8-bit counters reported to a shared map).\n"
          "Example: formfuzz mcp --stdio 'node {cwd}/server.js {root}' --calls 500",
      .options = options,
      .option_count = (int)(sizeof options / sizeof *options),
      .min_positional = 0,
      .max_positional = 0,
  };
  ff_args args;
  int rc = ff_parse_options(&spec, argc, argv, &args);
  if (rc != FF_PARSE_OK) return rc == FF_PARSE_HELP ? 0 : 2;
  if (!command == !url) return ff_usage_error(&spec, "give the server to fuzz: --stdio CMD or --url URL");
  if (server && !url) return ff_usage_error(&spec, "--server goes with --url");
  if (allow && !url) return ff_usage_error(&spec, "--allow goes with --url");
  char url_err[512];
  if (url && mcp_http_check_url(url, allow, url_err, sizeof url_err) != 0)
    return ff_usage_error(&spec, "%s", url_err);
  if (transcript && !replay_file) return ff_usage_error(&spec, "--transcript goes with --replay");
  if (repeat_until && !replay_file) return ff_usage_error(&spec, "--repeat-until goes with --replay");

  mcp_canary canary;
  char err[512];
  if (mcp_canary_setup(&canary, canary_base, (unsigned long)seed, err, sizeof err) != 0) {
    fprintf(stderr, "formfuzz mcp: %s\n", err);
    return 3;
  }
  char *expanded = command ? mcp_canary_expand(&canary, command) : server ? mcp_canary_expand(&canary, server) : NULL;
  mcp_rss_trend trend;
  mcp_rss_trend_init(&trend, rss_growth_mb * 1024);
  live_cov cov;
  bool with_cov = (coverage || count_edges) && !replay_file && !list;
  if (with_cov && live_cov_open(&cov, err, sizeof err) != 0) {
    fprintf(stderr, "formfuzz mcp: %s\n", err);
    mcp_canary_remove(&canary);
    return 3;
  }
  const char *env[] = {canary.env_entry, with_cov ? cov.env : NULL, NULL};
  mcp_target t = {
      .cfg = {.command = expanded, .url = url, .cwd = canary.dir, .env = env, .inherit_env = inherit_env, .timeout_s = timeout, .max_line = MAX_REPLY_LINE},
      .oracle = {.canary = &canary, .rss_limit_kib = rss_mb * 1024,
                 .rss_trend = rss_growth_mb > 0 ? &trend : NULL, .schema_oracles = !no_schema},
      .canary = &canary,
      .cov = with_cov ? &cov : NULL,
  };
  ff_stop_signal_install();
  int status;
  if (replay_file) {
    status = replay(&t, replay_file, transcript, repeat_until);
  } else if (list) {
    status = mcp_target_ensure(&t) == 0 ? 0 : 3;
    if (status == 0) print_discovery(&t.session);
    else fprintf(stderr, "formfuzz mcp: %s\n", t.error);
    mcp_target_close(&t);
  } else {
    char log[4200];
    snprintf(log, sizeof log, "%s/server.stderr", out_dir);
    if (ff_mkdirs(out_dir) != 0) {
      fprintf(stderr, "formfuzz mcp: cannot create %s\n", out_dir);
      status = 3;
      goto out;
    }
    t.cfg.stderr_log = log;
    if (mcp_target_ensure(&t) != 0) {
      fprintf(stderr, "formfuzz mcp: %s\n", t.error);
      status = 3;
      goto out;
    }
    if (with_cov && live_cov_runtime(&cov) == LIVE_COV_RT_NONE) {
      fprintf(stderr, "formfuzz mcp: --%s: the server has no coverage runtime (build a C server with "
                      "`formfuzz cc --server`, or link tools/live/cov/live_cov_counters_rt.c whole-archive "
                      "into a server built with -fsanitize=fuzzer-no-link)\n",
              coverage ? "coverage" : "count-edges");
      status = 3;
      goto out;
    }
    if (!quiet) print_discovery(&t.session);
    const char *sname = json_string_value(json_object_get(t.session.server_info, "name"));
    char label[200], quoted[3000];
    snprintf(label, sizeof label, "mcp:%s", sname ? sname : "server");
    char target_args[3200] = "";
    if (command) {
      shell_quote(command, quoted, sizeof quoted);
      snprintf(target_args, sizeof target_args, "--stdio %s", quoted);
    } else {
      size_t o = (size_t)snprintf(target_args, sizeof target_args, "--url %s", url);
      if (server) {
        shell_quote(server, quoted, sizeof quoted);
        snprintf(target_args + o, sizeof target_args - o, " --server %s", quoted);
      }
      if (allow) snprintf(target_args + strlen(target_args), sizeof target_args - strlen(target_args), " --allow %s", allow);
    }
    mcp_findings fs = {.label = label, .minimize_budget = minimize_budget};
    snprintf(fs.dir, sizeof fs.dir, "%s/findings", out_dir);
    snprintf(fs.repro, sizeof fs.repro, "formfuzz mcp %s --timeout %g --replay", target_args, timeout);
    mcp_fuzz_cfg cfg = {.out_dir = out_dir, .seed = (uint64_t)seed, .max_calls = calls,
                        .baseline = baseline, .quiet = quiet, .edge_feedback = coverage};
    mcp_fuzz_stats st;
    int frc = mcp_fuzz(&cfg, &t, &fs, &st);
    if (frc != 0) fprintf(stderr, "formfuzz mcp: %s\n", t.error);
    if (mcp_fuzz_write_stats(&cfg, &st, &fs) != 0)
      fprintf(stderr, "formfuzz mcp: cannot write %s/stats.json\n", out_dir);
    printf("mcp: %s: %ld messages, %ld inputs, %ld response classes, corpus %ld, server starts %ld, findings %zu\n",
           baseline ? "baseline" : "formfuzz", st.calls, st.inputs, st.classes, st.corpus, st.starts,
           fs.set.nbuckets);
    if (st.coverage) printf("mcp: server edges %ld, (edge, hit-count bucket) pairs %ld%s\n", st.edges,
                            st.coverage_features, coverage ? "" : " (counted, not used as feedback)");
    for (size_t i = 0; i < fs.set.nbuckets; i++)
      printf("mcp:   %-24s %-40s after %6ld messages, %zu record(s) minimized%s\n", fs.set.buckets[i].crash.kind,
             fs.set.buckets[i].crash.frames[0].func, fs.calls_to_find[i], fs.record_count[i],
             fs.set.buckets[i].stable ? "" : " (not reproduced alone)");
    status = frc != 0 ? 3 : fs.set.nbuckets ? 1 : 0;
    mcp_findings_free(&fs);
  }
out:
  mcp_target_free(&t);
  if (with_cov) live_cov_close(&cov);
  mcp_canary_remove(&canary);
  free(expanded);
  return status;
}

FF_COMMAND("mcp", "fuzz an MCP server (stdio or HTTP): schema-aware calls, protocol and canary oracles", cmd_mcp)
