/* manager.c: the unit registry, lazy loading, boot, reaping, and the orderly shutdown. */
#include <dirent.h>
#include <errno.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libsvc/fd-util.h"
#include "libsvc/log.h"
#include "libsvc/signal-util.h"
#include "libsvc/spawn.h"
#include "libsvc/strv.h"
#include "supervisord/cgroup-limits.h"
#include "supervisord/control-server.h"
#include "supervisord/log-capture.h"
#include "supervisord/dynamic-ids.h"
#include "supervisord/exec-namespace.h"
#include "supervisord/job.h"
#include "supervisord/manager.h"
#include "supervisord/service-internal.h"
#include "supervisord/notify-socket.h"
#include "supervisord/parent-notify.h"
#include "supervisord/proc-util.h"
#include "units/unit-name.h"
#include "units/unit-path.h"

/* The signals svcd handles through its signalfd; all others keep their default. */
static const int handled_signals[] = { SIGCHLD, SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH, SIGPWR };

static pid_t getpgid_errno(pid_t pid) {
        pid_t g = getpgid(pid);
        return g < 0 ? -errno : g;
}

static int kill_errno(pid_t pid, int sig) {
        return kill(pid, sig) < 0 ? -errno : 0;
}

/* An OnFailure=/OnSuccess= start waiting for the end of the loop turn. */
struct manager_pending_start {
        struct manager_pending_start *next;
        char **names;
        char **monitor_env;
        char *from;
        const char *why; /* static */
        enum tx_mode mode;
};

static struct manager_pending_start *pending_start_free(struct manager_pending_start *p) {
        strv_free(p->names);
        strv_free(p->monitor_env);
        free(p->from);
        free(p);
        return NULL;
}

int manager_new(const struct manager_options *options, struct manager **ret) {
        struct manager *m = calloc(1, sizeof *m);
        int r;

        if (!m)
                return -ENOMEM;
        m->signal_fd = -1;
        m->options.unit_path = strv_copy(options->unit_path);
        m->options.socket_path = strdup(options->socket_path);
        m->options.runtime_dir = strdup(options->runtime_dir);
        m->options.user_mode = options->user_mode;
        m->options.strict_sandbox = options->strict_sandbox;
        /* 0 (options not set, as in the unit tests): no budget. */
        m->options.stop_budget = options->stop_budget ? options->stop_budget : USEC_INFINITY;
        m->options.state_dir = options->state_dir ? strdup(options->state_dir) : NULL;
        if (!m->options.unit_path || !m->options.socket_path || !m->options.runtime_dir ||
            (options->state_dir && !m->options.state_dir) || dynamic_ids_set_state_dir(m->options.state_dir) < 0) {
                manager_free(m);
                return -ENOMEM;
        }
        r = ev_loop_new(&m->loop);
        if (r >= 0)
                r = log_capture_new(m->loop, STDOUT_FILENO, &m->logs);
        /* The sandbox's inaccessible nodes and staging directories live under it. */
        if (r >= 0)
                r = exec_namespace_set_runtime_dir(m->options.runtime_dir);
        if (r < 0) {
                manager_free(m);
                return r;
        }
        m->process = (struct manager_process_ops) { .spawn = spawn_start, .kill = kill_errno, .getpgid = getpgid_errno };
        m->is_pid1 = getpid() == 1;
        m->mode = manager_mode_detect(options->user_mode, m->is_pid1, &m->container);
        main_command_init(&m->main_command);
        m->owner_uid = getuid();
        m->startup_timestamp = now_usec(CLOCK_REALTIME);
        *ret = m;
        return 0;
}

