/* service-stop.c: from a stop (asked for, or the end of the run) to dead, failed or
 * auto-restart: ExecStop=, the signals of systemd.kill(5), ExecStopPost=, what is left
 * after it, and Restart=.
 *
 * The order is systemd's: stop (ExecStop=) -> stop-sigterm (KillSignal=) -> stop-sigkill
 * (FinalKillSignal=) -> stop-post (ExecStopPost=) -> final-sigterm -> final-sigkill ->
 * dead, failed or auto-restart; each timed by TimeoutStopSec= (the watchdog states by
 * TimeoutAbortSec=). svcd stands in for systemd's control group with the process group
 * and session every process of the service starts in (DESIGN.md, decision 9). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libsvc/log.h"
#include "libsvc/signal-util.h"
#include "supervisord/cgroup.h"
#include "supervisord/exec-directories.h"
#include "supervisord/exec-private-tmp.h"
#include "supervisord/exec-remove-ipc.h"
#include "supervisord/manager.h"
#include "supervisord/service-internal.h"
#include "supervisord/service-policy.h"

/* Sends sig to everything of the service (whole_group: its cgroup, or its process group
 * and its control process' group) or to its main and control processes only. The main
 * process gets the signal once, as systemd skips it in the cgroup kill: a handler would
 * otherwise run twice; it is signalled on its own when it is not in the group (it called
 * setpgid()/setsid() itself, or moved out of the cgroup). Returns whether any process got it. */
bool service_send_signal(struct service *s, int sig, bool whole_group) {
        int (*kill_fn)(pid_t, int) = s->manager->process.kill;
        bool any = false;

        if (s->cgroup_path && whole_group) {
                if (s->main_pid > 0 && kill_fn(s->main_pid, sig) == 0)
                        any = true;
                return cgroup_kill(s->cgroup_path, sig, s->main_pid) > 0 || any;
        }
        bool main_in_group = whole_group && s->pgid > 0 && s->main_pid > 0 && s->manager->process.getpgid &&
                             s->manager->process.getpgid(s->main_pid) == s->pgid;

        if (whole_group && s->pgid > 0 && kill_fn(-s->pgid, sig) == 0)
                any = true;
        if (s->main_pid > 0 && !main_in_group && kill_fn(s->main_pid, sig) == 0)
                any = true;
        if (s->control_pid > 0 && kill_fn(whole_group ? -s->control_pid : s->control_pid, sig) == 0)
                any = true;
        return any;
}

/* A stop's signal: remembered (the main process dying of it is expected), and a stopped
 * process is woken to see it (systemd.kill(5), KillSignal=). */
static bool service_signal(struct service *s, int sig, bool whole_group) {
        bool any = service_send_signal(s, sig, whole_group);

        s->last_kill_signal = sig;
        if (sig != SIGKILL && sig != SIGCONT)
                (void) service_send_signal(s, SIGCONT, whole_group);
        return any;
}

/* Whether the stop waits for the whole group: KillMode=process and none leave what the
 * main process left behind alone (systemd.kill(5)). */
static bool kill_mode_waits_for_group(const struct service *s) {
        enum kill_mode mode = s->unit ? s->unit->kill.kill_mode : KILL_CONTROL_GROUP;
        return mode == KILL_CONTROL_GROUP || mode == KILL_MIXED;
}

bool service_processes_left(const struct service *s) {
        if (s->main_pid > 0 || s->control_pid > 0)
                return true;
        if (s->cgroup_path)
                return cgroup_is_populated(s->cgroup_path); /* cgroup.events */
        return s->pgid > 0 && s->manager->process.kill(-s->pgid, 0) != -ESRCH;
}

bool service_group_empty(const struct service *s) {
        if (s->main_pid > 0 || s->control_pid > 0)
                return false;
        return !kill_mode_waits_for_group(s) || !service_processes_left(s);
}


static bool is_final(enum service_state st) {
        return st == SERVICE_FINAL_WATCHDOG || st == SERVICE_FINAL_SIGTERM || st == SERVICE_FINAL_SIGKILL;
}

/* The signal state st has nothing (left) to wait for: on to the next phase. */
static void signal_state_done(struct service *s, enum service_state st, enum service_result f) {
        if (is_final(st))
                service_enter_dead(s, f);
        else
                service_enter_stop_post(s, f);
}

/* systemd.kill(5): the signal of state st to what KillMode= says (control-group: every
 * process; mixed: the main process, then SIGKILL to all; process: the main process;
 * none: nothing), SIGHUP too with SendSIGHUP=, then TimeoutStopSec= (TimeoutAbortSec=
 * for the watchdog states) for them to go. */
