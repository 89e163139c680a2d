/* Normalization rules: what is noise when two servers' replies are compared.
 * A rules file has one rule a line (# comments):
 *   dns ttl-tolerance N          TTLs within N seconds of each other are equal
 *   dns unordered SECTION        answer|authority|additional: record order is free
 *   dns ignore-flag FLAG         aa|tc|rd|ra|ad|cd: the header bit is not compared
 *   dns ignore-edns              the OPT record (EDNS size, flags) is not compared
 *   dns ignore-section SECTION   the whole section is not compared
 *   dns ignore-opcode N          requests with opcode N (0..15, or query, notify,
 *                                update) are mirrored but their replies not compared
 *   http ignore-header NAME      the response header (any case) is not compared
 *   http ignore-json-key KEY     a JSON member named KEY, at any depth, is not compared
 * The DNS message ID is never compared (every proxied copy gets its own).
 * Without a file: DNS compares everything but the ID; HTTP ignores Date. */
#ifndef FF_TOOLS_LIVE_RULES_H
#define FF_TOOLS_LIVE_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LIVE_RULES_MAX_NAMES 32

typedef struct live_rules {
  uint32_t ttl_tolerance;
  bool unordered[4];      /* by dns section (DNS_QD..DNS_AR) */
  bool ignore_section[4];
  uint16_t ignore_flags;  /* DNS_F_* bits */
  bool ignore_edns;
  uint16_t ignore_opcodes; /* bit n: opcode n */
  char headers[LIVE_RULES_MAX_NAMES][64];
  int nheaders;
  char json_keys[LIVE_RULES_MAX_NAMES][64];
  int njson_keys;
} live_rules;

/* The rules without a file. */
void live_rules_default(live_rules *r);
/* Adds the rules of path (NULL: none) to r. 0, or -1 with "file:line: reason". */
int live_rules_load(live_rules *r, const char *path, char *err, size_t err_cap);
/* Adds one rule line. 0, or -1 with the reason. */
int live_rules_add_line(live_rules *r, const char *line, char *err, size_t err_cap);
/* Is this DNS request one whose replies are not compared (its opcode)? */
bool live_rules_dns_request_ignored(const live_rules *r, const uint8_t *req, size_t len);
bool live_rules_header_ignored(const live_rules *r, const char *name);
bool live_rules_json_key_ignored(const live_rules *r, const char *key);

#endif
