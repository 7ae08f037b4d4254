/* cgroup-limits.h: systemd.resource-control(5) limits in a service's cgroup (MemoryMax=,
 * MemoryHigh=, TasksMax=, CPUWeight=), and the controllers they need enabled below svcd. */
#pragma once

#include "supervisord/cgroup.h"
#include "units/unit.h"

/* Enables the memory, pids and cpu controllers for the service cgroups below r->path,
 * where its parent makes them available: in svcd's own cgroup first when that is the
 * hierarchy's root (a machine's PID 1; the root is exempt from the "no internal process"
 * rule), then in r->path. Best effort: what cannot be enabled shows later as limits not
 * enforced. Returns a mask of CGROUP_CONTROLLER_* now enabled below r->path. */
enum {
        CGROUP_CONTROLLER_CPU = 1 << 0,
        CGROUP_CONTROLLER_MEMORY = 1 << 1,
        CGROUP_CONTROLLER_PIDS = 1 << 2,
};
unsigned cgroup_limits_enable_controllers(const struct cgroup_root *r);

/* Writes c's limits into the cgroup at path (memory.max, memory.high, pids.max,
 * cpu.weight); each that cannot be written is appended to *not_enforced as "MemoryMax=:
 * why", as the sandboxing directives are; with path NULL (no cgroups), every limit set.
 * Returns 0, or -ENOMEM. */
int cgroup_limits_apply(const char *path, const struct cgroup_context *c, char ***not_enforced);