void service_enter_signal(struct service *s, enum service_state st, enum service_result f) {
        const struct kill_context *k = &s->unit->kill;
        bool sigkill = st == SERVICE_STOP_SIGKILL || st == SERVICE_FINAL_SIGKILL;
        bool watchdog = st == SERVICE_STOP_WATCHDOG || st == SERVICE_FINAL_WATCHDOG;
        bool group = k->kill_mode == KILL_CONTROL_GROUP || (k->kill_mode == KILL_MIXED && sigkill);
        int sig = sigkill     ? k->final_kill_signal
                  : watchdog ? k->watchdog_signal
                  : s->start_after_stop && k->restart_kill_signal > 0 ? k->restart_kill_signal
                                                                       : k->kill_signal;
        bool any = false;

        service_set_result(s, f);
        if (k->kill_mode != KILL_NONE) {
                any = service_signal(s, sig, group);
                if (any && sig == SIGKILL && s->manager->shutting_down)
                        s->shutdown_sigkilled = true; /* for the shutdown report */
                if (k->send_sighup && !sigkill && sig != SIGHUP)
                        (void) service_signal(s, SIGHUP, group);
                s->last_kill_signal = sig;
        }
        if (!any || service_group_empty(s)) {
                signal_state_done(s, st, SERVICE_SUCCESS);
                return;
        }
        service_set_state(s, st);
        service_arm_timer(s, watchdog ? unit_timeout_abort(s->unit) : s->unit->timeout_stop_usec);
}

/* ExecStop=, "only executed when the service started successfully first"
 * (systemd.service(5)); then the signals. */
void service_enter_stop(struct service *s, enum service_result f) {
        size_t n;

        service_set_result(s, f);
        if (service_exec_commands(s, SERVICE_EXEC_STOP, &n) && n > 0) {
                service_set_state(s, SERVICE_STOP);
                service_arm_timer(s, s->unit->timeout_stop_usec);
                if (service_run_control(s, SERVICE_EXEC_STOP, 0))
                        return;
        }
        service_enter_signal(s, SERVICE_STOP_SIGTERM, SERVICE_SUCCESS);
}

/* An ExecStop= that fails is the run's result (systemd passes it on to the signals); the
 * next ExecStop= runs only after a success. */
void service_on_stop_exited(struct service *s) {
        enum service_result f = service_control_result(s);

        if (service_run_next_control(s, f))
                return;
        if (f != SERVICE_SUCCESS)
                log_warning("%s: ExecStop= failed; stopping with signals.", s->id);
        service_enter_signal(s, SERVICE_STOP_SIGTERM, f);
}

void service_on_stop_timeout(struct service *s) {
        log_warning("%s: Stopping timed out. Terminating.", s->id);
        service_enter_signal(s, SERVICE_STOP_SIGTERM, SERVICE_FAILURE_TIMEOUT);
}

/* ExecStopPost=: after a stop, and after a start that failed. */
void service_enter_stop_post(struct service *s, enum service_result f) {
        size_t n;

        service_set_result(s, f);
        if (service_exec_commands(s, SERVICE_EXEC_STOP_POST, &n) && n > 0) {
                service_set_state(s, SERVICE_STOP_POST);
                service_arm_timer(s, s->unit->timeout_stop_usec);
                if (service_run_control(s, SERVICE_EXEC_STOP_POST, 0))
                        return;
        }
        service_enter_signal(s, SERVICE_FINAL_SIGTERM, SERVICE_SUCCESS);
}

void service_on_stop_post_exited(struct service *s) {
        size_t n;
        const struct exec_command *c = service_exec_commands(s, SERVICE_EXEC_STOP_POST, &n);
        enum service_result f =
                s->control_code == 0
                        ? SERVICE_FAILURE_RESOURCES
                        : service_exit_result(s, s->control_code, s->control_status,
                                              s->control_index < n ? c + s->control_index : NULL);

        /* Every ExecStopPost= runs, whatever the ones before did (systemd.service(5)). The
         * result is this run's before the next command can end it (a spawn failure is
         * handled at once). */
        service_set_result(s, f);
        if (service_run_control(s, SERVICE_EXEC_STOP_POST, s->control_index + 1))
                return;
        service_enter_signal(s, SERVICE_FINAL_SIGTERM, f);
}

void service_on_stop_post_timeout(struct service *s) {
        log_warning("%s: State 'stop-post' timed out. Terminating.", s->id);
        service_enter_signal(s, SERVICE_FINAL_SIGTERM, SERVICE_FAILURE_TIMEOUT);
}

/* The main process ended while stopping. Its end is expected: SIGTERM and the signal svcd
 * sent are clean; an exit status or another signal is a failure as always. */
static void record_main_exit_while_stopping(struct service *s) {
        enum service_result f = service_exit_result(s, s->exec_main_code, s->exec_main_status, s->main_command);

        if (f == SERVICE_FAILURE_SIGNAL && s->exec_main_status == s->last_kill_signal)
                f = SERVICE_SUCCESS;
        service_set_result(s, f);
}

