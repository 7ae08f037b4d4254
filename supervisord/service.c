/* service.c: the service state machine: one [state][event] table, one writer of s->state.
 *
 * Semantics follow systemd.service(5) and systemd.kill(5) for Type=simple: the service
 * is active once execve() succeeded; when the main process exits, what is left of its
 * process group is stopped as KillMode= says (KillSignal=, then FinalKillSignal= after
 * TimeoutStopSec=); then Restart= decides between auto-restart, failed and dead. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libsvc/fd-util.h"
#include "libsvc/log.h"
#include "libsvc/signal-util.h"
#include "libsvc/spawn.h"
#include "libsvc/strv.h"
#include "supervisord/emergency-action.h"
#include "supervisord/exec-directories.h"
#include "supervisord/exec-plan.h"
#include "supervisord/exec-private-tmp.h"
#include "supervisord/exec-remove-ipc.h"
#include "supervisord/exec-stdio.h"
#include "supervisord/log-capture.h"
#include "supervisord/manager.h"
#include "supervisord/service-policy.h"
#include "supervisord/service.h"

typedef void service_action(struct service *s);

static void service_dispatch(struct service *s, enum service_event ev);
static void enter_start(struct service *s);
static void enter_stop_sigterm(struct service *s);
static void enter_dead(struct service *s);

int service_new(struct manager *m, const char *id, struct service **ret) {
        struct service *s = calloc(1, sizeof *s);

        if (!s)
                return -ENOMEM;
        s->id = strdup(id);
        if (!s->id) {
                free(s);
                return -ENOMEM;
        }
        s->manager = m;
        s->state = SERVICE_DEAD;
        s->condition_result = s->assert_result = true;
        s->run_uid = (uid_t) -1;
        s->run_gid = (gid_t) -1;
        if (log_stream_new(m->logs, id, &s->log) < 0) {
                free(s->id);
                free(s);
                return -ENOMEM;
        }
        *ret = s;
        return 0;
}

struct service *service_free(struct service *s) {
        if (!s)
                return NULL;
        ev_timer_disarm(s->manager->loop, &s->timer);
        ev_defer_cancel(s->manager->loop, &s->notify_defer);
        manager_watch_main_pid(s->manager, s, s->main_pid, 0);
        manager_track_stopping(s->manager, s, false);
        /* Nobody may be left waiting on a freed service. */
        while (s->waiters) {
                struct service_waiter *w = s->waiters;
                s->waiters = w->next;
                w->next = NULL;
                w->done(w, s, -ECANCELED);
        }
        unit_free(s->unit);
        free(s->load_error);
        unit_free(s->pending_unit);
        free(s->pending_load_error);
        free(s->status_text);
        free(s->condition_failure);
        strv_free(s->not_enforced);
        log_stream_free(s->log);
        free(s->id);
        free(s);
        return NULL;
}

bool service_is_inactive(const struct service *s) {
        return s->state == SERVICE_DEAD || s->state == SERVICE_FAILED;
}

bool service_is_active_or_activating(const struct service *s) {
        return !service_is_inactive(s);
}

static const char *service_log_name(const struct service *s) {
        return s->id;
}

/* A waiter is answered once the service has settled: at the end of the loop turn (so a
 * restart's passage through "dead" is not mistaken for its end) and not while stopping. */
static void on_notify_waiters(struct ev_defer *d) {
        struct service *s = d->userdata;
        struct service_waiter **p = &s->waiters;

        if (s->state == SERVICE_STOP_SIGTERM || s->state == SERVICE_STOP_SIGKILL)
                return;
        while (*p) {
                struct service_waiter *w = *p;
                int error;

                if (w->want_active && service_is_inactive(s) &&
                    (s->start_check == START_CHECK_CONDITION || s->start_failure_ignored))
                        error = 0; /* a skipped start, or a failure "-" ignores, is a done job */
                else if (w->want_active && service_is_inactive(s) && s->start_check == START_CHECK_ASSERT)
                        error = -EPROTO;
                else if (w->want_active)
                        /* A start that reached running is done (Type=simple: systemd's job
                         * completes there), even if the process ended within the same loop
                         * turn; one that a stop (or shutdown) overtook was canceled, not failed. */
                        error = s->state == SERVICE_RUNNING || s->reached_running ? 0
                                : s->stop_requested || s->manager->shutting_down ? -ECANCELED
                                                                                 : -EIO;
                else if (s->state == SERVICE_AUTO_RESTART)
                        error = 1; /* not settled for a stop: keep waiting */
                else
                        error = service_is_inactive(s) ? 0 : -ECANCELED;
                if (error > 0) {
                        p = &w->next;
                        continue;
                }
                *p = w->next;
                w->next = NULL;
                w->done(w, s, error);
        }
}

