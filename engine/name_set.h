/* A set of file names (engine/name_set.c), kept as 64-bit hashes: the names
 * already seen in the shared corpus directory, so its periodic re-scan only
 * picks up what other workers wrote since. */
#ifndef FF_ENGINE_NAME_SET_H
#define FF_ENGINE_NAME_SET_H

typedef struct ff_name_set ff_name_set;

ff_name_set *ff_name_set_new(void);
void ff_name_set_free(ff_name_set *s);
/* Returns 1 if added, 0 if present, -1 no memory. */
int ff_name_set_add(ff_name_set *s, const char *name);

#endif
