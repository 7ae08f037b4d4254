/* spawn-child.c: the child between clone() and execve(): ordered async-signal-safe steps only.
 *
 * This code runs in memory shared with the daemon (clone(CLONE_VM|CLONE_VFORK)), with the
 * daemon suspended until execve() succeeds or the child _exits. So: no malloc, no stdio,
 * no locks, no library calls that are not async-signal-safe (signal-safety(7)), and no
 * writes to memory but this stack. tests/lint/ checks every symbol this file calls.
 * On failure the child writes {step, errno} to the exec-status pipe, which has O_CLOEXEC:
 * EOF on that pipe therefore means execve() succeeded.
 *
 * The order follows systemd's exec_child() (src/core/execute.c): process attributes while
 * still privileged, then namespaces and the filesystem view, then groups, the uid change,
 * the working directory (after it: an NFS home may be readable only by the user),
 * capabilities, no_new_privs, and seccomp last so that the filter constrains as little of
 * our own code as possible. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/close_range.h>
#include <linux/filter.h>
#include <linux/securebits.h>
#include <linux/seccomp.h>

#include "libsvc/spawn.h"

/* The most fds a plan may pass (3 stdio + passed); bounds the child's stack array. */
#define SPAWN_CHILD_MAX_FDS 1024

_noreturn_ static void child_fail(int status_fd, enum spawn_step step) {
        struct spawn_status st = { .step = step, .error = errno };

        (void) !write(status_fd, &st, sizeof st);
        _exit(127);
}

#define STEP(step, expr)                              \
        do {                                          \
                if ((expr) < 0)                       \
                        child_fail(status_fd, step);  \
        } while (0)

/* Signal dispositions as a new service expects them: SIG_DFL everywhere, SIGPIPE ignored if
 * IgnoreSIGPIPE= says so. SIG_IGN survives execve() (signal(7)), and a handler of the
 * daemon's (its crash handler) would run here on a fault before it, so those are what is
 * changed: svcd's SIGPIPE and crash handlers, and whatever the parent of svcd left ignored
 * (a shell ignores SIGINT and SIGQUIT for a background job). One sigaction() per such
 * signal, not one per signal. */
static int child_set_signal_dispositions(const struct spawn_plan *p) {
        struct sigaction dfl = { .sa_handler = SIG_DFL }, ign = { .sa_handler = SIG_IGN };

        for (int sig = 1; sig < _NSIG && sig <= 64; sig++) {
                bool ignored = p->daemon_ignored_signals & (UINT64_C(1) << (sig - 1));
                bool want_ignored = sig == SIGPIPE && p->ignore_sigpipe;

                if (ignored != want_ignored && sigaction(sig, want_ignored ? &ign : &dfl, NULL) < 0)
                        return -1;
        }
        return 0;
}

/* close_range(2) needs Linux 5.9, and an older container runtime's seccomp profile answers
 * it with EPERM. Then the fds are found in /proc/self/fd (getdents64(2), no libc), a batch
 * at a time, and closed; without /proc, every number below RLIMIT_NOFILE is tried. */
struct child_dirent64 {
        unsigned long long d_ino;
        long long d_off;
        unsigned short d_reclen;
        unsigned char d_type;
        char d_name[];
};

static int child_close_by_listing(int from, int keep) {
        for (;;) {
                char buf[4096] __attribute__((aligned(8)));
                int found[512], n = 0, dir = open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                long got;

                if (dir < 0)
                        return -1;
                while (n < (int) (sizeof found / sizeof found[0]) &&
                       (got = syscall(SYS_getdents64, dir, buf, sizeof buf)) > 0)
                        for (long off = 0; off < got && n < (int) (sizeof found / sizeof found[0]);) {
                                const struct child_dirent64 *de = (const void *) (buf + off);
                                int fd = 0;
                                bool number = de->d_name[0] != 0;

                                for (const char *c = de->d_name; *c; c++)
                                        if (*c >= '0' && *c <= '9')
                                                fd = fd * 10 + (*c - '0');
                                        else
                                                number = false;
                                if (number && fd >= from && fd != keep && fd != dir)
                                        found[n++] = fd;
                                off += de->d_reclen;
                        }
                close(dir);
                if (n == 0)
                        return 0;
                for (int i = 0; i < n; i++)
                        close(found[i]);
        }
}