static void service_notify_waiters(struct service *s) {
        if (s->waiters)
                ev_defer_queue(s->manager->loop, &s->notify_defer, on_notify_waiters, s);
}

void service_add_waiter(struct service *s, struct service_waiter *w) {
        w->next = s->waiters;
        s->waiters = w;
        service_notify_waiters(s);
}

void service_remove_waiter(struct service *s, struct service_waiter *w) {
        for (struct service_waiter **p = &s->waiters; *p; p = &(*p)->next)
                if (*p == w) {
                        *p = w->next;
                        w->next = NULL;
                        return;
                }
}

/* Puts a pending definition (from daemon-reload) in place. */
static void service_apply_pending_definition(struct service *s) {
        if (!s->has_pending_definition)
                return;
        unit_free(s->unit);
        free(s->load_error);
        s->unit = TAKE_PTR(s->pending_unit);
        s->load_state = s->pending_load_state;
        s->load_error = TAKE_PTR(s->pending_load_error);
        s->has_pending_definition = false;
        log_debug("%s: Now using the definition read by the last reload.", s->id);
}

int service_set_definition(struct service *s, struct unit *u, enum load_state state, const char *load_error) {
        char *e = NULL;

        if (load_error && !(e = strdup(load_error))) {
                unit_free(u);
                return -ENOMEM;
        }
        unit_free(s->pending_unit);
        free(s->pending_load_error);
        s->pending_unit = u;
        s->pending_load_state = state;
        s->pending_load_error = e;
        s->has_pending_definition = true;
        if (service_is_inactive(s))
                service_apply_pending_definition(s);
        return 0;
}

/* The only assignment to s->state. It tears down what the new state does not need
 * (the timer) and keeps systemd's timestamps. */
static void service_set_state(struct service *s, enum service_state state) {
        enum service_state old = s->state;
        usec_t now = now_usec(CLOCK_REALTIME);

        if (state != SERVICE_STOP_SIGTERM && state != SERVICE_STOP_SIGKILL && state != SERVICE_AUTO_RESTART)
                ev_timer_disarm(s->manager->loop, &s->timer);

        s->state = state;
        manager_track_stopping(s->manager, s, state == SERVICE_STOP_SIGTERM || state == SERVICE_STOP_SIGKILL);
        if (service_is_inactive(s))
                service_apply_pending_definition(s);
        if (old == state)
                return;
        s->state_change_timestamp = now;

        bool was_active = old == SERVICE_RUNNING, is_active = state == SERVICE_RUNNING;
        bool was_inactive = old == SERVICE_DEAD || old == SERVICE_FAILED;
        if (is_active && !was_active)
                s->active_enter_timestamp = now;
        if (was_active && !is_active)
                s->active_exit_timestamp = now;
        if (service_is_inactive(s) && !was_inactive)
                s->inactive_enter_timestamp = now;

        log_debug("%s: Changed %s -> %s", service_log_name(s), service_state_to_string(old),
                  service_state_to_string(state));

        service_notify_waiters(s);
        if (service_is_inactive(s))
                manager_on_service_inactive(s->manager, s);
        /* FailureAction= when the unit fails, SuccessAction= when it ends cleanly after
         * having run (systemd.unit(5)). */
        if (s->unit && state == SERVICE_FAILED && old != SERVICE_FAILED)
                emergency_action_run(s->manager, s->unit->failure_action,
                                     service_action_exit_status(s, s->unit->failure_action_exit_status), s->id, "Failed");
        else if (s->unit && state == SERVICE_DEAD && !was_inactive && old != SERVICE_AUTO_RESTART)
                emergency_action_run(s->manager, s->unit->success_action,
                                     service_action_exit_status(s, s->unit->success_action_exit_status), s->id, "Succeeded");
}

