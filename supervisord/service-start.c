/* service-start.c: from a start job to running, and reloads: ExecCondition=, ExecStartPre=,
 * ExecStart= by Type=, ExecStartPost=, ExecReload=, and how the processes are spawned.
 *
 * The order and the meaning of each step's failure are systemd.service(5)'s (and its
 * service_enter_*() functions): a failed condition skips the start, a failed ExecStartPre=
 * or ExecStart= stops the service without ExecStop=, a failed ExecStartPost= stops it with
 * ExecStop=; a reload that fails leaves the service running. */
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
#include "supervisord/cgroup-limits.h"
#include "supervisord/cgroup.h"
#include "supervisord/emergency-action.h"
#include "supervisord/exec-environment.h"
#include "supervisord/manager.h"
#include "supervisord/service-internal.h"
#include "supervisord/service-policy.h"

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

static void enter_start(struct service *s);

static void enter_start_pre(struct service *s) {
        size_t n;

        if (service_exec_commands(s, SERVICE_EXEC_START_PRE, &n) && n > 0) {
                service_set_state(s, SERVICE_START_PRE);
                service_arm_timer(s, unit_timeout_start(s->unit));
                if (service_run_control(s, SERVICE_EXEC_START_PRE, 0))
                        return;
        }
        enter_start(s);
}

/* ExecCondition= (systemd.service(5)): exit 1-254 skips the start "without being marked
 * as failed"; 255 and abnormal ends are failures. */
void service_on_condition_exited(struct service *s) {
        enum service_result f = service_control_result(s);

        if (service_run_next_control(s, f))
                return;
        if (f == SERVICE_SUCCESS) {
                enter_start_pre(s);
                return;
        }
        if (s->control_code == CLD_EXITED && s->control_status >= 1 && s->control_status <= 254) {
                log_info("%s: Skipped due to 'exec-condition'.", s->id);
                s->condition_result = false;
                s->condition_timestamp = now_usec(CLOCK_REALTIME);
                free(s->condition_failure);
                s->condition_failure = strdup("ExecCondition= exited with a status of 1-254");
                s->start_check = START_CHECK_CONDITION;
                service_enter_signal(s, SERVICE_STOP_SIGTERM, SERVICE_SKIP_CONDITION);
                return;
        }
        service_enter_signal(s, SERVICE_STOP_SIGTERM, f);
}

void service_on_start_pre_exited(struct service *s) {
        enum service_result f = service_control_result(s);

        if (service_run_next_control(s, f))
                return;
        if (f == SERVICE_SUCCESS)
                enter_start(s);
        else
                service_enter_signal(s, SERVICE_STOP_SIGTERM, f);
}

static void enter_condition(struct service *s) {
        size_t n;

        if (service_exec_commands(s, SERVICE_EXEC_CONDITION, &n) && n > 0) {
                service_set_state(s, SERVICE_CONDITION);
                service_arm_timer(s, unit_timeout_start(s->unit));
                if (service_run_control(s, SERVICE_EXEC_CONDITION, 0))
                        return;
        }
        enter_start_pre(s);
}

/* Spawns ExecStart= number index as the main process (the parent, for Type=forking). */
static void run_main_command(struct service *s, size_t index) {
        bool forking = s->unit->service_type == SERVICE_FORKING;
        pid_t pid;

        s->main_command_index = index;
        s->main_command = &s->unit->exec_start[index];
        if (forking) {
                s->control_kind = SERVICE_EXEC_START;
                s->control_index = index;
        }
        if (service_spawn_command(s, SERVICE_EXEC_START, index, &pid) < 0) {
                service_dispatch(s, forking ? SERVICE_EV_CONTROL_EXITED : SERVICE_EV_MAIN_EXITED);
                return;
        }
        s->pgid = pid; /* the child called setsid() */
        if (forking) {
                service_set_control_pid(s, pid);
                return;
        }
        service_new_main_pid(s, pid);
        service_watchdog_start(s);
        /* A oneshot is not started by its processes but once the last one succeeded
         * ("Finished", as systemd says: service_enter_running()). */
        if (s->unit->service_type == SERVICE_ONESHOT)
                log_info("%s: Running ExecStart= %zu of %zu (pid %d).", s->id, index + 1, s->unit->n_exec_start, (int) pid);
        else
                log_info("%s: Started %s (pid %d).", s->id, s->unit->description ? s->unit->description : s->id, (int) pid);
}

