/* Same seed and same sequence of calls (mutate, crossover, feedback, new
 * comparison logs) give the same outputs; a different seed gives different ones. */
#include <stdlib.h>
#include <string.h>

#include "ff_check.h"
#include "mutator.h"

#define ROUNDS 3000
#define CAP 512

static ff_cmplog shared_log;

/* Runs a fixed script against a mutator and hashes every output (FNV-1a). */
static uint64_t run_script(uint64_t seed, uint8_t *last_out, size_t *last_size) {
  ff_mutator *m = ff_mutator_new(seed);
  ff_dict_add(ff_mutator_user_dict(m), (const uint8_t *)"token", 5);
  uint8_t buf[CAP], other[CAP];
  size_t size = 32;
  for (size_t i = 0; i < size; i++) buf[i] = (uint8_t)i;
  memset(other, 'Z', 40);
  uint64_t h = 1469598103934665603ULL;
  for (int r = 0; r < ROUNDS; r++) {
    if (r % 100 == 0) {
      uint32_t a = (uint32_t)r, b = 0xcafe0000u + (uint32_t)r;
      ff_cmplog_add(&shared_log, FF_CMP_INT, &a, &b, 4);
      ff_mutator_set_cmplog(m, &shared_log);
    }
    if (r % 7 == 0) {
      uint8_t out[CAP];
      size = ff_crossover(m, buf, size, other, 40, out, CAP);
      memcpy(buf, out, size);
    } else {
      size = ff_mutate(m, buf, size, CAP);
    }
    ff_mutator_feedback(m, r % 13 == 0);
    for (size_t i = 0; i < size; i++) h = (h ^ buf[i]) * 1099511628211ULL;
    h = (h ^ size) * 1099511628211ULL;
  }
  memcpy(last_out, buf, size);
  *last_size = size;
  for (size_t i = 0; i < ff_mutator_op_count(m); i++) {
    const char *name;
    uint64_t uses, finds;
    ff_mutator_op_stats(m, i, &name, &uses, &finds);
    h = (h ^ uses ^ (finds << 32)) * 1099511628211ULL;
  }
  ff_mutator_free(m);
  return h;
}

int main(void) {
  uint8_t out1[CAP], out2[CAP], out3[CAP];
  size_t n1, n2, n3;
  ff_cmplog_reset(&shared_log);
  uint64_t h1 = run_script(42, out1, &n1);
  ff_cmplog_reset(&shared_log);
  uint64_t h2 = run_script(42, out2, &n2);
  ff_cmplog_reset(&shared_log);
  uint64_t h3 = run_script(43, out3, &n3);
  CHECK_MSG(h1 == h2, "same seed gave different output streams (%llx vs %llx)",
        (unsigned long long)h1, (unsigned long long)h2);
  CHECK_MSG(n1 == n2 && memcmp(out1, out2, n1) == 0, "same seed, different final input");
  CHECK_MSG(h1 != h3, "seeds 42 and 43 gave the same output stream");
  return check_summary("mutators_determinism");
}
