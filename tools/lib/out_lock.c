/* The output root's lock (see out_lock.h). */
#include "out_lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

int ff_out_lock(const char *out_root, const char *who) {
  char path[4200];
  snprintf(path, sizeof path, "%s/.formfuzz.lock", out_root);
  /* O_CLOEXEC: an engine started by us must not keep the lock after we end */
  int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    fprintf(stderr, "formfuzz %s: cannot create %s: %s\n", who, path, strerror(errno));
    return 3;
  }
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int why = errno;
    char holder[32] = "";
    ssize_t n = pread(fd, holder, sizeof holder - 1, 0);
    holder[n > 0 ? n : 0] = '\0';
    holder[strcspn(holder, "\n")] = '\0';
    if (why == EWOULDBLOCK)
      fprintf(stderr, "formfuzz %s: %s is in use by formfuzz (pid %s); wait for it to end or give "
                      "another --out\n", who, out_root, holder[0] ? holder : "unknown");
    else
      fprintf(stderr, "formfuzz %s: cannot lock %s: %s\n", who, path, strerror(why));
    close(fd);
    return 3;
  }
  char pid[32];
  int len = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
  if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)len, 0) != len)
    fprintf(stderr, "formfuzz %s: warning: cannot write the pid into %s: %s\n", who, path,
            strerror(errno));
  return 0; /* fd stays open, and locked, until the process ends */
}
