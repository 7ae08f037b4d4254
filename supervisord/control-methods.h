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

struct service;
/* The unit the "name" parameter names, loaded if need be; NULL when the error (NoSuchUnit,
 * InvalidParameter) has been replied. */
struct service *control_lookup_unit(struct control_connection *c, struct json_object *parameters);
/* Replies {unit: UnitStatus}. */
void control_reply_unit_status(struct control_connection *c, struct service *s);

/* The job methods (control-jobs.c): StartUnit, StopUnit, ... become transactions. */
void control_method_start_unit(struct control_connection *c, struct json_object *parameters);
void control_method_stop_unit(struct control_connection *c, struct json_object *parameters);
void control_method_restart_unit(struct control_connection *c, struct json_object *parameters);
void control_method_try_restart_unit(struct control_connection *c, struct json_object *parameters);
void control_method_reload_unit(struct control_connection *c, struct json_object *parameters);
void control_method_reload_or_restart_unit(struct control_connection *c, struct json_object *parameters);
void control_method_try_reload_or_restart_unit(struct control_connection *c, struct json_object *parameters);
void control_method_list_jobs(struct control_connection *c, struct json_object *parameters);
void control_method_cancel_job(struct control_connection *c, struct json_object *parameters);
void control_method_clear_jobs(struct control_connection *c, struct json_object *parameters);
