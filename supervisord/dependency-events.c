/* dependency-events.c: what a unit's change of state does to the units around it, outside
 * of any request (systemd.unit(5)): BindsTo= stops the units bound to a unit that stopped
 * on its own, Upholds= starts an upheld unit that went away, StopWhenUnneeded= stops a
 * unit nothing needs any more. Looked at at the end of the loop turn, never from inside a
 * state change, and never while svcd shuts down. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libsvc/log.h"
#include "supervisord/job.h"
#include "supervisord/manager.h"
#include "supervisord/service-internal.h"

/* Inactive and not on its way anywhere: dead or failed, no job, no restart pending. */
static bool is_idle(const struct service *s) {
        return service_is_inactive(s) && !s->job;
}

/* systemd's auto_start_stop_ratelimit: at most this many starts and stops a unit's
 * dependencies ask for by themselves per interval, so that Upholds= on a unit that keeps
 * failing (or two units that keep stopping each other) cannot spin svcd. */
#define AUTO_START_STOP_BURST 16
#define AUTO_START_STOP_INTERVAL_USEC (10 * USEC_PER_SEC)

static bool auto_start_stop_allowed(struct service *s) {
        usec_t now = now_usec(CLOCK_MONOTONIC);

        if (s->auto_jobs_begin == 0 || now - s->auto_jobs_begin >= AUTO_START_STOP_INTERVAL_USEC) {
                s->auto_jobs_begin = now;
                s->auto_jobs_count = 0;
        }
        return ++s->auto_jobs_count <= AUTO_START_STOP_BURST;
}

static void add_job(struct manager *m, enum tx_job_type type, struct service *s, const char *why) {
        _cleanup_free_ char *error = NULL;
        struct job *j;

        if (!auto_start_stop_allowed(s)) {
                if (s->auto_jobs_count == AUTO_START_STOP_BURST + 1)
                        log_warning("%s: Not %s it (%s) since this was tried too often recently.", s->id,
                                    type == TX_JOB_STOP ? "stopping" : "starting", why);
                return;
        }
        int r = manager_add_job(m, type, s, TX_MODE_REPLACE, false, &j, &error);

        if (r < 0)
                log_warning("%s: Cannot %s it (%s): %s", s->id, type == TX_JOB_STOP ? "stop" : "start", why,
                            error ? error : strerror(-r));
}

/* systemd.unit(5) BindsTo=: "When the unit bound to is stopped, this unit will be stopped
 * too" — also when it stopped by itself, without a job. */
static void stop_bound(struct manager *m, struct service *s) {
        /* The links are read afresh at each step: a job added may have rebuilt the graph. */
        for (size_t i = 0; i < service_rdeps(s, UNIT_BINDS_TO).n; i++) {
                struct unit_link l = service_rdeps(s, UNIT_BINDS_TO).v[i];
                if (service_is_inactive(l.to) || l.to->job)
                        continue;
                log_info("%s: Unit is bound to inactive unit %s (%s). Stopping, too.", l.to->id, s->id,
                         l.origin ?: "BindsTo=");
                add_job(m, TX_JOB_STOP, l.to, "BindsTo=");
        }
}

/* Upholds=: "the listed units are started whenever found to be inactive or failed, and no
 * job is queued for them", while this unit is active. */
static void start_upheld(struct manager *m, struct service *u) {
        if (!service_is_up(u))
                return;
        for (size_t i = 0; i < service_deps(u, UNIT_UPHOLDS).n; i++) {
                struct service *x = service_deps(u, UNIT_UPHOLDS).v[i].to;
                if (!is_idle(x) || x->load_state != LOAD_LOADED)
                        continue;
                log_info("%s: Unit is upheld by active unit %s, starting.", x->id, u->id);
                add_job(m, TX_JOB_START, x, "Upholds=");
        }
}

/* The kinds by which one unit needs another (systemd's UNIT_ATOM_PINS_STOP_WHEN_UNNEEDED). */
static const enum unit_dependency needs[] = { UNIT_REQUIRES, UNIT_REQUISITE, UNIT_WANTS, UNIT_BINDS_TO, UNIT_UPHOLDS };

