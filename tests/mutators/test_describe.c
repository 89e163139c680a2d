/* ff_mutator_describe_last: the "MS:" operator list of the last mutation is
 * "<n> op-op-...", names every operator ff_mutate counted as used (and only
 * those), reads "1 crossover-" after a crossover, is emptied by feedback, and
 * stays terminated in a small buffer. */
#include <stdlib.h>
#include <string.h>

#include "ff_check.h"
#include "mutator.h"

/* Total uses over every operator (the reported statistics). */
static uint64_t total_uses(const ff_mutator *m) {
  uint64_t sum = 0;
  for (size_t i = 0; i < ff_mutator_op_count(m); i++) {
    const char *name;
    uint64_t uses, finds;
    ff_mutator_op_stats(m, i, &name, &uses, &finds);
    sum += uses;
  }
  return sum;
}

static int is_op_name(const ff_mutator *m, const char *s, size_t len) {
  for (size_t i = 0; i < ff_mutator_op_count(m); i++) {
    const char *name;
    uint64_t uses, finds;
    ff_mutator_op_stats(m, i, &name, &uses, &finds);
    if (strlen(name) == len && memcmp(name, s, len) == 0) return 1;
  }
  return 0;
}

/* Parses "<n> a-b-" and checks every name; returns n, or -1 when malformed. */
static long parse_description(const ff_mutator *m, const char *d) {
  char *end;
  long n = strtol(d, &end, 10);
  if (end == d || *end != ' ') return -1;
  const char *p = end + 1;
  long names = 0;
  while (*p) {
    const char *dash = strchr(p, '-');
    if (!dash || !is_op_name(m, p, (size_t)(dash - p))) return -1;
    names++;
    p = dash + 1;
  }
  return names == n ? n : -1;
}

int main(void) {
  ff_mutator *m = ff_mutator_new(7);
  CHECK_MSG(m != NULL, "ff_mutator_new");
  if (!m) return 1;
  uint8_t buf[64];
  char d[256];
  for (int call = 0; call < 500; call++) {
    for (size_t i = 0; i < 16; i++) buf[i] = (uint8_t)(call + i);
    uint64_t before = total_uses(m);
    ff_mutate(m, buf, 16, sizeof buf);
    size_t n = ff_mutator_describe_last(m, d, sizeof d);
    long parsed = parse_description(m, d);
    CHECK_MSG(parsed == (long)n, "call %d: description \"%s\" does not list %zu operators", call, d, n);
    CHECK_MSG(n >= 1 && n <= 8, "call %d: %zu operators", call, n);
    CHECK_MSG(total_uses(m) - before == n, "call %d: %zu listed, %llu used", call, n,
          (unsigned long long)(total_uses(m) - before));
    ff_mutator_feedback(m, call % 7 == 0);
  }

  ff_mutator_describe_last(m, d, sizeof d);
  CHECK_MSG(strcmp(d, "0 ") == 0, "after feedback: \"%s\"", d);

  const uint8_t a[] = "aaaaaaaa", b[] = "bbbbbbbb";
  uint8_t out[32];
  ff_crossover(m, a, 8, b, 8, out, sizeof out);
  ff_mutator_describe_last(m, d, sizeof d);
  CHECK_MSG(strcmp(d, "1 crossover-") == 0, "after crossover: \"%s\"", d);

  char small[6];
  memset(small, 'x', sizeof small);
  ff_mutator_describe_last(m, small, sizeof small);
  CHECK_MSG(memchr(small, '\0', sizeof small) != NULL, "small buffer not terminated");
  CHECK_MSG(strncmp(small, "1 cro", 5) == 0, "small buffer holds \"%.6s\"", small);

  ff_mutator_free(m);
  return check_summary("mutators_describe");
}
