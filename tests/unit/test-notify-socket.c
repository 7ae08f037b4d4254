/* test-notify-socket.c: the NOTIFY_SOCKET through real datagrams and the event loop:
 * credentials (sent explicitly or attached by the kernel), fds passed with SCM_RIGHTS and
 * closed unless the handler takes them, oversized and malformed datagrams dropped and
 * counted while the socket keeps working, and libsystemd's own client when built with it. */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#if HAVE_LIBSYSTEMD
#include <systemd/sd-daemon.h>
#endif

#include "libsvc/fd-util.h"
#include "libsvc/macro.h"
#include "supervisord/event-loop.h"
#include "supervisord/notify-socket.h"
#include "tests/unit/test-helpers.h"

#define GOT_FDS_MAX 16

static struct ev_loop *loop;
static struct notify_socket *ns;
static const char *socket_path;
static int sender_fd = -1;

/* What the handler saw, for the test to check. */
static struct {
        unsigned n;
        struct ucred cred;
        bool ready, fdstore, barrier;
        char *status, *fdname;
        pid_t main_pid;
        int fds[GOT_FDS_MAX]; /* the numbers as received */
        size_t n_fds;
        ssize_t take;         /* the slot the handler keeps, or -1 */
        int taken;
        bool out_of_order;    /* a MAINPID= came that was not larger than the one before */
} got;

static void on_message(void *userdata, const struct ucred *sender, const struct notify_message *msg, int *fds,
                       size_t n_fds) {
        got.n++;
        got.cred = *sender;
        got.ready = msg->ready;
        got.fdstore = msg->fdstore;
        got.barrier = msg->barrier;
        free(got.status);
        got.status = msg->status ? strdup(msg->status) : NULL;
        free(got.fdname);
        got.fdname = msg->fdname ? strdup(msg->fdname) : NULL;
        if (msg->main_pid != 0 && msg->main_pid <= got.main_pid)
                got.out_of_order = true;
        got.main_pid = msg->main_pid;
        got.n_fds = n_fds;
        memcpy(got.fds, fds, MIN(n_fds, (size_t) GOT_FDS_MAX) * sizeof(int));
        if (got.take >= 0 && (size_t) got.take < n_fds) {
                got.taken = fds[got.take];
                fds[got.take] = -1;
        }
}

static void socket_setup(void) {
        test_setup();
        got = (typeof(got)) { .take = -1, .taken = -1 };
        socket_path = test_fmt("%s/notify", test_dir);
        ck_assert_int_eq(ev_loop_new(&loop), 0);
        ck_assert_int_eq(notify_socket_open(loop, socket_path, on_message, NULL, &ns), 0);
        sender_fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        ck_assert_int_ge(sender_fd, 0);
}

static void socket_teardown(void) {
        ns = notify_socket_free(ns);
        loop = ev_loop_free(loop);
        sender_fd = safe_close(sender_fd);
        got.taken = safe_close(got.taken);
        free(got.status);
        free(got.fdname);
        test_teardown();
}

static struct sockaddr_un target(void) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };

        ck_assert_uint_lt(strlen(socket_path), sizeof sa.sun_path);
        strcpy(sa.sun_path, socket_path);
        return sa;
}

/* Sends one datagram from fd to the socket: with our credentials as an explicit
 * SCM_CREDENTIALS if cred, and fds in one SCM_RIGHTS per group (n_groups of them). */
static ssize_t send_from(int fd, const void *buf, size_t len, bool cred, const int *fds, size_t n_fds,
                         size_t n_groups) {
        struct sockaddr_un sa = target();
        struct iovec iov = { .iov_base = (void *) buf, .iov_len = len };
        union {
                struct cmsghdr align;
                char buf[CMSG_SPACE(sizeof(struct ucred)) + 4 * CMSG_SPACE(sizeof(int) * GOT_FDS_MAX)];
        } control = {};
        struct msghdr mh = {
                .msg_name = &sa,
                .msg_namelen = sizeof sa,
                .msg_iov = &iov,
                .msg_iovlen = 1,
                .msg_control = &control,
        };
        struct cmsghdr *c = (struct cmsghdr *) control.buf;
        size_t controllen = 0;

        if (cred) {
                struct ucred u = { .pid = getpid(), .uid = getuid(), .gid = getgid() };
                c->cmsg_level = SOL_SOCKET;
                c->cmsg_type = SCM_CREDENTIALS;
                c->cmsg_len = CMSG_LEN(sizeof u);
                memcpy(CMSG_DATA(c), &u, sizeof u);
                controllen += CMSG_SPACE(sizeof u);
                c = (struct cmsghdr *) (control.buf + controllen);
        }
        for (size_t g = 0, done = 0; g < n_groups && n_fds > 0; g++) {
                size_t n = g + 1 == n_groups ? n_fds - done : n_fds / n_groups;
                c->cmsg_level = SOL_SOCKET;
                c->cmsg_type = SCM_RIGHTS;
                c->cmsg_len = CMSG_LEN(n * sizeof(int));
                memcpy(CMSG_DATA(c), fds + done, n * sizeof(int));
                controllen += CMSG_SPACE(n * sizeof(int));
                c = (struct cmsghdr *) (control.buf + controllen);
                done += n;
        }
        mh.msg_controllen = controllen;
        if (controllen == 0)
                mh.msg_control = NULL;
        return sendmsg(fd, &mh, MSG_NOSIGNAL);
}

