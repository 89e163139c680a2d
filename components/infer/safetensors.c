/* The model's weights as a safetensors file: an 8-byte little-endian header
 * length, a JSON header naming each tensor with its dtype ("F32"), shape and
 * [begin, end) byte offsets into the data that follows, and the data, little-
 * endian and row-major. Reading is strict: every expected tensor with its exact
 * shape, nothing else, offsets in bounds and the data covered without holes or
 * overlaps; "__metadata__" must say format "formfuzz-infer". */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infer.h"

#define HEADER_MAX (1u << 20)

typedef struct tensor {
  char name[32];
  float *data;
  size_t rows, cols; /* rows 0: a vector of cols */
} tensor;

/* The model's tensors in file order. Returns how many. */
static size_t tensors(infer_model *m, tensor *t) {
  size_t n = 0;
  t[n++] = (tensor){"tok_emb", &m->tok_emb[0][0], INFER_VOCAB, INFER_D};
  t[n++] = (tensor){"pos_emb", &m->pos_emb[0][0], INFER_CTX, INFER_D};
  for (int l = 0; l < m->n_layers; l++) {
    infer_layer_w *w = &m->layer[l];
    struct { const char *name; float *p; size_t rows, cols; } f[] = {
        {"ln1_g", w->ln1_g, 0, INFER_D},          {"ln1_b", w->ln1_b, 0, INFER_D},
        {"wq", &w->wq[0][0], INFER_D, INFER_D},   {"wk", &w->wk[0][0], INFER_D, INFER_D},
        {"wv", &w->wv[0][0], INFER_D, INFER_D},   {"wo", &w->wo[0][0], INFER_D, INFER_D},
        {"ln2_g", w->ln2_g, 0, INFER_D},          {"ln2_b", w->ln2_b, 0, INFER_D},
        {"w1", &w->w1[0][0], INFER_D, INFER_FF},  {"b1", w->b1, 0, INFER_FF},
        {"w2", &w->w2[0][0], INFER_FF, INFER_D},  {"b2", w->b2, 0, INFER_D}};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
      snprintf(t[n].name, sizeof t[n].name, "layers.%d.%s", l, f[i].name);
      t[n].data = f[i].p, t[n].rows = f[i].rows, t[n].cols = f[i].cols;
      n++;
    }
  }
  t[n++] = (tensor){"lnf_g", m->lnf_g, 0, INFER_D};
  t[n++] = (tensor){"lnf_b", m->lnf_b, 0, INFER_D};
  return n;
}

#define MAX_TENSORS (4 + 12 * INFER_MAX_LAYERS)

static size_t elems(const tensor *t) { return (t->rows ? t->rows : 1) * t->cols; }

