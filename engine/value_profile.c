/* Value profile bitmap (see value_profile.h): the byte-string feature and the
 * collect/clear pass over the words the run touched. */
#include "value_profile.h"

#include "globals.h"

ff_value_profile ff_vp;
bool ff_vp_on;

void ff_vp_mem(uintptr_t pc, const uint8_t *a, const uint8_t *b, size_t n) {
  size_t eq = 0;
  while (eq < n && a[eq] == b[eq]) eq++;
  uint32_t differing = eq < n ? (uint32_t)__builtin_popcount((unsigned)(a[eq] ^ b[eq])) : 0;
  uint32_t prefix = eq < 31 ? (uint32_t)eq : 31;
  ff_vp_set(ff_vp_site(pc), prefix * 8 + (differing ? differing - 1 : 0) + (eq == n ? 7 : 0));
}

void ff_vp_collect(ff_feature_list *l, uint32_t first_feature) {
  for (uint32_t i = 0; i < ff_vp.ntouched; i++) {
    uint32_t w = ff_vp.touched[i];
    uint64_t word = ff_vp.words[w];
    ff_vp.words[w] = 0;
    while (word) {
      uint32_t bit = w * 64 + (uint32_t)__builtin_ctzll(word);
      word &= word - 1;
      if (l->n < l->cap) l->idx[l->n++] = first_feature + bit;
    }
  }
  ff_vp.ntouched = 0;
}

void ff_vp_clear(void) {
  for (uint32_t i = 0; i < ff_vp.ntouched; i++) ff_vp.words[ff_vp.touched[i]] = 0;
  ff_vp.ntouched = 0;
}
