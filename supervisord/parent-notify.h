/* parent-notify.h: telling the service manager above svcd (systemd) how svcd is doing. */
#pragma once

/* READY=1 once svcd has booted, STOPPING=1 when it shuts down, STATUS= on the way:
 * svcd run as a Type=notify systemd service reports readiness like any daemon. A no-op
 * when $NOTIFY_SOCKET is unset or svcd was built without libsystemd. */
void parent_notify_ready(unsigned n_units);
void parent_notify_stopping(void);

/* Whether this build can notify ("+libsystemd" in --version). */
int parent_notify_supported(void);