static void send_text(const char *text, bool cred) {
        ck_assert_int_eq(send_from(sender_fd, text, strlen(text), cred, NULL, 0, 0), (ssize_t) strlen(text));
}

/* Turns the loop until the handler ran n times and n_dropped datagrams were dropped (or a
 * generous deadline passes), then once more to show nothing else arrives. */
static void turn_until(unsigned n, unsigned long dropped) {
        for (int i = 0; i < 2000 && (got.n < n || notify_socket_n_dropped(ns) < dropped); i++)
                ck_assert_int_eq(ev_loop_run_once(loop, 5 * USEC_PER_MSEC), 0);
        ck_assert_int_eq(ev_loop_run_once(loop, 0), 0);
        ck_assert_uint_eq(got.n, n);
        ck_assert_uint_eq(notify_socket_n_dropped(ns), dropped);
}

static unsigned count_open_fds(void) {
        DIR *d = opendir("/proc/self/fd");
        unsigned n = 0;

        ck_assert_ptr_nonnull(d);
        for (struct dirent *de; (de = readdir(d));)
                if (de->d_name[0] != '.')
                        n++;
        closedir(d);
        return n - 1; /* the directory's own fd */
}

static bool fd_is_open(int fd) {
        return fcntl(fd, F_GETFD) >= 0 || errno != EBADF;
}

/* ---- the socket file ---- */

START_TEST(socket_file_is_world_writable_and_removed_on_free) {
        struct stat st;

        ck_assert_str_eq(notify_socket_path(ns), socket_path);
        ck_assert_int_eq(stat(socket_path, &st), 0);
        ck_assert(S_ISSOCK(st.st_mode));
        ck_assert_uint_eq(st.st_mode & 07777, 0777);
        ck_assert_uint_eq(notify_socket_n_dropped(ns), 0);
        ns = notify_socket_free(ns);
        ck_assert_int_eq(stat(socket_path, &st), -1);
        ck_assert_int_eq(errno, ENOENT);
}
END_TEST

START_TEST(stale_socket_file_is_replaced) {
        struct notify_socket *again = NULL;

        /* The fixture's socket file, still there as if its svcd had died. */
        ns = notify_socket_free(ns);
        int stale = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        struct sockaddr_un sa = target();
        ck_assert_int_eq(bind(stale, (struct sockaddr *) &sa, sizeof sa), 0);
        safe_close(stale);

        ck_assert_int_eq(notify_socket_open(loop, socket_path, on_message, NULL, &again), 0);
        ns = again;
        send_text("READY=1", false);
        turn_until(1, 0);
        ck_assert(got.ready);
}
END_TEST

START_TEST(other_file_at_path_is_not_removed) {
        struct notify_socket *other = NULL;
        const char *path = test_write_file("not-a-socket", "precious\n");
        struct stat st;

        ck_assert_int_eq(notify_socket_open(loop, path, on_message, NULL, &other), -EADDRINUSE);
        ck_assert_ptr_null(other);
        ck_assert_int_eq(stat(path, &st), 0);
        ck_assert(S_ISREG(st.st_mode));
        ck_assert_ptr_nonnull(strstr(test_last_warning(), path));
        ck_assert_ptr_nonnull(strstr(test_last_warning(), "not a socket"));
}
END_TEST