struct manager *manager_free(struct manager *m) {
        if (!m)
                return NULL;
        control_server_free(m->control);
        main_command_done(&m->main_command);
        /* Jobs first: they wait on their units. */
        manager_free_jobs(m);
        manager_graph_free(m);
        for (size_t i = 0; i < m->n_services; i++)
                service_free(m->services[i]);
        free(m->services);
        for (size_t i = 0; i < m->n_aliases; i++)
                free(m->aliases[i].name);
        free(m->aliases);
        free(m->boot_target);
        free(m->dependency_checks);
        while (m->pending_starts) {
                struct manager_pending_start *p = m->pending_starts;
                m->pending_starts = p->next;
                pending_start_free(p);
        }
        pid_map_done(&m->pids);
        notify_socket_free(m->notify);
        cgroup_root_done(&m->cgroups);
        log_capture_free(m->logs);
        if (m->loop) {
                ev_timer_disarm(m->loop, &m->shutdown_timer);
                ev_timer_disarm(m->loop, &m->budget_timer);
                ev_defer_cancel(m->loop, &m->check_shutdown);
                ev_defer_cancel(m->loop, &m->action_defer);
                ev_defer_cancel(m->loop, &m->pending_starts_defer);
                ev_defer_cancel(m->loop, &m->run_queue_defer);
                ev_defer_cancel(m->loop, &m->dependency_check_defer);
                ev_io_remove(m->loop, &m->signal_io);
        }
        safe_close(m->signal_fd);
        ev_loop_free(m->loop);
        free(m->leftovers);
        strv_free(m->options.unit_path);
        free(m->options.socket_path);
        free(m->options.runtime_dir);
        free(m->options.state_dir);
        (void) dynamic_ids_set_state_dir(NULL);
        free(m);
        return NULL;
}

/* Binary search in the sorted registry: the index of id, or where it would go. */
static size_t registry_position(struct manager *m, const char *id, bool *found) {
        size_t lo = 0, hi = m->n_services;

        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                int c = strcmp(m->services[mid]->id, id);
                if (c == 0) {
                        *found = true;
                        return mid;
                }
                if (c < 0)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        *found = false;
        return lo;
}

struct service *manager_get_service(struct manager *m, const char *id) {
        bool found;
        size_t i = registry_position(m, id, &found);
        return found ? m->services[i] : NULL;
}

static int registry_add(struct manager *m, struct service *s) {
        bool found;
        size_t i = registry_position(m, s->id, &found);

        if (found)
                return -EEXIST;
        if (m->n_services == m->cap_services) {
                size_t cap = MAX(m->cap_services * 2, (size_t) 16);
                struct service **n = realloc(m->services, cap * sizeof *n);
                if (!n)
                        return -ENOMEM;
                m->services = n;
                m->cap_services = cap;
        }
        memmove(m->services + i + 1, m->services + i, (m->n_services - i) * sizeof *m->services);
        m->services[i] = s;
        m->n_services++;
        m->graph_dirty = true;
        return 0;
}

static int alias_add(struct manager *m, const char *name, struct service *s) {
        if (streq(name, s->id) || manager_resolve_unit(m, name))
                return 0;
        struct manager_alias *a = realloc(m->aliases, (m->n_aliases + 1) * sizeof *a);
        if (!a)
                return -ENOMEM;
        m->aliases = a;
        a[m->n_aliases].name = strdup(name);
        if (!a[m->n_aliases].name)
                return -ENOMEM;
        a[m->n_aliases++].unit = s;
        m->graph_dirty = true;
        return 0;
}

struct service *manager_resolve_unit(struct manager *m, const char *name) {
        struct service *s = manager_get_service(m, name);

        for (size_t i = 0; !s && i < m->n_aliases; i++)
                if (streq(m->aliases[i].name, name))
                        s = m->aliases[i].unit;
        return s;
}

/* Registers a unit that was referenced but cannot run (not found, masked), so that
 * `svcctl list` shows why the boot did not start it. */
