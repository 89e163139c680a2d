/* Default oracle-failure hook: nothing; the caller aborts. The property runner
 * (core/prop/) supplies a strong definition that longjmps back to it. */
#include "oracle_hook.h"

__attribute__((weak)) void ff_oracle_failed_hook(const char *id) { (void)id; }
