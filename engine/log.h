/* Where the engine's own messages go. -close_fd_mask may close the target's
 * stdout/stderr; the engine keeps a private duplicate of stderr so its status
 * lines, reports and artifact lines still reach the user (as libFuzzer does). */
#ifndef FF_ENGINE_LOG_H
#define FF_ENGINE_LOG_H

/* Duplicates stderr for the engine, then closes fd 1 (mask & 1) and/or fd 2
 * (mask & 2) for the target by pointing them at /dev/null. */
void ff_log_init(int close_fd_mask);
void ff_logf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The file descriptor engine messages are written to, and a way to move them
 * (a forked child sends them with its report into a pipe). */
int ff_log_fd(void);
void ff_log_set_fd(int fd);

#endif