START_TEST(bad_paths) {
        struct notify_socket *other = NULL;
        char long_path[200];

        memset(long_path, 'p', sizeof long_path - 1);
        long_path[0] = '/';
        long_path[sizeof long_path - 1] = 0;
        ck_assert_int_eq(notify_socket_open(loop, long_path, on_message, NULL, &other), -ENAMETOOLONG);
        ck_assert_ptr_nonnull(strstr(test_last_warning(), "too long"));
        ck_assert_int_eq(notify_socket_open(loop, "", on_message, NULL, &other), -EINVAL);
        const char *missing_dir = test_fmt("%s/no/such/dir/notify", test_dir);
        ck_assert_int_eq(notify_socket_open(loop, missing_dir, on_message, NULL, &other), -ENOENT);
        ck_assert_ptr_null(other);
}
END_TEST

/* sun_path holds 108 bytes with the NUL (unix(7)): a path of 107 bytes binds, 108 does not. */
START_TEST(longest_path_binds) {
        struct notify_socket *other = NULL;
        struct sockaddr_un sa;
        size_t base = strlen(test_dir) + 1;
        char name[sizeof sa.sun_path + 1];

        ck_assert_uint_lt(base, sizeof sa.sun_path - 2);
        memset(name, 'n', sizeof name - 1);
        name[sizeof sa.sun_path - base] = 0; /* test_dir/name: 108 bytes */
        ck_assert_int_eq(notify_socket_open(loop, test_fmt("%s/%s", test_dir, name), on_message, NULL, &other),
                         -ENAMETOOLONG);
        name[sizeof sa.sun_path - 1 - base] = 0; /* 107 bytes */
        const char *path = test_fmt("%s/%s", test_dir, name);
        ck_assert_uint_eq(strlen(path), sizeof sa.sun_path - 1);
        ck_assert_int_eq(notify_socket_open(loop, path, on_message, NULL, &other), 0);
        ck_assert_str_eq(notify_socket_path(other), path);
        other = notify_socket_free(other);
        ck_assert_int_eq(access(path, F_OK), -1);
}
END_TEST

/* ---- credentials ---- */

START_TEST(explicit_credentials_arrive) {
        send_text("READY=1\nSTATUS=up and running\nMAINPID=4711\n", true);
        turn_until(1, 0);
        ck_assert_int_eq(got.cred.pid, getpid());
        ck_assert_uint_eq(got.cred.uid, getuid());
        ck_assert_uint_eq(got.cred.gid, getgid());
        ck_assert(got.ready);
        ck_assert_str_eq(got.status, "up and running");
        ck_assert_int_eq(got.main_pid, 4711);
        ck_assert_uint_eq(got.n_fds, 0);
        ck_assert_uint_eq(test_n_warnings(), 0);
}
END_TEST

/* unix(7): with SO_PASSCRED on the receiving socket, the kernel attaches the sender's
 * credentials even when the sender sends none (what sd_notify() does). */
START_TEST(kernel_attaches_credentials) {
        send_text("STATUS=implicit", false);
        turn_until(1, 0);
        ck_assert_int_eq(got.cred.pid, getpid());
        ck_assert_uint_eq(got.cred.uid, getuid());
        ck_assert_str_eq(got.status, "implicit");
}
END_TEST

START_TEST(credentials_name_the_sending_process) {
        pid_t child = fork();
        int status;

        ck_assert_int_ge(child, 0);
        if (child == 0) {
                const char *m = "READY=1";
                _exit(send_from(sender_fd, m, strlen(m), false, NULL, 0, 0) == (ssize_t) strlen(m) ? 0 : 1);
        }
        ck_assert_int_eq(waitpid(child, &status, 0), child);
        ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        turn_until(1, 0);
        ck_assert_int_eq(got.cred.pid, child);
        ck_assert_int_ne(got.cred.pid, getpid());
}
END_TEST

/* The socket file's fd in this process, found by its bound path. */
static int find_socket_fd(void) {
        for (int fd = 0; fd < 1024; fd++) {
                struct sockaddr_un sa = {};
                socklen_t len = sizeof sa;
                if (getsockname(fd, (struct sockaddr *) &sa, &len) == 0 && sa.sun_family == AF_UNIX &&
                    streq(sa.sun_path, socket_path))
                        return fd;
        }
        return -1;
}

/* A datagram without credentials can only come if SO_PASSCRED is off on the receiving
 * side: turn it off behind the module's back to see that such a message is dropped. */
