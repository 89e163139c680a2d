/* `formfuzz live shadow`: options, safety checks, the run, stats.json and the
 * findings index (live_shadow.h does the work). */
#include <stdio.h>
#include <string.h>

#include "dir_list.h"
#include "live_cmds.h"
#include "live_common.h"
#include "live_shadow.h"

static void write_stats(const live_shadow_cfg *cfg, const live_shadow_stats *st, const live_run *run,
                        const char *out_dir) {
  ff_json j;
  ff_json_init(&j, true);
  ff_json_begin_object(&j);
  ff_json_kv_string(&j, "command", "live shadow");
  ff_json_kv_string(&j, "proto", cfg->proto == LIVE_DNS ? "dns" : "http");
  ff_json_kv_string(&j, "mode", cfg->replay_dir ? "replay" : "proxy");
  ff_json_kv_string(&j, "primary", cfg->primary.text);
  ff_json_kv_string(&j, "shadow", cfg->shadow.text);
  ff_json_kv_string(&j, "primary2", cfg->has_primary2 ? cfg->primary2.text : NULL);
  ff_json_kv_int(&j, "proxied", st->proxied);
  ff_json_kv_int(&j, "primary_failed", st->primary_failed);
  ff_json_kv_int(&j, "mirrored", st->mirrored);
  ff_json_kv_int(&j, "mutated", st->mutated);
  ff_json_kv_int(&j, "compared", st->compared);
  ff_json_kv_int(&j, "differences", st->differences);
  ff_json_kv_int(&j, "noise", st->noise);
  ff_json_kv_int(&j, "skipped", st->skipped);
  ff_json_kv_int(&j, "mirror_dropped", st->mirror_dropped);
  ff_json_kv_int(&j, "mirror_abandoned", st->mirror_abandoned);
  ff_json_kv_int(&j, "mirror_queue_peak", st->mirror_queue_peak);
  ff_json_kv_int(&j, "clients_peak", st->clients_peak);
  ff_json_kv_int(&j, "packets_sent", (int64_t)st->sent);
  ff_json_kv_double(&j, "client_ms_p50", live_latency_quantile(&st->client_ms, 0.5));
  ff_json_kv_double(&j, "client_ms_p99", live_latency_quantile(&st->client_ms, 0.99));
  ff_json_kv_string(&j, "stopped_by", run->why ? run->why : "end of requests");
  ff_json_end_object(&j);
  if (ff_json_save(&j, out_dir, "stats.json"))
    fprintf(stderr, "formfuzz live shadow: cannot write %s/stats.json\n", out_dir);
}

