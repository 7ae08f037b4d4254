/* job.c: one job's life: installed on its unit, run once nothing ordered around it must go
 * first, finished by its unit's state, and its end passed on (waiters, the jobs ordered
 * after it, failure along Requires=). The only writer of a unit's job and of the queue. */
#include <errno.h>
#include <stdlib.h>

#include "libsvc/log.h"
#include "supervisord/emergency-action.h"
#include "supervisord/job.h"
#include "supervisord/manager.h"
#include "supervisord/service-internal.h"

static const char *const job_result_names[_JOB_RESULT_MAX] = {
        [JOB_DONE] = "done",         [JOB_CANCELED] = "canceled",     [JOB_TIMEOUT] = "timeout",
        [JOB_FAILED] = "failed",     [JOB_DEPENDENCY] = "dependency", [JOB_SKIPPED] = "skipped",
        [JOB_INVALID] = "invalid",   [JOB_ASSERT] = "assert",
};

const char *job_result_to_string(enum job_result r) {
        return r >= 0 && r < _JOB_RESULT_MAX ? job_result_names[r] : "unknown";
}

const char *job_state_to_string(enum job_state s) {
        return s == JOB_RUNNING ? "running" : "waiting";
}

struct job *manager_get_job(struct manager *m, uint32_t id) {
        for (struct job *j = m->jobs_first; j; j = j->all_next)
                if (j->id == id)
                        return j;
        return NULL;
}

void job_add_waiter(struct job *j, struct job_waiter *w) {
        w->next = j->waiters;
        j->waiters = w;
}

void job_remove_waiter(struct job *j, struct job_waiter *w) {
        for (struct job_waiter **p = &j->waiters; *p; p = &(*p)->next)
                if (*p == w) {
                        *p = w->next;
                        w->next = NULL;
                        return;
                }
}

static void on_run_queue(struct ev_defer *d);

static void job_queue_run(struct job *j) {
        struct manager *m = j->manager;

        if (j->in_run_queue)
                return;
        j->in_run_queue = true;
        j->run_next = NULL;
        if (m->run_queue_tail)
                m->run_queue_tail->run_next = j;
        else
                m->run_queue = j;
        m->run_queue_tail = j;
        ev_defer_queue(m->loop, &m->run_queue_defer, on_run_queue, m);
}

static void job_unqueue_run(struct job *j) {
        struct manager *m = j->manager;
        struct job *prev = NULL;

        if (!j->in_run_queue)
                return;
        for (struct job *i = m->run_queue; i; prev = i, i = i->run_next) {
                if (i != j)
                        continue;
                if (prev)
                        prev->run_next = j->run_next;
                else
                        m->run_queue = j->run_next;
                if (m->run_queue_tail == j)
                        m->run_queue_tail = prev;
                break;
        }
        j->in_run_queue = false;
        j->run_next = NULL;
}

/* A stop, or a restart before its unit stopped: what systemd's job_compare() lets go first. */
static bool job_is_stop_type(const struct job *j) {
        return j->type == TX_JOB_STOP || j->type == TX_JOB_RESTART || j->type == TX_JOB_TRY_RESTART;
}

/* Whether o (the job of a unit ordered around j's) keeps j waiting (systemd's
 * job_is_runnable() and job_compare()): j waits for the job of a unit it is ordered after,
 * unless j stops its unit (stops run in reverse order); and for a stop of a unit ordered
 * after it. */
static bool job_blocks(const struct job *o, const struct job *j, bool o_is_before) {
        if (!o || o == j || o->type == TX_JOB_NOP || o->ignore_order)
                return false;
        return o_is_before ? !job_is_stop_type(j) : job_is_stop_type(o);
}

/* Whether the job of any unit of l keeps j waiting (job_blocks()). */
static bool any_job_blocks(struct unit_links l, const struct job *j, bool l_is_before) {
        for (size_t i = 0; i < l.n; i++)
                if (job_blocks(l.v[i].to->job, j, l_is_before))
                        return true;
        return false;
}

static bool job_is_runnable(const struct job *j) {
        const struct service *u = j->unit;

        if (j->type == TX_JOB_NOP || j->ignore_order)
                return true;
        /* Units ordered before u: its After=, and those with Before= on it; then those after. */
        return !any_job_blocks(service_deps(u, UNIT_AFTER), j, true) &&
               !any_job_blocks(service_rdeps(u, UNIT_BEFORE), j, true) &&
               !any_job_blocks(service_deps(u, UNIT_BEFORE), j, false) &&
               !any_job_blocks(service_rdeps(u, UNIT_AFTER), j, false);
}

static void queue_if_waiting(struct service *s) {
        if (s->job && s->job->state == JOB_WAITING)
                job_queue_run(s->job);
}

void job_trigger_neighbours(struct manager *m, struct service *s) {
        static const enum unit_dependency order[] = { UNIT_AFTER, UNIT_BEFORE };

        for (size_t k = 0; k < ELEMENTSOF(order); k++) {
                for (size_t i = 0; i < service_deps(s, order[k]).n; i++)
                        queue_if_waiting(service_deps(s, order[k]).v[i].to);
                for (size_t i = 0; i < service_rdeps(s, order[k]).n; i++)
                        queue_if_waiting(service_rdeps(s, order[k]).v[i].to);
        }
}

