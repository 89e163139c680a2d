/* dns_wire's protocol-aware mutator (wire_mutator.c): header bits, opcode,
 * rcode and id; each record's owner, type, class, TTL and RDATA (generated
 * valid for its type); records added, duplicated, removed or moved between
 * sections; the EDNS OPT record added or changed; a record grafted from
 * another input. The serializer writes the result (counts, RDLENGTH and
 * compression right); a quarter of the calls stay byte mutations. */
#ifndef DNS_FUZZ_WIRE_MUTATOR_H
#define DNS_FUZZ_WIRE_MUTATOR_H

#include "formfuzz/struct_mutator.h"

extern const ff_struct_mutator dns_wire_mutator;

#endif
