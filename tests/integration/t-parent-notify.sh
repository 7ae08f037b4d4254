#!/usr/bin/env bash
# t-parent-notify.sh: svcd run as a Type=notify service of another manager (systemd) says
# READY=1 once booted and STOPPING=1 when it shuts down, on the $NOTIFY_SOCKET it was
# given (sd_notify(3)); the services it starts never see that socket. socat plays the
# parent manager's datagram socket; it writes the datagrams back to back, without a
# separator, so the checks look for each state anywhere in the file. svcd loads libsystemd
# only to talk to such a parent (supervisord/libsystemd-dlopen.c): without $NOTIFY_SOCKET
# (nor journald) it must not be mapped at all.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

"$SVCD" --version | grep -qx '+libsystemd' || skip_all "svcd built without libsystemd"

env_dump=$(write_script env-dump.sh <<EOF
#!/bin/sh
env > $T/service-env
exec sleep 3600
EOF
)
unit envdump.service <<EOF
[Service]
ExecStart=$env_dump
EOF
enable_units envdump.service

maps_libsystemd() { grep -q 'libsystemd\.so' "/proc/$SVCD_PID/maps"; }
maps_no_libsystemd() { ! maps_libsystemd; }

# No parent manager, no journald here (the test's own /run is hidden only if the host has
# none): svcd never maps libsystemd.
if [ ! -e /run/systemd/journal/socket ]; then
        svcd_start
        ok "the service has started (no parent)" wait_until test -s "$T/service-env"
        ok "without \$NOTIFY_SOCKET, svcd does not load libsystemd" maps_no_libsystemd
        svcd_stop_and_wait TERM
        is "$?/$SVCD_EXIT" 0/0 "svcd exits 0 on SIGTERM (no parent)"
        rm -f "$T/service-env"
fi

socat -u UNIX-RECV:"$T/parent-notify" CREATE:"$T/notifications" &
socat_pid=$!
wait_until test -S "$T/parent-notify" || bail "socat did not create the notify socket"

NOTIFY_SOCKET=$T/parent-notify svcd_start
ok "svcd tells its parent READY=1 after boot" wait_until grep -q '^READY=1' "$T/notifications"
like "$(cat "$T/notifications")" 'STATUS=Supervising 1 unit' "with a STATUS= line"
ok "the service has started" wait_until test -s "$T/service-env"
ok "to notify its parent, svcd has loaded libsystemd" maps_libsystemd
unlike "$(cat "$T/service-env")" 'NOTIFY_SOCKET' "the service does not inherit svcd's NOTIFY_SOCKET"

svcd_stop_and_wait TERM
is "$?/$SVCD_EXIT" 0/0 "svcd exits 0 on SIGTERM"
ok "svcd tells its parent STOPPING=1 at shutdown" wait_until grep -q 'STOPPING=1' "$T/notifications"
kill "$socat_pid" 2>/dev/null
wait "$socat_pid" 2>/dev/null
done_testing
