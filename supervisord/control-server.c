/* control-server.c: the control socket's connections: non-blocking I/O, per-client buffers,
 * size limits, SO_PEERCRED, and jobs whose replies wait for a service to settle.
 *
 * DESIGN.md decision 5: a malformed or oversized message gets a ProtocolError and the
 * connection closes; the daemon never blocks on a client; a client that vanishes
 * mid-request costs nothing but its buffers. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "libsvc/control-protocol.h"
#include "libsvc/fd-util.h"
#include "libsvc/log.h"
#include "libsvc/varlink.h"
#include "supervisord/control-methods.h"
#include "supervisord/control-server.h"
#include "supervisord/job.h"
#include "supervisord/manager.h"
#include "supervisord/service-status.h"

/* A client that does not read its replies is cut off once this much is queued for it. */
#define CONTROL_OUTPUT_MAX ((size_t) 16 * 1024 * 1024)
/* Above this, svcd stops reading new calls from the client until it drains (back-pressure). */
#define CONTROL_OUTPUT_HIGH ((size_t) 1024 * 1024)
/* Connection limits. The socket is open to every local user (status is public), so one
 * user must not be able to take every slot: unprivileged peers get at most PER_UID each
 * and never the last RESERVED, which stay for root and svcd's own uid. */
#define CONTROL_CONNECTIONS_MAX 1024
#define CONTROL_CONNECTIONS_RESERVED 64
#define CONTROL_CONNECTIONS_PER_UID_MAX 128
/* A call must arrive whole within this long once it has begun: a client that sends half
 * a message and stalls does not hold its slot and buffer for ever. */
#define CONTROL_PARTIAL_CALL_TIMEOUT_USEC (10 * USEC_PER_SEC)
/* When accept() fails for lack of fds or memory, the listening socket stays readable;
 * svcd stops watching it this long instead of spinning (and logging) on it. */
#define CONTROL_ACCEPT_PAUSE_USEC (250 * USEC_PER_MSEC)
/* At most one "refused" message per this interval; the rest are counted. */
#define CONTROL_REFUSAL_LOG_INTERVAL_USEC (10 * USEC_PER_SEC)

struct control_connection {
        struct control_server *server;
        struct control_connection *prev, *next;
        int fd;
        struct ev_io io;
        struct varlink_buffer in, out;
        struct ucred cred;

        bool read_eof;   /* the peer shut down its sending side */
        bool oneway;     /* the call being run asked for no reply (varlink.org "oneway") */
        bool more;       /* the call being run accepts several replies (varlink.org "more") */
        bool closing;    /* no more calls: close once output is flushed */

        /* A call waiting for a service's job (StartUnit, StopUnit, ReloadUnit, ...). */
        struct service *waiting_on;
        struct service_waiter waiter;
        /* Or for a queued job (job.h). */
        struct job *waiting_job;
        struct job_waiter job_waiter;
        struct control_stream *stream; /* a call still replying (GetLogs with more) */
        struct ev_defer resume; /* parse further buffered calls after a job reply */
        struct ev_timer partial_timer; /* armed while an incomplete call is buffered */
};

struct control_server {
        struct manager *manager;
        int fd;
        char *path;
        struct ev_io io;
        struct control_connection *connections;
        unsigned n_connections;

        struct ev_timer accept_pause;
        usec_t last_refusal_log;
        unsigned long n_refusals_unlogged;
};

static void connection_free(struct control_connection *c) {
        struct control_server *s = c->server;
        struct ev_loop *loop = s->manager->loop;

        if (c->waiting_on)
                service_remove_waiter(c->waiting_on, &c->waiter);
        if (c->waiting_job)
                job_remove_waiter(c->waiting_job, &c->job_waiter);
        if (c->stream) {
                struct control_stream *st = TAKE_PTR(c->stream);
                st->close(st);
        }
        ev_defer_cancel(loop, &c->resume);
        ev_timer_disarm(loop, &c->partial_timer);
        ev_io_remove(loop, &c->io);
        safe_close(c->fd);
        varlink_buffer_done(&c->in);
        varlink_buffer_done(&c->out);
        if (c->prev)
                c->prev->next = c->next;
        else
                s->connections = c->next;
        if (c->next)
                c->next->prev = c->prev;
        s->n_connections--;
        free(c);
}

bool control_connection_privileged(const struct control_connection *c) {
        return c->cred.uid == 0 || c->cred.uid == c->server->manager->owner_uid;
}

struct manager *control_connection_manager(const struct control_connection *c) {
        return c->server->manager;
}

