/* control-methods.c: org.varlink.service and io.svcd.Manager methods, from one table that
 * also says which methods change state and so need a privileged caller. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "libsvc/control-protocol.h"
#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "libsvc/time-util.h"
#include "libsvc/varlink.h"
#include "supervisord/control-methods.h"
#include "supervisord/control-server.h"
#include "supervisord/log-capture.h"
#include "supervisord/manager.h"
#include "supervisord/service-status.h"

typedef void method_fn(struct control_connection *c, struct json_object *parameters);

struct json_object *control_param_object(const char *key, const char *value) {
        struct json_object *p = json_object_new_object();
        json_object_object_add(p, key, json_object_new_string(value));
        return p;
}

static void method_get_info(struct control_connection *c, struct json_object *parameters) {
        struct json_object *p = json_object_new_object(), *ifaces = json_object_new_array();

        json_object_object_add(p, "vendor", json_object_new_string("svcd"));
        json_object_object_add(p, "product", json_object_new_string("svcd service manager"));
        json_object_object_add(p, "version", json_object_new_string(SVCD_VERSION));
        json_object_object_add(p, "url", json_object_new_string("https://example.invalid/svcd"));
        json_object_array_add(ifaces, json_object_new_string(VARLINK_INTERFACE_SERVICE));
        json_object_array_add(ifaces, json_object_new_string(VARLINK_INTERFACE_MANAGER));
        json_object_object_add(p, "interfaces", ifaces);
        (void) control_reply(c, p);
}

static void method_get_interface_description(struct control_connection *c, struct json_object *parameters) {
        const char *iface = varlink_get_string(parameters, "interface");
        const char *d;

        if (!iface) {
                (void) control_reply_error(c, ERROR_INVALID_PARAMETER, control_param_object("parameter", "interface"));
                return;
        }
        d = control_protocol_interface_description(iface);
        if (!d) {
                (void) control_reply_error(c, ERROR_INTERFACE_NOT_FOUND, control_param_object("interface", iface));
                return;
        }
        (void) control_reply(c, control_param_object("description", d));
}

static void method_list_units(struct control_connection *c, struct json_object *parameters) {
        struct manager *m = control_connection_manager(c);
        struct json_object *p = json_object_new_object(), *units = json_object_new_array_ext((int) m->n_services);

        for (size_t i = 0; i < m->n_services; i++)
                json_object_array_add(units, service_status_json(m->services[i]));
        json_object_object_add(p, "units", units);
        (void) control_reply(c, p);
}

static void method_get_system_state(struct control_connection *c, struct json_object *parameters) {
        struct manager *m = control_connection_manager(c);
        struct json_object *p = json_object_new_object();

        json_object_object_add(p, "state", json_object_new_string(manager_system_state(m)));
        json_object_object_add(p, "failed", json_object_new_int64(m->n_failed));
        json_object_object_add(p, "activating", json_object_new_int64(m->n_activating));
        json_object_object_add(p, "bootFinished", json_object_new_int64((int64_t) m->boot_done_timestamp));
        json_object_object_add(p, "startupTimestamp", json_object_new_int64((int64_t) m->startup_timestamp));
        json_object_object_add(p, "bootFailed", json_object_new_boolean(m->boot_failed));
        json_object_object_add(p, "mode", json_object_new_string(manager_mode_to_string(m->mode)));
        json_object_object_add(p, "orphansReaped", json_object_new_int64((int64_t) m->n_orphans_reaped));
        if (m->container)
                json_object_object_add(p, "container", json_object_new_string(m->container));
        json_object_object_add(p, "stopBudget", json_object_new_int64(m->options.stop_budget == USEC_INFINITY
                                                                               ? 0
                                                                               : (int64_t) m->options.stop_budget));
        (void) control_reply(c, p);
}

/* Resolves the "name" parameter to a service, loading its file if needed; replies with
 * the error and returns NULL when there is none. */
struct service *control_lookup_unit(struct control_connection *c, struct json_object *parameters) {
        const char *name = varlink_get_string(parameters, "name");
        struct service *s;
        int r;

        if (!name) {
                (void) control_reply_error(c, ERROR_INVALID_PARAMETER, control_param_object("parameter", "name"));
                return NULL;
        }
        r = manager_load_service(control_connection_manager(c), name, &s);
        if (r == -EINVAL) {
                (void) control_reply_error(c, ERROR_INVALID_PARAMETER, control_param_object("parameter", "name"));
                return NULL;
        }
        if (r < 0) {
                /* Not found, or a type svcd does not run yet: no such unit for the caller. */
                (void) control_reply_error(c, ERROR_NO_SUCH_UNIT, control_param_object("name", name));
                return NULL;
        }
        return s;
}

