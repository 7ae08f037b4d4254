/* exec-stdio.c: the fds a spawned process gets as 0, 1 and 2 (systemd.exec(5), "Logging and
 * Standard Input/Output"), opened in the parent.
 *
 * Order: input first, because StandardOutput=inherit duplicates it and "file:" input and
 * output on one path share one read-write open; then output; then error, which
 * duplicates output when it inherits or names the same destination (systemd's
 * can_inherit_stderr_from_stdout()). No open may block the daemon: files are opened with
 * O_NONBLOCK (a FIFO without a writer, a device) which is cleared again for the child, and
 * AF_UNIX sockets are connected without waiting. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include "libsvc/fd-util.h"
#include "libsvc/log.h"
#include "supervisord/exec-stdio.h"

#define DEFAULT_TTY_PATH "/dev/console"

static const char *const output_names[_EXEC_OUTPUT_MAX] = {
        [EXEC_OUTPUT_INHERIT] = "inherit",
        [EXEC_OUTPUT_NULL] = "null",
        [EXEC_OUTPUT_TTY] = "tty",
        [EXEC_OUTPUT_JOURNAL] = "journal",
        [EXEC_OUTPUT_KMSG] = "kmsg",
        [EXEC_OUTPUT_JOURNAL_AND_CONSOLE] = "journal+console",
        [EXEC_OUTPUT_KMSG_AND_CONSOLE] = "kmsg+console",
        [EXEC_OUTPUT_SOCKET] = "socket",
        [EXEC_OUTPUT_FILE] = "file",
        [EXEC_OUTPUT_APPEND] = "append",
        [EXEC_OUTPUT_TRUNCATE] = "truncate",
        [EXEC_OUTPUT_FD] = "fd",
};

/* systemd.exec(5), StandardInput=: "defaults to null, unless StandardInputText=/
 * StandardInputData= are set, in which case it defaults to data". The unit keeps no
 * record of whether StandardInput= was written, so "null" with data means data here;
 * an explicit StandardInput=null next to data (which would make the data unused) is the
 * one case read differently. */
static enum exec_input effective_input(const struct exec_context *c) {
        if (c->std_input == EXEC_INPUT_NULL && c->std_input_data)
                return EXEC_INPUT_DATA;
        return c->std_input;
}

static bool input_is_tty(enum exec_input in) {
        return in == EXEC_INPUT_TTY || in == EXEC_INPUT_TTY_FORCE || in == EXEC_INPUT_TTY_FAIL;
}

static bool output_is_captured(enum exec_output o) {
        return o == EXEC_OUTPUT_JOURNAL || o == EXEC_OUTPUT_KMSG || o == EXEC_OUTPUT_JOURNAL_AND_CONSOLE ||
               o == EXEC_OUTPUT_KMSG_AND_CONSOLE;
}

static bool output_is_file(enum exec_output o) {
        return o == EXEC_OUTPUT_FILE || o == EXEC_OUTPUT_APPEND || o == EXEC_OUTPUT_TRUNCATE;
}

/* StandardOutput=inherit "duplicates the file descriptor of standard input". An input
 * that is not connected to anything (null, data) has nothing to give: systemd as PID 1
 * then uses /dev/null, a systemd under another manager its own stdout. svcd's own stdout
 * is what a container shows as its log, so svcd captures it like the default. */
static bool stdout_is_captured(const struct exec_context *c) {
        enum exec_input in = effective_input(c);

        if (c->std_output == EXEC_OUTPUT_INHERIT)
                return in == EXEC_INPUT_NULL || in == EXEC_INPUT_DATA;
        return output_is_captured(c->std_output);
}

bool exec_stdio_uses_log(const struct exec_context *c) {
        if (stdout_is_captured(c))
                return true;
        return output_is_captured(c->std_error) && c->std_error != c->std_output;
}

/* An AF_UNIX stream socket in the file system is connected to, as systemd.exec(5) says of
 * "file:path"; the direction not used is shut down, as systemd does. A listener whose
 * backlog is full answers EAGAIN instead of making the daemon wait. */
