# Sourced by the report tests: synthetic_campaign OUT writes a small campaign
# directory: alpha_parse with stats.json, six stats.csv samples, a corpus and
# a crash artifact; beta_state with a truncated (corrupt) stats.json;
# gamma_net with only a corpus; a campaign.json naming a fourth fuzzer that
# never ran; a triage index with one new bucket of alpha_parse.
synthetic_campaign() {
  local out=$1 i
  mkdir -p "$out/alpha_parse/corpus" "$out/alpha_parse/artifacts" "$out/beta_state" "$out/gamma_net/corpus"
  cat > "$out/alpha_parse/stats.json" <<'J'
{"fuzzer":"alpha_parse","engine":"builtin","pid":1,"start_time":1764000000,
 "updated":1764000060,"elapsed_s":60.0,"execs":123456,"exec_per_sec":2057.6,
 "edges":812,"features":2310,"corpus_size":143,"corpus_bytes":40211,
 "crashes":1,"timeouts":0,"ooms":0,"leaks":0,"rss_mb":61,"last_new_s":12.5}
J
  {
    echo "unix_time,elapsed_s,execs,exec_per_sec,edges,features,corpus_size,corpus_bytes,crashes,timeouts,rss_mb"
    for i in 1 2 3 4 5 6; do
      echo "$((1764000000 + i*10)),$((i*10)).0,$((i*20000)),2000.0,$((500 + i*50)),$((1500 + i*130)),$((100 + i*7)),$((30000 + i*1000)),0,0,60"
    done
  } > "$out/alpha_parse/stats.csv"
  printf 'crash input' > "$out/alpha_parse/artifacts/crash-0123"
  printf '{"fuzzer":"beta_state","execs":12' > "$out/beta_state/stats.json"   # truncated: corrupt
  printf 'x' > "$out/gamma_net/corpus/aa"
  cat > "$out/campaign.json" <<'J'
{"start_time":1764000000,"start":"2025-11-24T16:00:00Z","end_time":1764000120,
 "end":"2025-11-24T16:02:00Z","finished_time":1764000130,"time_s":120,"jobs":2,
 "fuzzers":[{"name":"alpha_parse"},{"name":"beta_state"},{"name":"gamma_net"},{"name":"delta_never_ran"}]}
J
  mkdir -p "$out/triage/0123456789ab"
  cat > "$out/triage/index.json" <<'J'
{"version":1,"buckets":[{"id":"0123456789ab","fuzzer":"alpha_parse","kind":"heap-buffer-overflow READ 4",
 "title":"heap-buffer-overflow READ 4 in parse_header <x> & y","severity":"high","new":true,"stable":true,"count":1}],
 "unreproducible":[]}
J
}
