#!/usr/bin/env bash
# t-reload-verb.sh: svcctl reload and reload-or-restart (systemctl(1)) with ExecReload=
# (systemd.service(5)): the reload runs while the unit is reloading (reload), the service keeps
# its main process and stays active even when ExecReload= fails; a unit without ExecReload=, an
# inactive or unknown unit is refused; reload-or-restart reloads what can reload, restarts what
# cannot and starts what is inactive; --no-block returns at once.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

# Waits are bounded by DEADLINE; once one has run out (a feature missing or broken), the later
# ones get 5 s, so that the file still ends, with every check reported, within meson's
# timeout. svcd's own start and exit (_svcd_*) always get DEADLINE.
wait_until() {
        local budget=${WAIT_BUDGET:-$DEADLINE}
        case $1 in _svcd_*) budget=$DEADLINE ;; esac
        local end=$((SECONDS + budget))
        while ! "$@" >/dev/null 2>&1; do
                if [ $SECONDS -ge $end ]; then
                        WAIT_BUDGET=5
                        return 1
                fi
                sleep 0.05
        done
}
# svcctl, bounded the same way: a job that never ends fails its check (exit 124) instead of
# hanging the test.
svcctl() {
        local rc
        timeout -k 5 "${WAIT_BUDGET:-$DEADLINE}" "$SVCCTL" "$@"
        rc=$?
        [ $rc -ne 124 ] || WAIT_BUDGET=5
        return $rc
}
# state_of UNIT: where a unit is, for diagnostics.
state_of() { "$SVCCTL" show -p ActiveState,SubState,Result,MainPID,ControlPID,NRestarts "$1" 2>&1 | tr '\n' ' '; }
# settles DESCRIPTION UNIT COMMAND...: waits for COMMAND (wait_until); on failure the
# diagnostic says where UNIT is.
settles() {
        local desc=$1 u=$2
        shift 2
        if wait_until "$@"; then
                pass "$desc"
        else
                fail "$desc" "$(printf 'not true in time: %s\n%s: %s' "$*" "$u" "$(state_of "$u")")"
        fi
}
state() { printf '%s/%s' "$(prop "$1" ActiveState)" "$(prop "$1" SubState)"; }
# count FILE: how many lines FILE has (0 without FILE).
count() { if [ -e "$1" ]; then wc -l <"$1"; else echo 0; fi; }
count_is() { [ "$(count "$1")" -eq "$2" ]; }

# hup.sh NAME: a bash service that notes each SIGHUP in $T/NAME.reloads.
hup=$(write_script hup.sh <<EOF
#!/bin/bash
trap 'echo reloaded >>$T/\$1.reloads' HUP
while :; do sleep 0.1; done
EOF
)
# waiter.sh NAME: notes its pid in $T/NAME.pid, then waits (a minute at most) for $T/NAME.go.
waiter=$(write_script waiter.sh <<EOF
#!/bin/sh
echo \$\$ >$T/\$1.pid.tmp && mv $T/\$1.pid.tmp $T/\$1.pid
i=0
while [ ! -e $T/\$1.go ]; do
        i=\$((i + 1))
        [ \$i -lt 1200 ] || exit 1
        sleep 0.05
done
exit 0
EOF
)

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
is "$(state hup.service)" active/running "hup.service is active (running) after the reload"
is "$(prop hup.service MainPID)" "$pid" "... with the same main process"

# --- refused reloads ----------------------------------------------------------------------------
pid=$(prop noreload.service MainPID)
exits 1 "svcctl reload noreload exits 1: it has no ExecReload=" svcctl reload noreload
like "$ERR" 'not applicable' "svcctl says reload is not applicable for the unit"
is "$(state noreload.service)/$(prop noreload.service MainPID)" "active/running/$pid" "noreload.service runs on untouched"

exits 1 "svcctl reload idle exits 1: the unit is not active" svcctl reload idle
like "$ERR" 'idle\.service' "svcctl names the unit"
is "$(state idle.service)" inactive/dead "a reload does not start idle.service"

exits 4 "svcctl reload of an unknown unit exits 4" svcctl reload no-such-unit

# --- a failing ExecReload= ----------------------------------------------------------------------
pid=$(prop badreload.service MainPID)
exits 1 "svcctl reload badreload exits 1: its ExecReload= exits 1" svcctl reload badreload
like "$ERR" 'badreload\.service' "svcctl names the unit whose reload failed"
is "$(state badreload.service)" active/running "the service stays active (running)"
is "$(prop badreload.service MainPID)" "$pid" "... with the same main process"
is "$(prop badreload.service Result)" success "... and its result is still success"

# --- while ExecReload= runs; --no-block -------------------------------------------------------
pid=$(prop slowreload.service MainPID)
exits 0 "svcctl --no-block reload slowreload exits 0 at once, while its ExecReload= still runs" \
        svcctl --no-block reload slowreload
settles "slowreload.service's ExecReload= runs" slowreload.service test -s "$T/slowreload.pid"
is "$(state slowreload.service)" reloading/reload "while ExecReload= runs: reloading (reload)"
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
is "$(state noreload.service)" active/running "a running unit without ExecReload= is active (running) ..."
isnt "$(prop noreload.service MainPID)" "$pid" "... after a restart: a new main process"

exits 0 "svcctl reload-or-restart idle exits 0" svcctl reload-or-restart idle
is "$(state idle.service)" active/running "an inactive unit is started"
ok "... not reloaded (no HUP was noted)" test ! -e "$T/idle.reloads"

exits 4 "svcctl reload-or-restart of an unknown unit exits 4" svcctl reload-or-restart no-such-unit

ok "svcd is still running" svcd_running
done_testing
