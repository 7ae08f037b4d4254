/* spawn-plan.c: the parent side of spawning: the plan, path resolution, clone() and the
 * exec-status pipe. Everything that allocates or may fail slowly happens here, before
 * the child exists (DESIGN.md decision 2). */
#include <errno.h>
#include <limits.h>
#include <linux/filter.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libsvc/clone3.h"
#include "libsvc/fd-util.h"
#include "libsvc/spawn-fd-slots.h"
#include "libsvc/spawn.h"
#include "libsvc/strv.h"

#define SPAWN_BPF_INSTRUCTION_SIZE sizeof(struct sock_filter)

int spawn_plan_new(struct spawn_plan **ret) {
        struct spawn_plan *p = calloc(1, sizeof *p);

        if (!p)
                return -ENOMEM;
        p->stdin_fd = p->stdout_fd = p->stderr_fd = -1;
        p->null_fd = p->status_fd = p->cgroup_procs_fd = p->cgroup_dir_fd = -1;
        p->netns_fd = p->ipcns_fd = -1;
        *ret = p;
        return 0;
}

struct spawn_plan *spawn_plan_free(struct spawn_plan *p) {
        if (!p)
                return NULL;
        free(p->path);
        strv_free(p->argv);
        strv_free(p->envp);
        free(p->working_directory);
        free(p->root_directory);
        free(p->groups);
        for (size_t i = 0; i < p->n_seccomp; i++)
                free(p->seccomp[i].instructions);
        free(p->seccomp);
        spawn_mount_plan_done(&p->mounts);
        /* stdio fds above 2 were opened for this plan (files, ttys, log pipes); 0-2 are
         * svcd's own, lent to the child. Passed fds are borrowed. */
        int stdio[3] = { p->stdin_fd, p->stdout_fd, p->stderr_fd };
        for (int i = 0; i < 3; i++) {
                bool dup_of_earlier = (i >= 1 && stdio[i] == stdio[0]) || (i == 2 && stdio[2] == stdio[1]);
                if (stdio[i] > STDERR_FILENO && !dup_of_earlier)
                        safe_close(stdio[i]);
        }
        safe_close(p->status_fd);
        safe_close(p->netns_fd);
        safe_close(p->ipcns_fd);
        free(p);
        return NULL;
}

/* systemd.service(5), "Command lines": a name without a slash is looked up in this fixed
 * list, not in $PATH, so that a unit means the same thing whatever the environment. */
static const char *const exec_search_path[] = {
        "/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin",
};

int spawn_plan_add_seccomp(struct spawn_plan *p, const void *instructions, size_t count, int step) {
        struct spawn_seccomp_program *a;
        void *copy;

        if (count == 0 || count > USHRT_MAX)
                return -EINVAL;
        a = reallocarray(p->seccomp, p->n_seccomp + 1, sizeof *a);
        if (!a)
                return -ENOMEM;
        p->seccomp = a;
        copy = malloc(count * SPAWN_BPF_INSTRUCTION_SIZE);
        if (!copy)
                return -ENOMEM;
        memcpy(copy, instructions, count * SPAWN_BPF_INSTRUCTION_SIZE);
        p->seccomp[p->n_seccomp++] = (struct spawn_seccomp_program) {
                .instructions = copy, .count = (unsigned short) count, .step = step };
        return 0;
}

static int resolve_in(const char *dir, const char *name, char **ret) {
        _cleanup_free_ char *full = NULL;
        struct stat st;

        if (asprintf(&full, "%s/%s", dir, name) < 0)
                return -ENOMEM;
        if (stat(full, &st) == 0 && S_ISREG(st.st_mode) && access(full, X_OK) == 0) {
                *ret = TAKE_PTR(full);
                return 0;
        }
        return -ENOENT;
}