static int connect_unix(const char *path, int accmode, int *ret) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        _cleanup_close_ int fd = -1;

        if (strlen(path) >= sizeof sa.sun_path)
                return -ENAMETOOLONG;
        strcpy(sa.sun_path, path);
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0)
                return -errno;
        if (connect(fd, (struct sockaddr *) &sa, sizeof sa) < 0)
                return errno == EINPROGRESS ? -EAGAIN : -errno;
        if (accmode == O_RDONLY)
                (void) shutdown(fd, SHUT_WR);
        else if (accmode == O_WRONLY)
                (void) shutdown(fd, SHUT_RD);
        if (fd_set_nonblock(fd, 0) < 0)
                return -errno;
        *ret = TAKE_FD(fd);
        return 0;
}

/* Opens path for file:, append:, truncate: and StandardInput=file:. A FIFO opened for
 * writing without a reader fails with ENXIO rather than blocking svcd. */
static int open_path(const char *path, int flags, int *ret) {
        int accmode = flags & O_ACCMODE;
        struct stat st;
        int fd;

        fd = open(path, flags | O_NOCTTY | O_CLOEXEC | O_NONBLOCK, 0666);
        if (fd < 0) {
                int r = -errno;
                /* open(2) of a socket file fails with ENXIO: connect to it instead. */
                if (r == -ENXIO && stat(path, &st) == 0 && S_ISSOCK(st.st_mode))
                        return connect_unix(path, accmode, ret);
                return r;
        }
        if (fd_set_nonblock(fd, 0) < 0) {
                int r = -errno;
                safe_close(fd);
                return r;
        }
        *ret = fd;
        return 0;
}

/* TTYVHangup=: every other opener of the terminal loses it (tty_ioctl(4), TIOCVHANGUP).
 * Done on a descriptor of its own before the service's is opened, which the hangup would
 * otherwise void too. Failures are logged, not fatal, as systemd treats them. */
static void tty_vhangup(const char *unit_id, const char *path) {
        _cleanup_close_ int fd = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);

        if (fd < 0 || ioctl(fd, TIOCVHANGUP) < 0)
                log_warning_errno(-errno, "%s: TTYVHangup=yes: cannot hang up %s: %m", unit_id, path);
}

/* TTYReset=: sane line settings and a terminal reset (RIS), as systemd's
 * reset_terminal_fd(). The write is non-blocking: a terminal stopped by XOFF must not
 * stop svcd. */
static void tty_reset(const char *unit_id, int fd, const char *path) {
        struct termios t;

        if (tcgetattr(fd, &t) < 0) {
                log_warning_errno(-errno, "%s: TTYReset=yes: cannot read the settings of %s: %m", unit_id, path);
                return;
        }
        t.c_iflag &= ~(IGNBRK | BRKINT | ISTRIP | INLCR | IGNCR | IUCLC);
        t.c_iflag |= ICRNL | IMAXBEL | IUTF8;
        t.c_oflag |= ONLCR | OPOST;
        t.c_cflag |= CREAD;
        t.c_lflag = ISIG | ICANON | IEXTEN | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE;
        t.c_cc[VINTR] = 3;    /* ^C */
        t.c_cc[VQUIT] = 28;   /* ^\ */
        t.c_cc[VERASE] = 127;
        t.c_cc[VKILL] = 21;   /* ^U */
        t.c_cc[VEOF] = 4;     /* ^D */
        t.c_cc[VSTART] = 17;  /* ^Q */
        t.c_cc[VSTOP] = 19;   /* ^S */
        t.c_cc[VSUSP] = 26;   /* ^Z */
        t.c_cc[VTIME] = 0;
        t.c_cc[VMIN] = 1;
        if (tcsetattr(fd, TCSANOW, &t) < 0)
                log_warning_errno(-errno, "%s: TTYReset=yes: cannot reset %s: %m", unit_id, path);
        if (fd_set_nonblock(fd, 1) >= 0) {
                (void) !write(fd, "\033c", 2);
                (void) fd_set_nonblock(fd, 0);
        }
}

/* TTYRows=, TTYColumns=: the window size the kernel reports (TIOCSWINSZ). */
static void tty_set_size(const struct exec_context *c, const char *unit_id, int fd, const char *path) {
        struct winsize ws = {};

        if (c->tty_rows == UINT_MAX && c->tty_columns == UINT_MAX)
                return;
        (void) ioctl(fd, TIOCGWINSZ, &ws);
        if (c->tty_rows != UINT_MAX)
                ws.ws_row = (unsigned short) MIN(c->tty_rows, (unsigned) USHRT_MAX);
        if (c->tty_columns != UINT_MAX)
                ws.ws_col = (unsigned short) MIN(c->tty_columns, (unsigned) USHRT_MAX);
        if (ioctl(fd, TIOCSWINSZ, &ws) < 0)
                log_warning_errno(-errno, "%s: cannot set the size of %s: %m", unit_id, path);
}