/* ExecStart= by Type= (systemd.service(5)): simple, exec and idle are started once the
 * process runs (spawn returns after execve()); forking once its parent exited and the main
 * pid is known; oneshot once every ExecStart= succeeded; notify on READY=1. dbus runs as
 * simple: svcd has no bus to watch for the name. */
static void enter_start(struct service *s) {
        enum service_type type = s->unit->service_type;

        if (s->unit->n_exec_start == 0) {
                /* Only a oneshot may have none (the loader says so); it is done at once. */
                service_enter_start_post(s);
                return;
        }
        service_set_state(s, SERVICE_START);
        if (type == SERVICE_FORKING || type == SERVICE_ONESHOT || type == SERVICE_NOTIFY ||
            type == SERVICE_NOTIFY_RELOAD)
                service_arm_timer(s, unit_timeout_start(s->unit));
        run_main_command(s, 0);
        if (s->state != SERVICE_START || s->main_pid <= 0)
                return; /* failed and handled as the process' end, or forking: its parent runs */
        if (type == SERVICE_SIMPLE || type == SERVICE_EXEC || type == SERVICE_IDLE || type == SERVICE_DBUS)
                service_enter_start_post(s);
        else if ((type == SERVICE_NOTIFY || type == SERVICE_NOTIFY_RELOAD) && s->notify_ready)
                service_enter_start_post(s);
}

/* The main process ended while starting: a oneshot's command (next one, or on), a notify
 * service before READY=1 (protocol), or a start that failed to spawn. */
void service_on_start_main_exited(struct service *s) {
        enum service_type type = s->unit->service_type;
        enum service_result f = service_main_result(s);

        if (f != SERVICE_SUCCESS) {
                service_enter_signal(s, SERVICE_STOP_SIGTERM, f);
                return;
        }
        if (type == SERVICE_ONESHOT) {
                if (s->main_command_index + 1 < s->unit->n_exec_start) {
                        run_main_command(s, s->main_command_index + 1);
                        return;
                }
                service_enter_start_post(s);
                return;
        }
        if (type == SERVICE_NOTIFY || type == SERVICE_NOTIFY_RELOAD) {
                if (s->notify_ready) {
                        service_enter_start_post(s);
                        return;
                }
                log_warning("%s: Main process exited before sending READY=1.", s->id);
                service_enter_signal(s, SERVICE_STOP_SIGTERM, SERVICE_FAILURE_PROTOCOL);
                return;
        }
        /* simple and its kind: the start failed under "-"; the job is done. */
        s->start_failure_ignored = true;
        service_enter_running(s, SERVICE_SUCCESS);
}

void service_enter_start_post(struct service *s) {
        size_t n;

        /* The watchdog's interval starts afresh once the service is up (systemd resets it
         * here): a slow start has not used it up. */
        if (s->main_pid > 0)
                service_watchdog_start(s);

        if (service_exec_commands(s, SERVICE_EXEC_START_POST, &n) && n > 0) {
                service_set_state(s, SERVICE_START_POST);
                service_arm_timer(s, unit_timeout_start(s->unit));
                if (service_run_control(s, SERVICE_EXEC_START_POST, 0))
                        return;
        }
        service_enter_running(s, SERVICE_SUCCESS);
}

/* READY=1 while starting: Type=notify is up. Other types note it. */
void service_on_ready(struct service *s) {
        enum service_type type = s->unit->service_type;

        if ((type == SERVICE_NOTIFY || type == SERVICE_NOTIFY_RELOAD) && s->main_pid > 0)
                service_enter_start_post(s);
}

void service_on_start_post_exited(struct service *s) {
        enum service_result f = service_control_result(s);

        if (service_run_next_control(s, f))
                return;
        /* A failed ExecStartPost= is a failed start: no ExecStop= (systemd.service(5)). */
        if (f == SERVICE_SUCCESS)
                service_enter_running(s, SERVICE_SUCCESS);
        else
                service_enter_signal(s, SERVICE_STOP_SIGTERM, f);
}

