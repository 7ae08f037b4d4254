#!/usr/bin/env bash
# t-dependency-events.sh: what a unit's change of state does to the units around it
# (systemd.unit(5)): BindsTo= stops the bound unit when the unit it is bound to stops, by
# request or on its own (with After=: also when that unit was skipped by a condition or is a
# oneshot that has ended), and leaves it active across that unit's automatic restart; Upholds=
# starts an upheld unit again while the upholding unit is active, and no more once it is
# stopped or the upheld unit hit its start limit; StopWhenUnneeded= stops a unit nothing
# active needs any more, even one started by hand; PropagatesStopTo=/StopPropagatedFrom= pass
# a stop request on, PropagatesReloadTo=/ReloadPropagatedFrom= a reload, one way only;
# OnFailure= starts its units as jobs in OnFailureJobMode= (replace by default: the handler's
# job replaces a conflicting one; fail: it is refused instead).
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

# runs NAME: the [Service] lines of a service that notes each start in $T/NAME.starts, then
# sleeps. The note is an ExecStartPre=, done before the unit counts as started (for Type=simple,
# once the main process is spawned): so "active" implies "noted", and a stop right after the
# start cannot beat it.
note=$(write_script note.sh <<EOF
#!/bin/sh
echo started >>$T/\$1.starts
EOF
)
runs() { printf 'ExecStartPre=%s %s\nExecStart=/bin/sleep 3600\n' "$note" "$1"; }
# fail.sh NAME: notes each start in $T/NAME.starts and exits 1.
failrun=$(write_script fail.sh <<EOF
#!/bin/sh
echo \$\$ >>$T/\$1.starts
exit 1
EOF
)
# mark.sh FILE LINE: appends LINE to $T/FILE (ExecReload=, handlers).
mark=$(write_script mark.sh <<EOF
#!/bin/sh
echo "\$2" >>$T/\$1
EOF
)
waiter=$(waiter_script)

# state_now UNIT: "ActiveState/SubState" (as lib.sh's state_of, through `svcctl show`: cheap enough
# to poll); value_is UNIT PROPERTY VALUE: for wait_until.
state_now() { "$SVCCTL" show -p ActiveState,SubState --value "$1" 2>&1 | paste -sd/; }
value_is() { [ "$(show_value "$1" "$2")" = "$3" ]; }
starts() { count "$T/$1.starts"; }
count_is() { [ "$(count "$1")" -eq "$2" ]; }
state_is() { [ "$(state_now "$1")" = "$2" ]; }
active_is() { value_is "$1" ActiveState "$2"; }
# running_anew UNIT OLDPID: UNIT is active (running) under a main pid other than OLDPID.
running_anew() {
        local pid
        pid=$(show_value "$1" MainPID)
        [ "$(state_now "$1")" = active/running ] && [ "$pid" != 0 ] && [ "$pid" != "$2" ] && ns_pid_exists "$pid"
}
# holds COMMAND...: COMMAND is true now and stays true for a second (20 looks); for "nothing
# happens" checks, after the event that would have made it happen was seen to pass.
holds() {
        local _
        for _ in $(seq 20); do
                "$@" >/dev/null 2>&1 || return 1
                sleep 0.05
        done
}
# stays DESCRIPTION UNIT COMMAND...: holds, as a check; on failure says where UNIT is.
stays() {
        local desc=$1 u=$2
        shift 2
        if holds "$@"; then
                pass "$desc"
        else
                fail "$desc" "$(printf 'did not hold: %s\n%s: %s' "$*" "$u" "$(show_state "$u")")"
        fi
}
kill_main() { ns_kill KILL "$(show_value "$1" MainPID)"; }

# --- units ------------------------------------------------------------------------------------
simple() { runs "$1" | service_unit "$@"; } # simple NAME [UNIT-SECTION-LINE...]: a service that notes its starts (runs)

# BindsTo=
simple bindee
simple bound BindsTo=bindee.service After=bindee.service
unit bindee-restarts.service <<EOF
[Service]
$(runs bindee-restarts)
Restart=on-failure
RestartSec=100ms
EOF
simple bound-restarts BindsTo=bindee-restarts.service After=bindee-restarts.service
unit bindee-exits.service <<EOF
[Service]
ExecStart=$waiter bindee-exits
EOF
simple bound-exits BindsTo=bindee-exits.service After=bindee-exits.service
# systemd.unit(5): with After=, "the unit bound to strictly has to be in active state for this
# unit to also be in active state": also when it was skipped for a failed condition, or is a
# oneshot that goes from starting straight to inactive.
unit bindee-cond.service <<EOF
[Unit]
ConditionPathExists=$T/nonexistent

