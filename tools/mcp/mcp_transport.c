/* The stdio transport: a child process with pipes (see mcp_transport.h). */
#define _GNU_SOURCE
#include "mcp_transport.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

static void exec_server(const char *command, const char *cwd, const char *const *env, bool inherit_env,
                        int in_fd, int out_fd, int err_fd, pid_t parent) { /* out_fd < 0: stdout to err_fd */
  setpgid(0, 0);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(127);
  signal(SIGPIPE, SIG_DFL);
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  dup2(in_fd, 0);
  dup2(out_fd >= 0 ? out_fd : err_fd, 1);
  dup2(err_fd, 2);
  if (!inherit_env) { /* the server sees only what it needs to start, plus env */
    static const char *const KEEP[] = {"PATH", "HOME", "TMPDIR", "LANG", "USER"};
    char *kept[5] = {0};
    for (int i = 0; i < 5; i++) {
      const char *v = getenv(KEEP[i]);
      if (v && asprintf(&kept[i], "%s=%s", KEEP[i], v) < 0) kept[i] = NULL;
    }
    clearenv();
    for (int i = 0; i < 5; i++)
      if (kept[i]) putenv(kept[i]);
  }
  if (env)
    for (const char *const *e = env; *e; e++) putenv((char *)*e);
  if (cwd && chdir(cwd) != 0) _exit(127);
  char *script;
  if (asprintf(&script, "exec %s", command) < 0) _exit(127);
  execl("/bin/sh", "sh", "-c", script, (char *)NULL);
  _exit(127);
}

static int spawn(mcp_transport *t, const char *command, const char *cwd, const char *const *env,
                 bool inherit_env, bool stdout_to_log, const char *stderr_log, char *err, size_t err_cap) {
  memset(t, 0, sizeof *t);
  t->pid = -1;
  int in[2], out[2];
  if (pipe2(in, O_CLOEXEC) != 0) goto fail;
  if (pipe2(out, O_CLOEXEC) != 0) {
    close(in[0]);
    close(in[1]);
    goto fail;
  }
  int err_fd = stderr_log ? open(stderr_log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644)
                          : open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (err_fd < 0) {
    snprintf(err, err_cap, "%s: %s", stderr_log ? stderr_log : "/dev/null", strerror(errno));
    close(in[0]), close(in[1]), close(out[0]), close(out[1]);
    return -1;
  }
  fflush(stdout);
  fflush(stderr);
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    close(in[0]), close(in[1]), close(out[0]), close(out[1]), close(err_fd);
    goto fail;
  }
  if (pid == 0) exec_server(command, cwd, env, inherit_env, in[0], stdout_to_log ? -1 : out[1], err_fd, parent);
  setpgid(pid, pid);
  close(in[0]);
  close(out[1]);
  close(err_fd);
  t->pid = pid;
  t->to_child = in[1];
  t->from_child = out[0];
  signal(SIGPIPE, SIG_IGN); /* a dead server is seen as EPIPE, not a dead formfuzz */
  return 0;
fail:
  snprintf(err, err_cap, "cannot start the server: %s", strerror(errno));
  return -1;
}

int mcp_transport_start(mcp_transport *t, const char *command, const char *cwd, const char *const *env,
                        bool inherit_env, const char *stderr_log, char *err, size_t err_cap) {
  return spawn(t, command, cwd, env, inherit_env, false, stderr_log, err, err_cap);
}

static int append_buf(mcp_transport *t, const char *p, size_t n) {
  if (t->len + n + 1 > t->cap) {
    size_t cap = t->cap ? t->cap : 131072;
    while (cap < t->len + n + 1) cap *= 2;
    char *nb = realloc(t->buf, cap);
    if (!nb) return -1;
    t->buf = nb;
    t->cap = cap;
  }
  memcpy(t->buf + t->len, p, n);
  t->len += n;
  return 0;
}

/* The HTTP port accepts connections. */
static bool reachable(const char *url) {
  CURL *c = curl_easy_init();
  if (!c) return false;
  curl_easy_setopt(c, CURLOPT_URL, url);
  curl_easy_setopt(c, CURLOPT_CONNECT_ONLY, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 500L);
  curl_easy_setopt(c, CURLOPT_PROXY, "");
  bool ok = curl_easy_perform(c) == CURLE_OK;
  curl_easy_cleanup(c);
  return ok;
}

int mcp_transport_start_http(mcp_transport *t, const char *url, const char *server_command,
                             const char *cwd, const char *const *env, bool inherit_env, const char *stderr_log,
                             double timeout_s, double wait_s, char *err, size_t err_cap) {
  memset(t, 0, sizeof *t);
  t->pid = -1;
  t->to_child = t->from_child = -1;
  if (server_command &&
      spawn(t, server_command, cwd, env, inherit_env, true, stderr_log, err, err_cap) != 0)
    return -1;
  t->is_http = true;
  t->http_timeout_s = timeout_s;
  if (mcp_http_open(&t->http, url, err, err_cap) != 0) {
    mcp_transport_stop(t);
    return -1;
  }
  double deadline = ff_now() + wait_s;
  while (!reachable(url)) {
    if (ff_now() > deadline || (server_command && !mcp_transport_alive(t))) {
      snprintf(err, err_cap, "%s: %s", url,
               server_command && t->ended ? "the server ended before it listened" : "nothing answers");
      mcp_transport_stop(t);
      return -1;
    }
    usleep(50000);
  }
  return 0;
}

void mcp_transport_mark_ended(mcp_transport *t) {
  if (t->ended) return;
  if (t->pid > 0) {
    mcp_transport_alive(t);
    if (!t->ended) ff_child_stop(t->pid, 0.5, &t->status);
  } else {
    memset(&t->status, 0, sizeof t->status);
    t->status.code = -1;
  }
  t->ended = true;
}

