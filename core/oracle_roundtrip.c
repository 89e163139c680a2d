/* Round-trip oracle: serialize is a fixed point on accepted inputs (oracle.h).
 * Everything is freed before an invariant fails, so a failure caught by the
 * property runner leaks nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formfuzz/oracle.h"

#define ROUNDTRIP_CAP (1u << 20)

/* Returns true when the round trip breaks, with the reason in msg. */
static bool roundtrip_breaks(const ff_codec *c, void *value, void *again, uint8_t *first, uint8_t *second,
                             size_t cap, size_t len, char *msg, size_t msg_cap) {
  long n1 = c->encode(c->ctx, value, first, cap);
  if (n1 < 0) {
    snprintf(msg, msg_cap, "%s: accepted a %zu-byte input but cannot encode it", c->name, len);
    return true;
  }
  if (c->decode(c->ctx, first, (size_t)n1, again) != 0) {
    snprintf(msg, msg_cap, "%s: rejects its own encoding (%ld bytes) of an accepted input", c->name, n1);
    return true;
  }
  long n2 = c->encode(c->ctx, again, second, cap);
  if (c->release) c->release(c->ctx, again);
  if (n2 < 0) {
    snprintf(msg, msg_cap, "%s: cannot re-encode its own decoding", c->name);
    return true;
  }
  char what[160];
  snprintf(what, sizeof what, "%s: encode(decode(encode(x))) vs encode(x)", c->name);
  return ff_bytes_differ(what, second, (size_t)n2, first, (size_t)n1, msg, msg_cap);
}

bool ff_check_roundtrip(const char *id, const ff_codec *c, const uint8_t *data, size_t len) {
  size_t vsize = c->value_size ? c->value_size : 1;
  size_t cap = len * 4 + 4096 < ROUNDTRIP_CAP ? len * 4 + 4096 : ROUNDTRIP_CAP;
  void *value = calloc(1, vsize), *again = calloc(1, vsize);
  uint8_t *first = malloc(cap), *second = malloc(cap);
  bool ok_alloc = value && again && first && second;
  bool accepted = ok_alloc && c->decode(c->ctx, data, len, value) == 0;
  char msg[480];
  bool broken = accepted && roundtrip_breaks(c, value, again, first, second, cap, len, msg, sizeof msg);
  if (accepted && c->release) c->release(c->ctx, value);
  free(value);
  free(again);
  free(first);
  free(second);
  FF_INVARIANT(ok_alloc, "oracle.oom", "%s round trip: out of memory", c->name);
  FF_INVARIANT(!broken, id, "%s", msg);
  return accepted;
}