/* TTYPath= (default /dev/console) for tty input and output. Only a terminal will do
 * (ENOTTY otherwise), as systemd's open_terminal(). */
static int open_terminal(const struct exec_context *c, const char *unit_id, int flags, bool prepare, int *ret) {
        const char *path = c->tty_path ?: DEFAULT_TTY_PATH;
        int fd, r;

        if (prepare && c->tty_vhangup)
                tty_vhangup(unit_id, path);
        r = open_path(path, flags, &fd);
        if (r < 0)
                return r;
        if (!isatty(fd)) {
                safe_close(fd);
                return -ENOTTY;
        }
        if (prepare) {
                if (c->tty_reset)
                        tty_reset(unit_id, fd, path);
                tty_set_size(c, unit_id, fd, path);
        }
        *ret = fd;
        return 0;
}

/* StandardInput=data: a sealed memfd holding the data, handed on read-only through a fresh
 * open of /proc/self/fd (systemd.exec(5): "the file descriptor is read-only, and when read
 * returns the specified data followed by EOF"). Without memfds, a pipe that holds it all. */
static int open_data(const void *data, size_t size, int *ret) {
        _cleanup_close_ int fd = memfd_create("svcd-stdin-data", MFD_CLOEXEC | MFD_ALLOW_SEALING);
        char path[64];
        int r;

        if (fd >= 0) {
                r = size > 0 ? loop_write(fd, data, size) : 0;
                if (r < 0)
                        return r;
                (void) fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
                snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
                int ro = open(path, O_RDONLY | O_CLOEXEC);
                if (ro >= 0) {
                        *ret = ro;
                        return 0;
                }
                /* No /proc: the memfd itself, rewound. */
                if (lseek(fd, 0, SEEK_SET) < 0)
                        return -errno;
                *ret = TAKE_FD(fd);
                return 0;
        }
        if (errno != ENOSYS && errno != EINVAL)
                return -errno;

        int p[2];
        if (pipe2(p, O_CLOEXEC | O_NONBLOCK) < 0)
                return -errno;
        _cleanup_close_ int rd = p[0], wr = p[1];
        if (size > 65536 && fcntl(wr, F_SETPIPE_SZ, (int) MIN(size, (size_t) INT32_MAX)) < 0)
                return -E2BIG;
        if (size > 0) {
                ssize_t n = write(wr, data, size);
                if (n < 0 || (size_t) n != size)
                        return -E2BIG;
        }
        if (fd_set_nonblock(rd, 0) < 0)
                return -errno;
        *ret = TAKE_FD(rd);
        return 0;
}

/* The sockets and named fds of socket units: svcd runs no .socket units, so there is
 * nothing to connect (a unit asking for them would be started by systemd only through
 * its socket). */
static int refuse_socket(const char *unit_id, const char *directive, const char *value) {
        log_error("%s: %s=%s needs a socket unit; svcd does not run .socket units. Refusing to start.", unit_id,
                  directive, value);
        return -EOPNOTSUPP;
}

static int fail(struct spawn_status *st, enum spawn_step step, int r) {
        *st = (struct spawn_status) { .step = step, .error = -r };
        return r;
}

