// A small C++ record reader for the `formfuzz c++` tests: records separated
// by ';', fields by ','. It has one planted bug (see records.cc).
#ifndef FF_TEST_RECORDS_H
#define FF_TEST_RECORDS_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace records {

struct Record {
  std::vector<std::string> fields;
};

// Splits the input into records; throws std::invalid_argument on a record
// with no field.
std::vector<Record> parse(const uint8_t *data, size_t size);

// Copies a "FF" record's payload into a fixed tag buffer and returns its sum.
unsigned tag_sum(const uint8_t *data, size_t size);

}  // namespace records

#endif
