/* Failed fork-mode jobs: kind, signature, deduplicated artifact (see fork_failure.h). */
#include "fork_failure.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "artifact.h"
#include "crash_signature.h"
#include "fileio.h"
#include "globals.h"
#include "log.h"

#define SIGNATURE_CAP 512
#define ARTIFACT_MAX (1u << 30)

int ff_fork_kind_of(const ff_flags *f, int code) {
  if (code == 0) return FF_FORK_OK;
  if (code == ff_exit_code.interrupt) return FF_FORK_INTERRUPT;
  if (code == f->timeout_exitcode) return FF_FORK_TIMEOUT;
  if (code == ff_exit_code.oom) return FF_FORK_OOM;
  return FF_FORK_CRASH;
}

/* The part of a job's log after its last status line ("#<runs>\t..." at the
 * start of a line): the failure report. Stack frames are indented, so they
 * are not taken for status lines. */
static const char *failure_part(const char *log) {
  const char *part = log;
  for (const char *line = log; *line;) {
    if (line[0] == '#' && line[1] >= '0' && line[1] <= '9') {
      const char *eol = strchr(line, '\n');
      part = eol ? eol + 1 : line + strlen(line);
    }
    const char *eol = strchr(line, '\n');
    if (!eol) break;
    line = eol + 1;
  }
  return part;
}

static const char *const artifact_kinds[] = {"crash", "leak", "timeout", "oom"};

/* The kind of an artifact file name ("crash-<sha1>"...), or NULL. */
static const char *artifact_kind(const char *name) {
  for (size_t i = 0; i < sizeof artifact_kinds / sizeof *artifact_kinds; i++) {
    size_t n = strlen(artifact_kinds[i]);
    if (strncmp(name, artifact_kinds[i], n) == 0 && name[n] == '-' && !ff_is_temp_name(name))
      return artifact_kinds[i];
  }
  return NULL;
}

/* The artifact the job wrote into job_dir: its path into path, its kind returned. */
static const char *find_artifact(const char *job_dir, char *path, size_t cap) {
  DIR *d = opendir(job_dir);
  if (!d) return NULL;
  const char *kind = NULL;
  struct dirent *de;
  while (!kind && (de = readdir(d)) != NULL) {
    kind = artifact_kind(de->d_name);
    if (kind) snprintf(path, cap, "%s/%s", job_dir, de->d_name);
  }
  closedir(d);
  return kind;
}

static bool seen(const ff_fork_signatures *sigs, const char *sig) {
  for (size_t i = 0; i < sigs->n; i++)
    if (strcmp(sigs->v[i], sig) == 0) return true;
  return false;
}

static void remember(ff_fork_signatures *sigs, const char *sig) {
  char **grown = realloc(sigs->v, (sigs->n + 1) * sizeof *grown);
  if (!grown) return;
  sigs->v = grown;
  sigs->v[sigs->n] = strdup(sig);
  if (sigs->v[sigs->n]) sigs->n++;
}

const char *ff_fork_keep_artifact(ff_fork_signatures *sigs, long id, const char *job_dir,
                                  const char *log, int wait_status) {
  char sig[SIGNATURE_CAP], path[4200];
  ff_crash_signature(failure_part(log), wait_status, sig, sizeof sig);
  const char *kind = find_artifact(job_dir, path, sizeof path);
  if (!kind) {
    ff_logf("INFO: job %ld failed (%s) and left no artifact\n", id, sig);
    return "crash";
  }
  if (seen(sigs, sig)) {
    ff_logf("INFO: job %ld: %s, a duplicate of a kept artifact (%s); not kept\n", id, kind, sig);
    return kind;
  }
  uint8_t *data;
  size_t len;
  char err[256];
  if (ff_read_file(path, ARTIFACT_MAX, &data, &len, err, sizeof err) != 0) {
    ff_logf("ERROR: job %ld: cannot read its artifact %s: %s\n", id, path, err);
    return kind;
  }
  ff_logf("INFO: job %ld: new %s (%s)\n", id, kind, sig);
  if (ff_artifact_write(kind, data, len, NULL) == 0) remember(sigs, sig);
  free(data);
  return kind;
}

void ff_fork_print_error_lines(const char *log) {
  for (const char *line = failure_part(log); *line;) {
    const char *eol = strchr(line, '\n');
    size_t len = eol ? (size_t)(eol - line) : strlen(line);
    char text[1024];
    snprintf(text, sizeof text, "%.*s", (int)(len < sizeof text ? len : sizeof text - 1), line);
    if (strstr(text, "ERROR:") || strstr(text, "runtime error:")) ff_logf("%s\n", text);
    if (!eol) break;
    line = eol + 1;
  }
}

void ff_fork_signatures_free(ff_fork_signatures *sigs) {
  for (size_t i = 0; i < sigs->n; i++) free(sigs->v[i]);
  free(sigs->v);
  sigs->v = NULL;
  sigs->n = 0;
}
