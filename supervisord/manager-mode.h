/* manager-mode.h: which of its four roles svcd plays, and the final step of PID 1 of a
 * machine (halt, power off, reboot) once its shutdown is over. */
#pragma once

#include <stdbool.h>

enum manager_mode {
        MANAGER_MODE_CONTAINER, /* PID 1 of a container (or of any PID namespace but the first) */
        MANAGER_MODE_MACHINE,   /* PID 1 of a VM or a machine: the kernel's init */
        MANAGER_MODE_SUPERVISOR, /* under another init, as a child subreaper */
        MANAGER_MODE_USER,      /* a per-user manager (--user) */
        _MANAGER_MODE_MAX,
};

/* What svcd does once everything is stopped: exit, or (PID 1 of a machine only) reboot(2). */
enum manager_final_action {
        MANAGER_FINAL_EXIT,
        MANAGER_FINAL_POWEROFF,
        MANAGER_FINAL_REBOOT,
        MANAGER_FINAL_HALT,
        _MANAGER_FINAL_MAX,
};

/* The mode from the process' place: the container technology's name goes to *ret_container
 * ("docker", "podman", "container-other" for a bare PID namespace, or NULL). */
enum manager_mode manager_mode_detect(bool user_mode, bool is_pid1, const char **ret_container);
const char *manager_mode_to_string(enum manager_mode mode);
const char *manager_final_action_to_string(enum manager_final_action a);
/* "poweroff", "reboot", "halt", "exit": the action, or -EINVAL. */
int manager_final_action_from_string(const char *s);

/* PID 1 of a machine, at the very end: sync(2), then reboot(2) as asked. Returns only if
 * the kernel refused (the caller must then never return from main: the kernel panics
 * when PID 1 exits). */
void manager_final_action_run(enum manager_final_action a);
