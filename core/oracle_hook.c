/* Default oracle-failure hooks: print the line, then the caller aborts. The
 * property runner (core/prop/) supplies strong definitions that longjmp back
 * to it and silence its shrinking runs. */
#include "oracle_hook.h"

__attribute__((weak)) void ff_oracle_failed_hook(const char *id, const char *message) {
  (void)id;
  (void)message;
}

__attribute__((weak)) bool ff_oracle_quiet_hook(void) { return false; }
