/* Status lines, stats files and final statistics (see stats.h). */
#include "stats.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "executor.h"
#include "fatal.h"
#include "log.h"
#include "watchdog.h"

ff_stats ff_st;

static const char csv_header[] =
    "unix_time,elapsed_s,execs,exec_per_sec,edges,features,corpus_size,corpus_bytes,crashes,"
    "timeouts,rss_mb\n";

int ff_stats_csv_last_row(const char *text, double *elapsed, uint64_t *execs, uint64_t *crashes,
                          uint64_t *timeouts) {
  const char *last = NULL;
  for (const char *line = text; *line;) {
    const char *end = strchr(line, '\n');
    size_t len = end ? (size_t)(end - line) : strlen(line);
    if (len > 0 && line[0] >= '0' && line[0] <= '9') last = line;
    line += len + (end ? 1 : 0);
  }
  if (!last) return -1;
  long long unix_time;
  double eps;
  unsigned long long e, c, t, x;
  unsigned long edges, feats, csize, cbytes;
  if (sscanf(last, "%lld,%lf,%llu,%lf,%lu,%lu,%lu,%lu,%llu,%llu,%llu", &unix_time, elapsed, &e,
             &eps, &edges, &feats, &csize, &cbytes, &c, &t, &x) != 11)
    return -1;
  *execs = e;
  *crashes = c;
  *timeouts = t;
  return 0;
}

static void events(const char *kind) {
  if (!strcmp(kind, "crash")) ff_st.crashes++;
  if (!strcmp(kind, "timeout")) ff_st.timeouts++;
  if (!strcmp(kind, "oom")) ff_st.ooms++;
  if (!strcmp(kind, "leak")) ff_st.leaks++;
  ff_stats_write_files(ff_now_ns());
  ff_stats_print_final();
}

int ff_stats_init(const char *fuzzer, const char *json_path, const char *csv_path,
                  long long interval_s, int print_final) {
  memset(&ff_st, 0, sizeof ff_st);
  ff_st.fuzzer = fuzzer;
  ff_st.json_path = json_path;
  ff_st.csv_path = csv_path;
  ff_st.interval_ns = (uint64_t)interval_s * 1000000000ull;
  ff_st.print_final = print_final;
  ff_st.start_time = (long long)time(NULL);
  ff_st.start_ns = ff_now_ns();
  ff_st.last_file_ns = ff_st.start_ns;
  ff_st.next_pulse = 1;
  ff_st.next_file_ns = (json_path || csv_path) ? ff_st.start_ns + ff_st.interval_ns : UINT64_MAX;
  ff_fatal_hook = events;
  if (csv_path) {
    uint8_t *text;
    size_t len;
    char err[256];
    if (ff_read_file(csv_path, 64u << 20, &text, &len, err, sizeof err) == 0) {
      ff_stats_csv_last_row((const char *)text, &ff_st.base_elapsed, &ff_st.base_execs,
                            &ff_st.base_crashes, &ff_st.base_timeouts);
      int has_header = len > 0;
      free(text);
      if (has_header) return 0;
    }
    FILE *f = fopen(csv_path, "a");
    if (!f) {
      ff_logf("ERROR: cannot open -stats_csv file %s: %s\n", csv_path, strerror(errno));
      return -1;
    }
    fputs(csv_header, f);
    fclose(f);
  }
  return 0;
}

static double elapsed_s(uint64_t now_ns) { return (double)(now_ns - ff_st.start_ns) / 1e9; }

static void format_bytes(char *out, size_t cap, size_t bytes) {
  if (bytes < (1u << 14))
    snprintf(out, cap, "%zub", bytes);
  else if (bytes < (1u << 24))
    snprintf(out, cap, "%zuKb", bytes >> 10);
  else
    snprintf(out, cap, "%zuMb", bytes >> 20);
}

void ff_stats_line(const char *event, const char *suffix) {
  uint64_t secs = (ff_now_ns() - ff_st.start_ns) / 1000000000ull;
  uint64_t eps = secs ? ff_st.execs / secs : 0;
  char bytes[32];
  format_bytes(bytes, sizeof bytes, ff_st.corpus ? ff_st.corpus->active_bytes : 0);
  char lim[48] = "";
  if (ff_st.lim && strcmp(event, "INITED") != 0) snprintf(lim, sizeof lim, " lim: %zu", ff_st.lim);
  ff_logf("#%" PRIu64 "\t%-6s cov: %zu ft: %zu corp: %zu/%s%s exec/s: %" PRIu64 " rss: %zuMb%s\n",
          ff_st.execs, event, ff_st.fb ? ff_st.fb->edges : 0, ff_st.fb ? ff_st.fb->features : 0,
          ff_st.corpus ? ff_st.corpus->active : 0, bytes, lim, eps, ff_rss_mb(),
          suffix ? suffix : "");
}

