#!/usr/bin/env bash
# t-notify-reload.sh: Type=notify-reload (systemd.service(5)): `svcctl reload` sends
# ReloadSignal= (SIGHUP by default) to the main process and waits for its RELOADING=1
# (with MONOTONIC_USEC=) and READY=1; ActiveState=reloading in between, active/running
# after, and the same main process throughout. A reload the service starts by itself
# (RELOADING=1 unasked) shows the same way; an inactive unit cannot be reloaded.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

NC=${SVCD_NOTIFY_CLIENT:-}
[ -n "$NC" ] && [ -x "$NC" ] || skip_all "notify-client not built (svcd built without libsystemd)"

# --- helpers -----------------------------------------------------------------------------

# signum NAME: the number of signal NAME (for handles_signal).
signum() {
        kill -l "$1"
}

# --- units -------------------------------------------------------------------------------

# reloader.sh NAME SIGNAL: the main process of a Type=notify-reload service. On SIGNAL it
# notes the signal in $T/NAME.signals, sends RELOADING=1 with MONOTONIC_USEC= (notify-client
# --reloading), waits for $T/NAME-reload-go (consumed), and sends READY=1. Its notifications
# come from notify-client, a child (NotifyAccess=all); --barrier keeps the child alive until
# svcd has read the message.
reloader=$(write_script reloader.sh <<EOF
#!/bin/bash
name=\$1 sig=\$2
reload() {
        echo "\$sig" >>$T/\$name.signals
        $NC --barrier --reloading "STATUS=reloading" || echo "RELOADING=1 failed" >>$T/\$name.errors
        while [ ! -e $T/\$name-reload-go ]; do sleep 0.05; done
        rm -f $T/\$name-reload-go
        $NC --barrier READY=1 "STATUS=reloaded" || echo "READY=1 failed" >>$T/\$name.errors
}
trap reload "\$sig"
$NC --barrier READY=1 "STATUS=serving" || exit 10
while :; do sleep 0.1; done
EOF
)
unit hup.service <<EOF
[Service]
Type=notify-reload
NotifyAccess=all
ExecStart=$reloader hup HUP
EOF
unit usr1.service <<EOF
[Service]
Type=notify-reload
NotifyAccess=all
ReloadSignal=SIGUSR1
ExecStart=$reloader usr1 USR1
EOF
unit idle.service <<EOF
[Service]
Type=notify-reload
NotifyAccess=all
ExecStart=$reloader idle HUP
EOF

svcd_start

# --- svcctl reload: SIGHUP, RELOADING=1, READY=1 ------------------------------------------
exits 0 "svcctl start hup exits 0" svcctl start hup
is "$(state_of hup.service)" active/running "hup is active/running"
main=$(prop hup.service MainPID)
ok "hup's main process has its SIGHUP trap" wait_until handles_signal "$main" "$(signum HUP)"

svcctl reload hup >"$T/reload.out" 2>&1 &
reload_pid=$!
ok "the reload sends SIGHUP to the main process" wait_until grep -qx HUP "$T/hup.signals"
ok "after RELOADING=1: ActiveState=reloading" wait_until prop_is hup.service ActiveState reloading
diag "SubState while reloading: $(prop hup.service SubState)"
is "$(prop hup.service StatusText)" reloading "StatusText from the RELOADING=1 message"
sleep 0.3 # gives a wrong early return the chance to show
ok "svcctl reload hup is still waiting (no READY=1 yet)" kill -0 "$reload_pid"
touch "$T/hup-reload-go"
wait "$reload_pid"
is "$?" 0 "svcctl reload hup exits 0 once READY=1 arrived"
[ ! -s "$T/reload.out" ] || diag "svcctl reload hup said: $(cat "$T/reload.out")"
is "$(state_of hup.service)" active/running "hup is active/running again"
is "$(prop hup.service StatusText)" reloaded "... with the StatusText of READY=1"
is "$(prop hup.service MainPID)" "$main" "... and the same main process"
ok "the service's notifications all went out" test ! -s "$T/hup.errors"
[ ! -s "$T/hup.errors" ] || diag "$(cat "$T/hup.errors")"

# --- svcctl --no-block reload ---------------------------------------------------------------
exits 0 "svcctl --no-block reload hup exits 0 at once" svcctl --no-block reload hup
ok "the second reload reaches reloading" wait_until prop_is hup.service ActiveState reloading
# svcd is reloading once it has sent the signal; the trap notes it a moment later.
hup_count_is() { [ "$(grep -c . "$T/hup.signals")" -eq "$1" ]; }
settles "... after a second SIGHUP" hup.service hup_count_is 2
touch "$T/hup-reload-go"
ok "after READY=1: active again" wait_until prop_is hup.service ActiveState active
is "$(prop hup.service SubState)" running "... SubState=running"

# --- a reload the service starts by itself ---------------------------------------------------
# Signalled from outside svcd, the service still says RELOADING=1 and READY=1 (sd_notify(3)).
ok "SIGHUP to hup's main process $main, not through svcd" ns_kill HUP "$main"
ok "unasked RELOADING=1: ActiveState=reloading" wait_until prop_is hup.service ActiveState reloading
touch "$T/hup-reload-go"
ok "... and active again after READY=1" wait_until prop_is hup.service ActiveState active
is "$(prop hup.service MainPID)" "$main" "... with the same main process"

# --- ReloadSignal= ---------------------------------------------------------------------------
exits 0 "svcctl start usr1 exits 0" svcctl start usr1
ok "usr1's main process has its SIGUSR1 trap" wait_until handles_signal "$(prop usr1.service MainPID)" "$(signum USR1)"
touch "$T/usr1-reload-go" # the reload may complete at once
exits 0 "svcctl reload usr1 exits 0" svcctl reload usr1
is "$(cat "$T/usr1.signals" 2>/dev/null)" USR1 "ReloadSignal=SIGUSR1 is the signal the reload sends"
is "$(state_of usr1.service)" active/running "usr1 is active/running after the reload"

# --- not active: nothing to reload ----------------------------------------------------------
exits 1 "svcctl reload of the inactive idle exits 1" svcctl reload idle
unlike "$ERR" 'Unknown command|unrecognized' "... because idle is not active, not for want of the verb"
is "$(state_of idle.service)" inactive/dead "... and idle stays inactive/dead"

ok "svcd is still running" svcd_running
done_testing
