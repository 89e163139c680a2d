/* Dictionaries (engine/dict.c): a growable list of tokens, used for the
 * -dict= file (user dictionary) and the automatic dictionary of comparison
 * operands (mutators/mut_autodict.c), and the parser of the AFL/libFuzzer
 * dictionary file format. */
#ifndef FF_ENGINE_DICT_H
#define FF_ENGINE_DICT_H

#include <stddef.h>
#include <stdint.h>

#define FF_DICT_MAX_ENTRY 128

typedef struct ff_dict_entry {
  uint8_t len;
  uint8_t data[FF_DICT_MAX_ENTRY];
  uint32_t uses_found_new; /* times an insertion of this entry found coverage */
} ff_dict_entry;

typedef struct ff_dict {
  ff_dict_entry *e;
  size_t n, cap;
} ff_dict;

void ff_dict_init(ff_dict *d);
void ff_dict_free(ff_dict *d);
/* Adds an entry unless already present; returns 1 added, 0 present/too long, -1 no memory. */
int ff_dict_add(ff_dict *d, const uint8_t *data, size_t len);
/* Loads an AFL/libFuzzer dictionary file (name="value" or "value" lines, # comments,
 * \xNN \\ \" escapes, optional @level suffix). Returns entries loaded, or -1 with
 * "path:line: reason" in err. */
int ff_dict_load(ff_dict *d, const char *path, char *err, size_t err_cap);
/* Parses one dictionary line into out; returns length, 0 for blank/comment, -1 malformed. */
int ff_dict_parse_line(const char *line, uint8_t *out, size_t cap);

#endif