static int http_send(mcp_transport *t, const char *text) {
  char *lines = NULL;
  size_t n = 0;
  int status = t->http_status = mcp_http_post(&t->http, text, t->http_timeout_s, &lines, &n);
  if (n) append_buf(t, lines, n);
  free(lines);
  if (status < 0 || (t->pid > 0 && !mcp_transport_alive(t))) {
    mcp_transport_mark_ended(t);
    return -1;
  }
  return 0;
}

int mcp_transport_send(mcp_transport *t, const char *text) {
  if (t->ended) return -1;
  if (t->is_http) return http_send(t, text);
  if (t->pid < 0) return -1;
  size_t n = strlen(text);
  char *line = malloc(n + 1);
  if (!line) return -1;
  memcpy(line, text, n);
  line[n] = '\n';
  size_t off = 0;
  int rc = 0;
  while (off < n + 1) {
    ssize_t w = write(t->to_child, line + off, n + 1 - off);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      rc = -1;
      break;
    }
    off += (size_t)w;
  }
  free(line);
  return rc;
}

/* A complete line in a buffer: moved out into *line. */
static bool take_line_from(char *buf, size_t *len, size_t max_line, char **line) {
  char *nl = buf ? memchr(buf, '\n', *len) : NULL;
  if (!nl) return false;
  size_t n = (size_t)(nl - buf), keep = n < max_line ? n : max_line;
  if (keep && buf[keep - 1] == '\r' && keep == n) keep--;
  *line = malloc(keep + 1);
  if (!*line) return false;
  memcpy(*line, buf, keep);
  (*line)[keep] = '\0';
  memmove(buf, nl + 1, *len - n - 1);
  *len -= n + 1;
  return true;
}

static bool take_line(mcp_transport *t, size_t max_line, char **line) {
  return take_line_from(t->buf, &t->len, max_line, line);
}

/* HTTP: the server's GET stream, read without waiting, queued line by line. */
static bool take_stream_line(mcp_transport *t, size_t max_line, char **line) {
  char *lines = NULL;
  size_t n = 0;
  mcp_http_stream_poll(&t->http, &lines, &n);
  if (n) {
    char *nb = realloc(t->stream_buf, t->stream_len + n + 1);
    if (nb) {
      memcpy(nb + t->stream_len, lines, n);
      t->stream_buf = nb;
      t->stream_len += n;
    }
  }
  free(lines);
  return take_line_from(t->stream_buf, &t->stream_len, max_line, line);
}

bool mcp_transport_alive(mcp_transport *t) {
  if (t->ended) return false;
  if (t->pid < 0) return t->is_http;
  ff_exit e;
  if (ff_child_poll(t->pid, &e) == 1) {
    t->ended = true;
    t->status = e;
    return false;
  }
  return true;
}

int mcp_transport_recv(mcp_transport *t, double timeout_s, size_t max_line, char **line) {
  *line = NULL;
  double deadline = ff_now() + timeout_s;
  for (;;) {
    if (t->is_http) { /* the stream first: what it said happened before the POST's answer was read */
      t->last_from_stream = take_stream_line(t, max_line, line);
      if (t->last_from_stream) return 1;
    }
    if (take_line(t, max_line, line)) return 1;
    if (t->len > max_line) { /* a line without end beyond the limit: cut it here */
      t->buf[max_line] = '\n';
      continue;
    }
    if (t->is_http) /* answers arrive with the POST: none left means none */
      return mcp_transport_alive(t) ? 0 : -1;
    double left = deadline - ff_now();
    if (left <= 0) return 0;
    struct pollfd p = {.fd = t->from_child, .events = POLLIN};
    int pr = poll(&p, 1, (int)(left * 1000) + 1);
    if (pr < 0 && errno == EINTR) continue;
    if (pr == 0) continue;
    if (t->cap - t->len < 65536) {
      size_t cap = t->cap ? t->cap * 2 : 131072;
      char *nb = realloc(t->buf, cap);
      if (!nb) return -1;
      t->buf = nb;
      t->cap = cap;
    }
    ssize_t r = read(t->from_child, t->buf + t->len, t->cap - t->len - 1);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) { /* stdout closed: the server is ending; give it a moment to exit */
      for (int i = 0; i < 50 && mcp_transport_alive(t); i++) usleep(10000);
      mcp_transport_mark_ended(t);
      return -1;
    }
    t->len += (size_t)r;
  }
}

long mcp_transport_rss_kib(const mcp_transport *t) {
  if (t->pid <= 0 || t->ended) return -1;
  char path[64], line[256];
  snprintf(path, sizeof path, "/proc/%d/status", (int)t->pid);
  FILE *f = fopen(path, "r");
  if (!f) return -1;
  long kib = -1;
  while (fgets(line, sizeof line, f))
    if (strncmp(line, "VmRSS:", 6) == 0) kib = strtol(line + 6, NULL, 10);
  fclose(f);
  return kib;
}

void mcp_transport_stop(mcp_transport *t) {
  if (t->is_http) mcp_http_close(&t->http);
  if (t->pid > 0 && !t->ended) {
    close(t->to_child);
    t->to_child = -1;
    ff_child_stop(t->pid, 0.5, &t->status);
    t->ended = true;
  }
  if (t->to_child >= 0) close(t->to_child);
  if (t->from_child >= 0) close(t->from_child);
  free(t->buf);
  free(t->stream_buf);
  t->buf = t->stream_buf = NULL;
  t->len = t->cap = t->stream_len = 0;
  t->to_child = t->from_child = -1;
}
