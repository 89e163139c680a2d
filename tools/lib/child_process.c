/* Spawning, waiting for and stopping child processes (see child_process.h). */
#define _GNU_SOURCE /* pipe2, sigabbrev_np */
#include "child_process.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

double ff_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

/* In the child after fork: set up and exec; never returns. out_fd: where
 * stdout+stderr go (-1: inherit). The child gets SIGTERM when formfuzz dies
 * (even by SIGKILL): an engine never outlives the command that started it. */
static void exec_child(const char *const *argv, const ff_spawn_opts *opts, int out_fd,
                       pid_t parent) {
  setpgid(0, 0);
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() != parent) _exit(127); /* the parent died before prctl */
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  signal(SIGPIPE, SIG_DFL);
  if (out_fd >= 0) {
    dup2(out_fd, 1);
    dup2(out_fd, 2);
    close(out_fd);
  }
  int devnull = open("/dev/null", O_RDONLY);
  if (devnull >= 0) {
    dup2(devnull, 0);
    close(devnull);
  }
  if (opts && opts->cwd && chdir(opts->cwd) != 0) {
    fprintf(stderr, "formfuzz: cannot enter %s: %s\n", opts->cwd, strerror(errno));
    _exit(127);
  }
  if (opts && opts->env)
    for (const char *const *e = opts->env; *e; e++) putenv((char *)*e);
  execvp(argv[0], (char *const *)argv);
  fprintf(stderr, "formfuzz: cannot run %s: %s\n", argv[0], strerror(errno));
  _exit(127);
}

pid_t ff_spawn_to_fd(const char *const *argv, const ff_spawn_opts *opts, int out_fd, char *err,
                     size_t err_cap) {
  fflush(stdout);
  fflush(stderr);
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    snprintf(err, err_cap, "fork: %s", strerror(errno));
    return -1;
  }
  if (pid == 0) exec_child(argv, opts, out_fd, parent);
  setpgid(pid, pid); /* also from the parent, so the group exists before any kill */
  return pid;
}

pid_t ff_spawn(const char *const *argv, const ff_spawn_opts *opts, char *err, size_t err_cap) {
  int fd = -1;
  if (opts && opts->log_path) {
    fd = open(opts->log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) {
      snprintf(err, err_cap, "cannot open log %s: %s", opts->log_path, strerror(errno));
      return -1;
    }
  } else if (opts && opts->quiet) {
    fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
  }
  /* O_CLOEXEC is harmless: dup2 onto 1 and 2 clears it for the child */
  pid_t pid = ff_spawn_to_fd(argv, opts, fd, err, err_cap);
  if (fd >= 0) close(fd);
  return pid;
}

static double seconds(struct timeval t) { return (double)t.tv_sec + (double)t.tv_usec / 1e6; }

static void decode(int status, const struct rusage *ru, ff_exit *out) {
  out->code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  out->signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  out->cpu_s = seconds(ru->ru_utime) + seconds(ru->ru_stime);
}

int ff_child_poll(pid_t pid, ff_exit *out) {
  int status;
  struct rusage ru;
  pid_t r;
  do {
    r = wait4(pid, &status, WNOHANG, &ru);
  } while (r < 0 && errno == EINTR);
  if (r < 0) return -1;
  if (r == 0) return 0;
  out->timed_out = false;
  decode(status, &ru, out);
  return 1;
}

void ff_child_stop(pid_t pid, double grace_s, ff_exit *out) {
  kill(-pid, SIGTERM);
  double deadline = ff_now() + grace_s;
  while (ff_now() < deadline) {
    if (ff_child_poll(pid, out) != 0) {
      kill(-pid, SIGKILL); /* anything the child left behind in its group */
      return;
    }
    sleep_ms(20);
  }
  kill(-pid, SIGKILL);
  int status = 0;
  struct rusage ru = {0};
  while (wait4(pid, &status, 0, &ru) < 0 && errno == EINTR) {
  }
  decode(status, &ru, out);
}

int ff_child_wait(pid_t pid, double timeout_s, double grace_s, ff_exit *out) {
  double deadline = timeout_s > 0 ? ff_now() + timeout_s : 0;
  for (;;) {
    int r = ff_child_poll(pid, out);
    if (r != 0) return r < 0 ? -1 : 0;
    if (deadline && ff_now() >= deadline) {
      ff_child_stop(pid, grace_s, out);
      out->timed_out = true;
      return 0;
    }
    sleep_ms(10);
  }
}

int ff_run(const char *const *argv, const ff_spawn_opts *opts, double timeout_s, ff_exit *out,
           char *err, size_t err_cap) {
  pid_t pid = ff_spawn(argv, opts, err, err_cap);
  if (pid < 0) return -1;
  return ff_child_wait(pid, timeout_s, 2.0, out);
}

int ff_run_capture(const char *const *argv, const char *const *env, double timeout_s,
                   size_t max_output, ff_exit *out, char **output, char *err, size_t err_cap) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    snprintf(err, err_cap, "pipe: %s", strerror(errno));
    return -1;
  }
  ff_spawn_opts opts = {.env = env};
  pid_t pid = ff_spawn_to_fd(argv, &opts, fds[1], err, err_cap);
  close(fds[1]);
  if (pid < 0) {
    close(fds[0]);
    return -1;
  }
  char *buf = malloc(max_output + 1);
  size_t len = 0;
  double deadline = timeout_s > 0 ? ff_now() + timeout_s : 0;
  bool eof = false, timed_out = false;
  while (!eof) {
    struct pollfd p = {.fd = fds[0], .events = POLLIN};
    int r = poll(&p, 1, 50);
    if (r > 0) {
      char chunk[4096];
      ssize_t n = read(fds[0], chunk, sizeof chunk);
      if (n <= 0) {
        if (n < 0 && errno == EINTR) continue;
        eof = true;
      } else if (buf && len < max_output) {
        size_t keep = (size_t)n < max_output - len ? (size_t)n : max_output - len;
        memcpy(buf + len, chunk, keep);
        len += keep;
      }
    }
    if (deadline && ff_now() >= deadline) {
      timed_out = true;
      break;
    }
  }
  close(fds[0]);
  if (timed_out) {
    ff_child_stop(pid, 2.0, out);
    out->timed_out = true;
  } else {
    double left = deadline ? deadline - ff_now() : 0;
    ff_child_wait(pid, deadline ? (left > 0.01 ? left : 0.01) : 0, 2.0, out);
  }
  if (!buf) {
    snprintf(err, err_cap, "out of memory");
    return -1;
  }
  buf[len] = '\0';
  *output = buf;
  return 0;
}

void ff_exit_describe(const ff_exit *e, char *out, size_t cap) {
  const char *abbrev = e->signal ? sigabbrev_np(e->signal) : NULL;
  if (e->timed_out)
    snprintf(out, cap, "timed out");
  else if (e->signal)
    snprintf(out, cap, "killed by signal %d (SIG%s)", e->signal, abbrev ? abbrev : "?");
  else
    snprintf(out, cap, "exit %d", e->code);
}
