/* Timestamp generators: Unix times land inside or outside the window exactly
 * as claimed (and the boundary values all occur); RFC 3339 text's claimed
 * validity matches a strict parser written here from the RFC's grammar, with
 * the instant computed by glibc's timegm. */
#define _DEFAULT_SOURCE /* timegm */
#include <string.h>
#include <time.h>

#include "formfuzz/gen_time.h"
#include "gen_harness.h"

#define CASES 3000
#define NOW 1764000000LL
#define WINDOW 300

typedef struct time_ctx {
  int64_t seconds;
  ff_unix_time unix_time;
  bool seen_2_31, seen_ms;
} time_ctx;

static bool gen_unix(ff_input *in, ff_gen_mode mode, ff_buf *out, void *ctx) {
  time_ctx *c = ctx;
  bool ok = ff_gen_unix_time(in, mode, NOW, WINDOW, &c->unix_time);
  ff_buf_printf(out, "%lld", (long long)c->unix_time.value);
  if (strcmp(c->unix_time.kind, "2^31") == 0) c->seen_2_31 = true;
  if (strcmp(c->unix_time.kind, "milliseconds") == 0) c->seen_ms = true;
  return ok;
}

static bool check_unix(const char *text, size_t len, void *ctx) {
  (void)len;
  (void)ctx;
  long long v = strtoll(text, NULL, 10);
  return v >= NOW - WINDOW && v <= NOW + WINDOW;
}

static bool digits(const char *s, size_t n, int *v) {
  *v = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return false;
    *v = *v * 10 + (s[i] - '0');
  }
  return true;
}

static bool leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static bool check_rfc3339(const char *s, size_t len, void *ctx) {
  time_ctx *c = ctx;
  int year, mon, mday, hour, min, sec, oh = 0, om = 0;
  if (len < 20 || memchr(s, '\0', len)) return false;
  if (!digits(s, 4, &year) || s[4] != '-' || !digits(s + 5, 2, &mon) || s[7] != '-' || !digits(s + 8, 2, &mday) ||
      (s[10] != 'T' && s[10] != 't') || !digits(s + 11, 2, &hour) || s[13] != ':' || !digits(s + 14, 2, &min) ||
      s[16] != ':' || !digits(s + 17, 2, &sec))
    return false;
  size_t p = 19;
  if (s[p] == '.') {
    size_t start = ++p;
    while (p < len && s[p] >= '0' && s[p] <= '9') p++;
    if (p == start) return false;
  }
  int sign = 0;
  if (p < len && (s[p] == 'Z' || s[p] == 'z')) {
    p++;
  } else if (p + 6 == len && (s[p] == '+' || s[p] == '-') && digits(s + p + 1, 2, &oh) && s[p + 3] == ':' &&
             digits(s + p + 4, 2, &om)) {
    sign = s[p] == '-' ? -1 : 1;
    p += 6;
  } else {
    return false;
  }
  static const int DAYS[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (p != len || mon < 1 || mon > 12 || oh > 23 || om > 59 || hour > 23 || min > 59 || sec > 60) return false;
  if (mday < 1 || mday > DAYS[mon - 1] + (mon == 2 && leap_year(year))) return false;
  struct tm tm = {.tm_year = year - 1900, .tm_mon = mon - 1, .tm_mday = mday, .tm_hour = hour, .tm_min = min};
  int64_t utc = (int64_t)timegm(&tm) - sign * (oh * 3600 + om * 60); /* the minute, in UTC */
  if (sec == 60) { /* only in the last minute of June or December (UTC) */
    struct tm u;
    time_t ut = (time_t)utc;
    gmtime_r(&ut, &u);
    if (u.tm_hour != 23 || u.tm_min != 59 || !((u.tm_mon == 5 && u.tm_mday == 30) || (u.tm_mon == 11 && u.tm_mday == 31)))
      return false;
  }
  REQUIRE(utc + sec == c->seconds, "instant of %s: %lld, generator says %lld", s, (long long)(utc + sec),
        (long long)c->seconds);
  return true;
}

static bool gen_rfc3339(ff_input *in, ff_gen_mode mode, ff_buf *out, void *ctx) {
  time_ctx *c = ctx;
  return ff_gen_rfc3339(in, mode, NOW, out, &c->seconds);
}

int main(void) {
  time_ctx ctx = {0};
  harness_counts counts[4];
  harness_run("unix time", gen_unix, check_unix, NULL, &ctx, CASES, 64, counts);
  harness_expect_usual("unix time", counts);
  REQUIRE(ctx.seen_2_31 && ctx.seen_ms, "unix time: boundaries or millisecond confusion missing");
  harness_run("rfc3339", gen_rfc3339, check_rfc3339, NULL, &ctx, CASES, 256, counts);
  harness_expect_usual("rfc3339", counts);
  REQUIRE(counts[FF_GEN_HOSTILE].valid > 0, "rfc3339: hostile never valid");
  printf("time: ok\n");
  return 0;
}
