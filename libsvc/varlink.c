/* varlink.c: Varlink message framing over stream sockets and the blocking client. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "libsvc/fd-util.h"
#include "libsvc/varlink.h"

void varlink_buffer_done(struct varlink_buffer *b) {
        free(b->data);
        *b = (struct varlink_buffer) {};
}

/* Makes room for n more bytes, first sliding unconsumed bytes to the front. */
static int buffer_reserve(struct varlink_buffer *b, size_t n) {
        if (b->consumed > 0 && (b->consumed == b->len || b->consumed > b->cap / 2)) {
                memmove(b->data, b->data + b->consumed, b->len - b->consumed);
                b->len -= b->consumed;
                b->consumed = 0;
        }
        if (b->cap - b->len >= n)
                return 0;
        size_t cap = MAX(b->cap * 2, b->len + n);
        cap = MAX(cap, (size_t) 4096);
        char *d = realloc(b->data, cap);
        if (!d)
                return -ENOMEM;
        b->data = d;
        b->cap = cap;
        return 0;
}

ssize_t varlink_buffer_fill(struct varlink_buffer *b, int fd) {
        int r = buffer_reserve(b, 16384);
        if (r < 0)
                return r;
        for (;;) {
                ssize_t n = read(fd, b->data + b->len, b->cap - b->len);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return errno == EWOULDBLOCK ? -EAGAIN : -errno;
                }
                b->len += (size_t) n;
                return n;
        }
}

int varlink_buffer_next(struct varlink_buffer *b, size_t max, struct json_object **ret) {
        size_t avail = b->len - b->consumed;
        const char *start, *nul;

        if (avail == 0)
                return 0; /* also keeps a never-filled buffer's NULL data out of arithmetic */
        start = b->data + b->consumed;
        nul = memchr(start, 0, avail);
        if (!nul)
                return avail > max ? -EMSGSIZE : 0;
        size_t n = (size_t) (nul - start);
        if (n > max)
                return -EMSGSIZE;

        struct json_tokener *tok = json_tokener_new();
        if (!tok)
                return -ENOMEM;
        struct json_object *v = json_tokener_parse_ex(tok, start, (int) n);
        /* The whole message must be exactly one object: no trailing bytes. */
        bool ok = v && json_tokener_get_error(tok) == json_tokener_success &&
                  json_tokener_get_parse_end(tok) == n && json_object_is_type(v, json_type_object);
        json_tokener_free(tok);
        b->consumed += n + 1;
        if (!ok) {
                json_object_put(v);
                return -EBADMSG;
        }
        *ret = v;
        return 1;
}

int varlink_buffer_append(struct varlink_buffer *b, struct json_object *v) {
        size_t n;
        const char *s = json_object_to_json_string_length(v, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &n);
        int r;

        if (!s)
                return -ENOMEM;
        r = buffer_reserve(b, n + 1);
        if (r < 0)
                return r;
        memcpy(b->data + b->len, s, n + 1); /* includes the terminating NUL */
        b->len += n + 1;
        return 0;
}

ssize_t varlink_buffer_flush(struct varlink_buffer *b, int fd) {
        while (b->consumed < b->len) {
                /* MSG_NOSIGNAL: a client that went away must not SIGPIPE the daemon. */
                ssize_t n = send(fd, b->data + b->consumed, b->len - b->consumed, MSG_NOSIGNAL | MSG_DONTWAIT);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        if (errno == EAGAIN || errno == EWOULDBLOCK)
                                break;
                        return -errno;
                }
                b->consumed += (size_t) n;
        }
        if (b->consumed == b->len)
                b->consumed = b->len = 0;
        return (ssize_t) (b->len - b->consumed);
}

static struct json_object *message_new(struct json_object *parameters) {
        struct json_object *m = json_object_new_object();
        if (!m) {
                json_object_put(parameters);
                return NULL;
        }
        if (!parameters)
                parameters = json_object_new_object();
        json_object_object_add(m, "parameters", parameters);
        return m;
}

