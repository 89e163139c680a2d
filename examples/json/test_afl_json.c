/* Drives the AFL++ custom mutator library the way afl-fuzz does (dlopen,
 * afl_custom_init, afl_custom_fuzz with a splice partner, afl_custom_deinit)
 * and checks that most outputs are valid JSON.
 * usage: test_afl_json LIBRARY.so SEED.json */
#include <dlfcn.h>
#include <stdint.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void *(*init_fn)(void *, unsigned);
typedef size_t (*fuzz_fn)(void *, uint8_t *, size_t, uint8_t **, uint8_t *, size_t, size_t);
typedef void (*deinit_fn)(void *);

int main(int argc, char **argv) {
  if (argc != 3) return 2;
  void *lib = dlopen(argv[1], RTLD_NOW);
  if (!lib) {
    fprintf(stderr, "dlopen: %s\n", dlerror());
    return 1;
  }
  init_fn init = (init_fn)dlsym(lib, "afl_custom_init");
  fuzz_fn fuzz = (fuzz_fn)dlsym(lib, "afl_custom_fuzz");
  deinit_fn deinit = (deinit_fn)dlsym(lib, "afl_custom_deinit");
  if (!init || !fuzz || !deinit) {
    fprintf(stderr, "missing afl_custom_* symbols\n");
    return 1;
  }
  FILE *f = fopen(argv[2], "rb");
  static uint8_t seed[4096], cur[4096];
  size_t seed_len = f ? fread(seed, 1, sizeof seed, f) : 0;
  if (f) fclose(f);
  if (!seed_len) return 1;
  memcpy(cur, seed, seed_len);
  size_t cur_len = seed_len;
  void *state = init(NULL, 1);
  unsigned valid = 0, changed = 0;
  const unsigned rounds = 2000;
  for (unsigned i = 0; i < rounds; i++) {
    uint8_t *out = NULL;
    size_t n = fuzz(state, cur, cur_len, &out, seed, seed_len, sizeof cur);
    json_error_t err;
    json_t *v = json_loadb((const char *)out, n, JSON_DECODE_ANY, &err);
    if (v) {
      valid++;
      json_decref(v);
    }
    if (n != cur_len || memcmp(out, cur, n) != 0) changed++;
    /* keep walking from valid outputs, restart from the seed now and then */
    if (v && n <= sizeof cur && i % 16 != 15) {
      memmove(cur, out, n);
      cur_len = n;
    } else {
      memcpy(cur, seed, seed_len);
      cur_len = seed_len;
    }
  }
  deinit(state);
  printf("afl_custom_fuzz: %u rounds, %u changed the input, %u valid JSON\n", rounds, changed, valid);
  return valid * 10 >= rounds * 8 && changed * 10 >= rounds * 8 ? 0 : 1;
}
