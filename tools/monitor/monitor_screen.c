/* Rendering the status screen (see monitor_screen.h). */
#include "monitor_screen.h"

#include <string.h>
#include <time.h>

#define BOLD "\033[1m"
#define RED "\033[31m"
#define GREEN "\033[32m"
#define YELLOW "\033[33m"
#define RESET "\033[0m"

void ff_monitor_duration(double seconds, char *out, size_t cap) {
  if (seconds < 0) {
    snprintf(out, cap, "-");
    return;
  }
  long s = (long)seconds;
  if (s < 60)
    snprintf(out, cap, "%lds", s);
  else if (s < 3600)
    snprintf(out, cap, "%ldm%02lds", s / 60, s % 60);
  else if (s < 86400)
    snprintf(out, cap, "%ldh%02ldm", s / 3600, s % 3600 / 60);
  else
    snprintf(out, cap, "%ldd%02ldh", s / 86400, s % 86400 / 3600);
}

static void utc(int64_t t, char *out, size_t cap) {
  time_t tt = (time_t)t;
  struct tm tm;
  gmtime_r(&tt, &tm);
  strftime(out, cap, "%Y-%m-%d %H:%M:%S UTC", &tm);
}

/* A field already padded to its width, coloured when asked. */
static void field(FILE *to, bool color, const char *code, const char *text) {
  if (color && code) fprintf(to, "%s%s%s", code, text, RESET);
  else fputs(text, to);
}

static void header(const ff_monitor_snapshot *s, bool color, FILE *to) {
  char a[40], b[40];
  field(to, color, BOLD, "formfuzz status");
  fprintf(to, ": %s\n", s->out_dir);
  if (s->has_campaign) {
    utc(s->start_time, a, sizeof a);
    utc(s->end_time, b, sizeof b);
    /* while a campaign runs, campaign.json is still the previous one's */
    fprintf(to, "%scampaign.json: engine %s, %s to %s, ", s->writer_pid ? "last finished " : "",
            s->engine, a, b);
    if (s->budget_s > 0) fprintf(to, "budget %.0f s", s->budget_s);
    else fprintf(to, "%ld runs per fuzzer", s->runs_per_fuzzer);
    fprintf(to, "%s\n", s->interrupted ? ", interrupted" : "");
  } else if (s->campaign_problem[0]) {
    field(to, color, RED, s->campaign_problem);
    fputc('\n', to);
  }
  if (s->writer_pid)
    fprintf(to, "writer: formfuzz pid %ld is fuzzing into this directory\n", s->writer_pid);
}

static void row(const ff_monitor_fuzzer *f, bool color, FILE *to) {
  char cell[64], since[24];
  fprintf(to, "%-24s ", f->name);
  if (!f->has_stats) {
    field(to, color, RED, f->problem);
    fputc('\n', to);
    return;
  }
  const ff_stats *n = &f->stats;
  snprintf(cell, sizeof cell, "%-7s", f->running ? "running" : "ended");
  field(to, color, f->running ? GREEN : NULL, cell);
  fprintf(to, " %12llu %8.0f %7llu %9llu %7llu ", (unsigned long long)n->execs, n->exec_per_sec,
          (unsigned long long)n->edges, (unsigned long long)n->features,
          (unsigned long long)n->corpus_size);
  snprintf(cell, sizeof cell, "%8llu", (unsigned long long)n->crashes);
  field(to, color, n->crashes ? RED : NULL, cell);
  ff_monitor_duration(f->since_new_s, since, sizeof since);
  fprintf(to, " %9s ", since);
  snprintf(cell, sizeof cell, "%-7s", f->stalled ? "yes" : "no");
  field(to, color, f->stalled ? YELLOW : NULL, cell);
  fprintf(to, " %6llu MB\n", (unsigned long long)n->rss_mb);
}

void ff_monitor_render(const ff_monitor_snapshot *s, double stall_s, bool color, FILE *to) {
  header(s, color, to);
  char line[160];
  snprintf(line, sizeof line, "%-24s %-7s %12s %8s %7s %9s %7s %8s %9s %-7s %9s", "FUZZER",
           "STATE", "EXECS", "EXEC/S", "EDGES", "FEATURES", "CORPUS", "CRASHES", "LAST NEW",
           "STALLED", "RSS");
  field(to, color, BOLD, line);
  fputc('\n', to);
  size_t running = 0, stalled = 0, skipped = 0;
  unsigned long long crashes = 0, execs = 0;
  for (size_t i = 0; i < s->count; i++) {
    const ff_monitor_fuzzer *f = &s->fuzzers[i];
    row(f, color, to);
    running += f->running;
    stalled += f->stalled;
    skipped += !f->has_stats;
    crashes += f->has_stats ? f->stats.crashes : 0;
    execs += f->has_stats ? f->stats.execs : 0;
  }
  char stall[24];
  ff_monitor_duration(stall_s, stall, sizeof stall);
  fprintf(to, "%zu fuzzer(s): %zu running, %zu stalled (no new coverage for %s), %zu unreadable; "
              "%llu execs, %llu crashes\n",
          s->count, running, stalled, stall, skipped, execs, crashes);
  if (s->updated) {
    utc(s->updated, line, sizeof line);
    fprintf(to, "stats updated %s\n", line);
  }
}
