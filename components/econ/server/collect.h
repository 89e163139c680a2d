/* formfuzz-econ's SystemMetrics collection from this machine's procfs (collect.c). */
#ifndef ECON_COLLECT_H
#define ECON_COLLECT_H

#include "econ.h"

typedef struct econ_collector {
  char instance_id[ECON_ID_MAX], account_id[ECON_ID_MAX]; /* "" = null */
  bool have_prev;
  uint64_t busy, total; /* the previous /proc/stat reading */
} econ_collector;

/* One collection: ECON_OK, or an error with a reason naming the file. */
econ_err econ_collect(econ_collector *c, econ_system_metrics *m, char *reason, size_t cap);

#endif
