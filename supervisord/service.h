/* service.h: a service's runtime state and the state machine that is its only writer.
 *
 * The configuration is the immutable struct unit (units/unit.h); everything that
 * changes while svcd runs is here. States and results are systemd's (systemd.service(5),
 * "systemctl show" SubState/Result) so that scripts read the same words. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
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

/* systemd.service(5)'s sub-states, in its order (systemctl show SubState). */
enum service_state {
        SERVICE_DEAD,
        SERVICE_CONDITION,     /* ExecCondition= runs */
        SERVICE_START_PRE,     /* ExecStartPre= runs */
        SERVICE_START,         /* forking: the parent runs; oneshot: ExecStart= run; notify: until READY=1 */
        SERVICE_START_POST,    /* ExecStartPost= runs */
        SERVICE_RUNNING,
        SERVICE_EXITED,        /* RemainAfterExit=yes and nothing runs */
        SERVICE_RELOAD,        /* ExecReload= runs, or a notify reload until READY=1 */
        SERVICE_STOP,          /* ExecStop= runs */
        SERVICE_STOP_WATCHDOG, /* WatchdogSignal= (or TimeoutStartFailureMode=abort) sent */
        SERVICE_STOP_SIGTERM,  /* KillSignal= sent, or STOPPING=1 and the service stops itself */
        SERVICE_STOP_SIGKILL,  /* FinalKillSignal= sent */
        SERVICE_STOP_POST,     /* ExecStopPost= runs */
        SERVICE_FINAL_WATCHDOG,
        SERVICE_FINAL_SIGTERM, /* what ExecStopPost= left behind gets KillSignal= */
        SERVICE_FINAL_SIGKILL,
        SERVICE_FAILED,
        SERVICE_AUTO_RESTART,  /* waiting RestartSec= before the next start */
        _SERVICE_STATE_MAX,
};

enum service_event {
        SERVICE_EV_START,
        SERVICE_EV_STOP,
        SERVICE_EV_RESTART,
        SERVICE_EV_RELOAD,
        SERVICE_EV_MAIN_EXITED,    /* main process reaped; its status is in exec_main_* */
        SERVICE_EV_CONTROL_EXITED, /* control process reaped; its status is in control_code/status */
        SERVICE_EV_GROUP_EMPTY,    /* no process of the service is left */
        SERVICE_EV_TIMEOUT,        /* the state's timer (start, stop, runtime, restart delay) */
        SERVICE_EV_WATCHDOG,       /* WatchdogSec= passed without WATCHDOG=1, or WATCHDOG=trigger */
        SERVICE_EV_READY,          /* READY=1 */
        SERVICE_EV_RELOADING,      /* RELOADING=1 */
        SERVICE_EV_STOPPING,       /* STOPPING=1 */
        _SERVICE_EVENT_MAX,
};

/* systemctl show Result= (and $SERVICE_RESULT). */
enum service_result {
        SERVICE_SUCCESS,
        SERVICE_FAILURE_RESOURCES,
        SERVICE_FAILURE_PROTOCOL,
        SERVICE_FAILURE_TIMEOUT,
        SERVICE_FAILURE_EXIT_CODE,
        SERVICE_FAILURE_SIGNAL,
        SERVICE_FAILURE_CORE_DUMP,
        SERVICE_FAILURE_WATCHDOG,
        SERVICE_FAILURE_START_LIMIT_HIT,
        SERVICE_SKIP_CONDITION, /* ExecCondition= said no: not a failure (the unit ends dead) */
        _SERVICE_RESULT_MAX,
};

/* Which Exec*= list a control process runs. */
enum service_exec_kind {
        SERVICE_EXEC_CONDITION,
        SERVICE_EXEC_START_PRE,
        SERVICE_EXEC_START,
        SERVICE_EXEC_START_POST,
        SERVICE_EXEC_RELOAD,
        SERVICE_EXEC_STOP,
        SERVICE_EXEC_STOP_POST,
        _SERVICE_EXEC_KIND_MAX,
};

/* What a waiter waits for: the jobs of systemctl(1). */
enum service_job {
        SERVICE_JOB_START,  /* running (or failure); restart waits the same way */
        SERVICE_JOB_STOP,   /* inactive */
        SERVICE_JOB_RELOAD, /* the reload's end */
};

/* A file descriptor kept for the service (FDSTORE=1, sd_notify(3)), watched for POLLHUP
 * and POLLERR unless FDPOLL=0 came with it (or it cannot be polled: a regular file). */
struct service_stored_fd {
        struct service *service;
        int fd;
        char *name;
        struct ev_io io;
        bool watched;
};