static int register_unloadable(struct manager *m, const char *id, enum load_state state, const char *why,
                               struct service **ret) {
        struct service *s;
        int r = service_new(m, id, &s);

        if (r < 0)
                return r;
        s->load_state = state;
        s->load_error = strdup(why);
        r = registry_add(m, s);
        if (r < 0) {
                service_free(s);
                return r;
        }
        *ret = s;
        return 0;
}

int manager_read_definition(struct manager *m, const char *id, struct unit **ret_unit, enum load_state *ret_state,
                            const char **ret_error) {
        _cleanup_(unit_freep) struct unit *u = NULL;
        int r;

        *ret_unit = NULL;
        *ret_error = NULL;
        r = unit_load(m->options.unit_path, id, &u);
        if (r == -ERFKILL) {
                *ret_state = LOAD_MASKED;
                *ret_error = "Unit is masked.";
                return 0;
        }
        if (r == -ENOENT) {
                *ret_state = LOAD_NOT_FOUND;
                *ret_error = "No such file in the unit path.";
                return 0;
        }
        if (r == -EINVAL || r == -ENOMEM)
                return r;
        if (r == -EPROTONOSUPPORT)
                return -EOPNOTSUPP;
        if (r < 0) {
                log_error_errno(r, "%s: Failed to load unit: %m", id);
                *ret_state = LOAD_ERROR;
                *ret_error = strerror(-r);
                return 0;
        }
        if (unit_verify(u) < 0) {
                *ret_state = LOAD_BAD_SETTING;
                *ret_error = "Unit configuration has fatal error, unit will not be started.";
        } else
                *ret_state = LOAD_LOADED;
        /* systemd.target(5): a target has no processes; it is active once started and until
         * stopped, which is what a oneshot without commands that remains after exit does. */
        if (u->type == UNIT_TARGET) {
                u->service_type = SERVICE_ONESHOT;
                u->remain_after_exit = true;
        }
        *ret_unit = TAKE_PTR(u);
        return 0;
}

int manager_load_service(struct manager *m, const char *id, struct service **ret) {
        _cleanup_(unit_freep) struct unit *u = NULL;
        enum load_state state;
        const char *error;
        struct service *s;
        int r;

        s = manager_resolve_unit(m, id);
        if (s) {
                *ret = s;
                return 0;
        }
        if (!unit_name_is_valid(id))
                return -EINVAL;
        if (!endswith(id, ".service") && !endswith(id, ".target")) {
                /* .socket, .timer, .mount, ... are not run by svcd. One that a file defines
                 * is registered with a load error that says so, rather than reported as
                 * missing. */
                _cleanup_free_ char *path = NULL, *why = NULL;
                const char *dot = strrchr(id, '.');

                r = unit_path_find(m->options.unit_path, id, &path);
                if (r == -ERFKILL)
                        return register_unloadable(m, id, LOAD_MASKED, "Unit is masked.", ret);
                if (r < 0)
                        return r == -ENOENT ? -ENOENT : -EOPNOTSUPP;
                if (asprintf(&why, "svcd does not run %s units yet.", dot ? dot : id) < 0)
                        return -ENOMEM;
                return register_unloadable(m, id, LOAD_ERROR, why, ret);
        }

        r = manager_read_definition(m, id, &u, &state, &error);
        if (r < 0)
                return r;
        /* Asked for by name and defined nowhere: nothing to register (NoSuchUnit). */
        if (state == LOAD_NOT_FOUND)
                return -ENOENT;
        if (!u)
                return register_unloadable(m, id, state, error, ret);

        /* An alias is the unit its link names (systemd.unit(5)): one service for both. */
        if (!streq(u->id, id)) {
                s = manager_get_service(m, u->id);
                if (s) {
                        r = alias_add(m, id, s);
                        if (r < 0)
                                return r;
                        *ret = s;
                        return 0;
                }
        }
        r = service_new(m, u->id, &s);
        if (r < 0)
                return r;
        s->load_state = state;
        if (error && !(s->load_error = strdup(error))) {
                service_free(s);
                return -ENOMEM;
        }
        s->unit = TAKE_PTR(u);
        r = registry_add(m, s);
        if (r < 0) {
                service_free(s);
                return r;
        }
        STRV_FOREACH(a, s->unit->aliases)
                if ((r = alias_add(m, *a, s)) < 0)
                        return r;
        *ret = s;
        return 0;
}

