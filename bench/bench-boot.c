/* bench-boot.c: the measurements of bench/boot.sh (issue 6): the raw floor of starting N
 * processes that signal readiness, and the clocks around a manager's boot.
 *
 *   bench-boot floor --socket PATH (--count N | --dag FILE) [--cgroup DIR] -- PROGRAM [ARG...]
 *   bench-boot stamp [--cgroup DIR] FILE PROGRAM [ARG...]
 *   bench-boot wait-svcd --socket PATH --stamp FILE --prefix P [--times FILE] [--watch PID]
 *                        [--timeout S] [--interval MS]
 *   bench-boot wait-notify --socket PATH [--timeout S]
 *
 * floor: what any manager must do to boot N Type=notify services, and nothing else. A
 * datagram socket at PATH with SO_PASSCRED (unix(7): the receiver learns the sender's pid, as
 * a manager must to know which service is ready) is NOTIFY_SOCKET for every child; each child
 * is vfork()ed, dup2()s /dev/null onto 0-2 and execve()s PROGRAM, which sends READY=1 and
 * waits (bench/boot-ready.c). With --count every process starts at once; with --dag FILE
 * (lines "NAME DEP...", bench/gen-boot-units writes it) a process starts as soon as all its
 * DEPs are ready, which is the least any manager honouring Requires=/After= can wait. The
 * clock runs from the first vfork() to the last READY=1; then every child is killed and
 * reaped, unclocked. Prints "SECONDS".
 * With --cgroup DIR (a cgroup2 directory), each process also gets what systemd gives every
 * service and svcd does too: a cgroup of its own, DIR/uI, made when it starts (mkdir, in the
 * clock) and entered at creation (clone3() with CLONE_VM|CLONE_VFORK|CLONE_INTO_CGROUP, as
 * svcd spawns), and a session of its own (setsid()). That floor is the kernel's price of
 * that isolation and nothing else: no exec-status pipe, log pipe, state or logging. The
 * cgroups are removed after the children are reaped.
 *
 * stamp: the clock of a manager's start. It joins cgroup DIR (writes 0 to DIR/cgroup.procs:
 * the manager's cgroups then live below DIR, and the script removes them whatever happens),
 * writes "REALTIME_USEC MONOTONIC_USEC" to FILE and execve()s PROGRAM, so the time counted
 * starts at the manager's own exec (its loader, its set-up, its boot), not at unshare(1)'s.
 *
 * wait-svcd: polls svcd's GetSystemState every MS (default 20) milliseconds over one
 * connection until the boot is over (state no longer "initializing" or "starting"), then
 * lists the units. Prints "SECONDS ACTIVE FAILED OTHER STATE SELF": svcd's bootFinished (its
 * "Startup finished" moment, CLOCK_REALTIME) less the stamp, the units whose Id starts with
 * P by ActiveState, and bootFinished less svcd's own startupTimestamp (what its "Startup
 * finished in" says; "-" if it gives none). The poll is sparse and answered between svcd's other work; its
 * timing does not enter the result, which is svcd's own timestamp. With --times FILE it also
 * writes "NAME EXEC_MAIN_START ACTIVE_ENTER" (NAME without .service, CLOCK_REALTIME usec)
 * for those units, for bench/boot.sh's check that each started after its dependencies. With
 * --watch PID (the unshare(1) svcd runs under) it gives up as soon as PID has exited.
 *
 * wait-notify: what a container manager does for a systemd it boots: binds PATH (pass it as
 * NOTIFY_SOCKET) and waits for READY=1, which systemd sends as its "Startup finished" when no
 * basic.target is part of the boot. Prints "MONOTONIC_USEC STATUS", the time it arrived. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench/bench-util.h"
#include "libsvc/clone3.h"
#include "libsvc/control-protocol.h"
#include "libsvc/varlink.h"

static int64_t now_usec(clockid_t clock) {
        struct timespec ts;

        clock_gettime(clock, &ts);
        return (int64_t) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Binds a datagram socket at path (replacing a stale one); -1 on failure (reported). */
