/* An "external" library for the `formfuzz cc` test: a type-length-value record
 * reader with a planted stack overflow, built outside formfuzz's CMake. */
#ifndef TLV_H
#define TLV_H

#include <stddef.h>
#include <stdint.h>

/* Reads records (type byte, length byte, value); returns how many were read. */
int tlv_read_all(const uint8_t *data, size_t size);

#endif