static void service_arm_timer(struct service *s, usec_t timeout);

static void service_set_result(struct service *s, enum service_result r) {
        /* The first failure is the one reported, as systemd does. */
        if (s->result == SERVICE_SUCCESS)
                s->result = r;
}

/* What a run leaves behind that outlives no run: RuntimeDirectory= (unless
 * RuntimeDirectoryPreserve= keeps it), the private /tmp. */
static void release_run_resources(struct service *s, bool restarting) {
        if (!s->unit)
                return;
        exec_directories_cleanup(&s->unit->exec, service_log_name(s), s->manager->options.user_mode, restarting);
        if (s->unit->exec.private_tmp || s->unit->exec.dynamic_user)
                exec_private_tmp_cleanup(service_log_name(s));
        /* RemoveIPC= (implied by DynamicUser=): the System V and POSIX IPC objects the
         * service's user and group own go with the run. Never root's. */
        if ((s->unit->exec.remove_ipc || s->unit->exec.dynamic_user) && s->run_uid != 0 && s->run_uid != (uid_t) -1) {
                int n = exec_remove_ipc(s->run_uid, s->run_gid);
                if (n < 0)
                        log_warning_errno(n, "%s: Failed to remove IPC objects of uid %u: %m", service_log_name(s),
                                          (unsigned) s->run_uid);
                else if (n > 0)
                        log_debug("%s: Removed %d IPC objects of uid %u.", service_log_name(s), n, (unsigned) s->run_uid);
        }
        s->run_uid = (uid_t) -1;
        s->run_gid = (gid_t) -1;
}

/* The one writer of s->main_pid: the manager's pid index follows it. */
static void service_set_main_pid(struct service *s, pid_t pid) {
        manager_watch_main_pid(s->manager, s, s->main_pid, pid);
        s->main_pid = pid;
}

static void enter_dead(struct service *s) {
        struct manager *m = s->manager;
        bool restarting = !m->shutting_down && (s->start_after_stop || service_should_restart(s));

        service_set_main_pid(s, 0);
        s->pgid = 0;
        release_run_resources(s, restarting);

        if (s->start_after_stop && !m->shutting_down) {
                s->start_after_stop = false;
                s->stop_requested = false;
                service_set_state(s, s->result == SERVICE_SUCCESS ? SERVICE_DEAD : SERVICE_FAILED);
                enter_start(s);
                return;
        }
        s->start_after_stop = false;

        if (service_should_restart(s)) {
                service_set_state(s, SERVICE_AUTO_RESTART);
                service_arm_timer(s, s->unit->restart_usec);
                return;
        }

        if (s->result != SERVICE_SUCCESS)
                log_warning("%s: Failed with result '%s'.", service_log_name(s), service_result_to_string(s->result));
        service_set_state(s, s->result == SERVICE_SUCCESS ? SERVICE_DEAD : SERVICE_FAILED);
}

/* StartLimitIntervalSec=/StartLimitBurst= (systemd.unit(5)): a unit may start at most
 * burst times per interval; the interval is a window opened by the first start in it,
 * as systemd's ratelimit does. Either set to 0 disables the limit. */
static bool start_limit_hit(struct service *s) {
        const struct unit *u = s->unit;
        usec_t now = now_usec(CLOCK_MONOTONIC);

        if (u->start_limit_interval_usec == 0 || u->start_limit_burst == 0)
                return false;
        if (s->start_limit_begin == 0 || now - s->start_limit_begin > u->start_limit_interval_usec) {
                s->start_limit_begin = now;
                s->start_limit_count = 0;
        }
        if (s->start_limit_count >= u->start_limit_burst)
                return true;
        s->start_limit_count++;
        return false;
}

/* The start failed before the program ran. As systemd: a step of the child (or a program
 * that cannot be found) fails with that step's exit status, 203/EXEC for execve(), and
 * result exit-code, so Restart=on-failure applies; when no child could be created at all
 * (fork or pipe failed: out of pids, fds, memory) the result is resources. */
