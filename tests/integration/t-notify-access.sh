#!/usr/bin/env bash
# t-notify-access.sh: who may notify (NotifyAccess=, systemd.service(5)): main rejects a
# child's READY=1, none rejects everything, exec takes the main and the control process
# (ExecStartPost=) but not a child, all takes a grandchild; a sender of no unit is ignored;
# malformed datagrams (embedded NUL, oversized, binary junk) are logged and dropped, and
# svcd carries on: a valid READY=1 after them still works. Rejections are logged.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

NC=${SVCD_NOTIFY_CLIENT:-}
[ -n "$NC" ] && [ -x "$NC" ] || skip_all "notify-client not built (svcd built without libsystemd)"
SOCAT=$(command -v socat || true)

# --- helpers -----------------------------------------------------------------------------

# log_has EXTENDED-REGEX: svcd's log has a matching line (for wait_until).
log_has() {
        grep -Eq -- "$1" "$T/svcd.log"
}

# read_pid FILE: the pid a script wrote to FILE, once it is there.
read_pid() {
        wait_until test -s "$1" && cat "$1"
}

# --- units -------------------------------------------------------------------------------

# main: a child sends READY=1 (and stays, so svcd can tell whose it is); later the main
# process itself does.
access_main=$(write_script access-main.sh <<EOF
#!/bin/bash
$NC --then-sleep=3600 READY=1 "STATUS=from a child" &
echo \$! >$T/main-child.pid
while [ ! -e $T/main-go ]; do sleep 0.05; done
exec $NC --then-sleep=3600 READY=1 "STATUS=from the main process"
EOF
)
unit main.service <<EOF
[Service]
Type=notify
NotifyAccess=main
ExecStart=$access_main
EOF

# none: the main process itself notifies, but reception is off. NOTIFY_SOCKET is given
# explicitly: svcd need not set it for NotifyAccess=none.
unit none.service <<EOF
[Service]
NotifyAccess=none
Environment=NOTIFY_SOCKET=$T/run/notify
ExecStart=$NC --then-sleep=3600 "STATUS=must be ignored"
EOF

# exec: a child of the main process is rejected; the main process and ExecStartPost= (a
# control process; --barrier keeps it alive until svcd has read its message) are heard.
access_exec=$(write_script access-exec.sh <<EOF
#!/bin/bash
$NC --then-sleep=3600 "STATUS=from a child" &
echo \$! >$T/exec-child.pid
while [ ! -e $T/exec-go ]; do sleep 0.05; done
exec $NC --then-sleep=3600 READY=1 "STATUS=from the main process"
EOF
)
unit exec.service <<EOF
[Service]
Type=notify
NotifyAccess=exec
ExecStart=$access_exec
ExecStartPost=$NC --barrier "STATUS=from ExecStartPost"
EOF

# all: a grandchild (main -> bash -> notify-client) says READY=1.
grandchild=$(write_script spawn-grandchild.sh <<EOF
#!/bin/bash
$NC --then-sleep=3600 READY=1 "STATUS=from a grandchild" &
echo \$! >$T/all-grandchild.pid
wait
EOF
)
access_all=$(write_script access-all.sh <<EOF
#!/bin/bash
$grandchild &
exec sleep 3600
EOF
)
unit all.service <<EOF
[Service]
Type=notify
NotifyAccess=all
ExecStart=$access_all
EOF

# junk: the main process itself sends malformed datagrams that carry READY=1 (one with an
# embedded NUL, one longer than 4096 bytes) and binary junk, each time exec'ing the next
# step under the same pid; then, when the test lets it, a valid READY=1.
printf 'READY=1\0STATUS=after a NUL' >"$T/junk-nul"
{ printf 'READY=1\nSTATUS='; head -c 5000 /dev/zero | tr '\0' x; } >"$T/junk-big"
head -c 1024 /dev/urandom >"$T/junk-binary"
unit junk.service <<EOF
[Service]
Type=notify
ExecStart=$NC --raw-file=$T/junk-nul --then-exec $NC --raw-file=$T/junk-big --then-exec $NC --raw-file=$T/junk-binary --then-exec $NC --wait-file=$T/junk-go --then-sleep=3600 READY=1 "STATUS=valid after the junk"
EOF

svcd_start

# --- NotifyAccess=main --------------------------------------------------------------------
exits 0 "svcctl --no-block start main exits 0" svcctl --no-block start main
is "$(prop main.service NotifyAccess)" main "NotifyAccess=main is shown"
child=$(read_pid "$T/main-child.pid")
like "$child" '^[0-9]+$' "main.service's child runs (pid $child)"
ok "main: the child's READY=1 is rejected and logged" \
        wait_until log_has "main\.service: Got notification message from PID $child, but reception only permitted for main PID [0-9]+"
main=$(prop main.service MainPID)
like "$(grep -E "Got notification message from PID $child," "$T/svcd.log")" "for main PID $main\\b" \
        "... naming the main PID $main"
