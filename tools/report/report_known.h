/* The report's view of the known crashes (ci/known_crashes.h): buckets filed
 * there are shown apart with their issue link and never fail JUnit; stdout
 * lists the buckets not filed yet, ready to file. */
#ifndef FF_TOOLS_REPORT_KNOWN_H
#define FF_TOOLS_REPORT_KNOWN_H

#include <stdio.h>

#include "known_crashes.h"
#include "report_data.h"

/* Marks the filed buckets and recounts each fuzzer's new (unfiled) buckets. */
void report_apply_known(report_campaign *c, const ff_known_crashes *known);
/* The not yet filed buckets (new ones marked), then the filed ones with their
 * links. Returns how many unfiled buckets are new. */
long report_print_buckets(const report_campaign *c, FILE *to);

#endif
