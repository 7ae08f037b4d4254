/* spawn.h: the spawn plan (everything the child needs, computed in the parent) and spawn_start().
 *
 * DESIGN.md decision 2: the parent does every allocation, lookup and library call; the
 * child (spawn-child.c) only walks the plan with async-signal-safe syscalls and execs.
 * Every field below is therefore plain data the child reads: numbers, flags, strings and
 * arrays that the parent owns and frees (spawn_plan_free). */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "libsvc/macro.h"
#include "libsvc/spawn-mount.h"

/* The order of the child's steps; a failure is reported as {step, errno} and as the exit
 * status systemd.exec(5) "Process Exit Codes" gives that step (spawn_step_exit_status). */
enum spawn_step {
        SPAWN_STEP_NONE,
        SPAWN_STEP_SIGNALS,       /* 207 EXIT_SIGNAL_MASK */
        SPAWN_STEP_SETSID,        /* 220 EXIT_SETSID */
        SPAWN_STEP_CGROUP,        /* 219 EXIT_CGROUP: joining the service's cgroup */
        SPAWN_STEP_STDIN,         /* 208 EXIT_STDIN: installing fd 0, the controlling tty */
        SPAWN_STEP_STDOUT,        /* 209 EXIT_STDOUT */
        SPAWN_STEP_STDERR,        /* 222 EXIT_STDERR */
        SPAWN_STEP_FDS,           /* 202 EXIT_FDS: passed fds, closing the rest */
        SPAWN_STEP_OOM_ADJUST,    /* 206 */
        SPAWN_STEP_NICE,          /* 201 */
        SPAWN_STEP_IOPRIO,        /* 211 */
        SPAWN_STEP_SETSCHEDULER,  /* 214 */
        SPAWN_STEP_CPUAFFINITY,   /* 215 */
        SPAWN_STEP_TIMERSLACK,    /* 212 */
        SPAWN_STEP_PERSONALITY,   /* 230 */
        SPAWN_STEP_NUMA_POLICY,   /* 242 */
        SPAWN_STEP_LIMITS,        /* 205 */
        SPAWN_STEP_KEYRING,       /* 237 */
        SPAWN_STEP_NAMESPACE,     /* 226: unshare() and the mount plan */
        SPAWN_STEP_NETWORK,       /* 225: loopback up in a private network namespace */
        SPAWN_STEP_CHROOT,        /* 210 */
        SPAWN_STEP_GROUP,         /* 216: setgroups, setresgid */
        SPAWN_STEP_SECUREBITS,    /* 213 */
        SPAWN_STEP_USER,          /* 217: setresuid */
        SPAWN_STEP_CHDIR,         /* 200: after the uid change, as systemd (NFS homes) */
        SPAWN_STEP_CAPABILITIES,  /* 218: bounding set, capset, ambient set */
        SPAWN_STEP_NO_NEW_PRIVILEGES, /* 227 */
        SPAWN_STEP_SECCOMP,       /* 228: SystemCallFilter= and the hardening filters */
        SPAWN_STEP_ADDRESS_FAMILIES, /* 232: RestrictAddressFamilies= */
        SPAWN_STEP_EXEC,          /* 203 */
        /* Failures of the parent's preparation that systemd reports as a step of its own
         * child (it does this work after fork()); svcd does it before clone(). */
        SPAWN_STEP_RUNTIME_DIRECTORY,       /* 233 */
        SPAWN_STEP_STATE_DIRECTORY,         /* 238 */
        SPAWN_STEP_CACHE_DIRECTORY,         /* 239 */
        SPAWN_STEP_LOGS_DIRECTORY,          /* 240 */
        SPAWN_STEP_CONFIGURATION_DIRECTORY, /* 241 */
        SPAWN_STEP_CHOWN,                   /* 235 */
        _SPAWN_STEP_MAX,
};

