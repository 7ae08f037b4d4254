#!/usr/bin/env bash
# t-try-restart.sh: svcctl try-restart (systemctl(1)): a running unit is restarted (a new main
# process), an inactive one is left alone, and both exit 0; an unknown unit exits 4.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

unit running.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
EOF
unit idle.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
EOF
enable_units running.service
svcd_start

ok "running.service is active" wait_until prop_is running.service ActiveState active
before=$(prop running.service MainPID)
exits 0 "svcctl try-restart running exits 0" svcctl try-restart running
is "$(prop running.service ActiveState)" active "running.service is active again"
isnt "$(prop running.service MainPID)" "$before" "... with a new main process"

exits 0 "svcctl try-restart idle exits 0" svcctl try-restart idle
is "$(prop idle.service ActiveState)" inactive "an inactive unit is left alone"
is "$(prop idle.service MainPID)" 0 "... nothing was started"

exits 4 "svcctl try-restart of an unknown unit exits 4" svcctl try-restart no-such-unit
done_testing
