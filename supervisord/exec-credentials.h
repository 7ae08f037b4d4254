/* exec-credentials.h: User=, Group=, SupplementaryGroups=, DynamicUser= resolved to numbers
 * in the parent (NSS is not async-signal-safe), and the variables they define ($USER,
 * $LOGNAME, $HOME, $SHELL; systemd.exec(5) "Environment Variables in Spawned Processes"). */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#include "libsvc/spawn.h"
#include "units/unit.h"

struct exec_credentials {
        bool set_uid, set_gid, set_groups;
        uid_t uid;
        gid_t gid;
        gid_t *groups;   /* SupplementaryGroups= (and, with User=, the user's own groups? see .c) */
        size_t n_groups;
        char *user_name; /* $USER and $LOGNAME; NULL when the unit has no User= */
        char *home;      /* $HOME; NULL when none */
        char *shell;     /* $SHELL; NULL when none */
};

void exec_credentials_done(struct exec_credentials *cred);

/* Resolves the unit's credentials. On failure returns -errno and sets *ret_failure to the
 * step systemd reports (USER for User=, GROUP for Group=/SupplementaryGroups=), having
 * logged the reason naming the unit and the name that failed. */
int exec_credentials_resolve(const struct exec_context *c, const char *unit_id, struct exec_credentials *ret,
                             struct spawn_status *ret_failure);
