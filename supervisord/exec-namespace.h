/* exec-namespace.h: the filesystem and namespace sandbox of systemd.exec(5) "Sandboxing"
 * (ProtectSystem=, PrivateTmp=, ReadOnlyPaths=, PrivateNetwork=, ...) turned into the
 * plan's unshare flags and mount operations (libsvc/spawn-mount.h). The mount entries
 * come from exec-mounts.h; what outlives a command is exec-private-tmp.h (the PrivateTmp=
 * directories) and exec-remove-ipc.h (RemoveIPC=). */
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

/* Where svcd keeps what the sandbox mounts from (the inaccessible nodes of
 * InaccessiblePaths=, the staging directory of PrivateDevices=): DIR/inaccessible/... .
 * Defaults to $SVCD_RUNTIME_DIR, else /run/svcd; the manager sets its --runtime-dir. */
int exec_namespace_set_runtime_dir(const char *dir);
