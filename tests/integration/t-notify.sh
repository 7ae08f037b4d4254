#!/usr/bin/env bash
# t-notify.sh: Type=notify readiness (sd_notify(3), systemd.service(5)) with real clients:
# activating (start) until READY=1, then active (running); systemd-notify(1) and libsystemd's
# sd_notify(); STATUS=, ERRNO=, MAINPID= (supervision moves to the new pid), STOPPING=1;
# a main process that exits before READY=1 fails the start (Result protocol or exit-code).
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

NC=${SVCD_NOTIFY_CLIENT:-}
[ -n "$NC" ] && [ -x "$NC" ] || skip_all "notify-client not built (svcd built without libsystemd)"
SYSTEMD_NOTIFY=$(command -v systemd-notify || true)

# --- units -------------------------------------------------------------------------------

# (1) systemd-notify(1) from a shell script, once the test lets it.
sysnotify=$(write_script sysnotify.sh <<EOF
#!/bin/sh
touch $T/sysnotify-waiting
while [ ! -e $T/sysnotify-go ]; do sleep 0.05; done
$SYSTEMD_NOTIFY --ready "STATUS=ready via systemd-notify" || echo "systemd-notify failed: \$?" >$T/sysnotify-error
exec sleep 3600
EOF
)
unit sysnotify.service <<EOF
[Service]
Type=notify
NotifyAccess=all
ExecStart=$sysnotify
EOF

# (2) the main process itself calls sd_notify(), once the test lets it.
for name in nc ncblock; do
        unit $name.service <<EOF
[Service]
Type=notify
ExecStart=$NC --wait-file=$T/$name-go --then-sleep=3600 READY=1 "STATUS=serving 3 clients"
EOF
done

# (3) MAINPID=: the main process forks a long-lived child, hands supervision to it, exits.
mainpid=$(write_script mainpid.sh <<EOF
#!/bin/bash
echo \$\$ >$T/mainpid-first
sleep 3600 &
echo \$! >$T/mainpid-child
exec $NC --barrier "MAINPID=\$!" READY=1 "STATUS=handed over to \$!"
EOF
)
unit mainpid.service <<EOF
[Service]
Type=notify
ExecStart=$mainpid
EOF

# (4) ERRNO=
unit errno.service <<EOF
[Service]
Type=notify
ExecStart=$NC --then-sleep=3600 READY=1 ERRNO=5 "STATUS=cannot reach the backend"
EOF

# (4b) a service that says why with STATUS= and ERRNO=, then fails before READY=1.
unit errfail.service <<EOF
[Service]
Type=notify
ExecStart=$NC --barrier ERRNO=5 "STATUS=cannot reach the backend" --then-exec /bin/sh -c 'exit 1'
EOF

# (5) STOPPING=1: the service announces its own shutdown, then exits when the test lets it.
# notify-client --pid=parent sends as the script (the main process), as systemd-notify does.
stopping=$(write_script stopping.sh <<EOF
#!/bin/bash
$NC --pid=parent READY=1 || exit 10
while [ ! -e $T/stopping-go ]; do sleep 0.05; done
$NC --pid=parent STOPPING=1 "STATUS=shutting down" || exit 11
while [ ! -e $T/stopping-exit ]; do sleep 0.05; done
exit 0
EOF
)
unit stopping.service <<EOF
[Service]
Type=notify
ExecStart=$stopping
EOF

# (6) exits before READY=1: cleanly (systemd: Result=protocol), or with a failure status.
unit early-clean.service <<EOF
[Service]
Type=notify
ExecStart=/bin/true
EOF
unit early-fail.service <<EOF
[Service]
Type=notify
ExecStart=/bin/sh -c 'exit 3'
EOF
# ... and a service that exits 0 after READY=1 simply ends (inactive, success).
unit ready-exit.service <<EOF
[Service]
Type=notify
ExecStart=$NC --barrier READY=1
EOF

svcd_start

# --- (1) systemd-notify --ready ----------------------------------------------------------
if [ -n "$SYSTEMD_NOTIFY" ]; then
        exits 0 "svcctl --no-block start sysnotify exits 0 without waiting for READY=1" \
                svcctl --no-block start sysnotify
        ok "sysnotify.sh runs and waits for the test" wait_until test -e "$T/sysnotify-waiting"
        is "$(state_of sysnotify.service)" activating/start \
                "Type=notify before READY=1: ActiveState=activating SubState=start"
        main=$(prop sysnotify.service MainPID)
        like "$(ns_environ "$main")" "^NOTIFY_SOCKET=$T/run/notify\$" \
                "the main process has NOTIFY_SOCKET=\$SVCD_RUNTIME_DIR/notify"
        touch "$T/sysnotify-go"
        ok "after systemd-notify --ready: ActiveState=active" wait_until prop_is sysnotify.service ActiveState active
        is "$(prop sysnotify.service SubState)" running "... SubState=running"
        is "$(prop sysnotify.service StatusText)" "ready via systemd-notify" "STATUS= from systemd-notify is StatusText"
        ok "systemd-notify itself succeeded (its BARRIER=1 was answered)" test ! -e "$T/sysnotify-error"
        [ ! -e "$T/sysnotify-error" ] || diag "$(cat "$T/sysnotify-error")"
        is "$(prop sysnotify.service MainPID)" "$main" "the main process stays the script (now sleep)"
else
        pass "systemd-notify --ready # SKIP systemd-notify is not installed"
fi