static int connection_queue(struct control_connection *c, struct json_object *message) {
        _cleanup_json_ struct json_object *m = message;
        int r;

        if (!m)
                return log_oom();
        r = varlink_buffer_append(&c->out, m);
        if (r < 0)
                return r;
        return 0;
}

int control_reply(struct control_connection *c, struct json_object *parameters) {
        if (c->oneway) {
                json_object_put(parameters);
                return 0;
        }
        return connection_queue(c, varlink_message_reply(parameters, false));
}

bool control_connection_wants_more(const struct control_connection *c) {
        return c->more && !c->oneway;
}

static void on_resume(struct ev_defer *d);

int control_reply_continues(struct control_connection *c, struct json_object *parameters) {
        /* Streamed replies are queued outside the connection's own processing: flush them
         * at the end of this loop turn. */
        ev_defer_queue(c->server->manager->loop, &c->resume, on_resume, c);
        return connection_queue(c, varlink_message_reply(parameters, true));
}

void control_connection_stream(struct control_connection *c, struct control_stream *st) {
        c->stream = st;
}

void control_connection_stream_end(struct control_connection *c) {
        c->stream = NULL;
        ev_defer_queue(c->server->manager->loop, &c->resume, on_resume, c);
}

size_t control_connection_pending_output(const struct control_connection *c) {
        return varlink_buffer_pending(&c->out);
}

int control_reply_error(struct control_connection *c, const char *error, struct json_object *parameters) {
        if (c->oneway) {
                json_object_put(parameters);
                return 0;
        }
        return connection_queue(c, varlink_message_error(error, parameters));
}

/* A protocol violation: say why, stop reading, close once the error is sent. */
static void connection_fail(struct control_connection *c, const char *reason) {
        struct json_object *p = json_object_new_object();

        log_warning("Control connection from pid %d uid %u: %s; closing it.", (int) c->cred.pid,
                    (unsigned) c->cred.uid, reason);
        json_object_object_add(p, "reason", json_object_new_string(reason));
        (void) control_reply_error(c, ERROR_PROTOCOL, p);
        c->closing = true;
}

static void connection_update_events(struct control_connection *c);
static void connection_process(struct control_connection *c);

static void on_resume(struct ev_defer *d) {
        connection_process(d->userdata);
}

static void on_job_done(struct service_waiter *w, struct service *s, int error) {
        struct control_connection *c = container_of(w, struct control_connection, waiter);
        struct json_object *p = json_object_new_object();

        c->waiting_on = NULL;
        if (error == 0) {
                json_object_object_add(p, "unit", service_status_json(s));
                (void) control_reply(c, p);
        } else if (error == -ECANCELED) {
                json_object_object_add(p, "name", json_object_new_string(s->id));
                (void) control_reply_error(c, ERROR_JOB_CANCELED, p);
        } else {
                /* An Assert*= that failed fails the job with systemd's job result "assert";
                 * the unit's own Result is unchanged. A failed reload leaves the service
                 * running: its result is the reload's (ReloadResult), not the unit's. */
                const char *result = error == -EPROTO            ? "assert"
                                     : w->job == SERVICE_JOB_RELOAD ? service_result_to_string(s->reload_result)
                                                                    : service_result_to_string(s->result);
                json_object_object_add(p, "name", json_object_new_string(s->id));
                json_object_object_add(p, "result", json_object_new_string(result));
                json_object_object_add(p, "unit", service_status_json(s));
                (void) control_reply_error(c, ERROR_JOB_FAILED, p);
        }
        /* Calls that arrived while this one waited are parsed now, in order. */
        ev_defer_queue(c->server->manager->loop, &c->resume, on_resume, c);
        connection_update_events(c);
}

/* The end of a job a call waited for: the unit's status, or why the job failed, in the
 * words of systemctl's job results (and, for a plain failure, the unit's own Result). */
static void on_queued_job_done(struct job_waiter *w, struct job *j, enum job_result result) {
        struct control_connection *c = container_of(w, struct control_connection, job_waiter);
        struct service *s = j->unit;
        struct json_object *p = json_object_new_object();

        c->waiting_job = NULL;
        json_object_object_add(p, "name", json_object_new_string(s->id));
        switch (result) {
        case JOB_DONE: {
                struct json_object *job = json_object_new_object();
                json_object_object_add(job, "id", json_object_new_int64(j->id));
                json_object_object_add(job, "result", json_object_new_string("done"));
                json_object_object_add(p, "job", job);
                json_object_object_add(p, "unit", service_status_json(s));
                (void) control_reply(c, p);
                break;
        }
        case JOB_CANCELED:
                (void) control_reply_error(c, ERROR_JOB_CANCELED, p);
                break;
        case JOB_SKIPPED:
                (void) control_reply_error(c, ERROR_UNIT_NOT_ACTIVE, p);
                break;
        default: {
                const char *r = result == JOB_FAILED ? service_result_to_string(j->type == TX_JOB_RELOAD ? s->reload_result
                                                                                                          : s->result)
                                                     : job_result_to_string(result);
                json_object_object_add(p, "result", json_object_new_string(r));
                json_object_object_add(p, "jobResult", json_object_new_string(job_result_to_string(result)));
                json_object_object_add(p, "unit", service_status_json(s));
                (void) control_reply_error(c, ERROR_JOB_FAILED, p);
        }
        }
        ev_defer_queue(c->server->manager->loop, &c->resume, on_resume, c);
        connection_update_events(c);
}

