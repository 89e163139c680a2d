/* The normalization rules file (live_rules.h). */
#include "live_rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dns_wire.h"

static const char *const section_names[4] = {"question", "answer", "authority", "additional"};
static const struct {
  const char *name;
  uint16_t bit;
} flag_names[] = {{"aa", DNS_F_AA}, {"tc", DNS_F_TC}, {"rd", DNS_F_RD},
                  {"ra", DNS_F_RA}, {"ad", DNS_F_AD}, {"cd", DNS_F_CD}};

void live_rules_default(live_rules *r) {
  memset(r, 0, sizeof *r);
  snprintf(r->headers[r->nheaders++], sizeof r->headers[0], "Date");
}

static int section_of(const char *name) {
  for (int i = 0; i < 4; i++)
    if (strcmp(name, section_names[i]) == 0) return i;
  return -1;
}

static int add_name(char (*names)[64], int *n, const char *value, char *err, size_t err_cap) {
  if (*n == LIVE_RULES_MAX_NAMES || strlen(value) >= 64) {
    snprintf(err, err_cap, "too many names or a name over 63 characters");
    return -1;
  }
  snprintf(names[(*n)++], 64, "%s", value);
  return 0;
}

int live_rules_add_line(live_rules *r, const char *line, char *err, size_t err_cap) {
  char proto[16] = "", rule[32] = "", value[128] = "", extra[8] = "";
  int got = sscanf(line, "%15s %31s %127s %7s", proto, rule, value, extra);
  if (got <= 0 || proto[0] == '#') return 0;
  if (got == 4) {
    snprintf(err, err_cap, "too many words");
    return -1;
  }
  bool dns = strcmp(proto, "dns") == 0, http = strcmp(proto, "http") == 0;
  if (dns && strcmp(rule, "ignore-edns") == 0 && got == 2) {
    r->ignore_edns = true;
    return 0;
  }
  if (got != 3) {
    snprintf(err, err_cap, "expected '<dns|http> <rule> <value>'");
    return -1;
  }
  if (dns && strcmp(rule, "ttl-tolerance") == 0) {
    char *end;
    long v = strtol(value, &end, 10);
    if (*end || v < 0 || v > 86400 * 7) {
      snprintf(err, err_cap, "ttl-tolerance '%s' is not 0..604800", value);
      return -1;
    }
    r->ttl_tolerance = (uint32_t)v;
    return 0;
  }
  if (dns && (strcmp(rule, "unordered") == 0 || strcmp(rule, "ignore-section") == 0)) {
    int s = section_of(value);
    if (s < 0) {
      snprintf(err, err_cap, "unknown section '%s' (question, answer, authority, additional)", value);
      return -1;
    }
    (rule[0] == 'u' ? r->unordered : r->ignore_section)[s] = true;
    return 0;
  }
  if (dns && strcmp(rule, "ignore-opcode") == 0) {
    static const char *const names[] = {"query", "iquery", "status", "3", "notify", "update"};
    char *end;
    long op = strtol(value, &end, 10);
    if (*end) {
      op = -1;
      for (int i = 0; i < 6; i++)
        if (strcasecmp(value, names[i]) == 0) op = i;
    }
    if (op < 0 || op > 15) {
      snprintf(err, err_cap, "unknown opcode '%s' (0..15, query, notify, update)", value);
      return -1;
    }
    r->ignore_opcodes |= (uint16_t)(1u << op);
    return 0;
  }
  if (dns && strcmp(rule, "ignore-flag") == 0) {
    for (size_t i = 0; i < sizeof flag_names / sizeof flag_names[0]; i++)
      if (strcasecmp(value, flag_names[i].name) == 0) {
        r->ignore_flags |= flag_names[i].bit;
        return 0;
      }
    snprintf(err, err_cap, "unknown flag '%s' (aa, tc, rd, ra, ad, cd)", value);
    return -1;
  }
  if (http && strcmp(rule, "ignore-header") == 0) return add_name(r->headers, &r->nheaders, value, err, err_cap);
  if (http && strcmp(rule, "ignore-json-key") == 0)
    return add_name(r->json_keys, &r->njson_keys, value, err, err_cap);
  snprintf(err, err_cap, "unknown rule '%s %s'", proto, rule);
  return -1;
}

int live_rules_load(live_rules *r, const char *path, char *err, size_t err_cap) {
  if (!path) return 0;
  FILE *f = fopen(path, "r");
  if (!f) {
    snprintf(err, err_cap, "cannot read the rules file %s", path);
    return -1;
  }
  char line[512], why[256];
  int n = 0, rc = 0;
  while (!rc && fgets(line, sizeof line, f)) {
    n++;
    if (live_rules_add_line(r, line, why, sizeof why)) {
      snprintf(err, err_cap, "%s:%d: %s", path, n, why);
      rc = -1;
    }
  }
  fclose(f);
  return rc;
}

bool live_rules_header_ignored(const live_rules *r, const char *name) {
  for (int i = 0; i < r->nheaders; i++)
    if (strcasecmp(r->headers[i], name) == 0) return true;
  return false;
}

bool live_rules_json_key_ignored(const live_rules *r, const char *key) {
  for (int i = 0; i < r->njson_keys; i++)
    if (strcmp(r->json_keys[i], key) == 0) return true;
  return false;
}

bool live_rules_dns_request_ignored(const live_rules *r, const uint8_t *req, size_t len) {
  return len >= 3 && (r->ignore_opcodes & (1u << ((req[2] >> 3) & 0xf)));
}