static int child_close_from(int from, int keep) {
        if (keep > from && syscall(SYS_close_range, (unsigned) from, (unsigned) keep - 1, 0U) == 0 &&
            syscall(SYS_close_range, (unsigned) keep + 1, ~0U, 0U) == 0)
                return 0;
        if (keep <= from && syscall(SYS_close_range, (unsigned) from, ~0U, 0U) == 0)
                return 0;
        if (errno != ENOSYS && errno != EPERM)
                return -1;
        if (child_close_by_listing(from, keep) == 0)
                return 0;
        struct {
                unsigned long long cur, max; /* the kernel's struct rlimit64 */
        } rl;
        if (syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &rl) < 0)
                return -1;
        for (unsigned long long fd = (unsigned long long) from; fd < rl.cur && fd < (1ULL << 20); fd++)
                if ((int) fd != keep)
                        close((int) fd);
        return 0;
}

/* Installs stdio as 0-2 and the passed fds as 3, 4, ..., then closes everything else but
 * the status pipe: the service holds exactly those fds. Every source is first copied
 * above the targets, so that a source numbered like a target (svcd's own 1 and 2, or a
 * passed fd that happens to be 4) is never overwritten before it is installed.
 * Returns 0, or -1 with errno and *ret_index the fd being installed. */
static int child_install_fds(const struct spawn_plan *p, int *status_fd, size_t *ret_index) {
        size_t n = 3 + p->n_pass_fds;
        int moved[SPAWN_CHILD_MAX_FDS];
        int base = (int) n;

        *ret_index = n; /* the closing, unless an install fails */
        if (n > SPAWN_CHILD_MAX_FDS) {
                errno = EMFILE;
                return -1;
        }
        if (*status_fd < base) {
                int fd = fcntl(*status_fd, F_DUPFD_CLOEXEC, base);
                if (fd < 0)
                        return -1;
                *status_fd = fd;
        }
        for (size_t i = 0; i < n; i++) {
                int src = i == 0 ? p->stdin_fd : i == 1 ? p->stdout_fd : i == 2 ? p->stderr_fd : p->pass_fds[i - 3];

                if (src < 0)
                        src = p->null_fd;
                moved[i] = fcntl(src, F_DUPFD_CLOEXEC, base);
                if (moved[i] < 0) {
                        *ret_index = i;
                        return -1;
                }
        }
        for (size_t i = 0; i < n; i++)
                /* dup2() leaves FD_CLOEXEC clear on the target. */
                if (dup2(moved[i], (int) i) < 0) {
                        *ret_index = i;
                        return -1;
                }
        /* Everything from n up but the status pipe. */
        return child_close_from(base, *status_fd);
}

static enum spawn_step fd_index_step(size_t i) {
        return i == 0 ? SPAWN_STEP_STDIN : i == 1 ? SPAWN_STEP_STDOUT : i == 2 ? SPAWN_STEP_STDERR : SPAWN_STEP_FDS;
}

static int child_write_file(const char *path, const char *text) {
        int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
        ssize_t n;

        if (fd < 0)
                return -1;
        n = write(fd, text, strlen(text));
        if (n < 0) {
                int saved = errno;
                close(fd);
                errno = saved;
                return -1;
        }
        return close(fd);
}

static int child_setrlimits(const struct spawn_plan *p) {
        for (int i = 0; i < RLIM_NLIMITS; i++)
                if (p->rlimit_set[i] && setrlimit(i, &p->rlimits[i]) < 0)
                        return -1;
        return 0;
}

/* PrivateNetwork=: a new network namespace has only "lo", and it is down (netdevice(7)). */
static int child_loopback_up(void) {
        struct ifreq ifr = { .ifr_name = "lo" };
        int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        int r;

        if (fd < 0)
                return -1;
        r = ioctl(fd, SIOCGIFFLAGS, &ifr);
        if (r >= 0) {
                ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
                r = ioctl(fd, SIOCSIFFLAGS, &ifr);
        }
        if (r < 0) {
                int saved = errno;
                close(fd);
                errno = saved;
                return -1;
        }
        return close(fd);
}

