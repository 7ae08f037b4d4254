#!/usr/bin/env bash
# t-restart.sh: a main process killed with SIGKILL is restarted under Restart=always and
# stays dead under Restart=no (failed, Result signal); Restart=on-failure restarts after a
# non-zero exit only.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

unit always.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
Restart=always
RestartSec=100ms
EOF
unit no.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
Restart=no
EOF
# Exits 1 on its first run only; on-failure must bring it back.
failonce=$(write_script fail-once.sh <<EOF
#!/bin/sh
[ -e $T/failed-once ] && exec sleep 3600
touch $T/failed-once
exit 1
EOF
)
unit onfailure.service <<EOF
[Service]
ExecStart=$failonce
Restart=on-failure
RestartSec=100ms
EOF
unit cleanexit.service <<EOF
[Service]
ExecStart=/bin/true
Restart=on-failure
EOF
enable_units always.service no.service onfailure.service cleanexit.service
svcd_start

ok "always.service becomes active" wait_until prop_is always.service ActiveState active
ok "no.service becomes active" wait_until prop_is no.service ActiveState active

# Restart=always
old=$(prop always.service MainPID)
ok "SIGKILL to always.service's main process $old" ns_kill KILL "$old"
restarted() {
        local pid
        pid=$(prop always.service MainPID)
        [ "$(prop always.service ActiveState)" = active ] && [ "$pid" != 0 ] && [ "$pid" != "$old" ] &&
                ns_pid_exists "$pid"
}
ok "always.service runs again under a new main pid" wait_until restarted
new=$(prop always.service MainPID)
like "$(prop always.service NRestarts)" '^[1-9][0-9]*$' "NRestarts of always.service is at least 1"
unlike "$(ns_ps)" "^$old " "the killed process $old is gone (reaped)"
exits 0 "svcctl status always exits 0" svcctl status always
like "$OUT" 'Active: active \(running\)' "always.service shows active (running)"
like "$OUT" "Main PID: $new\\b" "status shows the new main pid"

# Restart=no
old=$(prop no.service MainPID)
ok "SIGKILL to no.service's main process $old" ns_kill KILL "$old"
ok "no.service ends failed" wait_until prop_is no.service ActiveState failed
is "$(prop no.service Result)" signal "Result is signal"
is "$(prop no.service ExecMainCode)" 2 "ExecMainCode is 2 (CLD_KILLED)"
is "$(prop no.service ExecMainStatus)" 9 "ExecMainStatus is 9 (SIGKILL)"
is "$(prop no.service NRestarts)" 0 "no.service was not restarted"
is "$(prop no.service MainPID)" 0 "MainPID is 0 once the process is gone"
unlike "$(ns_ps)" "^$old " "the killed process $old is gone (reaped)"
exits 3 "svcctl status no exits 3 (not active)" svcctl status no
like "$OUT" 'Active: failed \(Result: signal\)' "status shows failed (Result: signal)"
like "$OUT" 'signal=KILL' "status shows signal=KILL"
like "$(svcd_log)" 'no\.service.*(KILL|signal)' "svcd's log says how no.service ended"

# Restart=on-failure
restarted_on_failure() {
        [ -e "$T/failed-once" ] && [ "$(prop onfailure.service ActiveState)" = active ] &&
                [ "$(prop onfailure.service NRestarts)" != 0 ]
}
ok "onfailure.service is active again after its failing first run" wait_until restarted_on_failure
ok "cleanexit.service (exit 0 under on-failure) ends inactive" \
        wait_until prop_is cleanexit.service ActiveState inactive
is "$(prop cleanexit.service Result)" success "cleanexit.service's Result is success"
is "$(prop cleanexit.service NRestarts)" 0 "cleanexit.service was not restarted"

ok "svcd is still running" svcd_running
done_testing