int manager_load_unit(struct manager *m, const char *id, struct service **ret) {
        int r = manager_load_service(m, id, ret);

        if (r == -ENOENT)
                return register_unloadable(m, id, LOAD_NOT_FOUND, "No such file in the unit path.", ret);
        return r;
}

struct service *manager_find_by_pid(struct manager *m, pid_t pid) {
        struct service *s = pid_map_get(&m->pids, pid);

        if (s || !m->pids_incomplete)
                return s;
        for (size_t i = 0; i < m->n_services; i++)
                if (m->services[i]->main_pid == pid || m->services[i]->control_pid == pid)
                        return m->services[i];
        return NULL;
}

void manager_watch_pid(struct manager *m, struct service *s, pid_t old_pid, pid_t new_pid) {
        if (old_pid > 0 && pid_map_get(&m->pids, old_pid) == s)
                (void) pid_map_remove(&m->pids, old_pid);
        /* Without the index entry the reaper falls back to scanning the registry: slower,
         * never wrong. */
        if (new_pid > 0 && pid_map_put(&m->pids, new_pid, s) < 0) {
                log_oom();
                m->pids_incomplete = true;
        }
}

/* Which service a notify message's sender belongs to: its main or control process, or a
 * process in the session of either (every process of a service starts its own session,
 * so the session stands for systemd's cgroup here). */
struct service *manager_find_by_session(struct manager *m, pid_t sid) {
        if (sid <= 0)
                return NULL;
        for (size_t i = 0; i < m->n_services; i++) {
                struct service *c = m->services[i];
                if (service_is_inactive(c))
                        continue;
                if ((c->pgid > 0 && c->pgid == sid) || (c->control_pid > 0 && c->control_pid == sid))
                        return c;
        }
        return NULL;
}

struct service *manager_find_by_process(struct manager *m, pid_t pid) {
        struct service *s = manager_find_by_pid(m, pid);
        _cleanup_free_ char *path = NULL;

        if (s)
                return s;
        if (!m->cgroups.path)
                return manager_find_by_session(m, getsid(pid));
        if (cgroup_of_pid(&m->cgroups, pid, &path) < 0)
                return NULL;
        for (size_t i = 0; i < m->n_services; i++)
                if (m->services[i]->cgroup_path && streq(m->services[i]->cgroup_path, path))
                        return m->services[i];
        return NULL;
}

void manager_setup_cgroups(struct manager *m) {
        if (cgroup_root_setup(&m->cgroups) < 0) {
                log_oom();
                return;
        }
        if (m->cgroups.path) {
                unsigned c = cgroup_limits_enable_controllers(&m->cgroups);
                log_info("Process tracking: one cgroup per service below %s.", m->cgroups.path);
                log_info("Resource limits: %s%s%s%s.", c & CGROUP_CONTROLLER_MEMORY ? "memory " : "",
                         c & CGROUP_CONTROLLER_PIDS ? "pids " : "", c & CGROUP_CONTROLLER_CPU ? "cpu " : "",
                         c ? "controllers enabled" : "none, no controller is delegated to svcd's cgroup");
        }
        else
                log_info("Process tracking: process groups and sessions (%s).",
                         m->cgroups.why_not ? m->cgroups.why_not : "no cgroup2");
}

static void on_notify_message(void *userdata, const struct ucred *sender, const struct notify_message *msg, int *fds,
                              size_t n_fds) {
        struct manager *m = userdata;
        struct service *s = manager_find_by_process(m, sender->pid);

        if (!s) {
                log_warning("Cannot find unit for notify message of PID %d, ignoring.", (int) sender->pid);
                return;
        }
        service_on_notify(s, sender, msg, fds, n_fds);
}