struct json_object *varlink_message_call(const char *method, struct json_object *parameters, bool more) {
        struct json_object *m = message_new(parameters);
        if (m) {
                json_object_object_add(m, "method", json_object_new_string(method));
                if (more)
                        json_object_object_add(m, "more", json_object_new_boolean(true));
        }
        return m;
}

struct json_object *varlink_message_reply(struct json_object *parameters, bool continues) {
        struct json_object *m = message_new(parameters);
        if (m && continues)
                json_object_object_add(m, "continues", json_object_new_boolean(true));
        return m;
}

struct json_object *varlink_message_error(const char *error, struct json_object *parameters) {
        struct json_object *m = message_new(parameters);
        if (m)
                json_object_object_add(m, "error", json_object_new_string(error));
        return m;
}

const char *varlink_get_string(struct json_object *o, const char *key) {
        struct json_object *v;
        if (!o || !json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
                return NULL;
        return json_object_get_string(v);
}

int64_t varlink_get_int(struct json_object *o, const char *key, int64_t def) {
        struct json_object *v;
        if (!o || !json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_int))
                return def;
        return json_object_get_int64(v);
}

int varlink_client_connect(const char *socket_path, struct varlink_client **ret) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        _cleanup_close_ int fd = -1;
        struct varlink_client *c;

        if (strlen(socket_path) >= sizeof sa.sun_path)
                return -ENAMETOOLONG;
        strcpy(sa.sun_path, socket_path);
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
                return -errno;
        if (connect(fd, (struct sockaddr *) &sa, sizeof sa) < 0)
                return -errno;
        c = calloc(1, sizeof *c);
        if (!c)
                return -ENOMEM;
        c->fd = TAKE_FD(fd);
        *ret = c;
        return 0;
}

struct varlink_client *varlink_client_free(struct varlink_client *c) {
        if (c) {
                safe_close(c->fd);
                varlink_buffer_done(&c->in);
                varlink_buffer_done(&c->out);
                free(c);
        }
        return NULL;
}

static int client_send(struct varlink_client *c, const char *method, struct json_object *parameters, bool more) {
        _cleanup_json_ struct json_object *m = varlink_message_call(method, parameters, more);
        int r;

        if (!m)
                return -ENOMEM;
        r = varlink_buffer_append(&c->out, m);
        if (r < 0)
                return r;
        /* The client's socket is blocking; flush uses MSG_DONTWAIT, so loop until done. */
        for (;;) {
                ssize_t left = varlink_buffer_flush(&c->out, c->fd);
                if (left < 0)
                        return (int) left;
                if (left == 0)
                        return 0;
                /* poll(2), not select(2): the fd may be above FD_SETSIZE in a client
                 * that has many files open. */
                struct pollfd pfd = { .fd = c->fd, .events = POLLOUT };
                int k = poll(&pfd, 1, 60 * 1000);
                if (k < 0 && errno == EINTR)
                        continue;
                if (k <= 0)
                        return k < 0 ? -errno : -ETIMEDOUT;
        }
}

int varlink_client_send(struct varlink_client *c, const char *method, struct json_object *parameters) {
        return client_send(c, method, parameters, false);
}

int varlink_client_send_more(struct varlink_client *c, const char *method, struct json_object *parameters) {
        return client_send(c, method, parameters, true);
}

int varlink_client_receive(struct varlink_client *c, struct json_object **ret_reply, const char **ret_error) {
        for (;;) {
                struct json_object *m = NULL;
                int r = varlink_buffer_next(&c->in, VARLINK_REPLY_MAX, &m);
                if (r < 0)
                        return r;
                if (r > 0) {
                        const char *error = varlink_get_string(m, "error");
                        *ret_reply = m;
                        if (ret_error)
                                *ret_error = error;
                        return error ? -EBADE : 0;
                }
                ssize_t n = varlink_buffer_fill(&c->in, c->fd);
                if (n == 0)
                        return -ECONNRESET;
                if (n < 0)
                        return (int) n;
        }
}

int varlink_client_call(struct varlink_client *c, const char *method, struct json_object *parameters,
                        struct json_object **ret_reply, const char **ret_error) {
        int r = varlink_client_send(c, method, parameters);
        if (r < 0)
                return r;
        return varlink_client_receive(c, ret_reply, ret_error);
}
