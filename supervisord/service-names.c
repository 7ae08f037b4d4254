/* service-names.c: the words systemctl uses for a service's states, results and load states. */
#include "supervisord/service.h"

/* systemd's unit active states for each service sub-state (systemd.service(5)). */
static const char *const active_states[_SERVICE_STATE_MAX] = {
        [SERVICE_DEAD] = "inactive",
        [SERVICE_CONDITION] = "activating",
        [SERVICE_START_PRE] = "activating",
        [SERVICE_START] = "activating",
        [SERVICE_START_POST] = "activating",
        [SERVICE_RUNNING] = "active",
        [SERVICE_EXITED] = "active",
        [SERVICE_RELOAD] = "reloading",
        [SERVICE_STOP] = "deactivating",
        [SERVICE_STOP_WATCHDOG] = "deactivating",
        [SERVICE_STOP_SIGTERM] = "deactivating",
        [SERVICE_STOP_SIGKILL] = "deactivating",
        [SERVICE_STOP_POST] = "deactivating",
        [SERVICE_FINAL_WATCHDOG] = "deactivating",
        [SERVICE_FINAL_SIGTERM] = "deactivating",
        [SERVICE_FINAL_SIGKILL] = "deactivating",
        [SERVICE_FAILED] = "failed",
        [SERVICE_AUTO_RESTART] = "activating",
};

const char *service_active_state(const struct service *s) {
        return service_state_to_active_state(s->state);
}

const char *service_state_to_active_state(enum service_state st) {
        return (unsigned) st < _SERVICE_STATE_MAX ? active_states[st] : "invalid";
}

static const char *const state_names[_SERVICE_STATE_MAX] = {
        [SERVICE_DEAD] = "dead",
        [SERVICE_CONDITION] = "condition",
        [SERVICE_START_PRE] = "start-pre",
        [SERVICE_START] = "start",
        [SERVICE_START_POST] = "start-post",
        [SERVICE_RUNNING] = "running",
        [SERVICE_EXITED] = "exited",
        [SERVICE_RELOAD] = "reload",
        [SERVICE_STOP] = "stop",
        [SERVICE_STOP_WATCHDOG] = "stop-watchdog",
        [SERVICE_STOP_SIGTERM] = "stop-sigterm",
        [SERVICE_STOP_SIGKILL] = "stop-sigkill",
        [SERVICE_STOP_POST] = "stop-post",
        [SERVICE_FINAL_WATCHDOG] = "final-watchdog",
        [SERVICE_FINAL_SIGTERM] = "final-sigterm",
        [SERVICE_FINAL_SIGKILL] = "final-sigkill",
        [SERVICE_FAILED] = "failed",
        [SERVICE_AUTO_RESTART] = "auto-restart",
};

const char *service_state_to_string(enum service_state st) {
        return (unsigned) st < _SERVICE_STATE_MAX ? state_names[st] : "invalid";
}

static const char *const result_names[_SERVICE_RESULT_MAX] = {
        [SERVICE_SUCCESS] = "success",
        [SERVICE_FAILURE_RESOURCES] = "resources",
        [SERVICE_FAILURE_PROTOCOL] = "protocol",
        [SERVICE_FAILURE_TIMEOUT] = "timeout",
        [SERVICE_FAILURE_EXIT_CODE] = "exit-code",
        [SERVICE_FAILURE_SIGNAL] = "signal",
        [SERVICE_FAILURE_CORE_DUMP] = "core-dump",
        [SERVICE_FAILURE_WATCHDOG] = "watchdog",
        [SERVICE_FAILURE_START_LIMIT_HIT] = "start-limit-hit",
        [SERVICE_SKIP_CONDITION] = "exec-condition",
};

const char *service_result_to_string(enum service_result r) {
        return (unsigned) r < _SERVICE_RESULT_MAX ? result_names[r] : "invalid";
}

static const char *const exec_kind_names[_SERVICE_EXEC_KIND_MAX] = {
        [SERVICE_EXEC_CONDITION] = "ExecCondition",
        [SERVICE_EXEC_START_PRE] = "ExecStartPre",
        [SERVICE_EXEC_START] = "ExecStart",
        [SERVICE_EXEC_START_POST] = "ExecStartPost",
        [SERVICE_EXEC_RELOAD] = "ExecReload",
        [SERVICE_EXEC_STOP] = "ExecStop",
        [SERVICE_EXEC_STOP_POST] = "ExecStopPost",
};

const char *service_exec_kind_to_string(enum service_exec_kind k) {
        return (unsigned) k < _SERVICE_EXEC_KIND_MAX ? exec_kind_names[k] : "invalid";
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

static const char *const event_names[_SERVICE_EVENT_MAX] = {
        [SERVICE_EV_START] = "start",
        [SERVICE_EV_STOP] = "stop",
        [SERVICE_EV_RESTART] = "restart",
        [SERVICE_EV_RELOAD] = "reload",
        [SERVICE_EV_MAIN_EXITED] = "main-exited",
        [SERVICE_EV_CONTROL_EXITED] = "control-exited",
        [SERVICE_EV_GROUP_EMPTY] = "group-empty",
        [SERVICE_EV_TIMEOUT] = "timeout",
        [SERVICE_EV_WATCHDOG] = "watchdog",
        [SERVICE_EV_READY] = "ready",
        [SERVICE_EV_RELOADING] = "reloading",
        [SERVICE_EV_STOPPING] = "stopping",
};

const char *service_event_to_string(enum service_event ev) {
        return (unsigned) ev < _SERVICE_EVENT_MAX ? event_names[ev] : "invalid";
}
