/* service.c: a service object and its state machine's table: one [state][event] table, one
 * dispatcher, one writer of s->state (service_set_state()).
 *
 * The states and their order are systemd.service(5)'s. What each transition does lives
 * with its half of the life: service-start.c (start job to running, reload) and
 * service-stop.c (stop to dead, failed or auto-restart); sd_notify(3) is service-notify.c. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libsvc/log.h"
#include "libsvc/signal-util.h"
#include "libsvc/strv.h"
#include "supervisord/cgroup.h"
#include "supervisord/emergency-action.h"
#include "supervisord/log-capture.h"
#include "supervisord/manager.h"
#include "supervisord/service-internal.h"
#include "supervisord/service-policy.h"

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
        ev_timer_disarm(s->manager->loop, &s->watchdog_timer);
        ev_timer_disarm(s->manager->loop, &s->pid_file_timer);
        ev_defer_cancel(s->manager->loop, &s->notify_defer);
        manager_watch_pid(s->manager, s, s->main_pid, 0);
        manager_watch_pid(s->manager, s, s->control_pid, 0);
        manager_track_stopping(s->manager, s, false);
        /* Nobody may be left waiting on a freed service. */
        while (s->waiters) {
                struct service_waiter *w = s->waiters;
                s->waiters = w->next;
                w->next = NULL;
                w->done(w, s, -ECANCELED);
        }
        service_fd_store_clear(s);
        service_clear_links(s);
        if (s->cgroup_path)
                (void) cgroup_service_remove(s->cgroup_path);
        free(s->cgroup_path);
        unit_free(s->unit);
        free(s->load_error);
        unit_free(s->pending_unit);
        free(s->pending_load_error);
        free(s->status_text);
        free(s->condition_failure);
        strv_free(s->not_enforced);
        strv_free(s->cgroup_not_enforced);
        strv_free(s->monitor_env_pending);
        strv_free(s->monitor_env);
        log_stream_free(s->log);
        free(s->id);
        free(s);
        return NULL;
}

bool service_is_inactive(const struct service *s) {
        return s->state == SERVICE_DEAD || s->state == SERVICE_FAILED;
}

bool service_state_is_up(enum service_state st) {
        return st == SERVICE_RUNNING || st == SERVICE_EXITED || st == SERVICE_RELOAD;
}

bool service_is_up(const struct service *s) {
        return service_state_is_up(s->state);
}

bool service_is_active_or_activating(const struct service *s) {
        return !service_is_inactive(s);
}

bool service_state_waits_for_group(enum service_state st) {
        switch (st) {
        case SERVICE_STOP_WATCHDOG:
        case SERVICE_STOP_SIGTERM:
        case SERVICE_STOP_SIGKILL:
        case SERVICE_FINAL_WATCHDOG:
        case SERVICE_FINAL_SIGTERM:
        case SERVICE_FINAL_SIGKILL:
                return true;
        default:
                return false;
        }
}

static bool state_is_starting(enum service_state st) {
        return st == SERVICE_CONDITION || st == SERVICE_START_PRE || st == SERVICE_START || st == SERVICE_START_POST;
}

static bool state_is_stopping(enum service_state st) {
        return st == SERVICE_STOP || st == SERVICE_STOP_POST || service_state_waits_for_group(st);
}

/* A start (or restart) job is done when the unit is up; it fails when the unit ends or
 * waits for an automatic restart instead (systemctl's "Job for X failed"). */
static int start_job_outcome(const struct service *s) {
        if (service_is_up(s))
                return 0;
        if (state_is_starting(s->state) || (state_is_stopping(s->state) && s->start_after_stop))
                return 1; /* not there yet */
        /* A start that reached running is done (Type=simple: systemd's job completes there),
         * even if the process ended within the same loop turn. */
        if (s->reached_running)
                return 0;
        if (service_is_inactive(s) && (s->start_check == START_CHECK_CONDITION || s->start_failure_ignored))
                return 0; /* a skipped start, or a failure "-" ignores, is a done job */
        if (service_is_inactive(s) && s->start_check == START_CHECK_ASSERT)
                return -EPROTO;
        if (state_is_stopping(s->state) && !s->stop_requested && !s->manager->shutting_down)
                return 1; /* a failed start still cleaning up: its result is known at the end */
        /* One that a stop (or shutdown) overtook was canceled, not failed. */
        return s->stop_requested || s->manager->shutting_down ? -ECANCELED : -EIO;
}