static int bind_datagram(const char *path, bool pass_credentials) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        int fd, one = 1, rcvbuf = 8 << 20;

        if (strlen(path) >= sizeof sa.sun_path) {
                fprintf(stderr, "bench-boot: socket path too long: %s\n", path);
                return -1;
        }
        strcpy(sa.sun_path, path);
        (void) unlink(path);
        fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0 || bind(fd, (struct sockaddr *) &sa, sizeof sa) < 0 ||
            (pass_credentials && setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof one) < 0)) {
                fprintf(stderr, "bench-boot: cannot bind %s: %s\n", path, strerror(errno));
                if (fd >= 0)
                        close(fd);
                return -1;
        }
        /* A bigger queue in bytes; the count of queued datagrams is net.unix.max_dgram_qlen's,
         * and a sender beyond it waits in sendto(), costing nothing. SO_RCVBUFFORCE needs
         * CAP_NET_ADMIN: fall back quietly. */
        if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof rcvbuf) < 0)
                (void) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
        return fd;
}

/* Whether a notify message holds the line READY=1 (sd_notify(3): newline-separated). */
static bool message_is_ready(const char *msg) {
        for (const char *l = msg; *l; l += strcspn(l, "\n"), l += *l == '\n')
                if (strncmp(l, "READY=1", 7) == 0 && (l[7] == '\n' || l[7] == 0))
                        return true;
        return false;
}

/* ---- floor ---------------------------------------------------------------------------- */

struct floor_unit {
        char *name;
        size_t *children, n_children; /* units that list this one as a DEP */
        size_t n_waiting;             /* DEPs not ready yet */
        pid_t pid;
        bool ready;
};

struct floor {
        struct floor_unit *units;
        size_t n;
        const char *cgroup; /* --cgroup: each unit in DIR/uI, a session leader */
        /* pid -> unit, open addressing: a READY=1 is matched without a scan over N. */
        pid_t *slot_pid;
        size_t *slot_unit, n_slots;
};

static ssize_t floor_find_name(const struct floor *f, const char *name) {
        for (size_t i = 0; i < f->n; i++)
                if (streq(f->units[i].name, name))
                        return (ssize_t) i;
        return -1;
}

static int floor_add_child(struct floor_unit *parent, size_t child) {
        size_t *c = realloc(parent->children, (parent->n_children + 1) * sizeof *c);

        if (!c)
                return -ENOMEM;
        c[parent->n_children++] = child;
        parent->children = c;
        return 0;
}

/* Reads "NAME DEP..." lines; every DEP must be a NAME of the file. */
static int floor_read_dag(struct floor *f, const char *path) {
        FILE *in = fopen(path, "re");
        char *line = NULL, *save;
        size_t cap = 0, alloc = 0;
        int r = 0;

        if (!in) {
                fprintf(stderr, "bench-boot: cannot open %s: %s\n", path, strerror(errno));
                return -errno;
        }
        /* First the names, so that a DEP may name a unit of a later line. */
        while (getline(&line, &cap, in) > 0) {
                char *name = strtok_r(line, " \t\n", &save);
                if (!name)
                        continue;
                if (f->n == alloc) {
                        struct floor_unit *u = realloc(f->units, (alloc = alloc ? 2 * alloc : 1024) * sizeof *u);
                        if (!u) {
                                r = -ENOMEM;
                                goto finish;
                        }
                        f->units = u;
                }
                f->units[f->n] = (struct floor_unit) { .name = strdup(name) };
                if (!f->units[f->n++].name) {
                        r = -ENOMEM;
                        goto finish;
                }
        }
        rewind(in);
        for (size_t i = 0; getline(&line, &cap, in) > 0;) {
                char *name = strtok_r(line, " \t\n", &save), *dep;
                if (!name)
                        continue;
                while ((dep = strtok_r(NULL, " \t\n", &save))) {
                        ssize_t d = floor_find_name(f, dep);
                        if (d < 0) {
                                fprintf(stderr, "bench-boot: %s: %s needs %s, which is not in the file\n", path, name,
                                        dep);
                                r = -EINVAL;
                                goto finish;
                        }
                        r = floor_add_child(&f->units[d], i);
                        if (r < 0)
                                goto finish;
                        f->units[i].n_waiting++;
                }
                i++;
        }
finish:
        free(line);
        fclose(in);
        return r;
}