static void enter_start_failed(struct service *s, const struct exec_command *c, const struct spawn_status *st,
                               const char *reason) {
        bool child_failed = st->step != SPAWN_STEP_NONE;
        char text[512];

        if (reason)
                snprintf(text, sizeof text, "%s", reason);
        else if (child_failed)
                snprintf(text, sizeof text, "failed at step %s spawning %s: %s", spawn_step_to_string(st->step),
                         c->path, strerror(st->error));
        else
                snprintf(text, sizeof text, "failed to spawn %s: %s", c->path, strerror(st->error));
        log_error("%s: %s", service_log_name(s), text);
        free(s->status_text);
        s->status_text = strdup(text);
        s->status_errno = st->error;
        /* No process ran when no child could be created: nothing of the last run stays. */
        s->exec_main_pid = child_failed ? st->pid : 0;
        s->exec_main_code = child_failed ? CLD_EXITED : 0;
        s->exec_main_status = child_failed ? spawn_step_exit_status(st->step) : 0;
        s->exec_main_start_timestamp = s->exec_main_exit_timestamp = child_failed ? now_usec(CLOCK_REALTIME) : 0;
        /* "-" and a program that is not there: systemd logs "Executable ... missing,
         * skipping" and records a clean exit. Any other step's failure is an exit status
         * like any other, which "-" ignores too. */
        if (child_failed && service_main_ignores_failure(s) && st->step == SPAWN_STEP_EXEC && st->error == ENOENT) {
                log_info("%s: Executable %s missing, skipping.", service_log_name(s), c->path);
                s->exec_main_status = 0;
                s->status_errno = 0;
        }
        if (!child_failed)
                service_set_result(s, SERVICE_FAILURE_RESOURCES);
        else if (!service_main_ignores_failure(s))
                service_set_result(s, SERVICE_FAILURE_EXIT_CODE);
        else
                s->start_failure_ignored = true;
        enter_dead(s);
}

/* Condition*= and Assert*= are checked when the start job runs (systemd.unit(5)): a failed
 * condition skips the start, which is then done, the unit inactive; a failed assert fails
 * the job and leaves the unit as it was. A start asked for stays where the unit was (dead
 * or failed); an automatic restart that is skipped ends the unit: dead for a condition,
 * failed for an assert. Returns true if the start may go on. */
static bool start_checks_pass(struct service *s) {
        int check = service_check_conditions(s);

        if (check == START_CHECK_PASSED)
                return true;
        if (!service_is_inactive(s))
                service_set_state(s, check == START_CHECK_CONDITION ? SERVICE_DEAD : SERVICE_FAILED);
        service_notify_waiters(s); /* whoever waits for the start hears now */
        return false;
}

