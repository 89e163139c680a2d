/* RFC 3339 date-time text: valid instants near a given time or at the
 * boundaries, in every allowed spelling, and the usual ways it is got wrong.
 * Civil dates come from gmtime_r (64-bit time_t). See ff_gen_rfc3339 in
 * include/formfuzz/gen_time.h. */
#define _POSIX_C_SOURCE 200809L /* gmtime_r */
#include <string.h>
#include <time.h>

#include "formfuzz/gen_time.h"

#define SPAN_5_YEARS (86400LL * 366 * 5)
#define YEAR_0000 (-62167219200LL) /* 0000-01-01T00:00:00Z */

typedef struct civil {
  long year;
  int mon, mday, hour, min, sec; /* mon 1..12 */
} civil;

static bool civil_of(int64_t t, civil *c) {
  struct tm tm;
  time_t tt = (time_t)t;
  if (!gmtime_r(&tt, &tm)) return false;
  *c = (civil){(long)tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec};
  return c->year >= 0 && c->year <= 9999;
}

static void put_date(ff_buf *out, const civil *c) { ff_buf_printf(out, "%04ld-%02d-%02d", c->year, c->mon, c->mday); }
static void put_time(ff_buf *out, const civil *c) { ff_buf_printf(out, "%02d:%02d:%02d", c->hour, c->min, c->sec); }

static int64_t draw_instant(ff_input *in, int64_t around) {
  static const int64_t BOUNDARIES[] = {0,          2147483647, 2147483648, 4294967296, 951782400 /* 2000-02-29 */,
                                       253402300799 /* 9999-12-31T23:59:59Z */, YEAR_0000};
  if (ff_bool(in)) return FF_PICK(in, BOUNDARIES);
  int64_t t = around + ff_range_i64(in, -SPAN_5_YEARS, SPAN_5_YEARS);
  return t < YEAR_0000 ? YEAR_0000 : t > 253402300799 ? 253402300799 : t;
}

/* A valid spelling of instant t; returns false when t cannot be written. */
static bool valid_text(ff_input *in, int64_t t, ff_buf *out) {
  int offset_min = 0;
  size_t zone = ff_choose(in, 5); /* Z, z, +00:00, -00:00, +-hh:mm */
  if (zone == 4) offset_min = (int)ff_range_i64(in, -(23 * 60 + 59), 23 * 60 + 59);
  civil c;
  if (!civil_of(t + offset_min * 60LL, &c)) {
    zone = 0, offset_min = 0;
    if (!civil_of(t, &c)) return false;
  }
  put_date(out, &c);
  ff_buf_putc(out, ff_bool(in) ? 't' : 'T');
  put_time(out, &c);
  if (ff_bool(in)) { /* a fraction of 1..9 digits */
    unsigned digits = (unsigned)ff_range(in, 1, 9);
    ff_buf_putc(out, '.');
    for (unsigned i = 0; i < digits; i++) ff_buf_putc(out, (char)('0' + ff_range(in, 0, 9)));
  }
  switch (zone) {
  case 0: ff_buf_putc(out, 'Z'); break;
  case 1: ff_buf_putc(out, 'z'); break;
  case 2: ff_buf_puts(out, "+00:00"); break;
  case 3: ff_buf_puts(out, "-00:00"); break;
  default: {
    int a = offset_min < 0 ? -offset_min : offset_min;
    ff_buf_printf(out, "%c%02d:%02d", offset_min < 0 ? '-' : '+', a / 60, a % 60);
    break;
  }
  }
  return true;
}

