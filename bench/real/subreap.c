/* subreap: runs a command in a session of its own and, when it ends, kills
 * what it left running (afl-fuzz's fork servers and their persistent target
 * processes) and waits for every descendant, as their child subreaper. So the
 * CPU time of everything the command started reaches this process's parent
 * (the benchmark shell's `times`), which otherwise never sees the time of
 * processes that were killed after their own parent had gone.
 * -n NICE sets the command's niceness (and, where the kernel groups
 * sessions into autogroups, its session's), so that a benchmark can yield
 * to other work on the machine.
 * usage: subreap [-n NICE] COMMAND [ARG...]; exits with COMMAND's status
 * (128+signal when a signal ended it). Built by bench/real/engines.sh. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t child; /* for the signal handler */

/* A stop asked of this process (SIGINT, SIGTERM) goes to the command's session. */
static void pass_on(int sig) { kill(-child, sig); }

/* SIGKILL to every process whose parent is this one (the orphans that were
 * reparented here, in whatever process group they are). */
static void kill_children(void) {
    DIR *d = opendir("/proc");
    if (!d) return;
    struct dirent *e;
    char path[64], buf[512];
    while ((e = readdir(d))) {
        int pid = atoi(e->d_name);
        if (pid <= 0) continue;
        snprintf(path, sizeof path, "/proc/%d/stat", pid);
        FILE *f = fopen(path, "r");
        if (!f) continue;
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[n] = 0;
        char *after = strrchr(buf, ')');
        int ppid;
        char state;
        if (after && sscanf(after + 1, " %c %d", &state, &ppid) == 2 && ppid == getpid()) kill(pid, SIGKILL);
    }
    closedir(d);
}

/* The niceness of this process and of its (new) autogroup. */
static void set_nice(int n) {
    if (setpriority(PRIO_PROCESS, 0, n) != 0) perror("subreap: setpriority");
    FILE *f = fopen("/proc/self/autogroup", "w");
    if (f) { /* absent when the kernel has no autogroups: the process niceness is what counts then */
        fprintf(f, "%d\n", n);
        fclose(f);
    }
}

int main(int argc, char **argv) {
    int nice_to = 0, set = 0;
    if (argc >= 3 && !strcmp(argv[1], "-n")) {
        nice_to = atoi(argv[2]);
        set = 1;
        argv += 2;
        argc -= 2;
    }
    if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        fprintf(stderr, "usage: subreap [-n NICE] COMMAND [ARG...]\n");
        return argc < 2 ? 2 : 0;
    }
    if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) perror("subreap: PR_SET_CHILD_SUBREAPER");
    child = fork();
    if (child < 0) { perror("subreap: fork"); return 2; }
    if (child == 0) {
        setsid();
        if (set) set_nice(nice_to);
        execvp(argv[1], argv + 1);
        fprintf(stderr, "subreap: %s: %s\n", argv[1], strerror(errno));
        _exit(127);
    }
    signal(SIGINT, pass_on);
    signal(SIGTERM, pass_on);
    int status = 0, code = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {}
    code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    kill(-child, SIGKILL);
    for (;;) {
        pid_t p = waitpid(-1, NULL, WNOHANG);
        if (p > 0) continue;
        if (p < 0 && errno == ECHILD) break;
        kill_children();
        usleep(20000);
    }
    return code;
}
