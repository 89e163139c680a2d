/* Differential oracle: two implementations, one input, same verdict and same
 * output (oracle.h). Buffers are freed before an invariant fails. */
#include <stdio.h>
#include <stdlib.h>

#include "formfuzz/oracle.h"

bool ff_check_differential(const char *id, const ff_impl *a, const ff_impl *b, const uint8_t *in,
                           size_t len, size_t out_cap) {
  size_t cap = out_cap ? out_cap : 64u << 10;
  uint8_t *oa = malloc(cap), *ob = malloc(cap);
  if (!oa || !ob) {
    free(oa);
    free(ob);
    ff_invariant_fail("oracle.oom", __FILE__, __LINE__, "differential %s vs %s: out of memory", a->name, b->name);
  }
  long na = a->run(a->ctx, in, len, oa, cap);
  long nb = b->run(b->ctx, in, len, ob, cap);
  char msg[480];
  bool disagree = false;
  if ((na < 0) != (nb < 0)) {
    snprintf(msg, sizeof msg, "%s %s but %s %s (%zu-byte input)", a->name, na < 0 ? "rejects" : "accepts",
             b->name, nb < 0 ? "rejects" : "accepts", len);
    disagree = true;
  } else if (na >= 0) {
    char what[160];
    snprintf(what, sizeof what, "output of %s vs %s", a->name, b->name);
    disagree = ff_bytes_differ(what, oa, (size_t)na, ob, (size_t)nb, msg, sizeof msg);
  }
  free(oa);
  free(ob);
  FF_INVARIANT(!disagree, id, "%s", msg);
  return na >= 0;
}
