/* `formfuzz status [OUT]`: the status screen of a running or finished campaign
 * or run (tools/monitor/): refreshed in place on a terminal until Ctrl-C (or
 * --count screens), printed once as plain text when stdout is not a terminal
 * or with --once; colours only on a terminal and without NO_COLOR. Exit: 0,
 * 2 bad usage, 3 when OUT is not a formfuzz output directory. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "command.h"
#include "monitor_prom.h"
#include "monitor_screen.h"
#include "monitor_snapshot.h"
#include "options.h"
#include "stop_signal.h"

#define CLEAR_HOME "\033[H\033[2J"
#define HIDE_CURSOR "\033[?25l"
#define SHOW_CURSOR "\033[?25h"

static void sleep_unless_stopped(double seconds) {
  for (double left = seconds; left > 0 && !ff_stop_requested(); left -= 0.1) {
    struct timespec ts = {0, (long)((left < 0.1 ? left : 0.1) * 1e9)};
    nanosleep(&ts, NULL);
  }
}

/* One screen into a string, so a refresh is written in one go (no flicker). */
static char *screen(const char *out, double stall_s, bool color, bool refreshing,
                    double interval_s, ff_growth_cache *cache, int *rc) {
  char *text = NULL, err[1200];
  size_t len = 0;
  FILE *to = open_memstream(&text, &len);
  if (!to) return NULL;
  ff_monitor_snapshot s;
  if (ff_monitor_scan(out, NULL, 0, stall_s, (int64_t)time(NULL), cache, &s, err, sizeof err) != 0) {
    fprintf(to, "formfuzz status: %s\n", err);
    *rc = 3;
  } else {
    ff_monitor_render(&s, stall_s, color, to);
    ff_monitor_snapshot_free(&s);
    *rc = 0;
  }
  if (refreshing) fprintf(to, "(every %g s; Ctrl-C to quit)\n", interval_s);
  fclose(to);
  return text;
}

static int print_prometheus(const char *out, double stall_s) {
  ff_monitor_snapshot s;
  char err[1200];
  if (ff_monitor_scan(out, NULL, 0, stall_s, (int64_t)time(NULL), NULL, &s, err, sizeof err) != 0) {
    fprintf(stderr, "formfuzz status: %s\n", err);
    return 3;
  }
  size_t len;
  char *text = ff_monitor_prometheus(&s, &len);
  ff_monitor_snapshot_free(&s);
  if (!text) return 3;
  fwrite(text, 1, len, stdout);
  free(text);
  return 0;
}

static int cmd_status(int argc, char **argv) {
  double interval_s = 1, stall_s = FF_MONITOR_STALL_DEFAULT_S;
  long count = 0;
  bool once = false, prometheus = false;
  const ff_option options[] = {
      {"interval", FF_OPT_DOUBLE, &interval_s, "S", "seconds between refreshes (default 1)", 0.1, 3600},
      {"count", FF_OPT_INT, &count, "N", "stop after N screens (default: until Ctrl-C)", 1, 1e9},
      FF_FLAG_OPTION("once", &once, "print one plain screen even on a terminal"),
      FF_FLAG_OPTION("prometheus", &prometheus,
                     "print the numbers once in Prometheus text format (as --metrics serves them)"),
      {"stall", FF_OPT_DOUBLE, &stall_s, "S",
       "a fuzzer with no new coverage for S seconds is flagged stalled (default 600)", 1,
       366.0 * 24 * 3600},
  };
  const ff_command_spec spec = {
      .command = "status",
      .usage = "status [OUT] [--interval S] [--count N] [--once] [--stall S] [--prometheus]",
      .description =
          "Shows a campaign's or a run's output directory OUT (default out/; or one fuzzer's\n"
          "OUT/<fuzzer>): per fuzzer its state (running or ended), execs, exec/s, edges, features,\n"
          "corpus, crashes, time since its last new coverage, stalled flag and RSS, read from\n"
          "stats.json and stats.csv. On a terminal the screen refreshes until Ctrl-C; otherwise it\n"
          "is printed once as plain text. Colours only on a terminal, never with NO_COLOR set.\n"
          "A corrupt stats file is named in its fuzzer's row and skipped.\n"
          "Exit status: 0, 2 bad usage, 3 OUT is not a formfuzz output directory.",
      .options = options,
      .option_count = (int)(sizeof options / sizeof *options),
      .min_positional = 0,
      .max_positional = 1,
  };
  ff_args args;
  int rc = ff_parse_options(&spec, argc, argv, &args);
  if (rc != FF_PARSE_OK) return rc == FF_PARSE_HELP ? 0 : 2;
  const char *out = args.positional_count ? args.positional[0] : "out";
  const char *no_color = getenv("NO_COLOR");
  bool tty = isatty(STDOUT_FILENO);
  bool color = tty && !(no_color && no_color[0]);
  bool refreshing = tty && !once;
  if (prometheus) return print_prometheus(out, stall_s);

  ff_growth_cache cache = {0}; /* a refresh reads only the stats.csv rows added since */
  char *text = screen(out, stall_s, color && refreshing, refreshing, interval_s, &cache, &rc);
  if (!text || rc != 0 || !refreshing) { /* an unusable OUT is an error before any screen */
    if (text) fputs(text, rc ? stderr : stdout);
    free(text);
    ff_growth_cache_free(&cache);
    return text ? rc : 3;
  }
  ff_stop_signal_install();
  fputs(HIDE_CURSOR, stdout);
  for (long shown = 0; text && !ff_stop_requested();) {
    fputs(CLEAR_HOME, stdout);
    fputs(text, stdout);
    fflush(stdout);
    free(text);
    text = NULL;
    if (count && ++shown >= count) break;
    sleep_unless_stopped(interval_s);
    if (!ff_stop_requested()) text = screen(out, stall_s, color, true, interval_s, &cache, &rc);
  }
  free(text);
  ff_growth_cache_free(&cache);
  fputs(SHOW_CURSOR, stdout);
  fflush(stdout);
  return 0;
}

FF_COMMAND("status", "status screen of a running or finished campaign or run", cmd_status)
