/* example_json: a JSON round-trip fuzzer using the protocol-aware mutator.
 * Oracle: for JSON jansson accepts, compact serialization is a fixed point. */
#include <jansson.h>

#include "formfuzz/struct_mutator.h"
#include "formfuzz/oracle.h"
#include "json_mutator.h"

static int decode(void *ctx, const uint8_t *data, size_t len, void *value) {
  (void)ctx;
  json_error_t err;
  json_t *v = json_loadb((const char *)data, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
  *(json_t **)value = v;
  return v ? 0 : 1;
}

static long encode(void *ctx, const void *value, uint8_t *out, size_t cap) {
  (void)ctx;
  size_t n = json_dumpb(*(json_t *const *)value, (char *)out, cap, JSON_COMPACT | JSON_ENCODE_ANY | JSON_SORT_KEYS);
  return n == 0 || n > cap ? -1 : (long)n;
}

static void release(void *ctx, void *value) {
  (void)ctx;
  json_decref(*(json_t **)value);
}

static const ff_codec json_codec = {.name = "jansson", .value_size = sizeof(json_t *), .decode = decode,
                                    .encode = encode, .release = release};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ff_check_roundtrip("example.json_roundtrip", &json_codec, data, size);
  return 0;
}

FF_LIBFUZZER_MUTATOR(example_json_mutator)
