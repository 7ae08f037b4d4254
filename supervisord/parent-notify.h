/* parent-notify.h: telling the service manager above svcd (systemd) how svcd is doing. */
#pragma once

/* READY=1 once svcd has booted, STOPPING=1 when it shuts down, STATUS= on the way:
 * svcd run as a Type=notify systemd service reports readiness like any daemon. A no-op
 * when $NOTIFY_SOCKET is unset or svcd cannot load libsystemd (libsystemd-dlopen.c). */
void parent_notify_ready(unsigned n_units);
void parent_notify_stopping(void);