/* RuntimeMaxSec= plus a random part of RuntimeRandomizedExtraSec= (systemd.service(5)). */
static usec_t runtime_max(const struct service *s) {
        usec_t extra = s->unit->runtime_randomized_extra_usec;

        if (s->unit->runtime_max_usec == USEC_INFINITY || extra == 0 || extra == USEC_INFINITY)
                return s->unit->runtime_max_usec;
        return usec_add(s->unit->runtime_max_usec, (usec_t) random() % extra);
}

/* systemd's service_enter_running(): up when the main process is there; RemainAfterExit=
 * keeps a unit without one active ("exited"); else the run is over. */
void service_enter_running(struct service *s, enum service_result f) {
        service_set_result(s, f);
        if (s->result != SERVICE_SUCCESS) {
                service_enter_signal(s, SERVICE_STOP_SIGTERM, s->result);
                return;
        }
        s->reached_running = true;
        /* systemd's words; a target reached while svcd shuts down (shutdown.target, after
         * the report) is not news. */
        if (s->unit->type == UNIT_TARGET) {
                if (!s->manager->shutting_down)
                        log_info("%s: Reached target %s.", s->id, s->unit->description ?: s->id);
        } else if (s->unit->service_type == SERVICE_ONESHOT)
                log_info("%s: Finished %s.", s->id, s->unit->description ?: s->id);
        /* Up while its main process runs; with no main process to watch (forking without
         * one found, or ExitType=cgroup after it ended) while anything of it runs. */
        bool watch_group = (s->unit->service_type == SERVICE_FORKING && !s->main_pid_known) ||
                           s->unit->exit_type == SERVICE_EXIT_CGROUP;
        bool good = s->main_pid > 0 || (watch_group && service_processes_left(s));
        if (good) {
                if (s->notify_reloading) {
                        service_set_state(s, SERVICE_RUNNING);
                        service_enter_reload_by_notify(s);
                } else if (s->notify_stopping) {
                        service_set_state(s, SERVICE_RUNNING);
                        service_on_stopping_notified(s);
                } else {
                        service_set_state(s, SERVICE_RUNNING);
                        /* RuntimeMaxSec= counts from the first time the run was up: a reload
                         * does not start it afresh. */
                        if (s->runtime_deadline == 0)
                                s->runtime_deadline = usec_add(now_usec(CLOCK_MONOTONIC), runtime_max(s));
                        service_arm_timer_at(s, s->runtime_deadline);
                }
        } else if (s->unit->remain_after_exit)
                service_set_state(s, SERVICE_EXITED);
        else
                service_enter_stop(s, SERVICE_SUCCESS);
}

/* The main process of a running service ended on its own. "The stop operation is always
 * performed if the service started successfully, even if the processes in the service
 * terminated on their own or were killed" (systemd.service(5), ExecStop=): ExecStop= runs,
 * and sees why in $SERVICE_RESULT, also after a failure. */
void service_on_running_main_exited(struct service *s) {
        enum service_result f = service_main_result(s);

        /* ExitType=cgroup (systemd.service(5)): "the service will be considered running as
         * long as at least one process in the cgroup has not exited"; the main process' end
         * is recorded and counts once the last one is gone. */
        if (s->unit->exit_type == SERVICE_EXIT_CGROUP && service_processes_left(s)) {
                log_debug("%s: Main process gone; ExitType=cgroup: running while processes are left.", s->id);
                manager_track_stopping(s->manager, s, true);
                return;
        }
        if (f != SERVICE_SUCCESS) {
                service_enter_stop(s, f);
                return;
        }
        service_enter_running(s, SERVICE_SUCCESS);
}

/* ExitType=cgroup: the last process left after the main one; its end decides as above. */
void service_on_running_group_empty(struct service *s) {
        if (s->main_pid > 0)
                return;
        manager_track_stopping(s->manager, s, false);
        if (s->exec_main_code == 0) /* no main process was ever known (forking, GuessMainPID=) */
                service_enter_running(s, SERVICE_SUCCESS);
        else
                service_on_running_main_exited(s);
}