/* What the child reports on the status pipe before it _exits. */
struct spawn_status {
        int step; /* enum spawn_step */
        int error; /* positive errno */
        pid_t pid; /* the child that failed (already reaped), 0 if none was created */
};

/* One classic-BPF seccomp program, built by libseccomp in the parent and loaded by the
 * child with seccomp(SECCOMP_SET_MODE_FILTER) as its last step (DESIGN.md). */
struct spawn_seccomp_program {
        void *instructions;   /* struct sock_filter[], owned by the plan */
        unsigned short count; /* number of instructions */
        int step;             /* SPAWN_STEP_SECCOMP or SPAWN_STEP_ADDRESS_FAMILIES */
};

struct spawn_plan {
        char *path;   /* absolute path to execve() */
        char **argv;
        char **envp;

        /* stdio: fds installed as 0, 1, 2; -1 means /dev/null. Borrowed from the caller,
         * who closes them after spawn_start(). */
        int stdin_fd, stdout_fd, stderr_fd;
        bool stdin_controlling_tty; /* StandardInput=tty*: make fd 0 the controlling tty */
        bool stdin_tty_force;       /* tty-force: steal it from another session */
        /* svcd -- CMD's main command (tini's way): no session of its own but a process
         * group, made the foreground group of svcd's terminal when fd 0 is it, so that
         * the terminal's ^C and job control reach it. Otherwise the child calls setsid(). */
        bool foreground_process_group;
        int *pass_fds;    /* installed as 3, 4, ... in this order; borrowed */
        size_t n_pass_fds;
        int null_fd;  /* an open /dev/null the child uses for -1 above; svcd's one, not the plan's */
        int status_fd; /* write end of the exec-status pipe (O_CLOEXEC) */
        /* The service's cgroup directory (O_DIRECTORY), or -1: none. Borrowed. The child is
         * created in it (clone3(2) CLONE_INTO_CGROUP) where the kernel can; otherwise
         * spawn_start() opens its cgroup.procs into cgroup_procs_fd and the child joins by
         * writing "0" (cgroup-v2.rst). */
        int cgroup_dir_fd;
        int cgroup_procs_fd; /* spawn_start()'s, for that fallback; -1 otherwise */
        /* Set by spawn_start() (spawn-fd-slots.h): nonzero when the child shares the
         * daemon's fd table (CLONE_FILES) and must first take a table of its own holding
         * only the fds below this number, where spawn_start() staged the fds above. */
        unsigned shared_fd_table_below;
        /* Values in envp the child overwrites with its own pid ($LISTEN_PID, $WATCHDOG_PID:
         * sd_listen_fds(3) compares them with getpid()); each points after the '=' of an
         * entry with room for 20 characters. NULL: none. */
        char *own_pid_env[2];

        /* Process attributes; each applies only when its *_set is true. */
        bool oom_score_adjust_set;
        char oom_score_adjust[16];  /* decimal text for /proc/self/oom_score_adj */
        bool nice_set;
        int nice;
        bool ioprio_set;
        int ioprio;                 /* IOPRIO_PRIO_VALUE(class, data) */
        bool cpu_scheduling_set;
        int cpu_scheduling_policy;  /* SCHED_*, SCHED_RESET_ON_FORK or'ed in as asked */
        int cpu_scheduling_priority;
        bool cpu_affinity_set;
        uint64_t cpu_affinity[1024 / 64]; /* a cpu_set_t's bits for CPUs 0-1023 */
        bool timer_slack_set;
        uint64_t timer_slack_nsec;
        bool personality_set;
        unsigned long personality;
        bool numa_policy_set;
        int numa_policy;            /* MPOL_* for set_mempolicy(2) */
        uint64_t numa_mask[1024 / 64]; /* nodes 0-1023 */
        bool coredump_filter_set;
        char coredump_filter[20];   /* hex text for /proc/self/coredump_filter */
        bool ignore_sigpipe;        /* IgnoreSIGPIPE= (default yes): SIGPIPE starts ignored */
        uint64_t daemon_ignored_signals; /* set by spawn_start(): bit sig-1 for each signal the
                                          * daemon ignores or handles, which the child sets
                                          * back to SIG_DFL first thing */
        mode_t umask;               /* always applied (default 0022) */
        bool rlimit_set[RLIM_NLIMITS];
        struct rlimit rlimits[RLIM_NLIMITS];
        bool keyring_private;       /* KeyringMode=private/shared: a new session keyring */

