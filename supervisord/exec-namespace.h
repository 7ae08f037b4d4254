/* exec-namespace.h: the filesystem and namespace sandbox of systemd.exec(5) "Sandboxing"
 * (ProtectSystem=, PrivateTmp=, ReadOnlyPaths=, PrivateNetwork=, ...) turned into the
 * plan's unshare flags and mount operations (libsvc/spawn-mount.h). */
#pragma once

#include <sys/types.h>

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

/* PrivateTmp=: the host directories behind a unit's private /tmp and /var/tmp, created
 * by the first command of a service run and shared by all its commands ("/tmp/svcd-
 * private-UNIT-XXXXXX", "/var/tmp/svcd-private-UNIT-XXXXXX", each with a "tmp" inside
 * that is bound in). *ret_var_tmp is NULL without a host /var/tmp. -ENOENT if none. */
int exec_namespace_private_tmp(const char *unit_id, const char **ret_tmp, const char **ret_var_tmp);

/* When the service has stopped (after ExecStopPost=): removes its PrivateTmp= directories
 * with everything in them ("all temporary files created by a service in these directories
 * will be removed after the service is stopped", systemd.exec(5)). Logs failures. */
void exec_namespace_cleanup(const char *unit_id);

/* RemoveIPC= (systemd.exec(5)), when the service has stopped: removes the System V
 * semaphores, shared memory segments and message queues and the POSIX shared memory
 * (/dev/shm) and message queues (/dev/mqueue) owned by uid or gid. Never root's: 0 (and
 * (uid_t) -1, (gid_t) -1) match nothing. Returns how many objects it removed, or -errno of
 * the first failure (it goes on with the rest). */
int exec_namespace_remove_ipc(uid_t uid, gid_t gid);
