/* Reading triage/index.json's buckets for CI (see triage_buckets.h). */
#include "triage_buckets.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy_str(char *dst, size_t cap, json_t *o, const char *key) {
  json_t *v = json_object_get(o, key);
  snprintf(dst, cap, "%s", json_is_string(v) ? json_string_value(v) : "");
}

int ff_ci_buckets_load(const char *out, const ff_known_crashes *known, ff_ci_buckets *b, char *err,
                       size_t err_cap) {
  memset(b, 0, sizeof *b);
  char path[4200];
  snprintf(path, sizeof path, "%s/triage/index.json", out);
  json_error_t je;
  json_t *o = json_load_file(path, 0, &je);
  json_t *buckets = json_object_get(o, "buckets");
  if (!json_is_array(buckets)) {
    snprintf(err, err_cap, "cannot read %s: %s", path, o ? "no buckets array" : je.text);
    json_decref(o);
    return -1;
  }
  b->items = calloc(json_array_size(buckets) + 1, sizeof *b->items);
  if (!b->items) {
    json_decref(o);
    snprintf(err, err_cap, "out of memory");
    return -1;
  }
  size_t i;
  json_t *v;
  json_array_foreach(buckets, i, v) {
    ff_ci_bucket *c = &b->items[b->count++];
    copy_str(c->fuzzer, sizeof c->fuzzer, v, "fuzzer");
    copy_str(c->id, sizeof c->id, v, "id");
    copy_str(c->title, sizeof c->title, v, "title");
    c->link = ff_known_crash_link(known, c->id);
    c->is_new = json_is_true(json_object_get(v, "new"));
    if (c->is_new && !c->link) b->new_unfiled++;
  }
  json_decref(o);
  return 0;
}

void ff_ci_buckets_free(ff_ci_buckets *b) {
  free(b->items);
  memset(b, 0, sizeof *b);
}
