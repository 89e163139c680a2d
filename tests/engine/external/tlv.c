/* The TLV reader of the `formfuzz cc` test. Planted bug: a 'N' (name) record
 * is copied into a 16-byte stack buffer with the record's own length. */
#include "tlv.h"

#include <string.h>

static int read_name(const uint8_t *value, size_t len) {
  char name[16];
  memcpy(name, value, len); /* the bug: len is not checked against sizeof name */
  return name[0] == 'x';
}

int tlv_read_all(const uint8_t *data, size_t size) {
  int records = 0;
  size_t at = 0;
  while (at + 2 <= size) {
    uint8_t type = data[at], len = data[at + 1];
    if (at + 2 + len > size) break;
    const uint8_t *value = data + at + 2;
    if (type == 'N') records += read_name(value, len);
    else if (type == 'I' && len == 4) records++;
    at += 2 + (size_t)len;
    records++;
  }
  return records;
}
