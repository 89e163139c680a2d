/* Tests of fault plans (core/fault*.c): input-driven decisions reproduce from
 * the same bytes, probabilities follow the seed, "site#n" fails exactly the
 * n-th call, families match their members, counts are reported, the
 * thread-wide tally sums every plan's counts, bad rule text is refused with a
 * reason. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formfuzz/fault.h"

#include "ff_check.h"

/* A tiny "storage" layer with fault sites, as a component would write it. */
static int store_write(int *disk, int value) {
  if (ff_fault("storage.write")) return -1;
  *disk = value;
  return 0;
}

static void test_explicit_nth(void) {
  ff_fault_plan plan;
  ff_fault_plan_init(&plan);
  char err[128];
  CHECK_MSG(ff_fault_plan_parse(&plan, "storage.write#3", 0, err, sizeof err) == 0, "%s", err);
  ff_fault_plan_install(&plan);
  int disk = 0, results[5];
  for (int i = 0; i < 5; i++) results[i] = store_write(&disk, i);
  ff_fault_plan_install(NULL);
  CHECK_MSG(results[0] == 0 && results[1] == 0 && results[2] == -1 && results[3] == 0 && results[4] == 0,
        "results %d %d %d %d %d", results[0], results[1], results[2], results[3], results[4]);
  CHECK_MSG(ff_fault_calls(&plan, "storage.write") == 5 && ff_fault_fired(&plan, "storage.write") == 1,
        "calls %u fired %u", ff_fault_calls(&plan, "storage.write"), ff_fault_fired(&plan, "storage.write"));
  CHECK_MSG(ff_fault_fired(&plan, "storage") == 1, "family count");
  CHECK_MSG(!ff_fault("storage.write"), "no plan installed must mean no fault");
  /* reset: counts forgotten, the rule applies again from the first call */
  ff_fault_plan_reset(&plan);
  CHECK_MSG(!ff_fault_at(&plan, "storage.write") && !ff_fault_at(&plan, "storage.write") &&
            ff_fault_at(&plan, "storage.write"),
        "after reset the 3rd call fails again");
}

static void test_family_and_always(void) {
  ff_fault_plan plan;
  ff_fault_plan_init(&plan);
  char err[128];
  CHECK_MSG(ff_fault_plan_parse(&plan, "storage, clock#2", 0, err, sizeof err) == 0, "%s", err);
  CHECK_MSG(ff_fault_at(&plan, "storage.fsync") && ff_fault_at(&plan, "storage.read"), "family rule");
  CHECK_MSG(!ff_fault_at(&plan, "storagex.read") && !ff_fault_at(&plan, "alloc"), "not in the family");
  CHECK_MSG(!ff_fault_at(&plan, "clock") && ff_fault_at(&plan, "clock") && !ff_fault_at(&plan, "clock"), "clock#2");
  CHECK_MSG(ff_fault_site_matches("*", "net.send") && ff_fault_site_matches("net", "net.send") &&
            !ff_fault_site_matches("net.send", "net"),
        "matching");
}

static unsigned count_prob(uint64_t seed, char *pattern, size_t n) {
  ff_fault_plan plan;
  ff_fault_plan_init(&plan);
  char err[128];
  if (ff_fault_plan_parse(&plan, "alloc=0.25,net.drop=0", seed, err, sizeof err) != 0) return 0;
  unsigned fired = 0;
  for (size_t i = 0; i < n; i++) {
    bool f = ff_fault_at(&plan, "alloc");
    if (ff_fault_at(&plan, "net.drop")) fired += 1000000;
    pattern[i] = f ? '1' : '0';
    fired += f;
  }
  pattern[n] = '\0';
  return fired;
}

static void test_probabilistic(void) {
  char a[4001], b[4001], c[4001];
  unsigned fa = count_prob(7, a, 4000), fb = count_prob(7, b, 4000), fc = count_prob(8, c, 4000);
  CHECK_MSG(strcmp(a, b) == 0 && fa == fb, "same seed, same faults");
  CHECK_MSG(strcmp(a, c) != 0, "another seed, other faults");
  CHECK_MSG(fa > 850 && fa < 1150, "about a quarter of 4000 calls fail: %u", fa);
  (void)fc;
}