static int floor_make_flat(struct floor *f, size_t count) {
        f->units = calloc(count, sizeof *f->units);
        if (!f->units)
                return -ENOMEM;
        f->n = count;
        return 0;
}

static void floor_map_pid(struct floor *f, pid_t pid, size_t unit) {
        size_t i = (size_t) pid % f->n_slots;

        while (f->slot_pid[i] != 0)
                i = (i + 1) % f->n_slots;
        f->slot_pid[i] = pid;
        f->slot_unit[i] = unit;
}

static ssize_t floor_unit_of(const struct floor *f, pid_t pid) {
        for (size_t i = (size_t) pid % f->n_slots; f->slot_pid[i] != 0; i = (i + 1) % f->n_slots)
                if (f->slot_pid[i] == pid)
                        return (ssize_t) f->slot_unit[i];
        return -1;
}

#if HAVE_CLONE3_RUN
struct isolated_exec {
        int null_fd;
        char *const *argv;
};

/* The child of floor_spawn_isolated(): only syscalls, in memory shared with the parent. */
static int isolated_child(void *userdata) {
        const struct isolated_exec *e = userdata;

        if (setsid() < 0)
                return 126;
        return bench_child_exec(e->null_fd, e->argv);
}

/* Makes the cgroup DIR/uUNIT and creates the child in it, a session leader, as svcd does
 * (libsvc/spawn-plan.c). Returns its pid, or -1 with errno set. */
static pid_t floor_spawn_isolated(const struct floor *f, size_t unit, int null_fd, char *const argv[]) {
        static char stack[64 * 1024] __attribute__((aligned(16)));
        struct isolated_exec e = { null_fd, argv };
        char path[4096];

        if ((size_t) snprintf(path, sizeof path, "%s/u%zu", f->cgroup, unit) >= sizeof path) {
                errno = ENAMETOOLONG;
                return -1;
        }
        if (mkdir(path, 0755) < 0)
                return -1;
        int dir_fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dir_fd < 0)
                return -1;
        struct clone_args args = {
                .flags = CLONE_VM | CLONE_VFORK | CLONE_INTO_CGROUP,
                .exit_signal = SIGCHLD,
                .stack = (uintptr_t) stack,
                .stack_size = sizeof stack,
                .cgroup = (uint64_t) dir_fd,
        };
        long pid = clone3_run(&args, sizeof args, isolated_child, &e);
        close(dir_fd);
        if (pid < 0) {
                (void) rmdir(path);
                errno = (int) -pid;
                return -1;
        }
        return (pid_t) pid;
}
#else
static pid_t floor_spawn_isolated(const struct floor *f, size_t unit, int null_fd, char *const argv[]) {
        errno = ENOSYS;
        return -1;
}
#endif

/* Removes the cgroups of floor_spawn_isolated(), once their processes are reaped. */
static void floor_remove_cgroups(const struct floor *f) {
        char path[4096];

        for (size_t i = 0; f->cgroup && i < f->n; i++)
                if (f->units[i].pid > 0 && (size_t) snprintf(path, sizeof path, "%s/u%zu", f->cgroup, i) < sizeof path &&
                    rmdir(path) < 0 && errno != ENOENT)
                        fprintf(stderr, "bench-boot: rmdir %s: %s\n", path, strerror(errno));
}

static int floor_start(struct floor *f, size_t unit, int null_fd, char *const argv[]) {
        pid_t pid = f->cgroup ? floor_spawn_isolated(f, unit, null_fd, argv) : bench_vfork_exec(null_fd, argv);

        if (pid < 0) {
                fprintf(stderr, "bench-boot: %s: %s\n", f->cgroup ? "cgroup, clone3" : "vfork", strerror(errno));
                return -1;
        }
        f->units[unit].pid = pid;
        floor_map_pid(f, pid, unit);
        return 0;
}

/* Whether a child has exited, which a floor's child never does by itself: its program did
 * not start, or did not wait after READY=1. Reported. */
