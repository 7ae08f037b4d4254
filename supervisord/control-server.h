/* control-server.h: the Varlink control socket: accepting, buffering and answering clients. */
#pragma once

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

/* Defers the reply until the job on s finishes; the connection reads no further call
 * until then (Varlink replies come in call order). want_active: a start, else a stop. */
void control_connection_wait(struct control_connection *c, struct service *s, bool want_active);
