/* service-internal.h: what the parts of the service state machine share: service.c (the
 * object, the table, the one writer of s->state), service-start.c (from a start job to
 * running, reload; service-spawn.c spawns, service-forking.c finds a forking daemon),
 * service-stop.c (from a stop to dead, failed or auto-restart) and
 * service-notify.c (sd_notify(3), the watchdog, the fd store). No other module includes it. */
#pragma once

#include "supervisord/service.h"

typedef void service_action(struct service *s);

/* service.c */
void service_set_state(struct service *s, enum service_state st);
/* The first failure of a run is the one reported (systemd's s->result). */
void service_set_result(struct service *s, enum service_result r);
void service_set_main_pid(struct service *s, pid_t pid);
void service_set_control_pid(struct service *s, pid_t pid);
/* pid becomes the main process: set_main_pid, and a fresh ExecMain* record. */
void service_new_main_pid(struct service *s, pid_t pid);
/* Arms the state's timer timeout from now (USEC_INFINITY: never fires). */
void service_arm_timer(struct service *s, usec_t timeout);
/* The same at a CLOCK_MONOTONIC deadline. */
void service_arm_timer_at(struct service *s, usec_t deadline);
/* Puts what daemon-reload read in place (service.c). */
void service_apply_pending_definition(struct service *s);
/* EXTEND_TIMEOUT_USEC=: the timer fires no earlier than extend from now. */
void service_extend_timer(struct service *s, usec_t extend);
void service_notify_waiters(struct service *s);
void service_dispatch(struct service *s, enum service_event ev);
int service_monitor_environment(const struct service *s, char ***ret);
/* What the main (or control) process' end means: success, exit-code, signal, core-dump,
 * after SuccessExitStature= and the "-" prefix. */
enum service_result service_exit_result(const struct service *s, int code, int status, const struct exec_command *c);

/* service-start.c, service-spawn.c, service-forking.c */
void service_enter_start_job(struct service *s);      /* checks, start limit, ExecCondition= */
void service_enter_running(struct service *s, enum service_result f);
void service_enter_reload(struct service *s);
void service_enter_reload_by_notify(struct service *s);
const struct exec_command *service_exec_commands(const struct service *s, enum service_exec_kind kind, size_t *ret_n);
/* Spawns command c of kind as the control process (or, for kind START, main process
 * unless Type=forking); records a failure to spawn as the process' exit and returns it
 * (-errno) so the caller takes the failure path. */
int service_spawn_command(struct service *s, enum service_exec_kind kind, size_t index, pid_t *ret_pid);
/* Runs list kind from index as control commands; false if there is nothing (left) to run. */
bool service_run_control(struct service *s, enum service_exec_kind kind, size_t index);
/* A control process ended with f: the next command of its list, if f is success and there is one. */
bool service_run_next_control(struct service *s, enum service_result f);
/* What the control (main) process that just ended means; code 0: it could not be created. */
enum service_result service_control_result(const struct service *s);
enum service_result service_main_result(const struct service *s);
void service_enter_start_post(struct service *s);

/* Action table entries, service-start.c */
void service_on_start_request(struct service *s);
void service_on_condition_exited(struct service *s);
void service_on_start_pre_exited(struct service *s);
void service_on_start_control_exited(struct service *s); /* forking: the parent ended */
void service_on_start_main_exited(struct service *s);
void service_on_start_post_exited(struct service *s);
void service_on_running_main_exited(struct service *s);
void service_on_running_group_empty(struct service *s);
void service_on_reload_exited(struct service *s);
void service_on_ready(struct service *s);
void service_on_reload_ready(struct service *s);
void service_on_reloading_while_reloading(struct service *s);
void service_on_start_timeout(struct service *s);
void service_on_start_post_timeout(struct service *s);
void service_on_runtime_timeout(struct service *s);
void service_on_reload_timeout(struct service *s);
void service_on_reload_request(struct service *s);
void service_on_stopping_notified(struct service *s);
void service_on_watchdog(struct service *s);

/* service-stop.c */
void service_enter_stop(struct service *s, enum service_result f);
void service_enter_signal(struct service *s, enum service_state st, enum service_result f);
void service_enter_stop_post(struct service *s, enum service_result f);
void service_enter_dead(struct service *s, enum service_result f);
/* Nothing of the service is left to wait for: no main or control process and, for the
 * KillModes that wait for it, an empty group. */
bool service_group_empty(const struct service *s);
/* sig to everything of the service (whole_group) or to its main and control processes,
 * the main process once; whether any process got it (service-stop.c). */
bool service_send_signal(struct service *s, int sig, bool whole_group);
/* Whether any process of the service runs, whatever KillMode= says: its cgroup, else its
 * main process' group and session (ExitType=cgroup). */
bool service_processes_left(const struct service *s);
void service_release_run_resources(struct service *s, bool restarting);

void service_on_stop_request(struct service *s);
void service_on_stop_request_while_starting(struct service *s);
void service_on_restart_request(struct service *s);
void service_on_start_while_stopping(struct service *s);
void service_on_stop_while_stopping(struct service *s);
void service_on_stop_while_auto_restart(struct service *s);
void service_on_auto_restart_timeout(struct service *s);
void service_on_stop_exited(struct service *s);
void service_on_signal_process_exited(struct service *s);
void service_on_signal_timeout(struct service *s);
void service_on_stop_timeout(struct service *s);
void service_on_stop_post_exited(struct service *s);
void service_on_stop_post_timeout(struct service *s);
void service_on_signal_main_exited(struct service *s);
void service_on_main_exited_while_controlled(struct service *s);

/* service-notify.c */
void service_watchdog_start(struct service *s);
void service_watchdog_stop(struct service *s);
void service_fd_store_clear(struct service *s);
/* Environment for a process of the run: NOTIFY_SOCKET, WATCHDOG_*, LISTEN_* (for the
 * main process), appended to *env; the fds to pass are the store's. */
int service_notify_environment(const struct service *s, bool main_process, char ***env);
