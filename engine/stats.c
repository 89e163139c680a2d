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
#include "log.h"
#include "slow_paths.h"
#include "watchdog.h"

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

void ff_stats_record_failure(ff_stats *s, const char *kind) {
  if (!strcmp(kind, "crash")) s->crashes++;
  if (!strcmp(kind, "timeout")) s->timeouts++;
  if (!strcmp(kind, "oom")) s->ooms++;
  if (!strcmp(kind, "leak")) s->leaks++;
}

int ff_stats_init(ff_stats *s, const char *fuzzer, const char *json_path, const char *csv_path,
                  long long interval_s, int print_final) {
  memset(s, 0, sizeof *s);
  s->fuzzer = fuzzer;
  s->json_path = json_path;
  s->csv_path = csv_path;
  s->interval_ns = (uint64_t)interval_s * 1000000000ull;
  s->print_final = print_final;
  s->start_time = (long long)time(NULL);
  s->start_ns = ff_now_ns();
  s->last_file_ns = s->start_ns;
  s->next_pulse = 1;
  s->next_file_ns = (json_path || csv_path) ? s->start_ns + s->interval_ns : UINT64_MAX;
  if (csv_path) {
    ff_drop_partial_last_line(csv_path); /* a row cut short by a crash: not glued to the next */
    uint8_t *text;
    size_t len;
    char err[256];
    if (ff_read_file(csv_path, 64u << 20, &text, &len, err, sizeof err) == 0) {
      ff_stats_csv_last_row((const char *)text, &s->base_elapsed, &s->base_execs,
                            &s->base_crashes, &s->base_timeouts);
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

static double elapsed_s(const ff_stats *s, uint64_t now_ns) {
  return (double)(now_ns - s->start_ns) / 1e9;
}

static void format_bytes(char *out, size_t cap, size_t bytes) {
  if (bytes < (1u << 14))
    snprintf(out, cap, "%zub", bytes);
  else if (bytes < (1u << 24))
    snprintf(out, cap, "%zuKb", bytes >> 10);
  else
    snprintf(out, cap, "%zuMb", bytes >> 20);
}

static size_t edges(const ff_stats_view *v) { return v->fb ? v->fb->edges : 0; }
static size_t features(const ff_stats_view *v) { return v->fb ? v->fb->features : 0; }
static size_t corpus_size(const ff_stats_view *v) { return v->corpus ? v->corpus->active : 0; }
static size_t corpus_bytes(const ff_stats_view *v) {
  return v->corpus ? v->corpus->active_bytes : 0;
}

void ff_stats_line(const ff_stats *s, const ff_stats_view *v, const char *event,
                   const char *suffix) {
  uint64_t execs = v->counters->execs;
  uint64_t secs = (ff_now_ns() - s->start_ns) / 1000000000ull;
  uint64_t eps = secs ? execs / secs : 0;
  char bytes[32];
  format_bytes(bytes, sizeof bytes, corpus_bytes(v));
  char lim[48] = "";
  if (v->lim && strcmp(event, "INITED") != 0) snprintf(lim, sizeof lim, " lim: %zu", v->lim);
  ff_logf("#%" PRIu64 "\t%-6s cov: %zu ft: %zu corp: %zu/%s%s exec/s: %" PRIu64 " rss: %zuMb%s\n",
          execs, event, edges(v), features(v), corpus_size(v), bytes, lim, eps, ff_rss_mb(),
          suffix ? suffix : "");
}

void ff_stats_after_exec(ff_stats *s, const ff_stats_view *v, uint64_t now_ns) {
  if (v->counters->execs >= s->next_pulse) ff_stats_pulse(s, v);
  if (now_ns >= s->next_file_ns) ff_stats_write_files(s, v, now_ns);
}

void ff_stats_pulse(ff_stats *s, const ff_stats_view *v) {
  uint64_t execs = v->counters->execs;
  if (execs >= 1024) ff_stats_line(s, v, "pulse", NULL);
  while (s->next_pulse <= execs) s->next_pulse *= 2;
}

size_t ff_stats_format_json(const ff_stats *s, const ff_stats_view *v, char *out, size_t cap,
                            uint64_t now_ns, long long unix_now) {
  const ff_counters *c = v->counters;
  double el = elapsed_s(s, now_ns);
  double eps = el > 0 ? (double)c->execs / el : 0;
  double last_new = c->last_new_ns ? (double)(c->last_new_ns - s->start_ns) / 1e9 : 0;
  int n = snprintf(
      out, cap,
      "{\"fuzzer\":\"%s\",\"engine\":\"builtin\",\"pid\":%d,\"start_time\":%lld,"
      "\"updated\":%lld,\"elapsed_s\":%.1f,\"execs\":%" PRIu64 ",\"exec_per_sec\":%.1f,"
      "\"edges\":%zu,\"features\":%zu,\"corpus_size\":%zu,\"corpus_bytes\":%zu,"
      "\"crashes\":%" PRIu64 ",\"timeouts\":%" PRIu64 ",\"ooms\":%" PRIu64 ",\"leaks\":%" PRIu64
      ",\"rss_mb\":%zu,\"last_new_s\":%.1f}",
      s->fuzzer, (int)getpid(), s->start_time, unix_now, el + s->base_elapsed,
      c->execs + s->base_execs, eps, edges(v), features(v), corpus_size(v), corpus_bytes(v),
      s->crashes + s->base_crashes, s->timeouts + s->base_timeouts, s->ooms, s->leaks, ff_rss_mb(),
      last_new);
  return n < 0 ? 0 : ((size_t)n < cap ? (size_t)n : cap - 1);
}

/* A stats file could not be written: said once, errno kept in write_error. */
static void write_failed(ff_stats *s, const char *path) {
  if (!s->write_error) ff_logf("ERROR: cannot write %s: %s\n", path, strerror(errno));
  s->write_error = errno ? errno : EIO;
}

void ff_stats_write_files(ff_stats *s, const ff_stats_view *v, uint64_t now_ns) {
  const ff_counters *c = v->counters;
  s->next_file_ns = now_ns + s->interval_ns;
  long long unix_now = (long long)time(NULL);
  if (s->json_path) {
    char json[1024];
    size_t n = ff_stats_format_json(s, v, json, sizeof json - 1, now_ns, unix_now);
    json[n++] = '\n';
    if (ff_write_atomic(s->json_path, json, n) != 0) write_failed(s, s->json_path);
  }
  if (s->csv_path) {
    double dt = (double)(now_ns - s->last_file_ns) / 1e9;
    double rate = dt > 0 ? (double)(c->execs - s->last_file_execs) / dt : 0;
    FILE *f = fopen(s->csv_path, "a");
    if (!f) {
      write_failed(s, s->csv_path);
    } else {
      fprintf(f, "%lld,%.1f,%" PRIu64 ",%.1f,%zu,%zu,%zu,%zu,%" PRIu64 ",%" PRIu64 ",%zu\n",
              unix_now, elapsed_s(s, now_ns) + s->base_elapsed, c->execs + s->base_execs, rate,
              edges(v), features(v), corpus_size(v), corpus_bytes(v),
              s->crashes + s->base_crashes, s->timeouts + s->base_timeouts, ff_rss_mb());
      if (fclose(f) != 0) {
        write_failed(s, s->csv_path);
        ff_drop_partial_last_line(s->csv_path);
      }
    }
  }
  s->last_file_ns = now_ns;
  s->last_file_execs = c->execs;
}

void ff_stats_print_final(const ff_stats *s, const ff_stats_view *v) {
  if (!s->print_final) return;
  const ff_counters *c = v->counters;
  double el = elapsed_s(s, ff_now_ns());
  ff_logf("stat::number_of_executed_units: %" PRIu64 "\n", c->execs);
  ff_logf("stat::average_exec_per_sec:     %" PRIu64 "\n",
          el > 0 ? (uint64_t)((double)c->execs / el) : 0);
  ff_logf("stat::new_units_added:          %" PRIu64 "\n", c->new_units);
  ff_logf("stat::slowest_unit_time_sec:    %" PRIu64 "\n", (uint64_t)(c->slowest_ns / 1000000000u));
  ff_logf("stat::peak_rss_mb:              %zu\n", ff_peak_rss_mb());
  if (v->arith) {
    ff_arith_stats a = ff_arith_get_stats(v->arith);
    ff_logf("stat::arith_solver: entries %" PRIu64 " runs %" PRIu64 " solved %" PRIu64
            " finds %" PRIu64 "\n",
            a.entries, a.runs, a.solved, a.finds);
  }
  if (ff_slow_on) ff_logf("stat::slow_paths: finds %" PRIu64 "\n", c->slow_finds);
  if (!v->mutator) return;
  size_t ops = ff_mutator_op_count(v->mutator);
  for (size_t i = 0; i < ops; i++) {
    const char *name;
    uint64_t uses, finds;
    ff_mutator_op_stats(v->mutator, i, &name, &uses, &finds);
    ff_logf("stat::mutator::%s: uses %" PRIu64 " finds %" PRIu64 "\n", name, uses, finds);
  }
}