is "$(state_of main.service)" activating/start "... so main.service stays activating/start"
is "$(prop main.service StatusText)" "" "... and the child's STATUS= is not taken either"
touch "$T/main-go"
ok "main: READY=1 from the main process itself makes it active" wait_until prop_is main.service ActiveState active
is "$(prop main.service StatusText)" "from the main process" "... with the main process' STATUS="

# --- NotifyAccess=none --------------------------------------------------------------------
exits 0 "svcctl start none exits 0" svcctl start none
is "$(prop none.service NotifyAccess)" none "NotifyAccess=none is shown"
main=$(prop none.service MainPID)
ok "none: the main process' message is rejected and logged" \
        wait_until log_has "none\.service: Got notification message from PID $main, but reception (is )?disabled"
is "$(prop none.service StatusText)" "" "... and its STATUS= is not taken"

# --- NotifyAccess=exec --------------------------------------------------------------------
exits 0 "svcctl --no-block start exec exits 0" svcctl --no-block start exec
child=$(read_pid "$T/exec-child.pid")
like "$child" '^[0-9]+$' "exec.service's child runs (pid $child)"
ok "exec: a child's message is rejected and logged" \
        wait_until log_has "exec\.service: Got notification message from PID $child, but reception only permitted for (main PID|control PID)"
is "$(prop exec.service StatusText)" "" "... and its STATUS= is not taken"
is "$(state_of exec.service)" activating/start "exec.service is activating/start"
touch "$T/exec-go"
ok "exec: READY=1 from the main process makes it active (after ExecStartPost=)" \
        wait_until prop_is exec.service ActiveState active
is "$(prop exec.service StatusText)" "from ExecStartPost" "exec: the control process' STATUS= is taken"
unlike "$(grep -E 'exec\.service: Got notification message' "$T/svcd.log")" "from PID ($(prop exec.service MainPID))," \
        "... and nothing from the main process was rejected"

# --- NotifyAccess=all ---------------------------------------------------------------------
exits 0 "svcctl start all exits 0 (READY=1 from a grandchild)" svcctl start all
is "$(state_of all.service)" active/running "all.service is active/running"
is "$(prop all.service StatusText)" "from a grandchild" "all: the grandchild's STATUS= is taken"
# The grandchild's READY=1 may come before its parent notes its pid, and before the main
# process has exec'd sleep.
gc=$(read_pid "$T/all-grandchild.pid")
isnt "$(prop all.service MainPID)" "$gc" "... but the grandchild does not become the main process"
settles "... which is still the exec'd sleep" all.service \
        eval '[[ "$(ns_cmdline "$(prop all.service MainPID)")" =~ ^sleep\ 3600$ ]]'

# --- a sender that belongs to no service -------------------------------------------------
# Entered from outside, the process is in svcd's PID namespace but of no unit.
stray=$(in_ns env NOTIFY_SOCKET="$T/run/notify" /bin/sh -c 'echo $$; exec "$0" "READY=1" "STATUS=from nowhere"' "$NC" \
        2>"$T/stray.err")
is "$?/$(cat "$T/stray.err")" "0/" "a process outside any service sent READY=1 (pid $stray)"
ok "... it is ignored and logged" \
        wait_until log_has "Cannot find unit for notify message of PID $stray, ignoring"

# --- garbage ------------------------------------------------------------------------------
if [ -n "$SOCAT" ]; then
        # From a process of no service, inside the namespace (so svcd sees its pid).
        before=$(log_lines)
        for f in junk-nul junk-big junk-binary; do
                ok "socat sends $f ($(wc -c <"$T/$f") bytes) to the notify socket" \
                        in_ns "$SOCAT" -u -b 65536 - "UNIX-SENDTO:$T/run/notify" <"$T/$f"
        done
        ok "svcd still answers after the socat garbage" wait_until "$SVCCTL" list
        like "$(log_since "$before" | tr '[:upper:]' '[:lower:]')" 'notif|datagram' "svcd logged the socat datagrams"
else
        pass "garbage through socat # SKIP socat is not installed"
fi

# From the main process itself: junk.service walks through its three bad datagrams and
# then waits in its last step (its command line shows --wait-file).
before=$(log_lines)
exits 0 "svcctl --no-block start junk exits 0" svcctl --no-block start junk
junk_waits() { ns_cmdline "$(prop junk.service MainPID)" | grep -q -- --wait-file; }
ok "junk.service's main process has sent its junk and waits" wait_until junk_waits
sleep 0.3 # the datagrams are read in order; let svcd read the last one
is "$(state_of junk.service)" activating/start \
        "READY=1 inside malformed or oversized datagrams is not taken: still activating/start"
is "$(prop junk.service StatusText)" "" "... and no STATUS= from them"
new_log=$(log_since "$before" | tr '[:upper:]' '[:lower:]' | grep -E 'notif|datagram|message')
like "$new_log" '(malformed|oversized|too (long|large|big)|truncat|bad message|invalid|embedded|nul)' \
        "svcd's log says it dropped malformed datagrams"
ok "svcd is still running" svcd_running
touch "$T/junk-go"
ok "a valid READY=1 after the junk makes junk.service active" wait_until prop_is junk.service ActiveState active
is "$(prop junk.service StatusText)" "valid after the junk" "... with its STATUS="

done_testing