static void near_text(ff_input *in, int64_t around, ff_buf *out) {
  civil c;
  if (!civil_of(draw_instant(in, around), &c)) civil_of(0, &c);
  size_t kind = ff_choose(in, 13);
  ff_note(in, "rfc3339 near-valid kind %zu", kind);
  const char *sep = "T", *zone = "Z";
  switch (kind) {
  case 0: c.mon = ff_bool(in) ? 13 : 0; break;
  case 1: c.mday = ff_bool(in) ? 32 : 0; break;
  case 2: {
    static const long COMMON_YEARS[] = {2023, 1900, 2100, 2019};
    c.year = FF_PICK(in, COMMON_YEARS), c.mon = 2, c.mday = 29;
    break;
  }
  case 3: c.hour = 24; break;
  case 4: c.min = 60; break;
  case 5: c.sec = 61; break;
  case 6: zone = ""; break;
  case 7: {
    static const char *const BAD_OFFSETS[] = {"+0530", "+05", "+5:30", "+24:00", "-00:60", "UTC", "GMT"};
    zone = FF_PICK(in, BAD_OFFSETS);
    break;
  }
  case 8: sep = " "; break;
  case 9: /* two-digit year */
    ff_buf_printf(out, "%02ld-%02d-%02dT", c.year % 100, c.mon, c.mday);
    put_time(out, &c);
    ff_buf_putc(out, 'Z');
    return;
  case 10: /* fraction with a comma, or with no digits */
    put_date(out, &c);
    ff_buf_putc(out, 'T');
    put_time(out, &c);
    ff_buf_puts(out, ff_bool(in) ? ",5Z" : ".Z");
    return;
  case 11: c.mon = 4, c.mday = 31; break;
  default: /* unpadded fields */
    ff_buf_printf(out, "%ld-%d-%dT%d:%d:%dZ", c.year, c.mon, c.mday, c.hour, c.min, c.sec);
    if (c.mon >= 10 && c.mday >= 10 && c.hour >= 10 && c.min >= 10 && c.sec >= 10) out->data[out->len - 2] = 'x';
    return;
  }
  put_date(out, &c);
  ff_buf_puts(out, sep);
  put_time(out, &c);
  ff_buf_puts(out, zone);
}

/* Returns validity; *seconds set when valid. */
static bool hostile_text(ff_input *in, int64_t around, ff_buf *out, int64_t *seconds) {
  static const struct {
    const char *text;
    int64_t seconds;
  } VALID[] = {
      {"0000-01-01T00:00:00Z", YEAR_0000},
      {"9999-12-31T23:59:59Z", 253402300799},
      {"9999-12-31T23:59:59.999999999Z", 253402300799},
      {"2016-12-31T23:59:60Z", 1483228800},         /* a real leap second */
      {"1990-12-31T15:59:60-08:00", 662688000},     /* the leap second example of RFC 3339 */
      {"1970-01-01T00:00:00+23:59", -86340},
      {"2038-01-19T03:14:08Z", 2147483648},
      {"2106-02-07T06:28:16Z", 4294967296},
  };
  static const char *const INVALID[] = {"10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "", "2024-06-15T12:00:00Z\n",
                                        "2024-06-30T12:00:60Z", "+002024-06-15T12:00:00Z"};
  size_t kind = ff_choose(in, 4);
  ff_note(in, "rfc3339 hostile kind %zu", kind);
  switch (kind) {
  case 0: {
    size_t i = ff_choose(in, FF_COUNT_OF(VALID));
    ff_buf_puts(out, VALID[i].text);
    *seconds = VALID[i].seconds;
    return true;
  }
  case 1: { /* a fraction of 100 digits */
    civil c;
    int64_t t = around;
    if (!civil_of(t, &c)) civil_of(t = 0, &c);
    put_date(out, &c);
    ff_buf_putc(out, 'T');
    put_time(out, &c);
    ff_buf_putc(out, '.');
    for (int i = 0; i < 100; i++) ff_buf_putc(out, (char)('0' + ff_range(in, 0, 9)));
    ff_buf_putc(out, 'Z');
    *seconds = t;
    return true;
  }
  case 2: ff_buf_put(out, "2024-06-15T12:00\0:00Z", 20); return false;
  default: ff_buf_puts(out, FF_PICK(in, INVALID)); return false;
  }
}

bool ff_gen_rfc3339(ff_input *in, ff_gen_mode mode, int64_t around, ff_buf *out, int64_t *seconds) {
  int64_t t = 0;
  bool ok;
  switch (ff_gen_resolve_mode(in, mode)) {
  case FF_GEN_VALID:
    t = draw_instant(in, around);
    ok = valid_text(in, t, out);
    break;
  case FF_GEN_NEAR:
    near_text(in, around, out);
    ok = false;
    break;
  default: ok = hostile_text(in, around, out, &t); break;
  }
  if (seconds) *seconds = t;
  return ok && !out->overflow;
}