static bool floor_child_exited(void) {
        int status;
        pid_t pid = waitpid(-1, &status, WNOHANG);

        if (pid <= 0)
                return false;
        fprintf(stderr, "bench-boot: child %d exited (wait status 0x%x; 127: exec failed) instead of sending READY=1 "
                "and waiting\n", (int) pid, (unsigned) status);
        return true;
}

/* One READY=1 and its sender's pid; -1 on an error (reported). When nothing arrives for a
 * while, checks that no child died and that the deadline (60 s) has not passed. */
static int floor_receive(int fd, pid_t *ret_pid) {
        char buf[4096];
        union {
                struct cmsghdr h;
                char b[CMSG_SPACE(sizeof(struct ucred))];
        } control;
        struct iovec iov = { .iov_base = buf, .iov_len = sizeof buf - 1 };
        struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = &control, .msg_controllen = sizeof control };

        double deadline = bench_now_seconds() + 60;

        for (;;) {
                ssize_t k = recvmsg(fd, &mh, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
                if (k < 0 && errno == EINTR)
                        continue;
                if (k < 0 && errno == EAGAIN) {
                        struct pollfd p = { .fd = fd, .events = POLLIN };
                        if (poll(&p, 1, 100) > 0)
                                continue;
                        if (floor_child_exited())
                                return -1;
                        if (bench_now_seconds() > deadline) {
                                fprintf(stderr, "bench-boot: no READY=1 for 60 s\n");
                                return -1;
                        }
                        continue;
                }
                if (k < 0) {
                        fprintf(stderr, "bench-boot: recvmsg: %s\n", strerror(errno));
                        return -1;
                }
                buf[k] = 0;
                struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
                if (!c || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_CREDENTIALS) {
                        fprintf(stderr, "bench-boot: a notify message without credentials\n");
                        return -1;
                }
                if (!message_is_ready(buf))
                        continue;
                struct ucred cred;
                memcpy(&cred, CMSG_DATA(c), sizeof cred);
                *ret_pid = cred.pid;
                return 0;
        }
}

static int floor_run(struct floor *f, const char *socket_path, char *const argv[]) {
        int fd = bind_datagram(socket_path, true), null_fd = open("/dev/null", O_RDWR | O_CLOEXEC), r = 0;
        size_t n_ready = 0;
        double start, end;

        f->n_slots = 4 * f->n + 1;
        f->slot_pid = calloc(f->n_slots, sizeof *f->slot_pid);
        f->slot_unit = calloc(f->n_slots, sizeof *f->slot_unit);
        if (fd < 0 || null_fd < 0 || !f->slot_pid || !f->slot_unit || setenv("NOTIFY_SOCKET", socket_path, 1) < 0) {
                fprintf(stderr, "bench-boot: floor set-up failed: %s\n", strerror(errno));
                return EXIT_FAILURE;
        }

        start = bench_now_seconds();
        for (size_t i = 0; i < f->n && r >= 0; i++)
                if (f->units[i].n_waiting == 0)
                        r = floor_start(f, i, null_fd, argv);
        while (r >= 0 && n_ready < f->n) {
                pid_t pid;
                ssize_t u;

                r = floor_receive(fd, &pid);
                if (r < 0)
                        break;
                u = floor_unit_of(f, pid);
                if (u < 0 || f->units[u].ready) {
                        fprintf(stderr, "bench-boot: READY=1 from pid %d, which is no unit waiting for it\n", (int) pid);
                        r = -1;
                        break;
                }
                f->units[u].ready = true;
                n_ready++;
                for (size_t c = 0; c < f->units[u].n_children && r >= 0; c++) {
                        struct floor_unit *child = &f->units[f->units[u].children[c]];
                        if (--child->n_waiting == 0)
                                r = floor_start(f, f->units[u].children[c], null_fd, argv);
                }
        }
        end = bench_now_seconds();

        for (size_t i = 0; i < f->n; i++)
                if (f->units[i].pid > 0)
                        (void) kill(f->units[i].pid, SIGKILL);
        for (size_t i = 0; i < f->n; i++)
                if (f->units[i].pid > 0)
                        (void) waitpid(f->units[i].pid, NULL, 0);
        floor_remove_cgroups(f);
        close(fd);
        close(null_fd);
        (void) unlink(socket_path);
        if (r < 0) {
                fprintf(stderr, "bench-boot: %zu of %zu processes signalled readiness (does %s send READY=1?)\n",
                        n_ready, f->n, argv[0]);
                return EXIT_FAILURE;
        }
        printf("%.6f\n", end - start);
        return EXIT_SUCCESS;
}

