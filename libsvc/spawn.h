/* spawn.h: the spawn plan (everything the child needs, computed in the parent) and spawn_start().
 *
 * DESIGN.md decision 2: the parent does every allocation, lookup and library call; the
 * child (spawn-child.c) only walks the plan with async-signal-safe syscalls and execs. */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#include "libsvc/macro.h"

/* The order of the child's steps; a failure is reported as {step, errno}. */
enum spawn_step {
        SPAWN_STEP_NONE,
        SPAWN_STEP_SIGNALS,
        SPAWN_STEP_SETSID,
        SPAWN_STEP_FDS,
        SPAWN_STEP_CHDIR,
        SPAWN_STEP_EXEC,
        _SPAWN_STEP_MAX,
};

/* What the child reports on the status pipe before it _exits. */
struct spawn_status {
        int step; /* enum spawn_step */
        int error; /* positive errno */
        pid_t pid; /* the child that failed (already reaped), 0 if none was created */
};

struct spawn_plan {
        char *path;   /* absolute path to execve() */
        char **argv;
        char **envp;
        char *working_directory; /* NULL: "/" */
        int stdin_fd, stdout_fd, stderr_fd; /* installed as 0, 1, 2; -1 means /dev/null */
        int null_fd;  /* an open /dev/null the child uses for -1 above */
        int status_fd; /* write end of the exec-status pipe (O_CLOEXEC) */
};

int spawn_plan_new(struct spawn_plan **ret);
struct spawn_plan *spawn_plan_free(struct spawn_plan *p);
DEFINE_POINTER_CLEANUP(struct spawn_plan, spawn_plan_free)

/* Resolves a command name to an absolute executable path the way systemd.service(5)
 * describes ("Command lines"): absolute paths as they are, else the fixed search path. */
int spawn_resolve_path(const char *name, char **ret);

/* Starts the plan's process. Returns 0 with *ret_pid once execve() succeeded, or a
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
