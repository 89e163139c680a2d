/* Fault injection decisions: the installed plan, per-site counts, and how the
 * input slice, the explicit rules and the probabilities decide (see fault.h).
 * Rule text parsing lives in fault_parse.c. */
#undef FF_FAULTS_DISABLED /* the library always provides the real functions */
#include "formfuzz/fault.h"

#include <string.h>

static _Thread_local ff_fault_plan *installed_plan;
static _Thread_local ff_fault_plan tally; /* every plan's counts, summed (ff_fault_tally) */

void ff_fault_plan_init(ff_fault_plan *plan) {
  memset(plan, 0, sizeof *plan);
  plan->bits_per_decision = 1;
}

void ff_fault_plan_reset(ff_fault_plan *plan) {
  plan->rng = plan->seed;
  plan->bitpos = 0;
  plan->nstats = 0;
  plan->total_fired = 0;
  memset(plan->stats, 0, sizeof plan->stats);
}

void ff_fault_plan_use_input(ff_fault_plan *plan, const uint8_t *data, size_t len,
                             unsigned bits_per_decision, const char *sites) {
  plan->bits = data;
  plan->nbits_total = data ? len * 8 : 0;
  plan->bitpos = 0;
  plan->bits_per_decision = bits_per_decision >= 1 && bits_per_decision <= 8 ? bits_per_decision : 1;
  plan->input_sites[0] = '\0';
  if (sites) {
    strncpy(plan->input_sites, sites, sizeof plan->input_sites - 1);
    plan->input_sites[sizeof plan->input_sites - 1] = '\0';
  }
}

bool ff_fault_site_matches(const char *pattern, const char *site) {
  if (strcmp(pattern, "*") == 0) return true;
  size_t n = strlen(pattern);
  if (strncmp(pattern, site, n) != 0) return false;
  return site[n] == '\0' || site[n] == '.';
}

/* Does site match one of the comma-separated patterns in list? */
static bool matches_list(const char *list, const char *site) {
  if (!list[0]) return true;
  char pattern[FF_FAULT_SITE_MAX];
  const char *p = list;
  while (*p) {
    const char *end = strchr(p, ',');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    if (n < sizeof pattern) {
      memcpy(pattern, p, n);
      pattern[n] = '\0';
      if (ff_fault_site_matches(pattern, site)) return true;
    }
    if (!end) break;
    p = end + 1;
  }
  return false;
}

static ff_fault_site_stat *site_stat(ff_fault_plan *plan, const char *site) {
  for (size_t i = 0; i < plan->nstats; i++)
    if (strcmp(plan->stats[i].site, site) == 0) return &plan->stats[i];
  if (plan->nstats == FF_FAULT_MAX_SITES) return NULL;
  ff_fault_site_stat *s = &plan->stats[plan->nstats++];
  strncpy(s->site, site, sizeof s->site - 1);
  s->site[sizeof s->site - 1] = '\0';
  return s;
}

/* splitmix64 step: the probabilistic rules' random stream. */
static uint64_t next_random(ff_fault_plan *plan) {
  uint64_t z = (plan->rng += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/* Consumes bits_per_decision bits of the input slice; true when all are 1. */
static bool input_decides(ff_fault_plan *plan) {
  bool all_ones = true;
  for (unsigned i = 0; i < plan->bits_per_decision; i++) {
    if (plan->bitpos >= plan->nbits_total) return false; /* used up: no more faults */
    size_t b = plan->bitpos++;
    if (!((plan->bits[b / 8] >> (7 - b % 8)) & 1)) all_ones = false;
  }
  return all_ones;
}

bool ff_fault_at(ff_fault_plan *plan, const char *site) {
  if (!plan) return false;
  ff_fault_site_stat *stat = site_stat(plan, site);
  uint32_t call = stat ? ++stat->calls : 0;
  bool fire = false;
  for (size_t i = 0; i < plan->nrules; i++) {
    const ff_fault_rule *r = &plan->rules[i];
    if (!ff_fault_site_matches(r->site, site)) continue;
    switch (r->kind) {
    case FF_FAULT_RULE_ALWAYS: fire = true; break;
    case FF_FAULT_RULE_NTH: fire |= stat && call == r->nth; break;
    case FF_FAULT_RULE_PROB:
      /* drawn on every matching call, so the stream does not depend on other rules */
      fire |= (double)(next_random(plan) >> 11) * 0x1.0p-53 < r->p;
      break;
    }
  }
  if (plan->bits && matches_list(plan->input_sites, site)) fire |= input_decides(plan);
  if (fire) {
    if (stat) stat->fired++;
    plan->total_fired++;
  }
  ff_fault_site_stat *sum = site_stat(&tally, site);
  if (sum) sum->calls++, sum->fired += fire;
  tally.total_fired += fire;
  return fire;
}

ff_fault_plan *ff_fault_plan_install(ff_fault_plan *plan) {
  ff_fault_plan *previous = installed_plan;
  installed_plan = plan;
  return previous;
}

ff_fault_plan *ff_fault_plan_current(void) { return installed_plan; }

const ff_fault_plan *ff_fault_tally(void) { return &tally; }

void ff_fault_tally_reset(void) { ff_fault_plan_init(&tally); }

bool ff_fault(const char *site) { return ff_fault_at(installed_plan, site); }

void *ff_fault_malloc(size_t n) {
  if (ff_fault("alloc")) return NULL;
  return malloc(n);
}

uint32_t ff_fault_calls(const ff_fault_plan *plan, const char *site) {
  uint32_t n = 0;
  for (size_t i = 0; i < plan->nstats; i++)
    if (ff_fault_site_matches(site, plan->stats[i].site)) n += plan->stats[i].calls;
  return n;
}

uint32_t ff_fault_fired(const ff_fault_plan *plan, const char *site) {
  uint32_t n = 0;
  for (size_t i = 0; i < plan->nstats; i++)
    if (ff_fault_site_matches(site, plan->stats[i].site)) n += plan->stats[i].fired;
  return n;
}

void ff_fault_plan_report(const ff_fault_plan *plan, FILE *out) {
  for (size_t i = 0; i < plan->nstats; i++)
    fprintf(out, "%s calls=%u fired=%u\n", plan->stats[i].site, plan->stats[i].calls,
            plan->stats[i].fired);
}
