/* notify-client.c: a real sd_notify(3) client for the integration tests: sends one
 * notification through libsystemd (sd_pid_notify_with_fds()) to $NOTIFY_SOCKET, then
 * exits, sleeps or execs, so that it can be a service's main process itself.
 *
 *   notify-client [OPTION...] [MESSAGE...] [--then-exec COMMAND [ARG...]]
 *
 * The MESSAGEs (VARIABLE=VALUE) are joined with '\n' into one datagram. Options (only the
 * --name=value form takes a value):
 *   --pid=PID|parent  send with PID's credentials (sd_pid_notify(3); root may do this), as
 *                     systemd-notify(1) does for the shell that runs it; "parent": getppid()
 *   --fd-file=PATH    open (create) PATH read-write and send it along (SCM_RIGHTS), e.g.
 *                     with FDSTORE=1; may be repeated
 *   --reloading       prepend RELOADING=1 and MONOTONIC_USEC=<CLOCK_MONOTONIC now>
 *   --raw-file=PATH   instead of sd_notify: send PATH's bytes, as they are, as one datagram
 *                     (malformed messages: embedded NUL, binary, oversized); no MESSAGE
 *   --wait-file=PATH  before sending, wait until PATH exists (polls; no time limit: the
 *                     test's deadline, or svcd stopping the service, ends the wait)
 *   --sleep-before=MS before sending (after --wait-file), sleep MS milliseconds
 *   --barrier         after sending, wait until svcd has processed the message
 *                     (sd_notify_barrier(3), 5 s), so that the sender is still alive while
 *                     svcd looks it up even when it exits right after
 *   --then-sleep=SEC  after sending, sleep SEC seconds, then exit 0
 *   --then-exec CMD   after sending, exec CMD with the rest of the arguments
 * Exits 1, saying why on stderr, if sending fails or $NOTIFY_SOCKET is not set. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* asprintf() */
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <systemd/sd-daemon.h>
#include <time.h>
#include <unistd.h>

#define MAX_FDS 16
#define RAW_MAX (64 * 1024)

static void sleep_ms(long ms) {
        struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };

        while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
                ;
}

static const char *value_of(const char *arg, const char *option) {
        size_t n = strlen(option);

        return strncmp(arg, option, n) == 0 && arg[n] == '=' ? arg + n + 1 : NULL;
}

static _Noreturn void usage(const char *why) {
        fprintf(stderr, "notify-client: %s\n"
                        "usage: notify-client [--pid=PID|parent] [--fd-file=PATH]... [--reloading] [--raw-file=PATH]\n"
                        "         [--wait-file=PATH] [--sleep-before=MS] [--barrier] [--then-sleep=SEC]\n"
                        "         [MESSAGE...] [--then-exec COMMAND [ARG...]]\n",
                why);
        exit(2);
}

/* The bytes of path go out unchanged in one datagram to $NOTIFY_SOCKET (a path; '@' is an
 * abstract socket). Credentials are attached by the kernel (svcd sets SO_PASSCRED). */
static int send_raw(const char *path) {
        static char buf[RAW_MAX];
        const char *sock = getenv("NOTIFY_SOCKET");
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        socklen_t salen;
        ssize_t n;
        int fd, s;

        if (!sock || !*sock || strlen(sock) >= sizeof sa.sun_path) {
                fprintf(stderr, "notify-client: NOTIFY_SOCKET is not set (or too long)\n");
                return -1;
        }
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
                fprintf(stderr, "notify-client: cannot open %s: %s\n", path, strerror(errno));
                return -1;
        }
        n = read(fd, buf, sizeof buf);
        close(fd);
        if (n < 0) {
                fprintf(stderr, "notify-client: cannot read %s: %s\n", path, strerror(errno));
                return -1;
        }
        memcpy(sa.sun_path, sock, strlen(sock));
        if (sa.sun_path[0] == '@')
                sa.sun_path[0] = 0;
        salen = (socklen_t) (offsetof(struct sockaddr_un, sun_path) + strlen(sock));
        s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (s < 0 || sendto(s, buf, (size_t) n, 0, (struct sockaddr *) &sa, salen) != n) {
                fprintf(stderr, "notify-client: cannot send %zd bytes to %s: %s\n", n, sock, strerror(errno));
                return -1;
        }
        close(s);
        return 0;
}

