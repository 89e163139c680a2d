/* Reading values out of small flat JSON objects such as stats.json: the
 * number or string value of a top-level key. Not a general JSON parser. */
#ifndef FF_TOOLS_JSON_READER_H
#define FF_TOOLS_JSON_READER_H

#include <stdbool.h>
#include <stddef.h>

/* true and *out when "key": <number> is present. */
bool ff_json_get_number(const char *text, const char *key, double *out);
/* true and the (unescaped) string when "key": "<string>" is present. */
bool ff_json_get_string(const char *text, const char *key, char *out, size_t cap);

#endif
