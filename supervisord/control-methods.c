/* control-methods.c: org.varlink.service and io.svcd.Manager methods, from one table that
 * also says which methods change state and so need a privileged caller. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "libsvc/control-protocol.h"
#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "libsvc/varlink.h"
#include "supervisord/control-methods.h"
#include "supervisord/control-server.h"
#include "supervisord/log-capture.h"
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

static void reply_unit_status(struct control_connection *c, struct service *s) {
        struct json_object *p = json_object_new_object();

        json_object_object_add(p, "unit", service_status_json(s));
        (void) control_reply(c, p);
}

static void method_get_unit(struct control_connection *c, struct json_object *parameters) {
        struct service *s = lookup_unit(c, parameters);

        if (!s)
                return;
        reply_unit_status(c, s);
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

/* The job methods' optional noBlock (systemctl --no-block). Replies InvalidParameter and
 * returns -EINVAL unless it is a boolean (or null, which counts as absent). */
static int get_no_block(struct control_connection *c, struct json_object *parameters, bool *ret) {
        struct json_object *v = NULL;

        *ret = false;
        if (!parameters || !json_object_object_get_ex(parameters, "noBlock", &v) || !v)
                return 0;
        if (!json_object_is_type(v, json_type_boolean)) {
                (void) control_reply_error(c, ERROR_INVALID_PARAMETER, param_object("parameter", "noBlock"));
                return -EINVAL;
        }
        *ret = json_object_get_boolean(v);
        return 0;
}

/* noBlock and the unit of a job call; NULL when the error has been replied. */
static struct service *job_unit(struct control_connection *c, struct json_object *parameters, bool *ret_no_block) {
        if (get_no_block(c, parameters, ret_no_block) < 0)
                return NULL;
        return lookup_unit(c, parameters);
}

/* The job was accepted: reply once it is over, or at once with noBlock. */
static void job_accepted(struct control_connection *c, struct service *s, enum service_job wait_for, bool no_block) {
        if (no_block)
                reply_unit_status(c, s);
        else
                control_connection_wait(c, s, wait_for);
}

/* Start, stop and restart: ask the service, then reply once it has settled. */
static void run_job(struct control_connection *c, struct service *s, int (*job)(struct service *s),
                    enum service_job wait_for, bool no_block) {
        int r = job(s);

        if (r < 0) {
                reply_job_refused(c, s, r);
                return;
        }
        job_accepted(c, s, wait_for, no_block);
}

static void method_start_unit(struct control_connection *c, struct json_object *parameters) {
        bool no_block;
        struct service *s = job_unit(c, parameters, &no_block);

        if (s)
                run_job(c, s, service_start, SERVICE_JOB_START, no_block);
}

static void method_stop_unit(struct control_connection *c, struct json_object *parameters) {
        bool no_block;
        struct service *s = job_unit(c, parameters, &no_block);

        if (s)
                run_job(c, s, service_stop, SERVICE_JOB_STOP, no_block);
}

static void method_restart_unit(struct control_connection *c, struct json_object *parameters) {
        bool no_block;
        struct service *s = job_unit(c, parameters, &no_block);

        if (s)
                run_job(c, s, service_restart, SERVICE_JOB_START, no_block);
}

/* systemctl(1) try-restart: "Stop and then start one or more units ... if the units are
 * running. This does nothing if units are not running." */
static void method_try_restart_unit(struct control_connection *c, struct json_object *parameters) {
        bool no_block;
        struct service *s = job_unit(c, parameters, &no_block);

        if (!s)
                return;
        if (service_is_inactive(s)) {
                reply_unit_status(c, s);
                return;
        }
        run_job(c, s, service_restart, SERVICE_JOB_START, no_block);
}

/* systemctl reload: ExecReload=, or ReloadSignal= for Type=notify-reload. A unit that
 * cannot reload is systemd's "Job type reload is not applicable", one that is not up is
 * "not active, cannot reload"; a unit that could not be loaded says why, as for a start. */
