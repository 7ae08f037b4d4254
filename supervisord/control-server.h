/* control-server.h: the Varlink control socket: accepting, buffering and answering clients. */
#pragma once

#include "supervisord/service.h"

#include <stdbool.h>
#include <sys/types.h>
#include <json-c/json.h>

struct manager;
struct control_server;
struct control_connection;
struct service;

int control_server_new(struct manager *m, const char *socket_path, struct control_server **ret);
struct control_server *control_server_free(struct control_server *s);

/* For the method handlers (control-methods.c). Each takes ownership of parameters. */
int control_reply(struct control_connection *c, struct json_object *parameters);
int control_reply_error(struct control_connection *c, const char *error, struct json_object *parameters);
/* Root, or the uid svcd runs as (DESIGN.md decision 6). */
bool control_connection_privileged(const struct control_connection *c);
struct manager *control_connection_manager(const struct control_connection *c);

/* Streaming replies (varlink.org "more"). control_connection_wants_more() tells whether the
 * call being run asked for them; control_reply_continues() queues one with "continues":
 * true. While a stream is set, the connection reads no further call; drained() is called
 * whenever its output has room again (it may queue more), close() when the connection
 * goes away (the client hung up, or svcd exits). control_connection_stream_end() hands
 * the connection back to reading calls, after the stream's last reply is queued. */
struct control_stream {
        void (*drained)(struct control_stream *st);
        void (*close)(struct control_stream *st);
};
bool control_connection_wants_more(const struct control_connection *c);
int control_reply_continues(struct control_connection *c, struct json_object *parameters);
void control_connection_stream(struct control_connection *c, struct control_stream *st);
void control_connection_stream_end(struct control_connection *c);
/* Output bytes queued for the client and not yet taken by it. */
size_t control_connection_pending_output(const struct control_connection *c);

/* Defers the reply until the job on s finishes; the connection reads no further call
 * until then (Varlink replies come in call order). job: what the reply waits for. */
void control_connection_wait(struct control_connection *c, struct service *s, enum service_job job);
/* The same for a queued job: the reply comes when it ends (done, or JobFailed with its result). */
struct job;
void control_connection_wait_job(struct control_connection *c, struct job *j);
