/* How a known-bug replica shows a Rust panic of the real code: the panic
 * message on stderr, then abort (the task or process dies). Only replicas
 * call it; the default build never panics. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "vm.h"

void vm_panic(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("replica panicked: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  abort();
}
