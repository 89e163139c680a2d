/* String formats: one-sided checks and examples (see mcp_format.h). */
#define _GNU_SOURCE /* asprintf */
#include "mcp_format.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const KNOWN[] = {"date-time", "date", "time", "email", "hostname", "ipv4", "ipv6", "uri", "uuid"};

bool mcp_format_known(const char *format) {
  for (size_t i = 0; i < sizeof KNOWN / sizeof *KNOWN; i++)
    if (format && !strcmp(format, KNOWN[i])) return true;
  return false;
}

static bool digits(const char *s, int n, int lo, int hi, int *out) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  if (out) *out = v;
  return v >= lo && v <= hi;
}

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static bool is_date(const char *s) { /* YYYY-MM-DD with a day the month has */
  static const int DAYS[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int y, m, d;
  if (!digits(s, 4, 0, 9999, &y) || s[4] != '-' || !digits(s + 5, 2, 1, 12, &m) || s[7] != '-' ||
      !digits(s + 8, 2, 1, 31, &d))
    return false;
  return d <= DAYS[m - 1] + (m == 2 && leap(y));
}

/* HH:MM:SS[.frac](Z|+HH:MM|-HH:MM), no leap second; *end past it */
static bool is_time(const char *s, size_t len) {
  if (len < 9 || !digits(s, 2, 0, 23, NULL) || s[2] != ':' || !digits(s + 3, 2, 0, 59, NULL) || s[5] != ':' ||
      !digits(s + 6, 2, 0, 59, NULL))
    return false;
  size_t i = 8;
  if (s[i] == '.') {
    size_t f = ++i;
    while (i < len && s[i] >= '0' && s[i] <= '9') i++;
    if (i == f) return false;
  }
  if (i + 1 == len && s[i] == 'Z') return true;
  return i + 6 == len && (s[i] == '+' || s[i] == '-') && digits(s + i + 1, 2, 0, 23, NULL) && s[i + 3] == ':' &&
         digits(s + i + 4, 2, 0, 59, NULL);
}

static bool is_label_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'; }

/* dot-separated labels of letters, digits and inner hyphens; a TLD of letters; >= 2 labels when dotted */
static bool is_hostname(const char *s, size_t len, bool need_dot) {
  if (len == 0 || len > 253) return false;
  size_t start = 0, labels = 0;
  bool tld_alpha = true;
  for (size_t i = 0; i <= len; i++) {
    if (i < len && s[i] != '.') {
      if (!is_label_char(s[i])) return false;
      continue;
    }
    size_t n = i - start;
    if (n == 0 || n > 63 || s[start] == '-' || s[i - 1] == '-') return false;
    tld_alpha = true;
    for (size_t k = start; k < i; k++) tld_alpha = tld_alpha && ((s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'z');
    labels++;
    start = i + 1;
  }
  return tld_alpha && (!need_dot || labels >= 2);
}

static bool is_email(const char *s, size_t len) {
  const char *at = memchr(s, '@', len);
  if (!at || at == s) return false;
  size_t local = (size_t)(at - s);
  if (s[0] == '.' || s[local - 1] == '.') return false;
  for (size_t i = 0; i < local; i++) {
    char c = s[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("._+-", c);
    if (!ok || (c == '.' && s[i + 1] == '.')) return false;
  }
  return is_hostname(at + 1, len - local - 1, true);
}

static bool is_ipv4(const char *s, size_t len) {
  size_t i = 0;
  for (int part = 0; part < 4; part++) {
    size_t start = i;
    int v = 0;
    while (i < len && s[i] >= '0' && s[i] <= '9' && i - start < 3) v = v * 10 + (s[i++] - '0');
    if (i == start || v > 255 || (s[start] == '0' && i - start > 1)) return false;
    if (part < 3 && (i >= len || s[i++] != '.')) return false;
  }
  return i == len;
}

static bool is_uuid(const char *s, size_t len) {
  if (len != 36) return false;
  for (size_t i = 0; i < 36; i++) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    char c = s[i];
    if (dash ? c != '-' : !((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'))) return false;
  }
  return true;
}

/* scheme://host[:port][/path] with a plain path; host a name or an IPv4 address */
static bool is_uri(const char *s, size_t len) {
  size_t i = 0;
  if (!len || !((s[0] | 0x20) >= 'a' && (s[0] | 0x20) <= 'z')) return false;
  while (i < len && (((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z') || (s[i] >= '0' && s[i] <= '9') || strchr("+.-", s[i]))) i++;
  if (len - i < 4 || strncmp(s + i, "://", 3)) return false;
  i += 3;
  size_t host = i;
  while (i < len && s[i] != ':' && s[i] != '/') i++;
  if (!is_hostname(s + host, i - host, false) && !is_ipv4(s + host, i - host)) return false;
  if (i < len && s[i] == ':') {
    size_t p = ++i;
    while (i < len && s[i] >= '0' && s[i] <= '9') i++;
    if (i == p || i - p > 5) return false;
  }
  for (; i < len; i++) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("/._~-", c))) return false;
  }
  return true;
}

bool mcp_format_conforms(const char *format, const char *s, size_t len) {
  if (!format || strlen(s) != len) return false;
  if (!strcmp(format, "date")) return len == 10 && is_date(s);
  if (!strcmp(format, "time")) return is_time(s, len);
  if (!strcmp(format, "date-time")) return len > 11 && is_date(s) && s[10] == 'T' && is_time(s + 11, len - 11);
  if (!strcmp(format, "email")) return is_email(s, len);
  if (!strcmp(format, "hostname")) return is_hostname(s, len, false);
  if (!strcmp(format, "ipv4")) return is_ipv4(s, len);
  if (!strcmp(format, "uuid")) return is_uuid(s, len);
  if (!strcmp(format, "uri")) return is_uri(s, len);
  if (!strcmp(format, "ipv6")) { /* plain hex groups: no embedded IPv4, no zone */
    struct in6_addr a;
    return len < 40 && !memchr(s, '.', len) && !memchr(s, '%', len) && inet_pton(AF_INET6, s, &a) == 1;
  }
  return false;
}

char *mcp_format_example(const char *format, ff_input *in) {
  if (!mcp_format_known(format)) return NULL;
  char *out = NULL;
  int rc = -1;
  static const char *const WORDS[] = {"alpha", "beta", "gamma", "delta"};
  const char *w = WORDS[ff_choose(in, 4)];
  unsigned n = (unsigned)ff_range(in, 0, 999);
  int y = (int)ff_range(in, 1970, 2099), mo = (int)ff_range(in, 1, 12), d = (int)ff_range(in, 1, 28);
  int h = (int)ff_range(in, 0, 23), mi = (int)ff_range(in, 0, 59), s = (int)ff_range(in, 0, 59);
  if (!strcmp(format, "date")) rc = asprintf(&out, "%04d-%02d-%02d", y, mo, d);
  else if (!strcmp(format, "time")) rc = asprintf(&out, "%02d:%02d:%02dZ", h, mi, s);
  else if (!strcmp(format, "date-time")) rc = asprintf(&out, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, h, mi, s);
  /* nothing a server could reach over a network: loopback, and names that never resolve */
  else if (!strcmp(format, "email")) rc = asprintf(&out, "%s%u@example.invalid", w, n);
  else if (!strcmp(format, "hostname")) rc = n % 2 ? asprintf(&out, "localhost") : asprintf(&out, "%s%u.invalid", w, n);
  else if (!strcmp(format, "uri")) rc = asprintf(&out, "http://127.0.0.1:9/%s/%u", w, n);
  else if (!strcmp(format, "ipv4")) rc = asprintf(&out, "%u.%u.%u.%u", (unsigned)ff_u8(in), (unsigned)ff_u8(in), (unsigned)ff_u8(in), (unsigned)ff_u8(in));
  else if (!strcmp(format, "ipv6")) {
    uint8_t a[16] = {0x20, 0x01, 0x0d, 0xb8};
    ff_fill(in, a + 4, 12);
    char buf[INET6_ADDRSTRLEN];
    if (inet_ntop(AF_INET6, a, buf, sizeof buf)) out = strdup(buf), rc = out ? 0 : -1;
  } else { /* uuid, version 4 */
    uint8_t b[16];
    ff_fill(in, b, 16);
    b[6] = (uint8_t)(0x40 | (b[6] & 0x0F));
    b[8] = (uint8_t)(0x80 | (b[8] & 0x3F));
    rc = asprintf(&out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3],
                  b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
  }
  return rc < 0 ? NULL : out;
}

const char *mcp_format_violation(const char *format, ff_input *in) {
  static const struct { const char *format, *bad[2]; } BAD[] = {
      {"date", {"2024-02-30", "24-1-1"}},
      {"time", {"25:61:00Z", "noon"}},
      {"date-time", {"2024-13-45T25:61:61Z", "2024-01-01 10:00"}},
      {"email", {"user@@example.com", "no-at-sign"}},
      {"hostname", {"-bad-.host_", "a..b"}},
      {"ipv4", {"256.1.1.1", "1.2.3"}},
      {"ipv6", {"12345::zz", "1:2:3"}},
      {"uri", {"not a uri", "://missing-scheme"}},
      {"uuid", {"1234-not-a-uuid", "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz"}},
  };
  for (size_t i = 0; i < sizeof BAD / sizeof *BAD; i++)
    if (format && !strcmp(format, BAD[i].format)) return BAD[i].bad[ff_bool(in)];
  return NULL;
}
