/* Grouping crashes into buckets and carrying state across runs (see
 * triage_bucket.h). */
#include "triage_bucket.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "json_writer.h"

void triage_bucket_id(const char *fuzzer, const char *signature, char id[16]) {
  char buf[1200], sha[FF_SHA1_HEX_LEN + 1];
  int n = snprintf(buf, sizeof buf, "%s\n%s", fuzzer, signature);
  ff_sha1_hex(buf, (size_t)(n < (int)sizeof buf ? n : (int)sizeof buf - 1), sha);
  memcpy(id, sha, 12);
  id[12] = '\0';
}

triage_bucket *triage_set_add(triage_set *s, const char *fuzzer, triage_crash *crash) {
  char id[16];
  triage_bucket_id(fuzzer, crash->signature, id);
  for (size_t i = 0; i < s->nbuckets; i++)
    if (strcmp(s->buckets[i].id, id) == 0) {
      triage_crash_free(crash);
      return &s->buckets[i];
    }
  triage_bucket *grown = realloc(s->buckets, (s->nbuckets + 1) * sizeof *grown);
  if (!grown) {
    triage_crash_free(crash);
    return NULL;
  }
  s->buckets = grown;
  triage_bucket *b = &s->buckets[s->nbuckets++];
  memset(b, 0, sizeof *b);
  memcpy(b->id, id, sizeof id);
  snprintf(b->fuzzer, sizeof b->fuzzer, "%s", fuzzer);
  b->crash = *crash;
  b->stable = true;
  memset(crash, 0, sizeof *crash);
  return b;
}

int triage_set_note_artifact(triage_set *s, const char *fuzzer, const char *name) {
  return ff_path_list_addf(&s->artifacts, "%s/%s", fuzzer, name);
}

int triage_set_add_unrepro(triage_set *s, const char *fuzzer, const char *artifact, const char *why) {
  triage_unrepro *grown = realloc(s->unrepro, (s->nunrepro + 1) * sizeof *grown);
  if (!grown) return -1;
  s->unrepro = grown;
  triage_unrepro *u = &s->unrepro[s->nunrepro++];
  snprintf(u->fuzzer, sizeof u->fuzzer, "%s", fuzzer);
  snprintf(u->artifact, sizeof u->artifact, "%s", artifact);
  snprintf(u->reason, sizeof u->reason, "%s", why);
  return 0;
}

void triage_set_free(triage_set *s) {
  for (size_t i = 0; i < s->nbuckets; i++) triage_crash_free(&s->buckets[i].crash);
  free(s->buckets);
  free(s->unrepro);
  ff_path_list_free(&s->artifacts);
  memset(s, 0, sizeof *s);
}

void triage_previous_load(const char *triage_dir, triage_previous *p) {
  memset(p, 0, sizeof *p);
  char path[4200];
  snprintf(path, sizeof path, "%s/index.json", triage_dir);
  FILE *f = fopen(path, "r");
  if (!f) return;
  fclose(f);
  json_error_t je;
  json_t *o = json_load_file(path, 0, &je);
  if (!json_is_object(o) || !json_is_array(json_object_get(o, "buckets"))) {
    fprintf(stderr, "formfuzz triage: ignoring the previous %s: %s\n", path,
            o ? "not a triage index" : je.text);
    json_decref(o);
    return;
  }
  p->present = true;
  p->json = o;
}

void triage_previous_free(triage_previous *p) {
  json_decref((json_t *)p->json);
  memset(p, 0, sizeof *p);
}

static json_t *previous_bucket(const triage_previous *p, const char *id) {
  size_t i;
  json_t *b;
  json_array_foreach(json_object_get((json_t *)p->json, "buckets"), i, b) {
    json_t *bid = json_object_get(b, "id");
    if (json_is_string(bid) && strcmp(json_string_value(bid), id) == 0) return b;
  }
  return NULL;
}

/* key is a path as on disk; index.json holds its JSON text form. */
static bool artifact_was_seen(const triage_previous *p, const char *key) {
  size_t i;
  json_t *a;
  char *text = ff_json_text_form(key);
  bool seen = false;
  json_array_foreach(json_object_get((json_t *)p->json, "artifacts"), i, a) {
    if (json_is_string(a) && text && strcmp(json_string_value(a), text) == 0) seen = true;
  }
  free(text);
  return seen;
}

void triage_previous_apply(const triage_previous *p, triage_set *s) {
  bool arrivals = !p->present;
  for (size_t i = 0; p->present && i < s->artifacts.count && !arrivals; i++)
    arrivals = !artifact_was_seen(p, s->artifacts.paths[i]);
  for (size_t i = 0; i < s->nbuckets; i++) {
    triage_bucket *b = &s->buckets[i];
    json_t *old = p->present ? previous_bucket(p, b->id) : NULL;
    if (!old) {
      b->is_new = true;
      continue;
    }
    b->is_new = !arrivals && json_is_true(json_object_get(old, "new"));
    json_t *fs = json_object_get(old, "first_seen");
    if (json_is_integer(fs) && (time_t)json_integer_value(fs) < b->first_seen)
      b->first_seen = (time_t)json_integer_value(fs);
  }
}
