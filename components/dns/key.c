/* dns store keys: the one normalization (lowercase, one trailing dot off)
 * and the name rules every store path applies. */
#include <string.h>

#include "dns_store.h"

static int fail(const char **why, const char *reason) {
  if (why) *why = reason;
  return -1;
}

int dns_key_normalize(const char *domain, char out[DNS_KEY_MAX], const char **why) {
  size_t n = strlen(domain);
  if (n > 0 && domain[n - 1] == '.') n--;
  if (n == 0) return fail(why, "empty name");
  if (n > 253) return fail(why, "name longer than 253 characters");
  size_t label = 0, labels = 0;
  for (size_t i = 0; i <= n; i++) {
    char c = i < n ? domain[i] : '.';
    if (c == '.') {
      if (label == 0) return fail(why, "empty label");
      if (out[i - 1] == '-' || out[i - label] == '-') return fail(why, "label starts or ends with '-'");
      if (memchr(out + i - label, '*', label) && !(label == 1 && labels == 0))
        return fail(why, "'*' is only allowed as the whole first label");
      out[i] = '.';
      label = 0;
      labels++;
      continue;
    }
    if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '*';
    if (!ok) return fail(why, "character not allowed in a name");
    if (++label > DNS_LABEL_MAX) return fail(why, "label longer than 63 characters");
    out[i] = c;
  }
  out[n] = 0;
  return 0;
}

int dns_key_from_name(const dns_name *n, char out[DNS_KEY_MAX], const char **why) {
  char text[DNS_NAME_TEXT_MAX];
  if (dns_name_to_text(n, text, sizeof text) < 0) return fail(why, "name too long");
  return dns_key_normalize(text, out, why);
}

bool dns_key_in_zone(const char *key, const char *zone) {
  size_t k = strlen(key), z = strlen(zone);
  if (k == z) return strcmp(key, zone) == 0;
  return k > z && key[k - z - 1] == '.' && strcmp(key + k - z, zone) == 0;
}