void ff_stats_pulse(void) {
  if (ff_st.execs >= 1024) ff_stats_line("pulse", NULL);
  while (ff_st.next_pulse <= ff_st.execs) ff_st.next_pulse *= 2;
}

size_t ff_stats_format_json(char *out, size_t cap, uint64_t now_ns, long long unix_now) {
  double el = elapsed_s(now_ns);
  double eps = el > 0 ? (double)ff_st.execs / el : 0;
  double last_new = ff_st.last_new_ns ? (double)(ff_st.last_new_ns - ff_st.start_ns) / 1e9 : 0;
  int n = snprintf(
      out, cap,
      "{\"fuzzer\":\"%s\",\"engine\":\"builtin\",\"pid\":%d,\"start_time\":%lld,"
      "\"updated\":%lld,\"elapsed_s\":%.1f,\"execs\":%" PRIu64 ",\"exec_per_sec\":%.1f,"
      "\"edges\":%zu,\"features\":%zu,\"corpus_size\":%zu,\"corpus_bytes\":%zu,"
      "\"crashes\":%" PRIu64 ",\"timeouts\":%" PRIu64 ",\"ooms\":%" PRIu64 ",\"leaks\":%" PRIu64
      ",\"rss_mb\":%zu,\"last_new_s\":%.1f}",
      ff_st.fuzzer, (int)getpid(), ff_st.start_time, unix_now, el + ff_st.base_elapsed,
      ff_st.execs + ff_st.base_execs, eps, ff_st.fb ? ff_st.fb->edges : 0,
      ff_st.fb ? ff_st.fb->features : 0, ff_st.corpus ? ff_st.corpus->active : 0,
      ff_st.corpus ? ff_st.corpus->active_bytes : 0, ff_st.crashes + ff_st.base_crashes,
      ff_st.timeouts + ff_st.base_timeouts, ff_st.ooms, ff_st.leaks, ff_rss_mb(), last_new);
  return n < 0 ? 0 : ((size_t)n < cap ? (size_t)n : cap - 1);
}

void ff_stats_write_files(uint64_t now_ns) {
  ff_st.next_file_ns = now_ns + ff_st.interval_ns;
  long long unix_now = (long long)time(NULL);
  if (ff_st.json_path) {
    char json[1024];
    size_t n = ff_stats_format_json(json, sizeof json - 1, now_ns, unix_now);
    json[n++] = '\n';
    if (ff_write_atomic(ff_st.json_path, json, n) != 0)
      ff_logf("WARNING: cannot write %s: %s\n", ff_st.json_path, strerror(errno));
  }
  if (ff_st.csv_path) {
    double dt = (double)(now_ns - ff_st.last_file_ns) / 1e9;
    double rate = dt > 0 ? (double)(ff_st.execs - ff_st.last_file_execs) / dt : 0;
    FILE *f = fopen(ff_st.csv_path, "a");
    if (f) {
      fprintf(f, "%lld,%.1f,%" PRIu64 ",%.1f,%zu,%zu,%zu,%zu,%" PRIu64 ",%" PRIu64 ",%zu\n",
              unix_now, elapsed_s(now_ns) + ff_st.base_elapsed, ff_st.execs + ff_st.base_execs,
              rate, ff_st.fb ? ff_st.fb->edges : 0, ff_st.fb ? ff_st.fb->features : 0,
              ff_st.corpus ? ff_st.corpus->active : 0,
              ff_st.corpus ? ff_st.corpus->active_bytes : 0, ff_st.crashes + ff_st.base_crashes,
              ff_st.timeouts + ff_st.base_timeouts, ff_rss_mb());
      fclose(f);
    }
  }
  ff_st.last_file_ns = now_ns;
  ff_st.last_file_execs = ff_st.execs;
}

void ff_stats_print_final(void) {
  if (!ff_st.print_final) return;
  double el = elapsed_s(ff_now_ns());
  ff_logf("stat::number_of_executed_units: %" PRIu64 "\n", ff_st.execs);
  ff_logf("stat::average_exec_per_sec:     %" PRIu64 "\n",
          el > 0 ? (uint64_t)((double)ff_st.execs / el) : 0);
  ff_logf("stat::new_units_added:          %" PRIu64 "\n", ff_st.new_units);
  ff_logf("stat::slowest_unit_time_sec:    %" PRIu64 "\n", (uint64_t)(ff_st.slowest_ns / 1000000000u));
  ff_logf("stat::peak_rss_mb:              %zu\n", ff_peak_rss_mb());
  if (!ff_st.mutator) return;
  size_t ops = ff_mutator_op_count(ff_st.mutator);
  for (size_t i = 0; i < ops; i++) {
    const char *name;
    uint64_t uses, finds;
    ff_mutator_op_stats(ff_st.mutator, i, &name, &uses, &finds);
    ff_logf("stat::mutator::%s: uses %" PRIu64 " finds %" PRIu64 "\n", name, uses, finds);
  }
}