/* Someone (a control connection) waiting for a start or stop to finish. */
struct service_waiter {
        struct service_waiter *next;
        enum service_job job;
        void (*done)(struct service_waiter *w, struct service *s, int error);
};

/* Units a unit's dependency of one kind names, resolved to registered units, with where
 * each was written ("file:line", borrowed from the unit; NULL if unknown). */
struct unit_link {
        struct service *to;
        const char *origin;
};
struct unit_links {
        struct unit_link *v;
        size_t n;
};

struct job;

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
        bool main_pid_known;  /* forking without PIDFile= may not know it (GuessMainPID=) */
        pid_t pgid;           /* the main process' group (its session: every process calls setsid()) */
        char *cgroup_path;    /* its cgroup (cgroup.h), NULL: tracked by process group and session */
        char **cgroup_not_enforced; /* its limits that could not be applied (cgroup-limits.h) */
        int last_kill_signal; /* what the stop sent last: the main process dying of it is expected */
        pid_t exec_main_pid;  /* the last main pid, kept after it exited */
        /* For the shutdown report (manager-shutdown.c): when its stop began and ended, and
         * whether it took SIGKILL. */
        usec_t shutdown_stop_begin, shutdown_stop_end;
        bool shutdown_sigkilled;
        int exec_main_code;   /* CLD_EXITED, CLD_KILLED, CLD_DUMPED, or 0 */
        int exec_main_status;
        const struct exec_command *main_command; /* the ExecStart= line the main process runs */
        size_t main_command_index;               /* oneshot: which ExecStart= runs */

        /* The control process: ExecCondition=, ExecStartPre=, ..., ExecStopPost= (and the
         * parent of Type=forking). One at a time; the commands of a list run in order. */
        pid_t control_pid;
        enum service_exec_kind control_kind;
        size_t control_index;
        int control_code, control_status; /* how the last control process ended */
        enum service_result reload_result;

        int status_errno;
        char *status_text;
        char **not_enforced; /* directives of the last start not enforceable here (exec-plan.h) */

        /* sd_notify(3) state: what arrived before the state machine could act on it. */
        bool notify_ready, notify_reloading, notify_stopping;
        struct ev_timer watchdog_timer;
        usec_t watchdog_usec;            /* in force: WatchdogSec= or WATCHDOG_USEC= */
        usec_t watchdog_timestamp;       /* CLOCK_REALTIME of the last ping */
        struct service_stored_fd **fd_store;
        size_t n_fd_store;

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
        char invocation_id[33];  /* $INVOCATION_ID of this run's processes */
        /* $MONITOR_* of the unit whose OnFailure=/OnSuccess= started this one (systemd.exec(5)):
         * pending until the start job runs, then this run's (ExecStartPre=, ExecStart=). */
        char **monitor_env_pending;
        char **monitor_env;

        usec_t exec_main_start_timestamp, exec_main_exit_timestamp;
        usec_t active_enter_timestamp, active_exit_timestamp;
        usec_t inactive_enter_timestamp, state_change_timestamp;

        unsigned n_restarts;
        bool flush_n_restarts; /* the run ended for good: the next start counts afresh (systemd) */
        usec_t restart_usec_next; /* the delay of the next automatic restart (RestartSteps=) */
        bool start_after_stop; /* a restart (or start during stop) continues once stopped */
        bool restart_held;     /* ... but a restart job starts it (service_stop_for_restart()) */
        bool stop_requested;   /* a stop was asked for: no auto-restart */

        /* StartLimitIntervalSec=/StartLimitBurst=: starts counted in the current window. */
        usec_t start_limit_begin;
        unsigned start_limit_count;

        /* In the manager's list of stopping services (manager_track_stopping()). */
        struct service *stopping_prev, *stopping_next;
        bool in_stopping_list;

        struct ev_timer timer;
        struct ev_timer pid_file_timer; /* Type=forking: looking for PIDFile= */
        usec_t pid_file_give_up;        /* CLOCK_MONOTONIC */
        usec_t runtime_deadline;        /* RuntimeMaxSec= of this run (CLOCK_MONOTONIC), 0: not up yet */
        bool pid_file_trusted;          /* this run's main pid came from PIDFile=: remove it at the end */
        struct service_waiter *waiters;
        struct ev_defer notify_defer;

        /* The dependency graph (manager-graph.c, rebuilt when units are loaded): what this
         * unit's dependencies name, and the units whose dependencies name this one, read
         * with service_deps() and service_rdeps(). One array, grouped by kind, forward
         * kinds first: links[link_start[k]] up to links[link_start[k + 1]], k = d for
         * the dependencies of kind d, _UNIT_DEPENDENCY_MAX + d for the inverse ones. */
        struct unit_link *links;
        uint32_t link_start[2 * _UNIT_DEPENDENCY_MAX + 1];
        unsigned graph_index; /* its node in the manager's transaction graph */
        unsigned graph_mark;  /* visited by the current closure walk */
        bool dependency_check_queued; /* in the manager's dependency_checks */
        usec_t auto_jobs_begin;       /* the window of starts/stops its dependencies asked for */
        unsigned auto_jobs_count;
        struct job *job;      /* the job queued or running for it (job.c is the writer), or NULL */
        usec_t inactive_exit_timestamp; /* left dead or failed (began activating), CLOCK_REALTIME */
};