int main(int argc, char *argv[]) {
        const char *raw_file = NULL, *wait_file = NULL, *v;
        char **exec_argv = NULL, *msg;
        int fds[MAX_FDS], n_fds = 0, r;
        long sleep_before = 0, then_sleep = -1;
        bool reloading = false, barrier = false;
        pid_t pid = 0;
        size_t len = 0;

        msg = calloc(1, 1);
        if (!msg)
                return 1;
        for (int i = 1; i < argc; i++) {
                const char *a = argv[i];

                if (strcmp(a, "--then-exec") == 0) {
                        if (i + 1 >= argc)
                                usage("--then-exec needs a command");
                        exec_argv = argv + i + 1;
                        break;
                } else if ((v = value_of(a, "--pid"))) {
                        pid = strcmp(v, "parent") == 0 ? getppid() : (pid_t) atoi(v);
                        if (pid <= 0)
                                usage("--pid= takes a process id or \"parent\"");
                } else if ((v = value_of(a, "--fd-file"))) {
                        if (n_fds == MAX_FDS)
                                usage("too many --fd-file=");
                        fds[n_fds] = open(v, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
                        if (fds[n_fds] < 0) {
                                fprintf(stderr, "notify-client: cannot open %s: %s\n", v, strerror(errno));
                                return 1;
                        }
                        n_fds++;
                } else if (strcmp(a, "--reloading") == 0) {
                        reloading = true;
                } else if ((v = value_of(a, "--raw-file"))) {
                        raw_file = v;
                } else if ((v = value_of(a, "--wait-file"))) {
                        wait_file = v;
                } else if ((v = value_of(a, "--sleep-before"))) {
                        sleep_before = atol(v);
                } else if (strcmp(a, "--barrier") == 0) {
                        barrier = true;
                } else if ((v = value_of(a, "--then-sleep"))) {
                        then_sleep = atol(v);
                } else if (strncmp(a, "--", 2) == 0) {
                        usage("unknown option");
                } else {
                        /* A message line; the lines are joined with '\n'. */
                        size_t n = strlen(a);
                        msg = realloc(msg, len + n + 2);
                        if (!msg)
                                return 1;
                        if (len > 0)
                                msg[len++] = '\n';
                        memcpy(msg + len, a, n + 1);
                        len += n;
                }
        }
        if (!raw_file && len == 0 && !reloading)
                usage("nothing to send");
        if (raw_file && (len > 0 || reloading || n_fds > 0 || pid > 0))
                usage("--raw-file= sends the file alone");

        while (wait_file && access(wait_file, F_OK) < 0)
                sleep_ms(20);
        if (sleep_before > 0)
                sleep_ms(sleep_before);

        if (raw_file) {
                if (send_raw(raw_file) < 0)
                        return 1;
        } else {
                if (reloading) {
                        struct timespec now;
                        char *m;

                        clock_gettime(CLOCK_MONOTONIC, &now);
                        if (asprintf(&m, "RELOADING=1\nMONOTONIC_USEC=%llu%s%s",
                                     (unsigned long long) now.tv_sec * 1000000ULL + (unsigned long long) now.tv_nsec / 1000,
                                     len > 0 ? "\n" : "", msg) < 0)
                                return 1;
                        free(msg);
                        msg = m;
                }
                r = sd_pid_notify_with_fds(pid, 0, msg, n_fds > 0 ? fds : NULL, (unsigned) n_fds);
                if (r <= 0) {
                        fprintf(stderr, "notify-client: sd_pid_notify_with_fds() returned %d (%s)\n", r,
                                r == 0 ? "NOTIFY_SOCKET is not set" : strerror(-r));
                        return 1;
                }
        }
        for (int i = 0; i < n_fds; i++)
                close(fds[i]);
        free(msg);

        if (barrier) {
                r = sd_notify_barrier(0, 5 * 1000000ULL);
                if (r <= 0) {
                        fprintf(stderr, "notify-client: sd_notify_barrier() returned %d (%s)\n", r,
                                r == 0 ? "NOTIFY_SOCKET is not set" : strerror(-r));
                        return 1;
                }
        }
        if (exec_argv) {
                execvp(exec_argv[0], exec_argv);
                fprintf(stderr, "notify-client: cannot exec %s: %s\n", exec_argv[0], strerror(errno));
                return 1;
        }
        if (then_sleep >= 0)
                sleep_ms(then_sleep * 1000);
        return 0;
}
