# Writes a crafted output directory into $1 for the monitor tests: a finished
# campaign (campaign.json) with four fuzzers whose engines have ended (pids that
# cannot exist), so every number shown is fixed:
#   alpha_one   libfuzzer; stats.csv grows to its maximum at 1764000030, a
#               restart falls back and climbs to the same maximum: last new
#               coverage 90 s before its last update (1764000120)
#   beta_two    builtin with 2 crashes; last_new_s 100 after start 1764000000:
#               10 s before its last update (1764000110)
#   gamma_bad   a truncated stats.json (corrupt: reported and skipped)
#   delta_wait  stats.csv only (no stats.json yet)
# and report/ (not a fuzzer: no stats files).
make_crafted_out() {
  local out=$1
  mkdir -p "$out"/{alpha_one,beta_two,gamma_bad,delta_wait,report}
  cat > "$out/campaign.json" <<'JSON'
{"engine": "builtin", "start_time": 1764000000, "end_time": 1764000120, "budget_s": 120,
 "runs_per_fuzzer": 0, "jobs": 2, "interrupted": false, "commit": null, "fuzzers": []}
JSON
  cat > "$out/alpha_one/stats.json" <<'JSON'
{"fuzzer":"alpha_one","engine":"libfuzzer","pid":2147483000,"start_time":1764000000,
 "updated":1764000120,"elapsed_s":120.0,"execs":123456,"exec_per_sec":1028.8,
 "edges":80,"features":200,"corpus_size":14,"corpus_bytes":4021,
 "crashes":0,"timeouts":1,"ooms":0,"leaks":0,"rss_mb":61,"last_new_s":0}
JSON
  local header="unix_time,elapsed_s,execs,exec_per_sec,edges,features,corpus_size,corpus_bytes,crashes,timeouts,rss_mb"
  printf '%s\n' "$header" \
    "1764000000,0.0,0,0.0,50,100,5,100,0,0,10" \
    "1764000030,30.0,30000,1000.0,80,200,14,4021,0,0,60" \
    "1764000060,60.0,60000,1000.0,60,150,14,4021,0,0,61" \
    "1764000090,90.0,90000,1000.0,80,200,14,4021,0,1,61" \
    "1764000120,120.0,123456,1028.8,80,200,14,4021,0,1,61" > "$out/alpha_one/stats.csv"
  cat > "$out/beta_two/stats.json" <<'JSON'
{"fuzzer":"beta_two","engine":"builtin","pid":2147483001,"start_time":1764000000,
 "updated":1764000110,"elapsed_s":110.0,"execs":5500,"exec_per_sec":50.0,
 "edges":33,"features":97,"corpus_size":9,"corpus_bytes":300,
 "crashes":2,"timeouts":0,"ooms":0,"leaks":0,"rss_mb":30,"last_new_s":100.0}
JSON
  printf '%s\n' "$header" \
    "1764000050,50.0,2500,50.0,33,97,9,300,1,0,29" \
    "1764000110,110.0,5500,50.0,33,97,9,300,2,0,30" > "$out/beta_two/stats.csv"
  printf '{"fuzzer":"gamma_bad","execs":12,' > "$out/gamma_bad/stats.json"
  printf '%s\n' "$header" > "$out/delta_wait/stats.csv"
}
