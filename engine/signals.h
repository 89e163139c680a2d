/* Catching crashes: handlers for deadly signals the sanitizers leave alone
 * (SIGABRT and, unless ASan handles them, SIGSEGV/SIGBUS/SIGILL/SIGFPE) that
 * end with -error_exitcode; the sanitizer death callback (ASan/UBSan reports,
 * whose exit code stays the sanitizer's, 1, as under libFuzzer); SIGINT and
 * SIGTERM, which stop fuzzing with libFuzzer's interrupt code (72). */
#ifndef FF_ENGINE_SIGNALS_H
#define FF_ENGINE_SIGNALS_H

void ff_signals_install(void);

#endif
