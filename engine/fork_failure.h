/* Fork mode's view of a job that failed (see fork.h): which kind of failure
 * its exit code says, its crash signature from its log, and its artifact,
 * kept in the user's artifact place only when no earlier job's had the same
 * signature. */
#ifndef FF_ENGINE_FORK_FAILURE_H
#define FF_ENGINE_FORK_FAILURE_H

#include <stddef.h>

#include "flags.h"

enum ff_fork_kind { FF_FORK_OK, FF_FORK_CRASH, FF_FORK_TIMEOUT, FF_FORK_OOM, FF_FORK_INTERRUPT };

/* Signatures of the failures kept so far. */
typedef struct ff_fork_signatures {
  char **v;
  size_t n;
} ff_fork_signatures;

/* The kind of a job's exit code, as libFuzzer's fork mode tells them apart:
 * -timeout_exitcode, 71 (oom), 72 (interrupted), any other non-zero code
 * (a crash, a leak, a signal) is a crash. */
int ff_fork_kind_of(const ff_flags *f, int code);
/* Handles the failure of job id, whose artifacts are in job_dir and whose
 * log text is log: finds its signature, writes its artifact through
 * artifact.h when the signature is new (adding it to sigs), and prints one
 * line saying which. Returns the stats' kind of the artifact ("crash",
 * "leak", "timeout", "oom"), or "crash" when the job left none. */
const char *ff_fork_keep_artifact(ff_fork_signatures *sigs, long id, const char *job_dir,
                                  const char *log, int wait_status);
/* The lines of the failure in log that name it ("ERROR:", "runtime error:"),
 * printed as libFuzzer's fork mode does for an ignored failure. */
void ff_fork_print_error_lines(const char *log);
void ff_fork_signatures_free(ff_fork_signatures *sigs);

#endif
