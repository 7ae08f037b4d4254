/* exec-namespace.h: the filesystem and namespace sandbox of systemd.exec(5) "Sandboxing"
 * (ProtectSystem=, PrivateTmp=, ReadOnlyPaths=, PrivateNetwork=, ...) turned into the
 * plan's unshare flags and mount operations (libsvc/spawn-mount.h). */
#pragma once

#include "libsvc/spawn.h"
#include "units/unit.h"

/* Fills plan->unshare_flags, plan->loopback_up and plan->mounts. writable_paths are
 * directories that stay writable whatever ProtectSystem= says (the unit's
 * StateDirectory= and friends). A directive that cannot be enforced here (no
 * CAP_SYS_ADMIN, no mount namespaces) is appended to *not_enforced as
 * "Directive=value: why" and skipped. Returns 0, or -errno (the start fails, step NAMESPACE). */
int exec_namespace_plan(const struct exec_context *c, const char *unit_id, char *const *writable_paths,
                        struct spawn_plan *plan, char ***not_enforced);
