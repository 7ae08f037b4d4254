/* manager-mode.c: svcd's role (container init, machine init, supervisor, user manager)
 * and PID 1's final reboot(2) (manager-mode.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>
#include <unistd.h>

#include "libsvc/fd-util.h"
#include "libsvc/log.h"
#include "libsvc/macro.h"
#include "supervisord/manager-mode.h"
#include "supervisord/proc-util.h"
#include "units/virtualization.h"

enum manager_mode manager_mode_detect(bool user_mode, bool is_pid1, const char **ret_container) {
        const char *name = NULL;

        if (ret_container)
                *ret_container = NULL;
        if (user_mode)
                return MANAGER_MODE_USER;
        if (!is_pid1)
                return MANAGER_MODE_SUPERVISOR;
        /* Docker and podman say so (the "container" variable, /.dockerenv,
         * /run/.containerenv); `unshare --pid` says nothing but is a container to us. */
        if (virt_detect_container(&name) != VIRT_NONE || !proc_pid_namespace_is_initial()) {
                if (ret_container)
                        *ret_container = name && !streq(name, "none") ? name : "container-other";
                return MANAGER_MODE_CONTAINER;
        }
        return MANAGER_MODE_MACHINE;
}

static const char *const mode_names[_MANAGER_MODE_MAX] = {
        [MANAGER_MODE_CONTAINER] = "container-init",
        [MANAGER_MODE_MACHINE] = "machine-init",
        [MANAGER_MODE_SUPERVISOR] = "supervisor",
        [MANAGER_MODE_USER] = "user",
};

const char *manager_mode_to_string(enum manager_mode mode) {
        return (unsigned) mode < _MANAGER_MODE_MAX ? mode_names[mode] : "unknown";
}

static const char *const final_names[_MANAGER_FINAL_MAX] = {
        [MANAGER_FINAL_EXIT] = "exit",
        [MANAGER_FINAL_POWEROFF] = "poweroff",
        [MANAGER_FINAL_REBOOT] = "reboot",
        [MANAGER_FINAL_HALT] = "halt",
};

const char *manager_final_action_to_string(enum manager_final_action a) {
        return (unsigned) a < _MANAGER_FINAL_MAX ? final_names[a] : "unknown";
}

int manager_final_action_from_string(const char *s) {
        for (int i = 0; s && i < _MANAGER_FINAL_MAX; i++)
                if (streq(s, final_names[i]))
                        return i;
        return -EINVAL;
}

void manager_final_action_run(enum manager_final_action a) {
        static const int commands[_MANAGER_FINAL_MAX] = {
                [MANAGER_FINAL_POWEROFF] = RB_POWER_OFF,
                [MANAGER_FINAL_REBOOT] = RB_AUTOBOOT,
                [MANAGER_FINAL_HALT] = RB_HALT_SYSTEM,
        };

        if (a == MANAGER_FINAL_EXIT || (unsigned) a >= _MANAGER_FINAL_MAX)
                return;
        log_info("All stopped: %s.", a == MANAGER_FINAL_POWEROFF ? "powering off"
                                     : a == MANAGER_FINAL_REBOOT ? "rebooting"
                                                                 : "halting");
        /* reboot(2) does not write dirty pages back: "the data will be lost". */
        sync();
        if (reboot(commands[a]) < 0)
                log_error_errno(-errno, "reboot(2) for %s failed: %m", final_names[a]);
}
