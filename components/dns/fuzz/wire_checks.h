/* The oracles on one DNS wire message against a store (wire_checks.c):
 * round trip, ldns_wire2pkt differential, the store's answer, truncation;
 * and the normalization of stored keys. Used by dns_records (generated
 * messages) and dns_wire (the message as the input). */
#ifndef DNS_FUZZ_WIRE_CHECKS_H
#define DNS_FUZZ_WIRE_CHECKS_H

#include <stddef.h>
#include <stdint.h>

#include "dns.h"

/* Parses msg with our parser and with ldns and checks every oracle on it;
 * an accepted query is answered by st for client. */
void dns_check_wire(const dns_store *st, const uint8_t *msg, size_t len, const dns_ip *client);
/* Every stored key is normalized and found by other spellings. */
void dns_check_keys(const dns_store *st);

#endif
