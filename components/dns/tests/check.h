/* Assertions for the dns unit tests: EXPECT records a failure with its line
 * and keeps going; finish() turns the count into the exit status. */
#ifndef DNS_TESTS_CHECK_H
#define DNS_TESTS_CHECK_H
#include <stdio.h>

static int dns_test_failures;
#define EXPECT(cond)                                                                     \
  do {                                                                                   \
    if (!(cond)) fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond),     \
                 dns_test_failures++;                                                    \
  } while (0)
static inline int finish(const char *name) {
  if (dns_test_failures) fprintf(stderr, "%s: %d failure(s)\n", name, dns_test_failures);
  else printf("%s: ok\n", name);
  return dns_test_failures != 0;
}
#endif