[Service]
$(runs bindee-cond)
EOF
simple bound-cond BindsTo=bindee-cond.service After=bindee-cond.service
unit bindee-oneshot.service <<EOF
[Service]
Type=oneshot
ExecStart=/bin/true
EOF
simple bound-oneshot BindsTo=bindee-oneshot.service After=bindee-oneshot.service

# Upholds=
simple upheld
simple upholder Upholds=upheld.service
unit flaky.service <<EOF
[Unit]
StartLimitIntervalSec=60
StartLimitBurst=3

[Service]
ExecStart=$failrun flaky
EOF
simple flaky-upholder Upholds=flaky.service

# StopWhenUnneeded=
simple helper StopWhenUnneeded=yes
simple app Wants=helper.service
# The plainest shape: no ExecStartPre=, the start job ends as the unit becomes active.
unit lonely.service <<EOF
[Unit]
StopWhenUnneeded=yes

[Service]
ExecStart=/bin/sleep 3600
EOF
simple shared StopWhenUnneeded=yes
simple user1 Wants=shared.service
simple user2 Requires=shared.service
simple plain-helper
simple plain-app Wants=plain-helper.service

# PropagatesStopTo= / StopPropagatedFrom=
simple psrc PropagatesStopTo=pdst.service
simple pdst
simple ssrc
simple sdst StopPropagatedFrom=ssrc.service

# PropagatesReloadTo= / ReloadPropagatedFrom=
reloadable() { # reloadable NAME [UNIT-SECTION-LINE...]: ExecReload= notes each reload in $T/NAME.reloads
        local name=$1
        shift
        {
                echo "[Unit]"
                printf '%s\n' "$@"
                echo "[Service]"
                runs "$name"
                echo "ExecReload=$mark $name.reloads reloaded"
        } | unit "$name.service"
}
reloadable rsrc PropagatesReloadTo=rdst.service
reloadable rdst
reloadable rfrom ReloadPropagatedFrom=rsrc.service

# OnFailure=
unit handler.service <<EOF
[Service]
Type=oneshot
ExecStart=$mark handler.runs ran
EOF
unit fails.service <<EOF
[Unit]
OnFailure=handler.service

[Service]
ExecStart=$failrun fails
EOF
# The handlers conflict with a unit whose start job is still running (a oneshot that waits).
for n in replace fail; do
        unit "slow-$n.service" <<EOF
[Service]
Type=oneshot
ExecStart=$waiter slow-$n
EOF
        unit "handler-$n.service" <<EOF
[Unit]
Conflicts=slow-$n.service

[Service]
Type=oneshot
ExecStart=$mark handler-$n.runs ran
EOF
done
unit fails-replace.service <<EOF
[Unit]
OnFailure=handler-replace.service

[Service]
ExecStart=/bin/false
EOF
unit fails-fail.service <<EOF
[Unit]
OnFailure=handler-fail.service
OnFailureJobMode=fail

[Service]
ExecStart=/bin/false
EOF
svcd_start

# --- BindsTo= ---------------------------------------------------------------------------------
exits 0 "svcctl start bound exits 0" svcctl start bound
is "$(state_now bindee.service)" active/running "BindsTo= pulled in bindee.service: active (running)"
ok "SIGKILL to bindee.service's main process (Restart=no)" kill_main bindee.service
settles "bindee.service fails (result signal)" bindee.service value_is bindee.service Result signal
settles "bound.service, bound to it, stops: inactive" bound.service state_is bound.service inactive/dead
is "$(show_value bound.service Result)" success "... with result success (it was stopped, it did not fail)"
is "$(starts bound)" 1 "... and is not started again"

exits 0 "svcctl start bound (again) exits 0" svcctl start bound
is "$(state_now bindee.service)" active/running "... bindee.service is active again"
exits 0 "svcctl stop bound exits 0" svcctl stop bound
is "$(state_now bindee.service)" active/running "stopping the bound unit leaves the unit it is bound to running"
exits 0 "svcctl start bound exits 0" svcctl start bound
exits 0 "svcctl stop bindee exits 0" svcctl stop bindee
settles "stopping bindee.service by request stops bound.service too" bound.service state_is bound.service inactive/dead

