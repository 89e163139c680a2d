/* The activation frame: a tensor with its shape and dtype on the wire, a
 * request/step/attempt tag and a checksum, decoded with every length checked
 * against the datagram. Receivers take the shape from the frame (§5.1's rank 1
 * received into fixed shapes instead). */
#include <string.h>

#include "formfuzz/bug.h"
#include "formfuzz/crypto.h"
#include "infer.h"

#define HEADER 32 /* through n_layers */
#define CHECKSUM 8

static void put_u16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8); }
static void put_u32(uint8_t *p, uint32_t v) {
  for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}
static void put_u64(uint8_t *p, uint64_t v) {
  for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
}
static uint16_t get_u16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t get_u32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint64_t get_u64(const uint8_t *p) { return (uint64_t)get_u32(p) | (uint64_t)get_u32(p + 4) << 32; }

static bool shape_ok(const infer_frame *f, size_t *elems) {
  if (f->dtype != INFER_DTYPE_F32 || f->ndim < 1 || f->ndim > INFER_FRAME_MAX_DIMS) return false;
  size_t n = 1;
  for (int i = 0; i < f->ndim; i++) {
    if (f->dims[i] == 0 || f->dims[i] > INFER_FRAME_MAX_ELEMS) return false;
    n *= f->dims[i];
    if (n > INFER_FRAME_MAX_ELEMS) return false;
  }
  *elems = n;
  return true;
}

size_t infer_frame_size(const infer_frame *f) { return HEADER + 4u * f->ndim + 4u * f->n_elems + CHECKSUM; }

size_t infer_frame_encode(const infer_frame *f, uint8_t *out, size_t cap) {
  size_t elems;
  if ((f->kind != INFER_FRAME_REQUEST && f->kind != INFER_FRAME_REPLY) || !shape_ok(f, &elems) ||
      elems != f->n_elems || infer_frame_size(f) > cap)
    return 0;
  memcpy(out, INFER_FRAME_MAGIC, 4);
  out[4] = f->kind, out[5] = f->dtype, out[6] = f->ndim, out[7] = 0;
  put_u64(out + 8, f->request_id);
  put_u32(out + 16, f->step);
  put_u32(out + 20, f->attempt);
  put_u16(out + 24, f->first_layer);
  put_u16(out + 26, f->n_layers);
  memset(out + 28, 0, 4);
  size_t at = HEADER;
  for (int i = 0; i < f->ndim; i++, at += 4) put_u32(out + at, f->dims[i]);
  for (size_t i = 0; i < elems; i++, at += 4) {
    uint32_t bits;
    memcpy(&bits, &f->data[i], 4);
    put_u32(out + at, bits);
  }
  uint8_t digest[32];
  ff_sha256(out, at, digest);
  memcpy(out + at, digest, CHECKSUM);
  return at + CHECKSUM;
}

static int refuse(const char **reason, const char *why) {
  if (reason) *reason = why;
  return -1;
}

int infer_frame_decode(infer_frame *f, const uint8_t *in, size_t len, const char **reason) {
  if (len < HEADER + CHECKSUM) return refuse(reason, "shorter than a header");
  if (memcmp(in, INFER_FRAME_MAGIC, 4) != 0) return refuse(reason, "bad magic");
  f->kind = in[4], f->dtype = in[5], f->ndim = in[6];
  if (f->kind != INFER_FRAME_REQUEST && f->kind != INFER_FRAME_REPLY) return refuse(reason, "unknown kind");
  if (f->dtype != INFER_DTYPE_F32) return refuse(reason, "unknown dtype");
  if (f->ndim < 1 || f->ndim > INFER_FRAME_MAX_DIMS) return refuse(reason, "ndim outside 1..4");
  if (len < HEADER + 4u * f->ndim + CHECKSUM) return refuse(reason, "dims cut short");
  f->request_id = get_u64(in + 8);
  f->step = get_u32(in + 16);
  f->attempt = get_u32(in + 20);
  f->first_layer = get_u16(in + 24);
  f->n_layers = get_u16(in + 26);
  size_t at = HEADER;
  for (int i = 0; i < f->ndim; i++, at += 4) f->dims[i] = get_u32(in + at);
  size_t elems;
  if (!shape_ok(f, &elems)) return refuse(reason, "zero or oversized dimension");
  if (len != at + 4 * elems + CHECKSUM) return refuse(reason, "length does not match the shape");
  uint8_t digest[32];
  ff_sha256(in, len - CHECKSUM, digest);
  if (memcmp(digest, in + len - CHECKSUM, CHECKSUM) != 0) return refuse(reason, "checksum mismatch");
  f->n_elems = elems;
  for (size_t i = 0; i < elems; i++, at += 4) {
    uint32_t bits = get_u32(in + at);
    memcpy(&f->data[i], &bits, 4);
  }
  memset(f->data + elems, 0, sizeof f->data - elems * sizeof f->data[0]);
  return 0;
}

int infer_frame_activation_rows(const infer_frame *f) {
  /* §5.1: rank 1 received the hidden states into a fixed (1, 10, D) buffer
   * (the real one: (1,128,768) and input ids (1,10)), whatever was sent. */
  if (FF_BUG("infer.fixed_recv_shape")) return 10;
  if (f->ndim != 3 || f->dims[0] != 1 || f->dims[2] != INFER_D) return -1;
  if (f->dims[1] < 1 || f->dims[1] > INFER_CTX) return -1;
  return (int)f->dims[1];
}
