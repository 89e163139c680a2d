/* The live coverage handshake without a network: this program is both the
 * tool (tools/live/live_cov.c) and, run again as a child with
 * FORMFUZZ_LIVE_COV set, a "server" linked with the inline 8-bit counters
 * runtime (tools/live/cov/live_cov_counters_rt.c) whose one fake module of
 * counters is bumped on the parent's orders through a pipe. Checks the AFL
 * hit-count buckets, clear and collect through the runtime's thread, new
 * edges and buckets counted once, counters of a stopped server not waited for. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ff_check.h"
#include "live_cov.h"

void __sanitizer_cov_8bit_counters_init(uint8_t *start, uint8_t *stop);

#define FAKE_COUNTERS 300

static uint8_t fake[FAKE_COUNTERS]; /* the child's module of counters */

/* The child: registers its counters, then for each order "slot count" adds
 * count to that counter and answers one byte. */
static int child(int in, int out) {
  __sanitizer_cov_8bit_counters_init(fake, fake + FAKE_COUNTERS);
  unsigned order[2];
  while (read(in, order, sizeof order) == (ssize_t)sizeof order) {
    fake[order[0] % FAKE_COUNTERS] += (uint8_t)order[1];
    char ok = 1;
    if (write(out, &ok, 1) != 1) return 1;
  }
  return 0;
}

static int to_child, from_child;

static void hit(unsigned slot, unsigned count) {
  unsigned order[2] = {slot, count};
  char ok;
  if (write(to_child, order, sizeof order) != (ssize_t)sizeof order || read(from_child, &ok, 1) != 1) {
    fprintf(stderr, "the child stopped answering\n");
    exit(1);
  }
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc == 4 && strcmp(argv[1], "child") == 0) return child(atoi(argv[2]), atoi(argv[3]));

  static const uint8_t counts[] = {0, 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 127, 128, 255};
  static const uint8_t buckets[] = {0, 1, 2, 4, 8, 8, 16, 16, 32, 32, 64, 64, 128, 128};
  for (size_t i = 0; i < sizeof counts; i++) CHECK_MSG((long)(live_cov_bucket(counts[i])) == (long)(buckets[i]), "got %ld", (long)(live_cov_bucket(counts[i])));

  live_cov c;
  char err[256];
  REQUIRE(live_cov_open(&c, err, sizeof err) == 0, "%s", err);
  int down[2], up[2];
  REQUIRE(pipe(down) == 0 && pipe(up) == 0, "no pipe");
  pid_t pid = fork();
  if (pid == 0) {
    char a[16], b[16];
    snprintf(a, sizeof a, "%d", down[0]);
    snprintf(b, sizeof b, "%d", up[1]);
    putenv(c.env);
    execl("/proc/self/exe", argv[0], "child", a, b, (char *)NULL);
    _exit(127);
  }
  to_child = down[1], from_child = up[0];
  hit(0, 0); /* the child is up: its constructor attached to the map */
  CHECK_MSG((long)(live_cov_runtime(&c)) == (long)(LIVE_COV_RT_COUNTERS), "got %ld", (long)(live_cov_runtime(&c)));
  CHECK_MSG((long)(c.header->counters) == (long)(FAKE_COUNTERS), "got %ld", (long)(c.header->counters));

  live_cov_clear(&c);
  hit(5, 3), hit(7, 1);
  CHECK_MSG((long)(live_cov_new_edges(&c)) == (long)(2), "got %ld", (long)(live_cov_new_edges(&c))); /* two edges, one bucket each */
  CHECK_MSG((long)(c.edges) == (long)(2), "got %ld", (long)(c.edges));
  CHECK_MSG((long)(c.map[5]) == (long)(3), "got %ld", (long)(c.map[5]));

  live_cov_clear(&c); /* the child's counters are zeroed too: the same hits are nothing new */
  hit(5, 3), hit(7, 1);
  CHECK_MSG((long)(live_cov_new_edges(&c)) == (long)(0), "got %ld", (long)(live_cov_new_edges(&c)));

  live_cov_clear(&c);
  hit(5, 10); /* slot 5 in bucket 8-15: a new feature, not a new edge */
  CHECK_MSG((long)(live_cov_new_edges(&c)) == (long)(1), "got %ld", (long)(live_cov_new_edges(&c)));
  CHECK_MSG((long)(c.edges) == (long)(2), "got %ld", (long)(c.edges));
  CHECK_MSG((long)(c.features) == (long)(3), "got %ld", (long)(c.features));
  CHECK_MSG((long)(c.map[7]) == (long)(0), "got %ld", (long)(c.map[7]));

  kill(pid, SIGKILL);
  waitpid(pid, NULL, 0);
  live_cov_clear(&c);
  double t0 = now_s();
  CHECK_MSG((long)(live_cov_new_edges(&c)) == (long)(0), "got %ld", (long)(live_cov_new_edges(&c)));
  CHECK(now_s() - t0 < 0.1); /* a server that is gone is not waited for */
  live_cov_close(&c);
  return check_summary("live_cov_unit");
}
