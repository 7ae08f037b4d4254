/* spawn-child.c: the child between clone() and execve(): ordered async-signal-safe steps only.
 *
 * This code runs in memory shared with the daemon (clone(CLONE_VM|CLONE_VFORK)), with the
 * daemon suspended until execve() succeeds or the child _exits. So: no malloc, no stdio,
 * no locks, no library calls that are not async-signal-safe (signal-safety(7)), and no
 * writes to memory but this stack. tests/lint/ checks every symbol this file calls.
 * On failure the child writes {step, errno} to the exec-status pipe, which has O_CLOEXEC:
 * EOF on that pipe therefore means execve() succeeded. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <linux/close_range.h>
#include <sys/syscall.h>

#include "libsvc/spawn.h"

_noreturn_ static void child_fail(int status_fd, enum spawn_step step) {
        struct spawn_status st = { .step = step, .error = errno };

        (void) !write(status_fd, &st, sizeof st);
        _exit(127);
}

/* Default dispositions for every catchable signal. The daemon installs no handlers (it
 * reads signals from a signalfd), but a parent of svcd may have set some to SIG_IGN,
 * and ignored dispositions survive execve() (signal(7)). */
static int child_reset_signals(void) {
        struct sigaction sa = { .sa_handler = SIG_DFL };

        for (int sig = 1; sig < _NSIG; sig++) {
                if (sig == SIGKILL || sig == SIGSTOP)
                        continue;
                /* Signals reserved by the libc for its threads fail with EINVAL: skip them. */
                (void) sigaction(sig, &sa, NULL);
        }
        return 0;
}

/* Installs fd as target (0, 1 or 2) without O_CLOEXEC. */
static int child_install_fd(int fd, int target) {
        if (fd == target) {
                /* dup2(fd, fd) is a no-op that would leave FD_CLOEXEC set. */
                int flags = fcntl(fd, F_GETFD);
                if (flags < 0)
                        return -1;
                return fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC);
        }
        return dup2(fd, target);
}

/* stdin, stdout, stderr, then close everything else: the service holds exactly fds 0-2
 * (and the status pipe, which closes itself on exec). close_range(2) since Linux 5.9. */
static int child_install_fds(const struct spawn_plan *p) {
        int fds[3] = { p->stdin_fd, p->stdout_fd, p->stderr_fd };

        for (int i = 0; i < 3; i++)
                if (child_install_fd(fds[i] >= 0 ? fds[i] : p->null_fd, i) < 0)
                        return -1;
        if (p->status_fd > 3 && syscall(SYS_close_range, 3U, (unsigned) p->status_fd - 1, 0U) < 0)
                return -1;
        if (syscall(SYS_close_range, (unsigned) p->status_fd + 1, ~0U, 0U) < 0)
                return -1;
        return 0;
}

static int child_unblock_signals(void) {
        sigset_t empty;

        sigemptyset(&empty);
        return sigprocmask(SIG_SETMASK, &empty, NULL);
}

#define STEP(step, expr)                                \
        do {                                            \
                if ((expr) < 0)                         \
                        child_fail(p->status_fd, step); \
        } while (0)

_noreturn_ void spawn_child(const struct spawn_plan *p) {
        STEP(SPAWN_STEP_SIGNALS, child_reset_signals());
        STEP(SPAWN_STEP_SETSID, setsid());
        STEP(SPAWN_STEP_FDS, child_install_fds(p));
        STEP(SPAWN_STEP_CHDIR, chdir(p->working_directory ? p->working_directory : "/"));
        /* Last before execve(): a signal arriving earlier would hit the daemon's mask. */
        STEP(SPAWN_STEP_SIGNALS, child_unblock_signals());
        execve(p->path, p->argv, p->envp);
        child_fail(p->status_fd, SPAWN_STEP_EXEC);
}

int spawn_child_main(void *plan) {
        spawn_child(plan);
}