static void run_reload(struct control_connection *c, struct service *s, bool no_block) {
        int r;

        if (s->load_state != LOAD_LOADED) {
                reply_job_refused(c, s, -ENOEXEC);
                return;
        }
        r = service_reload(s);
        if (r == -EOPNOTSUPP) {
                (void) control_reply_error(c, ERROR_JOB_NOT_APPLICABLE, param_object("name", s->id));
                return;
        }
        if (r == -ENOTCONN) {
                (void) control_reply_error(c, ERROR_UNIT_NOT_ACTIVE, param_object("name", s->id));
                return;
        }
        if (r < 0) {
                reply_job_refused(c, s, r);
                return;
        }
        job_accepted(c, s, SERVICE_JOB_RELOAD, no_block);
}

static void method_reload_unit(struct control_connection *c, struct json_object *parameters) {
        bool no_block;
        struct service *s = job_unit(c, parameters, &no_block);

        if (s)
                run_reload(c, s, no_block);
}

/* Up, for a reload: running, exited (RemainAfterExit=yes) or reloading already. */
static bool up_for_reload(const struct service *s) {
        return s->state == SERVICE_RUNNING || s->state == SERVICE_EXITED || s->state == SERVICE_RELOAD;
}

/* systemctl reload-or-restart, as systemd queues it: a unit that can reload reloads when it
 * is up and is started otherwise (a start of an activating unit waits for that start, one
 * of a stopping unit starts it again afterwards); a unit that cannot reload restarts. */
static void run_reload_or_restart(struct control_connection *c, struct service *s, bool no_block) {
        if (!service_can_reload(s)) {
                run_job(c, s, service_restart, SERVICE_JOB_START, no_block);
                return;
        }
        if (up_for_reload(s))
                run_reload(c, s, no_block);
        else
                run_job(c, s, service_start, SERVICE_JOB_START, no_block);
}

static void method_reload_or_restart_unit(struct control_connection *c, struct json_object *parameters) {
        bool no_block;
        struct service *s = job_unit(c, parameters, &no_block);

        if (s)
                run_reload_or_restart(c, s, no_block);
}

/* systemctl try-reload-or-restart (force-reload): the same for a unit that is up (or, one
 * that cannot reload, on its way, as try-restart); the others are left alone. */
static void method_try_reload_or_restart_unit(struct control_connection *c, struct json_object *parameters) {
        bool no_block;
        struct service *s = job_unit(c, parameters, &no_block);

        if (!s)
                return;
        if (service_can_reload(s) ? !up_for_reload(s) : service_is_inactive(s)) {
                reply_unit_status(c, s);
                return;
        }
        run_reload_or_restart(c, s, no_block);
}