void control_connection_wait_job(struct control_connection *c, struct job *j) {
        if (c->oneway)
                return;
        c->waiting_job = j;
        c->job_waiter = (struct job_waiter) { .done = on_queued_job_done };
        job_add_waiter(j, &c->job_waiter);
}

void control_connection_wait(struct control_connection *c, struct service *s, enum service_job job) {
        if (c->oneway)
                return; /* nobody listens for the outcome: do not hold up the next call */
        c->waiting_on = s;
        c->waiter = (struct service_waiter) { .job = job, .done = on_job_done };
        service_add_waiter(s, &c->waiter);
}

static void connection_dispatch(struct control_connection *c, struct json_object *call) {
        const char *method = varlink_get_string(call, "method");
        struct json_object *parameters = NULL;

        if (!method) {
                connection_fail(c, "message has no \"method\" string");
                return;
        }
        if (json_object_object_get_ex(call, "parameters", &parameters) &&
            !json_object_is_type(parameters, json_type_object)) {
                connection_fail(c, "\"parameters\" is not an object");
                return;
        }
        struct json_object *oneway = NULL, *more = NULL;
        c->oneway = json_object_object_get_ex(call, "oneway", &oneway) && json_object_get_boolean(oneway);
        c->more = json_object_object_get_ex(call, "more", &more) && json_object_get_boolean(more);
        control_method_call(c, method, parameters);
        c->oneway = c->more = false;
}

/* Parses and runs buffered calls, one at a time, while no job is pending and the client
 * keeps up with its replies. */
static void connection_process(struct control_connection *c) {
        while (!c->closing && !c->waiting_on && !c->waiting_job && !c->stream && varlink_buffer_pending(&c->out) < CONTROL_OUTPUT_HIGH) {
                _cleanup_json_ struct json_object *call = NULL;
                int r = varlink_buffer_next(&c->in, VARLINK_REQUEST_MAX, &call);

                if (r == 0)
                        break;
                if (r == -EMSGSIZE) {
                        connection_fail(c, "message larger than 65536 bytes");
                        break;
                }
                if (r == -EBADMSG) {
                        connection_fail(c, "message is not a JSON object");
                        break;
                }
                if (r < 0) {
                        log_error_errno(r, "Control connection: %m");
                        c->closing = true;
                        break;
                }
                connection_dispatch(c, call);
        }
        connection_update_events(c);
}

/* Is a whole call (NUL-terminated) waiting in the input buffer? */
static bool connection_has_call(const struct control_connection *c) {
        size_t n = varlink_buffer_pending(&c->in);
        return n > 0 && memchr(c->in.data + c->in.consumed, 0, n);
}

static void on_partial_timeout(struct ev_timer *t) {
        struct control_connection *c = t->userdata;

        connection_fail(c, "incomplete message for 10 s");
        connection_update_events(c);
}

/* Decides what to poll for, whether buffered calls are due, and whether the connection
 * is finished. May free c. */