int live_cmd_shadow(int argc, char **argv) {
  live_common common;
  const char *proto = "dns", *listen = "127.0.0.1:5300", *primary = NULL, *shadow = NULL, *primary2 = NULL,
             *rules_file = NULL, *record = NULL, *replay = NULL, *transport = NULL;
  long variants = 0, seed = 1, max_requests = 0, mirror_queue = 1024, max_clients = 64;
  double timeout = 2;
  bool tcp = false;
  ff_option options[19 + LIVE_COMMON_ROWS] = {
      FF_STRING_OPTION("proto", &proto, "dns|http", "protocol of the traffic (default dns)"),
      FF_STRING_OPTION("listen", &listen, "HOST:PORT", "where clients connect (127.0.0.0/8; default 127.0.0.1:5300)"),
      FF_STRING_OPTION("primary", &primary, "HOST:PORT", "the server whose answers clients get"),
      FF_STRING_OPTION("shadow", &shadow, "HOST:PORT", "the server under test: gets copies, answers nobody"),
      FF_STRING_OPTION("primary2", &primary2, "HOST:PORT", "a second primary: differences it shows too are noise"),
      FF_STRING_OPTION("rules", &rules_file, "FILE", "normalization rules (see docs/live.md)"),
      {"variants", FF_OPT_INT, &variants, "N", "mutated variants of each request sent to both (default 0)", 0, 64},
      {"seed", FF_OPT_INT, &seed, "N", "seed of the variants (default 1)", 0, 4294967295.0},
      {"timeout", FF_OPT_DOUBLE, &timeout, "S", "wait for each reply (default 2)", 0.01, 60},
      {"max-requests", FF_OPT_INT, &max_requests, "N", "stop after N client requests (0: no limit)", 0, 1e9},
      FF_STRING_OPTION("record", &record, "DIR", "store every client request as a corpus file"),
      FF_STRING_OPTION("replay", &replay, "DIR", "no proxy: send the requests stored in DIR instead"),
      FF_STRING_OPTION("transport", &transport, "udp|tcp", "with --replay and dns: send over UDP (default) or TCP"),
      FF_FLAG_OPTION("tcp", &tcp, "the same as --transport tcp"),
      {"mirror-queue", FF_OPT_INT, &mirror_queue, "N",
       "requests waiting to be mirrored, at most; more are not mirrored (counted; default 1024)", 1, 1000000},
      {"max-clients", FF_OPT_INT, &max_clients, "N", "TCP client connections served at once (default 64)", 1, 1024},
  };
  int n = 16;
  live_common_rows(&common, "out/live/shadow", 200, options + n);
  n += LIVE_COMMON_ROWS;
  const ff_command_spec spec = {
      .command = "live shadow",
      .usage = "live shadow --primary HOST:PORT --shadow HOST:PORT --allow HOST:PORT,... [options]",
      .description =
          "Clients talk to --listen (served at once; DNS over UDP and TCP, HTTP/1.1 with keep-alive);\n"
          "every request goes to the primary and the client gets the primary's answer only. Then,\n"
          "off the client's path (a bounded queue: when it is full the mirror is dropped and counted),\n"
          "the same request and --variants mutated ones go to the shadow (and to the primary);\n"
          "replies are compared after the --rules normalization and\n"
          "every real difference is a finding in OUT/triage/ (index.json, <bucket>/report.md),\n"
          "its request also in OUT/corpus/. With --replay DIR no proxy runs: the stored requests\n"
          "are sent instead. Every target must be named by --allow. Exit 1 when differences were\n"
          "found, 0 when none, 2 on bad usage, 3 when a socket or file cannot be set up.",
      .options = options,
      .option_count = n,
      .max_positional = 0,
  };
  ff_args args;
  int rc = ff_parse_options(&spec, argc, argv, &args);
  if (rc != FF_PARSE_OK) return rc == FF_PARSE_HELP ? 0 : 2;
  live_shadow_cfg cfg;
  memset(&cfg, 0, sizeof cfg);
  if (strcmp(proto, "dns") == 0) cfg.proto = LIVE_DNS;
  else if (strcmp(proto, "http") == 0) cfg.proto = LIVE_HTTP;
  else return ff_usage_error(&spec, "--proto '%s': dns or http", proto);
  if (!primary || !shadow) return ff_usage_error(&spec, "--primary and --shadow are required");
  live_allow allow;
  if (live_common_allow(&common, "shadow", &allow)) return 2;
  char err[512];
  if (live_allow_target(&allow, "--primary", primary, &cfg.primary, err, sizeof err) ||
      live_allow_target(&allow, "--shadow", shadow, &cfg.shadow, err, sizeof err) ||
      (primary2 && live_allow_target(&allow, "--primary2", primary2, &cfg.primary2, err, sizeof err)) ||
      (!replay && live_allow_listen(listen, &cfg.listen, err, sizeof err)))
    return ff_usage_error(&spec, "%s", err);
  if (!replay && (live_addr_equal(&cfg.listen, &cfg.primary) || live_addr_equal(&cfg.listen, &cfg.shadow)))
    return ff_usage_error(&spec, "--listen %s is also a target", cfg.listen.text);
  if (replay && !ff_is_dir(replay)) return ff_usage_error(&spec, "--replay %s is not a directory", replay);
  bool transport_tcp = false;
  if (transport && live_common_transport(transport, &transport_tcp))
    return ff_usage_error(&spec, "--transport '%s': udp or tcp", transport);
  if ((transport || tcp) && (!replay || cfg.proto != LIVE_DNS))
    return ff_usage_error(&spec, "--transport and --tcp go with --replay and --proto dns (the proxy serves both)");
  tcp = tcp || transport_tcp;
  cfg.has_primary2 = primary2 != NULL;
  live_rules_default(&cfg.rules);
  if (live_rules_load(&cfg.rules, rules_file, err, sizeof err)) return ff_usage_error(&spec, "%s", err);
  cfg.variants = variants, cfg.seed = (uint64_t)seed, cfg.timeout_s = timeout;
  cfg.max_requests = max_requests, cfg.record_dir = record, cfg.replay_dir = replay, cfg.replay_tcp = tcp;
  cfg.out_dir = common.out, cfg.mirror_queue = mirror_queue, cfg.max_clients = max_clients;

  live_findings findings;
  if (live_findings_open(&findings, common.out, proto, cfg.primary.text, cfg.shadow.text)) {
    fprintf(stderr, "formfuzz live shadow: cannot create %s/triage and %s/corpus\n", common.out, common.out);
    return 3;
  }
  live_pace pace;
  live_pace_init(&pace, common.rate);
  live_run run;
  live_run_start(&run, common.stop_file, common.max_time);
  live_shadow_stats st;
  memset(&st, 0, sizeof st);
  if (!replay)
    fprintf(stderr, "formfuzz live shadow: %s proxy on %s -> primary %s, shadow %s\n", proto, cfg.listen.text,
            cfg.primary.text, cfg.shadow.text);
  rc = live_shadow_run(&cfg, &pace, &run, &st, &findings, err, sizeof err);
  if (rc) {
    fprintf(stderr, "formfuzz live shadow: %s\n", err);
  } else {
    write_stats(&cfg, &st, &run, common.out);
    if (live_findings_write_index(&findings) || live_findings_write_sarif(&findings))
      fprintf(stderr, "formfuzz live shadow: cannot write %s/triage/index.json or results.sarif\n", common.out);
    printf("requests %ld (primary failed %ld), mirrored %ld (dropped %ld, abandoned %ld), variants %ld, "
           "compared %ld, differences %ld in %zu bucket(s), noise %ld, skipped %ld, packets sent %llu, "
           "client p50 %.2f ms p99 %.2f ms\n",
           st.proxied, st.primary_failed, st.mirrored, st.mirror_dropped, st.mirror_abandoned, st.mutated,
           st.compared, st.differences, findings.nbuckets, st.noise, st.skipped, (unsigned long long)st.sent,
           live_latency_quantile(&st.client_ms, 0.5), live_latency_quantile(&st.client_ms, 0.99));
    for (size_t i = 0; i < findings.nbuckets; i++)
      printf("DIFF %s  %ld request(s)  %s\n", findings.buckets[i].id, findings.buckets[i].count,
             findings.buckets[i].signature);
    if (findings.nbuckets) printf("findings: %s/triage/index.json\n", common.out);
    rc = findings.nbuckets ? 1 : 0;
  }
  live_findings_free(&findings);
  live_latency_free(&st.client_ms);
  return rc;
}