static void enter_start(struct service *s) {
        _cleanup_(spawn_plan_freep) struct spawn_plan *plan = NULL;
        _cleanup_close_ int log_fd = -1;
        struct spawn_status st = {};
        const struct exec_command *c;
        pid_t pid;
        int r;

        /* An automatic restart picks up what daemon-reload read meanwhile; if the files
         * became unusable, the restart cannot happen. */
        service_apply_pending_definition(s);
        if (s->load_state != LOAD_LOADED) {
                log_error("%s: Cannot start: %s", service_log_name(s),
                          s->load_error ? s->load_error : "the unit is not loaded.");
                s->result = SERVICE_FAILURE_RESOURCES;
                service_set_state(s, SERVICE_FAILED);
                return;
        }

        s->start_failure_ignored = false;
        s->reached_running = false;
        if (!start_checks_pass(s))
                return;
        s->result = SERVICE_SUCCESS;
        s->stop_requested = false;
        s->status_errno = 0;
        free(s->status_text);
        s->status_text = NULL;

        if (start_limit_hit(s)) {
                log_warning("%s: Start request repeated too quickly.", service_log_name(s));
                emergency_action_run(s->manager, (s->unit ? s->unit->start_limit_action : EMERGENCY_ACTION_NONE), service_action_exit_status(s, -1), s->id,
                                     "Start limit hit");
                s->result = SERVICE_FAILURE_START_LIMIT_HIT;
                log_warning("%s: Failed with result '%s'.", service_log_name(s), service_result_to_string(s->result));
                service_set_state(s, SERVICE_FAILED);
                return;
        }

        /* A oneshot without ExecStart= (systemd-exit.service and its kind) has nothing
         * to run. Its ExecStop=/SuccessAction= come with the lifecycle work; until then
         * it completes at once, successfully, as systemd's does when those are empty. */
        if (s->unit->n_exec_start == 0) {
                log_info("%s: Nothing to run (no ExecStart=); done.", service_log_name(s));
                s->reached_running = true;
                service_set_state(s, SERVICE_RUNNING);
                enter_dead(s);
                return;
        }

        /* Each run writes into a pipe of its own; the unit's log stream reads it (and keeps
         * reading it after the run, as long as a forked process holds it). */
        if (exec_stdio_uses_log(&s->unit->exec)) {
                r = log_stream_open_pipe(s->log, &s->unit->exec, &log_fd);
                if (r < 0)
                        log_warning_errno(r, "%s: Cannot create a pipe for its output (%m); it goes to svcd's own "
                                             "stdout and stderr, uncaptured.", service_log_name(s));
        }

        _cleanup_(exec_plan_report_done) struct exec_plan_report report = {};
        struct exec_plan_params params = {
                .unit_id = service_log_name(s),
                .manager_environ = environ,
                .log_fd = log_fd,
                .user_mode = s->manager->options.user_mode,
                .strict_sandbox = s->manager->options.strict_sandbox,
        };
        c = &s->unit->exec_start[0];
        r = exec_plan_build(s->unit, c, &params, &plan, &report, &st);
        if (r >= 0)
                r = s->manager->process.spawn(plan, &pid, &st);
        if (r < 0) {
                enter_start_failed(s, c, &st, report.reason);
                return;
        }
        strv_free(s->not_enforced);
        s->not_enforced = TAKE_PTR(report.not_enforced);
        s->run_uid = plan->set_uid ? plan->uid : (uid_t) -1;
        s->run_gid = plan->set_gid ? plan->gid : (gid_t) -1;

        if (log_fd >= 0)
                log_stream_set_pid(s->log, pid);
        service_set_main_pid(s, pid);
        s->exec_main_pid = pid;
        s->pgid = pid; /* the child called setsid() */
        s->exec_main_code = 0;
        s->exec_main_status = 0;
        s->exec_main_start_timestamp = now_usec(CLOCK_REALTIME);
        s->exec_main_exit_timestamp = 0;
        log_info("%s: Started %s (pid %d).", service_log_name(s),
                 s->unit->description ? s->unit->description : s->id, (int) pid);
        s->reached_running = true;
        service_set_state(s, SERVICE_RUNNING);
}

static void on_timer(struct ev_timer *t) {
        service_dispatch(t->userdata, SERVICE_EV_TIMEOUT);
}

static void service_arm_timer(struct service *s, usec_t timeout) {
        usec_t deadline = timeout == USEC_INFINITY ? USEC_INFINITY : usec_add(now_usec(CLOCK_MONOTONIC), timeout);

        if (ev_timer_arm(s->manager->loop, &s->timer, deadline, on_timer, s) < 0)
                log_oom();
}

/* Sends sig to the whole process group and to the main process (which may have left it). */
/* Sends sig to the service's process group and to its main process (which may have left
 * the group), or to the main process only. The group stands for systemd's control group
 * (systemd.kill(5), KillMode=control-group), which svcd emulates with the session and
 * process group every service starts in. */
static bool service_signal(struct service *s, int sig, bool whole_group) {
        int (*kill_fn)(pid_t, int) = s->manager->process.kill;
        bool any = false;

        /* The main process gets the signal once, as systemd skips it in the cgroup kill: a
         * handler would otherwise run twice. Only a main process that left the group (it
         * called setpgid()/setsid() itself) is signalled on its own as well. */
        bool main_in_group = whole_group && s->pgid > 0 && s->main_pid > 0 && s->manager->process.getpgid &&
                             s->manager->process.getpgid(s->main_pid) == s->pgid;

        s->last_kill_signal = sig;
        if (whole_group && s->pgid > 0 && kill_fn(-s->pgid, sig) == 0)
                any = true;
        if (s->main_pid > 0 && !main_in_group && kill_fn(s->main_pid, sig) == 0)
                any = true;
        /* A stopped process must be woken to see the signal (systemd.kill(5), KillSignal=). */
        if (sig != SIGKILL && sig != SIGCONT) {
                if (whole_group && s->pgid > 0)
                        (void) kill_fn(-s->pgid, SIGCONT);
                else if (s->main_pid > 0)
                        (void) kill_fn(s->main_pid, SIGCONT);
        }
        return any;
}

