/* The protocol of live fuzz (--proto raw|dns|http): what a reply's state is,
 * and how one message is mutated when the mutation is protocol-aware.
 * States, each a short text (shown in notes) and its hash:
 *   raw  - the reply's first bytes up to a newline (at most shape_bytes, after
 *          shape_skip bytes), as printable text;
 *   dns  - opcode, rcode (with the EDNS extended bits), the flags QR AA TC RD RA
 *          AD CD, the four section counts (over 8 shown as "8+"), "edns" when
 *          the reply has an OPT record, "unparsed" when the dns core refuses it;
 *   http - the status code and the shape of a JSON body: member names sorted,
 *          values by kind (s string, i integer, r real, b boolean, n null),
 *          objects nested to depth 3, an array by its first item; a body that
 *          is not JSON is "text", none is "empty".
 * Aware mutation of one message (--mutate aware), one operator each call:
 *   dns  - a variant of the shadow proxy's (live_mutate_dns: question type,
 *          class, 0x20 case, a label added or dropped, RD/CD, EDNS added or
 *          dropped, opcode, a raw flip), a new ID, a header flag bit flipped,
 *          a section count changed (0, 1, 2, +1, -1, 0xffff), a record
 *          appended (A, TXT or a second OPT; to the answer section when the
 *          others are empty, else the additional one);
 *   http - a variant of the shadow proxy's (live_mutate_http: method, path,
 *          a header dropped, a JSON member set to a boundary value or
 *          removed), a JSON number member changed (negated, -1, +1, 0, x1000),
 *          the body's bytes havocked with Content-Length kept right, a header
 *          added, a number in the target set to a boundary (0, 1, n+1, n-1,
 *          65536, 2^32, 2^64-1, -1), Content-Length made shorter than the body;
 *   both - the engine's havoc mutator on the message's bytes, as one operator
 *          among the others (and the fallback for a message that does not
 *          parse). raw has only havoc. */
#ifndef FF_TOOLS_LIVE_PROTO_H
#define FF_TOOLS_LIVE_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "live_http.h"
#include "mutator.h"

typedef enum live_proto { LIVE_PROTO_RAW, LIVE_PROTO_DNS, LIVE_PROTO_HTTP } live_proto;

#define LIVE_STATE_TEXT 96

/* 0 and *out for "raw", "dns" or "http"; -1 otherwise. */
int live_proto_parse(const char *name, live_proto *out);
const char *live_proto_name(live_proto p);

/* The state of a reply as text (cap bytes), and its hash (never 0..15: those
 * are kept for "no reply" and "closed"). */
uint32_t live_state_raw(const uint8_t *reply, size_t len, size_t skip, size_t bytes, char *text, size_t cap);
uint32_t live_state_dns(const uint8_t *reply, size_t len, char *text, size_t cap);
/* response NULL: a reply that is not HTTP ("not-http"). */
uint32_t live_state_http(const live_http_msg *response, char *text, size_t cap);
uint32_t live_state_hash(const char *text);

/* Mutates the message buf[0..len) (capacity cap) once: aware (as above) or
 * only the engine's havoc. Returns the new length (<= cap); what (what_cap
 * bytes) names the operator. */
size_t live_proto_mutate(live_proto p, bool aware, uint8_t *buf, size_t len, size_t cap, ff_mutator *m,
                         char *what, size_t what_cap);

#endif
