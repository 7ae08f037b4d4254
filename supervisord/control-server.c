/* control-server.c: the control socket's connections: non-blocking I/O, per-client buffers,
 * size limits, SO_PEERCRED, and jobs whose replies wait for a service to settle.
 *
 * DESIGN.md decision 5: a malformed or oversized message gets a ProtocolError and the
 * connection closes; the daemon never blocks on a client; a client that vanishes
 * mid-request costs nothing but its buffers. */
#include <errno.h>
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
#include "supervisord/manager.h"
#include "supervisord/service-status.h"

/* A client that does not read its replies is cut off once this much is queued for it. */
#define CONTROL_OUTPUT_MAX ((size_t) 16 * 1024 * 1024)
/* Above this, svcd stops reading new calls from the client until it drains (back-pressure). */
#define CONTROL_OUTPUT_HIGH ((size_t) 1024 * 1024)
#define CONTROL_CONNECTIONS_MAX 1024

struct control_connection {
        struct control_server *server;
        struct control_connection *prev, *next;
        int fd;
        struct ev_io io;
        struct varlink_buffer in, out;
        struct ucred cred;

        bool read_eof;   /* the peer shut down its sending side */
        bool oneway;     /* the call being run asked for no reply (varlink.org "oneway") */
        bool closing;    /* no more calls: close once output is flushed */

        /* A call waiting for a service (StartUnit, StopUnit, RestartUnit). */
        struct service *waiting_on;
        struct service_waiter waiter;
        struct ev_defer resume; /* parse further buffered calls after a job reply */
};

struct control_server {
        struct manager *manager;
        int fd;
        char *path;
        struct ev_io io;
        struct control_connection *connections;
        unsigned n_connections;
};

static void connection_free(struct control_connection *c) {
        struct control_server *s = c->server;
        struct ev_loop *loop = s->manager->loop;

        if (c->waiting_on)
                service_remove_waiter(c->waiting_on, &c->waiter);
        ev_defer_cancel(loop, &c->resume);
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
                json_object_object_add(p, "name", json_object_new_string(s->id));
                json_object_object_add(p, "result", json_object_new_string(service_result_to_string(s->result)));
                json_object_object_add(p, "unit", service_status_json(s));
                (void) control_reply_error(c, ERROR_JOB_FAILED, p);
        }
        /* Calls that arrived while this one waited are parsed now, in order. */
        ev_defer_queue(c->server->manager->loop, &c->resume, on_resume, c);
        connection_update_events(c);
}

void control_connection_wait(struct control_connection *c, struct service *s, bool want_active) {
        if (c->oneway)
                return; /* nobody listens for the outcome: do not hold up the next call */
        c->waiting_on = s;
        c->waiter = (struct service_waiter) { .want_active = want_active, .done = on_job_done };
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
        struct json_object *oneway = NULL;
        c->oneway = json_object_object_get_ex(call, "oneway", &oneway) && json_object_get_boolean(oneway);
        control_method_call(c, method, parameters);
        c->oneway = false;
}

/* Parses and runs buffered calls, one at a time, while no job is pending and the client
 * keeps up with its replies. */
static void connection_process(struct control_connection *c) {
        while (!c->closing && !c->waiting_on && varlink_buffer_pending(&c->out) < CONTROL_OUTPUT_HIGH) {
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

/* Decides what to poll for, and whether the connection is finished. May free c. */
static void connection_update_events(struct control_connection *c) {
        struct ev_loop *loop = c->server->manager->loop;
        ssize_t left = varlink_buffer_flush(&c->out, c->fd);
        uint32_t events = 0;

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
        if (left == 0 && (c->closing || (c->read_eof && !c->waiting_on))) {
                /* Every complete call of a half-closed client was answered above; what
                 * may remain is an incomplete message, which nobody will finish. */
                connection_free(c);
                return;
        }
        /* No reading while a job is pending (no unbounded buffering of pipelined calls)
         * or while the client is behind on replies. EPOLLHUP is reported regardless, so a
         * client that vanishes mid-request is still noticed. */
        if (!c->closing && !c->read_eof && !c->waiting_on && (size_t) left < CONTROL_OUTPUT_HIGH)
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

static void on_accept(struct ev_io *io, uint32_t revents) {
        struct control_server *s = io->userdata;

        for (;;) {
                _cleanup_close_ int fd = accept4(s->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
                socklen_t len;
                struct control_connection *c;

                if (fd < 0) {
                        if (errno == EAGAIN || errno == EINTR || errno == ECONNABORTED)
                                return;
                        log_warning_errno(-errno, "Failed to accept a control connection: %m");
                        return;
                }
                if (s->n_connections >= CONTROL_CONNECTIONS_MAX) {
                        log_warning("Too many control connections (%u); refusing a new one.", s->n_connections);
                        continue;
                }
                c = calloc(1, sizeof *c);
                if (!c) {
                        log_oom();
                        return;
                }
                len = sizeof c->cred;
                if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &c->cred, &len) < 0) {
                        log_warning_errno(-errno, "SO_PEERCRED failed on a control connection: %m");
                        free(c);
                        continue;
                }
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
        ev_io_remove(s->manager->loop, &s->io);
        if (s->fd >= 0) {
                safe_close(s->fd);
                (void) unlink(s->path);
        }
        free(s->path);
        free(s);
        return NULL;
}
