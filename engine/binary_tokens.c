/* Tokens from the program's own string tables (see binary_tokens.h): a scan of
 * the loaded segments for words that point at short printable strings. */
#define _GNU_SOURCE
#include "binary_tokens.h"

#include <link.h>
#include <stdbool.h>
#include <string.h>

#define MAX_SPANS 64

static const ff_span *span_of(uintptr_t p, const ff_span *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (p >= s[i].lo && p < s[i].hi) return &s[i];
  return NULL;
}

static bool printable(unsigned char c) { return c >= 0x20 && c <= 0x7e; }

/* The token's length at p, or 0 when p is not at one: a whole string (not a
 * pointer into the middle of one), no format string, at most one space
 * (sentences and grammar rules are not tokens). */
static size_t token_len(const char *p, const ff_span *s) {
  if ((uintptr_t)p > s->lo && printable((unsigned char)p[-1])) return 0;
  size_t n = 0, spaces = 0;
  while ((uintptr_t)(p + n) < s->hi && n <= FF_BINARY_TOKEN_MAX) {
    unsigned char c = (unsigned char)p[n];
    if (c == 0) return n >= FF_BINARY_TOKEN_MIN ? n : 0;
    if (!printable(c) || c == '%' || (c == ' ' && ++spaces > 1)) return 0;
    n++;
  }
  return 0; /* too long, or no NUL before the span ends */
}

size_t ff_binary_tokens_scan(const void *data, size_t size, const ff_span *strings, size_t nstrings,
                             ff_dict *d, size_t cap) {
  size_t added = 0;
  uintptr_t lo = (uintptr_t)data, hi = lo + size;
  uintptr_t first = (lo + sizeof(uintptr_t) - 1) & ~(uintptr_t)(sizeof(uintptr_t) - 1);
  for (uintptr_t at = first; at + sizeof(uintptr_t) <= hi && d->n < cap; at += sizeof(uintptr_t)) {
    uintptr_t p;
    memcpy(&p, (const void *)at, sizeof p);
    const ff_span *s = span_of(p, strings, nstrings);
    if (!s) continue;
    size_t n = token_len((const char *)p, s);
    if (n && ff_dict_add(d, (const uint8_t *)p, n) == 1) added++;
  }
  return added;
}

typedef struct scan_plan {
  ff_span sources[MAX_SPANS], strings[MAX_SPANS];
  size_t nsources, nstrings;
  size_t objects; /* objects looked at, the main program first */
} scan_plan;

static bool system_library(const char *name) {
  static const char *const dirs[] = {"/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/"};
  for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
    if (strncmp(name, dirs[i], strlen(dirs[i])) == 0) return true;
  return strstr(name, "linux-vdso") != NULL;
}

static int plan_object(struct dl_phdr_info *info, size_t size, void *arg) {
  (void)size;
  scan_plan *plan = arg;
  bool main_program = plan->objects++ == 0;
  const char *name = info->dlpi_name ? info->dlpi_name : "";
  if (!main_program && (name[0] == 0 || system_library(name))) return 0;
  for (size_t i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_R) || ph->p_filesz == 0) continue;
    uintptr_t lo = info->dlpi_addr + ph->p_vaddr;
    ff_span file_bytes = {lo, lo + ph->p_filesz};
    if (!(ph->p_flags & PF_X) && plan->nsources < MAX_SPANS) plan->sources[plan->nsources++] = file_bytes;
    if (!(ph->p_flags & PF_W) && plan->nstrings < MAX_SPANS) plan->strings[plan->nstrings++] = file_bytes;
  }
  return 0;
}

size_t ff_binary_tokens_collect(ff_dict *d, size_t cap) {
  scan_plan plan;
  memset(&plan, 0, sizeof plan);
  dl_iterate_phdr(plan_object, &plan);
  size_t added = 0;
  for (size_t i = 0; i < plan.nsources; i++)
    added += ff_binary_tokens_scan((const void *)plan.sources[i].lo, plan.sources[i].hi - plan.sources[i].lo,
                                   plan.strings, plan.nstrings, d, cap);
  return added;
}