int spawn_resolve_path(const char *name, char *const *search_path, char **ret) {
        if (!name || !*name)
                return -EINVAL;
        if (strchr(name, '/')) {
                if (!path_is_absolute(name))
                        return -EINVAL;
                char *c = strdup(name);
                if (!c)
                        return -ENOMEM;
                *ret = c;
                return 0;
        }
        /* ExecSearchPath= replaces the fixed list (systemd.exec(5)). */
        if (search_path && search_path[0]) {
                for (size_t i = 0; search_path[i]; i++) {
                        int r = resolve_in(search_path[i], name, ret);
                        if (r != -ENOENT)
                                return r;
                }
                return -ENOENT;
        }
        for (size_t i = 0; i < ELEMENTSOF(exec_search_path); i++) {
                int r = resolve_in(exec_search_path[i], name, ret);
                if (r != -ENOENT)
                        return r;
        }
        return -ENOENT;
}

/* The child's stack. CLONE_VFORK suspends the daemon until the child has exec'd or
 * exited, so one stack serves every spawn. */
#define SPAWN_STACK_SIZE (64 * 1024)
static char spawn_stack[SPAWN_STACK_SIZE] __attribute__((aligned(16)));

/* One /dev/null for every spawn, opened on first use and kept (O_CLOEXEC): opening and
 * closing it per spawn was a sixth of the daemon's cost of a start (bench/spawn). Only
 * spawn_start() writes it, from the daemon's one thread. */
static int spawn_dev_null(void) {
        static int fd = -1;

        if (fd < 0) {
                fd = open("/dev/null", O_RDWR | O_CLOEXEC | O_NOCTTY);
                if (fd < 0)
                        return -errno;
        }
        return fd;
}

/* Creates the child in the service's cgroup (CLONE_INTO_CGROUP, Linux 5.7): nothing to
 * join afterwards. Returns the pid, or -errno; -ENOSYS when this kernel (or architecture)
 * cannot, for good. */
static pid_t clone_into_cgroup(struct spawn_plan *p, uint64_t extra_flags) {
#if HAVE_CLONE3_RUN
        static bool unsupported;
        struct clone_args args = {
                .flags = CLONE_VM | CLONE_VFORK | CLONE_INTO_CGROUP | extra_flags,
                .exit_signal = SIGCHLD,
                .stack = (uintptr_t) spawn_stack,
                .stack_size = SPAWN_STACK_SIZE,
                .cgroup = (uint64_t) p->cgroup_dir_fd,
        };

        if (unsupported)
                return -ENOSYS;
        long r = clone3_run(&args, sizeof args, spawn_child_main, p);
        if (r == -ENOSYS || r == -E2BIG || r == -EINVAL) {
                unsupported = true;
                return -ENOSYS;
        }
        return (pid_t) r;
#else
        (void) p;
        (void) extra_flags;
        return -ENOSYS;
#endif
}

/* The signals this process ignores or handles, as a mask for daemon_ignored_signals. Read once: 64
 * sigaction() queries per spawn would cost what they save the child; the daemon sets its
 * dispositions at start-up, before it spawns (spawn.h). */
static uint64_t spawn_ignored_signals(void) {
        static uint64_t ignored;
        static bool known;

        if (!known) {
                for (int sig = 1; sig < _NSIG && sig <= 64; sig++) {
                        struct sigaction old;
                        /* Handlers too (svcd's crash handler): execve() resets them, but a
                         * fault before it would run the daemon's in the child. */
                        if (sigaction(sig, NULL, &old) == 0 && old.sa_handler != SIG_DFL)
                                ignored |= UINT64_C(1) << (sig - 1);
                }
                known = true;
        }
        return ignored;
}

/* A failure in the parent, before any child exists: step NONE, no pid. */
static int spawn_failed_in_parent(int error, struct spawn_status *ret_status) {
        if (ret_status)
                *ret_status = (struct spawn_status) { .step = SPAWN_STEP_NONE, .error = error };
        return -error;
}

