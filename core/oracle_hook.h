/* Internal: lets the property-test runner intercept an oracle failure before
 * abort (to shrink instead of dying). Default: does nothing. */
#ifndef FORMFUZZ_ORACLE_HOOK_H
#define FORMFUZZ_ORACLE_HOOK_H
void ff_oracle_failed_hook(const char *id);
#endif
