/* manager.h: the unit registry, boot, reaping, and shutdown: what svcd as a whole is doing. */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#include "supervisord/cgroup.h"
#include "supervisord/event-loop.h"
#include "supervisord/job.h"
#include "supervisord/main-command.h"
#include "supervisord/manager-mode.h"
#include "supervisord/pid-map.h"
#include "supervisord/service.h"
#include "supervisord/transaction.h"

struct control_server;
struct log_capture;
struct spawn_plan;
struct spawn_status;

/* What services do to processes. The daemon uses spawn_start() and kill(2); the state
 * machine's unit tests substitute fakes, so they run without processes or waiting. */
struct manager_process_ops {
        int (*spawn)(struct spawn_plan *p, pid_t *ret_pid, struct spawn_status *ret_status);
        /* kill(2) semantics, returning 0 or -errno. */
        int (*kill)(pid_t pid, int sig);
        /* getpgid(2): the process group of pid, or -errno. NULL: unknown (tests). */
        pid_t (*getpgid)(pid_t pid);
};

struct manager_options {
        char **unit_path;  /* search directories, in precedence order */
        char *socket_path; /* the control socket */
        char *runtime_dir;
        char *state_dir;   /* persistent state (dynamic user ids); NULL: none */
        bool user_mode;
        bool strict_sandbox; /* a directive that cannot be enforced fails the start */
        usec_t stop_budget;  /* --stop-timeout: the whole shutdown's time (manager-shutdown.c) */
};

/* One process the shutdown found left over after every unit stopped, for the report. */
struct shutdown_leftover {
        pid_t pid;
        char comm[16];
        bool sigkilled;
};

struct manager {
        struct ev_loop *loop;
        struct manager_options options;
        struct manager_process_ops process;

        /* The registry: sorted by id, looked up by binary search. */
        struct service **services;
        size_t n_services, cap_services;

        /* Indexes the reaper needs, so that an exit costs the same however many units
         * are loaded; service.c keeps them (manager_watch_pid(), the stop states). */
        struct pid_map pids;          /* main and control pids -> service */
        bool pids_incomplete;         /* an insertion failed (ENOMEM): also scan the registry */
        struct service *stopping;     /* services in stop-sigterm/stop-sigkill */

        /* Other names of registered units (Alias=, a symlink, default.target), for resolving
         * dependencies written with them. */
        struct manager_alias {
                char *name;
                struct service *unit;
        } *aliases;
        size_t n_aliases;

        /* The dependency graph (manager-graph.c) and the job queue (job.c). */
        struct tx_graph graph;
        bool graph_dirty;    /* a unit was registered or re-read since the graph was built */
        unsigned graph_mark;
        struct job *jobs_first, *jobs_last;
        size_t n_jobs;
        uint32_t last_job_id;
        struct job *run_queue, *run_queue_tail;
        struct ev_defer run_queue_defer;
        char *boot_target; /* --target / svcd.unit=; NULL: default.target */
        /* Units whose change of state may move the units around them (dependency-events.c). */
        struct service **dependency_checks;
        size_t n_dependency_checks, cap_dependency_checks;
        struct ev_defer dependency_check_defer;

        struct control_server *control;
        struct notify_socket *notify; /* NOTIFY_SOCKET (sd_notify(3)); NULL if it could not be opened */
        struct cgroup_root cgroups;   /* one cgroup per service below it; path NULL: process groups */
        struct log_capture *logs; /* services' output (log-capture.h) */

        int signal_fd;
        struct ev_io signal_io;

        bool is_pid1;
        enum manager_mode mode;          /* container init, machine init, supervisor, user */
        const char *container;           /* the container technology in container-init mode */
        enum manager_final_action final_action; /* after the shutdown (machine init only) */
        struct main_command main_command; /* svcd -- CMD; argv NULL: none */
        int exit_status;   /* what svcd exits with after the shutdown (FailureAction=exit, ...) */
        struct ev_defer action_defer; /* a unit's exit action starts the shutdown from here */
        enum manager_final_action action_final; /* ... and ends it so */
        bool exit_requested; /* svcctl exit CODE: its status wins over the main command's */
        /* OnFailure=/OnSuccess= starts, run at the end of the loop turn, never from inside a
         * service's state change (manager_start_units()). */
        struct manager_pending_start *pending_starts;
        struct ev_defer pending_starts_defer;
        bool shutting_down;
        bool exiting;      /* the loop was told to exit */
        bool no_children; /* waitpid() said ECHILD: nothing left to reap */
        struct ev_timer shutdown_timer;
        int shutdown_phase; /* 0 services, 1 SIGTERM to leftovers, 2 SIGKILL to leftovers */
        struct ev_defer check_shutdown;
        /* The stop budget (manager-shutdown.c), CLOCK_MONOTONIC: when the shutdown began,
         * when units still stopping get SIGKILL, when everything left does. */
        usec_t shutdown_begin, shutdown_units_deadline, shutdown_deadline;
        struct ev_timer budget_timer;
        struct shutdown_leftover *leftovers;
        size_t n_leftovers;
        bool exit_status_set; /* exit_status was chosen (an action, the main command, svcctl exit) */
        bool shutdown_gave_up; /* processes SIGKILL did not end: the shutdown ends without them */

        /* systemctl is-system-running: the boot is done once no unit it started is still
         * activating; the counts follow every service's state (manager_on_service_state()). */
        bool boot_started, boot_done;
        bool boot_failed; /* the boot target could not be loaded, queued or reached */
        struct job_waiter boot_waiter;
        usec_t boot_done_timestamp;
        unsigned n_activating, n_failed;

        unsigned long n_orphans_reaped;
        uid_t owner_uid; /* may change state besides root */
        usec_t startup_timestamp;
};