static void test_input_driven(void) {
  /* bits 1010 0000 1111 ...: with 1 bit per decision, calls 1 and 3 fail */
  const uint8_t tail[] = {0xa0, 0xff};
  ff_fault_plan plan;
  ff_fault_plan_init(&plan);
  ff_fault_plan_use_input(&plan, tail, sizeof tail, 1, "net");
  char seq[20];
  for (int i = 0; i < 18; i++) seq[i] = ff_fault_at(&plan, i == 5 ? "alloc" : "net.send") ? '1' : '0';
  seq[18] = '\0';
  /* call 5 is "alloc": outside the input's sites, consumes nothing, never fails;
   * after 16 net decisions the slice is used up: no more faults */
  CHECK_MSG(strcmp(seq, "101000000111111110") == 0, "sequence %s", seq);
  CHECK_MSG(ff_fault_fired(&plan, "net.send") == 10 && ff_fault_calls(&plan, "alloc") == 1, "counts");
  /* the same bytes give the same decisions after a reset */
  ff_fault_plan_reset(&plan);
  char again[20];
  for (int i = 0; i < 18; i++) again[i] = ff_fault_at(&plan, i == 5 ? "alloc" : "net.send") ? '1' : '0';
  again[18] = '\0';
  CHECK_MSG(strcmp(seq, again) == 0, "reproducible: %s vs %s", seq, again);
  /* 2 bits per decision: fail only on 11 */
  ff_fault_plan_init(&plan);
  const uint8_t two[] = {0xb4}; /* 10 11 01 00 */
  ff_fault_plan_use_input(&plan, two, sizeof two, 2, NULL);
  CHECK_MSG(!ff_fault_at(&plan, "x") && ff_fault_at(&plan, "x") && !ff_fault_at(&plan, "x") &&
            !ff_fault_at(&plan, "x") && !ff_fault_at(&plan, "x"),
        "two bits per decision");
}

static void test_report_and_errors(void) {
  ff_fault_plan plan;
  ff_fault_plan_init(&plan);
  char err[128];
  CHECK_MSG(ff_fault_plan_parse(&plan, "alloc=1.5", 0, err, sizeof err) == -1 && strstr(err, "probability"), "%s", err);
  CHECK_MSG(ff_fault_plan_parse(&plan, "Alloc", 0, err, sizeof err) == -1 && strstr(err, "site"), "%s", err);
  CHECK_MSG(ff_fault_plan_parse(&plan, "net.send#0", 0, err, sizeof err) == -1 && strstr(err, "call number"), "%s", err);
  ff_fault_plan_init(&plan);
  CHECK_MSG(ff_fault_plan_parse(&plan, "alloc#2", 0, err, sizeof err) == 0, "%s", err);
  ff_fault_plan_install(&plan);
  void *p1 = ff_fault_malloc(8), *p2 = ff_fault_malloc(8);
  ff_fault_plan_install(NULL);
  CHECK_MSG(p1 != NULL && p2 == NULL, "second allocation fails");
  free(p1);
  char buf[256] = "";
  FILE *mem = fmemopen(buf, sizeof buf, "w");
  ff_fault_plan_report(&plan, mem);
  fclose(mem);
  CHECK_MSG(strcmp(buf, "alloc calls=2 fired=1\n") == 0, "report '%s'", buf);
  setenv("FORMFUZZ_FAULTS", "net.drop=0.5", 1);
  setenv("FORMFUZZ_FAULTS_SEED", "12", 1);
  ff_fault_plan_init(&plan);
  CHECK_MSG(ff_fault_plan_from_env(&plan, err, sizeof err) == 0 && plan.nrules == 1 && plan.seed == 12, "env");
}

/* Two plans, one after the other: the tally has both runs' counts (not
 * calls made with no plan installed), until it is reset. */
static void test_tally(void) {
  ff_fault_tally_reset();
  int disk = 0;
  ff_fault_plan a, b;
  ff_fault_plan_init(&a);
  ff_fault_plan_init(&b);
  CHECK(ff_fault_plan_parse(&a, "storage.write#2", 0, NULL, 0) == 0 && ff_fault_plan_parse(&b, "net.send", 0, NULL, 0) == 0);
  ff_fault_plan_install(&a);
  for (int i = 0; i < 3; i++) store_write(&disk, i);
  ff_fault_plan_install(&b);
  store_write(&disk, 3);
  CHECK(ff_fault("net.send"));
  ff_fault_plan_install(NULL);
  store_write(&disk, 4);
  const ff_fault_plan *t = ff_fault_tally();
  CHECK_MSG(ff_fault_calls(t, "storage.write") == 4 && ff_fault_fired(t, "storage.write") == 1 &&
                ff_fault_fired(t, "net") == 1 && t->total_fired == 2,
            "tally: storage.write %u/%u, net %u, total %u", ff_fault_calls(t, "storage.write"),
            ff_fault_fired(t, "storage.write"), ff_fault_fired(t, "net"), t->total_fired);
  ff_fault_tally_reset();
  CHECK(ff_fault_calls(ff_fault_tally(), "*") == 0);
}

int main(void) {
  test_explicit_nth();
  test_tally();
  test_family_and_always();
  test_probabilistic();
  test_input_driven();
  test_report_and_errors();
  return check_summary("test_fault");
}
