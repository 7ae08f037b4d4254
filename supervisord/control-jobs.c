/* control-jobs.c: the job methods of io.svcd.Manager (StartUnit, StopUnit, RestartUnit,
 * ReloadUnit and their try-/or- forms, ListJobs, CancelJob): each request becomes a
 * transaction over the unit's dependencies (job-install.c), and the reply waits for the
 * unit's own job unless noBlock (systemctl(1) --no-block, --job-mode=). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libsvc/control-protocol.h"
#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "libsvc/varlink.h"
#include "supervisord/control-methods.h"
#include "supervisord/control-server.h"
#include "supervisord/job.h"
#include "supervisord/manager.h"
#include "supervisord/service-status.h"

/* What a call asks besides the unit: noBlock and mode. */
struct job_request {
        bool no_block;
        enum tx_mode mode;
};

static const char *const mode_names[_TX_MODE_MAX] = {
        [TX_MODE_REPLACE] = "replace",
        [TX_MODE_FAIL] = "fail",
        [TX_MODE_ISOLATE] = "isolate",
        [TX_MODE_IGNORE_DEPENDENCIES] = "ignore-dependencies",
        [TX_MODE_IGNORE_REQUIREMENTS] = "ignore-requirements",
};

/* Reads noBlock (a boolean, or null) and mode (one of mode_names); replies InvalidParameter
 * naming the bad one and returns -EINVAL otherwise. */
static int get_request(struct control_connection *c, struct json_object *parameters, struct job_request *ret) {
        struct json_object *v = NULL;

        *ret = (struct job_request) { .mode = TX_MODE_REPLACE };
        if (parameters && json_object_object_get_ex(parameters, "noBlock", &v) && v) {
                if (!json_object_is_type(v, json_type_boolean)) {
                        (void) control_reply_error(c, ERROR_INVALID_PARAMETER, control_param_object("parameter", "noBlock"));
                        return -EINVAL;
                }
                ret->no_block = json_object_get_boolean(v);
        }
        if (parameters && json_object_object_get_ex(parameters, "mode", &v) && v) {
                const char *name = json_object_is_type(v, json_type_string) ? json_object_get_string(v) : "";
                int mode = -1;
                for (int i = 0; i < _TX_MODE_MAX; i++)
                        if (streq(mode_names[i], name))
                                mode = i;
                if (mode < 0) {
                        (void) control_reply_error(c, ERROR_INVALID_PARAMETER, control_param_object("parameter", "mode"));
                        return -EINVAL;
                }
                ret->mode = (enum tx_mode) mode;
        }
        return 0;
}

/* The request and its unit; NULL when the error has been replied. Isolate is a start's. */
static struct service *job_unit(struct control_connection *c, struct json_object *parameters, bool may_isolate,
                                struct job_request *ret) {
        if (get_request(c, parameters, ret) < 0)
                return NULL;
        if (ret->mode == TX_MODE_ISOLATE && !may_isolate) {
                (void) control_reply_error(c, ERROR_INVALID_PARAMETER, control_param_object("parameter", "mode"));
                return NULL;
        }
        return control_lookup_unit(c, parameters);
}

/* A unit that cannot run: UnitNotLoaded with its load state and why (the pending
 * definition's, when a daemon-reload read one). */
static void reply_not_loaded(struct control_connection *c, struct service *s) {
        struct json_object *p = control_param_object("name", s->id);
        enum load_state ls = s->has_pending_definition ? s->pending_load_state : s->load_state;
        const char *le = s->has_pending_definition ? s->pending_load_error : s->load_error;

        json_object_object_add(p, "LoadState", json_object_new_string(load_state_to_string(ls)));
        json_object_object_add(p, "message", json_object_new_string(le ? le : "not loaded"));
        (void) control_reply_error(c, ERROR_UNIT_NOT_LOADED, p);
}

static void reply_transaction_failed(struct control_connection *c, struct service *s, const char *message) {
        struct json_object *p = control_param_object("name", s->id);

        json_object_object_add(p, "message", json_object_new_string(message));
        (void) control_reply_error(c, ERROR_TRANSACTION_FAILED, p);
}

/* ListJobs' and a job reply's Job: the unit's Job with the unit's name. */
static struct json_object *job_json(const struct job *j) {
        struct json_object *o = job_status_json(j);

