/* Properties of the net value codecs: hostnames and interface names against
 * the spec's exact rule (§1.3: POSIX regex ^([a-z0-9]-?)*[a-z0-9]$ and fewer
 * than 64 bytes; interfaces also 1..15 bytes), and Timestring against a
 * 128-bit reference (a u64 then s m h d w, overflow an error, never a wrap). */
#include <regex.h>
#include <string.h>

#include "formfuzz/prop.h"
#include "net.h"
#include "refs.h"

FF_PROPERTY(net_hostname_rule) {
  char s[80];
  size_t len;
  if (ff_bool(in)) {
    ff_cstr_from(in, s, sizeof s, ff_bool(in) ? "a0-" : "az09-A_.");
    len = strlen(s);
  } else {
    const uint8_t *raw = ff_bytes_view(in, sizeof s - 1, &len);
    memcpy(s, raw, len);
  }
  char z[sizeof s + 1];
  memcpy(z, s, len);
  z[len] = 0;
  regex_t re;
  FF_PROP_ASSERT(regcomp(&re, "^([a-z0-9]-?)*[a-z0-9]$", REG_EXTENDED | REG_NOSUB) == 0, "regcomp");
  bool expect = len < 64 && !memchr(s, 0, len) && regexec(&re, z, 0, NULL, 0) == 0;
  regfree(&re);
  FF_INVARIANT(net_hostname_valid(s, len) == expect, "net.hostname_rule", "\"%.*s\" (%zu bytes): regex says %s",
               (int)len, s, len, expect ? "valid" : "invalid");
  FF_INVARIANT(net_interface_name_valid(s, len) == (expect && len <= 15), "net.hostname_rule",
               "interface name \"%.*s\"", (int)len, s);
}

FF_PROPERTY(net_timestring_model) {
  char s[48];
  switch (ff_choose(in, 3)) {
    case 0: /* a number that may overflow once scaled */
      snprintf(s, sizeof s, "%llu%c", (unsigned long long)(ff_u64(in) >> ff_range(in, 0, 63)),
               "smhdwx"[ff_choose(in, 6)]);
      break;
    case 1: ff_cstr_from(in, s, 26, "0123456789smhdw"); break;
    default: ff_cstr_from(in, s, sizeof s, "0123456789smhdw -+x"); break;
  }
  size_t len = strlen(s);
  uint64_t got = 0, want = 0;
  net_err e = net_timestring_parse(s, len, &got), r = net_timestring_reference(s, len, &want);
  FF_INVARIANT(e == r && (e != NET_OK || got == want), "net.timestring", "\"%s\": %s %llu, reference %s %llu", s,
               net_err_name(e), (unsigned long long)got, net_err_name(r), (unsigned long long)want);
}