static void method_kill_unit(struct control_connection *c, struct json_object *parameters) {
        struct service *s = lookup_unit(c, parameters);
        struct json_object *v, *p;
        const char *whom = "all";
        int sig = SIGTERM, r;

        if (!s)
                return;
        if (json_object_object_get_ex(parameters, "signal", &v)) {
                if (!json_object_is_type(v, json_type_int) || json_object_get_int64(v) < 1 ||
                    json_object_get_int64(v) > 64) {
                        (void) control_reply_error(c, ERROR_INVALID_PARAMETER, param_object("parameter", "signal"));
                        return;
                }
                sig = (int) json_object_get_int64(v);
        }
        if (json_object_object_get_ex(parameters, "whom", &v)) {
                whom = json_object_is_type(v, json_type_string) ? json_object_get_string(v) : "";
                if (!streq(whom, "main") && !streq(whom, "control") && !streq(whom, "all")) {
                        (void) control_reply_error(c, ERROR_INVALID_PARAMETER, param_object("parameter", "whom"));
                        return;
                }
        }
        r = service_kill(s, sig, whom);
        if (r == -ESRCH) {
                p = param_object("name", s->id);
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

/* ---- GetLogs ------------------------------------------------------------------------
 * The lines of several units' rings merged by seq (their order of arrival). With "more",
 * the backlog goes out in pieces of about LOG_REPLY_CHUNK bytes, one piece each time the
 * client has taken most of the last (control_stream.drained); with follow, the reader
 * then subscribes to new lines and sends those of each loop turn as one reply. A client
 * more than LOG_FOLLOW_BEHIND_MAX behind loses lines (counted in "dropped") rather than
 * making svcd hold its output. */
#define LOG_REPLY_CHUNK ((size_t) 256 * 1024)
#define LOG_FOLLOW_BEHIND_MAX ((size_t) 1024 * 1024)
/* JSON overhead of one entry, for the chunk arithmetic. */
#define LOG_ENTRY_OVERHEAD 128

struct log_reader {
        struct control_stream stream;
        struct log_follower follower;
        struct control_connection *connection;
        struct manager *manager;
        char **names;      /* the units asked for; NULL: all */
        usec_t since;
        uint64_t cursor;   /* the next seq to send */
        uint64_t end_seq;  /* without follow: the backlog ends before this seq */
        bool follow, live;
        struct json_object *pending; /* live lines of this loop turn */
        size_t pending_bytes;
        uint64_t dropped;
        struct ev_defer flush;
};

struct merge_head {
        const struct log_stream *stream;
        const struct log_ring *ring;
        size_t i;
};

static struct log_reader *log_reader_free(struct log_reader *r) {
        if (!r)
                return NULL;
        if (r->live)
                log_capture_unfollow(r->manager->logs, &r->follower);
        ev_defer_cancel(r->manager->loop, &r->flush);
        json_object_put(r->pending);
        strv_free(r->names);
        free(r);
        return NULL;
}
DEFINE_POINTER_CLEANUP(struct log_reader, log_reader_free)

static struct json_object *log_entry_json(const struct log_stream *s, const struct log_entry *e) {
        _cleanup_free_ char *utf8 = NULL;
        size_t len = e->len;
        struct json_object *o = json_object_new_object();

        if (!o)
                return NULL;
        if (log_message_to_utf8(e->message, e->len, &utf8, &len) < 0) {
                json_object_put(o);
                return NULL;
        }
        json_object_object_add(o, "timestamp", json_object_new_int64((int64_t) MIN(e->timestamp, (usec_t) INT64_MAX)));
        json_object_object_add(o, "unit", json_object_new_string(log_stream_unit(s)));
        json_object_object_add(o, "pid", json_object_new_int64(e->pid));
        json_object_object_add(o, "priority", json_object_new_int(e->priority));
        json_object_object_add(o, "message", json_object_new_string_len(utf8 ?: e->message, (int) len));
        return o;
}

/* The rings to merge: the named units', or every unit's (also those loaded meanwhile). */
static int reader_heads(struct log_reader *r, struct merge_head **ret, size_t *ret_n) {
        struct manager *m = r->manager;
        size_t n = r->names ? strv_length(r->names) : m->n_services, k = 0;
        struct merge_head *h = calloc(MAX(n, (size_t) 1), sizeof *h);

        if (!h)
                return -ENOMEM;
        for (size_t i = 0; i < n; i++) {
                struct service *s = r->names ? manager_get_service(m, r->names[i]) : m->services[i];
                if (!s)
                        continue;
                h[k].stream = s->log;
                h[k].ring = log_stream_ring(s->log);
                k++;
        }
        *ret = h;
        *ret_n = k;
        return 0;
}

static bool reader_matches(const struct log_reader *r, const struct log_entry *e, uint64_t end) {
        return e->seq < end && e->timestamp >= r->since;
}

/* The seq from which the last `lines` matching lines before end start (a walk backwards
 * through the merged rings). */
static int reader_seek_last(struct log_reader *r, uint64_t lines, uint64_t end) {
        _cleanup_free_ struct merge_head *h = NULL;
        size_t n;
        int k = reader_heads(r, &h, &n);

        if (k < 0)
                return k;
        for (size_t i = 0; i < n; i++)
                h[i].i = log_ring_lower_bound(h[i].ring, end);
        r->cursor = end;
        for (uint64_t count = 0; count < lines;) {
                struct merge_head *best = NULL;
                for (size_t i = 0; i < n; i++) {
                        while (h[i].i > 0 && !reader_matches(r, log_ring_get(h[i].ring, h[i].i - 1), end))
                                h[i].i--;
                        if (h[i].i > 0 && (!best || log_ring_get(h[i].ring, h[i].i - 1)->seq >
                                                            log_ring_get(best->ring, best->i - 1)->seq))
                                best = &h[i];
                }
                if (!best)
                        break;
                r->cursor = log_ring_get(best->ring, --best->i)->seq;
                count++;
        }
        return 0;
}

/* Appends the matching lines from the cursor on, in seq order, until about max_bytes.
 * Returns 1 when the backlog is exhausted, 0 when more is left, or -ENOMEM. */
static int reader_fill(struct log_reader *r, struct json_object *entries, size_t max_bytes) {
        _cleanup_free_ struct merge_head *h = NULL;
        uint64_t end = r->follow ? log_capture_next_seq(r->manager->logs) : r->end_seq;
        size_t n, bytes = 0;
        int k = reader_heads(r, &h, &n);

        if (k < 0)
                return k;
        for (size_t i = 0; i < n; i++)
                h[i].i = log_ring_lower_bound(h[i].ring, r->cursor);
        for (;;) {
                struct merge_head *best = NULL;
                for (size_t i = 0; i < n; i++) {
                        const struct log_entry *e;
                        while ((e = log_ring_get(h[i].ring, h[i].i)) && e->seq < end && !reader_matches(r, e, end))
                                h[i].i++;
                        if (e && e->seq < end && (!best || e->seq < log_ring_get(best->ring, best->i)->seq))
                                best = &h[i];
                }
                if (!best)
                        return 1;
                if (bytes >= max_bytes)
                        return 0;
                const struct log_entry *e = log_ring_get(best->ring, best->i++);
                struct json_object *o = log_entry_json(best->stream, e);
                if (!o || json_object_array_add(entries, o) < 0) {
                        json_object_put(o);
                        return -ENOMEM;
                }
                bytes += e->len + LOG_ENTRY_OVERHEAD;
                r->cursor = e->seq + 1;
        }
}

/* A GetLogs reply without "more" holds at most this much log text (the JSON is larger). */
#define GET_LOGS_SINGLE_REPLY_MAX ((size_t) 4 * 1024 * 1024)

static struct json_object *entries_reply(struct json_object *entries, uint64_t dropped) {
        struct json_object *p = json_object_new_object();

        json_object_object_add(p, "entries", entries);
        if (dropped > 0)
                json_object_object_add(p, "dropped", json_object_new_int64((int64_t) dropped));
        return p;
}

static void on_reader_flush(struct ev_defer *d) {
        struct log_reader *r = d->userdata;

        if (!r->pending && r->dropped == 0)
                return;
        (void) control_reply_continues(r->connection,
                                       entries_reply(TAKE_PTR(r->pending) ?: json_object_new_array(), r->dropped));
        r->pending_bytes = 0;
        r->dropped = 0;
}

static void on_reader_entry(struct log_follower *f, const struct log_stream *s, const struct log_entry *e) {
        struct log_reader *r = container_of(f, struct log_reader, follower);
        struct json_object *o;

        if ((r->names && !strv_contains(r->names, log_stream_unit(s))) || e->timestamp < r->since)
                return;
        if (control_connection_pending_output(r->connection) + r->pending_bytes > LOG_FOLLOW_BEHIND_MAX) {
                r->dropped++;
                ev_defer_queue(r->manager->loop, &r->flush, on_reader_flush, r);
                return;
        }
        if (!r->pending && !(r->pending = json_object_new_array())) {
                r->dropped++;
                return;
        }
        o = log_entry_json(s, e);
        if (!o || json_object_array_add(r->pending, o) < 0) {
                json_object_put(o);
                r->dropped++;
                return;
        }
        r->pending_bytes += e->len + LOG_ENTRY_OVERHEAD;
        ev_defer_queue(r->manager->loop, &r->flush, on_reader_flush, r);
}

static void on_reader_drained(struct control_stream *st) {
        struct log_reader *r = container_of(st, struct log_reader, stream);
        struct json_object *entries;
        int k;

        if (r->live)
                return;
        entries = json_object_new_array();
        k = entries ? reader_fill(r, entries, LOG_REPLY_CHUNK) : -ENOMEM;
        if (k < 0) {
                json_object_put(entries);
                log_oom();
                return; /* tried again when the client has taken more */
        }
        if (k == 0 || (r->follow && json_object_array_length(entries) > 0)) {
                (void) control_reply_continues(r->connection, entries_reply(entries, 0));
                if (k == 0)
                        return;
        } else if (r->follow)
                json_object_put(entries);
        if (r->follow) {
                /* Caught up: every line before next_seq went out; later ones come live. */
                r->live = true;
                log_capture_follow(r->manager->logs, &r->follower);
                return;
        }
        (void) control_reply(r->connection, entries_reply(entries, 0));
        control_connection_stream_end(r->connection);
        log_reader_free(r);
}

static void on_reader_close(struct control_stream *st) {
        log_reader_free(container_of(st, struct log_reader, stream));
}

/* Reads the optional parameters; replies InvalidParameter and returns -EINVAL on a bad one. */
static int get_logs_parameters(struct control_connection *c, struct json_object *parameters, struct log_reader *r,
                               int64_t *ret_lines) {
        struct json_object *v;

        *ret_lines = -1;
        if (parameters && json_object_object_get_ex(parameters, "names", &v) && v) {
                if (!json_object_is_type(v, json_type_array))
                        goto bad_names;
                for (size_t i = 0; i < json_object_array_length(v); i++) {
                        struct json_object *n = json_object_array_get_idx(v, i);
                        struct service *s;
                        int k;
                        if (!json_object_is_type(n, json_type_string))
                                goto bad_names;
                        k = manager_load_service(r->manager, json_object_get_string(n), &s);
                        if (k == -EINVAL)
                                goto bad_names;
                        if (k < 0) {
                                (void) control_reply_error(c, ERROR_NO_SUCH_UNIT,
                                                           param_object("name", json_object_get_string(n)));
                                return -ENOENT;
                        }
                        if (!strv_contains(r->names, s->id) && strv_extend(&r->names, s->id) < 0)
                                return log_oom();
                }
        }
        if (parameters && json_object_object_get_ex(parameters, "lines", &v) && v) {
                if (!json_object_is_type(v, json_type_int) || json_object_get_int64(v) < 0) {
                        (void) control_reply_error(c, ERROR_INVALID_PARAMETER, param_object("parameter", "lines"));
                        return -EINVAL;
                }
                *ret_lines = json_object_get_int64(v);
        }
        if (parameters && json_object_object_get_ex(parameters, "since", &v) && v) {
                if (!json_object_is_type(v, json_type_int) || json_object_get_int64(v) < 0) {
                        (void) control_reply_error(c, ERROR_INVALID_PARAMETER, param_object("parameter", "since"));
                        return -EINVAL;
                }
                r->since = (usec_t) json_object_get_int64(v);
        }
        if (parameters && json_object_object_get_ex(parameters, "follow", &v) && v) {
                /* Following needs a client that takes several replies. */
                if (!json_object_is_type(v, json_type_boolean) ||
                    (json_object_get_boolean(v) && !control_connection_wants_more(c))) {
                        (void) control_reply_error(c, ERROR_INVALID_PARAMETER, param_object("parameter", "follow"));
                        return -EINVAL;
                }
                r->follow = json_object_get_boolean(v);
        }
        return 0;

bad_names:
        (void) control_reply_error(c, ERROR_INVALID_PARAMETER, param_object("parameter", "names"));
        return -EINVAL;
}

static void method_get_logs(struct control_connection *c, struct json_object *parameters) {
        struct manager *m = control_connection_manager(c);
        _cleanup_(log_reader_freep) struct log_reader *r = calloc(1, sizeof *r);
        int64_t lines;

        if (!r) {
                log_oom();
                (void) control_reply_error(c, ERROR_INVALID_PARAMETER, NULL);
                return;
        }
        r->manager = m;
        r->connection = c;
        r->stream = (struct control_stream) { .drained = on_reader_drained, .close = on_reader_close };
        r->follower.on_entry = on_reader_entry;
        r->flush.userdata = r;
        if (get_logs_parameters(c, parameters, r, &lines) < 0)
                return;
        r->end_seq = log_capture_next_seq(m->logs);
        r->cursor = 1;
        if (lines >= 0 && reader_seek_last(r, (uint64_t) lines, r->end_seq) < 0) {
                log_oom();
                return;
        }

        if (!control_connection_wants_more(c)) {
                /* One reply, of bounded size: the whole backlog of every unit as one JSON
                 * object could be hundreds of MB in PID 1. More needs "more". */
                struct json_object *entries = json_object_new_array();
                int k = entries ? reader_fill(r, entries, GET_LOGS_SINGLE_REPLY_MAX) : -ENOMEM;
                if (k < 0) {
                        json_object_put(entries);
                        log_oom();
                        (void) control_reply_error(c, ERROR_INVALID_PARAMETER, NULL);
                        return;
                }
                struct json_object *reply = entries_reply(entries, 0);
                if (k == 0)
                        json_object_object_add(reply, "truncated", json_object_new_boolean(true));
                (void) control_reply(c, reply);
                return;
        }
        /* The first piece goes out when the server next looks at the connection's output. */
        control_connection_stream(c, &TAKE_PTR(r)->stream);
}

static void method_reset_failed(struct control_connection *c, struct json_object *parameters) {
        struct manager *m = control_connection_manager(c);
        struct json_object *p;

        if (parameters && json_object_object_get_ex(parameters, "name", NULL)) {
                struct service *s = lookup_unit(c, parameters);
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

static const struct control_method {
        const char *name;
        method_fn *fn;
        bool privileged; /* changes state: root or svcd's own uid only */
} methods[] = {
        { METHOD_GET_INFO, method_get_info, false },
        { METHOD_GET_INTERFACE_DESCRIPTION, method_get_interface_description, false },
        { METHOD_GET_LOGS, method_get_logs, true },
        { METHOD_GET_UNIT, method_get_unit, false },
        { METHOD_KILL_UNIT, method_kill_unit, true },
        { METHOD_LIST_UNITS, method_list_units, false },
        { METHOD_RELOAD, method_reload, true },
        { METHOD_RELOAD_OR_RESTART_UNIT, method_reload_or_restart_unit, true },
        { METHOD_RELOAD_UNIT, method_reload_unit, true },
        { METHOD_RESET_FAILED, method_reset_failed, true },
        { METHOD_RESTART_UNIT, method_restart_unit, true },
        { METHOD_START_UNIT, method_start_unit, true },
        { METHOD_STOP_UNIT, method_stop_unit, true },
        { METHOD_TRY_RELOAD_OR_RESTART_UNIT, method_try_reload_or_restart_unit, true },
        { METHOD_TRY_RESTART_UNIT, method_try_restart_unit, true },
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
