/* The live canary's part of the HTML report: when <out>/canary.json exists
 * (formfuzz live canary --out <out>), a section with its result, stages and
 * rollback, and its plot of intensity and health over time (canary.svg). */
#ifndef FF_TOOLS_REPORT_CANARY_H
#define FF_TOOLS_REPORT_CANARY_H

#include <stdio.h>

#include <stdbool.h>

bool report_canary_present(const char *out_dir);
void report_canary_write_html(FILE *f, const char *out_dir);

#endif
