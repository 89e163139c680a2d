/* Prometheus text format of a snapshot (see monitor_prom.h). */
#include "monitor_prom.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

typedef double (*metric_value)(const ff_monitor_fuzzer *f, bool *present);

static double execs(const ff_monitor_fuzzer *f, bool *p) { (void)p; return (double)f->stats.execs; }
static double eps(const ff_monitor_fuzzer *f, bool *p) { (void)p; return f->stats.exec_per_sec; }
static double edges(const ff_monitor_fuzzer *f, bool *p) { (void)p; return (double)f->stats.edges; }
static double features(const ff_monitor_fuzzer *f, bool *p) {
  (void)p;
  return (double)f->stats.features;
}
static double corpus(const ff_monitor_fuzzer *f, bool *p) {
  (void)p;
  return (double)f->stats.corpus_size;
}
static double corpus_bytes(const ff_monitor_fuzzer *f, bool *p) {
  (void)p;
  return (double)f->stats.corpus_bytes;
}
static double crashes(const ff_monitor_fuzzer *f, bool *p) {
  (void)p;
  return (double)f->stats.crashes;
}
static double timeouts(const ff_monitor_fuzzer *f, bool *p) {
  (void)p;
  return (double)f->stats.timeouts;
}
static double rss(const ff_monitor_fuzzer *f, bool *p) {
  (void)p;
  return (double)f->stats.rss_mb * 1024 * 1024;
}
static double stall(const ff_monitor_fuzzer *f, bool *p) {
  *p = f->since_new_s >= 0;
  return f->since_new_s;
}
static double stalled(const ff_monitor_fuzzer *f, bool *p) { (void)p; return f->stalled; }
static double running(const ff_monitor_fuzzer *f, bool *p) { (void)p; return f->running; }
static double updated(const ff_monitor_fuzzer *f, bool *p) {
  *p = f->stats.updated > 0;
  return (double)f->stats.updated;
}

static const struct family {
  const char *name, *type, *help;
  metric_value value;
} FAMILIES[] = {
    {"formfuzz_execs_total", "counter", "Executions of the fuzzer, cumulative across its runs.", execs},
    {"formfuzz_exec_per_second", "gauge", "Executions per second of the fuzzer's latest process.", eps},
    {"formfuzz_edges", "gauge", "Coverage edges (PCs) the fuzzer has reached.", edges},
    {"formfuzz_features", "gauge", "Coverage features (edges with hit-count buckets and comparisons).", features},
    {"formfuzz_corpus_inputs", "gauge", "Inputs in the fuzzer's corpus.", corpus},
    {"formfuzz_corpus_bytes", "gauge", "Bytes of the fuzzer's corpus.", corpus_bytes},
    {"formfuzz_crashes_total", "counter", "Crash artifacts the fuzzer has written.", crashes},
    {"formfuzz_timeouts_total", "counter", "Timeout artifacts the fuzzer has written.", timeouts},
    {"formfuzz_rss_bytes", "gauge", "Resident memory of the fuzzer's engine process.", rss},
    {"formfuzz_stall_seconds", "gauge", "Seconds since the fuzzer last found new coverage.", stall},
    {"formfuzz_stalled", "gauge", "1 when the fuzzer found no new coverage for the stall threshold.", stalled},
    {"formfuzz_running", "gauge", "1 while the fuzzer's engine process runs.", running},
    {"formfuzz_stats_updated_timestamp_seconds", "gauge", "Unix time of the fuzzer's latest stats.json.", updated},
};

/* A label value with backslash, double quote and newline escaped. */
static void label(FILE *to, const char *v) {
  for (; *v; v++) {
    if (*v == '\\' || *v == '"') fputc('\\', to);
    if (*v == '\n') {
      fputs("\\n", to);
      continue;
    }
    fputc(*v, to);
  }
}

char *ff_monitor_prometheus(const ff_monitor_snapshot *s, size_t *len) {
  char *text = NULL;
  FILE *to = open_memstream(&text, len);
  if (!to) return NULL;
  for (size_t k = 0; k < sizeof FAMILIES / sizeof *FAMILIES; k++) {
    const struct family *m = &FAMILIES[k];
    fprintf(to, "# HELP %s %s\n# TYPE %s %s\n", m->name, m->help, m->name, m->type);
    for (size_t i = 0; i < s->count; i++) {
      const ff_monitor_fuzzer *f = &s->fuzzers[i];
      if (!f->has_stats) continue;
      bool present = true;
      double v = m->value(f, &present);
      if (!present) continue;
      fprintf(to, "%s{fuzzer=\"", m->name);
      label(to, f->name);
      fprintf(to, "\"} %.15g\n", v);
    }
  }
  size_t unreadable = 0;
  for (size_t i = 0; i < s->count; i++) unreadable += !s->fuzzers[i].has_stats;
  fprintf(to, "# HELP formfuzz_stats_unreadable Fuzzers whose stats.json is missing or corrupt.\n"
              "# TYPE formfuzz_stats_unreadable gauge\nformfuzz_stats_unreadable %zu\n",
          unreadable);
  if (fclose(to) != 0) {
    free(text);
    return NULL;
  }
  return text;
}
