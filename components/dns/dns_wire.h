/* dns wire format (RFC 1035, RFC 6891, RFC 3597): names with bound- and
 * loop-safe compression, messages with typed RDATA checks for A, AAAA, CNAME,
 * NS, SOA, TXT, MX, SRV, CAA, PTR (other types kept as opaque bytes), EDNS0
 * OPT, serialization with compression and UDP truncation (TC), TCP framing. */
#ifndef DNS_WIRE_H
#define DNS_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DNS_NAME_WIRE_MAX 255 /* RFC 1035 2.3.4: octets of a wire name */
#define DNS_LABEL_MAX 63
#define DNS_NAME_TEXT_MAX 1024 /* presentation form with \DDD escapes */
#define DNS_HEADER_LEN 12
#define DNS_MSG_MAX 65535
#define DNS_MSG_MAX_RR 512    /* implementation limit: more RRs -> DNS_ERR_LIMIT */
#define DNS_UDP_MIN 512

enum { DNS_QD = 0, DNS_AN = 1, DNS_NS = 2, DNS_AR = 3 };

enum dns_type {
  DNS_T_A = 1, DNS_T_NS = 2, DNS_T_CNAME = 5, DNS_T_SOA = 6, DNS_T_PTR = 12, DNS_T_MX = 15,
  DNS_T_TXT = 16, DNS_T_AAAA = 28, DNS_T_DS = 43, DNS_T_SRV = 33, DNS_T_OPT = 41, DNS_T_TSIG = 250,
  DNS_T_IXFR = 251, DNS_T_AXFR = 252, DNS_T_ANY = 255, DNS_T_CAA = 257,
};
enum dns_class { DNS_C_IN = 1, DNS_C_CH = 3, DNS_C_NONE = 254, DNS_C_ANY = 255 };
enum dns_rcode {
  DNS_R_NOERROR = 0, DNS_R_FORMERR = 1, DNS_R_SERVFAIL = 2, DNS_R_NXDOMAIN = 3, DNS_R_NOTIMP = 4,
  DNS_R_REFUSED = 5, DNS_R_YXDOMAIN = 6, DNS_R_YXRRSET = 7, DNS_R_NXRRSET = 8, DNS_R_NOTAUTH = 9,
  DNS_R_NOTZONE = 10, DNS_R_BADVERS = 16,
};
enum dns_opcode { DNS_OP_QUERY = 0, DNS_OP_NOTIFY = 4, DNS_OP_UPDATE = 5 };

/* Header flag bits (host order of the 16-bit flags word). */
#define DNS_F_QR 0x8000u
#define DNS_F_AA 0x0400u
#define DNS_F_TC 0x0200u
#define DNS_F_RD 0x0100u
#define DNS_F_RA 0x0080u
#define DNS_F_AD 0x0020u
#define DNS_F_CD 0x0010u
#define DNS_OPCODE(flags) (((flags) >> 11) & 0xfu)
#define DNS_RCODE(flags) ((flags)&0xfu)

/* Why a message was refused. LIMIT is our own bound, not a format error. */
typedef enum dns_err {
  DNS_OK = 0,
  DNS_ERR_SHORT,      /* ran out of bytes */
  DNS_ERR_NAME,       /* bad label type, name over 255 octets */
  DNS_ERR_POINTER,    /* compression pointer out of range or not backwards */
  DNS_ERR_RDATA,      /* RDATA does not match its type's layout */
  DNS_ERR_TRAILING,   /* bytes after the last record */
  DNS_ERR_OPT,        /* OPT outside the additional section or not at the root */
  DNS_ERR_LIMIT,      /* more than DNS_MSG_MAX_RR records */
  DNS_ERR_TSIG,       /* a TSIG that is not the last record of the additional section */
  DNS_ERR_NOMEM,
  DNS_ERR_SPACE,      /* output does not fit */
} dns_err;
const char *dns_err_name(dns_err e);

/* A name in uncompressed wire form (labels, then the root's 0). */
typedef struct dns_name {
  uint8_t len;
  uint8_t wire[DNS_NAME_WIRE_MAX];
} dns_name;

/* Reads the name at *pos of msg[0..len), following compression pointers
 * (offsets from msg's first octet, so msg is a whole message; names already
 * decompressed carry no pointers). Pointers must point strictly before the
 * pointer itself, so every chain ends, and never into the 12-octet header,
 * which holds no name; label types 01 and 10 and names over 255 octets are
 * refused. *pos moves past the name's bytes in place. */
