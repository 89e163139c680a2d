/* Transform-aware input-to-state (REDQUEEN): for one logged compare, where
 * and how one operand sits in the input, and the patch that puts the other
 * operand there in the same encoding. Encodings: the value's own bytes
 * (little-endian), byte-swapped (big-endian), sign- or zero-extended from a
 * narrower field, offset by a constant, XOR'd with a constant, decimal or hex
 * text, and single bytes spread over non-adjacent positions.
 *
 * The evidence is two runs: the input and its colorized twin (colorize.h: as
 * many bytes as possible randomized while the edge path stays the same). An
 * operand that changed between them comes from the colorized bytes, and a
 * position counts only where the encoding maps the input's bytes to the
 * operand in both runs, so an offset or a XOR key (unknowable from one run)
 * is found, and chance matches of the original bytes are dropped. Without a
 * twin (no colorization, or the operand did not change) only the plain
 * encodings and text are searched. Pure functions: no run, no global. */
#ifndef FF_ENGINE_I2S_TRANSFORMS_H
#define FF_ENGINE_I2S_TRANSFORMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cmplog.h"

enum ff_i2s_kind {
  FF_I2S_DIRECT,  /* the operand's bytes, little-endian */
  FF_I2S_SWAP,    /* big-endian */
  FF_I2S_EXTEND,  /* a narrower field, sign- or zero-extended to the compare's width */
  FF_I2S_OFFSET,  /* field + constant */
  FF_I2S_XOR,     /* field ^ constant */
  FF_I2S_DECIMAL, /* decimal text, signed or not */
  FF_I2S_HEX,     /* hex text, lower or upper case */
  FF_I2S_SPLIT,   /* its bytes at non-adjacent positions */
  FF_I2S_MEMORY,  /* memcmp/strcmp-family operand bytes */
  FF_I2S_KINDS
};

#define FF_I2S_PATCH_BYTES 32
#define FF_I2S_SPLIT_MAX 8

/* Replace data[pos, pos + old_len) by rep[0, rep_len), or (kind SPLIT) set
 * the nsplit bytes at split_pos to split_val. */
typedef struct ff_i2s_patch {
  uint8_t kind;
  uint8_t rep_len;
  uint8_t nsplit;
  uint32_t pos, old_len;
  uint8_t rep[FF_I2S_PATCH_BYTES];
  uint32_t split_pos[FF_I2S_SPLIT_MAX];
  uint8_t split_val[FF_I2S_SPLIT_MAX];
} ff_i2s_patch;

/* The patches for compare o of the input base[0, size); c is the same compare
 * in the run of color (the colorized input, same size), or NULL, as is color
 * when there is none. Writes at most cap patches to out; returns how many. */
size_t ff_i2s_patches(const uint8_t *base, const uint8_t *color, size_t size,
                      const ff_cmplog_entry *o, const ff_cmplog_entry *c, ff_i2s_patch *out,
                      size_t cap);
/* Applies p to data[0, size) (capacity max_size) in place; returns the new
 * size, or 0 when it does not fit. */
size_t ff_i2s_apply(const ff_i2s_patch *p, uint8_t *data, size_t size, size_t max_size);
const char *ff_i2s_kind_name(int kind);

#endif