exits 0 "svcctl start bound-exits exits 0" svcctl start bound-exits
touch "$T/bindee-exits.go"
settles "bindee-exits.service exits 0 on its own: inactive" bindee-exits.service state_is bindee-exits.service inactive/dead
settles "... and bound-exits.service, bound to it, stops too" bound-exits.service state_is bound-exits.service inactive/dead

svcctl start bound-cond >/dev/null 2>&1
is "$(show_value bindee-cond.service ActiveState)/$(show_value bindee-cond.service ConditionResult)" inactive/no \
        "bindee-cond.service was skipped: its ConditionPathExists= failed"
settles "bound-cond.service, bound to it with After=, is not left active" bound-cond.service \
        state_is bound-cond.service inactive/dead
svcctl start bound-oneshot >/dev/null 2>&1
is "$(state_now bindee-oneshot.service)" inactive/dead "bindee-oneshot.service ran and is inactive (Type=oneshot)"
settles "bound-oneshot.service, bound to it with After=, is not left active" bound-oneshot.service \
        state_is bound-oneshot.service inactive/dead

exits 0 "svcctl start bound-restarts exits 0" svcctl start bound-restarts
old=$(show_value bindee-restarts.service MainPID)
ok "SIGKILL to bindee-restarts.service's main process (Restart=on-failure)" kill_main bindee-restarts.service
settles "bindee-restarts.service is restarted automatically" bindee-restarts.service running_anew bindee-restarts.service "$old"
is "$(show_value bindee-restarts.service NRestarts)" 1 "... NRestarts=1"
# systemd restarts what is bound to a unit that restarts automatically (service.c: a restart job
# with its dependencies); either way, the bound unit must end up active, not stopped.
settles "bound-restarts.service is active (running) after the automatic restart of the unit it is bound to" \
        bound-restarts.service state_is bound-restarts.service active/running
stays "... and stays so" bound-restarts.service state_is bound-restarts.service active/running

# --- Upholds= ---------------------------------------------------------------------------------
exits 0 "svcctl start upholder exits 0" svcctl start upholder
settles "Upholds= pulls in upheld.service when upholder.service starts" upheld.service state_is upheld.service active/running
is "$(starts upheld)" 1 "... started once"
old=$(show_value upheld.service MainPID)
ok "SIGKILL to upheld.service's main process (Restart=no)" kill_main upheld.service
settles "upheld.service is started again while upholder.service is active" upheld.service running_anew upheld.service "$old"
is "$(starts upheld)" 2 "... once more (2 starts)"
is "$(show_value upheld.service NRestarts)" 0 "... by Upholds=, not by its restart policy (NRestarts=0)"

exits 0 "svcctl stop upholder exits 0" svcctl stop upholder
is "$(state_now upheld.service)" active/running "stopping upholder.service does not stop upheld.service (Upholds= is no stop dependency)"
ok "SIGKILL to upheld.service's main process, with upholder.service stopped" kill_main upheld.service
settles "upheld.service fails" upheld.service state_is upheld.service failed/failed
stays "... and stays failed: nothing upholds it any more" upheld.service state_is upheld.service failed/failed
is "$(starts upheld)" 2 "... it was not started again (still 2 starts)"


# --- StopWhenUnneeded= ------------------------------------------------------------------------
exits 0 "svcctl start app exits 0" svcctl start app
# Wants= without After=: app.service's start does not wait for helper.service's.
settles "app.service's Wants= started helper.service" helper.service state_is helper.service active/running
exits 0 "svcctl stop app exits 0" svcctl stop app
settles "StopWhenUnneeded=yes: helper.service stops once app.service, which wanted it, is stopped" \
        helper.service state_is helper.service inactive/dead
is "$(show_value helper.service Result)" success "... cleanly (result success)"

exits 0 "svcctl start helper exits 0 (the start job itself succeeds)" svcctl start helper
settles "helper.service, started alone, is stopped again: nothing needs it" \
        helper.service state_is helper.service inactive/dead