int manager_open_notify_socket(struct manager *m) {
        _cleanup_free_ char *path = NULL;
        int r;

        if (asprintf(&path, "%s/notify", m->options.runtime_dir) < 0)
                return log_oom();
        r = notify_socket_open(m->loop, path, on_notify_message, m, &m->notify);
        if (r < 0)
                return log_error_errno(r, "Cannot open the notify socket %s (%m); Type=notify services will not "
                                          "become ready.", path);
        return 0;
}

static void on_pending_starts(struct ev_defer *d) {
        struct manager *m = d->userdata;

        while (m->pending_starts) {
                struct manager_pending_start *p = m->pending_starts;
                m->pending_starts = p->next;
                STRV_FOREACH(name, p->names) {
                        _cleanup_free_ char *error = NULL;
                        struct service *s = NULL;
                        struct job *j;
                        int r = manager_load_service(m, *name, &s);

                        if (r < 0) {
                                log_error_errno(r, "%s: Cannot start %s (%s): %m", p->from, *name, p->why);
                                continue;
                        }
                        log_info("%s: Starting %s (%s).", p->from, *name, p->why);
                        strv_free(s->monitor_env_pending);
                        s->monitor_env_pending = strv_copy(p->monitor_env);
                        r = manager_add_job(m, TX_JOB_START, s, p->mode, false, &j, &error);
                        if (r < 0)
                                log_error_errno(r, "%s: Cannot start %s (%s): %s", p->from, *name, p->why,
                                                error ? error : strerror(-r));
                }
                pending_start_free(p);
        }
}

/* OnFailureJobMode=/OnSuccessJobMode= (systemd.unit(5)) as a transaction mode. */
static enum tx_mode tx_mode_of(enum job_mode mode) {
        switch (mode) {
        case JOB_FAIL: return TX_MODE_FAIL;
        case JOB_ISOLATE: return TX_MODE_ISOLATE;
        case JOB_IGNORE_DEPENDENCIES: return TX_MODE_IGNORE_DEPENDENCIES;
        case JOB_IGNORE_REQUIREMENTS: return TX_MODE_IGNORE_REQUIREMENTS;
        default: return TX_MODE_REPLACE; /* replace, replace-irreversibly, flush */
        }
}

void manager_start_units(struct manager *m, char **names, struct service *from, const char *why, enum job_mode mode) {
        struct manager_pending_start *p, **tail;

        if (!names || !names[0])
                return;
        p = calloc(1, sizeof *p);
        if (!p || !(p->names = strv_copy(names)) || !(p->from = strdup(from->id)) ||
            service_monitor_environment(from, &p->monitor_env) < 0) {
                if (p)
                        pending_start_free(p);
                log_oom();
                return;
        }
        p->why = why;
        p->mode = tx_mode_of(mode);
        for (tail = &m->pending_starts; *tail; tail = &(*tail)->next)
                ;
        *tail = p;
        ev_defer_queue(m->loop, &m->pending_starts_defer, on_pending_starts, m);
}

/* The boot is done when nothing it started is activating any more (systemd's "Startup
 * finished", which the boot's last job marks). A shutdown that came first cancelled the
 * boot's jobs: the start-up never finished, and neither the log (after the shutdown
 * report) nor a parent manager (READY=1 after STOPPING=1) hears that it did. */
