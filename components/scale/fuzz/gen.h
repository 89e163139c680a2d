/* scale generators and shared oracles: clusters (a template near the end of
 * its /24, members, a valid policy), operations (valid and bent: duplicate or
 * unknown ids, the template, wrong counts), external membership changes, and
 * the policy-decision oracle (§5.4 #6) the fuzzers share (gen.c). */
#ifndef SCALE_FUZZ_GEN_H
#define SCALE_FUZZ_GEN_H

#include "formfuzz/input.h"
#include "scale.h"

#define SCALE_GEN_T0 1700000000
extern const char *const scale_gen_templates[4];

/* A consistent cluster with a template and 0..5 more members, and a valid policy. */
void scale_gen_cluster(ff_input *in, scale_cluster *c, int64_t now);
/* A policy, valid or not (min > max, target 0 or > 100). */
void scale_gen_policy(ff_input *in, scale_policy *p);
/* ScaleOut / ScaleIn (with or without ids) / Replace over c's members. */
void scale_gen_operation(ff_input *in, const scale_cluster *c, scale_operation *op);
/* Another controller changes membership: a member joins (a fresh id and a
 * free address), leaves (never the template) or sends a heartbeat. */
void scale_gen_external(ff_input *in, scale_cluster *c, int64_t now);
/* Whether a validation passing for op on c was right (an independent check). */
bool scale_ref_valid(const scale_cluster *c, const scale_operation *op, int64_t now);
/* §5.4 #6 on one (policy, n, cpu, now): validate accepts only 1 <= target <= 100;
 * a decision is in [min, max] and != n; out of range always gets a decision;
 * scale-out inside the range only with cpu > target; 0 % CPU above min goes to
 * min when the band and the cooldown allow. Fires FF_INVARIANT "scale.policy". */
void scale_check_policy(const scale_policy *p, uint32_t n, uint32_t cpu, int64_t now);
/* Oracles after any action: final_phase, one non-terminal op, unique op ids. */
void scale_check_manager(const scale_manager *m);

#endif