/* The start job: the definition, the conditions, the start limit, then ExecCondition=. */
void service_enter_start_job(struct service *s) {
        /* An automatic restart (or a start while one is pending) uses what daemon-reload read
         * meanwhile: nothing of the last run is left. */
        service_apply_pending_definition(s);
        if (s->load_state != LOAD_LOADED) {
                log_error("%s: Cannot start: %s", s->id, s->load_error ? s->load_error : "the unit is not loaded.");
                s->result = SERVICE_FAILURE_RESOURCES;
                service_set_state(s, SERVICE_FAILED);
                return;
        }
        s->start_failure_ignored = false;
        s->reached_running = false;
        if (!start_checks_pass(s))
                return;
        s->result = SERVICE_SUCCESS;
        s->reload_result = SERVICE_SUCCESS;
        s->stop_requested = false;
        s->status_errno = 0;
        free(s->status_text);
        s->status_text = NULL;
        s->notify_ready = s->notify_reloading = s->notify_stopping = false;
        s->main_pid_known = false;
        s->pgid = 0;
        s->last_kill_signal = 0;
        s->runtime_deadline = 0;
        s->exec_main_code = 0;
        s->watchdog_usec = s->unit->watchdog_usec;
        if (exec_invocation_id_new(s->invocation_id) < 0)
                s->invocation_id[0] = 0;
        strv_free(s->monitor_env);
        s->monitor_env = TAKE_PTR(s->monitor_env_pending);
        if (s->flush_n_restarts) {
                s->n_restarts = 0;
                s->flush_n_restarts = false;
        }

        /* A cgroup of its own for the run's processes, when svcd has cgroups (cgroup.h). One
         * left by the last run (KillMode=none leftovers) is reused. */
        if (s->manager->cgroups.path && !s->cgroup_path && s->unit->type != UNIT_TARGET) {
                int r = cgroup_service_create(&s->manager->cgroups, s->id, &s->cgroup_path);
                if (r < 0)
                        log_warning_errno(r, "%s: Cannot create its cgroup (%m); tracking its processes by process "
                                             "group instead.", s->id);
        }
        /* Its limits (systemd.resource-control(5)) before any process is in it; what cannot
         * be applied here is listed with the sandboxing that was not (NotEnforced). */
        if (s->unit->type != UNIT_TARGET) {
                s->cgroup_not_enforced = strv_free(s->cgroup_not_enforced);
                if (cgroup_limits_apply(s->cgroup_path, s->unit->cgroup, &s->cgroup_not_enforced) < 0)
                        log_oom();
                STRV_FOREACH(w, s->cgroup_not_enforced)
                        log_warning("%s: Not enforced here: %s", s->id, *w);
        }

        if (start_limit_hit(s)) {
                log_warning("%s: Start request repeated too quickly.", s->id);
                emergency_action_run(s->manager, s->unit->start_limit_action, service_action_exit_status(s, -1), s->id,
                                     "Start limit hit");
                s->result = SERVICE_FAILURE_START_LIMIT_HIT;
                log_warning("%s: Failed with result '%s'.", s->id, service_result_to_string(s->result));
                service_set_state(s, SERVICE_FAILED);
                return;
        }
        enter_condition(s);
}

void service_on_start_request(struct service *s) {
        service_enter_start_job(s);
}

/* TimeoutStartSec= ran out: TimeoutStartFailureMode= says how the stop begins. */
void service_on_start_timeout(struct service *s) {
        char buf[64];
        enum timeout_failure_mode mode = s->unit->timeout_start_failure_mode;

        log_warning("%s: %s operation timed out after %s. %s.", s->id, service_state_to_string(s->state),
                    format_timespan(buf, sizeof buf, unit_timeout_start(s->unit)),
                    mode == TIMEOUT_ABORT ? "Aborting" : mode == TIMEOUT_KILL ? "Killing" : "Terminating");
        service_enter_signal(s, mode == TIMEOUT_ABORT  ? SERVICE_STOP_WATCHDOG
                                : mode == TIMEOUT_KILL ? SERVICE_STOP_SIGKILL
                                                       : SERVICE_STOP_SIGTERM,
                             SERVICE_FAILURE_TIMEOUT);
}