static void check_boot_done(struct manager *m) {
        char buf[64];

        if (!m->boot_started || m->boot_done || m->n_jobs > 0)
                return;
        m->boot_done = true;
        if (m->shutting_down)
                return;
        m->boot_done_timestamp = now_usec(CLOCK_REALTIME);
        log_info("Startup finished in %s.",
                 format_timespan(buf, sizeof buf, m->boot_done_timestamp - m->startup_timestamp));
        /* A manager above (a container runtime, systemd) hears READY=1 once the boot's jobs
         * are done, as systemd sends it at "Startup finished". */
        unsigned n_services = 0;
        for (size_t i = 0; i < m->n_services; i++)
                n_services += endswith(m->services[i]->id, ".service");
        parent_notify_ready(n_services);
        /* The boot's transaction and jobs are freed now; give their pages back, as
         * systemd's sd_event_trim_memory() does (malloc_trim(3)): 160 KiB with bench/reap's
         * 1,000 services, for a walk of the heap once. glibc's; musl has no such call. */
#ifdef __GLIBC__
        malloc_trim(0);
#endif
}

void manager_on_service_state(struct manager *m, struct service *s, enum service_state old, enum service_state st) {
        bool was_activating = streq(service_state_to_active_state(old), "activating");
        bool is_activating = streq(service_state_to_active_state(st), "activating");

        m->n_activating += (unsigned) is_activating - (unsigned) was_activating;
        m->n_failed += (unsigned) (st == SERVICE_FAILED) - (unsigned) (old == SERVICE_FAILED);
        /* The shutdown report (manager-shutdown.c): a unit that was up stops from here. */
        if (m->shutting_down && (!s->unit || s->unit->type != UNIT_TARGET)) {
                bool was_inactive = old == SERVICE_DEAD || old == SERVICE_FAILED;
                if (!was_inactive && s->shutdown_stop_begin == 0)
                        s->shutdown_stop_begin = now_usec(CLOCK_MONOTONIC);
                if (service_is_inactive(s) && s->shutdown_stop_begin > 0)
                        s->shutdown_stop_end = now_usec(CLOCK_MONOTONIC);
        }
        manager_check_dependencies(m, s, old);
}

void manager_on_jobs_changed(struct manager *m) {
        check_boot_done(m);
        if (m->shutting_down && m->n_jobs == 0)
                manager_queue_shutdown_check(m);
}

const char *manager_system_state(const struct manager *m) {
        if (m->shutting_down)
                return "stopping";
        if (!m->boot_started)
                return "initializing";
        if (!m->boot_done)
                return "starting";
        /* systemctl(1): degraded, "one or more units failed"; here also a boot target that
         * could not be started (systemd would fall back to emergency mode). */
        return m->n_failed > 0 || m->boot_failed ? "degraded" : "running";
}

void manager_track_stopping(struct manager *m, struct service *s, bool stopping) {
        if (stopping == s->in_stopping_list)
                return;
        if (stopping) {
                s->stopping_prev = NULL;
                s->stopping_next = m->stopping;
                if (m->stopping)
                        m->stopping->stopping_prev = s;
                m->stopping = s;
        } else {
                if (s->stopping_prev)
                        s->stopping_prev->stopping_next = s->stopping_next;
                else
                        m->stopping = s->stopping_next;
                if (s->stopping_next)
                        s->stopping_next->stopping_prev = s->stopping_prev;
                s->stopping_prev = s->stopping_next = NULL;
        }
        s->in_stopping_list = stopping;
}

/* Logs the units the boot pulled in that cannot run (not found, bad settings): a Wants= of
 * them does not fail the boot, but the user should hear why they did not start. */
static void log_unloadable_wants(struct manager *m) {
        for (size_t i = 0; i < m->n_services; i++) {
                struct service *s = m->services[i];
                if (s->load_state == LOAD_LOADED || !s->job)
                        continue;
                if (s->load_state == LOAD_NOT_FOUND)
                        log_error("%s: Unit wanted at boot not found in the unit path.", s->id);
                else
                        log_error("%s: Not starting: %s", s->id, s->load_error ? s->load_error : "unit not loaded");
        }
}