uint8_t *infer_safetensors_write(const infer_model *m, size_t *len) {
  tensor t[MAX_TENSORS];
  size_t n = tensors((infer_model *)m, t), off = 0;
  json_t *h = json_object();
  char layers[4];
  snprintf(layers, sizeof layers, "%d", m->n_layers);
  json_object_set_new(h, "__metadata__", json_pack("{s:s, s:s}", "format", "formfuzz-infer", "n_layers", layers));
  for (size_t i = 0; i < n; i++) {
    size_t bytes = 4 * elems(&t[i]);
    json_t *shape = t[i].rows ? json_pack("[I, I]", (json_int_t)t[i].rows, (json_int_t)t[i].cols)
                              : json_pack("[I]", (json_int_t)t[i].cols);
    json_object_set_new(h, t[i].name, json_pack("{s:s, s:o, s:[I, I]}", "dtype", "F32", "shape", shape,
                                                "data_offsets", (json_int_t)off, (json_int_t)(off + bytes)));
    off += bytes;
  }
  char *text = json_dumps(h, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_decref(h);
  if (!text) return NULL;
  size_t hl = strlen(text), padded = (hl + 7) / 8 * 8; /* spaces pad the header to 8 bytes */
  uint8_t *out = malloc(8 + padded + off);
  if (!out) {
    free(text);
    return NULL;
  }
  for (int i = 0; i < 8; i++) out[i] = (uint8_t)((uint64_t)padded >> (8 * i));
  memcpy(out + 8, text, hl);
  memset(out + 8 + hl, ' ', padded - hl);
  free(text);
  uint8_t *d = out + 8 + padded;
  for (size_t i = 0; i < n; i++)
    for (size_t k = 0; k < elems(&t[i]); k++, d += 4) {
      uint32_t bits;
      memcpy(&bits, &t[i].data[k], 4);
      d[0] = (uint8_t)bits, d[1] = (uint8_t)(bits >> 8), d[2] = (uint8_t)(bits >> 16), d[3] = (uint8_t)(bits >> 24);
    }
  *len = 8 + padded + off;
  return out;
}

static int refuse(const char **reason, const char *why) {
  if (reason) *reason = why;
  return -1;
}

typedef struct span {
  size_t begin, end;
} span;

static int by_begin(const void *a, const void *b) {
  const span *x = a, *y = b;
  return x->begin < y->begin ? -1 : x->begin > y->begin;
}

static int read_tensors(infer_model *m, json_t *h, const uint8_t *data, size_t data_len, const char **reason) {
  tensor t[MAX_TENSORS];
  size_t n = tensors(m, t);
  if (json_object_size(h) != n + 1) return refuse(reason, "unexpected or missing tensors");
  span used[MAX_TENSORS];
  for (size_t i = 0; i < n; i++) {
    json_t *e = json_object_get(h, t[i].name), *shape = json_object_get(e, "shape"),
           *off = json_object_get(e, "data_offsets");
    const char *dtype = json_string_value(json_object_get(e, "dtype"));
    if (!dtype || strcmp(dtype, "F32") != 0) return refuse(reason, "a tensor is missing or not F32");
    size_t dims = t[i].rows ? 2 : 1;
    if (json_array_size(shape) != dims ||
        (t[i].rows && json_integer_value(json_array_get(shape, 0)) != (json_int_t)t[i].rows) ||
        json_integer_value(json_array_get(shape, dims - 1)) != (json_int_t)t[i].cols ||
        !json_is_integer(json_array_get(shape, 0)) || !json_is_integer(json_array_get(shape, dims - 1)))
      return refuse(reason, "a tensor has the wrong shape");
    json_t *b = json_array_get(off, 0), *e2 = json_array_get(off, 1);
    if (json_array_size(off) != 2 || !json_is_integer(b) || !json_is_integer(e2) || json_integer_value(b) < 0 ||
        json_integer_value(e2) < json_integer_value(b) || (uint64_t)json_integer_value(e2) > data_len ||
        (uint64_t)(json_integer_value(e2) - json_integer_value(b)) != 4 * elems(&t[i]))
      return refuse(reason, "data_offsets out of bounds or not the tensor's size");
    used[i] = (span){(size_t)json_integer_value(b), (size_t)json_integer_value(e2)};
    const uint8_t *p = data + used[i].begin;
    for (size_t k = 0; k < elems(&t[i]); k++, p += 4) {
      uint32_t bits = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
      memcpy(&t[i].data[k], &bits, 4);
    }
  }
  qsort(used, n, sizeof used[0], by_begin);
  size_t at = 0;
  for (size_t i = 0; i < n; i++) {
    if (used[i].begin != at) return refuse(reason, "tensors overlap or leave a hole");
    at = used[i].end;
  }
  if (at != data_len) return refuse(reason, "data after the last tensor");
  return 0;
}

int infer_safetensors_read(infer_model *m, const uint8_t *in, size_t len, const char **reason) {
  if (len < 8) return refuse(reason, "shorter than the header length");
  uint64_t hl = 0;
  for (int i = 7; i >= 0; i--) hl = hl << 8 | in[i];
  if (hl < 2 || hl > HEADER_MAX || hl > len - 8) return refuse(reason, "header length out of bounds");
  json_error_t err;
  json_t *h = json_loadb((const char *)in + 8, (size_t)hl, JSON_REJECT_DUPLICATES, &err);
  if (!json_is_object(h)) {
    json_decref(h);
    return refuse(reason, "the header is not a JSON object");
  }
  json_t *meta = json_object_get(h, "__metadata__");
  const char *format = json_string_value(json_object_get(meta, "format"));
  const char *layers = json_string_value(json_object_get(meta, "n_layers"));
  int n_layers = layers && strlen(layers) == 1 ? layers[0] - '0' : 0;
  int rc;
  if (!format || strcmp(format, "formfuzz-infer") != 0) rc = refuse(reason, "metadata format is not formfuzz-infer");
  else if (n_layers < 1 || n_layers > INFER_MAX_LAYERS) rc = refuse(reason, "metadata n_layers outside 1..8");
  else {
    memset(m, 0, sizeof *m);
    m->n_layers = n_layers;
    rc = read_tensors(m, h, in + 8 + hl, len - 8 - (size_t)hl, reason);
  }
  json_decref(h);
  return rc;
}
