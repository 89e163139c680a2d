/* Fault injection: `if (ff_fault("storage.write")) return ERR_IO;` asks the
 * current fault plan whether this call should fail.
 *
 * Sites are dotted names; the families every component uses are
 *   alloc, storage.read, storage.write, storage.fsync, net.send, net.recv,
 *   net.drop, net.dup, net.corrupt, clock
 * and a component may add its own ("vm.boot"). A rule names a site or a family:
 * "storage" matches storage.read/.write/.fsync, "*" matches every site.
 *
 * A plan decides in one of three ways (rules of both text forms may be mixed):
 * - input-driven: the harness hands the plan a slice of its input (e.g. the
 *   tail); every consulted site consumes bits from it and fails when they are
 *   all 1. The artifact therefore reproduces its faults, and the fuzzer explores
 *   fault combinations. A used-up slice means "no more faults".
 * - probabilistic: "alloc=0.01,net.drop=0.1" with a seed (FORMFUZZ_FAULTS,
 *   FORMFUZZ_FAULTS_SEED); same seed and same call sequence, same faults.
 * - explicit: "storage.write#3" fails the 3rd call of that site, "clock" fails
 *   every call of it.
 * The plan counts calls and fired faults per site (ff_fault_plan_report), and
 * so does a thread-wide tally over every plan (ff_fault_tally).
 *
 * A plan is per-run state: init it (or ff_fault_plan_reset it) for every input
 * and install it for the duration of the run; ff_fault() without an installed
 * plan is false. The installed pointer is thread-local.
 *
 * Built with -DFF_FAULTS_DISABLED, ff_fault(site) is the constant false and the
 * fault branches are dead code. */
#ifndef FORMFUZZ_FAULT_H
#define FORMFUZZ_FAULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define FF_FAULT_SITE_MAX 40  /* longest site name, with its NUL */
#define FF_FAULT_MAX_RULES 32
#define FF_FAULT_MAX_SITES 64 /* distinct sites counted per plan */

typedef enum ff_fault_rule_kind {
  FF_FAULT_RULE_PROB,  /* "site=p": fail with probability p */
  FF_FAULT_RULE_NTH,   /* "site#n": fail the n-th call (1-based) */
  FF_FAULT_RULE_ALWAYS /* "site": fail every call */
} ff_fault_rule_kind;

typedef struct ff_fault_rule {
  char site[FF_FAULT_SITE_MAX];
  ff_fault_rule_kind kind;
  double p;
  uint32_t nth;
} ff_fault_rule;

typedef struct ff_fault_site_stat {
  char site[FF_FAULT_SITE_MAX];
  uint32_t calls;
  uint32_t fired;
} ff_fault_site_stat;

typedef struct ff_fault_plan {
  ff_fault_rule rules[FF_FAULT_MAX_RULES];
  size_t nrules;
  uint64_t seed, rng; /* probabilistic rules; rng restarts from seed on reset */
  /* input-driven part (data == NULL: none) */
  const uint8_t *bits;
  size_t nbits_total, bitpos;
  unsigned bits_per_decision; /* 1..8; a site fails when all its bits are 1 */
  char input_sites[FF_FAULT_SITE_MAX * 4]; /* comma list of sites/families the input drives; "" = all */
  ff_fault_site_stat stats[FF_FAULT_MAX_SITES];
  size_t nstats;
  uint32_t total_fired;
} ff_fault_plan;

/* An empty plan: nothing fails. */
void ff_fault_plan_init(ff_fault_plan *plan);
/* Forget the counts and restart the input slice and the random stream, keeping
 * the rules: call between inputs when a plan is reused. */
void ff_fault_plan_reset(ff_fault_plan *plan);
/* Adds rules from text: "alloc=0.01,net.drop=0.1,storage.write#3,clock".
 * Returns 0, or -1 with a one-line reason in err. */
int ff_fault_plan_parse(ff_fault_plan *plan, const char *spec, uint64_t seed, char *err,
                        size_t err_cap);
/* Adds the rules in FORMFUZZ_FAULTS (seed FORMFUZZ_FAULTS_SEED, default 0).
 * Returns 0 (also when unset), or -1 with a reason in err. */
int ff_fault_plan_from_env(ff_fault_plan *plan, char *err, size_t err_cap);
/* Lets data[0..len) decide: bits_per_decision bits per consulted site (1..8,
 * other values mean 1); only sites matching the comma list `sites` consume bits
 * (NULL or "" = every site). The bytes are not copied. */
void ff_fault_plan_use_input(ff_fault_plan *plan, const uint8_t *data, size_t len,
                             unsigned bits_per_decision, const char *sites);

/* Decide for this plan directly (no installed plan needed). */
bool ff_fault_at(ff_fault_plan *plan, const char *site);
/* Makes plan the one ff_fault() consults on this thread (NULL: none);
 * returns the previously installed plan. */
ff_fault_plan *ff_fault_plan_install(ff_fault_plan *plan);
ff_fault_plan *ff_fault_plan_current(void);

/* Counts for a site or family ("storage" sums its members). */
uint32_t ff_fault_calls(const ff_fault_plan *plan, const char *site);
uint32_t ff_fault_fired(const ff_fault_plan *plan, const char *site);
/* Every plan's counts on this thread since it started (or since
 * ff_fault_tally_reset), summed: how often each site was consulted with a plan
 * installed and how often it failed, across many runs. Read it with
 * ff_fault_calls / ff_fault_fired / ff_fault_plan_report; a check that a
 * harness reaches its fault sites uses it (the property runner's
 * --fault-reach). */
const ff_fault_plan *ff_fault_tally(void);
void ff_fault_tally_reset(void);
/* One line per consulted site: "site calls=N fired=M". */
void ff_fault_plan_report(const ff_fault_plan *plan, FILE *out);
/* Does site belong to the rule pattern (exact, family prefix, or "*")? */
bool ff_fault_site_matches(const char *pattern, const char *site);

#ifdef FF_FAULTS_DISABLED
#define ff_fault(site) ((void)sizeof(site), false)
#define ff_fault_malloc(n) malloc(n)
#else
bool ff_fault(const char *site);
/* malloc that returns NULL when the "alloc" site fires. */
void *ff_fault_malloc(size_t n);
#endif

#endif
