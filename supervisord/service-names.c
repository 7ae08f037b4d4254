/* service-names.c: the words systemctl uses for a service's states, results and load states. */
#include "supervisord/service.h"

const char *service_active_state(const struct service *s) {
        switch (s->state) {
        case SERVICE_RUNNING:
                return "active";
        case SERVICE_STOP_SIGTERM:
        case SERVICE_STOP_SIGKILL:
                return "deactivating";
        case SERVICE_AUTO_RESTART:
                return "activating";
        case SERVICE_FAILED:
                return "failed";
        default:
                return "inactive";
        }
}

static const char *const state_names[_SERVICE_STATE_MAX] = {
        [SERVICE_DEAD] = "dead",
        [SERVICE_RUNNING] = "running",
        [SERVICE_STOP_SIGTERM] = "stop-sigterm",
        [SERVICE_STOP_SIGKILL] = "stop-sigkill",
        [SERVICE_AUTO_RESTART] = "auto-restart",
        [SERVICE_FAILED] = "failed",
};

const char *service_state_to_string(enum service_state st) {
        return (unsigned) st < _SERVICE_STATE_MAX ? state_names[st] : "invalid";
}

static const char *const result_names[_SERVICE_RESULT_MAX] = {
        [SERVICE_SUCCESS] = "success",
        [SERVICE_FAILURE_EXIT_CODE] = "exit-code",
        [SERVICE_FAILURE_SIGNAL] = "signal",
        [SERVICE_FAILURE_CORE_DUMP] = "core-dump",
        [SERVICE_FAILURE_TIMEOUT] = "timeout",
        [SERVICE_FAILURE_RESOURCES] = "resources",
        [SERVICE_FAILURE_START_LIMIT_HIT] = "start-limit-hit",
};

const char *service_result_to_string(enum service_result r) {
        return (unsigned) r < _SERVICE_RESULT_MAX ? result_names[r] : "invalid";
}

static const char *const load_state_names[_LOAD_STATE_MAX] = {
        [LOAD_LOADED] = "loaded",
        [LOAD_NOT_FOUND] = "not-found",
        [LOAD_BAD_SETTING] = "bad-setting",
        [LOAD_MASKED] = "masked",
        [LOAD_ERROR] = "error",
};

const char *load_state_to_string(enum load_state st) {
        return (unsigned) st < _LOAD_STATE_MAX ? load_state_names[st] : "invalid";
}
