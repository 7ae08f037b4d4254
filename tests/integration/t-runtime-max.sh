#!/usr/bin/env bash
# t-runtime-max.sh: RuntimeMaxSec= (systemd.service(5)): a service active for longer is stopped
# and fails with Result=timeout, and Restart=on-failure brings it back; "infinity", the default,
# lets it run. The clock is RuntimeMaxSec= itself: no test here measures time.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

# pid-log.sh NAME COMMAND...: appends its pid to $T/NAME.pids (one line per run), then
# becomes COMMAND.
pidlog=$(write_script pid-log.sh <<EOF
#!/bin/sh
echo \$\$ >>$T/\$1.pids
shift
exec "\$@"
EOF
)

unit limited.service <<EOF
[Service]
RuntimeMaxSec=1
ExecStart=/bin/sleep 3600
EOF
unit comeback.service <<EOF
[Unit]
StartLimitIntervalSec=0

[Service]
RuntimeMaxSec=1
Restart=on-failure
RestartSec=100ms
ExecStart=$pidlog comeback /bin/sleep 3601
EOF
unit unlimited.service <<EOF
[Service]
ExecStart=/bin/sleep 3602
EOF
unit infinite.service <<EOF
[Service]
RuntimeMaxSec=infinity
ExecStart=/bin/sleep 3603
EOF
svcd_start

is "$(show_value limited RuntimeMaxUSec)" 1s "RuntimeMaxSec=1: RuntimeMaxUSec=1s"
is "$(show_value unlimited RuntimeMaxUSec)" infinity "the default RuntimeMaxUSec is infinity"
is "$(show_value infinite RuntimeMaxUSec)" infinity "RuntimeMaxSec=infinity: RuntimeMaxUSec=infinity"

# The long-running ones first, so that they have run longer than limited.service once it fails.
exits 0 "svcctl start unlimited infinite exits 0" svcctl start unlimited infinite
unlimited=$(prop unlimited.service MainPID)
infinite=$(prop infinite.service MainPID)

exits 0 "svcctl start limited exits 0 (it got to running)" svcctl start limited
settles "RuntimeMaxSec=1: limited.service is stopped and fails" limited.service prop_is limited.service ActiveState failed
pid=$(prop limited.service ExecMainPID)
is "$(prop limited.service Result)" timeout "... with result timeout"
is "$(prop limited.service ExecMainCode)/$(prop limited.service ExecMainStatus)" 2/15 \
        "... after its main process was stopped with SIGTERM (ExecMainCode=2, ExecMainStatus=15)"
ok "its main process $pid is gone" pid_gone "$pid"
is "$(prop limited.service NRestarts)" 0 "... and it was not restarted (Restart=no)"
like "$(svcd_log)" 'limited\.service: .*(runtime|RuntimeMax)' "svcd's log says the runtime limit was reached"

is "$(state_of unlimited.service)/$(prop unlimited.service MainPID)" "active/running/$unlimited" \
        "without RuntimeMaxSec= a service outlives that limit: unlimited.service still runs, same main process"
is "$(state_of infinite.service)/$(prop infinite.service MainPID)" "active/running/$infinite" \
        "RuntimeMaxSec=infinity: infinite.service still runs, same main process"

exits 0 "svcctl start comeback exits 0" svcctl start comeback
# nth_pid N: the main pid of comeback.service's Nth run.
nth_pid() { sed -n "${1}p" "$T/comeback.pids" 2>/dev/null; }
restarted() {
        local second
        second=$(nth_pid 2)
        [ -n "$second" ] && [ "$(prop comeback.service NRestarts)" -ge 1 ] 2>/dev/null &&
                prop_is comeback.service ActiveState active && [ "$(prop comeback.service MainPID)" != 0 ]
}
settles "RuntimeMaxSec=1 with Restart=on-failure: comeback.service runs again, a new main process" comeback.service restarted
first=$(nth_pid 1)
isnt "$(nth_pid 2)" "$first" "the second run has a main process of its own"
ok "the first run's main process ${first:-?} is gone" pid_gone "$first"
exits 0 "svcctl stop comeback exits 0" svcctl stop comeback
is "$(state_of comeback.service)" inactive/dead "stopped by svcctl stop: inactive (dead)"

ok "svcd is still running" svcd_running
done_testing