static int stop_job_outcome(const struct service *s) {
        if (service_is_inactive(s))
                return 0;
        if (state_is_stopping(s->state) || s->state == SERVICE_AUTO_RESTART)
                return 1;
        /* Starting or running again: a start overtook the stop. */
        return -ECANCELED;
}

static int reload_job_outcome(const struct service *s) {
        if (s->state == SERVICE_RELOAD)
                return 1;
        if (s->state == SERVICE_RUNNING || s->state == SERVICE_EXITED)
                return s->reload_result == SERVICE_SUCCESS ? 0 : -EIO;
        return -ECANCELED;
}

/* A waiter is answered once the service has settled: at the end of the loop turn (so a
 * restart's passage through "dead" is not mistaken for its end). */
static void on_notify_waiters(struct ev_defer *d) {
        struct service *s = d->userdata;
        struct service_waiter **p = &s->waiters;

        while (*p) {
                struct service_waiter *w = *p;
                int outcome = w->job == SERVICE_JOB_START  ? start_job_outcome(s)
                              : w->job == SERVICE_JOB_STOP ? stop_job_outcome(s)
                                                           : reload_job_outcome(s);
                if (outcome > 0) {
                        p = &w->next;
                        continue;
                }
                *p = w->next;
                w->next = NULL;
                w->done(w, s, outcome);
        }
}

