/* Unit test of the memcmp-family weak hooks (engine/mem_hooks.c): logging a
 * strcmp/strncmp of a short string that ends right before an unreadable
 * page must read neither string past its NUL (it crashed before: both
 * operands were copied for the longer one's length), and the entry holds
 * each string with zeros after its end. */
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ff_check.h"
#include "globals.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  (void)data;
  (void)size;
  return 0;
}

void __sanitizer_weak_hook_strcmp(void *pc, const char *s1, const char *s2, int result);
void __sanitizer_weak_hook_strncmp(void *pc, const char *s1, const char *s2, size_t n, int result);

int main(void) {
  long page = sysconf(_SC_PAGESIZE);
  char *mem = mmap(NULL, (size_t)page * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  REQUIRE(mem != MAP_FAILED && mprotect(mem + page, (size_t)page, PROT_NONE) == 0, "mmap");
  char *shortstr = mem + page - 2; /* "a" and its NUL end the readable page */
  shortstr[0] = 'a';
  shortstr[1] = 0;
  const char *longstr = "abcdefghijklmnopqrstuvwxyz";
  ff_cmplog_capture = true;
  ff_cmplog_reset(&ff_engine_cmplog);
  __sanitizer_weak_hook_strcmp(NULL, shortstr, longstr, -1);
  __sanitizer_weak_hook_strncmp(NULL, longstr, shortstr, 20, 1);
  ff_cmplog_capture = false;
  REQUIRE(ff_engine_cmplog.count == 2, "two entries, got %zu", (size_t)ff_engine_cmplog.count);
  const ff_cmplog_entry *e = &ff_engine_cmplog.e[0];
  CHECK(e->kind == FF_CMP_MEM && e->len == 26 && e->a[0] == 'a' && e->a[1] == 0 && e->a[25] == 0 &&
        memcmp(e->b, longstr, 26) == 0);
  e = &ff_engine_cmplog.e[1];
  CHECK(e->len == 20 && memcmp(e->a, longstr, 20) == 0 && e->b[0] == 'a' && e->b[19] == 0);
  munmap(mem, (size_t)page * 2);
  return check_summary("engine_runtime_mem_hooks");
}
