/* Finding and stopping adopted orphans by executable (see orphans.h). */
#include "orphans.h"

#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

void ff_orphans_adopt(void) { prctl(PR_SET_CHILD_SUBREAPER, 1); }

/* From /proc/pid/stat: the parent pid, the state letter and the command name
 * (up to 15 characters; it may hold spaces and parentheses). -1 when gone. */
static pid_t stat_of(pid_t pid, char *state, char *comm, size_t comm_cap) {
  char path[64], buf[1024];
  snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
  FILE *f = fopen(path, "r");
  if (!f) return -1;
  size_t len = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[len] = '\0';
  char *open_paren = strchr(buf, '('), *close_paren = strrchr(buf, ')');
  int ppid;
  if (!open_paren || !close_paren || close_paren < open_paren ||
      sscanf(close_paren + 1, " %c %d", state, &ppid) != 2)
    return -1;
  snprintf(comm, comm_cap, "%.*s", (int)(close_paren - open_paren - 1), open_paren + 1);
  return (pid_t)ppid;
}

/* A live process by its executable; a zombie (whose exe link is gone) by
 * its command name, the first 15 characters of the executable's name. */
static int matches(pid_t pid, char state, const char *comm, char resolved[][PATH_MAX], size_t n) {
  char link[64], exe[PATH_MAX];
  snprintf(link, sizeof link, "/proc/%d/exe", (int)pid);
  ssize_t len = state == 'Z' ? -1 : readlink(link, exe, sizeof exe - 1);
  if (len > 0) exe[len] = '\0';
  for (size_t i = 0; i < n; i++) {
    if (!resolved[i][0]) continue;
    const char *base = strrchr(resolved[i], '/');
    base = base ? base + 1 : resolved[i];
    if (len > 0 ? strcmp(exe, resolved[i]) == 0 : strncmp(comm, base, 15) == 0 && comm[0]) return 1;
  }
  return 0;
}

int ff_orphans_stop(const char *const *exes, size_t n) {
  if (n == 0 || n > 8) return 0;
  char resolved[8][PATH_MAX];
  for (size_t i = 0; i < n; i++)
    if (!exes[i] || !realpath(exes[i], resolved[i])) resolved[i][0] = '\0';
  DIR *d = opendir("/proc");
  if (!d) return 0;
  pid_t self = getpid();
  int stopped = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    char *end;
    long pid = strtol(e->d_name, &end, 10);
    char state = 0, comm[64];
    if (*end || pid <= 0 || stat_of((pid_t)pid, &state, comm, sizeof comm) != self ||
        !matches((pid_t)pid, state, comm, resolved, n))
      continue;
    if (state != 'Z') kill((pid_t)pid, SIGKILL);
    if (waitpid((pid_t)pid, NULL, 0) == (pid_t)pid) stopped++;
  }
  closedir(d);
  return stopped;
}
