/* unit.c: struct unit's lifetime, systemd's defaults, enum names, and the checks before a unit may run. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "units/directives.h"
#include "units/exec-line.h"
#include "units/unit.h"

/* The defaults of systemd.service(5) and systemd.unit(5) (DefaultRestartSec=100ms,
 * DefaultTimeoutStopSec=90s, DefaultStartLimitIntervalSec=10s, DefaultStartLimitBurst=5
 * in systemd-system.conf(5)). Parsers reset a setting to these on an empty assignment. */
const struct unit unit_defaults = {
        .type = _UNIT_TYPE_INVALID,
        .start_limit_interval_usec = 10 * USEC_PER_SEC,
        .start_limit_burst = 5,
        .service_type = SERVICE_SIMPLE,
        .restart = RESTART_NO,
        .restart_usec = 100 * USEC_PER_MSEC,
        .timeout_stop_usec = 90 * USEC_PER_SEC,
};

int unit_new(const char *id, struct unit **ret) {
        _cleanup_(unit_freep) struct unit *u = NULL;

        u = malloc(sizeof *u);
        if (!u)
                return -ENOMEM;
        *u = unit_defaults;
        u->id = strdup(id);
        if (!u->id)
                return -ENOMEM;
        u->type = unit_type_from_name(id);
        *ret = TAKE_PTR(u);
        return 0;
}

struct unit *unit_free(struct unit *u) {
        if (!u)
                return NULL;
        free(u->id);
        free(u->fragment_path);
        free(u->description);
        strv_free(u->documentation);
        strv_free(u->wanted_by);
        exec_command_free_array(u->exec_start, u->n_exec_start);
        free(u);
        return NULL;
}

int unit_verify(const struct unit *u) {
        const char *path = u->fragment_path ?: u->id;

        if (u->type != UNIT_SERVICE)
                return 0;
        /* Wording as systemd's service_verify() messages, so that searches for them find
         * the man page explanation (systemd.service(5), ExecStart=). */
        if (u->n_exec_start == 0)
                return log_error_errno(-ENOEXEC, "%s: %s: Service has no ExecStart= setting. Refusing.", path,
                                       u->id);
        if (u->n_exec_start > 1 && u->service_type != SERVICE_ONESHOT)
                return log_error_errno(-ENOEXEC,
                                       "%s: %s: Service has more than one ExecStart= setting, which is only allowed "
                                       "for Type=oneshot services. Refusing.",
                                       path, u->id);
        return 0;
}

static const char *const unit_type_suffix[_UNIT_TYPE_MAX] = {
        [UNIT_SERVICE] = "service",
        [UNIT_TARGET] = "target",
};

static const char *const service_type_names[_SERVICE_TYPE_MAX] = {
        [SERVICE_SIMPLE] = "simple",   [SERVICE_EXEC] = "exec",
        [SERVICE_FORKING] = "forking", [SERVICE_ONESHOT] = "oneshot",
        [SERVICE_DBUS] = "dbus",       [SERVICE_NOTIFY] = "notify",
        [SERVICE_NOTIFY_RELOAD] = "notify-reload", [SERVICE_IDLE] = "idle",
};

static const char *const restart_policy_names[_RESTART_POLICY_MAX] = {
        [RESTART_NO] = "no",
        [RESTART_ON_SUCCESS] = "on-success",
        [RESTART_ON_FAILURE] = "on-failure",
        [RESTART_ON_ABNORMAL] = "on-abnormal",
        [RESTART_ON_WATCHDOG] = "on-watchdog",
        [RESTART_ON_ABORT] = "on-abort",
        [RESTART_ALWAYS] = "always",
};

static int lookup(const char *const *names, size_t n, const char *s) {
        if (!s)
                return -EINVAL;
        for (size_t i = 0; i < n; i++)
                if (names[i] && streq(names[i], s))
                        return (int) i;
        return -EINVAL;
}

const char *unit_type_to_string(enum unit_type t) {
        return t >= 0 && t < _UNIT_TYPE_MAX ? unit_type_suffix[t] : NULL;
}

enum unit_type unit_type_from_name(const char *name) {
        const char *dot = name ? strrchr(name, '.') : NULL;
        int t;

        if (!dot)
                return _UNIT_TYPE_INVALID;
        t = lookup(unit_type_suffix, _UNIT_TYPE_MAX, dot + 1);
        return t < 0 ? _UNIT_TYPE_INVALID : (enum unit_type) t;
}

const char *service_type_to_string(enum service_type t) {
        return t < _SERVICE_TYPE_MAX ? service_type_names[t] : NULL;
}

int service_type_from_string(const char *s) {
        return lookup(service_type_names, _SERVICE_TYPE_MAX, s);
}

const char *restart_policy_to_string(enum restart_policy p) {
        return p < _RESTART_POLICY_MAX ? restart_policy_names[p] : NULL;
}

int restart_policy_from_string(const char *s) {
        return lookup(restart_policy_names, _RESTART_POLICY_MAX, s);
}