/* ExecStartPost=, ExecReload=, ExecStop= or ExecStopPost= runs: the control process
 * decides what comes next; the main process' end is recorded for it. */
void service_on_main_exited_while_controlled(struct service *s) {
        /* A reload the service began itself (RELOADING=1) has no control process to wait
         * for: the main process' end is the end of the run, as in running. */
        if (s->state == SERVICE_RELOAD && s->control_pid <= 0) {
                service_on_running_main_exited(s);
                return;
        }
        record_main_exit_while_stopping(s);
}

static void check_signal_state(struct service *s) {
        if (service_group_empty(s))
                signal_state_done(s, s->state, SERVICE_SUCCESS);
}

void service_on_signal_process_exited(struct service *s) {
        check_signal_state(s);
}

void service_on_signal_main_exited(struct service *s) {
        record_main_exit_while_stopping(s);
        check_signal_state(s);
}

/* The time of a signal state ran out: the next, harder signal (TimeoutStopFailureMode=,
 * SendSIGKILL=), or give up on what is left. */
void service_on_signal_timeout(struct service *s) {
        const struct kill_context *k = &s->unit->kill;
        enum service_state st = s->state;
        bool final = is_final(st);
        char span[64], buf[96];

        format_timespan(span, sizeof span, st == SERVICE_STOP_WATCHDOG || st == SERVICE_FINAL_WATCHDOG
                                                   ? unit_timeout_abort(s->unit)
                                                   : s->unit->timeout_stop_usec);
        /* What cut it short may be the shutdown's stop budget (manager-shutdown.c). */
        if (manager_stop_budget_spent(s->manager, s))
                snprintf(buf, sizeof buf, "ran out of the shutdown's stop budget");
        else
                snprintf(buf, sizeof buf, "timed out after %s", span);
        if (st == SERVICE_STOP_SIGKILL || st == SERVICE_FINAL_SIGKILL) {
                log_warning("%s: Processes still around after %sSIGKILL. Ignoring.", s->id, final ? "final " : "");
                signal_state_done(s, st, SERVICE_FAILURE_TIMEOUT);
                return;
        }
        if ((st == SERVICE_STOP_SIGTERM || st == SERVICE_FINAL_SIGTERM) &&
            s->unit->timeout_stop_failure_mode == TIMEOUT_ABORT) {
                log_warning("%s: State '%s' %s. Aborting.", s->id, service_state_to_string(st), buf);
                service_enter_signal(s, final ? SERVICE_FINAL_WATCHDOG : SERVICE_STOP_WATCHDOG, SERVICE_FAILURE_TIMEOUT);
                return;
        }
        if (!k->send_sigkill || k->kill_mode == KILL_NONE) {
                log_warning("%s: State '%s' %s. Skipping SIGKILL.", s->id, service_state_to_string(st), buf);
                signal_state_done(s, st, SERVICE_FAILURE_TIMEOUT);
                return;
        }
        log_warning("%s: State '%s' %s. Killing.", s->id, service_state_to_string(st), buf);
        service_enter_signal(s, final ? SERVICE_FINAL_SIGKILL : SERVICE_STOP_SIGKILL, SERVICE_FAILURE_TIMEOUT);
}

/* What a run leaves behind that outlives no run: RuntimeDirectory= (unless
 * RuntimeDirectoryPreserve= keeps it), the private /tmp, IPC objects (RemoveIPC=). */
void service_release_run_resources(struct service *s, bool restarting) {
        if (!s->unit)
                return;
        exec_directories_cleanup(s->unit->exec, s->id, s->manager->options.user_mode, restarting);
        if (s->unit->exec->private_tmp || s->unit->exec->dynamic_user)
                exec_private_tmp_cleanup(s->id);
        /* RemoveIPC= (implied by DynamicUser=): the System V and POSIX IPC objects the
         * service's user and group own go with the run. Never root's. */
        if ((s->unit->exec->remove_ipc || s->unit->exec->dynamic_user) && s->run_uid != 0 && s->run_uid != (uid_t) -1) {
                int n = exec_remove_ipc(s->run_uid, s->run_gid);
                if (n < 0)
                        log_warning_errno(n, "%s: Failed to remove IPC objects of uid %u: %m", s->id,
                                          (unsigned) s->run_uid);
                else if (n > 0)
                        log_debug("%s: Removed %d IPC objects of uid %u.", s->id, n, (unsigned) s->run_uid);
        }
        s->run_uid = (uid_t) -1;
        s->run_gid = (gid_t) -1;
}