START_TEST(message_without_credentials_is_dropped) {
        int fd = find_socket_fd(), off = 0;

        ck_assert_int_ge(fd, 0);
        ck_assert_int_eq(setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &off, sizeof off), 0);
        send_text("READY=1", true); /* even sent explicitly: unix(7) delivers them only with SO_PASSCRED */
        turn_until(0, 1);
        ck_assert_str_eq(test_last_warning(),
                         test_fmt("Dropped a notify message from an unknown sender on %s: no sender credentials.",
                                  socket_path));
}
END_TEST

/* ---- fds ---- */

START_TEST(fds_reach_the_handler_and_the_rest_are_closed) {
        int fds[3], before;
        struct stat sent, received;

        for (size_t i = 0; i < ELEMENTSOF(fds); i++)
                ck_assert_int_ge(fds[i] = open("/dev/null", O_RDONLY | O_CLOEXEC), 0);
        ck_assert_int_eq(fstat(fds[1], &sent), 0);
        before = count_open_fds();
        got.take = 1;
        ck_assert_int_eq(send_from(sender_fd, "FDSTORE=1\nFDNAME=db", 19, false, fds, 3, 1), 19);
        turn_until(1, 0);
        ck_assert(got.fdstore);
        ck_assert_str_eq(got.fdname, "db");
        ck_assert_uint_eq(got.n_fds, 3);

        /* The one taken is open, close-on-exec (MSG_CMSG_CLOEXEC), and is the one sent. */
        ck_assert_int_eq(got.taken, got.fds[1]);
        ck_assert_int_eq(fcntl(got.taken, F_GETFD), FD_CLOEXEC);
        ck_assert_int_eq(fstat(got.taken, &received), 0);
        ck_assert(received.st_dev == sent.st_dev && received.st_ino == sent.st_ino);
        /* The others were closed after the handler returned. */
        ck_assert(!fd_is_open(got.fds[0]));
        ck_assert(!fd_is_open(got.fds[2]));
        ck_assert_uint_eq(count_open_fds(), before + 1);
        for (size_t i = 0; i < ELEMENTSOF(fds); i++)
                safe_close(fds[i]);
}
END_TEST

/* fds in several SCM_RIGHTS messages of one datagram all arrive (the kernel may merge them;
 * either way none is lost), and a handler that takes none has them all closed. */
START_TEST(fds_of_several_scm_rights_all_arrive) {
        int fds[5], before;

        for (size_t i = 0; i < ELEMENTSOF(fds); i++)
                ck_assert_int_ge(fds[i] = open("/dev/null", O_RDONLY | O_CLOEXEC), 0);
        before = count_open_fds();
        ck_assert_int_eq(send_from(sender_fd, "FDSTORE=1", 9, true, fds, 5, 3), 9);
        turn_until(1, 0);
        ck_assert_uint_eq(got.n_fds, 5);
        for (size_t i = 0; i < 5; i++)
                ck_assert(!fd_is_open(got.fds[i]));
        ck_assert_uint_eq(count_open_fds(), before);
        for (size_t i = 0; i < ELEMENTSOF(fds); i++)
                safe_close(fds[i]);
}
END_TEST

/* svcd out of fds: the kernel cannot install them and says MSG_CTRUNC (unix(7)); the
 * message is dropped, and the socket works again once fds are free. */
START_TEST(fds_that_cannot_be_installed_drop_the_message) {
        int fds[2], probe;
        struct rlimit saved, tight;

        ck_assert_int_ge(fds[0] = open("/dev/null", O_RDONLY | O_CLOEXEC), 0);
        ck_assert_int_ge(fds[1] = open("/dev/null", O_RDONLY | O_CLOEXEC), 0);
        /* The lowest free fd number is where the next one would go: forbid it. */
        ck_assert_int_ge(probe = open("/dev/null", O_RDONLY | O_CLOEXEC), 0);
        safe_close(probe);
        ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &saved), 0);
        tight = (struct rlimit) { .rlim_cur = (rlim_t) probe, .rlim_max = saved.rlim_max };
        ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &tight), 0);

        ck_assert_int_eq(send_from(sender_fd, "FDSTORE=1", 9, false, fds, 2, 1), 9);
        turn_until(0, 1);
        ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &saved), 0);
        ck_assert_ptr_nonnull(strstr(test_last_warning(), test_fmt("Dropped a notify message from PID %d", getpid())));
        ck_assert_ptr_nonnull(strstr(test_last_warning(), "cut off"));

        send_text("READY=1", false);
        turn_until(1, 1);
        ck_assert(got.ready);
        safe_close(fds[0]);
        safe_close(fds[1]);
}
END_TEST