static bool is_needed(const struct service *x) {
        for (size_t k = 0; k < ELEMENTSOF(needs); k++)
                for (size_t i = 0; i < service_rdeps(x, needs[k]).n; i++) {
                        const struct service *by = service_rdeps(x, needs[k]).v[i].to;
                        if (!service_is_inactive(by) || (by->job && by->job->type != TX_JOB_STOP))
                                return true;
                }
        return false;
}

/* StopWhenUnneeded=: "this unit will be stopped when it is no longer used". */
static void stop_if_unneeded(struct manager *m, struct service *x) {
        if (!x->unit || !x->unit->stop_when_unneeded || service_is_inactive(x) || x->job || is_needed(x))
                return;
        log_info("%s: Unit not needed anymore. Stopping.", x->id);
        add_job(m, TX_JOB_STOP, x, "StopWhenUnneeded=");
}

/* The other side of BindsTo=: a unit up (or on its way) with no job, bound to a unit that
 * is inactive with no job, stops (systemd's unit_check_binds_to()): a bound-to unit whose
 * condition failed, or a oneshot that ended, while this one was being started. */
static void stop_if_bound_to_inactive(struct manager *m, struct service *s) {
        if (service_is_inactive(s) || s->job || s->state == SERVICE_AUTO_RESTART)
                return;
        for (size_t i = 0; i < service_deps(s, UNIT_BINDS_TO).n; i++) {
                struct unit_link l = service_deps(s, UNIT_BINDS_TO).v[i];
                if (!is_idle(l.to))
                        continue;
                log_info("%s: Unit is bound to inactive unit %s (%s). Stopping, too.", s->id, l.to->id,
                         l.origin ?: "BindsTo=");
                add_job(m, TX_JOB_STOP, s, "BindsTo=");
                return;
        }
}

static void check_unit(struct manager *m, struct service *s) {
        if (service_is_inactive(s) && !s->job) {
                stop_bound(m, s);
                /* Whoever upholds it starts it again. */
                for (size_t i = 0; i < service_rdeps(s, UNIT_UPHOLDS).n; i++)
                        start_upheld(m, service_rdeps(s, UNIT_UPHOLDS).v[i].to);
        }
        start_upheld(m, s);
        stop_if_bound_to_inactive(m, s);
        stop_if_unneeded(m, s);
        /* Its own end may leave what it needed unneeded. */
        for (size_t k = 0; k < ELEMENTSOF(needs); k++)
                for (size_t i = 0; i < service_deps(s, needs[k]).n; i++)
                        stop_if_unneeded(m, service_deps(s, needs[k]).v[i].to);
}

static void on_dependency_checks(struct ev_defer *d) {
        struct manager *m = d->userdata;

        /* A check may queue more (a stop job's end is a state change): take the batch. */
        while (m->n_dependency_checks > 0) {
                _cleanup_free_ struct service **batch = m->dependency_checks;
                size_t n = m->n_dependency_checks;

                m->dependency_checks = NULL;
                m->n_dependency_checks = m->cap_dependency_checks = 0;
                for (size_t i = 0; i < n; i++)
                        batch[i]->dependency_check_queued = false;
                if (m->shutting_down || manager_graph_update(m) < 0)
                        continue;
                for (size_t i = 0; i < n; i++)
                        check_unit(m, batch[i]);
        }
}

void manager_check_dependencies(struct manager *m, struct service *s, enum service_state old) {
        /* Only a unit that went up or down matters; a step within starting or stopping does not. */
        bool was_up = service_state_is_up(old);
        bool was_inactive = old == SERVICE_DEAD || old == SERVICE_FAILED;
        if (was_up == service_is_up(s) && was_inactive == service_is_inactive(s))
                return;
        manager_queue_dependency_check(m, s);
}

void manager_queue_dependency_check(struct manager *m, struct service *s) {
        if (m->shutting_down || s->dependency_check_queued)
                return;
        if (m->n_dependency_checks == m->cap_dependency_checks) {
                size_t cap = MAX(m->cap_dependency_checks * 2, (size_t) 16);
                struct service **v = realloc(m->dependency_checks, cap * sizeof *v);
                if (!v) {
                        log_oom();
                        return;
                }
                m->dependency_checks = v;
                m->cap_dependency_checks = cap;
        }
        m->dependency_checks[m->n_dependency_checks++] = s;
        s->dependency_check_queued = true;
        ev_defer_queue(m->loop, &m->dependency_check_defer, on_dependency_checks, m);
}
