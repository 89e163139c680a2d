/* A harness that calls exit() during an input ends the process without a
 * crash: without a guard the finding would be lost (exit status 0, no
 * artifact). As libFuzzer does, an atexit handler turns it into a failure:
 * "ERROR: libFuzzer: fuzz target exited", the input saved as crash-<sha1>,
 * -error_exitcode (77). It works in every mode, forked children included
 * (they inherit the handler). _exit() and _Exit() run no handlers and stay
 * unseen, as in libFuzzer. */
#ifndef FF_ENGINE_EXIT_GUARD_H
#define FF_ENGINE_EXIT_GUARD_H

void ff_exit_guard_install(void);

#endif