/* The boot target's job ended: a boot that did not reach its target is degraded. */
static void on_boot_job_done(struct job_waiter *w, struct job *j, enum job_result result) {
        struct manager *m = container_of(w, struct manager, boot_waiter);

        if (result == JOB_DONE || (result == JOB_CANCELED && m->shutting_down))
                return;
        m->boot_failed = true;
        log_error("Boot target %s was not reached: its start job ended with result '%s'.", j->unit->id,
                  job_result_to_string(result));
}

/* svcd -- CMD: main.service starts with the boot target's units, ordered by its default
 * dependencies and by what sidecars say of it (Before=main.service). Without it there is
 * nothing to wait for: svcd exits as if CMD had failed. */
static void boot_main_command(struct manager *m) {
        _cleanup_free_ char *error = NULL;
        struct service *s;
        struct job *j;
        int r = manager_load_service(m, MAIN_COMMAND_UNIT, &s);

        if (r >= 0)
                r = manager_add_job(m, TX_JOB_START, s, TX_MODE_REPLACE, false, &j, &error);
        if (r >= 0)
                return;
        log_error("Cannot start the main command (%s); exiting.", error ? error : strerror(-r));
        m->main_command.ended = true;
        m->exit_status = 1;
        m->exit_status_set = true;
        manager_start_shutdown(m);
}

int manager_boot(struct manager *m) {
        const char *name = m->boot_target ? m->boot_target : "default.target";
        _cleanup_free_ char *error = NULL;
        struct service *target;
        struct job *j;
        int r;

        m->boot_started = true;
        r = manager_load_service(m, name, &target);
        if (r < 0) {
                log_error_errno(r, "Cannot load the boot target %s (%m); waiting for svcctl.", name);
                m->boot_failed = true;
                check_boot_done(m);
                return 0;
        }
        if (!streq(target->id, name))
                log_info("Boot target %s is %s.", name, target->id);
        /* systemd starts its default target in mode isolate; at boot nothing runs yet, so
         * replace pulls in the same and does not require AllowIsolate=. */
        r = manager_add_job(m, TX_JOB_START, target, TX_MODE_REPLACE, false, &j, &error);
        if (r < 0) {
                log_error_errno(r, "Cannot start the boot target %s: %s; waiting for svcctl.", target->id,
                                error ? error : strerror(-r));
                m->boot_failed = true;
        } else {
                if (j) {
                        m->boot_waiter = (struct job_waiter) { .done = on_boot_job_done };
                        job_add_waiter(j, &m->boot_waiter);
                }
                log_unloadable_wants(m);
        }
        if (m->main_command.argv)
                boot_main_command(m);
        check_boot_done(m);
        return 0;
}

/* Collects every exited child. SIGCHLDs coalesce, so one signal may stand for many exits
 * (signal(7)); loop until waitpid() has nothing left. */
void manager_reap(struct manager *m) {
        /* Only an ECHILD from this round says there is nothing left. */
        m->no_children = false;
        for (;;) {
                siginfo_t si = {};

                if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG) < 0) {
                        if (errno == EINTR)
                                continue;
                        if (errno == ECHILD)
                                m->no_children = true;
                        break;
                }
                if (si.si_pid == 0)
                        break;

                struct service *s = manager_find_by_pid(m, si.si_pid);
                if (s)
                        service_on_exit(s, si.si_pid, si.si_code, si.si_status);
                else {
                        /* An adopted orphan (PID 1 or subreaper) or a leftover of a service. */
                        m->n_orphans_reaped++;
                        log_debug("Reaped process %d (%s %d).", (int) si.si_pid,
                                  si.si_code == CLD_EXITED ? "status" : "signal", si.si_status);
                }
        }

        /* Only a stopping service waits for its group to empty. A check may end the stop
         * (and so leave the list), or restart the service: take next first. */
        for (struct service *s = m->stopping, *next; s; s = next) {
                next = s->stopping_next;
                service_check_group(s);
        }
}