/* ---- what is dropped ---- */

START_TEST(oversized_datagrams_are_dropped_and_counted) {
        static char big[3 * NOTIFY_MESSAGE_MAX];
        int fd, before;

        memcpy(big, "STATUS=", 7);
        memset(big + 7, 'x', sizeof big - 7);
        ck_assert_int_ge(fd = open("/dev/null", O_RDONLY | O_CLOEXEC), 0);
        before = count_open_fds();

        /* One byte over: fits the receive buffer, still too long. */
        ck_assert_int_eq(send_from(sender_fd, big, NOTIFY_MESSAGE_MAX + 1, true, &fd, 1, 1), NOTIFY_MESSAGE_MAX + 1);
        turn_until(0, 1);
        ck_assert_str_eq(test_last_warning(),
                         test_fmt("Dropped a notify message from PID %d on %s: longer than 4096 bytes; closed the 1 "
                                  "file descriptor(s) it carried.", getpid(), socket_path));
        /* Far over: truncated by the kernel (MSG_TRUNC). */
        ck_assert_int_eq(send_from(sender_fd, big, sizeof big, false, &fd, 1, 1), (ssize_t) sizeof big);
        turn_until(0, 2);
        ck_assert_ptr_nonnull(strstr(test_last_warning(), "longer than 4096 bytes"));
        ck_assert_uint_eq(count_open_fds(), before);

        /* Exactly the limit: accepted. */
        ck_assert_int_eq(send_from(sender_fd, big, NOTIFY_MESSAGE_MAX, false, NULL, 0, 0), NOTIFY_MESSAGE_MAX);
        turn_until(1, 2);
        ck_assert_uint_eq(strlen(got.status), NOTIFY_MESSAGE_MAX - 7);
        safe_close(fd);
}
END_TEST

START_TEST(garbage_is_dropped_and_the_socket_keeps_working) {
#define BYTES(s) { s, sizeof(s) - 1 }
        static const struct {
                const char *buf;
                size_t len;
        } garbage[] = {
                BYTES("hello"), BYTES(""), BYTES("READY=1\0STATUS=x"), BYTES("STATUS=\xff\xfe"), BYTES("\n\n\n"),
                BYTES("READY=1\n\nREADY=1"),
        };
#undef BYTES
        int fd, before;

        ck_assert_int_ge(fd = open("/dev/null", O_RDONLY | O_CLOEXEC), 0);
        before = count_open_fds();
        for (size_t i = 0; i < ELEMENTSOF(garbage); i++)
                ck_assert_int_eq(send_from(sender_fd, garbage[i].buf, garbage[i].len, false, &fd, 1, 1),
                                 (ssize_t) garbage[i].len);
        turn_until(0, ELEMENTSOF(garbage));
        ck_assert_uint_eq(count_open_fds(), before);
        ck_assert_ptr_nonnull(strstr(test_last_warning(), "not an sd_notify message"));

        send_text("READY=1", false);
        turn_until(1, ELEMENTSOF(garbage));
        ck_assert(got.ready);
        safe_close(fd);
}
END_TEST

/* A bad value is not a bad datagram: the message is handled, the value is logged. */
START_TEST(parse_warnings_are_logged_with_the_sender) {
        send_text("MAINPID=abc\nREADY=1", false);
        turn_until(1, 0);
        ck_assert(got.ready);
        ck_assert_int_eq(got.main_pid, 0);
        ck_assert_str_eq(test_last_warning(),
                         test_fmt("notify message from PID %d: MAINPID=abc: not a valid process id", getpid()));
}
END_TEST

/* Many datagrams, as fast as the socket takes them: all arrive, in order. The sender does
 * not block: when the receive queue is full (net.unix.max_dgram_qlen) the loop turns. */
START_TEST(a_burst_arrives_whole_and_in_order) {
        struct sockaddr_un sa = target();
        char text[32];

        for (int i = 0; i < 500;) {
                int len = snprintf(text, sizeof text, "MAINPID=%d", 1000 + i);
                ssize_t n = sendto(sender_fd, text, (size_t) len, MSG_DONTWAIT | MSG_NOSIGNAL, (struct sockaddr *) &sa,
                                   sizeof sa);
                if (n < 0 && errno == EAGAIN) {
                        ck_assert_int_eq(ev_loop_run_once(loop, 5 * USEC_PER_MSEC), 0);
                        continue;
                }
                ck_assert_int_eq(n, len);
                i++;
        }
        turn_until(500, 0);
        ck_assert_int_eq(got.main_pid, 1499);
        ck_assert(!got.out_of_order);
}
END_TEST