/* Whether the stop waits for the whole group: KillMode=process and none leave what the
 * main process left behind alone (systemd.kill(5)). */
static bool kill_mode_waits_for_group(const struct service *s) {
        enum kill_mode mode = s->unit ? s->unit->kill.kill_mode : KILL_CONTROL_GROUP;
        return mode == KILL_CONTROL_GROUP || mode == KILL_MIXED;
}

static bool service_group_empty(const struct service *s) {
        if (s->main_pid > 0)
                return false;
        if (!kill_mode_waits_for_group(s))
                return true;
        return s->pgid <= 0 || s->manager->process.kill(-s->pgid, 0) == -ESRCH;
}

/* systemd.kill(5): KillSignal= (RestartKillSignal= for a restart) to what KillMode= says
 * (control-group: everything; mixed and process: the main process; none: nothing), then
 * SIGHUP too with SendSIGHUP=; wait TimeoutStopSec= for the group to empty. */
static void enter_stop_sigterm(struct service *s) {
        const struct kill_context *k = &s->unit->kill;
        int sig = s->start_after_stop && k->restart_kill_signal > 0 ? k->restart_kill_signal : k->kill_signal;
        bool group = k->kill_mode == KILL_CONTROL_GROUP;
        bool any = false;

        if (k->kill_mode != KILL_NONE) {
                any = service_signal(s, sig, group);
                if (k->send_sighup && sig != SIGHUP)
                        (void) service_signal(s, SIGHUP, group);
                s->last_kill_signal = sig;
        }
        if (!any || service_group_empty(s)) {
                enter_dead(s);
                return;
        }
        service_set_state(s, SERVICE_STOP_SIGTERM);
        service_arm_timer(s, s->unit->timeout_stop_usec);
}

/* TimeoutStopSec= ran out: FinalKillSignal= (SIGKILL) to the main process and, except for
 * KillMode=process, the group; with SendSIGKILL=no, nothing more is sent. */
static void enter_stop_sigkill(struct service *s) {
        const struct kill_context *k = &s->unit->kill;
        char buf[64];

        service_set_result(s, SERVICE_FAILURE_TIMEOUT);
        if (!k->send_sigkill || k->kill_mode == KILL_NONE) {
                log_warning("%s: State 'stop-sigterm' timed out after %s. Skipping SIGKILL.", service_log_name(s),
                            format_timespan(buf, sizeof buf, s->unit->timeout_stop_usec));
                enter_dead(s);
                return;
        }
        log_warning("%s: State 'stop-sigterm' timed out after %s. Killing.", service_log_name(s),
                    format_timespan(buf, sizeof buf, s->unit->timeout_stop_usec));
        if (!service_signal(s, k->final_kill_signal, k->kill_mode != KILL_PROCESS) || service_group_empty(s)) {
                enter_dead(s);
                return;
        }
        service_set_state(s, SERVICE_STOP_SIGKILL);
        service_arm_timer(s, s->unit->timeout_stop_usec);
}

static void on_sigkill_timeout(struct service *s) {
        log_warning("%s: Processes still around after SIGKILL. Ignoring.", service_log_name(s));
        enter_dead(s);
}

/* The main process exited on its own: record why, then stop what is left of the group. */
static void on_main_exited(struct service *s) {
        enum service_result r = SERVICE_SUCCESS;

        switch (s->exec_main_code) {
        case CLD_EXITED:
                if (s->exec_main_status != 0)
                        r = SERVICE_FAILURE_EXIT_CODE;
                break;
        case CLD_KILLED:
                if (!service_is_clean_signal(s->exec_main_status))
                        r = SERVICE_FAILURE_SIGNAL;
                break;
        default:
                r = SERVICE_FAILURE_CORE_DUMP;
        }
        /* SuccessExitStatus=: more exit statuses and signals that count as a clean end. */
        if (s->unit && service_exit_in(s, &s->unit->success_exit_status))
                r = SERVICE_SUCCESS;
        if (service_main_ignores_failure(s))
                r = SERVICE_SUCCESS;
        service_set_result(s, r);
        enter_stop_sigterm(s);
}