int manager_new(const struct manager_options *options, struct manager **ret);
struct manager *manager_free(struct manager *m);

/* Blocks the signals svcd handles and starts reading them from a signalfd. */
int manager_setup_signals(struct manager *m);
/* Starts the boot target (m->boot_target, or default.target) and what it pulls in. */
int manager_boot(struct manager *m);
/* manager-shutdown.c: begins the orderly shutdown under the stop budget; the loop exits
 * once every process is gone, with the status manager_shutdown_exit_status() tells. */
void manager_start_shutdown(struct manager *m);
/* Shuts down with a final action (poweroff, reboot, halt: a container, a supervisor and a
 * user manager exit instead); the first request's action stands. */
void manager_request_shutdown(struct manager *m, enum manager_final_action a, const char *why);
/* Checks, at the end of the loop turn, whether the shutdown can move on. */
void manager_queue_shutdown_check(struct manager *m);
/* A service's timer deadline, capped by what is left of the stop budget while shutting down. */
usec_t manager_shutdown_cap(const struct manager *m, const struct service *s, usec_t deadline);
/* Whether s's wait ended because the stop budget ran out, not its own timeout. */
bool manager_stop_budget_spent(const struct manager *m, const struct service *s);
/* Collects every exited child (manager.c). */
void manager_reap(struct manager *m);

/* Finds a registered unit; NULL if none. */
struct service *manager_get_service(struct manager *m, const char *id);
/* Finds or loads a unit by name. -ENOENT when no file has it (nothing is registered then),
 * -EINVAL for an invalid name. A unit whose file is bad is registered as bad-setting. */
int manager_load_service(struct manager *m, const char *id, struct service **ret);

/* As manager_load_service(), but a name no file has is registered as not-found (so that
 * a dependency on it shows, and a job on it fails), except for an invalid name. */
int manager_load_unit(struct manager *m, const char *id, struct service **ret);
/* The registered unit with this name or alias, or NULL (nothing is loaded). */
struct service *manager_resolve_unit(struct manager *m, const char *name);

/* The graph (manager-graph.c): loads every unit a request on anchor may pull in and brings
 * the resolved dependencies and the transaction graph up to date. A node takes its unit's
 * state when a transaction first reads it (tx_graph.refresh), so a request costs what it
 * touches, not the number of loaded units. */
int manager_load_closure(struct manager *m, struct service *anchor);
int manager_graph_update(struct manager *m);
void manager_graph_free(struct manager *m);
/* dependency-events.c: s changed state from old; BindsTo=, Upholds= and
 * StopWhenUnneeded= of the units around it are looked at at the end of the loop turn. */
void manager_check_dependencies(struct manager *m, struct service *s, enum service_state old);
/* The same, whatever changed (job.c, when s's job ended). */
void manager_queue_dependency_check(struct manager *m, struct service *s);
/* job.c, after its run queue ran: a boot or a shutdown may be over. */
void manager_on_jobs_changed(struct manager *m);

/* Reads id's files into a fresh definition: *ret_unit (loaded or bad-setting) or NULL
 * (masked, not found, unreadable), its load state, and why it cannot run (static text,
 * NULL when it can). -EINVAL/-EOPNOTSUPP/-ENOMEM as manager_load_service(). */
int manager_read_definition(struct manager *m, const char *id, struct unit **ret_unit, enum load_state *ret_state,
                            const char **ret_error);

/* daemon-reload: re-reads every registered unit's files (supervisord/manager-reload.c).
 * Returns how many were read and, in *ret_failed, the ids whose new definition cannot
 * run (reported, kept registered; a running one keeps its old definition until its next
 * start). */
int manager_reload(struct manager *m, unsigned *ret_reloaded, char ***ret_failed);

/* The service that owns pid as its main or control process, or NULL. */
struct service *manager_find_by_pid(struct manager *m, pid_t pid);
/* The active service whose main or control process leads session sid (every process of a
 * service starts one: svcd's stand-in for its cgroup), or NULL. */
struct service *manager_find_by_session(struct manager *m, pid_t sid);
/* service.c tells the manager that s's main or control pid changed from old_pid to
 * new_pid (0: none). */
void manager_watch_pid(struct manager *m, struct service *s, pid_t old_pid, pid_t new_pid);
/* Opens the notify socket at RUNTIME_DIR/notify. */
int manager_open_notify_socket(struct manager *m);
/* Sets up svcd's cgroup directory, or says why services are tracked by process group. */
void manager_setup_cgroups(struct manager *m);
/* The service a process belongs to: its main or control process, a process in its cgroup,
 * or (without cgroups) in the session of its main or control process. NULL if none. */
struct service *manager_find_by_process(struct manager *m, pid_t pid);
/* Starts the units named (OnFailure=, OnSuccess=) on behalf of from, whose end they see
 * in $MONITOR_*; why names the directive in log messages. The starts happen at the end of
 * the loop turn: from is in the middle of a state change. */
void manager_start_units(struct manager *m, char **names, struct service *from, const char *why, enum job_mode mode);
/* service.c, when a service enters (true) or leaves (false) a stop state. */
void manager_track_stopping(struct manager *m, struct service *s, bool stopping);

/* service.c, on every change of a service's state (the counts behind the system state). */
void manager_on_service_state(struct manager *m, struct service *s, enum service_state old, enum service_state st);
/* systemctl is-system-running's words (systemctl(1)): initializing, starting, running,
 * degraded or stopping. */
const char *manager_system_state(const struct manager *m);

/* A service became inactive: the manager may now finish a shutdown. */
void manager_on_service_inactive(struct manager *m, struct service *s);
