// libFuzzer-ABI harness of the C++ record reader (compiled by `formfuzz c++`).
#include <cstddef>
#include <cstdint>
#include <stdexcept>

#include "records.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  try {
    records::parse(data, size);
  } catch (const std::invalid_argument &) {
  }
  records::tag_sum(data, size);
  return 0;
}