/* CapabilityBoundingSet=: every capability not in the set leaves the bounding set while we
 * still hold CAP_SETPCAP. PR_CAPBSET_READ fails with EINVAL past the kernel's last cap, and
 * returns 0 for one already gone, which needs no drop (nor CAP_SETPCAP). */
static int child_drop_bounding_set(uint64_t keep) {
        for (unsigned long cap = 0; cap < 64; cap++) {
                int present = prctl(PR_CAPBSET_READ, cap, 0, 0, 0);
                if (present < 0)
                        break;
                if (present == 0 || (keep & (UINT64_C(1) << cap)))
                        continue;
                if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0)
                        return -1;
        }
        return 0;
}

static int child_capget(struct __user_cap_data_struct data[2]) {
        struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
        return (int) syscall(SYS_capget, &hdr, data);
}

static int child_capset(struct __user_cap_data_struct data[2]) {
        struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
        return (int) syscall(SYS_capset, &hdr, data);
}

/* AmbientCapabilities= (capabilities(7), "Ambient capability set"): a capability can be
 * raised only if it is both permitted and inheritable. After a uid change with
 * SECBIT_KEEP_CAPS the permitted set survived; the effective, permitted and inheritable
 * sets are narrowed to exactly the ambient set, as systemd does. For root the permitted
 * set stays (execve() recomputes it from the bounding set) and only the inheritable set grows. */
static int child_set_ambient(uint64_t ambient, bool narrow) {
        struct __user_cap_data_struct data[2] = {};

        if (child_capget(data) < 0)
                return -1;
        for (int i = 0; i < 2; i++) {
                uint32_t bits = (uint32_t) (ambient >> (32 * i));
                if (narrow) {
                        data[i].effective = data[i].permitted & bits;
                        data[i].permitted &= bits;
                }
                data[i].inheritable = bits;
        }
        if (child_capset(data) < 0)
                return -1;
        for (unsigned long cap = 0; cap < 64; cap++)
                if ((ambient & (UINT64_C(1) << cap)) && prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
                        return -1;
        return 0;
}

/* SecureBits= after the uid change need CAP_SETPCAP, which a non-root user keeps only
 * with AmbientCapabilities=-style keep-caps: raise it into the effective set if it is
 * permitted (as systemd's capability_gain_cap_setpcap()), then set the bits. */
static int child_set_securebits(int bits) {
        struct __user_cap_data_struct data[2] = {};

        if (prctl(PR_GET_SECUREBITS, 0, 0, 0, 0) == bits)
                return 0;
        if (child_capget(data) < 0)
                return -1;
        if (data[CAP_SETPCAP / 32].permitted & (1U << (CAP_SETPCAP % 32)) &&
            !(data[CAP_SETPCAP / 32].effective & (1U << (CAP_SETPCAP % 32)))) {
                data[CAP_SETPCAP / 32].effective |= 1U << (CAP_SETPCAP % 32);
                if (child_capset(data) < 0)
                        return -1;
        }
        return prctl(PR_SET_SECUREBITS, (unsigned long) bits, 0, 0, 0);
}

/* systemd.exec(5), SystemCallFilter=: "If running ... without the CAP_SYS_ADMIN
 * capability (e.g. setting User=nobody), NoNewPrivileges=yes is implied": the kernel
 * accepts a seccomp filter only from a privileged or no_new_privs process. */
static bool child_has_cap_sys_admin(void) {
        struct __user_cap_data_struct data[2] = {};

        if (child_capget(data) < 0)
                return false;
        return data[CAP_SYS_ADMIN / 32].effective & (1U << (CAP_SYS_ADMIN % 32));
}

/* IgnoreSIGPIPE= (systemd.exec(5), default yes): a service starts with SIGPIPE ignored, so
 * a write to a closed pipe or socket fails with EPIPE instead of killing it. */
/* "/proc/PID/NAME" into buf, without stdio. */
static void proc_path(char *buf, pid_t pid, const char *name) {
        char digits[16];
        int n = 0;

        do
                digits[n++] = (char) ('0' + pid % 10);
        while ((pid /= 10) > 0);
        memcpy(buf, "/proc/", 6);
        buf += 6;
        while (n > 0)
                *buf++ = digits[--n];
        *buf++ = '/';
        memcpy(buf, name, strlen(name) + 1);
}

/* The helper of child_private_users(): writes the maps of pid, then exits with 0 or errno. */
_noreturn_ static void child_map_writer(const struct spawn_plan *p, pid_t pid, int ready_fd) {
        const char *maps[2][2] = { { "uid_map", p->uid_map }, { "gid_map", p->gid_map } };
        char path[48], c;

        if (read(ready_fd, &c, 1) != 1)
                _exit(ECHILD); /* the unshare failed: nothing to map */
        for (int i = 0; i < 2; i++) {
                proc_path(path, pid, maps[i][0]);
                if (child_write_file(path, maps[i][1]) < 0)
                        _exit(errno & 0xff ? errno & 0xff : EIO);
        }
        _exit(0);
}

/* PrivateUsers= (systemd.exec(5)): a new user namespace that maps root and the service's
 * user and group to themselves and everyone else to nobody. The maps must be written from
 * the parent user namespace (user_namespaces(7)) while svcd itself waits for the exec, so
 * a short-lived helper is forked first (a plain fork: its own copy of memory) and writes
 * them once this process has left. After the mounts, as systemd does: in the new
 * namespace the mounts and device nodes could no longer be made. */
static int child_private_users(const struct spawn_plan *p) {
        pid_t self = getpid(), helper;
        int ready[2], status = 0, r, saved;

        if (pipe2(ready, O_CLOEXEC) < 0)
                return -1;
        helper = (pid_t) syscall(SYS_clone, (unsigned long) SIGCHLD, 0L, 0L, 0L, 0L);
        if (helper == 0) {
                close(ready[1]);
                child_map_writer(p, self, ready[0]);
        }
        saved = errno;
        close(ready[0]);
        if (helper < 0) {
                close(ready[1]);
                errno = saved;
                return -1;
        }
        r = unshare(CLONE_NEWUSER);
        saved = errno;
        if (r == 0)
                (void) !write(ready[1], "u", 1);
        close(ready[1]); /* on failure the helper reads EOF and exits */
        while (waitpid(helper, &status, 0) < 0 && errno == EINTR)
                ;
        if (r < 0) {
                errno = saved;
                return -1;
        }
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                errno = WIFEXITED(status) ? WEXITSTATUS(status) : EIO;
                return -1;
        }
        return 0;
}

