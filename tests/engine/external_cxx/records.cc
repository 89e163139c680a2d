// The record reader of records.h. Planted bug: tag_sum trusts the length
// byte after "FF" and copies that many bytes into an 8-byte heap buffer
// (heap-buffer-overflow WRITE), which the fuzzing tests must find.
#include "records.h"

#include <cstring>
#include <memory>
#include <stdexcept>

namespace records {

std::vector<Record> parse(const uint8_t *data, size_t size) {
  std::vector<Record> out;
  Record current;
  std::string field;
  for (size_t i = 0; i < size; i++) {
    char c = static_cast<char>(data[i]);
    if (c == ',' || c == ';') {
      current.fields.push_back(field);
      field.clear();
      if (c == ';') {
        out.push_back(current);
        current = Record();
      }
    } else {
      field.push_back(c);
    }
  }
  if (!field.empty()) current.fields.push_back(field);
  if (!current.fields.empty()) out.push_back(current);
  for (const Record &r : out)
    if (r.fields.size() == 1 && r.fields[0].empty()) throw std::invalid_argument("empty record");
  return out;
}

unsigned tag_sum(const uint8_t *data, size_t size) {
  if (size < 3 || data[0] != 'F' || data[1] != 'F') return 0;
  size_t len = data[2];
  if (len > size - 3) return 0;
  std::unique_ptr<uint8_t[]> tag(new uint8_t[8]);
  std::memcpy(tag.get(), data + 3, len);  // the planted bug: len may exceed 8
  unsigned sum = 0;
  for (size_t i = 0; i < len && i < 8; i++) sum += tag[i];
  return sum;
}

}  // namespace records
