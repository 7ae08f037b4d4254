/* service-spawn.c: how a service's processes come to be: the command lists by kind, the
 * environment svcd adds ($MAINPID, $SERVICE_RESULT, $EXIT_CODE, $EXIT_STATUS, $MONITOR_*,
 * the notify variables), the spawn plan, and a failure to spawn recorded as the process'
 * end (systemd.exec(5), "Environment Variables in Spawned Processes"). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "libsvc/fd-util.h"
#include "libsvc/log.h"
#include "libsvc/signal-util.h"
#include "libsvc/spawn.h"
#include "libsvc/strv.h"
#include "supervisord/cgroup.h"
#include "supervisord/exec-plan.h"
#include "supervisord/exec-stdio.h"
#include "supervisord/log-capture.h"
#include "supervisord/manager.h"
#include "supervisord/proc-util.h"
#include "supervisord/service-internal.h"

const struct exec_command *service_exec_commands(const struct service *s, enum service_exec_kind kind, size_t *ret_n) {
        const struct unit *u = s->unit;

        switch (kind) {
        case SERVICE_EXEC_CONDITION: *ret_n = u->n_exec_condition; return u->exec_condition;
        case SERVICE_EXEC_START_PRE: *ret_n = u->n_exec_start_pre; return u->exec_start_pre;
        case SERVICE_EXEC_START: *ret_n = u->n_exec_start; return u->exec_start;
        case SERVICE_EXEC_START_POST: *ret_n = u->n_exec_start_post; return u->exec_start_post;
        case SERVICE_EXEC_RELOAD: *ret_n = u->n_exec_reload; return u->exec_reload;
        case SERVICE_EXEC_STOP: *ret_n = u->n_exec_stop; return u->exec_stop;
        case SERVICE_EXEC_STOP_POST: *ret_n = u->n_exec_stop_post; return u->exec_stop_post;
        default: *ret_n = 0; return NULL;
        }
}

/* $SERVICE_RESULT, $EXIT_CODE and $EXIT_STATUS for ExecStop= and ExecStopPost=, $MAINPID
 * while there is a main process (systemd.exec(5), "Environment Variables in Spawned
 * Processes"). */
static int control_environment(const struct service *s, enum service_exec_kind kind, char ***env) {
        char buf[64];

        if (s->main_pid > 0 && kind != SERVICE_EXEC_START) {
                snprintf(buf, sizeof buf, "MAINPID=%d", (int) s->main_pid);
                if (strv_extend(env, buf) < 0)
                        return -ENOMEM;
        }
        if (kind != SERVICE_EXEC_STOP && kind != SERVICE_EXEC_STOP_POST)
                return 0;
        snprintf(buf, sizeof buf, "SERVICE_RESULT=%s", service_result_to_string(s->result));
        if (strv_extend(env, buf) < 0)
                return -ENOMEM;
        if (s->exec_main_code == 0 || s->main_pid > 0)
                return 0;
        snprintf(buf, sizeof buf, "EXIT_CODE=%s",
                 s->exec_main_code == CLD_EXITED ? "exited" : s->exec_main_code == CLD_DUMPED ? "dumped" : "killed");
        if (strv_extend(env, buf) < 0)
                return -ENOMEM;
        if (s->exec_main_code == CLD_EXITED)
                snprintf(buf, sizeof buf, "EXIT_STATUS=%d", s->exec_main_status);
        else
                snprintf(buf, sizeof buf, "EXIT_STATUS=%s", signal_to_string(s->exec_main_status));
        return strv_extend(env, buf);
}

/* Why a change of user or group failed, when svcd runs in a user namespace that cannot
 * give it (an unprivileged container, `docker run --userns`, rootless podman): the
 * kernel's EINVAL or EPERM alone sends the author looking in the wrong place. "" if
 * nothing of the kind applies. */
static const char *id_change_hint(const struct spawn_plan *plan, const struct spawn_status *st, char *buf, size_t size) {
        buf[0] = 0;
        if (!plan || (st->error != EINVAL && st->error != EPERM))
                return buf;
        if (st->step == SPAWN_STEP_GROUP && plan->set_gid && !proc_self_id_is_mapped("gid_map", plan->gid))
                snprintf(buf, size, " (gid %u is not mapped in svcd's user namespace, /proc/self/gid_map)",
                         (unsigned) plan->gid);
        else if (st->step == SPAWN_STEP_GROUP && plan->set_groups && proc_self_setgroups_denied())
                snprintf(buf, size, " (setgroups(2) is denied in svcd's user namespace, /proc/self/setgroups)");
        else if (st->step == SPAWN_STEP_USER && plan->set_uid && !proc_self_id_is_mapped("uid_map", plan->uid))
                snprintf(buf, size, " (uid %u is not mapped in svcd's user namespace, /proc/self/uid_map)",
                         (unsigned) plan->uid);
        return buf;
}