static int plan_input(const struct exec_context *c, const char *unit_id, struct spawn_plan *plan, bool *tty_prepared) {
        enum exec_input in = effective_input(c);
        const char *path = c->std_input_arg;
        int r = 0;

        switch (in) {
        case EXEC_INPUT_NULL:
                plan->stdin_fd = -1;
                return 0;
        case EXEC_INPUT_TTY:
        case EXEC_INPUT_TTY_FORCE:
        case EXEC_INPUT_TTY_FAIL:
                /* The child makes it its controlling terminal (TIOCSCTTY) after setsid().
                 * "tty" would wait for another session to release the terminal; svcd cannot
                 * wait there (the daemon is suspended until the child execs), so it fails
                 * as tty-fail does, and tty-force steals the terminal. */
                r = open_terminal(c, unit_id, O_RDWR, true, &plan->stdin_fd);
                *tty_prepared = true;
                if (r < 0)
                        return log_error_errno(r, "%s: StandardInput=%s: cannot open terminal %s: %m", unit_id,
                                               in == EXEC_INPUT_TTY ? "tty" : in == EXEC_INPUT_TTY_FORCE ? "tty-force"
                                                                                                        : "tty-fail",
                                               c->tty_path ?: DEFAULT_TTY_PATH);
                plan->stdin_controlling_tty = true;
                plan->stdin_tty_force = in == EXEC_INPUT_TTY_FORCE;
                return 0;
        case EXEC_INPUT_DATA:
                r = open_data(c->std_input_data, c->std_input_data_size, &plan->stdin_fd);
                if (r < 0)
                        return log_error_errno(r, "%s: StandardInput=data: cannot pass %zu bytes of data: %m", unit_id,
                                               c->std_input_data_size);
                return 0;
        case EXEC_INPUT_FILE: {
                /* "If standard input and output are directed to the same file path, it is
                 * opened only once — for reading as well as writing — and duplicated." */
                bool rw = (c->std_output == EXEC_OUTPUT_FILE && c->std_output_arg && path &&
                           streq(c->std_output_arg, path)) ||
                          (c->std_error == EXEC_OUTPUT_FILE && c->std_error_arg && path && streq(c->std_error_arg, path));
                if (!path)
                        return log_error_errno(-EINVAL, "%s: StandardInput=file: names no file.", unit_id);
                r = open_path(path, rw ? O_RDWR : O_RDONLY, &plan->stdin_fd);
                if (r < 0)
                        return log_error_errno(r, "%s: StandardInput=file:%s: cannot open %s: %m", unit_id, path, path);
                return 0;
        }
        case EXEC_INPUT_SOCKET:
                return refuse_socket(unit_id, "StandardInput", "socket");
        case EXEC_INPUT_FD:
        default:
                return refuse_socket(unit_id, "StandardInput", "fd");
        }
}

/* One output stream (fileno 1 or 2). log_fd is the plan's own copy of the log pipe (or
 * svcd's fileno when there is none); stdout_fd is set when planning stderr. */
static int plan_output(const struct exec_context *c, const char *unit_id, int fileno, int log_fd,
                       struct spawn_plan *plan, bool *tty_prepared, int *ret) {
        enum exec_output o = fileno == STDOUT_FILENO ? c->std_output : c->std_error;
        const char *arg = fileno == STDOUT_FILENO ? c->std_output_arg : c->std_error_arg;
        const char *directive = fileno == STDOUT_FILENO ? "StandardOutput" : "StandardError";
        enum exec_input in = effective_input(c);
        int flags, r;

        if (fileno == STDERR_FILENO) {
                /* systemd's can_inherit_stderr_from_stdout(): inherit, or the same kind of
                 * destination (the same path for files), shares standard output's fd. */
                if (o == EXEC_OUTPUT_INHERIT ||
                    (o == c->std_output && o != EXEC_OUTPUT_FD && o != EXEC_OUTPUT_SOCKET &&
                     (!output_is_file(o) || (arg && c->std_output_arg && streq(arg, c->std_output_arg))))) {
                        *ret = plan->stdout_fd;
                        return 0;
                }
        }

        switch (o) {
        case EXEC_OUTPUT_INHERIT: /* stdout only: stderr returned above */
                if (stdout_is_captured(c)) {
                        *ret = log_fd;
                        return 0;
                }
                *ret = plan->stdin_fd;
                return 0;
        case EXEC_OUTPUT_NULL:
                *ret = -1;
                return 0;
        case EXEC_OUTPUT_TTY:
                /* Output only: no controlling terminal, nothing to wait for. */
                if (input_is_tty(in) && plan->stdin_fd >= 0) {
                        *ret = plan->stdin_fd;
                        return 0;
                }
                r = open_terminal(c, unit_id, O_WRONLY, !*tty_prepared, ret);
                *tty_prepared = true;
                if (r < 0)
                        return log_error_errno(r, "%s: %s=tty: cannot open terminal %s: %m", unit_id, directive,
                                               c->tty_path ?: DEFAULT_TTY_PATH);
                return 0;
        case EXEC_OUTPUT_JOURNAL:
        case EXEC_OUTPUT_KMSG:
        case EXEC_OUTPUT_JOURNAL_AND_CONSOLE:
        case EXEC_OUTPUT_KMSG_AND_CONSOLE:
                *ret = log_fd;
                return 0;
        case EXEC_OUTPUT_FILE:
        case EXEC_OUTPUT_APPEND:
        case EXEC_OUTPUT_TRUNCATE:
                if (!arg)
                        return log_error_errno(-EINVAL, "%s: %s=%s: names no file.", unit_id, directive, output_names[o]);
                if (o == EXEC_OUTPUT_FILE && in == EXEC_INPUT_FILE && c->std_input_arg && streq(c->std_input_arg, arg)) {
                        *ret = plan->stdin_fd; /* opened read-write above */
                        return 0;
                }
                /* "file:" writes from the start without truncating; "append:" appends;
                 * "truncate:" truncates. Created with mode 0666 minus svcd's umask. */
                flags = O_WRONLY | O_CREAT | (o == EXEC_OUTPUT_APPEND ? O_APPEND : 0) |
                        (o == EXEC_OUTPUT_TRUNCATE ? O_TRUNC : 0);
                r = open_path(arg, flags, ret);
                if (r < 0)
                        return log_error_errno(r, "%s: %s=%s:%s: cannot open %s: %m", unit_id, directive,
                                               output_names[o], arg, arg);
                return 0;
        case EXEC_OUTPUT_SOCKET:
                return refuse_socket(unit_id, directive, "socket");
        case EXEC_OUTPUT_FD:
        default:
                return refuse_socket(unit_id, directive, "fd");
        }
}

