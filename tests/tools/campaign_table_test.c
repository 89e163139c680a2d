/* The campaign's summary table (tools/lib/campaign_result.c): a fuzzer with
 * many new artifacts gets the first FF_CAMPAIGN_TABLE_ARTIFACTS names and a
 * count of the rest on its line, not a line of every name. */
#define _POSIX_C_SOURCE 200809L /* fmemopen */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "campaign_result.h"

int main(void) {
  char *paths[5];
  for (int i = 0; i < 5; i++) {
    paths[i] = malloc(64);
    snprintf(paths[i], 64, "out/f_one/artifacts/crash-%d", i);
  }
  ff_campaign_fuzzer f = {.name = "f_one", .crashes = 5, .artifacts = {.paths = paths, .count = 5, .cap = 5}};
  ff_campaign_result r = {.engine = "builtin", .fuzzers = &f, .count = 1};
  char buf[4096] = {0};
  FILE *to = fmemopen(buf, sizeof buf - 1, "w");
  ff_campaign_print_table(&r, to);
  fclose(to);
  printf("%s", buf);
  int failures = 0;
  const char *want[] = {"crash-0 crash-1 crash-2 (+2 more in f_one/artifacts/)\n"};
  if (!strstr(buf, want[0])) {
    printf("FAIL: the line does not end with '%s'", want[0]);
    failures++;
  }
  if (strstr(buf, "crash-3") || strstr(buf, "crash-4")) {
    printf("FAIL: names past the first %d are listed\n", FF_CAMPAIGN_TABLE_ARTIFACTS);
    failures++;
  }
  /* a name longer than the default column keeps the columns aligned */
  ff_campaign_fuzzer two[2] = {{.name = "real_expat_xml_parse_fuzzer"}, {.name = "short"}};
  ff_campaign_result r2 = {.engine = "builtin", .fuzzers = two, .count = 2};
  char buf2[4096] = {0};
  to = fmemopen(buf2, sizeof buf2 - 1, "w");
  ff_campaign_print_table(&r2, to);
  fclose(to);
  printf("%s", buf2);
  const char *line1 = strchr(buf2, '\n') + 1, *line2 = strchr(line1, '\n') + 1;
  /* right-aligned: the header's EXECS and each line's 0 end in the same column */
  long end = strstr(buf2, "EXECS") + 5 - buf2;
  if (strchr(line1, '0') + 1 - line1 != end || strchr(line2, '0') + 1 - line2 != end) {
    printf("FAIL: the EXECS column moves with the name's length\n");
    failures++;
  }
  if (!strstr(buf, "1 fuzzer(s), 0 executions, 5 crash(es)")) {
    printf("FAIL: the totals line\n");
    failures++;
  }
  for (int i = 0; i < 5; i++) free(paths[i]);
  if (!failures) printf("ok: 3 names and '+2 more'\n");
  return failures ? 1 : 0;
}
