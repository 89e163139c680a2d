/* Atomic writes, bounded reads, SHA-1 names, temp-file clean-up and partial
 * last lines (see util/fileio.h). */
#define _GNU_SOURCE /* memrchr */
#include "fileio.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <nettle/sha1.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int write_all(int fd, const uint8_t *p, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, p, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    p += n;
    len -= (size_t)n;
  }
  return 0;
}

/* durable: fsync before the rename, so the file survives a power loss too */
static int write_atomic(const char *path, const void *data, size_t len, int durable) {
  size_t plen = strlen(path);
  char *tmp = malloc(plen + 32);
  if (!tmp) return -1;
  snprintf(tmp, plen + 32, "%s.tmp.%ld", path, (long)getpid());
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    free(tmp);
    return -1;
  }
  if (write_all(fd, data, len) != 0 || (durable && fsync(fd) != 0)) {
    int e = errno;
    close(fd);
    unlink(tmp);
    free(tmp);
    errno = e;
    return -1;
  }
  if (close(fd) != 0 || rename(tmp, path) != 0) {
    int e = errno;
    unlink(tmp);
    free(tmp);
    errno = e;
    return -1;
  }
  free(tmp);
  return 0;
}

int ff_write_atomic(const char *path, const void *data, size_t len) {
  return write_atomic(path, data, len, 1);
}

/* The pid of a temp name, or 0 when name is not one. */
static long temp_name_pid(const char *name) {
  const char *tag = NULL;
  for (const char *p = strstr(name, ".tmp."); p; p = strstr(p + 1, ".tmp.")) tag = p;
  if (!tag || tag == name) return 0;
  const char *digits = tag + 5;
  if (!*digits) return 0;
  long pid = 0;
  for (const char *d = digits; *d; d++) {
    if (!isdigit((unsigned char)*d) || pid > 100000000L) return 0;
    pid = pid * 10 + (*d - '0');
  }
  return pid;
}

int ff_is_temp_name(const char *name) { return temp_name_pid(name) > 0; }

int ff_remove_stale_temps(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return 0;
  int removed = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    long pid = temp_name_pid(e->d_name);
    if (pid <= 0 || (kill((pid_t)pid, 0) == 0 || errno == EPERM)) continue;
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= sizeof path) continue;
    if (unlink(path) == 0) removed++;
  }
  closedir(d);
  return removed;
}

int ff_drop_partial_last_line(const char *path) {
  int fd = open(path, O_RDWR | O_CLOEXEC);
  if (fd < 0) return errno == ENOENT ? 0 : -1;
  off_t size = lseek(fd, 0, SEEK_END);
  int rc = 0;
  char c;
  if (size > 0 && pread(fd, &c, 1, size - 1) == 1 && c != '\n') {
    off_t keep = size - 1;
    char buf[4096];
    while (keep > 0) { /* back to just after the last newline, or the start */
      size_t chunk = keep < (off_t)sizeof buf ? (size_t)keep : sizeof buf;
      ssize_t n = pread(fd, buf, chunk, keep - (off_t)chunk);
      if (n != (ssize_t)chunk) break;
      const char *nl = memrchr(buf, '\n', chunk);
      if (nl) {
        keep = keep - (off_t)chunk + (nl - buf) + 1;
        break;
      }
      keep -= (off_t)chunk;
    }
    rc = ftruncate(fd, keep) == 0 ? 1 : -1;
  }
  int e = errno;
  close(fd);
  errno = e;
  return rc;
}

void ff_sha1_hex(const void *data, size_t len, char out[FF_SHA1_HEX_LEN + 1]) {
  struct sha1_ctx ctx;
  uint8_t digest[SHA1_DIGEST_SIZE];
  sha1_init(&ctx);
  sha1_update(&ctx, len, data);
  sha1_digest(&ctx, sizeof digest, digest);
  static const char hex[] = "0123456789abcdef";
  for (size_t i = 0; i < SHA1_DIGEST_SIZE; i++) {
    out[2 * i] = hex[digest[i] >> 4];
    out[2 * i + 1] = hex[digest[i] & 15];
  }
  out[FF_SHA1_HEX_LEN] = '\0';
}

