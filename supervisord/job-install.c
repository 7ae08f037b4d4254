/* job-install.c: from a request (start, stop, restart, reload, isolate a unit) to queued
 * jobs: the closure loaded, the transaction built over the graph (transaction.h), its jobs
 * merged into the ones already queued or replacing them (systemd's
 * transaction_apply() and job_install() semantics). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "supervisord/job.h"
#include "supervisord/manager.h"
#include "supervisord/service-internal.h"

/* Whether a queued job already does what t asks (systemd's job_type_is_superset()), after
 * widening a waiting one where that is all it takes (start -> restart, verify -> start). */
static bool merge_into(struct job *queued, enum tx_job_type t) {
        enum tx_job_type q = queued->type;

        if (q == t)
                return true;
        if (t == TX_JOB_VERIFY_ACTIVE && (q == TX_JOB_START || q == TX_JOB_RESTART))
                return true;
        if ((t == TX_JOB_START || t == TX_JOB_TRY_RESTART || t == TX_JOB_RELOAD) && q == TX_JOB_RESTART)
                return true;
        if (t == TX_JOB_RELOAD && q == TX_JOB_START)
                return true; /* it starts with the new configuration anyway */
        if (queued->state != JOB_WAITING)
                return false;
        if ((t == TX_JOB_START && q == TX_JOB_VERIFY_ACTIVE) ||
            ((t == TX_JOB_RESTART || t == TX_JOB_TRY_RESTART) && (q == TX_JOB_START || q == TX_JOB_RELOAD))) {
                queued->type = t == TX_JOB_TRY_RESTART ? TX_JOB_RESTART : t;
                return true;
        }
        return false;
}

/* A job that matters and would start a unit that cannot run fails the request up front,
 * naming the unit (systemd: "Unit x.service not found."); one that does not matter fails
 * alone when it runs, and only what needed it fails with it. */
static int check_loadable(struct manager *m, const struct tx_result *res, char **ret_error) {
        for (size_t k = 0; k < res->n_jobs; k++) {
                const struct tx_job *tj = &res->jobs[k];
                struct service *s = m->services[tj->unit];

                if (!tx_job_type_is_start(tj->type) || s->load_state == LOAD_LOADED || (k > 0 && !tj->matters))
                        continue;
                if (asprintf(ret_error, "Unit %s %s%s%s", s->id,
                             s->load_state == LOAD_NOT_FOUND    ? "not found."
                             : s->load_state == LOAD_MASKED     ? "is masked."
                             : s->load_state == LOAD_BAD_SETTING ? "has a bad unit file setting."
                                                                 : "failed to load",
                             s->load_state == LOAD_ERROR && s->load_error ? ": " : "",
                             s->load_state == LOAD_ERROR && s->load_error ? s->load_error : "") < 0)
                        *ret_error = NULL;
                return -ENOEXEC;
        }
        return 0;
}

static int add_fail_with(struct job *j, struct job *d) {
        struct job_ref *n = realloc(j->fail_with, (j->n_fail_with + 1) * sizeof *n);

        if (!n)
                return -ENOMEM;
        j->fail_with = n;
        j->fail_with[j->n_fail_with++] = (struct job_ref) { d->unit, d->id };
        return 0;
}

int manager_add_job(struct manager *m, enum tx_job_type type, struct service *unit, enum tx_mode mode, bool manual,
                    struct job **ret, char **ret_error) {
        _cleanup_(tx_result_done) struct tx_result res = {};
        _cleanup_free_ struct job **installed = NULL;
        int r;

        *ret = NULL;
        *ret_error = NULL;
        r = manager_load_closure(m, unit);
        if (r < 0)
                return r;
        r = manager_graph_update(m);
        if (r < 0)
                return r;
        r = tx_build(&m->graph, unit->graph_index, type, mode, manual, &res);
        STRV_FOREACH(note, res.notes)
                log_notice("%s: %s", unit->id, *note);
        if (r < 0) {
                if (res.error)
                        log_warning("%s: Requested transaction failed: %s", unit->id, res.error);
                *ret_error = TAKE_PTR(res.error);
                return r;
        }
        r = check_loadable(m, &res, ret_error);
        if (r < 0)
                return r;

        installed = calloc(MAX(res.n_jobs, (size_t) 1), sizeof *installed);
        if (!installed)
                return -ENOMEM;
        for (size_t k = 0; k < res.n_jobs; k++) {
                const struct tx_job *tj = &res.jobs[k];
                struct service *s = m->services[tj->unit];

                enum tx_job_type t = tj->type;
                /* systemd's job_type_collapse(): a try-restart is a restart of an active
                 * unit and nothing for an inactive one, decided when it is queued. */
                if (t == TX_JOB_TRY_RESTART)
                        t = service_is_inactive(s) ? TX_JOB_NOP : TX_JOB_RESTART;
                if (t == TX_JOB_NOP)
                        continue;
                if (s->job && mode != TX_MODE_ISOLATE && merge_into(s->job, t)) {
                        installed[k] = s->job;
                        continue;
                }
                r = job_install(m, s, t, tj->ignore_order, &installed[k]);
                if (r < 0)
                        return r;
        }
        for (size_t k = 0; k < res.n_jobs; k++)
                for (size_t i = 0; installed[k] && i < res.jobs[k].n_fail_with; i++) {
                        struct job *d = installed[res.jobs[k].fail_with[i]];
                        if (d && d != installed[k] && (r = add_fail_with(installed[k], d)) < 0)
                                return r;
                }
        if (res.n_jobs > 1 || (installed[0] && installed[0]->id == m->last_job_id))
                log_debug("%s: Enqueued %s job with %zu job(s) in its transaction.", unit->id,
                          tx_job_type_to_string(type), res.n_jobs);
        *ret = installed[0];
        return 0;
}
