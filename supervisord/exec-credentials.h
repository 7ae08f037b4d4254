/* exec-credentials.h: User=, Group=, SupplementaryGroups=, DynamicUser= resolved to numbers
 * in the parent (NSS is not async-signal-safe), and the variables they define ($USER,
 * $LOGNAME, $HOME, $SHELL; systemd.exec(5) "Environment Variables in Spawned Processes").
 *
 * What svcd does, and where it departs from systemd 252 (src/core/execute.c, user-util.c):
 *
 * - User= is a name or a decimal uid. "root"/"0" and "nobody"/"65534" are synthesized
 *   without asking NSS, as systemd does: root gets HOME=/root and SHELL=/bin/bash (or
 *   /bin/sh where bash is missing), nobody gets neither. Other users come from the user
 *   database; their $HOME and $SHELL are left out when they say nothing ("/" or an empty or
 *   relative home; an empty, relative or nologin/false/true shell), like systemd's
 *   USER_CREDS_CLEAN. A numeric uid is replaced by its database name in $USER.
 * - Departure: a numeric User= (or Group=, or SupplementaryGroups= entry) without a
 *   database entry is accepted, as container runtimes accept `--user 1234` (systemd 252
 *   refuses it). The user then has no home or shell, $USER is the number, and its primary
 *   group is Group= or else the gid of the same number (never root's group).
 * - Group= defaults to the user's primary group. "root"/"0" are synthesized; "nogroup" and
 *   "nobody" mean 65534 when the group database lacks them (Debian calls it "nogroup").
 * - Supplementary groups: with User= set and a primary group other than 0, the user's groups
 *   from the group database (getgrouplist(3), what initgroups(3) would set), then the
 *   SupplementaryGroups= entries, duplicates dropped. With neither, svcd's own supplementary
 *   groups are kept (set_groups false), as systemd keeps PID 1's.
 * - DynamicUser=: svcd has no nss-systemd, so it emulates the allocation. The user name is
 *   User=, or the unit name's prefix ("foo" for foo.service and foo@bar.service) when it is
 *   a valid user name, else "_du" and 16 hex digits of a hash of it. If a user of that name
 *   exists in the database it is used as it is (a static user); if only a group of that name
 *   exists the start fails (EILSEQ), as systemd.exec(5) requires. Otherwise a uid is picked
 *   in systemd's dynamic range EXEC_DYNAMIC_UID_MIN..EXEC_DYNAMIC_UID_MAX from a hash of
 *   the name, probing past ids that the user or group database uses or that svcd gave
 *   another name; gid = uid. The choice is recorded in svcd's state directory
 *   (dynamic-ids.h), so a name keeps its id across svcd restarts and reboots. A dynamic user gets
 *   $USER and $LOGNAME but no $HOME or $SHELL: nss-systemd would report "/" and nologin,
 *   which systemd's USER_CREDS_CLEAN drops. Unlike systemd, the ids are not released when
 *   the unit stops: the same name keeps its id for good. */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#include "libsvc/spawn.h"
#include "units/unit.h"

/* systemd's range for dynamic users (systemd.exec(5), DynamicUser=). */
#define EXEC_DYNAMIC_UID_MIN 61184
#define EXEC_DYNAMIC_UID_MAX 65519

struct exec_credentials {
        bool set_uid, set_gid, set_groups;
        uid_t uid;
        gid_t gid;
        gid_t *groups;   /* the user's groups from the database, then SupplementaryGroups= */
        size_t n_groups;
        char *user_name; /* $USER and $LOGNAME; NULL when the unit has no User= (nor DynamicUser=) */
        char *home;      /* $HOME; NULL when none */
        char *shell;     /* $SHELL; NULL when none */
};

void exec_credentials_done(struct exec_credentials *cred);

/* Resolves the unit's credentials. On failure returns -errno and sets *ret_failure to the
 * step systemd reports (USER for User=/DynamicUser=, GROUP for Group=/SupplementaryGroups=;
 * ESRCH for a name the database does not know), having logged the reason naming the unit
 * and the name that failed. *ret is written only on success. */
int exec_credentials_resolve(const struct exec_context *c, const char *unit_id, struct exec_credentials *ret,
                             struct spawn_status *ret_failure);