/* ---- stamp ---------------------------------------------------------------------------- */

static int stamp_exec(const char *cgroup, const char *file, char *const argv[]) {
        char text[64];
        int fd;

        if (cgroup) {
                char procs[4096];
                snprintf(procs, sizeof procs, "%s/cgroup.procs", cgroup);
                fd = open(procs, O_WRONLY | O_CLOEXEC);
                if (fd < 0 || write(fd, "0", 1) != 1) {
                        fprintf(stderr, "bench-boot: cannot join cgroup %s: %s\n", cgroup, strerror(errno));
                        return EXIT_FAILURE;
                }
                close(fd);
        }
        snprintf(text, sizeof text, "%" PRId64 " %" PRId64 "\n", now_usec(CLOCK_REALTIME), now_usec(CLOCK_MONOTONIC));
        fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t) strlen(text)) {
                fprintf(stderr, "bench-boot: cannot write %s: %s\n", file, strerror(errno));
                return EXIT_FAILURE;
        }
        close(fd);
        execv(argv[0], argv);
        fprintf(stderr, "bench-boot: cannot execute %s: %s\n", argv[0], strerror(errno));
        return 127;
}

/* ---- wait-svcd ------------------------------------------------------------------------ */

static int read_stamp(const char *file, int64_t *ret_realtime, int64_t *ret_monotonic) {
        FILE *f = fopen(file, "re");
        int64_t rt, mono;
        int k;

        if (!f) {
                fprintf(stderr, "bench-boot: cannot open the stamp %s: %s\n", file, strerror(errno));
                return -1;
        }
        k = fscanf(f, "%" SCNd64 " %" SCNd64, &rt, &mono);
        fclose(f);
        if (k != 2) {
                fprintf(stderr, "bench-boot: %s is not a stamp\n", file);
                return -1;
        }
        *ret_realtime = rt;
        *ret_monotonic = mono;
        return 0;
}

static void sleep_ms(long ms) {
        struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000 };

        while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
                ;
}

/* Whether pid still runs: it exists and is not a zombie (proc(5), /proc/PID/stat's state). */
static bool process_alive(pid_t pid) {
        char path[64], buf[512], *p;
        FILE *f;
        size_t k;

        snprintf(path, sizeof path, "/proc/%d/stat", (int) pid);
        f = fopen(path, "re");
        if (!f)
                return false;
        k = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[k] = 0;
        p = strrchr(buf, ')');
        return p && p[1] == ' ' && p[2] != 'Z' && p[2] != 'X';
}

static struct json_object *call_parameters(struct varlink_client *c, const char *method, struct json_object **reply) {
        struct json_object *parameters = NULL;
        const char *error = NULL;
        int r = varlink_client_call(c, method, NULL, reply, &error);

        if (r < 0) {
                fprintf(stderr, "bench-boot: %s failed: %s\n", method, error ? error : strerror(-r));
                return NULL;
        }
        if (!json_object_object_get_ex(*reply, "parameters", &parameters)) {
                fprintf(stderr, "bench-boot: %s: a reply without parameters\n", method);
                return NULL;
        }
        return parameters;
}