static int child_unblock_signals(void) {
        sigset_t empty;

        sigemptyset(&empty);
        return sigprocmask(SIG_SETMASK, &empty, NULL);
}

/* $LISTEN_PID and $WATCHDOG_PID: the parent left room for the pid only the child knows.
 * Digits by hand: snprintf() is not async-signal-safe. */
static void child_write_own_pid(const struct spawn_plan *p) {
        for (size_t i = 0; i < sizeof p->own_pid_env / sizeof p->own_pid_env[0]; i++) {
                char digits[16], *out = p->own_pid_env[i];
                unsigned long v = (unsigned long) getpid();
                size_t n = 0;

                if (!out)
                        continue;
                do
                        digits[n++] = (char) ('0' + v % 10);
                while ((v /= 10) > 0 && n < sizeof digits);
                while (n > 0)
                        *out++ = digits[--n];
                *out = 0;
        }
}

/* A child cloned with CLONE_FILES writes the daemon's own fd table until it has one of its
 * own, so this comes before anything that opens, closes or dup()s. close_range(2) with
 * CLOSE_RANGE_UNSHARE over [below, ~0U] copies only the entries under below (fs/file.c,
 * __close_range()). spawn_start() shares the table only where the kernel takes that call
 * (spawn-fd-slots.c asked it once). */
static int child_unshare_fd_table(const struct spawn_plan *p) {
        if (p->shared_fd_table_below == 0)
                return 0;
        return syscall(SYS_close_range, p->shared_fd_table_below, ~0U, CLOSE_RANGE_UNSHARE) < 0 ? -1 : 0;
}

