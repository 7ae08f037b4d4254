/* orphan-storm.c: an orphan generator for the integration tests (t-orphan-storm.sh): it
 * double-forks COUNT short-lived grandchildren, the way a daemon detaches, so that each one
 * is orphaned at once and re-parented to the nearest subreaper or PID 1 (svcd), which must
 * reap it. Then it writes how many it made to DONE-FILE and sleeps, so that it can be a
 * service's main process.
 *
 *   orphan-storm COUNT DONE-FILE [LINGER-US]
 *
 * Each round: a child forks the grandchild, tells us its pid through a pipe and exits at
 * once (we reap the child: it is ours); the grandchild sleeps LINGER-US microseconds
 * (default 1000) and exits. The machine's pid space is shared (pid_max may be 32768), so
 * at most IN_FLIGHT grandchildren are left unreaped at a time: before making more we wait,
 * through a pidfd (immune to pid reuse), until the oldest has been reaped by whoever
 * adopted it. A reaper that never reaps thus stalls the storm instead of exhausting the
 * pid space, and the test's deadline reports it. Exits 1, saying why, on an error. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define IN_FLIGHT 512

static void sleep_us(long us) {
        struct timespec ts = { .tv_sec = us / 1000000L, .tv_nsec = (us % 1000000L) * 1000L };

        while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
                ;
}

static _Noreturn void die(const char *what) {
        fprintf(stderr, "orphan-storm: %s: %s\n", what, strerror(errno));
        exit(1);
}

/* A pidfd's process is gone (reaped, not just exited) once it can no longer be signalled:
 * a zombie still can (signal 0), a reaped process gives ESRCH. */
static int reaped(int pidfd) {
        return syscall(SYS_pidfd_send_signal, pidfd, 0, NULL, 0) < 0 && errno == ESRCH;
}

/* One double fork; returns a pidfd of the grandchild, or -1 if it is gone already. */
static int double_fork(int pipe_r, int pipe_w, long linger_us) {
        pid_t child, grandchild;
        int status;

        for (;;) {
                child = fork();
                if (child >= 0)
                        break;
                if (errno != EAGAIN)
                        die("fork");
                sleep_us(1000); /* the pid space or RLIMIT_NPROC is full for a moment */
        }
        if (child == 0) {
                while ((grandchild = fork()) < 0 && errno == EAGAIN)
                        sleep_us(1000);
                if (grandchild == 0) {
                        sleep_us(linger_us);
                        _exit(0);
                }
                if (grandchild < 0 || write(pipe_w, &grandchild, sizeof grandchild) != sizeof grandchild)
                        _exit(1);
                _exit(0);
        }
        while (waitpid(child, &status, 0) < 0)
                if (errno != EINTR)
                        die("waitpid");
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                fprintf(stderr, "orphan-storm: the intermediate child failed (status 0x%x)\n", status);
                exit(1);
        }
        if (read(pipe_r, &grandchild, sizeof grandchild) != sizeof grandchild)
                die("read");
        /* The grandchild lingers, so its pid is still its own here (reaped at worst: ESRCH). */
        int fd = (int) syscall(SYS_pidfd_open, grandchild, 0);
        if (fd < 0 && errno != ESRCH)
                die("pidfd_open");
        return fd;
}

int main(int argc, char **argv) {
        static int ring[IN_FLIGHT];
        long count, linger_us = 1000, made = 0;
        size_t head = 0, n = 0;
        int pipefd[2];
        FILE *f;

        if (argc < 3 || argc > 4 || (count = atol(argv[1])) <= 0) {
                fprintf(stderr, "usage: orphan-storm COUNT DONE-FILE [LINGER-US]\n");
                return 2;
        }
        if (argc == 4)
                linger_us = atol(argv[3]);
        if (pipe2(pipefd, O_CLOEXEC) < 0)
                die("pipe2");

        for (; made < count; made++) {
                if (n == IN_FLIGHT) {
                        while (!reaped(ring[head]))
                                sleep_us(200);
                        close(ring[head]);
                        head = (head + 1) % IN_FLIGHT;
                        n--;
                }
                int fd = double_fork(pipefd[0], pipefd[1], linger_us);
                if (fd >= 0)
                        ring[(head + n++) % IN_FLIGHT] = fd;
        }

        /* Written under another name and renamed: the test sees a whole file or none. */
        char tmp[4096];
        if (snprintf(tmp, sizeof tmp, "%s.tmp", argv[2]) >= (int) sizeof tmp)
                return 2;
        f = fopen(tmp, "we");
        if (!f || fprintf(f, "%ld\n", made) < 0 || fclose(f) != 0 || rename(tmp, argv[2]) < 0)
                die(argv[2]);
        for (;;)
                pause(); /* until svcd stops the service */
}
