/* control-methods.c: org.varlink.service and io.svcd.Manager methods, from one table that
 * also says which methods change state and so need a privileged caller. */
#include <errno.h>
#include <string.h>

#include "libsvc/control-protocol.h"
#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "libsvc/varlink.h"
#include "supervisord/control-methods.h"
#include "supervisord/control-server.h"
#include "supervisord/manager.h"
#include "supervisord/service-status.h"

typedef void method_fn(struct control_connection *c, struct json_object *parameters);

static struct json_object *param_object(const char *key, const char *value) {
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
                (void) control_reply_error(c, ERROR_INVALID_PARAMETER, param_object("parameter", "interface"));
                return;
        }
        d = control_protocol_interface_description(iface);
        if (!d) {
                (void) control_reply_error(c, ERROR_INTERFACE_NOT_FOUND, param_object("interface", iface));
                return;
        }
        (void) control_reply(c, param_object("description", d));
}

static void method_list_units(struct control_connection *c, struct json_object *parameters) {
        struct manager *m = control_connection_manager(c);
        struct json_object *p = json_object_new_object(), *units = json_object_new_array_ext((int) m->n_services);

        for (size_t i = 0; i < m->n_services; i++)
                json_object_array_add(units, service_status_json(m->services[i]));
        json_object_object_add(p, "units", units);
        (void) control_reply(c, p);
}

/* Resolves the "name" parameter to a service, loading its file if needed; replies with
 * the error and returns NULL when there is none. */
static struct service *lookup_unit(struct control_connection *c, struct json_object *parameters) {
        const char *name = varlink_get_string(parameters, "name");
        struct service *s;
        int r;

        if (!name) {
                (void) control_reply_error(c, ERROR_INVALID_PARAMETER, param_object("parameter", "name"));
                return NULL;
        }
        r = manager_load_service(control_connection_manager(c), name, &s);
        if (r == -EINVAL) {
                (void) control_reply_error(c, ERROR_INVALID_PARAMETER, param_object("parameter", "name"));
                return NULL;
        }
        if (r < 0) {
                /* Not found, or a type svcd does not run yet: no such unit for the caller. */
                (void) control_reply_error(c, ERROR_NO_SUCH_UNIT, param_object("name", name));
                return NULL;
        }
        return s;
}

static void method_get_unit(struct control_connection *c, struct json_object *parameters) {
        struct service *s = lookup_unit(c, parameters);
        struct json_object *p;

        if (!s)
                return;
        p = json_object_new_object();
        json_object_object_add(p, "unit", service_status_json(s));
        (void) control_reply(c, p);
}

static void reply_job_refused(struct control_connection *c, struct service *s, int r) {
        struct json_object *p = param_object("name", s->id);

        if (r == -ESHUTDOWN) {
                (void) control_reply_error(c, ERROR_SHUTTING_DOWN, p);
                return;
        }
        /* What refused the job: the pending definition's state when a reload read one. */
        enum load_state ls = s->has_pending_definition ? s->pending_load_state : s->load_state;
        const char *le = s->has_pending_definition ? s->pending_load_error : s->load_error;
        json_object_object_add(p, "LoadState", json_object_new_string(load_state_to_string(ls)));
        json_object_object_add(p, "message", json_object_new_string(le ? le : "not loaded"));
        (void) control_reply_error(c, ERROR_UNIT_NOT_LOADED, p);
}

/* Start, stop and restart: ask the service, then reply once it has settled. */
static void run_job(struct control_connection *c, struct json_object *parameters, int (*job)(struct service *s),
                    bool want_active) {
        struct service *s = lookup_unit(c, parameters);
        int r;

        if (!s)
                return;
        r = job(s);
        if (r < 0) {
                reply_job_refused(c, s, r);
                return;
        }
        control_connection_wait(c, s, want_active);
}

static void method_start_unit(struct control_connection *c, struct json_object *parameters) {
        run_job(c, parameters, service_start, true);
}

static void method_stop_unit(struct control_connection *c, struct json_object *parameters) {
        run_job(c, parameters, service_stop, false);
}

static void method_restart_unit(struct control_connection *c, struct json_object *parameters) {
        run_job(c, parameters, service_restart, true);
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

static const struct control_method {
        const char *name;
        method_fn *fn;
        bool privileged; /* changes state: root or svcd's own uid only */
} methods[] = {
        { METHOD_GET_INFO, method_get_info, false },
        { METHOD_GET_INTERFACE_DESCRIPTION, method_get_interface_description, false },
        { METHOD_GET_UNIT, method_get_unit, false },
        { METHOD_LIST_UNITS, method_list_units, false },
        { METHOD_RELOAD, method_reload, true },
        { METHOD_RESTART_UNIT, method_restart_unit, true },
        { METHOD_START_UNIT, method_start_unit, true },
        { METHOD_STOP_UNIT, method_stop_unit, true },
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
        (void) control_reply_error(c, ERROR_METHOD_NOT_FOUND, param_object("method", method));
}
