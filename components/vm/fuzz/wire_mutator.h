/* vm_wire's protocol-aware mutator (wire_mutator.c): the input is read into
 * its framing and requests (wire_format.h); one or more edits are made
 * (method; a path segment or the whole route; instance ids and addresses in
 * their spellings; a header added, dropped, doubled, re-cased, padded or
 * given a non-visible byte; local claims; the recovery id's spelling "+1",
 * "001"; a field of the JSON body or the text body; the signed message's
 * timestamp, nonce or binding; the signing key or scheme; a signature bent
 * by the shared generator, or one copied from another request; requests
 * added, repeated, dropped or swapped; accounts, fault plan and peer), then
 * each request whose framing names a key is signed again (vm_wire_resign)
 * and Content-Length is written for the body as it is. A fifth of the calls
 * stay byte mutations. */
#ifndef VM_FUZZ_WIRE_MUTATOR_H
#define VM_FUZZ_WIRE_MUTATOR_H

#include "formfuzz/struct_mutator.h"

extern const ff_struct_mutator vm_wire_mutator;

#endif
