/* service-status.h: a service's UnitStatus (systemd property names) as a JSON object. */
#pragma once

#include <json-c/json.h>

#include "supervisord/service.h"

struct json_object *service_status_json(const struct service *s);