int spawn_start(struct spawn_plan *p, pid_t *ret_pid, struct spawn_status *ret_status) {
        _cleanup_close_ int status_read = -1;
        struct spawn_fd_staging staged;
        int pipefd[2];
        bool shared;
        pid_t pid;
        ssize_t n;

        if (p->null_fd < 0) {
                p->null_fd = spawn_dev_null();
                if (p->null_fd < 0) {
                        /* No /dev/null (a machine whose /dev is not mounted): the child
                         * would have failed installing its stdio, as systemd's does. */
                        int e = -p->null_fd;
                        if (ret_status)
                                *ret_status = (struct spawn_status) { .step = SPAWN_STEP_STDIN, .error = e };
                        return -e;
                }
        }
        if (pipe2(pipefd, O_CLOEXEC) < 0)
                return spawn_failed_in_parent(errno, ret_status);
        status_read = pipefd[0];
        safe_close(p->status_fd);
        p->status_fd = pipefd[1];
        p->daemon_ignored_signals = spawn_ignored_signals();

        /* clone(CLONE_VM|CLONE_VFORK): no page tables are copied, so spawning costs the
         * same whatever the daemon's size (Baumann et al., "A fork() in the road", HotOS
         * 2019); posix_spawn(3) in glibc does the same. With the child's fds staged low,
         * CLONE_FILES spares it the copy of the fd table too (spawn-fd-slots.h). The child
         * runs on staged.plan: the plan with its fds renumbered. */
        shared = spawn_fd_stage(&staged, p);
        pid = p->cgroup_dir_fd >= 0 ? clone_into_cgroup(&staged.plan, shared ? CLONE_FILES : 0) : -ENOSYS;
        if (pid == -ENOSYS) {
                if (p->cgroup_dir_fd >= 0 && p->cgroup_procs_fd < 0) {
                        p->cgroup_procs_fd = openat(p->cgroup_dir_fd, "cgroup.procs", O_WRONLY | O_CLOEXEC | O_NOCTTY);
                        if (p->cgroup_procs_fd < 0) {
                                int e = errno;
                                spawn_fd_unstage(&staged);
                                p->status_fd = safe_close(p->status_fd);
                                if (ret_status)
                                        *ret_status = (struct spawn_status) { .step = SPAWN_STEP_CGROUP, .error = e };
                                return -e;
                        }
                }
                staged.plan.cgroup_procs_fd = p->cgroup_procs_fd;
                if (shared && !spawn_fd_stage_one(&staged, &staged.plan.cgroup_procs_fd)) {
                        spawn_fd_unstage(&staged);
                        staged.plan = *p;
                        shared = false;
                }
                pid = clone(spawn_child_main, spawn_stack + SPAWN_STACK_SIZE,
                            CLONE_VM | CLONE_VFORK | (shared ? CLONE_FILES : 0) | SIGCHLD, &staged.plan);
                if (pid < 0)
                        pid = -errno;
                p->cgroup_procs_fd = safe_close(p->cgroup_procs_fd);
        }
        /* Before the read below: a slot still holding the status pipe's write end would
         * keep it from ever seeing EOF. */
        spawn_fd_unstage(&staged);
        if (pid < 0) {
                p->status_fd = safe_close(p->status_fd);
                return spawn_failed_in_parent(-pid, ret_status);
        }
        p->status_fd = safe_close(p->status_fd);

        /* The child has already exec'd or exited: this read does not block. */
        struct spawn_status st = {};
        do
                n = read(status_read, &st, sizeof st);
        while (n < 0 && errno == EINTR);

        /* EOF: execve() succeeded. A read error cannot tell; assume the exec happened and
         * let the reaper report the process' end, rather than block in waitpid() on a
         * program that may run for ever. */
        if (n <= 0) {
                *ret_pid = pid;
                return 0;
        }

        /* The child failed before execve(): collect it now, so no zombie is left and the
         * event loop never sees a pid it does not know. */
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
                ;
        if (n != (ssize_t) sizeof st || st.error <= 0)
                st = (struct spawn_status) { .step = SPAWN_STEP_NONE, .error = EIO };
        st.pid = pid;
        if (ret_status)
                *ret_status = st;
        return -st.error;
}

