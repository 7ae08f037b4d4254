/* control-logs.c: io.svcd.Manager.GetLogs, svcctl logs [-f]: the lines of several units'
 * rings merged in their order of arrival, in pieces, and then followed. */
#include <errno.h>
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

/* The lines of several units' rings merged by seq (their order of arrival). With "more",
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
                                                           control_param_object("name", json_object_get_string(n)));
                                return -ENOENT;
                        }
                        if (!strv_contains(r->names, s->id) && strv_extend(&r->names, s->id) < 0)
                                return log_oom();
                }
        }
        if (parameters && json_object_object_get_ex(parameters, "lines", &v) && v) {
                if (!json_object_is_type(v, json_type_int) || json_object_get_int64(v) < 0) {
                        (void) control_reply_error(c, ERROR_INVALID_PARAMETER, control_param_object("parameter", "lines"));
                        return -EINVAL;
                }
                *ret_lines = json_object_get_int64(v);
        }
        if (parameters && json_object_object_get_ex(parameters, "since", &v) && v) {
                if (!json_object_is_type(v, json_type_int) || json_object_get_int64(v) < 0) {
                        (void) control_reply_error(c, ERROR_INVALID_PARAMETER, control_param_object("parameter", "since"));
                        return -EINVAL;
                }
                r->since = (usec_t) json_object_get_int64(v);
        }
        if (parameters && json_object_object_get_ex(parameters, "follow", &v) && v) {
                /* Following needs a client that takes several replies. */
                if (!json_object_is_type(v, json_type_boolean) ||
                    (json_object_get_boolean(v) && !control_connection_wants_more(c))) {
                        (void) control_reply_error(c, ERROR_INVALID_PARAMETER, control_param_object("parameter", "follow"));
                        return -EINVAL;
                }
                r->follow = json_object_get_boolean(v);
        }
        return 0;

bad_names:
        (void) control_reply_error(c, ERROR_INVALID_PARAMETER, control_param_object("parameter", "names"));
        return -EINVAL;
}

void control_method_get_logs(struct control_connection *c, struct json_object *parameters) {
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
