/* libFuzzer-ABI harness of ours for NSD (which ships none): its query path,
 * the code an NSD server child runs on every packet (query_process, then
 * query_add_optional for EDNS, cookies, NSID and TSIG), on one message
 * against a zone loaded once at startup, the way nsd-mem loads one (dbless:
 * no nsd.db). The first byte picks the transport: odd = TCP (64 KiB answer
 * buffer, AXFR/IXFR allowed), even = UDP (512 bytes or the EDNS size);
 * the rest is the message, from 127.0.0.1.
 * The zone (example.com: delegation with glue, wildcard, CNAME and DNAME,
 * MX, SRV, TXT, CAA, NSEC3 with a parameter record, RRSIGs) and nsd.conf (a
 * TSIG key, provide-xfr and allow-notify with it, NSID, cookies) are written
 * to a temporary directory at startup and removed once loaded. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "nsd.h"
#include "options.h"
#include "namedb.h"
#include "query.h"
#include "tsig.h"
#include "axfr.h"
#include "ixfr.h"

struct nsd nsd; /* the server's global, as nsd.c (and nsd-mem.c) define it */

/* nsd.c's functions that the server objects call; never reached from the
 * query path (nsd-mem.c and nsd-checkzone.c define the same) */
int writepid(struct nsd *n) { (void)n; return 0; }
void unlinkpid(const char *file) { (void)file; }
void bind8_stats(struct nsd *n) { (void)n; }
void sig_handler(int sig) { (void)sig; }

static query_type *query;
static region_type *query_region; /* holds the query (kept: LeakSanitizer sees it reachable) */
static char dir[] = "/tmp/nsd-fuzz-XXXXXX";
static char conf_path[64], zone_path[64];

static const char ZONE[] =
    "$ORIGIN example.com.\n$TTL 300\n"
    "@ IN SOA ns1 hostmaster 2024010101 7200 3600 1209600 300\n"
    "@ IN NS ns1\n@ IN NS ns2.example.net.\n"
    "@ IN MX 10 mail\n@ IN TXT \"v=spf1 -all\" \"second string\"\n"
    "@ IN CAA 0 issue \"ca.example.net\"\n"
    "@ IN NSEC3PARAM 1 0 1 aabbccdd\n"
    "@ IN RRSIG SOA 13 2 300 20300101000000 20200101000000 12345 example.com. "
    "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==\n"
    "ns1 IN A 192.0.2.53\nns1 IN AAAA 2001:db8::53\n"
    "mail IN A 192.0.2.25\nwww IN CNAME @\nalias IN CNAME www\n"
    "*.wild IN A 192.0.2.80\n*.wild IN TXT \"wildcard\"\n"
    "sub IN NS ns.sub\nns.sub IN A 192.0.2.99\n"
    "old IN DNAME example.net.\n"
    "_sip._udp IN SRV 10 60 5060 sip\nsip IN A 192.0.2.60\n"
    "big IN TXT \"0123456789012345678901234567890123456789012345678901234567890123456789\"\n"
    "big IN TXT \"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnop\"\n"
    "big IN TXT \"ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOP\"\n"
    "big IN TXT \"0a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8s9t0u1v2w3x4y5z6a7b8c9d0e1f2g3h\"\n"
    "b4ja0vu7iebnqdhnsvfoqbi3qm7u0g7s IN NSEC3 1 0 1 aabbccdd c3p6jmqm1nmr0r0s8i0n3fs9oa3t7e5g NS SOA MX TXT "
    "RRSIG DNSKEY NSEC3PARAM CAA\n";

/* writes TEXT to PATH; 0 on success */
static int write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  if (!f) return -1;
  int bad = fputs(text, f) < 0;
  return fclose(f) != 0 || bad ? -1 : 0;
}

static void remove_files(void) {
  unlink(zone_path);
  unlink(conf_path);
  rmdir(dir);
}

static void die(const char *what) {
  fprintf(stderr, "nsd_fuzzer: %s\n", what);
  remove_files();
  exit(1);
}

/* nsd.conf in DIR naming the zone file */
static int write_conf(void) {
  char text[1024];
  snprintf(text, sizeof text,
           "server:\n  database: \"\"\n  nsid: \"ascii_formfuzz\"\n  answer-cookie: yes\n"
           "  refuse-any: no\n  minimal-responses: no\n"
           "key:\n  name: \"xfr.key.\"\n  algorithm: hmac-sha256\n"
           "  secret: \"K2tf3TRjvQkVCmJF3/Z9vA==\"\n"
           "zone:\n  name: \"example.com\"\n  zonefile: \"%s\"\n"
           "  provide-xfr: 127.0.0.1 NOKEY\n  provide-xfr: 0.0.0.0/0 xfr.key.\n"
           "  allow-notify: 127.0.0.1 xfr.key.\n",
           zone_path);
  return write_file(conf_path, text);
}

