#!/usr/bin/env bash
# t-reload-verb.sh: svcctl reload and reload-or-restart (systemctl(1)) with ExecReload=
# (systemd.service(5)): the reload runs while the unit is reloading (reload), the service keeps
# its main process and stays active even when ExecReload= fails; a unit without ExecReload=, an
# inactive or unknown unit is refused; reload-or-restart reloads what can reload, restarts what
# cannot and starts what is inactive; --no-block returns at once.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

count_is() { [ "$(count "$1")" -eq "$2" ]; }

# hup.sh NAME: a bash service that notes each SIGHUP in $T/NAME.reloads.
hup=$(write_script hup.sh <<EOF
#!/bin/bash
trap 'echo reloaded >>$T/\$1.reloads' HUP
while :; do sleep 0.1; done
EOF
)
# waiter.sh NAME: notes its pid in $T/NAME.pid, then waits (a minute at most) for $T/NAME.go.
waiter=$(waiter_script)

# $MAINPID as a word of its own: svcd substitutes it (systemd.service(5), ExecReload=).
unit hup.service <<EOF
[Service]
ExecStart=$hup hup
ExecReload=/bin/kill -HUP \$MAINPID
EOF
unit noreload.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
EOF
unit badreload.service <<EOF
[Service]
ExecStart=/bin/sleep 3601
ExecReload=/bin/sh -c 'exit 1'
EOF
unit slowreload.service <<EOF
[Service]
ExecStart=/bin/sleep 3602
ExecReload=$waiter slowreload
EOF
unit idle.service <<EOF
[Service]
ExecStart=$hup idle
ExecReload=/bin/kill -HUP \$MAINPID
EOF
enable_units hup.service noreload.service badreload.service slowreload.service
svcd_start

for u in hup noreload badreload slowreload; do
        settles "$u.service is active" $u.service prop_is $u.service ActiveState active
done

# --- ExecReload=/bin/kill -HUP $MAINPID --------------------------------------------------------
pid=$(prop hup.service MainPID)
settles "hup.service's main process has its HUP trap" hup.service handles_signal "$pid" 1
exits 0 "svcctl reload hup exits 0" svcctl reload hup
settles "the service's HUP trap ran (ExecReload= signalled \$MAINPID)" hup.service count_is "$T/hup.reloads" 1
is "$(state_of hup.service)" active/running "hup.service is active (running) after the reload"
is "$(prop hup.service MainPID)" "$pid" "... with the same main process"

# --- refused reloads ----------------------------------------------------------------------------
pid=$(prop noreload.service MainPID)
exits 1 "svcctl reload noreload exits 1: it has no ExecReload=" svcctl reload noreload
like "$ERR" 'not applicable' "svcctl says reload is not applicable for the unit"
is "$(state_of noreload.service)/$(prop noreload.service MainPID)" "active/running/$pid" "noreload.service runs on untouched"

exits 1 "svcctl reload idle exits 1: the unit is not active" svcctl reload idle
like "$ERR" 'idle\.service' "svcctl names the unit"
is "$(state_of idle.service)" inactive/dead "a reload does not start idle.service"

exits 4 "svcctl reload of an unknown unit exits 4" svcctl reload no-such-unit

# --- a failing ExecReload= ----------------------------------------------------------------------
pid=$(prop badreload.service MainPID)
exits 1 "svcctl reload badreload exits 1: its ExecReload= exits 1" svcctl reload badreload
like "$ERR" 'badreload\.service' "svcctl names the unit whose reload failed"
is "$(state_of badreload.service)" active/running "the service stays active (running)"
is "$(prop badreload.service MainPID)" "$pid" "... with the same main process"
is "$(prop badreload.service Result)" success "... and its result is still success"

# --- while ExecReload= runs; --no-block -------------------------------------------------------
pid=$(prop slowreload.service MainPID)
exits 0 "svcctl --no-block reload slowreload exits 0 at once, while its ExecReload= still runs" \
        svcctl --no-block reload slowreload
settles "slowreload.service's ExecReload= runs" slowreload.service test -s "$T/slowreload.pid"
is "$(state_of slowreload.service)" reloading/reload "while ExecReload= runs: reloading (reload)"
is "$(prop slowreload.service ControlPID)" "$(cat "$T/slowreload.pid" 2>/dev/null)" "... and ControlPID is the ExecReload= process"
is "$(prop slowreload.service MainPID)" "$pid" "... and MainPID is unchanged"
touch "$T/slowreload.go"
settles "once ExecReload= is done, slowreload.service is active (running) again" slowreload.service \
        prop_is slowreload.service SubState running
is "$(prop slowreload.service MainPID)" "$pid" "... with the same main process"

# --- reload-or-restart --------------------------------------------------------------------------
pid=$(prop hup.service MainPID)
exits 0 "svcctl reload-or-restart hup exits 0" svcctl reload-or-restart hup
settles "a running unit with ExecReload= is reloaded (its HUP trap ran again)" hup.service count_is "$T/hup.reloads" 2
is "$(prop hup.service MainPID)" "$pid" "... not restarted: same main process"

pid=$(prop noreload.service MainPID)
exits 0 "svcctl reload-or-restart noreload exits 0" svcctl reload-or-restart noreload
is "$(state_of noreload.service)" active/running "a running unit without ExecReload= is active (running) ..."
isnt "$(prop noreload.service MainPID)" "$pid" "... after a restart: a new main process"

exits 0 "svcctl reload-or-restart idle exits 0" svcctl reload-or-restart idle
is "$(state_of idle.service)" active/running "an inactive unit is started"
ok "... not reloaded (no HUP was noted)" test ! -e "$T/idle.reloads"

exits 4 "svcctl reload-or-restart of an unknown unit exits 4" svcctl reload-or-restart no-such-unit

ok "svcd is still running" svcd_running
done_testing
