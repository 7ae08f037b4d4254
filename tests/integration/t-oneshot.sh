#!/usr/bin/env bash
# t-oneshot.sh: Type=oneshot (systemd.service(5)): its ExecStart= lines run one after the
# other while the unit is activating (start); svcctl start returns once they ran; then it is
# inactive (dead), or active (exited) with RemainAfterExit=yes until svcctl stop runs ExecStop=;
# a failing line ends the sequence and fails the unit unless "-" ignores it; Restart=always and
# on-success are refused for a oneshot, Restart=on-failure runs it again.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

# note.sh FILE WORD [STATUS]: appends WORD to FILE, exits STATUS (0).
note=$(write_script note.sh <<'EOF'
#!/bin/sh
echo "$2" >>"$1"
exit "${3:-0}"
EOF
)
# waiter.sh NAME: notes its pid in $T/NAME.pid, then waits (a minute at most) for $T/NAME.go.
waiter=$(waiter_script)
# fail-once.sh NAME: notes each run in $T/NAME; the first run exits 1, the others 0.
failonce=$(write_script fail-once.sh <<EOF
#!/bin/sh
echo run >>$T/\$1
[ "\$(wc -l <$T/\$1)" -gt 1 ]
EOF
)

# The first line is the slowest: run at the same time, it would come last.
unit seq.service <<EOF
[Service]
Type=oneshot
ExecStart=/bin/sh -c 'sleep 0.3; echo one >>$T/seq'
ExecStart=$note $T/seq two
ExecStart=$note $T/seq three
EOF
unit slow.service <<EOF
[Service]
Type=oneshot
ExecStart=$waiter slow
EOF
unit remain.service <<EOF
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=$note $T/remain start
ExecStop=$note $T/remain stop
EOF
unit noremain.service <<EOF
[Service]
Type=oneshot
RemainAfterExit=no
ExecStart=$note $T/noremain start
ExecStop=$note $T/noremain stop
EOF
unit fails.service <<EOF
[Service]
Type=oneshot
ExecStart=$note $T/fails one
ExecStart=$note $T/fails two 3
ExecStart=$note $T/fails three
EOF
unit dash.service <<EOF
[Service]
Type=oneshot
ExecStart=$note $T/dash one
ExecStart=-$note $T/dash two 3
ExecStart=$note $T/dash three
EOF
unit always.service <<EOF
[Service]
Type=oneshot
Restart=always
ExecStart=$note $T/always ran
EOF
unit onsuccess.service <<EOF
[Service]
Type=oneshot
Restart=on-success
ExecStart=$note $T/onsuccess ran
EOF
unit retry.service <<EOF
[Unit]
StartLimitIntervalSec=0

[Service]
Type=oneshot
Restart=on-failure
RestartSec=100ms
ExecStart=$failonce retry.runs
EOF
svcd_start

# --- the sequence -----------------------------------------------------------------------------
exits 0 "svcctl start seq exits 0" svcctl start seq
is "$(words "$T/seq")" "one two three" "the three ExecStart= lines ran one after the other, in order, before start returned"
is "$(state_of seq.service)" inactive/dead "RemainAfterExit=no (the default): inactive (dead) afterwards"
is "$(prop seq.service Result)" success "... with result success"
is "$(prop seq.service Type)" oneshot "Type is oneshot"
# The log: a line per process, "Finished" once the last has succeeded (systemd's word for a
# oneshot), never "Started" for each of its processes.
is "$(svcd_log | grep -c 'seq\.service: Running ExecStart= [123] of 3 (pid [0-9]*)\.')" 3 \
        "svcd's log has one 'Running ExecStart= N of 3' line per process"
is "$(svcd_log | grep -c 'seq\.service: Finished seq\.service\.')" 1 "and says 'Finished seq.service.' once"
is "$(svcd_log | grep -c 'seq\.service: Started')" 0 "and no 'Started' line"
is "$(svcctl show -p TimeoutStartUSec --value seq)" infinity "a oneshot has no start timeout by default (TimeoutStartUSec=infinity)"

