/* JUnit XML of a campaign for CI systems (out/report/junit.xml): one test case
 * per fuzzer; a failure when it has new crash buckets, or crash artifacts that
 * were never triaged. */
#ifndef FF_TOOLS_REPORT_JUNIT_H
#define FF_TOOLS_REPORT_JUNIT_H

#include "report_data.h"

/* Writes path atomically; *failures receives the number of failing cases.
 * Returns 0 or -1 (errno). */
int report_write_junit(const report_campaign *c, const char *path, long *failures);

#endif
