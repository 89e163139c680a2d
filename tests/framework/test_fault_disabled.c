/* With FF_FAULTS_DISABLED, ff_fault() is the constant false: even a plan that
 * fails every site changes nothing, and ff_fault_malloc is malloc. */
#define FF_FAULTS_DISABLED 1
#include <stdio.h>
#include <stdlib.h>

#include "formfuzz/fault.h"

int main(void) {
  ff_fault_plan plan;
  ff_fault_plan_init(&plan);
  char err[64];
  if (ff_fault_plan_parse(&plan, "*", 0, err, sizeof err) != 0) return 1;
  ff_fault_plan_install(&plan);
  void *p = ff_fault_malloc(4);
  int bad = ff_fault("alloc") || ff_fault("storage.write") || p == NULL || plan.nstats != 0;
  free(p);
  ff_fault_plan_install(NULL);
  if (bad) fprintf(stderr, "FAIL: a disabled fault site fired or was counted\n");
  return bad;
}