/* The run is over: a restart that was asked for, Restart=, or the end (dead or failed). */
void service_enter_dead(struct service *s, enum service_result f) {
        struct manager *m = s->manager;
        bool restarting;

        service_set_result(s, f);
        restarting = !m->shutting_down && (s->start_after_stop || service_should_restart(s));
        ev_timer_disarm(m->loop, &s->pid_file_timer);
        service_set_main_pid(s, 0);
        service_set_control_pid(s, 0);
        s->pgid = 0;
        service_release_run_resources(s, restarting);
        /* PIDFile=: the service manager removes the file after the service has shut down
         * (systemd.service(5)); only one svcd trusted, never one it refused. */
        if (s->pid_file_trusted && unlink(s->unit->pid_file) < 0 && errno != ENOENT)
                log_debug("%s: Cannot remove PID file %s: %m", s->id, s->unit->pid_file);
        s->pid_file_trusted = false;
        /* The run's cgroup goes with it, unless the service restarts (the next run uses it
         * again); one that processes still hold (KillMode=none, process) stays too. */
        if (s->cgroup_path && !restarting && cgroup_service_remove(s->cgroup_path) >= 0) {
                free(s->cgroup_path);
                s->cgroup_path = NULL;
        }

        /* A run that ends without an automatic restart: the next start begins the restart
         * count afresh; it stays visible until then (systemd's flush_n_restarts). */
        s->flush_n_restarts = !service_should_restart(s) || s->start_after_stop;
        /* systemd's service_enter_dead(): success and a skipped start end dead, the rest failed. */
        enum service_state end = s->result == SERVICE_SUCCESS || s->result == SERVICE_SKIP_CONDITION ? SERVICE_DEAD
                                                                                                     : SERVICE_FAILED;
        if (s->start_after_stop && !m->shutting_down) {
                s->start_after_stop = false;
                s->stop_requested = false;
                /* A restart job's stop phase: its start phase starts the unit once the
                 * jobs ordered before it are done (job.c); the fd store waits for it. */
                bool held = s->restart_held;
                s->restart_held = false;
                service_set_state(s, end);
                if (s->state == end && !held) /* nothing started it meanwhile */
                        service_enter_start_job(s);
                return;
        }
        s->restart_held = false;
        s->start_after_stop = false;

        if (service_should_restart(s)) {
                s->restart_usec_next = service_restart_delay(s);
                service_set_state(s, SERVICE_AUTO_RESTART);
                service_arm_timer(s, s->restart_usec_next);
                return;
        }

        if (end == SERVICE_FAILED)
                log_warning("%s: Failed with result '%s'.", s->id, service_result_to_string(s->result));
        /* The fd store lives as long as the unit is up or restarting (sd_notify(3), FDSTORE=1). */
        service_fd_store_clear(s);
        service_set_state(s, end);
}

void service_on_auto_restart_timeout(struct service *s) {
        s->n_restarts++;
        log_info("%s: Scheduled restart job, restart counter is at %u.", s->id, s->n_restarts);
        service_enter_start_job(s);
}

void service_on_stop_request(struct service *s) {
        s->stop_requested = true;
        s->start_after_stop = false;
        service_enter_stop(s, SERVICE_SUCCESS);
}

/* A stop while starting or reloading goes straight to the signals (systemd's service_stop()). */
void service_on_stop_request_while_starting(struct service *s) {
        s->stop_requested = true;
        s->start_after_stop = false;
        service_enter_signal(s, SERVICE_STOP_SIGTERM, SERVICE_SUCCESS);
}

void service_on_restart_request(struct service *s) {
        s->stop_requested = true;
        s->start_after_stop = true;
        if (s->state == SERVICE_RUNNING || s->state == SERVICE_EXITED)
                service_enter_stop(s, SERVICE_SUCCESS);
        else
                service_enter_signal(s, SERVICE_STOP_SIGTERM, SERVICE_SUCCESS);
}

void service_on_start_while_stopping(struct service *s) {
        s->start_after_stop = true;
}

void service_on_stop_while_stopping(struct service *s) {
        s->stop_requested = true;
        s->start_after_stop = false;
}

/* A stop cancels the pending restart: the unit is stopped as asked, so "inactive", not
 * "failed" (systemd's service_stop() goes to dead from auto-restart). The result of the
 * run that ended stays visible. */
void service_on_stop_while_auto_restart(struct service *s) {
        s->stop_requested = true;
        service_fd_store_clear(s);
        service_set_state(s, SERVICE_DEAD);
}

/* STOPPING=1 (sd_notify(3)): the service stops on its own; svcd waits TimeoutStopSec= for it. */
void service_on_stopping_notified(struct service *s) {
        s->notify_stopping = false;
        service_set_state(s, SERVICE_STOP_SIGTERM);
        service_arm_timer(s, s->unit->timeout_stop_usec);
}
