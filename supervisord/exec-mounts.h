/* exec-mounts.h: systemd.exec(5)'s filesystem directives (ProtectSystem=, BindPaths=, ...) as mount entries. */
#pragma once

#include <stdbool.h>

#include "libsvc/spawn-mount.h"
#include "units/unit.h"

/* MountAPIVFS= as it takes effect: an explicit setting wins; it defaults to yes with
 * RootDirectory=; ProtectKernelTunables=, ProtectControlGroups=, ProtectProc= and
 * ProcSubset= imply it. */
bool exec_mounts_api_vfs(const struct exec_context *c);

/* The entries for the mount namespace of unit_id's command: root is RootDirectory=
 * simplified (NULL for none or "/"), runtime_dir where svcd keeps the inaccessible nodes
 * and the staging directory of PrivateDevices=, writable_paths the StateDirectory= and
 * friends that stay writable, ipc whether the command gets a new IPC namespace (and so
 * its own /dev/mqueue), envp its environment (NOTIFY_SOCKET=). Creates the PrivateTmp=
 * directories (exec-private-tmp.h) on the first call of a run. A path that must exist and
 * does not is logged, naming the unit and the directive. Returns 0 with *ret filled (for
 * spawn_mount_plan_compile(), then spawn_mount_entries_done()), or -errno. */
int exec_mounts_build(const struct exec_context *c, const char *unit_id, const char *root, const char *runtime_dir,
                      char *const *writable_paths, bool ipc, char *const *envp, struct spawn_mount_entries *ret);
