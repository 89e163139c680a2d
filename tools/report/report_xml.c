/* XML/HTML text escaping (see report_xml.h). */
#include "report_xml.h"

#include <stdarg.h>
#include <stdint.h>

/* Length of a valid UTF-8 sequence starting at p, or 0. */
static int utf8_len(const unsigned char *p) {
  if (p[0] < 0x80) return 1;
  int n = (p[0] & 0xE0) == 0xC0 ? 2 : (p[0] & 0xF0) == 0xE0 ? 3 : (p[0] & 0xF8) == 0xF0 ? 4 : 0;
  if (n == 0 || (n == 2 && p[0] < 0xC2)) return 0;
  for (int i = 1; i < n; i++)
    if ((p[i] & 0xC0) != 0x80) return 0;
  return n;
}

void ff_xml_text(FILE *f, const char *s) {
  const unsigned char *p = (const unsigned char *)(s ? s : "");
  while (*p) {
    switch (*p) {
    case '&': fputs("&amp;", f); p++; continue;
    case '<': fputs("&lt;", f); p++; continue;
    case '>': fputs("&gt;", f); p++; continue;
    case '"': fputs("&quot;", f); p++; continue;
    case '\'': fputs("&#39;", f); p++; continue;
    default: break;
    }
    if (*p < 0x20 && *p != '\n' && *p != '\t') {
      fputc('?', f);
      p++;
      continue;
    }
    int n = utf8_len(p);
    if (n == 0) {
      fputc('?', f);
      p++;
      continue;
    }
    fwrite(p, 1, (size_t)n, f);
    p += n;
  }
}

void ff_xml_printf(FILE *f, const char *fmt, ...) {
  char buf[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  ff_xml_text(f, buf);
}