        json_object_object_add(o, "unit", json_object_new_string(j->unit->id));
        return o;
}

/* A job that needs the unit's definition to run it, and that a shutdown refuses. */
static bool needs_a_runnable_unit(enum tx_job_type t) {
        return tx_job_type_is_start(t) || t == TX_JOB_RELOAD;
}

/* Queues type on s and replies when the unit's job is over (or at once with noBlock). */
static void queue_job(struct control_connection *c, struct service *s, enum tx_job_type type,
                      const struct job_request *req) {
        struct manager *m = control_connection_manager(c);
        _cleanup_free_ char *error = NULL;
        struct job *j = NULL;
        int r;

        if (m->shutting_down && needs_a_runnable_unit(type)) {
                (void) control_reply_error(c, ERROR_SHUTTING_DOWN, control_param_object("name", s->id));
                return;
        }
        /* A unit that cannot run refuses up front, and so does a running one whose new
         * definition (daemon-reload) cannot: better than stopping it for nothing. */
        if (needs_a_runnable_unit(type) && (s->has_pending_definition ? s->pending_load_state : s->load_state) != LOAD_LOADED) {
                reply_not_loaded(c, s);
                return;
        }
        if (req->mode == TX_MODE_ISOLATE && !(s->unit && s->unit->allow_isolate)) {
                reply_transaction_failed(c, s, "Operation refused, unit may not be isolated.");
                return;
        }
        r = manager_add_job(m, type, s, req->mode, true, &j, &error);
        if (r == -EOPNOTSUPP && type == TX_JOB_RELOAD) {
                (void) control_reply_error(c, ERROR_JOB_NOT_APPLICABLE, control_param_object("name", s->id));
                return;
        }
        if (r == -ENOMEM || (r < 0 && !error)) {
                reply_transaction_failed(c, s, strerror(-r));
                return;
        }
        if (r < 0) {
                reply_transaction_failed(c, s, error);
                return;
        }
        if (req->no_block || !j) {
                /* Nothing to wait for, except a start already on its way without a job
                 * (an automatic restart): wait for it as before. */
                if (!req->no_block && type == TX_JOB_START && !service_is_inactive(s) && !service_is_up(s)) {
                        control_connection_wait(c, s, SERVICE_JOB_START);
                        return;
                }
                struct json_object *p = json_object_new_object();
                json_object_object_add(p, "unit", service_status_json(s));
                if (j)
                        json_object_object_add(p, "job", job_json(j));
                (void) control_reply(c, p);
                return;
        }
        control_connection_wait_job(c, j);
}

void control_method_start_unit(struct control_connection *c, struct json_object *parameters) {
        struct job_request req;
        struct service *s = job_unit(c, parameters, true, &req);

        if (s)
                queue_job(c, s, TX_JOB_START, &req);
}

void control_method_stop_unit(struct control_connection *c, struct json_object *parameters) {
        struct job_request req;
        struct service *s = job_unit(c, parameters, false, &req);

        if (s)
                queue_job(c, s, TX_JOB_STOP, &req);
}

void control_method_restart_unit(struct control_connection *c, struct json_object *parameters) {
        struct job_request req;
        struct service *s = job_unit(c, parameters, false, &req);

        if (s)
                queue_job(c, s, TX_JOB_RESTART, &req);
}

/* systemctl(1) try-restart: "Stop and then start one or more units ... if the units are
 * running. This does nothing if units are not running." */
void control_method_try_restart_unit(struct control_connection *c, struct json_object *parameters) {
        struct job_request req;
        struct service *s = job_unit(c, parameters, false, &req);

        if (!s)
                return;
        if (service_is_inactive(s)) {
                control_reply_unit_status(c, s);
                return;
        }
        queue_job(c, s, TX_JOB_RESTART, &req);
}

/* systemctl reload: ExecReload=, or ReloadSignal= for Type=notify-reload. A unit that
 * cannot reload is systemd's "Job type reload is not applicable", one that is not up is
 * "not active, cannot reload"; a unit that could not be loaded says why, as for a start. */