static void connection_update_events(struct control_connection *c) {
        struct ev_loop *loop = c->server->manager->loop;
        ssize_t left = varlink_buffer_flush(&c->out, c->fd);
        bool has_call, busy;
        uint32_t events = 0;

        /* A stream refills the output when the client has taken most of it. */
        if (left >= 0 && c->stream && !c->closing && (size_t) left < CONTROL_OUTPUT_HIGH / 2) {
                c->stream->drained(c->stream);
                left = varlink_buffer_flush(&c->out, c->fd);
        }
        has_call = !c->closing && connection_has_call(c);
        busy = c->waiting_on || c->waiting_job || c->stream;

        if (left < 0) {
                log_debug("Control connection from pid %d went away: %s", (int) c->cred.pid, strerror((int) -left));
                connection_free(c);
                return;
        }
        if ((size_t) left > CONTROL_OUTPUT_MAX) {
                log_warning("Control client pid %d does not read its replies; disconnecting.", (int) c->cred.pid);
                connection_free(c);
                return;
        }
        if (left == 0 && (c->closing || (c->read_eof && !busy && !has_call))) {
                /* Every complete call of a half-closed client has been answered; what may
                 * remain is an incomplete message, which nobody will finish. */
                connection_free(c);
                return;
        }
        /* Calls held back by a job or by back-pressure run once both are gone; nothing
         * on the socket would wake us for bytes already buffered. */
        if (has_call && !busy && (size_t) left < CONTROL_OUTPUT_HIGH)
                ev_defer_queue(loop, &c->resume, on_resume, c);

        if (!c->closing && !has_call && varlink_buffer_pending(&c->in) > 0) {
                if (!c->partial_timer.armed)
                        (void) ev_timer_arm(loop, &c->partial_timer,
                                            usec_add(now_usec(CLOCK_MONOTONIC), CONTROL_PARTIAL_CALL_TIMEOUT_USEC),
                                            on_partial_timeout, c);
        } else
                ev_timer_disarm(loop, &c->partial_timer);

        /* No reading while a job is pending (no unbounded buffering of pipelined calls)
         * or while the client is behind on replies. EPOLLHUP is reported regardless, so a
         * client that vanishes mid-request is still noticed. */
        if (!c->closing && !c->read_eof && !busy && (size_t) left < CONTROL_OUTPUT_HIGH)
                events |= EPOLLIN | EPOLLRDHUP;
        if (left > 0)
                events |= EPOLLOUT;
        (void) ev_io_set_events(loop, &c->io, events);
}

static void on_connection_io(struct ev_io *io, uint32_t revents) {
        struct control_connection *c = io->userdata;

        if (revents & EPOLLIN) {
                /* Read what is there, up to one request's worth past the limit, so that a
                 * flood is detected without buffering it all. */
                for (;;) {
                        ssize_t n = varlink_buffer_fill(&c->in, c->fd);
                        if (n == -EAGAIN)
                                break;
                        if (n < 0) {
                                log_debug("Control connection read failed: %s", strerror((int) -n));
                                connection_free(c);
                                return;
                        }
                        if (n == 0) {
                                c->read_eof = true;
                                break;
                        }
                        if (varlink_buffer_pending(&c->in) > VARLINK_REQUEST_MAX)
                                break;
                }
        } else if (revents & (EPOLLHUP | EPOLLERR) && !(revents & EPOLLOUT)) {
                /* Gone without anything left to read: drop it, and any job reply with it. */
                connection_free(c);
                return;
        }
        connection_process(c);
}

/* Logs why a connection was refused, at most once per interval, with a count of the
 * refusals in between: a flood must not turn into a flood of log lines. */
_printf_(2, 3) static void log_refusal(struct control_server *s, const char *fmt, ...) {
        usec_t now = now_usec(CLOCK_MONOTONIC);
        char msg[256];
        va_list ap;

        if (s->last_refusal_log != 0 && now - s->last_refusal_log < CONTROL_REFUSAL_LOG_INTERVAL_USEC) {
                s->n_refusals_unlogged++;
                return;
        }
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        if (s->n_refusals_unlogged > 0)
                log_warning("%s (and %lu refusals since the last message)", msg, s->n_refusals_unlogged);
        else
                log_warning("%s", msg);
        s->last_refusal_log = now;
        s->n_refusals_unlogged = 0;
}

static void on_accept_pause_end(struct ev_timer *t) {
        struct control_server *s = t->userdata;
        (void) ev_io_set_events(s->manager->loop, &s->io, EPOLLIN);
}

/* Whether a peer with these credentials may have one more connection. */
static bool connection_allowed(struct control_server *s, const struct ucred *cred) {
        bool privileged = cred->uid == 0 || cred->uid == s->manager->owner_uid;
        unsigned same_uid = 0;

        if (s->n_connections >= CONTROL_CONNECTIONS_MAX) {
                log_refusal(s, "Too many control connections (%u); refusing a new one.", s->n_connections);
                return false;
        }
        if (privileged)
                return true;
        if (s->n_connections >= CONTROL_CONNECTIONS_MAX - CONTROL_CONNECTIONS_RESERVED) {
                log_refusal(s, "Control connections are nearly exhausted (%u); refusing unprivileged ones.",
                            s->n_connections);
                return false;
        }
        for (struct control_connection *c = s->connections; c; c = c->next)
                if (c->cred.uid == cred->uid)
                        same_uid++;
        if (same_uid >= CONTROL_CONNECTIONS_PER_UID_MAX) {
                log_refusal(s, "Uid %u has too many control connections; refusing a new one.", cred->uid);
                return false;
        }
        return true;
}

