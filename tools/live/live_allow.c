/* Explicit target allow-list of the live commands (live_allow.h). */
#include "live_allow.h"

#include <stdio.h>
#include <string.h>

static int add_entry(live_allow *a, const char *text, char *err, size_t err_cap) {
  if (a->count == LIVE_ALLOW_MAX) {
    snprintf(err, err_cap, "more than %d allowed targets", LIVE_ALLOW_MAX);
    return -1;
  }
  char why[160];
  if (live_addr_parse(text, &a->entries[a->count], why, sizeof why)) {
    snprintf(err, err_cap, "allow entry %s", why);
    return -1;
  }
  a->count++;
  return 0;
}

static char *trim(char *s) {
  while (*s == ' ' || *s == '\t') s++;
  size_t n = strlen(s);
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r')) s[--n] = 0;
  return s;
}

int live_allow_load(live_allow *a, const char *list, const char *file, char *err, size_t err_cap) {
  if (list) {
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", list);
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
      if (*trim(tok) && add_entry(a, trim(tok), err, err_cap)) return -1;
  }
  if (file) {
    FILE *f = fopen(file, "r");
    if (!f) {
      snprintf(err, err_cap, "cannot read the allow file %s", file);
      return -1;
    }
    char line[512];
    int n = 0, rc = 0;
    while (!rc && fgets(line, sizeof line, f)) {
      n++;
      char *hash = strchr(line, '#');
      if (hash) *hash = 0;
      char *t = trim(line);
      if (*t && add_entry(a, t, err, err_cap)) {
        char why[256];
        snprintf(why, sizeof why, "%s", err);
        snprintf(err, err_cap, "%s:%d: %s", file, n, why);
        rc = -1;
      }
    }
    fclose(f);
    if (rc) return rc;
  }
  return 0;
}

int live_allow_check(const live_allow *a, const char *what, const live_addr *target, char *err,
                     size_t err_cap) {
  for (int i = 0; i < a->count; i++)
    if (live_addr_equal(&a->entries[i], target)) return 0;
  snprintf(err, err_cap, "%s %s is not allowed: name it with --allow %s (or in --allow-file)", what,
           target->text, target->text);
  return -1;
}

int live_allow_target(const live_allow *a, const char *what, const char *text, live_addr *out,
                      char *err, size_t err_cap) {
  char why[200];
  if (live_addr_parse(text, out, why, sizeof why)) {
    snprintf(err, err_cap, "%s %s", what, why);
    return -1;
  }
  return live_allow_check(a, what, out, err, err_cap);
}

int live_allow_listen(const char *text, live_addr *out, char *err, size_t err_cap) {
  char why[200];
  if (live_addr_parse(text, out, why, sizeof why)) {
    snprintf(err, err_cap, "--listen %s", why);
    return -1;
  }
  if (!live_addr_is_loopback(out)) {
    snprintf(err, err_cap, "--listen %s: the proxy listens on 127.0.0.0/8 only", out->text);
    return -1;
  }
  return 0;
}
