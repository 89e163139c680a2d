/* Unit test of the stats files: the JSON object has the fields of
 * docs/CONVENTIONS.md, the CSV gets its header once, a restarted engine
 * continues elapsed_s, execs, crashes and timeouts from the CSV's last row,
 * and a failure the fatal path records is counted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ff_check.h"
#include "executor.h"
#include "stats.h"

/* the executor needs a target; these tests never run it */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  (void)data;
  (void)size;
  return 0;
}

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  static char buf[8192];
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = '\0';
  fclose(f);
  return buf;
}

int main(void) {
  double el;
  uint64_t execs, crashes, timeouts;
  const char *csv_text =
      "unix_time,elapsed_s,execs,exec_per_sec,edges,features,corpus_size,corpus_bytes,crashes,"
      "timeouts,rss_mb\n"
      "1764000001,1.0,100,100.0,5,7,2,10,0,0,30\n"
      "1764000002,2.5,250,150.0,6,9,3,12,1,2,31\n";
  CHECK(ff_stats_csv_last_row(csv_text, &el, &execs, &crashes, &timeouts) == 0);
  CHECK(el == 2.5 && execs == 250 && crashes == 1 && timeouts == 2);
  CHECK(ff_stats_csv_last_row("unix_time,elapsed_s\n", &el, &execs, &crashes, &timeouts) == -1);

  char dir[] = "/tmp/ff_engine_stats_XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  char csv[4096], json[4096];
  snprintf(csv, sizeof csv, "%s/stats.csv", dir);
  snprintf(json, sizeof json, "%s/stats.json", dir);
  FILE *f = fopen(csv, "w");
  fputs(csv_text, f);
  fclose(f);

  ff_stats s;
  ff_counters counters = {.execs = 50};
  ff_stats_view view = {.counters = &counters}; /* no feedback, corpus or mutator */
  CHECK(ff_stats_init(&s, "demo_fuzzer", json, csv, 1, 0) == 0);
  CHECK(s.base_execs == 250 && s.base_crashes == 1 && s.base_timeouts == 2);
  ff_stats_write_files(&s, &view, ff_now_ns());
  char *text = slurp(csv);
  CHECK(text != NULL);
  if (text) {
    /* header written once, old rows kept, one new row with execs 300 */
    CHECK(strstr(text, "unix_time") == text && strstr(text + 1, "unix_time") == NULL);
    const char *row = text + strlen(text) - 1;
    while (row > text && row[-1] != '\n') row--;
    long long t;
    double e, eps;
    unsigned long long x, edges, feats, cs, cb, cr, to, rss;
    CHECK(sscanf(row, "%lld,%lf,%llu,%lf,%llu,%llu,%llu,%llu,%llu,%llu,%llu", &t, &e, &x, &eps,
                 &edges, &feats, &cs, &cb, &cr, &to, &rss) == 11);
    CHECK(x == 300 && cr == 1 && to == 2 && e >= 2.5);
  }
  text = slurp(json);
  CHECK(text != NULL);
  if (text) {
    static const char *keys[] = {"\"fuzzer\":\"demo_fuzzer\"", "\"engine\":\"builtin\"",
                                 "\"pid\":", "\"start_time\":", "\"updated\":", "\"elapsed_s\":",
                                 "\"execs\":300", "\"exec_per_sec\":", "\"edges\":0",
                                 "\"features\":0", "\"corpus_size\":0", "\"corpus_bytes\":0",
                                 "\"crashes\":1", "\"timeouts\":2", "\"rss_mb\":",
                                 "\"last_new_s\":"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) CHECK(strstr(text, keys[i]) != NULL);
    CHECK(text[0] == '{' && strchr(text, '}') != NULL);
  }

  /* failures the fatal path records: crash and timeout add to the CSV's counts */
  ff_stats_record_failure(&s, "crash");
  ff_stats_record_failure(&s, "timeout");
  ff_stats_record_failure(&s, "leak");
  ff_stats_record_failure(&s, "interrupt");
  char obj[1024];
  ff_stats_format_json(&s, &view, obj, sizeof obj, ff_now_ns(), 1764000003);
  CHECK(strstr(obj, "\"crashes\":2,\"timeouts\":3,\"ooms\":0,\"leaks\":1,") != NULL);

  /* a new CSV gets the header */
  char csv2[4096];
  snprintf(csv2, sizeof csv2, "%s/new.csv", dir);
  CHECK(ff_stats_init(&s, "demo_fuzzer", NULL, csv2, 1, 0) == 0);
  CHECK(s.base_execs == 0 && s.crashes == 0);
  text = slurp(csv2);
  CHECK(text && strncmp(text, "unix_time,elapsed_s,execs,", 26) == 0);

  char cmd[8192];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  CHECK(system(cmd) == 0);
  return check_summary("engine_runtime_stats");
}