dns_err dns_name_read(const uint8_t *msg, size_t len, size_t *pos, dns_name *out);
bool dns_name_equal_nocase(const dns_name *a, const dns_name *b);
/* Number of labels, not counting the root. */
size_t dns_name_labels(const dns_name *n);
/* Is a equal to b or below it (case-insensitive)? */
bool dns_name_is_subdomain(const dns_name *a, const dns_name *b);
/* a without its first `skip` labels. */
void dns_name_parent(const dns_name *a, size_t skip, dns_name *out);
/* Presentation form ("www.example.com.", "." for the root) with \. \\ and
 * \DDD escapes; returns the length or -1 when it does not fit. */
int dns_name_to_text(const dns_name *n, char *out, size_t cap);
/* Parses the presentation form (escapes allowed, trailing dot optional,
 * relative names are taken as absolute). 0 or -1. */
int dns_name_from_text(const char *text, dns_name *out);
void dns_name_lower(dns_name *n);

typedef struct dns_rr {
  dns_name owner;
  uint16_t type, cls;
  uint32_t ttl;       /* questions: 0 */
  uint16_t rdlen;     /* RDATA with every embedded name decompressed */
  uint32_t rdoff;     /* offset of RDATA in the message's arena */
} dns_rr;

/* A parsed or built message. Sections are stored in order in rr[]: count[0]
 * questions, then count[1] answers, count[2] authority, count[3] additional
 * (the OPT record, when present, stays in the additional section). */
typedef struct dns_msg {
  uint16_t id, flags;
  uint16_t count[4];
  size_t nrr;
  dns_rr *rr;
  uint8_t *arena;
  size_t arena_len, arena_cap;
  size_t rr_cap;
  /* EDNS (RFC 6891), from the OPT record */
  int opt_index;          /* index in rr[] or -1 */
  int opt_count;          /* OPT records seen (more than one: FORMERR for a server) */
  uint16_t edns_udp;      /* requestor's payload size (OPT class) */
  uint8_t edns_ext_rcode, edns_version;
  uint16_t edns_flags;    /* DO is 0x8000 */
} dns_msg;

/* Allocates a small message that grows up to DNS_MSG_MAX_RR records. 0 or -1. */
int dns_msg_init(dns_msg *m);
void dns_msg_free(dns_msg *m);
/* Empties the message, keeping its memory. */
void dns_msg_clear(dns_msg *m);
const uint8_t *dns_rr_rdata(const dns_msg *m, const dns_rr *rr);
/* Appends a record to section sec (sections must be appended in order).
 * rdata is uncompressed. 0 or a dns_err. */
dns_err dns_msg_add(dns_msg *m, int sec, const dns_name *owner, uint16_t type, uint16_t cls,
                    uint32_t ttl, const uint8_t *rdata, uint16_t rdlen);
/* Adds an OPT record with the given payload size and DO bit (no options). */
dns_err dns_msg_add_opt(dns_msg *m, uint16_t udp, bool dnssec_ok);
/* Index of the first record of section sec. */
size_t dns_msg_section_start(const dns_msg *m, int sec);

/* Parses a whole message (every byte must belong to it). */
dns_err dns_msg_parse(dns_msg *m, const uint8_t *wire, size_t len);
/* Checks and decompresses one record's RDATA (msg[rdstart..rdstart+rdlen)),
 * appending the result to out (cap bytes). Returns the decompressed length
 * in *outlen. */
dns_err dns_rdata_read(uint16_t type, const uint8_t *msg, size_t msglen, size_t rdstart,
                       uint16_t rdlen, uint8_t *out, size_t cap, size_t *outlen);
/* Is this type's RDATA made of names that RFC 1035 allows to compress? */
bool dns_type_compressible(uint16_t type);

/* Serializes with name compression (case-exact suffix matches only, so a
 * parse of the output gives the same bytes). Returns the length, or -1 when
 * the message does not fit in cap. */
long dns_msg_write(const dns_msg *m, uint8_t *out, size_t cap);
/* Serializes for a UDP payload limit (at least 512): when the message is
 * larger, additional records (but the OPT) go first; if that is not enough
 * answer and authority are dropped and TC is set (RFC 2181 9). */
long dns_msg_write_udp(const dns_msg *m, size_t limit, uint8_t *out, size_t cap);

/* TCP framing (RFC 1035 4.2.2): a 2-byte big-endian length before each
 * message. frame: returns len + 2 or -1. unframe: the length of the first
 * complete message in buf (its bytes at buf + 2), 0 when more bytes are
 * needed, -1 for a zero-length frame. */
long dns_tcp_frame(const uint8_t *msg, size_t len, uint8_t *out, size_t cap);
long dns_tcp_unframe(const uint8_t *buf, size_t len);

#endif
