/* exec-directories.h: RuntimeDirectory=, StateDirectory=, CacheDirectory=, LogsDirectory=,
 * ConfigurationDirectory= (systemd.exec(5) "Paths"): created by the parent before the
 * spawn, with their *DirectoryMode= and the service user's ownership, exported as
 * $RUNTIME_DIRECTORY and friends, and the runtime ones removed when the service stops. */
#pragma once

#include <stdbool.h>

#include "libsvc/spawn.h"
#include "supervisord/exec-credentials.h"
#include "units/unit.h"

/* Creates every configured directory (and its parents) under the system or user base
 * (/run, /var/lib, /var/cache, /var/log, /etc, or the XDG dirs for --user), chowning the
 * last component to the service user when set. Adds "RUNTIME_DIRECTORY=..." etc. to *env
 * and the absolute paths to *ret_paths (made writable in a read-only sandbox). On failure
 * returns -errno with *ret_failure set to the step systemd uses (RUNTIME_DIRECTORY 233, ...). */
int exec_directories_setup(const struct exec_context *c, const char *unit_id, const struct exec_credentials *cred,
                           bool user_mode, char ***env, char ***ret_paths, struct spawn_status *ret_failure);

/* Removes RuntimeDirectory= entries when the service stops, as RuntimeDirectoryPreserve=
 * says (restarting: true when an automatic restart follows). Logs failures; never fails. */
void exec_directories_cleanup(const struct exec_context *c, const char *unit_id, bool user_mode, bool restarting);
