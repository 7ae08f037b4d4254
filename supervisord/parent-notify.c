/* parent-notify.c: sd_notify(3) to a parent systemd, through libsystemd when svcd can load it
 * (DESIGN.md decision 7: svcd uses libsystemd's client side, and works without it). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "libsvc/log.h"
#include "supervisord/libsystemd-dlopen.h"
#include "supervisord/parent-notify.h"

static void notify(const char *what, const char *state) {
        /* Services never see NOTIFY_SOCKET of svcd's parent: their environment is built, not inherited. */
        int r = libsystemd_notify(state);
        if (r == -EOPNOTSUPP) {
                log_notice("NOTIFY_SOCKET is set, but this svcd cannot use libsystemd; not notifying.");
                unsetenv("NOTIFY_SOCKET"); /* said once */
        } else if (r < 0)
                log_warning_errno(r, "Failed to notify the parent service manager (%s): %m", what);
        else if (r > 0)
                log_debug("Notified the parent service manager: %s", what);
}

void parent_notify_ready(unsigned n_units) {
        char state[128];

        snprintf(state, sizeof state, "READY=1\nSTATUS=Supervising %u unit(s)", n_units);
        notify("ready", state);
}

void parent_notify_stopping(void) {
        notify("stopping", "STOPPING=1\nSTATUS=Shutting down");
}
