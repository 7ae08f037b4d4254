/* bench-restart.c: the two measurements of bench/restart.sh: the raw floor of running a
 * short-lived program to its end over and over, and the rate at which a supervisor restarts
 * it, read from the counter file the program (bench/restart-counter.c) appends a byte to.
 *
 *   bench-restart floor --seconds S -- PROGRAM [ARG...]
 *   bench-restart watch --seconds S [--timeout S] FILE
 *
 * Each prints one line on stdout, "RATE RUNS SECONDS" (runs per second, the runs counted,
 * the window they were counted in); bench/restart.sh pairs rounds and prints the rows.
 *
 * floor: vfork() + execve() + waitpid() of PROGRAM in a loop for S seconds, each run checked
 * to exit 0: what a supervisor that did nothing but restart would reach. vfork() returns
 * once the child has exec'd (vfork(2)), waitpid() once it has run to its end; nothing else
 * (no pipe, no bookkeeping) is paid.
 *
 * watch: a supervisor restarts PROGRAM, which appends to FILE once per run. The window runs
 * from one append to the first append at least S seconds later, each seen through inotify
 * (IN_MODIFY, inotify(7)) as it happens, and the rate is the appends in between over the
 * time in between. So a supervisor that restarts once a second is measured as exactly as one
 * that restarts thousands of times (a plain S-second window would round it to 3 or 4 runs),
 * and the watcher sleeps meanwhile: it takes no CPU from the supervisor on a small machine.
 * Coalesced events do not matter: the file's size, not the event count, counts the runs. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench/bench-util.h"

extern char **environ;

/* ---- floor ------------------------------------------------------------------------------ */

/* One run: vfork, exec, wait. 0 if PROGRAM exited 0; -1 otherwise (reported once). */
static int floor_once(char *const argv[]) {
        int status;
        pid_t pid = vfork();

        if (pid == 0) {
                execve(argv[0], argv, environ);
                _exit(127);
        }
        if (pid < 0) {
                fprintf(stderr, "bench-restart: vfork: %s\n", strerror(errno));
                return -1;
        }
        while (waitpid(pid, &status, 0) < 0)
                if (errno != EINTR) {
                        fprintf(stderr, "bench-restart: waitpid: %s\n", strerror(errno));
                        return -1;
                }
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                fprintf(stderr, "bench-restart: %s did not exit 0 (wait status 0x%x; 127: exec failed)\n", argv[0],
                        (unsigned) status);
                return -1;
        }
        return 0;
}

static int floor_run(double seconds, char *const argv[]) {
        double start = bench_now_seconds(), now = start;
        unsigned long runs = 0;

        while (now - start < seconds) {
                if (floor_once(argv) < 0)
                        return EXIT_FAILURE;
                runs++;
                now = bench_now_seconds();
        }
        printf("%.1f %lu %.3f\n", (double) runs / (now - start), runs, now - start);
        return EXIT_SUCCESS;
}

/* ---- watch ------------------------------------------------------------------------------ */

/* Reads every queued event; they only say "look again". */
static void drain(int inotify_fd) {
        char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));

        while (read(inotify_fd, buf, sizeof buf) > 0)
                ;
}

/* Waits until fd's file is larger than `after` and returns its size and the time it was
 * seen, or -ETIMEDOUT at deadline. The watch is in place before the first look, so an append
 * between a look and poll() still wakes poll(). */
static int wait_append(int inotify_fd, int fd, off_t after, double deadline, off_t *ret_size, double *ret_time) {
        for (;;) {
                struct stat st;
                double now;

                if (fstat(fd, &st) < 0)
                        return -errno;
                now = bench_now_seconds();
                if (st.st_size > after) {
                        *ret_size = st.st_size;
                        *ret_time = now;
                        return 0;
                }
                if (now >= deadline)
                        return -ETIMEDOUT;
                struct pollfd p = { .fd = inotify_fd, .events = POLLIN };
                if (poll(&p, 1, (int) ((deadline - now) * 1000) + 1) < 0 && errno != EINTR)
                        return -errno;
                drain(inotify_fd);
        }
}