/* Step names are systemd's exit-status names (systemd.exec(5), "Process Exit Codes"), so
 * "failed at step USER" reads as systemd's "status=217/USER" does. */
static const struct {
        const char *name;
        int exit_status;
} spawn_steps[_SPAWN_STEP_MAX] = {
        [SPAWN_STEP_NONE] = { "NONE", 1 },
        [SPAWN_STEP_SIGNALS] = { "SIGNAL_MASK", 207 },
        [SPAWN_STEP_SETSID] = { "SETSID", 220 },
        [SPAWN_STEP_CGROUP] = { "CGROUP", 219 },
        [SPAWN_STEP_STDIN] = { "STDIN", 208 },
        [SPAWN_STEP_STDOUT] = { "STDOUT", 209 },
        [SPAWN_STEP_STDERR] = { "STDERR", 222 },
        [SPAWN_STEP_FDS] = { "FDS", 202 },
        [SPAWN_STEP_OOM_ADJUST] = { "OOM_ADJUST", 206 },
        [SPAWN_STEP_NICE] = { "NICE", 201 },
        [SPAWN_STEP_IOPRIO] = { "IOPRIO", 211 },
        [SPAWN_STEP_SETSCHEDULER] = { "SETSCHEDULER", 214 },
        [SPAWN_STEP_CPUAFFINITY] = { "CPUAFFINITY", 215 },
        [SPAWN_STEP_TIMERSLACK] = { "TIMERSLACK", 212 },
        [SPAWN_STEP_PERSONALITY] = { "PERSONALITY", 230 },
        [SPAWN_STEP_NUMA_POLICY] = { "NUMA_POLICY", 242 },
        [SPAWN_STEP_LIMITS] = { "LIMITS", 205 },
        [SPAWN_STEP_KEYRING] = { "KEYRING", 237 },
        [SPAWN_STEP_NAMESPACE] = { "NAMESPACE", 226 },
        [SPAWN_STEP_NETWORK] = { "NETWORK", 225 },
        [SPAWN_STEP_CHROOT] = { "CHROOT", 210 },
        [SPAWN_STEP_GROUP] = { "GROUP", 216 },
        [SPAWN_STEP_SECUREBITS] = { "SECUREBITS", 213 },
        [SPAWN_STEP_USER] = { "USER", 217 },
        [SPAWN_STEP_CHDIR] = { "CHDIR", 200 },
        [SPAWN_STEP_CAPABILITIES] = { "CAPABILITIES", 218 },
        [SPAWN_STEP_NO_NEW_PRIVILEGES] = { "NO_NEW_PRIVILEGES", 227 },
        [SPAWN_STEP_SECCOMP] = { "SECCOMP", 228 },
        [SPAWN_STEP_ADDRESS_FAMILIES] = { "ADDRESS_FAMILIES", 232 },
        [SPAWN_STEP_EXEC] = { "EXEC", 203 },
        [SPAWN_STEP_RUNTIME_DIRECTORY] = { "RUNTIME_DIRECTORY", 233 },
        [SPAWN_STEP_STATE_DIRECTORY] = { "STATE_DIRECTORY", 238 },
        [SPAWN_STEP_CACHE_DIRECTORY] = { "CACHE_DIRECTORY", 239 },
        [SPAWN_STEP_LOGS_DIRECTORY] = { "LOGS_DIRECTORY", 240 },
        [SPAWN_STEP_CONFIGURATION_DIRECTORY] = { "CONFIGURATION_DIRECTORY", 241 },
        [SPAWN_STEP_CHOWN] = { "CHOWN", 235 },
};

const char *spawn_step_to_string(enum spawn_step step) {
        if ((unsigned) step >= _SPAWN_STEP_MAX)
                return "UNKNOWN";
        return spawn_steps[step].name;
}

int spawn_step_exit_status(enum spawn_step step) {
        if ((unsigned) step >= _SPAWN_STEP_MAX)
                return 1;
        return spawn_steps[step].exit_status;
}