void control_reply_unit_status(struct control_connection *c, struct service *s) {
        struct json_object *p = json_object_new_object();

        json_object_object_add(p, "unit", service_status_json(s));
        (void) control_reply(c, p);
}

static void method_get_unit(struct control_connection *c, struct json_object *parameters) {
        struct service *s = control_lookup_unit(c, parameters);

        if (!s)
                return;
        control_reply_unit_status(c, s);
}

static void method_kill_unit(struct control_connection *c, struct json_object *parameters) {
        struct service *s = control_lookup_unit(c, parameters);
        struct json_object *v, *p;
        const char *whom = "all";
        int sig = SIGTERM, r;

        if (!s)
                return;
        if (json_object_object_get_ex(parameters, "signal", &v)) {
                if (!json_object_is_type(v, json_type_int) || json_object_get_int64(v) < 1 ||
                    json_object_get_int64(v) > 64) {
                        (void) control_reply_error(c, ERROR_INVALID_PARAMETER, control_param_object("parameter", "signal"));
                        return;
                }
                sig = (int) json_object_get_int64(v);
        }
        if (json_object_object_get_ex(parameters, "whom", &v)) {
                whom = json_object_is_type(v, json_type_string) ? json_object_get_string(v) : "";
                if (!streq(whom, "main") && !streq(whom, "control") && !streq(whom, "all")) {
                        (void) control_reply_error(c, ERROR_INVALID_PARAMETER, control_param_object("parameter", "whom"));
                        return;
                }
        }
        r = service_kill(s, sig, whom);
        if (r == -ESRCH) {
                p = control_param_object("name", s->id);
                json_object_object_add(p, "whom", json_object_new_string(whom));
                (void) control_reply_error(c, ERROR_NO_SUCH_PROCESS, p);
                return;
        }
        if (r < 0)
                log_warning_errno(r, "%s: Cannot send signal %d: %m", s->id, sig);
        p = json_object_new_object();
        json_object_object_add(p, "unit", service_status_json(s));
        (void) control_reply(c, p);
}

static void method_reload(struct control_connection *c, struct json_object *parameters) {
        _cleanup_strv_free_ char **failed = NULL;
        struct json_object *p, *list;
        unsigned n = 0;
        int r;

        r = manager_reload(control_connection_manager(c), &n, &failed);
        if (r < 0) {
                struct json_object *e = json_object_new_object();
                json_object_object_add(e, "reason", json_object_new_string(strerror(-r)));
                (void) control_reply_error(c, ERROR_RELOAD_FAILED, e);
                return;
        }
        p = json_object_new_object();
        list = json_object_new_array();
        STRV_FOREACH(f, failed)
                json_object_array_add(list, json_object_new_string(*f));
        json_object_object_add(p, "reloaded", json_object_new_int64(n));
        json_object_object_add(p, "failed", list);
        (void) control_reply(c, p);
}

static void method_reset_failed(struct control_connection *c, struct json_object *parameters) {
        struct manager *m = control_connection_manager(c);
        struct json_object *p;

        if (parameters && json_object_object_get_ex(parameters, "name", NULL)) {
                struct service *s = control_lookup_unit(c, parameters);
                if (!s)
                        return;
                service_reset_failed(s);
                p = json_object_new_object();
                json_object_object_add(p, "unit", service_status_json(s));
                (void) control_reply(c, p);
                return;
        }
        for (size_t i = 0; i < m->n_services; i++)
                service_reset_failed(m->services[i]);
        (void) control_reply(c, json_object_new_object());
}

static void control_on_shutdown_request(struct ev_defer *d) {
        struct manager *m = d->userdata;
        manager_request_shutdown(m, m->action_final, "Asked by svcctl");
}

/* svcctl poweroff, reboot, halt, exit [CODE]: the reply goes out first, then the shutdown
 * begins at the end of the loop turn (the action's defer), as for a unit's FailureAction=. */