static int wait_svcd(const char *socket_path, const char *stamp, const char *prefix, const char *times_path,
                     pid_t watch, double timeout, long interval_ms) {
        double deadline = bench_now_seconds() + timeout;
        struct varlink_client *c = NULL;
        _cleanup_json_ struct json_object *state_reply = NULL, *list_reply = NULL;
        struct json_object *state = NULL, *list, *units;
        int64_t finished, start_rt, start_mono;
        size_t active = 0, failed = 0, other = 0;
        const char *s = NULL;
        FILE *times = NULL;
        int status = EXIT_FAILURE;

        for (;;) {
                if (!c && varlink_client_connect(socket_path, &c) < 0)
                        c = NULL;
                if (c) {
                        json_object_putp(&state_reply);
                        state_reply = NULL;
                        state = call_parameters(c, METHOD_GET_SYSTEM_STATE, &state_reply);
                        if (!state)
                                goto finish;
                        s = varlink_get_string(state, "state");
                        if (s && !streq(s, "initializing") && !streq(s, "starting"))
                                break;
                }
                if (watch > 0 && !process_alive(watch)) {
                        fprintf(stderr, "bench-boot: svcd exited (state: %s)\n", s ? s : "never answered");
                        goto finish;
                }
                if (bench_now_seconds() > deadline) {
                        fprintf(stderr, "bench-boot: svcd %s within %.0f s (state: %s, %" PRId64 " activating)\n",
                                c ? "did not finish booting" : "did not answer", timeout, s ? s : "-",
                                state ? varlink_get_int(state, "activating", -1) : -1);
                        goto finish;
                }
                sleep_ms(interval_ms);
        }
        finished = varlink_get_int(state, "bootFinished", 0);
        list = call_parameters(c, METHOD_LIST_UNITS, &list_reply);
        if (!list || !json_object_object_get_ex(list, "units", &units) || read_stamp(stamp, &start_rt, &start_mono) < 0)
                goto finish;
        if (times_path && !(times = fopen(times_path, "we"))) {
                fprintf(stderr, "bench-boot: cannot write %s: %s\n", times_path, strerror(errno));
                goto finish;
        }
        for (size_t i = 0; i < json_object_array_length(units); i++) {
                struct json_object *u = json_object_array_get_idx(units, i);
                const char *id = varlink_get_string(u, "Id"), *a = varlink_get_string(u, "ActiveState");
                if (!id || strncmp(id, prefix, strlen(prefix)) != 0)
                        continue;
                if (times)
                        fprintf(times, "%.*s %" PRId64 " %" PRId64 "\n", (int) strcspn(id, "."), id,
                                varlink_get_int(u, "ExecMainStartTimestamp", 0), varlink_get_int(u, "ActiveEnterTimestamp", 0));
                if (a && streq(a, "active"))
                        active++;
                else if (a && streq(a, "failed"))
                        failed++;
                else
                        other++;
        }
        if (finished <= 0) {
                fprintf(stderr, "bench-boot: svcd is %s but gave no bootFinished\n", s);
                goto finish;
        }
        int64_t self = varlink_get_int(state, "startupTimestamp", 0);
        printf("%.6f %zu %zu %zu %s ", (double) (finished - start_rt) / 1e6, active, failed, other, s);
        if (self > 0)
                printf("%.6f\n", (double) (finished - self) / 1e6);
        else
                printf("-\n");
        status = EXIT_SUCCESS;
finish:
        if (times && fclose(times) != 0 && status == EXIT_SUCCESS) {
                fprintf(stderr, "bench-boot: cannot write %s: %s\n", times_path, strerror(errno));
                status = EXIT_FAILURE;
        }
        varlink_client_free(c);
        return status;
}

/* ---- wait-notify ---------------------------------------------------------------------- */

static int wait_notify(const char *socket_path, double timeout) {
        int fd = bind_datagram(socket_path, false);
        double deadline = bench_now_seconds() + timeout;
        char buf[4096];

        if (fd < 0)
                return EXIT_FAILURE;
        for (;;) {
                double left = deadline - bench_now_seconds();
                struct pollfd p = { .fd = fd, .events = POLLIN };
                ssize_t k;

                if (left <= 0) {
                        fprintf(stderr, "bench-boot: no READY=1 on %s within %.0f s\n", socket_path, timeout);
                        return EXIT_FAILURE;
                }
                if (poll(&p, 1, (int) (left * 1000) + 1) <= 0)
                        continue;
                k = recv(fd, buf, sizeof buf - 1, MSG_DONTWAIT);
                if (k < 0)
                        continue;
                buf[k] = 0;
                if (!message_is_ready(buf))
                        continue;
                int64_t at = now_usec(CLOCK_MONOTONIC);
                const char *status = strstr(buf, "STATUS=");
                printf("%" PRId64 " %.*s\n", at, status ? (int) strcspn(status + 7, "\n") : 1, status ? status + 7 : "-");
                close(fd);
                return EXIT_SUCCESS;
        }
}

