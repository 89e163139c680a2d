/* Mutations of call sequences, record-aware: insert a fresh record, delete,
 * duplicate or swap records, change a record's kind or target byte, rewrite
 * payload bytes, splice a record from another corpus input. Fresh records
 * come from a seeded xorshift generator: the same seed gives the same run. */
#ifndef FF_MCP_MUTATE_H
#define FF_MCP_MUTATE_H

#include <stddef.h>
#include <stdint.h>

typedef struct mcp_rng {
  uint64_t s;
} mcp_rng;

void mcp_rng_seed(mcp_rng *r, uint64_t seed);
uint64_t mcp_rng_next(mcp_rng *r);
size_t mcp_rng_below(mcp_rng *r, size_t n);

/* A fresh record; kind_any false: kind 0 (a schema-valid tools/call), the
 * baseline's only kind. Appended to *buf. Returns 0 or -1. */
int mcp_random_record(mcp_rng *r, int kind_any, uint8_t **buf, size_t *size);
/* A mutant of base (other: a second corpus input for splicing, may be NULL)
 * into a malloc'd *out. Returns 0 or -1. */
int mcp_mutate(mcp_rng *r, const uint8_t *base, size_t base_size, const uint8_t *other,
               size_t other_size, uint8_t **out, size_t *out_size);

#endif
