/* exec-directories.h: RuntimeDirectory=, StateDirectory=, CacheDirectory=, LogsDirectory=,
 * ConfigurationDirectory= (systemd.exec(5) "Paths"): created by the parent before the
 * spawn, with their *DirectoryMode= and the service user's ownership, exported as
 * $RUNTIME_DIRECTORY and friends, and the runtime ones removed when the service stops.
 *
 * The bases (systemd.exec(5) "Table 2"): /run, /var/lib, /var/cache, /var/log, /etc for
 * the system manager; for svcd --user $XDG_RUNTIME_DIR, $XDG_STATE_HOME (~/.local/state),
 * $XDG_CACHE_HOME (~/.cache), $XDG_STATE_HOME/log and $XDG_CONFIG_HOME (~/.config). (The
 * table of systemd 252 still names $XDG_CONFIG_HOME for state and logs; later systemd
 * moved them to $XDG_STATE_HOME, which svcd follows.)
 *
 * Below the base, no symlink is followed: every component is opened with O_NOFOLLOW, the
 * ownership walk and the removal use the *at() calls on directory fds and stay on one
 * filesystem. A service owns its directories and could plant symlinks in them; svcd, which
 * is root, must not be led to chown or delete anything outside them.
 *
 * Departure: with DynamicUser=, systemd keeps StateDirectory=, CacheDirectory= and
 * LogsDirectory= below a root-only "private/" directory behind symlinks, against uid
 * recycling. svcd's dynamic uids are stable per name (exec-credentials.h), so it creates
 * them in place, and strips set-user-ID and set-group-ID bits when it re-chowns them for
 * a dynamic user, as systemd does. */
#pragma once

#include <stdbool.h>

#include "libsvc/spawn.h"
#include "supervisord/exec-credentials.h"
#include "units/unit.h"

/* Creates every configured directory (and its parents) under the system or user base,
 * chowning the innermost ones (recursively, when their owner differs) to the service user
 * and group when set, except ConfigurationDirectory= which stays root's and keeps an
 * existing mode. Creates the "path:symlink" symlinks. Appends "RUNTIME_DIRECTORY=..." etc.
 * to *env and returns the absolute paths in *ret_paths (to stay writable in a read-only
 * sandbox). On failure returns -errno with *ret_failure set to the step of the directory's
 * type (RUNTIME_DIRECTORY 233, STATE_DIRECTORY 238, CACHE_DIRECTORY 239, LOGS_DIRECTORY
 * 240, CONFIGURATION_DIRECTORY 241; systemd reports a failed chown there too), having
 * logged the unit, the directive and the path. */
int exec_directories_setup(const struct exec_context *c, const char *unit_id, const struct exec_credentials *cred,
                           bool user_mode, char ***env, char ***ret_paths, struct spawn_status *ret_failure);

/* Removes RuntimeDirectory= entries (the innermost directories and their symlinks) when the
 * service stops, as RuntimeDirectoryPreserve= says (restarting: true when a restart
 * follows, automatic or "svcctl restart"). Logs failures; never fails. */
void exec_directories_cleanup(const struct exec_context *c, const char *unit_id, bool user_mode, bool restarting);

/* For tests: the system bases are taken below root ("/run" becomes ROOT/run); NULL restores
 * the real ones. The string is borrowed and must outlive its use. User-mode bases come from
 * the environment ($XDG_RUNTIME_DIR, $HOME, ...), which tests set themselves. */
void exec_directories_set_system_root(const char *root);