_noreturn_ void spawn_child(const struct spawn_plan *p) {
        int status_fd = p->status_fd;
        bool keep_caps = p->set_uid && p->uid != 0 && p->ambient_set != 0;
        size_t fd_index;

        STEP(SPAWN_STEP_FDS, child_unshare_fd_table(p));
        STEP(SPAWN_STEP_SIGNALS, child_set_signal_dispositions(p));
        if (p->foreground_process_group)
                STEP(SPAWN_STEP_SETSID, setpgid(0, 0));
        else
                STEP(SPAWN_STEP_SETSID, setsid());
        /* Into the service's cgroup before anything else can fork: every process it makes
         * from here on is born there (cgroup-v2.rst, "Processes"). */
        if (p->cgroup_procs_fd >= 0)
                STEP(SPAWN_STEP_CGROUP, write(p->cgroup_procs_fd, "0", 1) == 1 ? 0 : -1);
        child_write_own_pid(p);
        /* Joined before the fds are installed, which closes everything else. */
        if (p->netns_fd >= 0)
                STEP(SPAWN_STEP_NETWORK, syscall(SYS_setns, p->netns_fd, CLONE_NEWNET));
        if (p->ipcns_fd >= 0)
                STEP(SPAWN_STEP_NAMESPACE, syscall(SYS_setns, p->ipcns_fd, CLONE_NEWIPC));
        if (child_install_fds(p, &status_fd, &fd_index) < 0)
                child_fail(status_fd, fd_index_step(fd_index));
        /* StandardInput=tty: after setsid() the session has no controlling terminal; fd 0
         * becomes it (tty_ioctl(4), TIOCSCTTY; 1 = steal it for tty-force). */
        if (p->stdin_controlling_tty)
                STEP(SPAWN_STEP_STDIN, ioctl(STDIN_FILENO, TIOCSCTTY, p->stdin_tty_force ? 1 : 0));
        /* A background group asking for the terminal gets SIGTTOU, which would stop us
         * (tcsetpgrp(3)): blocked here, and unblocked with the rest before execve(). No
         * terminal, or not svcd's: nothing to do. */
        if (p->foreground_process_group) {
                sigset_t ttou;
                sigemptyset(&ttou);
                sigaddset(&ttou, SIGTTOU);
                (void) sigprocmask(SIG_BLOCK, &ttou, NULL);
                (void) tcsetpgrp(STDIN_FILENO, getpid());
        }

        if (p->oom_score_adjust_set)
                STEP(SPAWN_STEP_OOM_ADJUST, child_write_file("/proc/self/oom_score_adj", p->oom_score_adjust));
        if (p->nice_set)
                STEP(SPAWN_STEP_NICE, setpriority(PRIO_PROCESS, 0, p->nice));
        if (p->ioprio_set)
                STEP(SPAWN_STEP_IOPRIO, syscall(SYS_ioprio_set, 1 /* IOPRIO_WHO_PROCESS */, 0, p->ioprio));
        if (p->cpu_scheduling_set) {
                struct sched_param param = { .sched_priority = p->cpu_scheduling_priority };
                STEP(SPAWN_STEP_SETSCHEDULER, sched_setscheduler(0, p->cpu_scheduling_policy, &param));
        }
        if (p->cpu_affinity_set)
                STEP(SPAWN_STEP_CPUAFFINITY, syscall(SYS_sched_setaffinity, 0, sizeof p->cpu_affinity, p->cpu_affinity));
        if (p->timer_slack_set)
                STEP(SPAWN_STEP_TIMERSLACK, prctl(PR_SET_TIMERSLACK, (unsigned long) p->timer_slack_nsec, 0, 0, 0));
        if (p->personality_set)
                STEP(SPAWN_STEP_PERSONALITY, personality(p->personality));
        if (p->numa_policy_set)
                STEP(SPAWN_STEP_NUMA_POLICY, syscall(SYS_set_mempolicy, p->numa_policy, p->numa_mask,
                                                     (unsigned long) sizeof p->numa_mask * 8 + 1));
        umask(p->umask);
        STEP(SPAWN_STEP_LIMITS, child_setrlimits(p));
        /* CoredumpFilter= (core(5)); systemd reports a failure as EXIT_LIMITS too. */
        if (p->coredump_filter_set)
                STEP(SPAWN_STEP_LIMITS, child_write_file("/proc/self/coredump_filter", p->coredump_filter));
        /* KeyringMode=private|shared: a fresh anonymous session keyring (keyctl(2)). As
         * systemd does, a kernel without keyrings or a container whose seccomp profile
         * denies keyctl (Docker's does) is not an error. */
        if (p->keyring_private && syscall(SYS_keyctl, 1 /* KEYCTL_JOIN_SESSION_KEYRING */, 0L, 0L, 0L, 0L) < 0 &&
            errno != ENOSYS && errno != EPERM && errno != EACCES && errno != EOPNOTSUPP)
                child_fail(status_fd, SPAWN_STEP_KEYRING);

        if (p->unshare_flags != 0)
                STEP(SPAWN_STEP_NAMESPACE, unshare(p->unshare_flags));
        if (p->unshare_flags & CLONE_NEWNS)
                STEP(SPAWN_STEP_NAMESPACE, spawn_child_apply_mounts(&p->mounts));
        if (p->loopback_up)
                STEP(SPAWN_STEP_NETWORK, child_loopback_up());
        if (p->private_users)
                STEP(SPAWN_STEP_USER, child_private_users(p));
        if (p->root_directory)
                STEP(SPAWN_STEP_CHROOT, chroot(p->root_directory));

        if (p->set_groups)
                STEP(SPAWN_STEP_GROUP, setgroups(p->n_groups, p->groups));
        if (p->set_gid)
                STEP(SPAWN_STEP_GROUP, setresgid(p->gid, p->gid, p->gid));
        /* Only SECBIT_KEEP_CAPS before the uid change, and only for AmbientCapabilities=:
         * the unit's own SecureBits= come after it, as in systemd, so that (say)
         * no-setuid-fixup cannot keep root's effective set across setresuid(). */
        if (keep_caps)
                STEP(SPAWN_STEP_SECUREBITS, prctl(PR_SET_SECUREBITS, (unsigned long) SECBIT_KEEP_CAPS, 0, 0, 0));
        if (p->bounding_set_apply)
                STEP(SPAWN_STEP_CAPABILITIES, child_drop_bounding_set(p->bounding_set));
        if (p->set_uid)
                STEP(SPAWN_STEP_USER, setresuid(p->uid, p->uid, p->uid));

        /* "-": any failure to enter the directory is not fatal (systemd's
         * apply_working_directory()); the process then runs in "/". */
        STEP(SPAWN_STEP_CHDIR, chdir("/"));
        if (p->working_directory && chdir(p->working_directory) < 0 && !p->working_directory_missing_ok)
                child_fail(status_fd, SPAWN_STEP_CHDIR);

        if (p->ambient_set != 0)
                STEP(SPAWN_STEP_CAPABILITIES, child_set_ambient(p->ambient_set, keep_caps));
        /* Decided before SecureBits= is applied: the effective set the uid change left. */
        bool implied_nnp = p->n_seccomp > 0 && !child_has_cap_sys_admin();
        if (p->securebits_set)
                STEP(SPAWN_STEP_SECUREBITS, child_set_securebits(p->securebits));
        if (p->no_new_privileges || implied_nnp)
                STEP(SPAWN_STEP_NO_NEW_PRIVILEGES, prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));

        /* Last but one before execve(): a signal arriving earlier would hit the daemon's mask. */
        STEP(SPAWN_STEP_SIGNALS, child_unblock_signals());
        /* Last: from here on our own syscalls are filtered too. The filters allow execve()
         * unless the unit denies it, which then fails here as systemd's would. */
        for (size_t i = 0; i < p->n_seccomp; i++) {
                struct sock_fprog prog = { .len = p->seccomp[i].count, .filter = p->seccomp[i].instructions };
                STEP(p->seccomp[i].step, syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog));
        }
        execve(p->path, p->argv, p->envp);
        child_fail(status_fd, SPAWN_STEP_EXEC);
}

int spawn_child_main(void *plan) {
        spawn_child(plan);
}
