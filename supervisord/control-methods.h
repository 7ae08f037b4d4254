/* control-methods.h: the Varlink methods svcd serves, dispatched from one table. */
#pragma once

#include <json-c/json.h>

struct control_connection;

/* Runs one call; always queues exactly one reply (now, or when its job finishes). */
void control_method_call(struct control_connection *c, const char *method, struct json_object *parameters);

/* {key: value}, the parameters of most errors. */
struct json_object *control_param_object(const char *key, const char *value);
/* GetLogs (control-logs.c). */
void control_method_get_logs(struct control_connection *c, struct json_object *parameters);
