/* user-runtime-dir.h: where a per-user svcd keeps its socket and state when no
 * $XDG_RUNTIME_DIR says (a container started with docker run --user, a cron job). */
#pragma once

#include <stdbool.h>

/* The runtime directory of a per-user svcd: $XDG_RUNTIME_DIR/svcd (set and not empty);
 * else, as pam_systemd would have made it, /run/user/UID/svcd when /run/user/UID is a
 * directory of ours; else ${TMPDIR:-/tmp}/svcd-UID, where *ret_in_tmp is set true: a place
 * others can write to, which the caller must claim (svcd) or check (svcctl) before trusting
 * it. svcd and svcctl agree on it. Returns 0 with *ret, or -ENOMEM. */
int user_runtime_dir(char **ret, bool *ret_in_tmp);

/* Creates the last of those (mode 0700) or checks the one there: a directory, not a link,
 * owned by us and writable by no one else, so that another user cannot squat on it.
 * Returns 0, -EPERM if it is someone else's (or open to others), or -errno. */
int user_runtime_dir_claim_tmp(const char *path);

/* Whether path is a directory owned by the caller's uid (a socket below it can be trusted). */
bool user_runtime_dir_is_ours(const char *path);
