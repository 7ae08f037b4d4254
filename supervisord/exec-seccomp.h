/* exec-seccomp.h: SystemCallFilter=, SystemCallErrorNumber=, SystemCallArchitectures=,
 * SystemCallLog= and the seccomp-based hardening (RestrictAddressFamilies=,
 * RestrictNamespaces=, LockPersonality=, MemoryDenyWriteExecute=, RestrictRealtime=,
 * RestrictSUIDSGID=) compiled with libseccomp into BPF programs for the spawn plan. */
#pragma once

#include "libsvc/spawn.h"
#include "units/unit.h"

/* Appends the unit's programs to plan->seccomp (spawn_plan_add_seccomp). Directives that
 * cannot be enforced (seccomp unavailable, an architecture libseccomp does not know) are
 * appended to *not_enforced as "Directive=value: why". Returns 0, or -errno when a
 * filter cannot be built (the start fails, step SECCOMP). */
int exec_seccomp_plan(const struct exec_context *c, const char *unit_id, struct spawn_plan *plan, char ***not_enforced);
