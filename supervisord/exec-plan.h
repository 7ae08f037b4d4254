/* exec-plan.h: turns a unit's [Service] execution settings and one Exec*= command into a
 * spawn plan (libsvc/spawn.h): the single place where systemd.exec(5) meets the child.
 *
 * Each area has its own builder (exec-environment, exec-credentials, exec-directories,
 * exec-namespace, exec-seccomp, exec-stdio); this file orders them and decides what a
 * failure means. Everything here runs in the parent, before the child exists. */
#pragma once

#include <stdbool.h>

#include "libsvc/spawn.h"
#include "units/unit.h"

struct exec_plan_params {
        const char *unit_id;          /* named in log messages */
        char *const *manager_environ; /* svcd's environment, read by PassEnvironment= */
        char *const *extra_environ;   /* "NAME=value" the service adds ($MAINPID, $NOTIFY_SOCKET, ...) */
        const char *invocation_id;    /* the run's $INVOCATION_ID; NULL or "": a fresh one */
        bool control_process;         /* ExecStartPre= and the other control commands, not ExecStart= */
        int log_fd;                   /* write end of the unit's log pipe; -1: svcd's own stdout/stderr */
        bool user_mode;               /* svcd --user: per-user directories, keyring inherited */
        bool strict_sandbox;          /* --strict-sandbox: a directive that cannot be enforced fails the start */
        char *const *cgroup_not_enforced; /* the limits the service's cgroup could not take
                                       * (service-start.c); listed apart, but refused with
                                       * the rest under strict_sandbox */
        bool manager_stdio;           /* svcd -- CMD's main command: svcd's own stdin, stdout and
                                       * stderr, whatever Standard*= say, and the terminal's
                                       * foreground process group (main-command.h) */
};

/* What the build found besides the plan. */
struct exec_plan_report {
        char *reason;         /* a failure in words (a file, a user named), or NULL */
        char **not_enforced;  /* "PrivateUsers=yes: no user namespaces" for each directive
                               * that could not be applied here and was skipped */
};

void exec_plan_report_done(struct exec_plan_report *r);

/* Builds the plan for command c of unit u. On failure returns -errno and fills *ret_status
 * as the child would have: step NONE (the start fails with result "resources") or the
 * step systemd attributes the failure to (a missing program is EXEC/ENOENT, an unknown
 * User= is USER/ESRCH; result "exit-code" with that step's exit status). */
int exec_plan_build(const struct unit *u, const struct exec_command *c, const struct exec_plan_params *params,
                    struct spawn_plan **ret, struct exec_plan_report *report, struct spawn_status *ret_status);
