/* JSON for the protocol-aware mutation framework: parse with jansson, pick a
 * node, change it (scalar at a limit, key rename, member/element insert,
 * delete or duplicate, wrap in an array, number tweak, string edit),
 * serialize compactly. */
#include "json_mutator.h"

#include <jansson.h>
#include <string.h>

#define MAX_NODES 256

/* A node and where it hangs: its parent and its key or index there. */
typedef struct node_ref {
  json_t *node, *parent;
  const char *key;
  size_t index;
} node_ref;

typedef struct node_list {
  node_ref ref[MAX_NODES];
  size_t n;
} node_list;

static void collect(json_t *node, json_t *parent, const char *key, size_t index, node_list *out) {
  if (out->n == MAX_NODES) return;
  out->ref[out->n++] = (node_ref){node, parent, key, index};
  if (json_is_object(node)) {
    const char *k;
    json_t *v;
    json_object_foreach(node, k, v) collect(v, node, k, 0, out);
  } else if (json_is_array(node)) {
    for (size_t i = 0; i < json_array_size(node); i++) collect(json_array_get(node, i), node, NULL, i, out);
  }
}

static json_t *interesting_scalar(ff_input *in) {
  static const char *const strings[] = {"", "a", "\"\\/\b\f\n\r\t", "\xc3\xa9\xe2\x82\xac", "\xf0\x9f\x98\x80",
                                        "0", "-1", "null", "__proto__", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"};
  static const double reals[] = {0.5, -0.0, 1e308, -1e308, 2.2250738585072014e-308, 9007199254740993.0};
  static const json_int_t ints[] = {0, 1, -1, 127, 128, 255, 256, 65535, 2147483647, -2147483648LL,
                                    4294967296LL, 9007199254740992LL, 9223372036854775807LL};
  switch (ff_choose(in, 6)) {
  case 0: return json_integer(FF_PICK(in, ints));
  case 1: return json_real(FF_PICK(in, reals));
  case 2: return json_string(FF_PICK(in, strings));
  case 3: return json_boolean(ff_bool(in));
  case 4: return json_null();
  default: {
    char s[24];
    return json_string(ff_cstr_from(in, s, sizeof s, "abcxyz019 _-.:/\\\"{}[],"));
  }
  }
}

/* Puts replacement where ref->node was (the root cannot be replaced). */
static void replace(json_t *root, node_ref *ref, json_t *replacement) {
  if (!replacement) return;
  if (!ref->parent || ref->node == root) {
    json_decref(replacement);
    return;
  }
  if (json_is_object(ref->parent))
    json_object_set_new(ref->parent, ref->key, replacement);
  else
    json_array_set_new(ref->parent, ref->index, replacement);
}

static void mutate_container(json_t *node, ff_input *in) {
  if (json_is_object(node)) {
    char key[16];
    switch (ff_choose(in, 3)) {
    case 0: json_object_set_new(node, ff_cstr_from(in, key, sizeof key, "abcdeid_"), interesting_scalar(in)); break;
    case 1: { /* delete or rename the first key */
      void *it = json_object_iter(node);
      if (!it) break;
      const char *k = json_object_iter_key(it);
      json_t *v = json_incref(json_object_iter_value(it));
      char old[64];
      snprintf(old, sizeof old, "%s", k);
      json_object_del(node, old);
      if (ff_bool(in)) json_object_set_new(node, ff_cstr_from(in, key, sizeof key, "abcdeid_"), v);
      else json_decref(v);
      break;
    }
    default: json_object_clear(node); break;
    }
  } else {
    size_t n = json_array_size(node);
    switch (ff_choose(in, 3)) {
    case 0: json_array_insert_new(node, n ? ff_choose(in, n + 1) : 0, interesting_scalar(in)); break;
    case 1: if (n) json_array_remove(node, ff_choose(in, n)); break;
    default:
      if (n) json_array_append_new(node, json_deep_copy(json_array_get(node, ff_choose(in, n))));
      break;
    }
  }
}

static void mutate_scalar(json_t *root, node_ref *ref, ff_input *in) {
  json_t *node = ref->node;
  if (json_is_integer(node) && ff_bool(in)) {
    static const json_int_t deltas[] = {1, -1, 256, -256};
    json_integer_set(node, (json_int_t)((uint64_t)json_integer_value(node) + (uint64_t)FF_PICK(in, deltas)));
  } else if (json_is_string(node) && ff_bool(in)) {
    char s[128];
    const char *v = json_string_value(node);
    size_t keep = ff_range(in, 0, strlen(v) < 100 ? strlen(v) : 100);
    snprintf(s, sizeof s, "%.*s%s", (int)keep, v, ff_bool(in) ? "\\u0000\"" : "");
    json_string_set(node, s);
  } else {
    replace(root, ref, interesting_scalar(in));
  }
}

static void *json_parse(const uint8_t *data, size_t size) {
  json_error_t err;
  return json_loadb((const char *)data, size, JSON_DECODE_ANY, &err);
}

static void json_mutate(void *tree, ff_input *in) {
  json_t *root = tree;
  node_list *nodes = malloc(sizeof *nodes);
  if (!nodes) return;
  nodes->n = 0;
  collect(root, NULL, NULL, 0, nodes);
  node_ref *ref = &nodes->ref[ff_choose(in, nodes->n)];
  unsigned what = (unsigned)ff_choose(in, 4);
  if (what == 3 && ref->node != root) {
    json_t *wrapped = json_array();
    json_array_append(wrapped, ref->node);
    replace(root, ref, wrapped);
  } else if (json_is_object(ref->node) || json_is_array(ref->node)) {
    mutate_container(ref->node, in);
  } else {
    mutate_scalar(root, ref, in);
  }
  free(nodes);
}

/* Graft: a random node of other replaces a random non-root node of tree. */
static void json_cross(void *tree, const void *other, ff_input *in) {
  node_list *mine = malloc(sizeof *mine), *theirs = malloc(sizeof *theirs);
  if (mine && theirs) {
    mine->n = theirs->n = 0;
    collect(tree, NULL, NULL, 0, mine);
    collect((json_t *)other, NULL, NULL, 0, theirs);
    node_ref *dst = &mine->ref[ff_choose(in, mine->n)];
    node_ref *src = &theirs->ref[ff_choose(in, theirs->n)];
    replace(tree, dst, json_deep_copy(src->node));
  }
  free(mine);
  free(theirs);
}

static long json_serialize(const void *tree, uint8_t *out, size_t cap) {
  size_t n = json_dumpb(tree, (char *)out, cap, JSON_COMPACT | JSON_ENCODE_ANY);
  return n == 0 || n > cap ? -1 : (long)n;
}

static void json_release(void *tree) { json_decref(tree); }

const ff_struct_mutator example_json_mutator = {
    .name = "json", .parse = json_parse, .mutate = json_mutate, .cross = json_cross,
    .serialize = json_serialize, .release = json_release};