is "$(starts helper)" 2 "... it did run (2 starts in all)"
stays "... and stays stopped" helper.service state_is helper.service inactive/dead
exits 0 "svcctl start lonely exits 0" svcctl start lonely
settles "lonely.service (StopWhenUnneeded=yes, only an ExecStart=), started alone, is stopped again" \
        lonely.service state_is lonely.service inactive/dead

exits 0 "svcctl start user1 user2 exits 0" svcctl start user1 user2
# Neither orders itself after shared.service: their jobs may end before its start does.
settles "shared.service (StopWhenUnneeded=yes) runs, wanted by user1, required by user2" shared.service \
        state_is shared.service active/running
exits 0 "svcctl stop user1 exits 0" svcctl stop user1
stays "shared.service stays active while user2.service (Requires=) still needs it" shared.service \
        state_is shared.service active/running
exits 0 "svcctl stop user2 exits 0" svcctl stop user2
settles "shared.service stops once neither needs it" shared.service state_is shared.service inactive/dead

exits 0 "svcctl start plain-app exits 0" svcctl start plain-app
# Wants= without After=, as for app.service above: the helper's ExecStartPre= may still run.
settles "plain-app.service's Wants= started plain-helper.service" plain-helper.service \
        state_is plain-helper.service active/running
exits 0 "svcctl stop plain-app exits 0" svcctl stop plain-app
stays "plain-helper.service, without StopWhenUnneeded=, stays active" plain-helper.service \
        state_is plain-helper.service active/running

# --- PropagatesStopTo= / StopPropagatedFrom= --------------------------------------------------
exits 0 "svcctl start psrc exits 0" svcctl start psrc
is "$(show_value pdst.service ActiveState)" inactive "PropagatesStopTo= does not start pdst.service"
exits 0 "svcctl start pdst exits 0" svcctl start pdst
exits 0 "svcctl stop psrc exits 0" svcctl stop psrc
settles "PropagatesStopTo=pdst.service: stopping psrc.service stops pdst.service" pdst.service \
        state_is pdst.service inactive/dead
exits 0 "svcctl start psrc pdst exits 0" svcctl start psrc pdst
exits 0 "svcctl stop pdst exits 0" svcctl stop pdst
stays "... not the other way round: psrc.service stays active" psrc.service state_is psrc.service active/running

exits 0 "svcctl start ssrc sdst exits 0" svcctl start ssrc sdst
exits 0 "svcctl stop ssrc exits 0" svcctl stop ssrc
settles "StopPropagatedFrom=ssrc.service: stopping ssrc.service stops sdst.service" sdst.service \
        state_is sdst.service inactive/dead
exits 0 "svcctl start ssrc sdst exits 0" svcctl start ssrc sdst
exits 0 "svcctl stop sdst exits 0" svcctl stop sdst
stays "... not the other way round: ssrc.service stays active" ssrc.service state_is ssrc.service active/running

# --- PropagatesReloadTo= / ReloadPropagatedFrom= ----------------------------------------------
exits 0 "svcctl start rsrc rdst rfrom exits 0" svcctl start rsrc rdst rfrom
exits 0 "svcctl reload rsrc exits 0" svcctl reload rsrc
is "$(count "$T/rsrc.reloads")" 1 "rsrc.service's ExecReload= ran once"
settles "PropagatesReloadTo=rdst.service: rdst.service's ExecReload= ran" rdst.service count_is "$T/rdst.reloads" 1
settles "ReloadPropagatedFrom=rsrc.service: rfrom.service's ExecReload= ran" rfrom.service count_is "$T/rfrom.reloads" 1
is "$(state_now rdst.service)/$(state_now rfrom.service)" active/running/active/running "... both still run"
exits 0 "svcctl reload rdst exits 0" svcctl reload rdst
settles "rdst.service reloaded again" rdst.service count_is "$T/rdst.reloads" 2
stays "... not the other way round: rsrc.service did not reload" rsrc.service count_is "$T/rsrc.reloads" 1
exits 0 "svcctl stop rdst exits 0" svcctl stop rdst
exits 0 "svcctl reload rsrc exits 0 with rdst.service stopped" svcctl reload rsrc
settles "rfrom.service reloaded a second time" rfrom.service count_is "$T/rfrom.reloads" 2
is "$(state_now rdst.service)" inactive/dead "a propagated reload does not start the stopped rdst.service"
is "$(count "$T/rdst.reloads")" 2 "... nor run its ExecReload="