static void on_accept(struct ev_io *io, uint32_t revents) {
        struct control_server *s = io->userdata;

        for (;;) {
                _cleanup_close_ int fd = accept4(s->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
                struct ucred cred;
                socklen_t len = sizeof cred;
                struct control_connection *c;

                if (fd < 0) {
                        if (errno == EAGAIN || errno == EINTR || errno == ECONNABORTED)
                                return;
                        /* Out of fds or memory: the pending connection stays queued and the
                         * socket readable, so pause instead of spinning on it. */
                        log_refusal(s, "Failed to accept a control connection (%s); pausing.", strerror(errno));
                        (void) ev_io_set_events(s->manager->loop, &s->io, 0);
                        (void) ev_timer_arm(s->manager->loop, &s->accept_pause,
                                            usec_add(now_usec(CLOCK_MONOTONIC), CONTROL_ACCEPT_PAUSE_USEC),
                                            on_accept_pause_end, s);
                        return;
                }
                if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0) {
                        log_warning_errno(-errno, "SO_PEERCRED failed on a control connection: %m");
                        continue;
                }
                if (!connection_allowed(s, &cred))
                        continue;
                c = calloc(1, sizeof *c);
                if (!c) {
                        log_oom();
                        return;
                }
                c->cred = cred;
                c->server = s;
                c->fd = TAKE_FD(fd);
                if (ev_io_add(s->manager->loop, &c->io, c->fd, EPOLLIN | EPOLLRDHUP, on_connection_io, c) < 0) {
                        safe_close(c->fd);
                        free(c);
                        continue;
                }
                c->resume.userdata = c;
                c->next = s->connections;
                if (c->next)
                        c->next->prev = c;
                s->connections = c;
                s->n_connections++;

                /* A client usually sends its call right after connect(): read now rather
                 * than in another loop turn, saving a wake-up per svcctl invocation. An
                 * empty socket just answers EAGAIN. (May free c.) */
                on_connection_io(&c->io, EPOLLIN);
        }
}

static int socket_bind(const char *path, int *ret_fd) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        _cleanup_close_ int fd = -1;

        if (strlen(path) >= sizeof sa.sun_path)
                return log_error_errno(-ENAMETOOLONG, "Control socket path %s is too long (max %zu bytes).", path,
                                       sizeof sa.sun_path - 1);
        strcpy(sa.sun_path, path);
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0)
                return log_error_errno(-errno, "Failed to create control socket: %m");

        /* A socket file left by a dead svcd is replaced; a live one is not stolen. */
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISSOCK(st.st_mode)) {
                int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
                bool live = probe >= 0 && connect(probe, (struct sockaddr *) &sa, sizeof sa) == 0;
                safe_close(probe);
                if (live)
                        return log_error_errno(-EADDRINUSE, "Another svcd is serving %s; refusing to replace it.",
                                               path);
                (void) unlink(path);
        }
        if (bind(fd, (struct sockaddr *) &sa, sizeof sa) < 0)
                return log_error_errno(-errno, "Failed to bind control socket %s: %m", path);
        /* Anyone may connect and read status; changes are checked per call (SO_PEERCRED). */
        if (chmod(path, 0666) < 0)
                return log_error_errno(-errno, "Failed to chmod %s: %m", path);
        if (listen(fd, SOMAXCONN) < 0)
                return log_error_errno(-errno, "Failed to listen on %s: %m", path);
        *ret_fd = TAKE_FD(fd);
        return 0;
}

int control_server_new(struct manager *m, const char *socket_path, struct control_server **ret) {
        struct control_server *s = calloc(1, sizeof *s);
        int r;

        if (!s)
                return log_oom();
        s->manager = m;
        s->fd = -1;
        s->path = strdup(socket_path);
        if (!s->path) {
                free(s);
                return log_oom();
        }
        r = socket_bind(socket_path, &s->fd);
        if (r >= 0)
                r = ev_io_add(m->loop, &s->io, s->fd, EPOLLIN, on_accept, s);
        if (r < 0) {
                control_server_free(s);
                return r;
        }
        *ret = s;
        return 0;
}

struct control_server *control_server_free(struct control_server *s) {
        if (!s)
                return NULL;
        while (s->connections)
                connection_free(s->connections);
        ev_timer_disarm(s->manager->loop, &s->accept_pause);
        ev_io_remove(s->manager->loop, &s->io);
        if (s->fd >= 0) {
                safe_close(s->fd);
                (void) unlink(s->path);
        }
        free(s->path);
        free(s);
        return NULL;
}
