/* emergency-action.h: what svcd does when a unit's FailureAction=, SuccessAction= or
 * StartLimitAction= fires (systemd.unit(5)). */
#pragma once

#include "units/unit.h"

struct manager;

/* Runs action for unit_id. status is the exit status svcd exits with for exit and
 * exit-force (FailureActionExitStatus= or the unit's main exit status). In a container
 * or as a supervisor, svcd does not reboot or power off a machine: poweroff and reboot
 * end svcd like exit (their -force and -immediate forms like exit-force), which is what a
 * container manager makes of them too. */
void emergency_action_run(struct manager *m, enum emergency_action action, int status, const char *unit_id,
                          const char *why);
