/* dns dynamic update (RFC 2136) authenticated with TSIG HMAC-SHA256 (RFC 8945). */
#ifndef DNS_UPDATE_H
#define DNS_UPDATE_H

#include "dns_store.h"

#define DNS_TSIG_SECRET_MAX 64
#define DNS_TSIG_FUDGE 300

typedef struct dns_tsig_key {
  char name[DNS_KEY_MAX]; /* normalized key name */
  uint8_t secret[DNS_TSIG_SECRET_MAX];
  size_t secret_len;
} dns_tsig_key;

/* TSIG errors (RFC 8945 table), 0 for a good signature. */
enum { DNS_TSIG_BADSIG = 16, DNS_TSIG_BADKEY = 17, DNS_TSIG_BADTIME = 18, DNS_TSIG_BADTRUNC = 22 };

/* Appends a TSIG record signing msg[0..len) (whose ARCOUNT is incremented).
 * Returns the new length or -1 when cap is too small. */
long dns_tsig_sign(uint8_t *msg, size_t len, size_t cap, const dns_tsig_key *key, uint64_t now);
/* Checks the TSIG record that must end msg: 0 when valid, a TSIG error
 * (BADKEY, BADSIG, BADTIME, BADTRUNC), or -1 when there is none or it is
 * malformed. */
int dns_tsig_verify(const uint8_t *msg, size_t len, const dns_tsig_key *keys, size_t nkeys,
                    uint64_t now);

/* Applies a signed UPDATE message to the store, all or nothing. Returns the
 * RCODE: NOERROR, FORMERR, NOTAUTH (bad or missing TSIG, zone not ours),
 * NOTZONE, NXDOMAIN/YXDOMAIN/NXRRSET/YXRRSET (prerequisites), REFUSED
 * (unsupported record type), SERVFAIL (out of memory or room). A class IN
 * record with TTL 0 deletes that address (Formation's convention) and never
 * creates anything. */
int dns_update_apply(dns_store *st, const uint8_t *msg, size_t len, const dns_tsig_key *keys,
                     size_t nkeys, uint64_t now);

#endif