static void on_unit_done(struct service_waiter *w, struct service *s, int error);
static void job_end(struct job *j, enum job_result result, bool propagate);

/* Runs j's current step against its unit, or waits for the unit to finish it. */
static void job_wait_unit(struct job *j, enum service_job what) {
        j->unit_waiter = (struct service_waiter) { .job = what, .done = on_unit_done };
        j->unit_waiting = true;
        service_add_waiter(j->unit, &j->unit_waiter);
}

static enum job_result result_of_refusal(int r) {
        return r == -ENOEXEC ? JOB_INVALID : r == -ESHUTDOWN ? JOB_CANCELED : JOB_FAILED;
}

/* systemd.unit(5) JobTimeoutSec=: "If this time limit is reached, the job will be
 * cancelled, the unit however will not change state or even enter the failed mode";
 * JobTimeoutAction= then runs. */
static void on_job_timeout(struct ev_timer *t) {
        struct job *j = t->userdata;
        const struct unit *u = j->unit->unit;
        struct manager *m = j->manager;
        char *id = j->unit->id;

        log_warning("%s: Job %s/%s timed out.", id, id, tx_job_type_to_string(j->type));
        job_finish(j, JOB_TIMEOUT);
        if (u && u->job_timeout_action != EMERGENCY_ACTION_NONE)
                emergency_action_run(m, u->job_timeout_action, EXIT_FAILURE, id, "Job timed out");
}

/* Arms j's timer to timeout from now, unless it already fires earlier. */
static void job_arm_timeout(struct job *j, usec_t timeout) {
        if (timeout == 0 || timeout == USEC_INFINITY)
                return;
        usec_t deadline = usec_add(now_usec(CLOCK_MONOTONIC), timeout);
        if (j->timer.armed && j->timer.deadline <= deadline)
                return;
        if (ev_timer_arm(j->manager->loop, &j->timer, deadline, on_job_timeout, j) < 0)
                log_oom();
}

static void job_run(struct job *j) {
        struct service *s = j->unit;
        int r;

        if (j->state == JOB_WAITING && s->unit)
                job_arm_timeout(j, s->unit->job_running_timeout_usec);
        j->state = JOB_RUNNING;
        switch (j->type) {
        case TX_JOB_NOP:
                job_finish(j, JOB_DONE);
                return;
        case TX_JOB_START:
                if (service_is_up(s)) {
                        job_finish(j, JOB_DONE);
                        return;
                }
                r = service_start(s);
                if (r < 0) {
                        job_finish(j, result_of_refusal(r));
                        return;
                }
                job_wait_unit(j, SERVICE_JOB_START);
                return;
        case TX_JOB_VERIFY_ACTIVE:
                /* Requisite=: an active unit passes; one on its way is waited for. */
                if (service_is_up(s))
                        job_finish(j, JOB_DONE);
                else if (service_is_inactive(s))
                        job_finish(j, JOB_SKIPPED);
                else
                        job_wait_unit(j, SERVICE_JOB_START);
                return;
        case TX_JOB_TRY_RESTART:
        case TX_JOB_RESTART:
                if (j->type == TX_JOB_TRY_RESTART && service_is_inactive(s)) {
                        job_finish(j, JOB_DONE);
                        return;
                }
                j->type = TX_JOB_RESTART;
                if (!service_is_inactive(s) && s->state != SERVICE_AUTO_RESTART) {
                        r = service_stop_for_restart(s);
                        if (r < 0) {
                                job_finish(j, result_of_refusal(r));
                                return;
                        }
                        job_wait_unit(j, SERVICE_JOB_STOP);
                        return;
                }
                /* Stopped: the rest is a start, ordered as one (systemd patches the job). */
                j->type = TX_JOB_START;
                j->state = JOB_WAITING;
                job_trigger_neighbours(j->manager, s);
                job_queue_run(j);
                return;
        case TX_JOB_STOP:
                if (service_is_inactive(s)) {
                        job_finish(j, JOB_DONE);
                        return;
                }
                (void) service_stop(s);
                job_wait_unit(j, SERVICE_JOB_STOP);
                return;
        case TX_JOB_RELOAD:
                r = service_reload(s);
                if (r == -ENOTCONN) {
                        job_finish(j, JOB_SKIPPED);
                        return;
                }
                if (r < 0) {
                        job_finish(j, result_of_refusal(r));
                        return;
                }
                job_wait_unit(j, SERVICE_JOB_RELOAD);
                return;
        default:
                job_finish(j, JOB_FAILED);
        }
}

