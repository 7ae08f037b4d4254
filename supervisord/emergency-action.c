/* emergency-action.c: FailureAction=, SuccessAction=, StartLimitAction=: ending svcd on a unit's behalf. */
#include <signal.h>
#include <time.h>

#include "libsvc/log.h"
#include "supervisord/cgroup.h"
#include "supervisord/emergency-action.h"
#include "supervisord/manager.h"
#include "units/value-parsers.h"

/* How an action ends svcd, -force and -immediate forms alike: a machine powers off,
 * reboots or halts; the rest exits. */
static enum manager_final_action final_of(enum emergency_action action) {
        switch (action) {
        case EMERGENCY_ACTION_POWEROFF:
        case EMERGENCY_ACTION_POWEROFF_FORCE:
        case EMERGENCY_ACTION_POWEROFF_IMMEDIATE:
                return MANAGER_FINAL_POWEROFF;
        case EMERGENCY_ACTION_REBOOT:
        case EMERGENCY_ACTION_REBOOT_FORCE:
        case EMERGENCY_ACTION_REBOOT_IMMEDIATE:
                return MANAGER_FINAL_REBOOT;
        case EMERGENCY_ACTION_HALT:
        case EMERGENCY_ACTION_HALT_FORCE:
        case EMERGENCY_ACTION_HALT_IMMEDIATE:
                return MANAGER_FINAL_HALT;
        default:
                return MANAGER_FINAL_EXIT;
        }
}

/* exit-force: no orderly stop (systemd.unit(5): "terminate without shutting down
 * services"). svcd still kills what it started before it goes, so that no service is
 * orphaned silently when svcd is not PID 1 (as PID 1, the kernel would kill them anyway). */
static void force_exit(struct manager *m, int status, enum emergency_action action) {
        for (size_t i = 0; i < m->n_services; i++)
                (void) service_kill(m->services[i], SIGKILL, "all"); /* as svcctl kill: everything of it */
        /* SIGKILLed processes leave their cgroups a moment later; give them that moment
         * (bounded) so that svcd can remove its cgroups on the way out. */
        for (int i = 0; i < 100; i++) {
                bool populated = false;
                for (size_t j = 0; j < m->n_services && !populated; j++)
                        populated = m->services[j]->cgroup_path && cgroup_is_populated(m->services[j]->cgroup_path);
                if (!populated)
                        break;
                (void) nanosleep(&(struct timespec) { .tv_nsec = 10 * 1000 * 1000 }, NULL);
        }
        /* The kernel's init halts, powers off or reboots instead (main(); exit-force: off). */
        m->final_action = final_of(action);
        ev_loop_exit(m->loop, status);
}

/* The action fires while a service changes state: the shutdown that stops every service
 * starts once that change is done, at the end of the loop turn. */
static void on_action(struct ev_defer *d) {
        struct manager *m = d->userdata;
        manager_request_shutdown(m, m->action_final, "A unit's action");
}

void emergency_action_run(struct manager *m, enum emergency_action action, int status, const char *unit_id,
                          const char *why) {
        if (action == EMERGENCY_ACTION_NONE || (unsigned) action >= _EMERGENCY_ACTION_MAX)
                return;
        bool orderly = action == EMERGENCY_ACTION_EXIT || action == EMERGENCY_ACTION_POWEROFF ||
                       action == EMERGENCY_ACTION_REBOOT || action == EMERGENCY_ACTION_HALT;
        if (m->shutting_down && orderly)
                return; /* already on the way out; the first action's status stands */
        if (m->exit_requested && orderly)
                return; /* svcctl exit CODE came first in this loop turn: its status stands */
        if (status < 0 || status > 255)
                status = 0;
        log_notice("%s: %s; executing %s, exit status %d.", unit_id, why,
                   value_enum_to_string(VALUE_ENUM_EMERGENCY_ACTION, action), status);
        m->exit_status = status;
        m->exit_status_set = true;
        if (orderly) {
                m->action_final = final_of(action);
                ev_defer_queue(m->loop, &m->action_defer, on_action, m);
        }
        else /* the -force and -immediate forms */
                force_exit(m, status, action);
}
