/* tools/lib/orphans.c: a grandchild left behind by its dead parent (as
 * AFL++'s fork servers are when afl-fuzz ends) comes to this process as a
 * subreaper and is stopped by executable, whether still running or already a
 * zombie; an orphan of an executable not named is left alone. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ff_check.h"
#include "orphans.h"

/* Forks a child that starts argv as its own child and exits at once: the
 * grandchild is orphaned. Returns the grandchild's pid (read from a pipe). */
static pid_t orphan(const char *const argv[]) {
  int p[2];
  if (pipe(p) != 0) return -1;
  pid_t child = fork();
  if (child == 0) {
    pid_t g = fork();
    if (g == 0) {
      close(p[0]);
      close(p[1]);
      execv(argv[0], (char *const *)argv);
      _exit(127);
    }
    (void)!write(p[1], &g, sizeof g);
    _exit(0);
  }
  close(p[1]);
  pid_t g = -1;
  if (read(p[0], &g, sizeof g) != (ssize_t)sizeof g) g = -1;
  close(p[0]);
  waitpid(child, NULL, 0);
  return g;
}

static int alive(pid_t pid) { return kill(pid, 0) == 0; }

int main(void) {
  ff_orphans_adopt();
  const char *const sleeper[] = {"/bin/sleep", "30", NULL};
  const char *const quick[] = {"/bin/true", NULL};
  const char *const other[] = {"/usr/bin/tail", "-f", "/dev/null", NULL};

  pid_t running = orphan(sleeper);
  pid_t dead = orphan(quick);
  pid_t unnamed = orphan(other);
  CHECK(running > 0 && dead > 0 && unnamed > 0);
  usleep(300 * 1000); /* /bin/true has ended: a zombie child of this process */

  const char *const named[] = {"/bin/sleep", "/bin/true"};
  int stopped = ff_orphans_stop(named, 2);
  CHECK_MSG(stopped == 2, "stopped %d, want 2 (the running orphan and the zombie)", stopped);
  CHECK(!alive(running));
  CHECK(waitpid(dead, NULL, WNOHANG) == -1); /* already reaped */
  CHECK(alive(unnamed));

  const char *const again[] = {"/bin/sleep"};
  CHECK(ff_orphans_stop(again, 1) == 0);

  kill(unnamed, SIGKILL);
  waitpid(unnamed, NULL, 0);
  return check_summary("tools_orphans");
}