/* A failure to spawn is recorded as the process' end, as systemd does: a step of the child
 * (or a program that is not there) exits with that step's status (203/EXEC for execve());
 * no child at all (fork, pipe failed) is code 0, which means "resources". */
static void record_spawn_failure(struct service *s, enum service_exec_kind kind, const struct exec_command *c,
                                 const struct spawn_plan *plan, const struct spawn_status *st, const char *reason) {
        bool child_failed = st->step != SPAWN_STEP_NONE;
        bool is_main = kind == SERVICE_EXEC_START && s->unit->service_type != SERVICE_FORKING;
        int status = child_failed ? spawn_step_exit_status(st->step) : 0;
        char text[512], hint[160];

        if (reason)
                snprintf(text, sizeof text, "%s", reason);
        else if (child_failed)
                snprintf(text, sizeof text, "failed at step %s spawning %s: %s%s", spawn_step_to_string(st->step),
                         c->path, strerror(st->error), id_change_hint(plan, st, hint, sizeof hint));
        else
                snprintf(text, sizeof text, "failed to spawn %s: %s", c->path, strerror(st->error));
        log_error("%s: %s", s->id, text);
        free(s->status_text);
        s->status_text = strdup(text);
        s->status_errno = st->error;

        /* "-" and a program that is not there: systemd logs "Executable ... missing,
         * skipping" and records a clean exit. */
        if (child_failed && (c->flags & EXEC_IGNORE_FAILURE) && st->step == SPAWN_STEP_EXEC && st->error == ENOENT) {
                log_info("%s: Executable %s missing, skipping.", s->id, c->path);
                status = 0;
                s->status_errno = 0;
        }
        if (is_main) {
                s->exec_main_pid = child_failed ? st->pid : 0;
                s->exec_main_code = child_failed ? CLD_EXITED : 0;
                s->exec_main_status = status;
                s->exec_main_start_timestamp = s->exec_main_exit_timestamp = child_failed ? now_usec(CLOCK_REALTIME) : 0;
        } else {
                s->control_code = child_failed ? CLD_EXITED : 0;
                s->control_status = status;
        }
}

/* Points the plan's $LISTEN_PID and $WATCHDOG_PID at room the child fills with its own
 * pid (sd_listen_fds(3) and sd_watchdog_enabled(3) check them against getpid()). */
static void plan_own_pid_slots(struct spawn_plan *p) {
        size_t n = 0;

        for (char **e = p->envp; e && *e && n < ELEMENTSOF(p->own_pid_env); e++)
                if (startswith(*e, "LISTEN_PID=") || startswith(*e, "WATCHDOG_PID="))
                        p->own_pid_env[n++] = strchr(*e, '=') + 1;
}