static void method_shutdown(struct control_connection *c, struct json_object *parameters) {
        struct manager *m = control_connection_manager(c);
        const char *action = varlink_get_string(parameters, "action");
        int a = manager_final_action_from_string(action);
        struct json_object *p, *v;
        int64_t code = 0;
        bool code_ok = true;

        /* An exitCode that is not a number is refused, not taken as 0: svcd would exit
         * with a status nobody asked for. null is the same as no exitCode (Varlink). */
        if (parameters && json_object_object_get_ex(parameters, "exitCode", &v) && v) {
                code_ok = json_object_is_type(v, json_type_int);
                code = code_ok ? json_object_get_int64(v) : 0;
        }
        if (a < 0) {
                (void) control_reply_error(c, ERROR_INVALID_PARAMETER, control_param_object("parameter", "action"));
                return;
        }
        if (!code_ok || code < 0 || code > 255 || (a != MANAGER_FINAL_EXIT && code != 0)) {
                (void) control_reply_error(c, ERROR_INVALID_PARAMETER, control_param_object("parameter", "exitCode"));
                return;
        }
        if (m->mode != MANAGER_MODE_MACHINE)
                a = MANAGER_FINAL_EXIT;
        else if (a == MANAGER_FINAL_EXIT)
                a = MANAGER_FINAL_POWEROFF; /* the kernel's init cannot exit */
        if (!m->shutting_down) {
                if (action && streq(action, "exit")) {
                        m->exit_status = (int) code;
                        m->exit_status_set = m->exit_requested = true;
                }
                m->action_final = (enum manager_final_action) a;
                ev_defer_queue(m->loop, &m->action_defer, control_on_shutdown_request, m);
        }
        p = json_object_new_object();
        json_object_object_add(p, "action",
                               json_object_new_string(manager_final_action_to_string(
                                       m->shutting_down ? m->final_action : (enum manager_final_action) a)));
        (void) control_reply(c, p);
}

static const struct control_method {
        const char *name;
        method_fn *fn;
        bool privileged; /* changes state: root or svcd's own uid only */
} methods[] = {
        { METHOD_GET_INFO, method_get_info, false },
        { METHOD_GET_INTERFACE_DESCRIPTION, method_get_interface_description, false },
        { METHOD_GET_LOGS, control_method_get_logs, true },
        { METHOD_GET_SYSTEM_STATE, method_get_system_state, false },
        { METHOD_CANCEL_JOB, control_method_cancel_job, true },
        { METHOD_CLEAR_JOBS, control_method_clear_jobs, true },
        { METHOD_GET_UNIT, method_get_unit, false },
        { METHOD_KILL_UNIT, method_kill_unit, true },
        { METHOD_LIST_JOBS, control_method_list_jobs, false },
        { METHOD_LIST_UNITS, method_list_units, false },
        { METHOD_RELOAD, method_reload, true },
        { METHOD_RELOAD_OR_RESTART_UNIT, control_method_reload_or_restart_unit, true },
        { METHOD_RELOAD_UNIT, control_method_reload_unit, true },
        { METHOD_RESET_FAILED, method_reset_failed, true },
        { METHOD_RESTART_UNIT, control_method_restart_unit, true },
        { METHOD_SHUTDOWN, method_shutdown, true },
        { METHOD_START_UNIT, control_method_start_unit, true },
        { METHOD_STOP_UNIT, control_method_stop_unit, true },
        { METHOD_TRY_RELOAD_OR_RESTART_UNIT, control_method_try_reload_or_restart_unit, true },
        { METHOD_TRY_RESTART_UNIT, control_method_try_restart_unit, true },
};

void control_method_call(struct control_connection *c, const char *method, struct json_object *parameters) {
        for (size_t i = 0; i < ELEMENTSOF(methods); i++) {
                if (!streq(methods[i].name, method))
                        continue;
                if (methods[i].privileged && !control_connection_privileged(c)) {
                        (void) control_reply_error(c, ERROR_PERMISSION_DENIED, NULL);
                        return;
                }
                methods[i].fn(c, parameters);
                return;
        }
        /* varlink.org: an unknown interface and an unknown method are different errors. */
        const char *dot = strrchr(method, '.');
        if (dot) {
                size_t n = (size_t) (dot - method);
                if (!(n == strlen(VARLINK_INTERFACE_MANAGER) && strneq(method, VARLINK_INTERFACE_MANAGER, n)) &&
                    !(n == strlen(VARLINK_INTERFACE_SERVICE) && strneq(method, VARLINK_INTERFACE_SERVICE, n))) {
                        struct json_object *p = json_object_new_object();
                        json_object_object_add(p, "interface", json_object_new_string_len(method, (int) n));
                        (void) control_reply_error(c, ERROR_INTERFACE_NOT_FOUND, p);
                        return;
                }
        }
        (void) control_reply_error(c, ERROR_METHOD_NOT_FOUND, control_param_object("method", method));
}