/* ---- main ----------------------------------------------------------------------------- */

_noreturn_ static void usage(int status) {
        fprintf(status ? stderr : stdout,
                "Usage: bench-boot floor --socket PATH (--count N | --dag FILE) [--cgroup DIR] -- PROGRAM [ARG...]\n"
                "       bench-boot stamp [--cgroup DIR] FILE PROGRAM [ARG...]\n"
                "       bench-boot wait-svcd --socket PATH --stamp FILE --prefix P [--times FILE] [--watch PID]\n"
                "                            [--timeout S] [--interval MS]\n"
                "       bench-boot wait-notify --socket PATH [--timeout S]\n"
                "bench/boot.sh calls it; see bench-boot.c for what each prints.\n");
        exit(status);
}

int main(int argc, char *argv[]) {
        static const struct option options[] = {
                { "socket", required_argument, NULL, 's' },   { "count", required_argument, NULL, 'n' },
                { "dag", required_argument, NULL, 'd' },      { "cgroup", required_argument, NULL, 'g' },
                { "stamp", required_argument, NULL, 'S' },    { "prefix", required_argument, NULL, 'p' },
                { "timeout", required_argument, NULL, 't' },  { "interval", required_argument, NULL, 'i' },
                { "times", required_argument, NULL, 'T' },    { "watch", required_argument, NULL, 'w' },
                { "help", no_argument, NULL, 'h' },           {},
        };
        const char *mode, *socket_path = NULL, *dag = NULL, *cgroup = NULL, *stamp = NULL, *prefix = NULL, *times = NULL;
        double timeout = 60;
        long count = 0, interval = 20, watch = 0;
        int c;

        if (argc < 2)
                usage(EXIT_FAILURE);
        mode = argv[1];
        if (streq(mode, "-h") || streq(mode, "--help"))
                usage(EXIT_SUCCESS);
        optind = 2;
        while ((c = getopt_long(argc, argv, "+h", options, NULL)) >= 0) {
                switch (c) {
                case 's': socket_path = optarg; break;
                case 'n': count = strtol(optarg, NULL, 10); break;
                case 'd': dag = optarg; break;
                case 'g': cgroup = optarg; break;
                case 'S': stamp = optarg; break;
                case 'p': prefix = optarg; break;
                case 'T': times = optarg; break;
                case 'w': watch = strtol(optarg, NULL, 10); break;
                case 't': timeout = strtod(optarg, NULL); break;
                case 'i': interval = strtol(optarg, NULL, 10); break;
                case 'h': usage(EXIT_SUCCESS);
                default: usage(EXIT_FAILURE);
                }
        }
        if (!(timeout > 0) || interval <= 0)
                usage(EXIT_FAILURE);

        if (streq(mode, "floor")) {
                struct floor f = {};
                if (!socket_path || !!dag == (count > 0) || optind >= argc || argv[optind][0] != '/')
                        usage(EXIT_FAILURE);
                if ((dag ? floor_read_dag(&f, dag) : floor_make_flat(&f, (size_t) count)) < 0 || f.n == 0) {
                        fprintf(stderr, "bench-boot: no units to start\n");
                        return EXIT_FAILURE;
                }
                f.cgroup = cgroup;
                return floor_run(&f, socket_path, argv + optind);
        }
        if (streq(mode, "stamp")) {
                if (optind + 2 > argc)
                        usage(EXIT_FAILURE);
                return stamp_exec(cgroup, argv[optind], argv + optind + 1);
        }
        if (streq(mode, "wait-svcd")) {
                if (!socket_path || !stamp || !prefix || optind != argc)
                        usage(EXIT_FAILURE);
                return wait_svcd(socket_path, stamp, prefix, times, (pid_t) watch, timeout, interval);
        }
        if (streq(mode, "wait-notify")) {
                if (!socket_path || optind != argc)
                        usage(EXIT_FAILURE);
                return wait_notify(socket_path, timeout);
        }
        usage(EXIT_FAILURE);
}
