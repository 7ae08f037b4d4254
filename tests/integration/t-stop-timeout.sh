#!/usr/bin/env bash
# t-stop-timeout.sh: a service that ignores SIGTERM is SIGKILLed after TimeoutStopSec=. The
# test asserts the outcome (TERM was delivered, the process is gone, KILL ended it), never
# how long it took.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

# Handles TERM by noting it and carrying on. A trap, unlike `trap '' TERM`, is not
# inherited by the sleeps (exec resets handled signals), so they die of TERM and the loop
# simply starts another one.
stubborn=$(write_script stubborn.sh <<EOF
#!/bin/sh
trap 'echo TERM >>$T/term-seen' TERM
while :; do
        sleep 0.1
done
EOF
)
unit stubborn.service <<EOF
[Service]
ExecStart=$stubborn
TimeoutStopSec=1
EOF
enable_units stubborn.service
svcd_start

ok "stubborn.service becomes active" wait_until prop_is stubborn.service ActiveState active
pid=$(prop stubborn.service MainPID)
ok "stubborn.service has its SIGTERM trap" wait_until handles_signal "$pid" 15
is "$(prop stubborn.service TimeoutStopUSec)" 1000000 "TimeoutStopUSec is 1000000 (TimeoutStopSec=1)"

exits 0 "svcctl stop stubborn exits 0" svcctl stop stubborn
ok "svcd sent SIGTERM first (the service noted it)" test -s "$T/term-seen"
ok "the main process $pid is gone" ns_pid_gone "$pid"
like "$(prop stubborn.service ActiveState)" '^(inactive|failed)$' "stubborn.service is inactive or failed"
is "$(prop stubborn.service ExecMainCode)" 2 "its main process was killed by a signal (ExecMainCode 2)"
is "$(prop stubborn.service ExecMainStatus)" 9 "that signal was SIGKILL (ExecMainStatus 9)"
ok "no process is left in the namespace but svcd" wait_until only_svcd_left

ok "svcd is still running" svcd_running
done_testing