static void shutdown_for_signal(struct manager *m, const struct signalfd_siginfo *si, enum manager_final_action a) {
        char why[64];

        snprintf(why, sizeof why, "SIG%s from pid %u", signal_to_string((int) si->ssi_signo), si->ssi_pid);
        manager_request_shutdown(m, a, why);
}

static void on_signal(struct ev_io *io, uint32_t revents) {
        struct manager *m = io->userdata;
        struct signalfd_siginfo si;

        for (;;) {
                ssize_t n = read(m->signal_fd, &si, sizeof si);
                if (n != (ssize_t) sizeof si) {
                        if (n < 0 && errno == EINTR)
                                continue;
                        break;
                }
                if (m->main_command.argv && main_command_forwards((int) si.ssi_signo)) {
                        main_command_forward(m, (int) si.ssi_signo);
                        continue;
                }
                switch (si.ssi_signo) {
                case SIGCHLD:
                        break; /* reaped below */
                case SIGHUP: {
                        /* systemd's meaning of SIGHUP for the manager: daemon-reload. */
                        _cleanup_strv_free_ char **failed = NULL;
                        unsigned n_reloaded;
                        log_info("Received SIGHUP: reloading unit files.");
                        (void) manager_reload(m, &n_reloaded, &failed);
                        break;
                }
                case SIGTERM:
                case SIGINT:
                case SIGPWR:
                        /* An orderly shutdown: a container exits, a machine powers off. SIGINT
                         * is also ctrl-alt-del (reboot(2), RB_DISABLE_CAD); SIGPWR is a UPS
                         * daemon's "power is failing" (systemd: sigpwr.target, usually off). */
                        shutdown_for_signal(m, &si, MANAGER_FINAL_POWEROFF);
                        break;
                default:
                        /* systemd(1), SIGNALS: SIGRTMIN+3 halt, +4 poweroff, +5 reboot. */
                        if ((int) si.ssi_signo >= SIGRTMIN + 3 && (int) si.ssi_signo <= SIGRTMIN + 5) {
                                static const enum manager_final_action rt[] = { MANAGER_FINAL_HALT, MANAGER_FINAL_POWEROFF,
                                                                                MANAGER_FINAL_REBOOT };
                                shutdown_for_signal(m, &si, rt[si.ssi_signo - (unsigned) SIGRTMIN - 3]);
                                break;
                        }
                        log_notice("Received SIG%s; svcd does not act on it, ignoring.",
                                   signal_to_string((int) si.ssi_signo));
                }
        }
        /* Reap even without SIGCHLD in this batch: cheap, and never misses a coalesced one. */
        manager_reap(m);
        if (m->shutting_down)
                manager_queue_shutdown_check(m);
}

int manager_setup_signals(struct manager *m) {
        sigset_t mask;

        sigemptyset(&mask);
        for (size_t i = 0; i < ELEMENTSOF(handled_signals); i++)
                sigaddset(&mask, handled_signals[i]);
        /* SIGRTMIN is the libc's, not a constant. */
        for (int i = 3; i <= 5; i++)
                sigaddset(&mask, SIGRTMIN + i);
        if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0)
                return log_error_errno(-errno, "Failed to block signals: %m");
        /* A client that vanishes must not kill the daemon; writes use MSG_NOSIGNAL too. */
        signal(SIGPIPE, SIG_IGN);

        m->signal_fd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
        if (m->signal_fd < 0)
                return log_error_errno(-errno, "Failed to create signalfd: %m");
        int r = ev_io_add(m->loop, &m->signal_io, m->signal_fd, EPOLLIN, on_signal, m);
        if (r < 0)
                return log_error_errno(r, "Failed to watch signalfd: %m");

        /* PID 1 is every orphan's parent by itself; otherwise ask to become one, so that
         * double-forking services are still reaped and tracked (prctl(2)). */
        if (!m->is_pid1 && prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
                return log_error_errno(-errno, "Failed to become a child subreaper: %m");
        return 0;
}