# --- OnFailure= -------------------------------------------------------------------------------
exits 0 "svcctl start fails exits 0 (Type=simple: done once it runs)" svcctl start fails
settles "fails.service fails" fails.service state_is fails.service failed/failed
settles "OnFailure=handler.service: handler.service ran" handler.service count_is "$T/handler.runs" 1
stays "... once" handler.service count_is "$T/handler.runs" 1

# OnFailureJobMode=replace (the default): handler-replace.service's start job replaces the start
# job of slow-replace.service it conflicts with, which ends stopped.
exits 0 "svcctl --no-block start slow-replace exits 0" svcctl --no-block start slow-replace
settles "slow-replace.service is activating (its start job runs)" slow-replace.service \
        value_is slow-replace.service ActiveState activating
exits 0 "svcctl start fails-replace exits 0" svcctl start fails-replace
settles "fails-replace.service fails" fails-replace.service state_is fails-replace.service failed/failed
settles "OnFailureJobMode= default replace: handler-replace.service ran despite its Conflicts= with a unit being started" \
        handler-replace.service count_is "$T/handler-replace.runs" 1
settles "... and slow-replace.service, whose start job was replaced, is stopped" slow-replace.service \
        active_is slow-replace.service inactive

# OnFailureJobMode=fail: the handler's job would replace slow-fail.service's: it is refused.
exits 0 "svcctl --no-block start slow-fail exits 0" svcctl --no-block start slow-fail
settles "slow-fail.service is activating" slow-fail.service value_is slow-fail.service ActiveState activating
exits 0 "svcctl start fails-fail exits 0" svcctl start fails-fail
settles "fails-fail.service fails" fails-fail.service state_is fails-fail.service failed/failed
stays "OnFailureJobMode=fail: slow-fail.service's start job is left alone (still activating)" slow-fail.service \
        active_is slow-fail.service activating
ok "... and handler-fail.service did not run" test ! -e "$T/handler-fail.runs"
touch "$T/slow-fail.go"
settles "slow-fail.service finishes its start" slow-fail.service active_is slow-fail.service inactive
is "$(show_value slow-fail.service Result)" success "... with result success"

# --- Upholds= and the start limit (last: a daemon that loops here stops answering) -------------
# Each start of flaky.service fails, and Upholds= starts it again, until the start limit refuses;
# then it must stay failed, with svcd answering: no busy loop of refused starts. Every svcctl here
# is bounded by a short timeout, and a svcd that stops answering ends the file at once (its log
# would grow by the second).
answers() { timeout 3 "$SVCCTL" list >/dev/null 2>&1; }
# hung: SIGKILL to the looping svcd (SIGTERM would wait in its signalfd), then bail out.
hung() {
        kill -KILL "$SVCD_PID" 2>/dev/null
        bail "svcd stopped answering once Upholds= met flaky.service's start limit (a busy loop?)"
}
flaky_quiet() { answers && count_is "$T/flaky.starts" 3; }
exits 0 "svcctl start flaky-upholder exits 0 (its upheld flaky.service fails: Upholds= is no requirement)" \
        timeout 5 "$SVCCTL" start flaky-upholder
flaky=waiting
end=$((SECONDS + DEADLINE))
while [ $SECONDS -lt $end ]; do
        r=$(timeout 3 "$SVCCTL" show -p Result --value flaky.service 2>/dev/null) || { flaky=hung; break; }
        [ "$r" != start-limit-hit ] || { flaky=limited; break; }
        sleep 0.05
done
is "$flaky" limited "flaky.service, upheld but exiting 1 each time, hits its start limit (and svcd still answers)"
[ "$flaky" != hung ] || hung
is "$(starts flaky)" 3 "... after exactly StartLimitBurst=3 starts"
holds flaky_quiet
r=$?
is "$r" 0 "... and is not started again, and svcd keeps answering"
answers || hung
is "$(state_now flaky.service)" failed/failed "flaky.service is failed"
is "$(state_now flaky-upholder.service)" active/running "flaky-upholder.service is still active (running)"
exits 0 "svcctl stop flaky-upholder exits 0" timeout 5 "$SVCCTL" stop flaky-upholder

ok "svcd is still running" svcd_running
done_testing