/* ---- libsystemd as the client ---- */

#if HAVE_LIBSYSTEMD
START_TEST(libsystemd_client_is_understood) {
        int fd, before;
        struct stat sent, received;

        ck_assert_int_eq(setenv("NOTIFY_SOCKET", socket_path, 1), 0);
        ck_assert_int_gt(sd_notify(0, "READY=1\nSTATUS=via libsystemd"), 0);
        turn_until(1, 0);
        ck_assert(got.ready);
        ck_assert_str_eq(got.status, "via libsystemd");
        ck_assert_int_eq(got.cred.pid, getpid());
        ck_assert_uint_eq(got.cred.uid, getuid());

        ck_assert_int_ge(fd = open("/dev/null", O_RDONLY | O_CLOEXEC), 0);
        ck_assert_int_eq(fstat(fd, &sent), 0);
        before = count_open_fds();
        got.take = 0;
        ck_assert_int_gt(sd_pid_notify_with_fds(0, 0, "FDSTORE=1\nFDNAME=state", &fd, 1), 0);
        turn_until(2, 0);
        ck_assert(got.fdstore);
        ck_assert_str_eq(got.fdname, "state");
        ck_assert_uint_eq(got.n_fds, 1);
        ck_assert_int_eq(fstat(got.taken, &received), 0);
        ck_assert(received.st_dev == sent.st_dev && received.st_ino == sent.st_ino);
        ck_assert_uint_eq(count_open_fds(), before + 1);
        safe_close(fd);
        unsetenv("NOTIFY_SOCKET");
}
END_TEST

/* sd_notify_barrier() sends BARRIER=1 with a pipe's write end and waits until the manager
 * closes it: a handler that does not take the fd must see it closed. */
START_TEST(libsystemd_barrier_returns_once_the_fd_is_closed) {
        pid_t child;
        int status;

        ck_assert_int_eq(setenv("NOTIFY_SOCKET", socket_path, 1), 0);
        child = fork();
        ck_assert_int_ge(child, 0);
        if (child == 0)
                _exit(sd_notify_barrier(0, 10 * USEC_PER_SEC) >= 0 ? 0 : 1);
        turn_until(1, 0);
        ck_assert(got.barrier);
        ck_assert_uint_eq(got.n_fds, 1);
        ck_assert_int_eq(got.cred.pid, child);
        ck_assert_int_eq(waitpid(child, &status, 0), child);
        ck_assert(WIFEXITED(status));
        ck_assert_int_eq(WEXITSTATUS(status), 0);
        unsetenv("NOTIFY_SOCKET");
}
END_TEST
#endif

int main(void) {
        Suite *s = suite_create("test-notify-socket");
        TCase *tc = tcase_create("socket");

        tcase_add_checked_fixture(tc, socket_setup, socket_teardown);
        tcase_set_timeout(tc, 60);
        tcase_add_test(tc, socket_file_is_world_writable_and_removed_on_free);
        tcase_add_test(tc, stale_socket_file_is_replaced);
        tcase_add_test(tc, other_file_at_path_is_not_removed);
        tcase_add_test(tc, bad_paths);
        tcase_add_test(tc, longest_path_binds);
        tcase_add_test(tc, explicit_credentials_arrive);
        tcase_add_test(tc, kernel_attaches_credentials);
        tcase_add_test(tc, credentials_name_the_sending_process);
        tcase_add_test(tc, message_without_credentials_is_dropped);
        tcase_add_test(tc, fds_reach_the_handler_and_the_rest_are_closed);
        tcase_add_test(tc, fds_of_several_scm_rights_all_arrive);
        tcase_add_test(tc, fds_that_cannot_be_installed_drop_the_message);
        tcase_add_test(tc, oversized_datagrams_are_dropped_and_counted);
        tcase_add_test(tc, garbage_is_dropped_and_the_socket_keeps_working);
        tcase_add_test(tc, parse_warnings_are_logged_with_the_sender);
        tcase_add_test(tc, a_burst_arrives_whole_and_in_order);
#if HAVE_LIBSYSTEMD
        tcase_add_test(tc, libsystemd_client_is_understood);
        tcase_add_test(tc, libsystemd_barrier_returns_once_the_fd_is_closed);
#endif
        suite_add_tcase(s, tc);
        return test_run(s);
}
