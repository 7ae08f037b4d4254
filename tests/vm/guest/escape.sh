#!/bin/sh
# escape.sh (in the guest, vmtest-escape.service): starts a child in a session of its own
# (setsid(2): a new session and process group), notes its pid, and stays as the main
# process. Stopping the service must stop the child too: only the service's cgroup still
# holds it.
setsid sh -c 'echo $$ >/run/vmtest-escapee.pid.tmp && mv /run/vmtest-escapee.pid.tmp /run/vmtest-escapee.pid && exec sleep 1001' &
exec sleep 1000