static void run_reload(struct control_connection *c, struct service *s, const struct job_request *req) {
        if (s->load_state != LOAD_LOADED) {
                reply_not_loaded(c, s);
                return;
        }
        if (!service_can_reload(s)) {
                (void) control_reply_error(c, ERROR_JOB_NOT_APPLICABLE, control_param_object("name", s->id));
                return;
        }
        if (!service_is_up(s)) {
                (void) control_reply_error(c, ERROR_UNIT_NOT_ACTIVE, control_param_object("name", s->id));
                return;
        }
        queue_job(c, s, TX_JOB_RELOAD, req);
}

void control_method_reload_unit(struct control_connection *c, struct json_object *parameters) {
        struct job_request req;
        struct service *s = job_unit(c, parameters, false, &req);

        if (s)
                run_reload(c, s, &req);
}

/* systemctl reload-or-restart, as systemd queues it: a unit that can reload reloads when it
 * is up and is started otherwise (a start of an activating unit waits for that start, one
 * of a stopping unit starts it again afterwards); a unit that cannot reload restarts. */
static void run_reload_or_restart(struct control_connection *c, struct service *s, const struct job_request *req) {
        if (!service_can_reload(s))
                queue_job(c, s, TX_JOB_RESTART, req);
        else if (service_is_up(s))
                run_reload(c, s, req);
        else
                queue_job(c, s, TX_JOB_START, req);
}

void control_method_reload_or_restart_unit(struct control_connection *c, struct json_object *parameters) {
        struct job_request req;
        struct service *s = job_unit(c, parameters, false, &req);

        if (s)
                run_reload_or_restart(c, s, &req);
}

/* systemctl try-reload-or-restart (force-reload): the same for a unit that is up (or, one
 * that cannot reload, on its way, as try-restart); the others are left alone. */
void control_method_try_reload_or_restart_unit(struct control_connection *c, struct json_object *parameters) {
        struct job_request req;
        struct service *s = job_unit(c, parameters, false, &req);

        if (!s)
                return;
        if (service_can_reload(s) ? !service_is_up(s) : service_is_inactive(s)) {
                control_reply_unit_status(c, s);
                return;
        }
        run_reload_or_restart(c, s, &req);
}

void control_method_list_jobs(struct control_connection *c, struct json_object *parameters) {
        struct manager *m = control_connection_manager(c);
        struct json_object *p = json_object_new_object(), *jobs = json_object_new_array_ext((int) m->n_jobs);

        for (struct job *j = m->jobs_first; j; j = j->all_next)
                json_object_array_add(jobs, job_json(j));
        json_object_object_add(p, "jobs", jobs);
        (void) control_reply(c, p);
}

/* All at once: a job freed by another's cancel runs only at the end of the loop turn
 * (job.c's run queue), by which time it is canceled too. */
void control_method_clear_jobs(struct control_connection *c, struct json_object *parameters) {
        struct manager *m = control_connection_manager(c);
        struct json_object *p = json_object_new_object();
        int64_t n = 0;

        if (m->n_jobs > 0)
                log_info("Canceling all %zu job(s) on request.", m->n_jobs);
        while (m->jobs_first) {
                job_cancel(m->jobs_first);
                n++;
        }
        json_object_object_add(p, "canceled", json_object_new_int64(n));
        (void) control_reply(c, p);
}

void control_method_cancel_job(struct control_connection *c, struct json_object *parameters) {
        struct manager *m = control_connection_manager(c);
        struct json_object *v = NULL;
        struct job *j = NULL;

        if (!parameters || !json_object_object_get_ex(parameters, "id", &v) || !json_object_is_type(v, json_type_int)) {
                (void) control_reply_error(c, ERROR_INVALID_PARAMETER, control_param_object("parameter", "id"));
                return;
        }
        int64_t id = json_object_get_int64(v);
        if (id > 0 && id <= UINT32_MAX)
                j = manager_get_job(m, (uint32_t) id);
        if (!j) {
                struct json_object *p = json_object_new_object();
                json_object_object_add(p, "id", json_object_new_int64(id));
                (void) control_reply_error(c, ERROR_NO_SUCH_JOB, p);
                return;
        }
        log_info("%s: Canceling job %u (%s) on request.", j->unit->id, j->id, tx_job_type_to_string(j->type));
        job_cancel(j);
        (void) control_reply(c, json_object_new_object());
}