static inline struct unit_links service_links_of(const struct service *s, size_t k) {
        uint32_t a = s->link_start[k], b = s->link_start[k + 1];
        return (struct unit_links) { b > a ? s->links + a : NULL, b - a };
}

/* The units s's dependencies of kind d name (resolved, deduplicated, in the unit's order). */
static inline struct unit_links service_deps(const struct service *s, enum unit_dependency d) {
        return service_links_of(s, d);
}

/* The units whose dependencies of kind d name s, in the manager's order. */
static inline struct unit_links service_rdeps(const struct service *s, enum unit_dependency d) {
        return service_links_of(s, _UNIT_DEPENDENCY_MAX + d);
}

int service_new(struct manager *m, const char *id, struct service **ret);
/* Forgets s's resolved dependencies (manager-graph.c). */
void service_clear_links(struct service *s);
struct service *service_free(struct service *s);

/* Requests from the control server and the manager; each feeds the state machine. */
int service_start(struct service *s);
int service_stop(struct service *s);
int service_restart(struct service *s);
/* A restart job's stop phase: stops s the way a restart does (RestartKillSignal=, the fd
 * store and cgroup kept) and leaves it inactive for the job's start phase. */
int service_stop_for_restart(struct service *s);
void service_reset_failed(struct service *s);
int service_kill(struct service *s, int sig, const char *whom);
/* systemctl reload: -EOPNOTSUPP when the unit cannot reload (no ExecReload=, not
 * notify-reload), -ENOTCONN when it is not active (running or exited). */
int service_reload(struct service *s);
bool service_can_reload(const struct service *s);

/* From the manager's reaper: pid (the service's main or control process) exited with a
 * waitid()-style code/status. */
void service_on_exit(struct service *s, pid_t pid, int code, int status);
/* From the manager after each reaping round: is anything of the group left? */
void service_check_group(struct service *s);

/* Installs a new definition (daemon-reload), taking ownership of u (may be NULL) and a
 * copy of load_error: at once if the service is inactive, else at its next start. */
int service_set_definition(struct service *s, struct unit *u, enum load_state state, const char *load_error);

/* A notify message (notify-message.h) from sender, which svcd found to belong to s; takes
 * the fds it keeps (their slots set to -1). Checks NotifyAccess= first. */
struct notify_message;
struct ucred;
void service_on_notify(struct service *s, const struct ucred *sender, const struct notify_message *msg, int *fds,
                       size_t n_fds);
/* NotifyAccess= in force (its default depends on Type=, WatchdogSec=, FileDescriptorStoreMax=). */
enum notify_access service_notify_access(const struct service *s);

void service_add_waiter(struct service *s, struct service_waiter *w);
void service_remove_waiter(struct service *s, struct service_waiter *w);

bool service_is_active_or_activating(const struct service *s);
bool service_is_inactive(const struct service *s); /* dead or failed */
/* Up: running, exited (RemainAfterExit=yes) or reloading: ActiveState active or reloading. */
bool service_state_is_up(enum service_state st);
bool service_is_up(const struct service *s);
/* The state waits for the service's processes to be gone (the signal states). */
bool service_state_waits_for_group(enum service_state st);
/* Whether the state machine has an action for ev in st (the rest are ignored). */
bool service_event_accepted(enum service_state st, enum service_event ev);
const char *service_event_to_string(enum service_event ev);

const char *service_active_state(const struct service *s);
/* The unit active state (inactive, activating, active, ...) of a sub-state. */
const char *service_state_to_active_state(enum service_state st);
const char *service_state_to_string(enum service_state st);
const char *service_result_to_string(enum service_result r);
const char *load_state_to_string(enum load_state st);
const char *service_exec_kind_to_string(enum service_exec_kind k);