# --- (2) sd_notify() from the main process -----------------------------------------------
exits 0 "svcctl --no-block start nc exits 0 without waiting for READY=1" svcctl --no-block start nc
is "$(prop nc.service NotifyAccess)" main "Type=notify: NotifyAccess defaults to main"
nc_running() { local p; p=$(prop nc.service MainPID); [ "$p" != 0 ] && ns_pid_exists "$p"; }
ok "nc's main process (notify-client) runs" wait_until nc_running
is "$(state_of nc.service)" activating/start "while it waits to send: activating/start"
is "$(prop nc.service StatusText)" "" "... and no StatusText yet"
touch "$T/nc-go"
ok "after sd_notify(READY=1): ActiveState=active" wait_until prop_is nc.service ActiveState active
is "$(prop nc.service SubState)" running "... SubState=running"
is "$(prop nc.service StatusText)" "serving 3 clients" "STATUS= sent with READY=1 is StatusText"

# A blocking start returns only after READY=1.
svcctl start ncblock >"$T/ncblock.out" 2>&1 &
start_pid=$!
ncblock_running() { local p; p=$(prop ncblock.service MainPID); [ "$p" != 0 ] && ns_pid_exists "$p"; }
ok "ncblock's main process runs" wait_until ncblock_running
sleep 0.5 # gives a wrong early return the chance to show
ok "svcctl start ncblock is still waiting (no READY=1 yet)" kill -0 "$start_pid"
is "$(state_of ncblock.service)" activating/start "... and ncblock is activating/start"
touch "$T/ncblock-go"
wait "$start_pid"
is "$?" 0 "svcctl start ncblock exits 0 once READY=1 arrived"
[ ! -s "$T/ncblock.out" ] || diag "svcctl start ncblock said: $(cat "$T/ncblock.out")"
is "$(state_of ncblock.service)" active/running "... and ncblock is active/running then"

# --- (3) MAINPID= -------------------------------------------------------------------------
exits 0 "svcctl start mainpid exits 0 (READY=1 with MAINPID=)" svcctl start mainpid
child=$(cat "$T/mainpid-child" 2>/dev/null)
like "$child" '^[0-9]+$' "mainpid.sh forked its child"
ok "MainPID becomes the child named by MAINPID=" wait_until prop_is mainpid.service MainPID "$child"
first=$(cat "$T/mainpid-first" 2>/dev/null)
ok "the first main process ($first) has exited and is reaped" wait_until ns_pid_gone "$first"
sleep 0.3 # the old main process' exit must not end the unit
is "$(state_of mainpid.service)" active/running "the unit stays active/running after the first main process exited"
is "$(prop mainpid.service StatusText)" "handed over to $child" "StatusText from the same message"
exits 0 "svcctl kill --kill-whom=main --signal=KILL mainpid" \
        svcctl kill --kill-whom=main --signal=KILL mainpid
ok "the new main process is killed" wait_until ns_pid_gone "$child"
ok "its death ends the unit: failed (Restart=no)" wait_until prop_is mainpid.service ActiveState failed
is "$(prop mainpid.service Result)" signal "Result=signal"
is "$(prop mainpid.service ExecMainStatus)" 9 "ExecMainStatus=9 (SIGKILL of the new main process)"
is "$(prop mainpid.service MainPID)" 0 "MainPID=0 afterwards"

# --- (4) ERRNO= ---------------------------------------------------------------------------
exits 0 "svcctl start errno exits 0" svcctl start errno
is "$(prop errno.service StatusErrno)" 5 "ERRNO=5 is StatusErrno=5"
is "$(prop errno.service StatusText)" "cannot reach the backend" "... with its StatusText"

exits 1 "svcctl start errfail exits 1: it failed before READY=1" svcctl start errfail
like "$ERR" '^Job for errfail\.service failed' "svcctl says the job failed"
unlike "$ERR" 'spawn step' "... and does not take the service's own STATUS= for a spawn failure"
is "$(prop errfail.service StatusText)" "cannot reach the backend" "... the service's STATUS= is kept"

# --- (5) STOPPING=1 -----------------------------------------------------------------------
exits 0 "svcctl start stopping exits 0" svcctl start stopping
is "$(state_of stopping.service)" active/running "stopping.service is active/running"
main=$(prop stopping.service MainPID)
touch "$T/stopping-go"
ok "after STOPPING=1: ActiveState=deactivating" wait_until prop_is stopping.service ActiveState deactivating
diag "SubState after STOPPING=1: $(prop stopping.service SubState)"
is "$(prop stopping.service StatusText)" "shutting down" "STATUS= sent with STOPPING=1 is StatusText"
ok "svcd sent no signal: the main process still runs" ns_pid_exists "$main"
touch "$T/stopping-exit"
ok "once the main process exits 0: inactive" wait_until prop_is stopping.service ActiveState inactive
is "$(prop stopping.service Result)" success "... with Result=success"

# --- (6) exit before READY=1 --------------------------------------------------------------
exits 1 "svcctl start early-clean exits 1 (exit 0 before READY=1)" svcctl start early-clean
is "$(state_of early-clean.service)" failed/failed "early-clean is failed"
is "$(prop early-clean.service Result)" protocol "exiting cleanly before READY=1 is Result=protocol"

exits 1 "svcctl start early-fail exits 1 (exit 3 before READY=1)" svcctl start early-fail
is "$(state_of early-fail.service)" failed/failed "early-fail is failed"
is "$(prop early-fail.service Result)" exit-code "exiting 3 before READY=1 is Result=exit-code"
is "$(prop early-fail.service ExecMainStatus)" 3 "ExecMainStatus=3"

exits 0 "svcctl start ready-exit exits 0 (READY=1, then exit 0)" svcctl start ready-exit
ok "ready-exit ends inactive" wait_until prop_is ready-exit.service ActiveState inactive
is "$(prop ready-exit.service Result)" success "... with Result=success"

ok "svcd is still running" svcd_running
done_testing