static void on_unit_done(struct service_waiter *w, struct service *s, int error) {
        struct job *j = container_of(w, struct job, unit_waiter);

        j->unit_waiting = false;
        if (error == 0 && j->type == TX_JOB_RESTART) {
                /* The stop phase is over: run again, as the start it now is. */
                j->type = TX_JOB_START;
                j->state = JOB_WAITING;
                job_trigger_neighbours(j->manager, s);
                job_queue_run(j);
                return;
        }
        job_finish(j, error == 0               ? JOB_DONE
                      : error == -ECANCELED ? JOB_CANCELED
                      : error == -EPROTO    ? JOB_ASSERT
                                            : JOB_FAILED);
}

static void on_run_queue(struct ev_defer *d) {
        struct manager *m = d->userdata;

        while (m->run_queue) {
                struct job *j = m->run_queue;

                job_unqueue_run(j);
                if (j->has_pending_result) {
                        job_finish(j, j->pending_result);
                        continue;
                }
                if (j->state != JOB_WAITING || !job_is_runnable(j))
                        continue;
                job_run(j);
        }
        manager_on_jobs_changed(m);
}

int job_install(struct manager *m, struct service *unit, enum tx_job_type type, bool ignore_order, struct job **ret) {
        struct job *j = calloc(1, sizeof *j);

        if (!j)
                return -ENOMEM;
        j->id = ++m->last_job_id;
        j->manager = m;
        j->unit = unit;
        j->type = type;
        j->state = JOB_WAITING;
        j->ignore_order = ignore_order;
        j->begin_timestamp = now_usec(CLOCK_MONOTONIC);
        /* The job it replaces ends canceled, without failing what needed it: the new one
         * takes its place (systemd's job_install()). */
        if (unit->job)
                job_end(unit->job, JOB_CANCELED, false);
        unit->job = j;
        if (unit->unit)
                job_arm_timeout(j, unit->unit->job_timeout_usec);
        j->all_prev = m->jobs_last;
        if (m->jobs_last)
                m->jobs_last->all_next = j;
        else
                m->jobs_first = j;
        m->jobs_last = j;
        m->n_jobs++;
        job_queue_run(j);
        *ret = j;
        return 0;
}

static void job_unlink(struct job *j) {
        struct manager *m = j->manager;

        job_unqueue_run(j);
        ev_timer_disarm(m->loop, &j->timer);
        if (j->unit_waiting) {
                service_remove_waiter(j->unit, &j->unit_waiter);
                j->unit_waiting = false;
        }
        if (j->unit->job == j)
                j->unit->job = NULL;
        if (j->all_prev)
                j->all_prev->all_next = j->all_next;
        else
                m->jobs_first = j->all_next;
        if (j->all_next)
                j->all_next->all_prev = j->all_prev;
        else
                m->jobs_last = j->all_prev;
        m->n_jobs--;
}

/* systemd's job_fail_dependencies(): the start-type jobs that needed j's unit fail too,
 * at the end of the loop turn (a chain of thousands never recurses). */
static void fail_dependents(struct job *j, enum job_result result) {
        for (size_t i = 0; i < j->n_fail_with; i++) {
                struct job *d = j->fail_with[i].unit->job;

                if (!d || d->id != j->fail_with[i].id || d->state != JOB_WAITING || d->has_pending_result)
                        continue;
                log_info("%s: Dependency failed: %s's %s job ended with result '%s'.", d->unit->id, j->unit->id,
                         tx_job_type_to_string(j->type), job_result_to_string(result));
                d->has_pending_result = true;
                d->pending_result = JOB_DEPENDENCY;
                job_queue_run(d);
        }
}

static void job_end(struct job *j, enum job_result result, bool propagate) {
        struct manager *m = j->manager;

        job_unlink(j);
        if (result != JOB_DONE) {
                log_full(result == JOB_CANCELED ? LOG_INFO : LOG_WARNING, "%s: Job %u %s finished, result=%s",
                         j->unit->id, j->id, tx_job_type_to_string(j->type), job_result_to_string(result));
                if (propagate)
                        fail_dependents(j, result);
        } else
                log_debug("%s: Job %u %s finished, result=done", j->unit->id, j->id, tx_job_type_to_string(j->type));
        /* The jobs ordered around this one may go now; and what the unit's state means
         * for the units around it is looked at again, now that no job is queued for it
         * (StopWhenUnneeded= of a unit started by hand, BindsTo=). */
        job_trigger_neighbours(m, j->unit);
        manager_queue_dependency_check(m, j->unit);
        while (j->waiters) {
                struct job_waiter *w = j->waiters;
                j->waiters = w->next;
                w->next = NULL;
                w->done(w, j, result);
        }
        free(j->fail_with);
        free(j);
        ev_defer_queue(m->loop, &m->run_queue_defer, on_run_queue, m);
}

void job_finish(struct job *j, enum job_result result) {
        job_end(j, result, true);
}

void job_cancel(struct job *j) {
        job_finish(j, JOB_CANCELED);
}

void manager_free_jobs(struct manager *m) {
        while (m->jobs_first) {
                struct job *j = m->jobs_first;
                job_unlink(j);
                while (j->waiters) {
                        struct job_waiter *w = j->waiters;
                        j->waiters = w->next;
                        w->next = NULL;
                        w->done(w, j, JOB_CANCELED);
                }
                free(j->fail_with);
                free(j);
        }
}