        /* Namespaces and the filesystem view (spawn-mount.h). */
        int netns_fd, ipcns_fd;     /* NetworkNamespacePath=, IPCNamespacePath=: joined with
                                     * setns(2) first; -1: none; owned by the plan */
        int unshare_flags;          /* CLONE_NEW* for unshare(2); 0: none */
        bool loopback_up;           /* PrivateNetwork=: bring "lo" up in the new netns */
        struct spawn_mount_plan mounts; /* applied after unshare(CLONE_NEWNS) */
        bool private_users;         /* PrivateUsers=: a user namespace with these maps */
        char uid_map[64];           /* user_namespaces(7) uid_map text, "0 0 1\n..." */
        char gid_map[64];
        char *root_directory;       /* RootDirectory=: chroot() target, NULL for none */
        char *working_directory;    /* NULL: "/" (or the home directory, resolved by the parent) */
        bool working_directory_missing_ok; /* "-": a missing directory means "/" */

        /* Credentials: applied only when set (User=/Group= and not the "+"/"!" prefixes). */
        bool set_groups;
        gid_t *groups;
        size_t n_groups;
        bool set_gid;
        gid_t gid;
        bool set_uid;
        uid_t uid;

        /* Privileges. */
        bool securebits_set;
        int securebits;             /* SecureBits= (SECBIT_* flags) */
        bool bounding_set_apply;    /* drop every capability not in bounding_set */
        uint64_t bounding_set;
        uint64_t ambient_set;       /* AmbientCapabilities=: raised after the uid change */
        bool no_new_privileges;     /* NoNewPrivileges= (or implied, systemd.exec(5)) */
        struct spawn_seccomp_program *seccomp; /* loaded in order, last of all */
        size_t n_seccomp;
};

int spawn_plan_new(struct spawn_plan **ret);
struct spawn_plan *spawn_plan_free(struct spawn_plan *p);
DEFINE_POINTER_CLEANUP(struct spawn_plan, spawn_plan_free)

/* Appends a copy of a BPF program (count struct sock_filter) to p->seccomp. */
int spawn_plan_add_seccomp(struct spawn_plan *p, const void *instructions, size_t count, int step);

/* Resolves a command name to an absolute executable path the way systemd.service(5)
 * describes ("Command lines"): absolute paths as they are, else each directory of
 * search_path (ExecSearchPath=) when given, else the fixed search path. */
int spawn_resolve_path(const char *name, char *const *search_path, char **ret);

/* Starts the plan's process. The daemon's signal dispositions are read at the first call
 * (which signals it ignores, for the child to set back): set them before spawning.  Returns 0 with *ret_pid once execve() succeeded, or a
 * -errno with *ret_status describing the step that failed (the child is reaped; its pid
 * is reported as systemd reports ExecMainPID of a failed exec), or step NONE and pid 0
 * when no child could be created. */
int spawn_start(struct spawn_plan *p, pid_t *ret_pid, struct spawn_status *ret_status);

const char *spawn_step_to_string(enum spawn_step step);
/* systemd's exit status for a failed step (systemd.exec(5) "Process Exit Codes"). */
int spawn_step_exit_status(enum spawn_step step);

/* The child: ordered async-signal-safe steps, then execve(). Never returns. */
_noreturn_ void spawn_child(const struct spawn_plan *p);
/* clone()'s entry point for spawn_child(); lives in the uninstrumented child file so that
 * no sanitizer hook runs on the child's stack. */
int spawn_child_main(void *plan);
