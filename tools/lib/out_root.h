/* The output root of run/campaign (--out DIR, default "out"): created when
 * missing and made absolute, since engines run inside per-fuzzer directories. */
#ifndef FF_TOOLS_OUT_ROOT_H
#define FF_TOOLS_OUT_ROOT_H

#include <stddef.h>

/* Returns 0 with the absolute path, or -1 after printing why (prefixed with who). */
int ff_out_root(const char *given, const char *who, char *out, size_t cap);

#endif
