/* Fault plan rules from text ("alloc=0.01,net.drop=0.1,storage.write#3,clock")
 * and from the FORMFUZZ_FAULTS / FORMFUZZ_FAULTS_SEED environment variables. */
#undef FF_FAULTS_DISABLED
#include "formfuzz/fault.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int fail(char *err, size_t cap, const char *fmt, const char *item) {
  if (err && cap) snprintf(err, cap, fmt, item);
  return -1;
}

static bool valid_site(const char *s) {
  if (strcmp(s, "*") == 0) return true;
  if (!*s) return false;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '.' || *s == '_'))
      return false;
  return true;
}

/* One "site", "site=p" or "site#n" item. */
static int parse_item(ff_fault_plan *plan, char *item, char *err, size_t cap) {
  if (plan->nrules == FF_FAULT_MAX_RULES) return fail(err, cap, "too many fault rules at '%s'", item);
  ff_fault_rule rule;
  memset(&rule, 0, sizeof rule);
  char *eq = strchr(item, '='), *hash = strchr(item, '#');
  char *value = NULL;
  rule.kind = FF_FAULT_RULE_ALWAYS;
  if (eq) {
    *eq = '\0';
    value = eq + 1;
    rule.kind = FF_FAULT_RULE_PROB;
  } else if (hash) {
    *hash = '\0';
    value = hash + 1;
    rule.kind = FF_FAULT_RULE_NTH;
  }
  if (!valid_site(item) || strlen(item) >= sizeof rule.site)
    return fail(err, cap, "bad fault site '%s' (lowercase, digits, '.', '_' or '*')", item);
  strcpy(rule.site, item);
  if (value) {
    char *end;
    errno = 0;
    if (rule.kind == FF_FAULT_RULE_PROB) {
      rule.p = strtod(value, &end);
      if (errno || end == value || *end || rule.p < 0 || rule.p > 1)
        return fail(err, cap, "bad fault probability '%s' (want 0..1)", value);
    } else {
      unsigned long n = strtoul(value, &end, 10);
      if (errno || end == value || *end || n == 0 || n > UINT32_MAX)
        return fail(err, cap, "bad fault call number '%s' (want 1, 2, ...)", value);
      rule.nth = (uint32_t)n;
    }
  }
  plan->rules[plan->nrules++] = rule;
  return 0;
}

int ff_fault_plan_parse(ff_fault_plan *plan, const char *spec, uint64_t seed, char *err,
                        size_t err_cap) {
  plan->seed = plan->rng = seed;
  char item[FF_FAULT_SITE_MAX + 32];
  const char *p = spec;
  while (p && *p) {
    const char *end = strchr(p, ',');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    while (n && (*p == ' ' || *p == '\t')) p++, n--;
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t')) n--;
    if (n >= sizeof item) {
      snprintf(item, sizeof item, "%.*s", (int)(sizeof item - 4), p);
      return fail(err, err_cap, "fault rule too long: '%s...'", item);
    }
    if (n) {
      memcpy(item, p, n);
      item[n] = '\0';
      if (parse_item(plan, item, err, err_cap) != 0) return -1;
    }
    p = end ? end + 1 : NULL;
  }
  return 0;
}

int ff_fault_plan_from_env(ff_fault_plan *plan, char *err, size_t err_cap) {
  const char *spec = getenv("FORMFUZZ_FAULTS");
  if (!spec || !*spec) return 0;
  uint64_t seed = 0;
  const char *seed_text = getenv("FORMFUZZ_FAULTS_SEED");
  if (seed_text && *seed_text) {
    char *end;
    errno = 0;
    seed = strtoull(seed_text, &end, 0);
    if (errno || *end) return fail(err, err_cap, "FORMFUZZ_FAULTS_SEED is not a number: '%s'", seed_text);
  }
  if (ff_fault_plan_parse(plan, spec, seed, err, err_cap) != 0) return -1;
  return 0;
}
