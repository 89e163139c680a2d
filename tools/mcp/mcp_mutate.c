/* Record-aware mutation of call sequences (see mcp_mutate.h). */
#include "mcp_mutate.h"

#include <stdlib.h>
#include <string.h>

#include "mcp_seq.h"

#define FRESH_PAYLOAD_MAX 48

void mcp_rng_seed(mcp_rng *r, uint64_t seed) { r->s = seed * 0x9E3779B97F4A7C15ULL + 1; }

uint64_t mcp_rng_next(mcp_rng *r) {
  r->s ^= r->s << 13;
  r->s ^= r->s >> 7;
  r->s ^= r->s << 17;
  return r->s;
}

size_t mcp_rng_below(mcp_rng *r, size_t n) { return n ? (size_t)(mcp_rng_next(r) % n) : 0; }

int mcp_random_record(mcp_rng *r, int kind_any, uint8_t **buf, size_t *size) {
  uint8_t payload[FRESH_PAYLOAD_MAX];
  size_t len = 4 + mcp_rng_below(r, FRESH_PAYLOAD_MAX - 4);
  for (size_t i = 0; i < len; i++) payload[i] = (uint8_t)mcp_rng_next(r);
  uint8_t kind = kind_any ? (uint8_t)mcp_rng_next(r) : 0;
  return mcp_seq_append(buf, size, kind, (uint8_t)mcp_rng_next(r), payload, len);
}

static int copy_record(uint8_t **buf, size_t *size, const mcp_record *rec) {
  return mcp_seq_append(buf, size, rec->kind, rec->target, rec->payload, rec->len);
}

int mcp_mutate(mcp_rng *r, const uint8_t *base, size_t base_size, const uint8_t *other,
               size_t other_size, uint8_t **out, size_t *out_size) {
  mcp_record recs[MCP_SEQ_MAX_RECORDS], orecs[MCP_SEQ_MAX_RECORDS];
  size_t n = mcp_seq_records(base, base_size, recs, MCP_SEQ_MAX_RECORDS);
  size_t on = other ? mcp_seq_records(other, other_size, orecs, MCP_SEQ_MAX_RECORDS) : 0;
  *out = NULL;
  *out_size = 0;
  size_t op = mcp_rng_below(r, 8), at = mcp_rng_below(r, n + 1), at2 = mcp_rng_below(r, n ? n : 1);
  if (n == 0) op = 0;
  if (n >= MCP_SEQ_MAX_RECORDS - 1 && (op == 0 || op == 2 || op == 6)) op = 1;
  int rc = 0;
  for (size_t i = 0; i <= n && rc == 0; i++) {
    if (i == at && op == 0) rc = mcp_random_record(r, 1, out, out_size);              /* insert */
    if (i == at && op == 6 && on) rc = copy_record(out, out_size, &orecs[mcp_rng_below(r, on)]); /* splice */
    if (i == n) break;
    mcp_record rec = recs[i];
    uint8_t payload[256];
    memcpy(payload, rec.payload, rec.len);
    rec.payload = payload;
    if (i == at2) {
      switch (op) {
      case 1: continue; /* delete */
      case 2: rc = copy_record(out, out_size, &rec); break; /* duplicate */
      case 3: rec.kind = (uint8_t)mcp_rng_next(r); break;
      case 4: rec.target = (uint8_t)(rec.target + 1 + mcp_rng_below(r, 4)); break;
      case 5: /* rewrite one to four payload bytes, or grow the payload */
        if (rec.len && mcp_rng_below(r, 4)) {
          for (size_t k = 0, m = 1 + mcp_rng_below(r, 4); k < m; k++)
            payload[mcp_rng_below(r, rec.len)] = (uint8_t)mcp_rng_next(r);
        } else if (rec.len < 255) {
          payload[rec.len++] = (uint8_t)mcp_rng_next(r);
        }
        break;
      case 7: /* swap with the next record */
        if (i + 1 < n) {
          rc = copy_record(out, out_size, &recs[i + 1]);
          if (rc == 0) rc = copy_record(out, out_size, &rec);
          i++;
          continue;
        }
        break;
      default: break;
      }
    }
    if (rc == 0) rc = copy_record(out, out_size, &rec);
  }
  if (rc == 0 && *out_size == 0) rc = mcp_random_record(r, 1, out, out_size);
  return rc;
}
