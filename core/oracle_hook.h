/* Internal: lets the property-test runner intercept an oracle failure before
 * abort (to shrink instead of dying) and keep its shrinking runs quiet.
 * Defaults (oracle_hook.c): print, then abort. */
#ifndef FORMFUZZ_ORACLE_HOOK_H
#define FORMFUZZ_ORACLE_HOOK_H
#include <stdbool.h>
/* Called with the invariant id and its message before abort; may longjmp away. */
void ff_oracle_failed_hook(const char *id, const char *message);
/* True to skip printing the INVARIANT line (the runner is shrinking). */
bool ff_oracle_quiet_hook(void);
#endif