# While a oneshot runs, it is activating (start), and svcctl --no-block start returns at once.
exits 0 "svcctl --no-block start slow exits 0 while its ExecStart= still runs" svcctl --no-block start slow
settles "slow.service's ExecStart= runs" slow.service test -s "$T/slow.pid"
is "$(state_of slow.service)" activating/start "while its ExecStart= runs the unit is activating (start)"
touch "$T/slow.go"
settles "once it has finished, slow.service is inactive (dead)" slow.service prop_is slow.service SubState dead
is "$(prop slow.service Result)" success "... with result success"

# --- RemainAfterExit= -------------------------------------------------------------------------
exits 0 "svcctl start remain exits 0" svcctl start remain
is "$(state_of remain.service)" active/exited "RemainAfterExit=yes: active (exited) once ExecStart= is done"
is "$(prop remain.service MainPID)" 0 "... with no main process"
exits 0 "svcctl start remain again exits 0" svcctl start remain
is "$(words "$T/remain")" "start" "... and does nothing: the unit is active already"
exits 0 "svcctl stop remain exits 0" svcctl stop remain
is "$(words "$T/remain")" "start stop" "svcctl stop runs ExecStop="
is "$(state_of remain.service)" inactive/dead "... and leaves the unit inactive (dead)"
is "$(prop remain.service Result)" success "... with result success"

exits 0 "svcctl start noremain exits 0" svcctl start noremain
settles "RemainAfterExit=no: inactive (dead) after the run" noremain.service prop_is noremain.service SubState dead
# systemd.service(5), ExecStop=: "the stop operation is always performed if the service
# started successfully, even if the processes in the service terminated on their own".
settles "... after its ExecStop= ran too (a service that started is always stopped)" noremain.service \
        words_are "$T/noremain" "start stop"

# --- failures ---------------------------------------------------------------------------------
exits 1 "svcctl start fails exits 1: its second ExecStart= exits 3" svcctl start fails
like "$ERR" 'Job for fails\.service failed' "svcctl says the job failed"
is "$(words "$T/fails")" "one two" "the sequence stopped at the failing line: the third never ran"
is "$(prop fails.service ActiveState)" failed "fails.service is failed"
is "$(prop fails.service Result)" exit-code "... with result exit-code"
is "$(prop fails.service ExecMainStatus)" 3 "ExecMainStatus is the failing line's status, 3"
is "$(svcd_log | grep -c 'fails\.service: Running ExecStart= [12] of 3')" 2 "svcd's log has its two lines that ran"
is "$(svcd_log | grep -c 'fails\.service: Finished')" 0 "... and no 'Finished': the oneshot failed"

exits 0 "svcctl start dash exits 0: its failing second line has the - prefix" svcctl start dash
is "$(words "$T/dash")" "one two three" "the sequence went on after the ignored failure"
is "$(state_of dash.service)" inactive/dead "dash.service ends inactive (dead)"
is "$(prop dash.service Result)" success "... with result success"

# --- Restart= ---------------------------------------------------------------------------------
# systemd.service(5), Restart=: "Type=oneshot services will never be restarted on a clean exit
# status, i.e. always and on-success are rejected for them" (systemd refuses to load the unit).
for u in always onsuccess; do
        policy=always
        [ $u = always ] || policy=on-success
        is "$(prop $u.service LoadState)" bad-setting "Type=oneshot with Restart=$policy: the unit is refused (bad-setting)"
        exits 1 "svcctl start $u exits 1" svcctl start $u
        ok "... and nothing ran" test ! -e "$T/$u"
        like "$(svcd_log)" "$u\\.service.*Restart=.*oneshot" "svcd's log says Restart= is not allowed for a oneshot ($u.service)"
done

retried() { words_are "$T/retry.runs" "run run" && prop_is retry.service SubState dead; }
exits 0 "svcctl --no-block start retry exits 0" svcctl --no-block start retry
settles "Restart=on-failure: a oneshot that failed runs again, and ends inactive after the successful run" \
        retry.service retried
is "$(prop retry.service NRestarts)" 1 "NRestarts is 1"
is "$(prop retry.service Result)" success "Result is success"

ok "svcd is still running" svcd_running
done_testing
