/* service-status.h: a service's UnitStatus (systemd property names) as a JSON object. */
#pragma once

#include <json-c/json.h>

#include "supervisord/service.h"

struct json_object *service_status_json(const struct service *s);
/* A queued job as the Job type of io.svcd.Manager: id, type, state (a unit's "Job"). */
struct job;
struct json_object *job_status_json(const struct job *j);