static void kill_control(struct service *s) {
        if (s->control_pid > 0) {
                (void) s->manager->process.kill(-s->control_pid, SIGKILL);
                (void) s->manager->process.kill(s->control_pid, SIGKILL);
                service_set_control_pid(s, 0);
        }
}

/* ExecStop= is "not invoked ... in case its start-up failed, for example because any of
 * the commands specified in ExecStart=, ExecStartPre= or ExecStartPost= failed ... or timed
 * out" (systemd.service(5)). */
void service_on_start_post_timeout(struct service *s) {
        log_warning("%s: start-post operation timed out. Terminating.", s->id);
        service_enter_signal(s, SERVICE_STOP_SIGTERM, SERVICE_FAILURE_TIMEOUT);
}

/* RuntimeMaxSec= (systemd.service(5)): "the service will be terminated and put into a
 * failure state". */
void service_on_runtime_timeout(struct service *s) {
        log_warning("%s: Service reached runtime time limit. Stopping.", s->id);
        service_enter_stop(s, SERVICE_FAILURE_TIMEOUT);
}

/* systemctl reload: Type=notify-reload signals the main process (ReloadSignal=) and waits
 * for RELOADING=1 ... READY=1; otherwise ExecReload= runs. */
void service_enter_reload(struct service *s) {
        s->reload_result = SERVICE_SUCCESS;
        s->notify_ready = false;
        if (s->unit->service_type == SERVICE_NOTIFY_RELOAD && s->main_pid > 0) {
                service_set_state(s, SERVICE_RELOAD);
                service_arm_timer(s, unit_timeout_start(s->unit));
                if (s->manager->process.kill(s->main_pid, s->unit->reload_signal) < 0) {
                        log_warning("%s: Cannot send %s to the main process; reload failed.", s->id,
                                    signal_to_string(s->unit->reload_signal));
                        s->reload_result = SERVICE_FAILURE_RESOURCES;
                        service_enter_running(s, SERVICE_SUCCESS);
                }
                return;
        }
        service_set_state(s, SERVICE_RELOAD);
        service_arm_timer(s, unit_timeout_start(s->unit));
        if (!service_run_control(s, SERVICE_EXEC_RELOAD, 0))
                service_enter_running(s, SERVICE_SUCCESS);
}

void service_on_reload_request(struct service *s) {
        service_enter_reload(s);
}

/* RELOADING=1 while running: the service reloads on its own; READY=1 ends it. */
void service_enter_reload_by_notify(struct service *s) {
        s->notify_reloading = false;
        s->notify_ready = false;
        s->reload_result = SERVICE_SUCCESS;
        service_set_state(s, SERVICE_RELOAD);
        service_arm_timer(s, unit_timeout_start(s->unit));
}

/* RELOADING=1 during a reload (the answer to ReloadSignal=): this reload, not another. */
void service_on_reloading_while_reloading(struct service *s) {
        s->notify_reloading = false;
}

void service_on_reload_ready(struct service *s) {
        if (s->control_pid > 0)
                return; /* ExecReload= still runs: it decides */
        s->notify_ready = false;
        service_enter_running(s, SERVICE_SUCCESS);
}

void service_on_reload_exited(struct service *s) {
        enum service_result f = service_control_result(s);

        if (service_run_next_control(s, f))
                return;
        s->reload_result = f;
        if (f != SERVICE_SUCCESS)
                log_warning("%s: Reload failed with result '%s'; the service keeps running.", s->id,
                            service_result_to_string(f));
        service_enter_running(s, SERVICE_SUCCESS);
}

void service_on_reload_timeout(struct service *s) {
        log_warning("%s: Reload operation timed out. Killing reload process.", s->id);
        kill_control(s);
        s->reload_result = SERVICE_FAILURE_TIMEOUT;
        service_enter_running(s, SERVICE_SUCCESS);
}

/* WatchdogSec= passed without WATCHDOG=1, or WATCHDOG=trigger (systemd.service(5)). */
void service_on_watchdog(struct service *s) {
        char buf[64];

        log_error("%s: Watchdog timeout (limit %s)!", s->id, format_timespan(buf, sizeof buf, s->watchdog_usec));
        service_enter_signal(s, SERVICE_STOP_WATCHDOG, SERVICE_FAILURE_WATCHDOG);
}