int service_spawn_command(struct service *s, enum service_exec_kind kind, size_t index, pid_t *ret_pid) {
        _cleanup_(spawn_plan_freep) struct spawn_plan *plan = NULL;
        _cleanup_(exec_plan_report_done) struct exec_plan_report report = {};
        _cleanup_strv_free_ char **env = NULL;
        _cleanup_close_ int log_fd = -1, cgroup_fd = -1;
        _cleanup_free_ int *fds = NULL;
        struct spawn_status st = {};
        bool is_main = kind == SERVICE_EXEC_START && s->unit->service_type != SERVICE_FORKING;
        size_t n;
        const struct exec_command *c = service_exec_commands(s, kind, &n) + index;
        pid_t pid;
        int r;

        /* Each process writes into a pipe of its own; the unit's log stream reads it (and
         * keeps reading after the process ended, as long as something holds it). */
        bool manager_stdio = kind == SERVICE_EXEC_START && main_command_is(s->manager, s);

        if (!manager_stdio && exec_stdio_uses_log(s->unit->exec)) {
                r = log_stream_open_pipe(s->log, s->unit->exec, &log_fd);
                if (r < 0)
                        log_warning_errno(r, "%s: Cannot create a pipe for its output (%m); it goes to svcd's own "
                                             "stdout and stderr, uncaptured.", s->id);
        }
        r = control_environment(s, kind, &env);
        if (r >= 0 && (kind == SERVICE_EXEC_START || kind == SERVICE_EXEC_START_PRE))
                STRV_FOREACH(a, s->monitor_env)
                        if (strv_extend(&env, *a) < 0)
                                r = -ENOMEM;
        if (r >= 0)
                r = service_notify_environment(s, is_main, &env);
        if (r < 0) {
                st = (struct spawn_status) { .step = SPAWN_STEP_NONE, .error = -r };
                goto fail;
        }

        struct exec_plan_params params = {
                .unit_id = s->id,
                .manager_environ = environ,
                .extra_environ = env,
                .invocation_id = s->invocation_id,
                .control_process = kind != SERVICE_EXEC_START,
                .log_fd = log_fd,
                .user_mode = s->manager->options.user_mode,
                .strict_sandbox = s->manager->options.strict_sandbox,
                .cgroup_not_enforced = s->cgroup_not_enforced,
                .manager_stdio = manager_stdio,
        };
        r = exec_plan_build(s->unit, c, &params, &plan, &report, &st);
        if (r >= 0 && s->cgroup_path) {
                /* The child is born in the service's cgroup, or joins it first thing
                 * (219/CGROUP if it cannot; libsvc/spawn.h). */
                cgroup_fd = cgroup_open_dir(s->cgroup_path);
                if (cgroup_fd < 0) {
                        r = cgroup_fd;
                        st = (struct spawn_status) { .step = SPAWN_STEP_CGROUP, .error = -r };
                } else
                        plan->cgroup_dir_fd = cgroup_fd;
        }
        if (r >= 0 && is_main && s->n_fd_store > 0) {
                /* The fd store goes to the main process as fds 3, 4, ... (sd_listen_fds(3)). */
                fds = calloc(s->n_fd_store, sizeof *fds);
                if (!fds) {
                        r = -ENOMEM;
                        st = (struct spawn_status) { .step = SPAWN_STEP_NONE, .error = ENOMEM };
                } else {
                        for (size_t i = 0; i < s->n_fd_store; i++)
                                fds[i] = s->fd_store[i]->fd;
                        plan->pass_fds = fds;
                        plan->n_pass_fds = s->n_fd_store;
                }
        }
        if (r >= 0) {
                plan_own_pid_slots(plan);
                r = s->manager->process.spawn(plan, &pid, &st);
        }
        if (r < 0)
                goto fail;

        if (is_main) {
                strv_free(s->not_enforced);
                s->not_enforced = TAKE_PTR(report.not_enforced);
                /* The limits its cgroup could not take, set at the start (service-start.c). */
                STRV_FOREACH(w, s->cgroup_not_enforced)
                        if (strv_extend(&s->not_enforced, *w) < 0)
                                log_oom();
                s->run_uid = plan->set_uid ? plan->uid : (uid_t) -1;
                s->run_gid = plan->set_gid ? plan->gid : (gid_t) -1;
        } else if (kind == SERVICE_EXEC_START && s->unit->service_type == SERVICE_FORKING) {
                s->run_uid = plan->set_uid ? plan->uid : (uid_t) -1;
                s->run_gid = plan->set_gid ? plan->gid : (gid_t) -1;
        }
        /* Each process has a pipe of its own: its lines carry its pid (control processes too). */
        if (log_fd >= 0)
                log_stream_set_pid(s->log, pid);
        *ret_pid = pid;
        return 0;
fail:
        record_spawn_failure(s, kind, c, plan, &st, report.reason);
        return r < 0 ? r : -EIO;
}

/* The result of the control process that just ended (code 0: it could not be created). */
enum service_result service_control_result(const struct service *s) {
        size_t n;
        const struct exec_command *c = service_exec_commands(s, s->control_kind, &n);

        if (s->control_code == 0)
                return SERVICE_FAILURE_RESOURCES;
        return service_exit_result(s, s->control_code, s->control_status, s->control_index < n ? c + s->control_index : NULL);
}

enum service_result service_main_result(const struct service *s) {
        if (s->exec_main_code == 0)
                return SERVICE_FAILURE_RESOURCES;
        return service_exit_result(s, s->exec_main_code, s->exec_main_status, s->main_command);
}

bool service_run_control(struct service *s, enum service_exec_kind kind, size_t index) {
        size_t n;
        pid_t pid;

        (void) service_exec_commands(s, kind, &n);
        if (index >= n)
                return false;
        s->control_kind = kind;
        s->control_index = index;
        if (service_spawn_command(s, kind, index, &pid) < 0) {
                /* Seen as the control process' end, in the state the caller set. */
                service_dispatch(s, SERVICE_EV_CONTROL_EXITED);
                return true;
        }
        service_set_control_pid(s, pid);
        return true;
}

/* A control process ended: the next command of its list, if it succeeded and there is one. */
bool service_run_next_control(struct service *s, enum service_result f) {
        return f == SERVICE_SUCCESS && service_run_control(s, s->control_kind, s->control_index + 1);
}