/* During a stop the main process' end is expected; SIGTERM (our own) is clean. */
static void on_stop_main_exited(struct service *s) {
        if (service_main_ignores_failure(s))
                ;
        else if (s->exec_main_code == CLD_EXITED && s->exec_main_status != 0)
                service_set_result(s, SERVICE_FAILURE_EXIT_CODE);
        else if (s->exec_main_code == CLD_DUMPED)
                service_set_result(s, SERVICE_FAILURE_CORE_DUMP);
        else if (s->exec_main_code == CLD_KILLED && !service_is_clean_signal(s->exec_main_status) &&
                 s->exec_main_status != s->last_kill_signal) /* the signal svcd sent is expected */
                service_set_result(s, SERVICE_FAILURE_SIGNAL);
        if (service_group_empty(s))
                enter_dead(s);
}

static void on_stop_requested(struct service *s) {
        s->stop_requested = true;
        s->start_after_stop = false;
        enter_stop_sigterm(s);
}

static void on_restart_requested(struct service *s) {
        s->stop_requested = true;
        s->start_after_stop = true;
        enter_stop_sigterm(s);
}

static void on_start_while_stopping(struct service *s) {
        s->start_after_stop = true;
}

static void on_stop_while_stopping(struct service *s) {
        s->stop_requested = true;
        s->start_after_stop = false;
}

/* A stop cancels the pending restart: the unit is stopped as asked, so "inactive", not
 * "failed" (systemd's service_stop() goes to dead from auto-restart). The result of the
 * run that ended stays visible. */
static void on_stop_while_auto_restart(struct service *s) {
        s->stop_requested = true;
        service_set_state(s, SERVICE_DEAD);
}

static void on_auto_restart_timeout(struct service *s) {
        s->n_restarts++;
        log_info("%s: Scheduled restart job, restart counter is at %u.", service_log_name(s), s->n_restarts);
        enter_start(s);
}

/* A start asked for while a restart is pending starts now; it is not an automatic
 * restart, so NRestarts does not count it. */
static void on_start_while_auto_restart(struct service *s) {
        enter_start(s);
}

static void on_stop_while_inactive(struct service *s) {
        /* Nothing runs; a stop of a failed unit keeps it failed, as systemctl does. */
        service_notify_waiters(s);
}

static void noop(struct service *s) {
        service_notify_waiters(s);
}

static service_action *const fsm[_SERVICE_STATE_MAX][_SERVICE_EVENT_MAX] = {
        [SERVICE_DEAD] = {
                [SERVICE_EV_START] = enter_start,
                [SERVICE_EV_RESTART] = enter_start,
                [SERVICE_EV_STOP] = on_stop_while_inactive,
        },
        [SERVICE_FAILED] = {
                [SERVICE_EV_START] = enter_start,
                [SERVICE_EV_RESTART] = enter_start,
                [SERVICE_EV_STOP] = on_stop_while_inactive,
        },
        [SERVICE_RUNNING] = {
                [SERVICE_EV_START] = noop,
                [SERVICE_EV_STOP] = on_stop_requested,
                [SERVICE_EV_RESTART] = on_restart_requested,
                [SERVICE_EV_MAIN_EXITED] = on_main_exited,
        },
        [SERVICE_STOP_SIGTERM] = {
                [SERVICE_EV_START] = on_start_while_stopping,
                [SERVICE_EV_RESTART] = on_start_while_stopping,
                [SERVICE_EV_STOP] = on_stop_while_stopping,
                [SERVICE_EV_MAIN_EXITED] = on_stop_main_exited,
                [SERVICE_EV_GROUP_EMPTY] = enter_dead,
                [SERVICE_EV_TIMEOUT] = enter_stop_sigkill,
        },
        [SERVICE_STOP_SIGKILL] = {
                [SERVICE_EV_START] = on_start_while_stopping,
                [SERVICE_EV_RESTART] = on_start_while_stopping,
                [SERVICE_EV_STOP] = on_stop_while_stopping,
                [SERVICE_EV_MAIN_EXITED] = on_stop_main_exited,
                [SERVICE_EV_GROUP_EMPTY] = enter_dead,
                [SERVICE_EV_TIMEOUT] = on_sigkill_timeout,
        },
        [SERVICE_AUTO_RESTART] = {
                [SERVICE_EV_START] = on_start_while_auto_restart,
                [SERVICE_EV_RESTART] = on_start_while_auto_restart,
                [SERVICE_EV_STOP] = on_stop_while_auto_restart,
                [SERVICE_EV_TIMEOUT] = on_auto_restart_timeout,
        },
};

