/* A tiny JSON writer into a growing string: objects, arrays, strings (escaped),
 * numbers, booleans. Commas are placed automatically. Used for --json output,
 * stats.json and campaign.json. Errors (out of memory) are sticky: check
 * ff_json_failed() once at the end. */
#ifndef FF_TOOLS_JSON_WRITER_H
#define FF_TOOLS_JSON_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FF_JSON_MAX_DEPTH 16

typedef struct ff_json {
  char *buf;
  size_t len, cap;
  bool failed;
  int depth;
  bool need_comma[FF_JSON_MAX_DEPTH];
  bool after_key; /* a key was written: the next value needs no separator */
  bool pretty; /* newline + indentation between members */
} ff_json;

void ff_json_init(ff_json *j, bool pretty);
void ff_json_free(ff_json *j);
bool ff_json_failed(const ff_json *j);
const char *ff_json_text(const ff_json *j); /* NUL-terminated ("" when empty) */

void ff_json_begin_object(ff_json *j);
void ff_json_end_object(ff_json *j);
void ff_json_begin_array(ff_json *j);
void ff_json_end_array(ff_json *j);
void ff_json_key(ff_json *j, const char *key); /* then exactly one value */

void ff_json_string(ff_json *j, const char *s); /* NULL writes null */
/* Strings are written as UTF-8 JSON whatever bytes they hold: a byte that is
 * not part of valid UTF-8 (a file name from another encoding) becomes its
 * Latin-1 character, \u00XX. ff_json_text_form(raw) is what a JSON reader
 * gets back for raw: compare with it, not raw. malloc'd; NULL: no memory. */
char *ff_json_text_form(const char *raw);
void ff_json_int(ff_json *j, int64_t v);
void ff_json_double(ff_json *j, double v); /* up to 1 decimal place: 2057.6 */
void ff_json_bool(ff_json *j, bool v);
void ff_json_null(ff_json *j);

/* key + value shorthands */
void ff_json_kv_string(ff_json *j, const char *key, const char *s);
void ff_json_kv_int(ff_json *j, const char *key, int64_t v);
void ff_json_kv_double(ff_json *j, const char *key, double v);
void ff_json_kv_bool(ff_json *j, const char *key, bool v);
/* key + an array of count strings */
void ff_json_kv_strings(ff_json *j, const char *key, char *const *items, size_t count);

/* Writes the text plus a newline to path atomically. Returns 0 or -1 (errno). */
int ff_json_write_file(ff_json *j, const char *path);
/* The last step of a document: writes it to dir/name (as ff_json_write_file)
 * and frees the writer. Returns 0 or -1. */
int ff_json_save(ff_json *j, const char *dir, const char *name);

#endif
