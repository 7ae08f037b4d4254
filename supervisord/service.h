/* service.h: a service's runtime state and the state machine that is its only writer.
 *
 * The configuration is the immutable struct unit (units/unit.h); everything that
 * changes while svcd runs is here. States and results are systemd's (systemd.service(5),
 * "systemctl show" SubState/Result) so that scripts read the same words. */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#include "libsvc/time-util.h"
#include "supervisord/event-loop.h"
#include "units/unit.h"

struct log_stream;
struct manager;
struct service;

enum load_state {
        LOAD_LOADED,
        LOAD_NOT_FOUND,
        LOAD_BAD_SETTING,
        LOAD_MASKED,
        LOAD_ERROR,
        _LOAD_STATE_MAX,
};

enum service_state {
        SERVICE_DEAD,
        SERVICE_RUNNING,
        SERVICE_STOP_SIGTERM,
        SERVICE_STOP_SIGKILL,
        SERVICE_AUTO_RESTART,
        SERVICE_FAILED,
        _SERVICE_STATE_MAX,
};

enum service_event {
        SERVICE_EV_START,
        SERVICE_EV_STOP,
        SERVICE_EV_RESTART,
        SERVICE_EV_MAIN_EXITED, /* main process reaped; its status is in exec_main_* */
        SERVICE_EV_GROUP_EMPTY, /* no process of the service's process group is left */
        SERVICE_EV_TIMEOUT,
        _SERVICE_EVENT_MAX,
};

enum service_result {
        SERVICE_SUCCESS,
        SERVICE_FAILURE_EXIT_CODE,
        SERVICE_FAILURE_SIGNAL,
        SERVICE_FAILURE_CORE_DUMP,
        SERVICE_FAILURE_TIMEOUT,
        SERVICE_FAILURE_RESOURCES,
        SERVICE_FAILURE_START_LIMIT_HIT,
        _SERVICE_RESULT_MAX,
};

/* Someone (a control connection) waiting for a start or stop to finish. */
struct service_waiter {
        struct service_waiter *next;
        bool want_active; /* true: waits for running (or failure); false: for inactive */
        void (*done)(struct service_waiter *w, struct service *s, int error);
};

struct service {
        struct manager *manager;
        char *id;
        struct unit *unit; /* NULL unless load_state is LOAD_LOADED or LOAD_BAD_SETTING */
        enum load_state load_state;
        char *load_error;

        /* A definition read by daemon-reload while the service ran: it takes effect at the
         * next start, or when the service becomes inactive (systemd.unit(5): a running
         * service keeps the settings it was started with). */
        bool has_pending_definition;
        struct unit *pending_unit;
        enum load_state pending_load_state;
        char *pending_load_error;

        enum service_state state;
        enum service_result result;

        pid_t main_pid;
        pid_t pgid;          /* the service's process group (its session leader's pid) */
        int last_kill_signal; /* what the stop sent last: the main process dying of it is expected */
        pid_t exec_main_pid; /* the last main pid, kept after it exited */
        int exec_main_code;  /* CLD_EXITED, CLD_KILLED, CLD_DUMPED, or 0 */
        int exec_main_status;
        int status_errno;
        char *status_text;
        char **not_enforced; /* directives of the last start not enforceable here (exec-plan.h) */

        /* Condition*= and Assert*= as the last start job found them (systemd.unit(5)): a
         * failed condition skips the start (inactive, not failed), a failed assert fails the
         * job (the unit stays as it was). */
        bool condition_result, assert_result;
        usec_t condition_timestamp, assert_timestamp;
        char *condition_failure;  /* "ConditionPathExists=/x at FILE:LINE", NULL when all held */
        enum { START_CHECK_PASSED, START_CHECK_CONDITION, START_CHECK_ASSERT } start_check;
        bool start_failure_ignored; /* this start's step failed under ExecStart=-: the job is done */
        bool reached_running;       /* this start got to running: its job is done */
        uid_t run_uid;       /* the user and group the run's processes have ((uid_t) -1: svcd's), */
        gid_t run_gid;       /* for RemoveIPC= when the run ends */
        struct log_stream *log; /* its captured output: lines of every run (log-capture.h) */

        usec_t exec_main_start_timestamp, exec_main_exit_timestamp;
        usec_t active_enter_timestamp, active_exit_timestamp;
        usec_t inactive_enter_timestamp, state_change_timestamp;

        unsigned n_restarts;
        bool start_after_stop; /* a restart (or start during stop) continues once stopped */
        bool stop_requested;   /* a stop was asked for: no auto-restart */

        /* StartLimitIntervalSec=/StartLimitBurst=: starts counted in the current window. */
        usec_t start_limit_begin;
        unsigned start_limit_count;

        /* In the manager's list of stopping services (manager_track_stopping()). */
        struct service *stopping_prev, *stopping_next;
        bool in_stopping_list;

        struct ev_timer timer;
        struct service_waiter *waiters;
        struct ev_defer notify_defer;
};

int service_new(struct manager *m, const char *id, struct service **ret);
struct service *service_free(struct service *s);

/* Requests from the control server and the manager; each feeds the state machine. */
int service_start(struct service *s);
int service_stop(struct service *s);
int service_restart(struct service *s);
void service_reset_failed(struct service *s);
int service_kill(struct service *s, int sig, const char *whom);

/* From the manager's reaper: pid (one of ours) exited with a waitid()-style code/status. */
void service_on_main_exit(struct service *s, int code, int status);
/* From the manager after each reaping round: is anything of the group left? */
void service_check_group(struct service *s);

/* Installs a new definition (daemon-reload), taking ownership of u (may be NULL) and a
 * copy of load_error: at once if the service is inactive, else at its next start. */
int service_set_definition(struct service *s, struct unit *u, enum load_state state, const char *load_error);

void service_add_waiter(struct service *s, struct service_waiter *w);
void service_remove_waiter(struct service *s, struct service_waiter *w);

bool service_is_active_or_activating(const struct service *s);
bool service_is_inactive(const struct service *s); /* dead or failed */

const char *service_active_state(const struct service *s);
const char *service_state_to_string(enum service_state st);
const char *service_result_to_string(enum service_result r);
const char *load_state_to_string(enum load_state st);
