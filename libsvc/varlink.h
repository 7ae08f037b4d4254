/* varlink.h: Varlink framing (NUL-terminated JSON over a stream socket) and a blocking client.
 *
 * The protocol is varlink.org's: a call is {"method": "iface.Method", "parameters": {...}},
 * a reply is {"parameters": {...}} or {"error": "iface.Error", "parameters": {...}}, each
 * message ends with a NUL byte. svcd's interface is io.svcd.Manager (see control-protocol.h). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <json-c/json.h>

#include "libsvc/macro.h"

/* A request larger than this is refused and its connection closed: no legitimate call is. */
#define VARLINK_REQUEST_MAX ((size_t) 64 * 1024)
/* Replies may list thousands of units; a client accepts this much. */
#define VARLINK_REPLY_MAX ((size_t) 64 * 1024 * 1024)

struct varlink_buffer {
        char *data;
        size_t len;      /* bytes held */
        size_t consumed; /* bytes already handed out (input) or written (output) */
        size_t cap;
};

void varlink_buffer_done(struct varlink_buffer *b);

/* Reads once from fd into b. Returns bytes read (> 0), 0 on EOF, -EAGAIN, or -errno. */
ssize_t varlink_buffer_fill(struct varlink_buffer *b, int fd);

/* Takes the next complete message out of b.
 * Returns 1 and sets *ret, 0 if more bytes are needed, -EMSGSIZE if a message would
 * exceed max, -EBADMSG if it is not a JSON object. */
int varlink_buffer_next(struct varlink_buffer *b, size_t max, struct json_object **ret);

/* Appends message v (serialised, NUL-terminated) to an output buffer. */
int varlink_buffer_append(struct varlink_buffer *b, struct json_object *v);

/* Writes as much pending output as fd takes. Returns bytes still pending or -errno. */
ssize_t varlink_buffer_flush(struct varlink_buffer *b, int fd);

static inline size_t varlink_buffer_pending(const struct varlink_buffer *b) {
        return b->len - b->consumed;
}

/* Message builders; each takes ownership of parameters (may be NULL for {}). */
struct json_object *varlink_message_call(const char *method, struct json_object *parameters, bool more);
struct json_object *varlink_message_reply(struct json_object *parameters, bool continues);
struct json_object *varlink_message_error(const char *error, struct json_object *parameters);

/* Parameter accessors that tolerate a missing or ill-typed field. */
const char *varlink_get_string(struct json_object *o, const char *key);
int64_t varlink_get_int(struct json_object *o, const char *key, int64_t def);

static inline void json_object_putp(struct json_object **o) {
        if (*o)
                json_object_put(*o);
}
#define _cleanup_json_ _cleanup_(json_object_putp)

/* The blocking client used by svcctl, tests and benchmarks. */
struct varlink_client {
        int fd;
        struct varlink_buffer in, out;
};

int varlink_client_connect(const char *socket_path, struct varlink_client **ret);
struct varlink_client *varlink_client_free(struct varlink_client *c);
DEFINE_POINTER_CLEANUP(struct varlink_client, varlink_client_free)

/* Sends one call and waits for its reply. On a Varlink error reply returns -EBADE with
 * *ret_error set to the error name (owned by *ret_reply). *ret_reply is the whole reply
 * message; its "parameters" object holds the result. */
int varlink_client_call(struct varlink_client *c, const char *method, struct json_object *parameters,
                        struct json_object **ret_reply, const char **ret_error);

/* Lower-level halves of a call, for pipelining (benchmarks) and streaming replies. */
int varlink_client_send(struct varlink_client *c, const char *method, struct json_object *parameters);
/* The same with "more": the server may answer with several replies, each but the last
 * marked "continues" (varlink.org). */
int varlink_client_send_more(struct varlink_client *c, const char *method, struct json_object *parameters);
int varlink_client_receive(struct varlink_client *c, struct json_object **ret_reply, const char **ret_error);