static int current_size(int fd, off_t *ret) {
        struct stat st;

        if (fstat(fd, &st) < 0)
                return -errno;
        *ret = st.st_size;
        return 0;
}

static int watch_run(double seconds, double timeout, const char *path) {
        int fd = open(path, O_RDONLY | O_CLOEXEC), inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC), r;
        off_t size, first_size, last_size;
        double first, last, until;

        if (fd < 0 || inotify_fd < 0 || inotify_add_watch(inotify_fd, path, IN_MODIFY) < 0) {
                fprintf(stderr, "bench-restart: cannot watch %s: %s\n", path, strerror(errno));
                return EXIT_FAILURE;
        }
        /* The window opens at an append... */
        r = current_size(fd, &size);
        if (r >= 0)
                r = wait_append(inotify_fd, fd, size, bench_now_seconds() + timeout, &first_size, &first);
        if (r < 0) {
                fprintf(stderr, "bench-restart: %s did not grow within %.0f s: %s (is the service being restarted?)\n",
                        path, timeout, strerror(-r));
                return EXIT_FAILURE;
        }
        /* ...sleeps S seconds (events queue, coalesced, in the kernel)... */
        until = first + seconds;
        for (double now = bench_now_seconds(); now < until; now = bench_now_seconds()) {
                struct timespec ts = { .tv_sec = (time_t) (until - now) };
                ts.tv_nsec = (long) ((until - now - (double) ts.tv_sec) * 1e9);
                nanosleep(&ts, NULL);
        }
        /* ...and closes at the next append. */
        drain(inotify_fd);
        r = current_size(fd, &size);
        if (r >= 0)
                r = wait_append(inotify_fd, fd, size, bench_now_seconds() + timeout, &last_size, &last);
        if (r < 0) {
                fprintf(stderr, "bench-restart: %s stopped growing: %s\n", path, strerror(-r));
                return EXIT_FAILURE;
        }
        printf("%.2f %lld %.3f\n", (double) (last_size - first_size) / (last - first), (long long) (last_size - first_size),
               last - first);
        close(inotify_fd);
        close(fd);
        return EXIT_SUCCESS;
}

/* ---- main ------------------------------------------------------------------------------- */

static void usage(int status) {
        fprintf(status ? stderr : stdout,
                "Usage: bench-restart floor --seconds S -- PROGRAM [ARG...]\n"
                "       bench-restart watch --seconds S [--timeout S] FILE\n"
                "Prints \"RATE RUNS SECONDS\"; bench/restart.sh calls it.\n");
        exit(status);
}

int main(int argc, char *argv[]) {
        static const struct option options[] = {
                { "seconds", required_argument, NULL, 's' },
                { "timeout", required_argument, NULL, 't' },
                { "help", no_argument, NULL, 'h' },
                {},
        };
        double seconds = 3, timeout = 10;
        const char *mode;
        int c;

        if (argc < 2)
                usage(EXIT_FAILURE);
        mode = argv[1];
        if (strcmp(mode, "-h") == 0 || strcmp(mode, "--help") == 0)
                usage(EXIT_SUCCESS);
        optind = 2;
        while ((c = getopt_long(argc, argv, "+h", options, NULL)) >= 0) {
                switch (c) {
                case 's':
                        seconds = strtod(optarg, NULL);
                        break;
                case 't':
                        timeout = strtod(optarg, NULL);
                        break;
                case 'h':
                        usage(EXIT_SUCCESS);
                        break;
                default:
                        usage(EXIT_FAILURE);
                }
        }
        if (!(seconds > 0) || !(timeout > 0) || optind >= argc)
                usage(EXIT_FAILURE);
        if (strcmp(mode, "floor") == 0) {
                if (argv[optind][0] != '/') {
                        fprintf(stderr, "bench-restart: PROGRAM must be an absolute path: %s\n", argv[optind]);
                        return EXIT_FAILURE;
                }
                return floor_run(seconds, argv + optind);
        }
        if (strcmp(mode, "watch") == 0 && optind + 1 == argc)
                return watch_run(seconds, timeout, argv[optind]);
        usage(EXIT_FAILURE);
        return EXIT_FAILURE;
}