void service_notify_waiters(struct service *s) {
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
void service_apply_pending_definition(struct service *s) {
        if (!s->has_pending_definition)
                return;
        unit_free(s->unit);
        free(s->load_error);
        s->manager->graph_dirty = true; /* the graph's edges borrow from the old definition */
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

/* The one writer of s->main_pid and s->control_pid: the manager's pid index follows them. */
void service_set_main_pid(struct service *s, pid_t pid) {
        manager_watch_pid(s->manager, s, s->main_pid, pid);
        s->main_pid = pid;
        s->main_pid_known = pid > 0;
}

/* A new main process (spawned, read from PIDFile=, or named by MAINPID=): supervised from
 * now on, and the record of the last main process (ExecMain*) starts afresh with it. */
void service_new_main_pid(struct service *s, pid_t pid) {
        service_set_main_pid(s, pid);
        s->exec_main_pid = pid;
        s->exec_main_code = s->exec_main_status = 0;
        s->exec_main_start_timestamp = now_usec(CLOCK_REALTIME);
        s->exec_main_exit_timestamp = 0;
}

void service_set_control_pid(struct service *s, pid_t pid) {
        manager_watch_pid(s->manager, s, s->control_pid, pid);
        s->control_pid = pid;
}

void service_set_result(struct service *s, enum service_result r) {
        if (s->result == SERVICE_SUCCESS)
                s->result = r;
}

/* $MONITOR_SERVICE_RESULT, $MONITOR_EXIT_CODE, $MONITOR_EXIT_STATUS, $MONITOR_INVOCATION_ID
 * and $MONITOR_UNIT for the units s's OnFailure=/OnSuccess= start (systemd.exec(5)). */
int service_monitor_environment(const struct service *s, char ***ret) {
        _cleanup_strv_free_ char **env = NULL;

        if (strv_extendf(&env, "MONITOR_SERVICE_RESULT=%s", service_result_to_string(s->result)) < 0 ||
            strv_extendf(&env, "MONITOR_UNIT=%s", s->id) < 0 ||
            (s->invocation_id[0] && strv_extendf(&env, "MONITOR_INVOCATION_ID=%s", s->invocation_id) < 0))
                return -ENOMEM;
        if (s->exec_main_code != 0) {
                const char *code = s->exec_main_code == CLD_EXITED ? "exited"
                                   : s->exec_main_code == CLD_DUMPED ? "dumped"
                                                                     : "killed";
                if (strv_extendf(&env, "MONITOR_EXIT_CODE=%s", code) < 0 ||
                    (s->exec_main_code == CLD_EXITED
                             ? strv_extendf(&env, "MONITOR_EXIT_STATUS=%d", s->exec_main_status)
                             : strv_extendf(&env, "MONITOR_EXIT_STATUS=%s", signal_to_string(s->exec_main_status))) < 0)
                        return -ENOMEM;
        }
        *ret = TAKE_PTR(env);
        return 0;
}

/* OnFailure= when the unit enters failed, OnSuccess= when it ends cleanly after having run
 * (systemd.unit(5)); FailureAction=/SuccessAction= likewise. */
static void run_outcome_actions(struct service *s, enum service_state old, enum service_state st) {
        bool was_inactive = old == SERVICE_DEAD || old == SERVICE_FAILED;

        if (!s->unit)
                return;
        if (st == SERVICE_FAILED && old != SERVICE_FAILED) {
                manager_start_units(s->manager, s->unit->dependencies[UNIT_ON_FAILURE], s, "OnFailure=",
                                    s->unit->on_failure_job_mode);
                emergency_action_run(s->manager, s->unit->failure_action,
                                     service_action_exit_status(s, s->unit->failure_action_exit_status), s->id, "Failed");
        } else if (st == SERVICE_DEAD && !was_inactive && old != SERVICE_AUTO_RESTART && old != SERVICE_CONDITION &&
                   s->start_check == START_CHECK_PASSED) {
                manager_start_units(s->manager, s->unit->dependencies[UNIT_ON_SUCCESS], s, "OnSuccess=",
                                    s->unit->on_success_job_mode);
                emergency_action_run(s->manager, s->unit->success_action,
                                     service_action_exit_status(s, s->unit->success_action_exit_status), s->id, "Succeeded");
        }
}

static bool state_has_main(enum service_state st) {
        return st == SERVICE_START || st == SERVICE_START_POST || st == SERVICE_RUNNING || st == SERVICE_RELOAD ||
               state_is_stopping(st);
}

static bool state_has_control(enum service_state st) {
        return state_is_starting(st) || st == SERVICE_RELOAD || state_is_stopping(st);
}

static bool state_has_watchdog(enum service_state st) {
        return st == SERVICE_START || st == SERVICE_START_POST || st == SERVICE_RUNNING || st == SERVICE_RELOAD;
}

/* The only assignment to s->state. Leaving a state tears down what the new one does not
 * need: its timer (the caller arms the new state's), the watchdog, the main and control
 * pids of states that have none (systemd's service_set_state()). */
void service_set_state(struct service *s, enum service_state st) {
        enum service_state old = s->state;
        usec_t now = now_usec(CLOCK_REALTIME);

        if (old != st)
                ev_timer_disarm(s->manager->loop, &s->timer);
        if (!state_has_watchdog(st))
                service_watchdog_stop(s);
        if (!state_has_main(st) && s->main_pid > 0)
                service_set_main_pid(s, 0);
        if (!state_has_control(st) && s->control_pid > 0)
                service_set_control_pid(s, 0);

        s->state = st;
        /* The reaper checks these for an empty group: the signal states, and a running
         * service with no main process to watch (forking without one, ExitType=cgroup). */
        manager_track_stopping(s->manager, s,
                               service_state_waits_for_group(st) || (st == SERVICE_RUNNING && s->main_pid <= 0));
        if (service_is_inactive(s))
                service_apply_pending_definition(s);
        if (old == st)
                return;
        s->state_change_timestamp = now;

        bool was_active = service_state_is_up(old);
        bool is_active = service_state_is_up(st);
        bool was_inactive = old == SERVICE_DEAD || old == SERVICE_FAILED;
        if (is_active && !was_active)
                s->active_enter_timestamp = now;
        if (was_active && !is_active)
                s->active_exit_timestamp = now;
        if (service_is_inactive(s) && !was_inactive)
                s->inactive_enter_timestamp = now;
        if (was_inactive && !service_is_inactive(s))
                s->inactive_exit_timestamp = now;

        log_debug("%s: Changed %s -> %s", s->id, service_state_to_string(old), service_state_to_string(st));
        manager_on_service_state(s->manager, s, old, st);

        service_notify_waiters(s);
        if (service_is_inactive(s))
                manager_on_service_inactive(s->manager, s);
        run_outcome_actions(s, old, st);
}

static void on_timer(struct ev_timer *t) {
        service_dispatch(t->userdata, SERVICE_EV_TIMEOUT);
}

void service_arm_timer_at(struct service *s, usec_t deadline) {
        deadline = manager_shutdown_cap(s->manager, s, deadline);
        if (ev_timer_arm(s->manager->loop, &s->timer, deadline, on_timer, s) < 0)
                log_oom();
}

void service_arm_timer(struct service *s, usec_t timeout) {
        usec_t deadline = timeout == USEC_INFINITY ? USEC_INFINITY : usec_add(now_usec(CLOCK_MONOTONIC), timeout);

        /* A shutdown's stop budget caps every wait (manager-shutdown.c). */
        deadline = manager_shutdown_cap(s->manager, s, deadline);
        if (ev_timer_arm(s->manager->loop, &s->timer, deadline, on_timer, s) < 0)
                log_oom();
}

void service_extend_timer(struct service *s, usec_t extend) {
        usec_t deadline = manager_shutdown_cap(s->manager, s, usec_add(now_usec(CLOCK_MONOTONIC), extend));

        if (!s->timer.armed || s->timer.deadline >= deadline)
                return;
        if (ev_timer_arm(s->manager->loop, &s->timer, deadline, on_timer, s) < 0)
                log_oom();
}

/* What a process' end means (systemd.service(5)): a clean exit, a clean signal (SIGHUP,
 * SIGINT, SIGTERM, SIGPIPE) or one in SuccessExitStatus= is success; the "-" prefix makes
 * any end a success ("recorded, but has no further effect"). */
enum service_result service_exit_result(const struct service *s, int code, int status, const struct exec_command *c) {
        enum service_result r = SERVICE_SUCCESS;

        if (code == CLD_EXITED && status != 0)
                r = SERVICE_FAILURE_EXIT_CODE;
        else if (code == CLD_KILLED && !service_is_clean_signal(status))
                r = SERVICE_FAILURE_SIGNAL;
        else if (code == CLD_DUMPED)
                r = SERVICE_FAILURE_CORE_DUMP;
        if (r != SERVICE_SUCCESS && s->unit && service_status_in(code, status, &s->unit->success_exit_status))
                r = SERVICE_SUCCESS;
        if (c && (c->flags & EXEC_IGNORE_FAILURE))
                r = SERVICE_SUCCESS;
        return r;
}

static void noop(struct service *s) {
        service_notify_waiters(s);
}

/* Every (state, event) pair the machine accepts; an empty cell is rejected (logged and
 * ignored). The unit tests walk the whole table. */
#define SIGNAL_STATE_ROW                                                            \
        {                                                                           \
                [SERVICE_EV_START] = service_on_start_while_stopping,               \
                [SERVICE_EV_RESTART] = service_on_start_while_stopping,             \
                [SERVICE_EV_STOP] = service_on_stop_while_stopping,                 \
                [SERVICE_EV_MAIN_EXITED] = service_on_signal_main_exited,           \
                [SERVICE_EV_CONTROL_EXITED] = service_on_signal_process_exited,     \
                [SERVICE_EV_GROUP_EMPTY] = service_on_signal_process_exited,        \
                [SERVICE_EV_TIMEOUT] = service_on_signal_timeout,                   \
        }

static service_action *const fsm[_SERVICE_STATE_MAX][_SERVICE_EVENT_MAX] = {
        [SERVICE_DEAD] = {
                [SERVICE_EV_START] = service_on_start_request,
                [SERVICE_EV_RESTART] = service_on_start_request,
                [SERVICE_EV_STOP] = noop,
        },
        [SERVICE_FAILED] = {
                [SERVICE_EV_START] = service_on_start_request,
                [SERVICE_EV_RESTART] = service_on_start_request,
                [SERVICE_EV_STOP] = noop, /* a stop of a failed unit keeps it failed, as systemctl does */
        },
        [SERVICE_CONDITION] = {
                [SERVICE_EV_START] = noop,
                [SERVICE_EV_STOP] = service_on_stop_request_while_starting,
                [SERVICE_EV_RESTART] = service_on_restart_request,
                [SERVICE_EV_CONTROL_EXITED] = service_on_condition_exited,
                [SERVICE_EV_TIMEOUT] = service_on_start_timeout,
        },
        [SERVICE_START_PRE] = {
                [SERVICE_EV_START] = noop,
                [SERVICE_EV_STOP] = service_on_stop_request_while_starting,
                [SERVICE_EV_RESTART] = service_on_restart_request,
                [SERVICE_EV_CONTROL_EXITED] = service_on_start_pre_exited,
                [SERVICE_EV_TIMEOUT] = service_on_start_timeout,
        },
        [SERVICE_START] = {
                [SERVICE_EV_START] = noop,
                [SERVICE_EV_STOP] = service_on_stop_request_while_starting,
                [SERVICE_EV_RESTART] = service_on_restart_request,
                [SERVICE_EV_MAIN_EXITED] = service_on_start_main_exited,
                [SERVICE_EV_CONTROL_EXITED] = service_on_start_control_exited,
                [SERVICE_EV_TIMEOUT] = service_on_start_timeout,
                [SERVICE_EV_READY] = service_on_ready,
                [SERVICE_EV_WATCHDOG] = noop, /* systemd acts on the watchdog only once active */
                [SERVICE_EV_RELOADING] = noop,
                [SERVICE_EV_STOPPING] = noop, /* remembered (notify_stopping) for when it is up */
        },
        [SERVICE_START_POST] = {
                [SERVICE_EV_START] = noop,
                [SERVICE_EV_STOP] = service_on_stop_request_while_starting,
                [SERVICE_EV_RESTART] = service_on_restart_request,
                [SERVICE_EV_MAIN_EXITED] = service_on_main_exited_while_controlled,
                [SERVICE_EV_CONTROL_EXITED] = service_on_start_post_exited,
                [SERVICE_EV_TIMEOUT] = service_on_start_post_timeout,
                [SERVICE_EV_WATCHDOG] = noop,
                [SERVICE_EV_READY] = noop,
                [SERVICE_EV_RELOADING] = noop,
                [SERVICE_EV_STOPPING] = noop,
        },
        [SERVICE_RUNNING] = {
                [SERVICE_EV_START] = noop,
                [SERVICE_EV_STOP] = service_on_stop_request,
                [SERVICE_EV_RESTART] = service_on_restart_request,
                [SERVICE_EV_RELOAD] = service_on_reload_request,
                [SERVICE_EV_MAIN_EXITED] = service_on_running_main_exited,
                [SERVICE_EV_GROUP_EMPTY] = service_on_running_group_empty, /* ExitType=cgroup */
                [SERVICE_EV_TIMEOUT] = service_on_runtime_timeout,
                [SERVICE_EV_WATCHDOG] = service_on_watchdog,
                [SERVICE_EV_READY] = noop,
                [SERVICE_EV_RELOADING] = service_enter_reload_by_notify,
                [SERVICE_EV_STOPPING] = service_on_stopping_notified,
        },
        [SERVICE_EXITED] = {
                [SERVICE_EV_START] = noop,
                [SERVICE_EV_STOP] = service_on_stop_request,
                [SERVICE_EV_RESTART] = service_on_restart_request,
                [SERVICE_EV_RELOAD] = service_on_reload_request,
        },
        [SERVICE_RELOAD] = {
                [SERVICE_EV_START] = noop,
                [SERVICE_EV_STOP] = service_on_stop_request_while_starting,
                [SERVICE_EV_RESTART] = service_on_restart_request,
                [SERVICE_EV_RELOAD] = noop,
                [SERVICE_EV_MAIN_EXITED] = service_on_main_exited_while_controlled,
                [SERVICE_EV_CONTROL_EXITED] = service_on_reload_exited,
                [SERVICE_EV_TIMEOUT] = service_on_reload_timeout,
                [SERVICE_EV_WATCHDOG] = service_on_watchdog,
                [SERVICE_EV_READY] = service_on_reload_ready,
                [SERVICE_EV_RELOADING] = service_on_reloading_while_reloading,
                [SERVICE_EV_STOPPING] = service_on_stopping_notified,
        },
        [SERVICE_STOP] = {
                [SERVICE_EV_START] = service_on_start_while_stopping,
                [SERVICE_EV_RESTART] = service_on_start_while_stopping,
                [SERVICE_EV_STOP] = service_on_stop_while_stopping,
                [SERVICE_EV_MAIN_EXITED] = service_on_main_exited_while_controlled,
                [SERVICE_EV_CONTROL_EXITED] = service_on_stop_exited,
                [SERVICE_EV_TIMEOUT] = service_on_stop_timeout,
                [SERVICE_EV_READY] = noop,
                [SERVICE_EV_STOPPING] = noop,
        },
        [SERVICE_STOP_WATCHDOG] = SIGNAL_STATE_ROW,
        [SERVICE_STOP_SIGTERM] = SIGNAL_STATE_ROW,
        [SERVICE_STOP_SIGKILL] = SIGNAL_STATE_ROW,
        [SERVICE_STOP_POST] = {
                [SERVICE_EV_START] = service_on_start_while_stopping,
                [SERVICE_EV_RESTART] = service_on_start_while_stopping,
                [SERVICE_EV_STOP] = service_on_stop_while_stopping,
                [SERVICE_EV_MAIN_EXITED] = service_on_main_exited_while_controlled,
                [SERVICE_EV_CONTROL_EXITED] = service_on_stop_post_exited,
                [SERVICE_EV_TIMEOUT] = service_on_stop_post_timeout,
        },
        [SERVICE_FINAL_WATCHDOG] = SIGNAL_STATE_ROW,
        [SERVICE_FINAL_SIGTERM] = SIGNAL_STATE_ROW,
        [SERVICE_FINAL_SIGKILL] = SIGNAL_STATE_ROW,
        [SERVICE_AUTO_RESTART] = {
                /* A start asked for while a restart is pending starts now; it is not an
                 * automatic restart, so NRestarts does not count it. */
                [SERVICE_EV_START] = service_on_start_request,
                [SERVICE_EV_RESTART] = service_on_start_request,
                [SERVICE_EV_STOP] = service_on_stop_while_auto_restart,
                [SERVICE_EV_TIMEOUT] = service_on_auto_restart_timeout,
        },
};

bool service_event_accepted(enum service_state st, enum service_event ev) {
        return (unsigned) st < _SERVICE_STATE_MAX && (unsigned) ev < _SERVICE_EVENT_MAX && fsm[st][ev];
}

void service_dispatch(struct service *s, enum service_event ev) {
        if (!service_event_accepted(s->state, ev)) {
                log_debug("%s: Event %s ignored in state %s.", s->id, service_event_to_string(ev),
                          service_state_to_string(s->state));
                return;
        }
        fsm[s->state][ev](s);
}

/* systemctl reset-failed (systemctl(1)): a failed unit becomes inactive; its result, its
 * restart count and its start limit start afresh, as systemd's service_reset_failed() and
 * the unit's start ratelimit reset do. Other states keep their state; the counters reset. */
void service_reset_failed(struct service *s) {
        if (s->state == SERVICE_FAILED)
                service_set_state(s, SERVICE_DEAD);
        s->result = SERVICE_SUCCESS;
        s->reload_result = SERVICE_SUCCESS;
        s->n_restarts = 0;
        s->flush_n_restarts = false;
        s->restart_usec_next = 0;
        s->start_limit_begin = 0;
        s->start_limit_count = 0;
}

/* systemctl kill (systemctl(1), --kill-whom=): sig to the main process, to the control
 * process or to all of the unit's processes, as it is; the state machine then sees what
 * happens like any other death. -ESRCH when there is nobody. */
int service_kill(struct service *s, int sig, const char *whom) {
        int (*kill_fn)(pid_t, int) = s->manager->process.kill;

        if (streq(whom, "control"))
                return s->control_pid > 0 ? kill_fn(s->control_pid, sig) : -ESRCH;
        if (streq(whom, "main"))
                return s->main_pid > 0 ? kill_fn(s->main_pid, sig) : -ESRCH;
        return service_send_signal(s, sig, true) ? 0 : -ESRCH;
}

int service_start(struct service *s) {
        if (service_is_inactive(s))
                service_apply_pending_definition(s);
        if (s->load_state != LOAD_LOADED)
                return -ENOEXEC;
        /* A target has no processes: shutdown.target is reached while shutting down. */
        if (s->manager->shutting_down && s->unit->type != UNIT_TARGET)
                return -ESHUTDOWN;
        service_dispatch(s, SERVICE_EV_START);
        return 0;
}

int service_stop(struct service *s) {
        service_dispatch(s, SERVICE_EV_STOP);
        return 0;
}

int service_stop_for_restart(struct service *s) {
        int r = service_restart(s);

        /* Inactive, the restart event started it at once: nothing to hold. */
        if (r >= 0 && s->start_after_stop)
                s->restart_held = true;
        return r;
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

/* systemd.service(5): a unit reloads with ExecReload= or, for Type=notify-reload, with
 * ReloadSignal=; otherwise "Job type reload is not applicable". */
bool service_can_reload(const struct service *s) {
        return s->unit && s->load_state == LOAD_LOADED &&
               (s->unit->n_exec_reload > 0 || s->unit->service_type == SERVICE_NOTIFY_RELOAD);
}

int service_reload(struct service *s) {
        if (!service_can_reload(s))
                return -EOPNOTSUPP;
        if (!service_is_up(s))
                return -ENOTCONN;
        service_dispatch(s, SERVICE_EV_RELOAD);
        return 0;
}

static void log_process_exit(const struct service *s, const char *what, int code, int status) {
        char buf[64];

        if (code == CLD_EXITED)
                snprintf(buf, sizeof buf, "code=exited, status=%d", status);
        else
                snprintf(buf, sizeof buf, "code=%s, status=%d/%s", code == CLD_DUMPED ? "dumped" : "killed", status,
                         signal_to_string(status));
        if (code == CLD_EXITED && status == 0)
                log_info("%s: %s exited, %s/SUCCESS", s->id, what, buf);
        else
                log_notice("%s: %s exited, %s", s->id, what, buf);
}

void service_on_exit(struct service *s, pid_t pid, int code, int status) {
        if (pid == s->main_pid) {
                service_set_main_pid(s, 0);
                s->exec_main_code = code;
                s->exec_main_status = status;
                s->exec_main_exit_timestamp = now_usec(CLOCK_REALTIME);
                log_process_exit(s, "Main process", code, status);
                service_dispatch(s, SERVICE_EV_MAIN_EXITED);
        } else if (pid == s->control_pid) {
                char what[64];

                service_set_control_pid(s, 0);
                s->control_code = code;
                s->control_status = status;
                snprintf(what, sizeof what, "Control process (%s)", service_exec_kind_to_string(s->control_kind));
                log_process_exit(s, what, code, status);
                service_dispatch(s, SERVICE_EV_CONTROL_EXITED);
        }
}

void service_check_group(struct service *s) {
        if (service_state_waits_for_group(s->state) ? service_group_empty(s)
                                                    : s->state == SERVICE_RUNNING && !service_processes_left(s))
                service_dispatch(s, SERVICE_EV_GROUP_EMPTY);
}
