/* econ generators: usage events (valid, or bent in one field: NaN, inf,
 * negative, percent > 100, end < start), threshold configs with and without
 * wildcards, the fixed ids the econ fuzzers and tests share (gen.c), and
 * procfs texts (procfs_gen.c). */
#ifndef ECON_FUZZ_GEN_H
#define ECON_FUZZ_GEN_H

#include "econ.h"
#include "formfuzz/input.h"

#define ECON_GEN_USERS 3
#define ECON_GEN_INSTANCES 3
extern const char *const econ_gen_users[ECON_GEN_USERS];
extern const char *const econ_gen_instances[ECON_GEN_INSTANCES];

/* A valid event: ids from the pools, metrics within range. */
void econ_gen_event(ff_input *in, econ_event *ev);
/* The value econ_threshold_value reads for (resource, percentage), set to v. */
void econ_gen_set_metric(econ_event *ev, econ_resource r, bool percentage, double v);
/* A threshold config over the pools: user "*" or one, instance null, "*" or one. */
void econ_gen_threshold(ff_input *in, econ_threshold *t, size_t k);

/* Linux procfs texts and the SystemMetrics values they carry (cpu usage
 * from the two /proc/stat readings; timestamp, ids and process count unset). */
typedef struct econ_procfs_texts {
  char stat0[256], stat1[256], meminfo[512], diskstats[1024], netdev[1024], loadavg[96];
  econ_system_metrics want;
} econ_procfs_texts;
void econ_gen_procfs(ff_input *in, econ_procfs_texts *t);

#endif