/* The compression tables a server child allocates (server.c,
 * initialize_dname_compression_tables), for the loaded domain table. */
static void make_query(void) {
  size_t domains = domain_table_count(nsd.db->domains) + 1;
  size_t capacity = domains + EXTRA_DOMAIN_NUMBERS;
  uint16_t *offsets = calloc(capacity, sizeof *offsets);
  static domain_type *compressed[MAXRRSPP];
  if (!offsets) die("out of memory");
  offsets[0] = QHEADERSZ;
  query_region = region_create(xalloc, free);
  query = query_create(query_region, offsets, domains, compressed);
}

/* NSD logs every refused TSIG and the like; a fuzzer would print millions */
static void quiet_log(int priority, const char *message) { (void)priority, (void)message; }

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  log_init("nsd_fuzzer"); /* as nsd-mem's main: the zone loader logs its errors */
  if (!mkdtemp(dir)) die("cannot make a temporary directory");
  snprintf(conf_path, sizeof conf_path, "%s/nsd.conf", dir);
  snprintf(zone_path, sizeof zone_path, "%s/example.com.zone", dir);
  if (write_file(zone_path, ZONE) || write_conf()) die("cannot write the zone or nsd.conf");

  memset(&nsd, 0, sizeof nsd);
  nsd.options = nsd_options_create(region_create_custom(xalloc, free, DEFAULT_CHUNK_SIZE,
                                                        DEFAULT_LARGE_OBJECT_SIZE, DEFAULT_INITIAL_CLEANUP_SIZE, 1));
  tsig_init(nsd.options->region);
  if (!parse_options_file(nsd.options, conf_path, NULL, NULL)) die("nsd.conf does not parse");
  nsd.db = namedb_open("", nsd.options);
  if (!nsd.db) die("namedb_open failed");
  struct zone_options *zo;
  RBTREE_FOR(zo, struct zone_options *, nsd.options->zone_options) {
    zone_type *zone = namedb_zone_create(nsd.db, (const dname_type *)zo->node.key, zo);
    namedb_read_zonefile(&nsd, zone, NULL, NULL);
    if (!zone->apex || !zone->soa_rrset) die("the zone did not load");
  }
  nsd.ipv4_edns_size = nsd.options->ipv4_edns_size;
  nsd.ipv6_edns_size = nsd.options->ipv6_edns_size;
  edns_init_data(&nsd.edns_ipv4, nsd.options->ipv4_edns_size);
  edns_init_data(&nsd.edns_ipv6, nsd.options->ipv6_edns_size);
  nsd.nsid_len = 8;
  nsd.nsid = (unsigned char *)"formfuzz";
  edns_init_nsid(&nsd.edns_ipv4, nsd.nsid_len);
  edns_init_nsid(&nsd.edns_ipv6, nsd.nsid_len);
  nsd.do_answer_cookie = 1;
  nsd.cookie_count = 1;
  memset(nsd.cookie_secrets[0].cookie_secret, 0x5a, NSD_COOKIE_SECRET_SIZE);
  nsd.identity = "formfuzz";
  nsd.version = "formfuzz-nsd-harness";
  remove_files(); /* read: a crash later must not leave them behind */
  make_query();
  log_set_log_function(quiet_log);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  int tcp = data[0] & 1;
  data++, size--;
  query_reset(query, tcp ? TCP_MAX_MESSAGE_LEN : UDP_MAX_MESSAGE_LEN, tcp);
  if (size > buffer_capacity(query->packet)) return 0;
  struct sockaddr_in *from = (struct sockaddr_in *)&query->addr;
  memset(from, 0, sizeof *from);
  from->sin_family = AF_INET;
  from->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  from->sin_port = htons(5353);
  query->addrlen = sizeof *from;
  buffer_write(query->packet, data, size);
  buffer_flip(query->packet);
  uint32_t now = 1700000000;
  query_state_type state = query_process(query, &nsd, &now);
  if (state == QUERY_DISCARDED) return 0;
  query_add_optional(query, &nsd, &now);
  buffer_flip(query->packet);
  /* the rest of a zone transfer, message by message, as the TCP write
   * handler (server.c) asks for it; the zone is small, the cap is a guard */
  for (int more = 0; more < 64 && (state == QUERY_IN_AXFR || state == QUERY_IN_IXFR); more++) {
    buffer_clear(query->packet);
    state = state == QUERY_IN_AXFR ? query_axfr(&nsd, query, 0) : query_ixfr(&nsd, query);
    if (state == QUERY_PROCESSED) break;
    query_add_optional(query, &nsd, &now);
    buffer_flip(query->packet);
  }
  return 0;
}
