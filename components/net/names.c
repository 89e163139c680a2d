/* Hostname and interface-name validation (§1.3): lowercase alphanumerics and
 * single inner dashes, fewer than 64 bytes; interface names at most 15. */
#include "net_types.h"

static bool alnum_lower(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool net_hostname_valid(const char *s, size_t len) {
  if (len == 0 || len >= 64) return false;
  if (!alnum_lower(s[0]) || !alnum_lower(s[len - 1])) return false;
  for (size_t i = 0; i < len; i++) {
    if (alnum_lower(s[i])) continue;
    if (s[i] != '-' || s[i + 1] == '-') return false;
  }
  return true;
}

bool net_interface_name_valid(const char *s, size_t len) {
  return len >= 1 && len <= 15 && net_hostname_valid(s, len);
}
