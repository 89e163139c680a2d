/* The signature of a failure, from the report the failing run printed on
 * stderr: its kind and its top frame in the target, e.g.
 * "AddressSanitizer: heap-buffer-overflow @ parse_header". -minimize_crash
 * keeps a smaller candidate only when its signature equals the original's,
 * so a shrunk input cannot slide into a different bug. */
#ifndef FF_ENGINE_CRASH_SIGNATURE_H
#define FF_ENGINE_CRASH_SIGNATURE_H

#include <stddef.h>

/* Kind: "invariant <id>" for "==formfuzz== INVARIANT <id>:", the UBSan
 * "runtime error: <what>" text, "<tool>: leak" for LeakSanitizer reports,
 * else the SUMMARY line up to its location ("AddressSanitizer: SEGV",
 * "libFuzzer: deadly signal", "libFuzzer: timeout"); without any of them the
 * wait status ("exit 1", "signal 6"). Frame: the first frame of the first
 * stack trace inside instrumented code (by the PC tables of ff_cov, so the
 * report must come from this process or a fork of it); without PC tables,
 * the first not in the sanitizer runtime, the engine (ff_*), libc or the
 * signal path. Named by its function, or "(module+offset)" when
 * unsymbolized; "?" when there is none. Writes "kind @ frame" into out. */
void ff_crash_signature(const char *report, int wait_status, char *out, size_t cap);

#endif
