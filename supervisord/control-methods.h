/* control-methods.h: the Varlink methods svcd serves, dispatched from one table. */
#pragma once

#include <json-c/json.h>

struct control_connection;

/* Runs one call; always queues exactly one reply (now, or when its job finishes). */
void control_method_call(struct control_connection *c, const char *method, struct json_object *parameters);