static int write_content_addressed(const char *dir, const char *prefix, const void *data,
                                   size_t len, char *name_out, size_t name_cap, int durable) {
  char sha[FF_SHA1_HEX_LEN + 1];
  ff_sha1_hex(data, len, sha);
  if (!prefix) prefix = "";
  char name[256];
  int n = snprintf(name, sizeof name, "%s%s", prefix, sha);
  if (n < 0 || (size_t)n >= sizeof name) {
    errno = ENAMETOOLONG;
    return -1;
  }
  if (name_out) {
    if (name_cap <= (size_t)n) {
      errno = ENAMETOOLONG;
      return -1;
    }
    memcpy(name_out, name, (size_t)n + 1);
  }
  size_t plen = strlen(dir) + 1 + (size_t)n + 1;
  char *path = malloc(plen);
  if (!path) return -1;
  snprintf(path, plen, "%s/%s", dir, name);
  struct stat st;
  if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == len) {
    free(path);
    return 0;
  }
  int rc = write_atomic(path, data, len, durable);
  free(path);
  return rc == 0 ? 1 : -1;
}

int ff_write_content_addressed(const char *dir, const char *prefix, const void *data, size_t len,
                               char *name_out, size_t name_cap) {
  return write_content_addressed(dir, prefix, data, len, name_out, name_cap, 1);
}

int ff_write_content_addressed_unsynced(const char *dir, const char *prefix, const void *data,
                                        size_t len, char *name_out, size_t name_cap) {
  return write_content_addressed(dir, prefix, data, len, name_out, name_cap, 0);
}

int ff_read_file(const char *path, size_t max_len, uint8_t **data, size_t *len, char *err,
                 size_t err_cap) {
  *data = NULL;
  *len = 0;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    snprintf(err, err_cap, "%s", strerror(errno));
    return -1;
  }
  struct stat st;
  if (fstat(fd, &st) != 0) {
    snprintf(err, err_cap, "%s", strerror(errno));
    close(fd);
    return -1;
  }
  if (!S_ISREG(st.st_mode)) {
    snprintf(err, err_cap, "not a regular file");
    close(fd);
    return -1;
  }
  if ((uint64_t)st.st_size > (uint64_t)max_len) {
    snprintf(err, err_cap, "larger than %zu bytes (%lld)", max_len, (long long)st.st_size);
    close(fd);
    return -1;
  }
  size_t want = (size_t)st.st_size;
  uint8_t *buf = malloc(want + 1);
  if (!buf) {
    snprintf(err, err_cap, "out of memory");
    close(fd);
    return -1;
  }
  size_t got = 0;
  while (got < want) {
    ssize_t n = read(fd, buf + got, want - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      snprintf(err, err_cap, "%s", strerror(errno));
      free(buf);
      close(fd);
      return -1;
    }
    if (n == 0) break; /* file shrank while reading: keep what is there */
    got += (size_t)n;
  }
  close(fd);
  buf[got] = 0;
  *data = buf;
  *len = got;
  return 0;
}

int ff_mkdirs(const char *path) {
  char buf[4096];
  size_t n = strlen(path);
  if (n == 0 || n >= sizeof buf) {
    errno = ENAMETOOLONG;
    return -1;
  }
  memcpy(buf, path, n + 1);
  for (size_t i = 1; i <= n; i++) {
    if (buf[i] == '/' || buf[i] == '\0') {
      char c = buf[i];
      buf[i] = '\0';
      if (mkdir(buf, 0755) != 0 && errno != EEXIST) return -1;
      buf[i] = c;
    }
  }
  struct stat st;
  if (stat(path, &st) != 0) return -1;
  if (!S_ISDIR(st.st_mode)) {
    errno = ENOTDIR;
    return -1;
  }
  return 0;
}
