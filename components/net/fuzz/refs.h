/* Reference checks shared by the net fuzzers and the core properties: the
 * CIDR tree rules (§1.3, §1.11.3) and Timestring in exact 128-bit arithmetic
 * (§1.2). */
#ifndef NET_FUZZ_REFS_H
#define NET_FUZZ_REFS_H

#include "net.h"

/* Fails invariant net.cidr_tree unless every child lies strictly inside its
 * parent with nothing in between, siblings do not overlap, and names and
 * networks are unique. */
void net_check_cidr_tree(const net_cidr_tree *t);
/* Timestring by exact arithmetic: NET_E_SYNTAX, NET_E_RANGE or NET_OK. */
net_err net_timestring_reference(const char *s, size_t len, uint64_t *out);

#endif