/* Closes what the plan opened so far, so that a failed plan owns nothing twice. */
static void plan_stdio_reset(struct spawn_plan *plan, int log_copy) {
        int fds[3] = { plan->stdin_fd, plan->stdout_fd, plan->stderr_fd };

        for (int i = 0; i < 3; i++) {
                bool dup_of_earlier = (i >= 1 && fds[i] == fds[0]) || (i == 2 && fds[2] == fds[1]);
                if (fds[i] > STDERR_FILENO && !dup_of_earlier && fds[i] != log_copy)
                        safe_close(fds[i]);
        }
        plan->stdin_fd = plan->stdout_fd = plan->stderr_fd = -1;
        plan->stdin_controlling_tty = plan->stdin_tty_force = false;
}

int exec_stdio_plan(const struct exec_context *c, const char *unit_id, int log_fd, struct spawn_plan *plan,
                    struct spawn_status *ret_failure) {
        _cleanup_close_ int log_copy = -1;
        bool tty_prepared = false;
        int out_fd = STDOUT_FILENO, err_fd = STDERR_FILENO;
        int r;

        plan->stdin_fd = plan->stdout_fd = plan->stderr_fd = -1;

        /* The plan owns its stdio fds above 2; the log pipe stays the caller's, so the
         * plan gets a copy of its own (shared by stdout and stderr). */
        if (log_fd >= 0 && exec_stdio_uses_log(c)) {
                log_copy = fcntl(log_fd, F_DUPFD_CLOEXEC, 3);
                if (log_copy < 0)
                        return fail(ret_failure, SPAWN_STEP_STDOUT,
                                    log_error_errno(-errno, "%s: cannot duplicate the log pipe: %m", unit_id));
                out_fd = err_fd = log_copy;
        }

        r = plan_input(c, unit_id, plan, &tty_prepared);
        if (r < 0) {
                plan_stdio_reset(plan, -1);
                return fail(ret_failure, SPAWN_STEP_STDIN, r);
        }
        r = plan_output(c, unit_id, STDOUT_FILENO, out_fd, plan, &tty_prepared, &plan->stdout_fd);
        if (r < 0) {
                plan_stdio_reset(plan, log_copy);
                return fail(ret_failure, SPAWN_STEP_STDOUT, r);
        }
        r = plan_output(c, unit_id, STDERR_FILENO, err_fd, plan, &tty_prepared, &plan->stderr_fd);
        if (r < 0) {
                plan_stdio_reset(plan, log_copy);
                return fail(ret_failure, SPAWN_STEP_STDERR, r);
        }
        /* The copy now belongs to the plan if it is used; spawn_plan_free() closes it. */
        if (plan->stdout_fd == log_copy || plan->stderr_fd == log_copy)
                TAKE_FD(log_copy);
        return 0;
}