static void service_dispatch(struct service *s, enum service_event ev) {
        service_action *action = fsm[s->state][ev];

        if (action)
                action(s);
        else
                log_debug("%s: Event %d ignored in state %s.", service_log_name(s), ev, service_state_to_string(s->state));
}

/* systemctl reset-failed (systemctl(1)): a failed unit becomes inactive; its result, its
 * restart count and its start limit start afresh, as systemd's service_reset_failed() and
 * the unit's start ratelimit reset do. Other states keep their state; the counters reset. */
void service_reset_failed(struct service *s) {
        if (s->state == SERVICE_FAILED)
                service_set_state(s, SERVICE_DEAD);
        s->result = SERVICE_SUCCESS;
        s->n_restarts = 0;
        s->start_limit_begin = 0;
        s->start_limit_count = 0;
}

/* systemctl kill (systemctl(1), --kill-whom=): sig to the main process, to the control
 * process (svcd runs none yet) or to all of the unit's processes, as it is; the state
 * machine then sees what happens like any other death. -ESRCH when there is nobody. */
int service_kill(struct service *s, int sig, const char *whom) {
        int (*kill_fn)(pid_t, int) = s->manager->process.kill;
        bool any = false;

        if (streq(whom, "control"))
                return -ESRCH;
        if (streq(whom, "main"))
                return s->main_pid > 0 ? kill_fn(s->main_pid, sig) : -ESRCH;
        if (s->pgid > 0 && kill_fn(-s->pgid, sig) == 0)
                any = true;
        /* The main process once: signalled on its own only if it left the group. */
        if (s->main_pid > 0 &&
            !(any && s->manager->process.getpgid && s->manager->process.getpgid(s->main_pid) == s->pgid) &&
            kill_fn(s->main_pid, sig) == 0)
                any = true;
        return any ? 0 : -ESRCH;
}

int service_start(struct service *s) {
        if (service_is_inactive(s))
                service_apply_pending_definition(s);
        if (s->load_state != LOAD_LOADED)
                return -ENOEXEC;
        if (s->manager->shutting_down)
                return -ESHUTDOWN;
        service_dispatch(s, SERVICE_EV_START);
        return 0;
}

int service_stop(struct service *s) {
        service_dispatch(s, SERVICE_EV_STOP);
        return 0;
}

int service_restart(struct service *s) {
        if (service_is_inactive(s))
                service_apply_pending_definition(s);
        /* A running service restarts into its pending definition; refuse up front if that
         * one cannot run rather than stop a working service for nothing. */
        if (s->has_pending_definition ? s->pending_load_state != LOAD_LOADED : s->load_state != LOAD_LOADED)
                return -ENOEXEC;
        if (s->manager->shutting_down)
                return -ESHUTDOWN;
        service_dispatch(s, SERVICE_EV_RESTART);
        return 0;
}

void service_on_main_exit(struct service *s, int code, int status) {
        char buf[64];

        service_set_main_pid(s, 0);
        s->exec_main_code = code;
        s->exec_main_status = status;
        s->exec_main_exit_timestamp = now_usec(CLOCK_REALTIME);

        if (code == CLD_EXITED)
                snprintf(buf, sizeof buf, "code=exited, status=%d", status);
        else
                snprintf(buf, sizeof buf, "code=%s, status=%d/%s", code == CLD_DUMPED ? "dumped" : "killed", status,
                         signal_to_string(status));
        if (code == CLD_EXITED && status == 0)
                log_info("%s: Main process exited, %s/SUCCESS", service_log_name(s), buf);
        else
                log_notice("%s: Main process exited, %s", service_log_name(s), buf);

        service_dispatch(s, SERVICE_EV_MAIN_EXITED);
}

void service_check_group(struct service *s) {
        if ((s->state == SERVICE_STOP_SIGTERM || s->state == SERVICE_STOP_SIGKILL) && service_group_empty(s))
                service_dispatch(s, SERVICE_EV_GROUP_EMPTY);
}
