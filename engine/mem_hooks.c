/* The sanitizer runtime's weak hooks for memcmp/strncmp/strcmp/strcasecmp/
 * strncasecmp/strstr/strcasestr/memmem: each interceptor calls them after the
 * real function. While comparison capture is on, unequal operands (or the
 * searched-for needle) go into the comparison log as FF_CMP_MEM entries,
 * where the mutators find tokens for input-to-state and the auto dictionary.
 * While the value profile is on (value_profile.h), each compare also sets its
 * equal-prefix feature. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cmplog.h"
#include "globals.h"
#include "value_profile.h"

/* strnlen that stops at FF_CMPLOG_MAX_BYTES; the engine is not instrumented,
 * so this does not re-enter the hooks. */
static size_t bounded_len(const char *s, size_t max) {
  size_t n = 0;
  while (n < max && n < FF_CMPLOG_MAX_BYTES && s[n]) n++;
  return n;
}

static void log_mem(void *pc, const void *a, const void *b, size_t len) {
  if (len == 0) return;
  ff_cmplog_add_at(&ff_engine_cmplog, FF_CMP_MEM, (uintptr_t)pc, a, b, len);
}

/* Two strings of lengths la and lb (each <= FF_CMPLOG_MAX_BYTES): each is
 * copied only up to its own end, zeros after it, so nothing past the shorter
 * one's NUL is read (it may end right before an unmapped page). */
static void log_str(void *pc, const char *a, size_t la, const char *b, size_t lb) {
  uint8_t ca[FF_CMPLOG_MAX_BYTES] = {0}, cb[FF_CMPLOG_MAX_BYTES] = {0};
  for (size_t i = 0; i < la; i++) ca[i] = (uint8_t)a[i];
  for (size_t i = 0; i < lb; i++) cb[i] = (uint8_t)b[i];
  log_mem(pc, ca, cb, la > lb ? la : lb);
}

/* Strings of lengths la and lb: compared up to the shorter one's end, nothing
 * read past it. */
static void vp_str(void *pc, const char *a, size_t la, const char *b, size_t lb) {
  ff_vp_mem((uintptr_t)pc, (const uint8_t *)a, (const uint8_t *)b, la < lb ? la : lb);
}

void __sanitizer_weak_hook_memcmp(void *pc, const void *s1, const void *s2, size_t n, int result) {
  if (__builtin_expect(ff_vp_on, 0)) ff_vp_mem((uintptr_t)pc, s1, s2, n);
  if (__builtin_expect(!ff_cmplog_capture, 1) || result == 0) return;
  log_mem(pc, s1, s2, n);
}

void __sanitizer_weak_hook_strncmp(void *pc, const char *s1, const char *s2, size_t n,
                                   int result) {
  if (__builtin_expect(ff_vp_on, 0)) vp_str(pc, s1, bounded_len(s1, n), s2, bounded_len(s2, n));
  if (__builtin_expect(!ff_cmplog_capture, 1) || result == 0) return;
  log_str(pc, s1, bounded_len(s1, n), s2, bounded_len(s2, n));
}

void __sanitizer_weak_hook_strcmp(void *pc, const char *s1, const char *s2, int result) {
  if (__builtin_expect(ff_vp_on, 0))
    vp_str(pc, s1, bounded_len(s1, SIZE_MAX), s2, bounded_len(s2, SIZE_MAX));
  if (__builtin_expect(!ff_cmplog_capture, 1) || result == 0) return;
  log_str(pc, s1, bounded_len(s1, SIZE_MAX), s2, bounded_len(s2, SIZE_MAX));
}

void __sanitizer_weak_hook_strncasecmp(void *pc, const char *s1, const char *s2, size_t n,
                                       int result) {
  __sanitizer_weak_hook_strncmp(pc, s1, s2, n, result);
}

void __sanitizer_weak_hook_strcasecmp(void *pc, const char *s1, const char *s2, int result) {
  __sanitizer_weak_hook_strcmp(pc, s1, s2, result);
}

/* Searches: the needle is the token worth inserting; logged as both operands. */
void __sanitizer_weak_hook_strstr(void *pc, const char *s1, const char *s2, char *result) {
  (void)s1;
  (void)result;
  if (__builtin_expect(!ff_cmplog_capture, 1)) return;
  log_mem(pc, s2, s2, bounded_len(s2, SIZE_MAX));
}

void __sanitizer_weak_hook_strcasestr(void *pc, const char *s1, const char *s2, char *result) {
  __sanitizer_weak_hook_strstr(pc, s1, s2, result);
}

void __sanitizer_weak_hook_memmem(void *pc, const void *s1, size_t len1, const void *s2,
                                  size_t len2, void *result) {
  (void)s1;
  (void)len1;
  (void)result;
  if (__builtin_expect(!ff_cmplog_capture, 1)) return;
  log_mem(pc, s2, s2, len2);
}
