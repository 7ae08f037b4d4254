#!/usr/bin/env bash
# t-dependencies.sh: dependencies and ordering (systemd.unit(5) Requires=, Wants=, After=,
# Before=): the boot starts what default.target.wants/ names and what that pulls in, each unit
# only once the units it is After= are up: a simple service once its ExecStartPre= is done, a
# Type=notify one once it sent READY=1, a oneshot once it finished, a forking one once its
# starter exited; a unit whose requirement fails, is missing or sits in an ordering cycle does
# not start, one that only Wants= a missing or failing unit does. `svcctl start` waits for the
# dependencies, --no-block does not. `svcctl stop` and `restart` of the bottom of a chain stop
# the units above it first (and restart starts them again in order); SIGTERM to svcd stops a
# chain in exactly the reverse order.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

NC=${SVCD_NOTIFY_CLIENT:-}
[ -n "$NC" ] && [ -x "$NC" ] || NC=

# rec.sh NAME WHAT: appends "NAME WHAT <ns>" to $T/events. Lines are appended (O_APPEND) in
# the order things happened; the checks compare line positions, not times.
rec=$(write_script rec.sh <<EOF
#!/bin/sh
echo "\$1 \$2 \$(date +%s%N)" >>$T/events
EOF
)

# line_of NAME WHAT: the line number of "NAME WHAT" in $T/events (empty if it never happened).
line_of() {
        awk -v n="$1" -v w="$2" '$1 == n && $2 == w { print NR; exit }' "$T/events" 2>/dev/null
}
happened() { [ -n "$(line_of "$1" "$2")" ]; }

# ordered DESCRIPTION "A WHAT" "B WHAT": both happened, A before B.
ordered() {
        local a b
        # shellcheck disable=SC2086 # "NAME WHAT" splits into its two words on purpose
        a=$(line_of $2)
        # shellcheck disable=SC2086
        b=$(line_of $3)
        if [ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt "$b" ]; then
                pass "$1"
        else
                fail "$1" "$(printf "'%s' at line %s, '%s' at line %s of:\n%s" "$2" "${a:-(never)}" "$3" \
                        "${b:-(never)}" "$(cat "$T/events" 2>/dev/null)")"
        fi
}

# svc NAME [UNIT-LINES...]: a simple service whose ExecStartPre= notes "NAME start", takes
# 0.2 s, then notes "NAME up" (all before the unit is active, so before any unit ordered after
# it may begin: a unit started too early would note its start before "NAME up"), then sleeps.
svc() {
        service_unit "$@" <<EOF
ExecStartPre=$rec $1 start
ExecStartPre=/bin/sleep 0.2
ExecStartPre=$rec $1 up
ExecStart=/bin/sleep 3600
EOF
}

# events_since N NAME...: "NAME WHAT" of the events after line N, for the NAMEs given, on one line.
events_since() {
        local n=$1
        shift
        tail -n "+$((n + 1))" "$T/events" | awk -v names=" $* " 'index(names, " " $1 " ") { printf "%s%s %s", sep, $1, $2; sep = ", " }'
}
events_now() { count "$T/events"; }

# --- ordering at boot: a chain, a fan-in, Wants= with After=, Before= ---------------------
svc c1
svc c2 Requires=c1.service After=c1.service
svc c3 Requires=c2.service After=c2.service
svc f1
svc f2
svc f3
svc fin "Requires=f1.service f2.service f3.service" "After=f1.service f2.service f3.service"
svc w1
svc wtop Wants=w1.service After=w1.service
# Before= on the earlier unit orders the same as After= on the later one.
svc b1 Before=b2.service
svc b2 Wants=b1.service
# Named by nothing at boot: it must not start.
svc lonely

# --- a diamond with readiness: dtop -> (dleft: notify, 1 s late; dright) -> dbottom ---------
left=$(write_script dleft.sh <<EOF
#!/bin/sh
$rec dleft start
sleep 1
$rec dleft ready
if [ -n "$NC" ]; then
        exec $NC --then-sleep=3600 READY=1
fi
systemd-notify --ready
exec sleep 3600
EOF
)
svc dtop
unit dleft.service <<EOF
[Unit]
Requires=dtop.service
After=dtop.service

[Service]
Type=notify
NotifyAccess=all
ExecStart=$left
EOF
svc dright Requires=dtop.service After=dtop.service
svc dbottom "Requires=dleft.service dright.service" "After=dleft.service dright.service"

# --- a oneshot, a failing oneshot and a forking service in the middle ------------------------
oneshot=$(write_script oneshot.sh <<EOF
#!/bin/sh
$rec one1 begin
sleep 0.5
$rec one1 end
EOF
)
unit one1.service <<EOF
[Service]
Type=oneshot
ExecStart=$oneshot
EOF
svc oneafter Requires=one1.service After=one1.service
unit onefail.service <<EOF
[Service]
Type=oneshot
ExecStart=/bin/sh -c 'exit 3'
EOF
svc onefailafter Requires=onefail.service After=onefail.service
svc onefailwants Wants=onefail.service After=onefail.service
forker=$(write_script forker.sh <<EOF
#!/bin/sh
$rec fork1 parent-start
sleep 3600 </dev/null >/dev/null 2>&1 &
sleep 0.5
$rec fork1 parent-exit
exit 0
EOF
)
unit fork1.service <<EOF
[Service]
Type=forking
GuessMainPID=yes
ExecStart=$forker
EOF
svc forkafter Requires=fork1.service After=fork1.service

# --- missing units at boot ------------------------------------------------------------------
svc bootrmiss Requires=ghost-boot-r.service After=ghost-boot-r.service
svc bootwmiss Wants=ghost-boot-w.service After=ghost-boot-w.service

# --- an ordering cycle at boot: both units only wanted (through default.target.wants/) -------
# Neither job matters to default.target, so the boot drops them and goes on.
svc bootcyca Requires=bootcycb.service After=bootcycb.service
svc bootcycb Requires=bootcyca.service After=bootcyca.service

# --- chains with an ExecStop= that notes "NAME stop", takes 0.2 s, notes "NAME stopped" -------
# s1 <- s2 <- s3 <- s4 (Requires=, After=): for the shutdown order; r1 <- r2 <- r3: for stop and
# restart by svcctl.
chain() { # chain PREFIX N
        local i
        for i in $(seq 1 "$2"); do
                {
                        echo "[Unit]"
                        [ "$i" -eq 1 ] || echo "Requires=$1$((i - 1)).service"
                        [ "$i" -eq 1 ] || echo "After=$1$((i - 1)).service"
                        echo
                        echo "[Service]"
                        echo "ExecStartPre=$rec $1$i start"
                        echo "ExecStartPre=/bin/sleep 0.2"
                        echo "ExecStartPre=$rec $1$i up"
                        echo "ExecStart=/bin/sleep 3600"
                        echo "ExecStop=$rec $1$i stop"
                        echo "ExecStop=/bin/sleep 0.2"
                        echo "ExecStop=$rec $1$i stopped"
                } | unit "$1$i.service"
        done
}
chain s 4
chain r 3

# Only the leaves are enabled; everything else is pulled in.
enable_units c3.service fin.service wtop.service b2.service dbottom.service oneafter.service \
        onefailafter.service onefailwants.service forkafter.service bootrmiss.service bootwmiss.service s4.service r3.service \
        bootcyca.service

# --- started by svcctl later ------------------------------------------------------------------
# waitready NAME: a Type=notify service that notes "NAME ready" and sends READY=1 once
# $T/NAME.go exists (the test decides when it is ready).
readyer=$(write_script readyer.sh <<EOF
#!/bin/sh
while [ ! -e $T/\$1.go ]; do
        sleep 0.05
done
$rec \$1 ready
if [ -n "$NC" ]; then
        exec $NC --then-sleep=3600 READY=1
fi
systemd-notify --ready
exec sleep 3600
EOF
)
waitready() {
        unit "$1.service" <<EOF
[Service]
Type=notify
NotifyAccess=all
ExecStart=$readyer $1
EOF
}
waitready sb
svc sa Requires=sb.service After=sb.service
waitready nbdep
svc nb Requires=nbdep.service After=nbdep.service
svc wmiss Wants=ghost-w.service After=ghost-w.service
svc rmiss Requires=ghost-r.service After=ghost-r.service

svcd_start

boot_done() {
        local s
        s=$("$SVCCTL" is-system-running 2>/dev/null)
        [ "$s" = running ] || [ "$s" = degraded ]
}
settles "the boot ends (no job left)" default.target boot_done
is "$("$SVCCTL" is-system-running 2>&1)" degraded "the system is degraded: onefail.service failed at boot"

for u in c1 c2 c3 f1 f2 f3 fin w1 wtop b1 b2 dtop dleft dright dbottom oneafter onefailwants fork1 forkafter \
        bootwmiss s1 s2 s3 s4 r1 r2 r3; do
        settles "$u.service is active after the boot" $u.service prop_is $u.service ActiveState active
done

# --- ordering ----------------------------------------------------------------------------------
ordered "chain: c1 is up before c2 starts" "c1 up" "c2 start"
ordered "chain: c2 is up before c3 starts" "c2 up" "c3 start"
for f in f1 f2 f3; do
        ordered "fan-in: $f is up before fin starts" "$f up" "fin start"
done
ordered "Wants=+After=: w1 is up before wtop starts" "w1 up" "wtop start"
ordered "Before=: b1 is up before b2 starts" "b1 up" "b2 start"
ok "lonely.service, which nothing names, did not start" eval '! happened lonely start'
is "$(state_of lonely.service)" inactive/dead "lonely.service is inactive (dead)"

# --- the diamond -------------------------------------------------------------------------------
ordered "diamond: dtop is up before dleft starts" "dtop up" "dleft start"
ordered "diamond: dtop is up before dright starts" "dtop up" "dright start"
ordered "diamond: dleft sent READY=1 (1 s after its start) before dbottom started" "dleft ready" "dbottom start"
ordered "diamond: dright is up before dbottom starts" "dright up" "dbottom start"
is "$(state_of dleft.service)" active/running "dleft.service (Type=notify) is active (running)"

# --- oneshot and forking ----------------------------------------------------------------------------
ordered "oneshot: oneafter starts only after one1 finished" "one1 end" "oneafter start"
is "$(state_of one1.service)/$(prop one1.service Result)" inactive/dead/success \
        "one1.service (oneshot) ran and is inactive (dead), result success"
ordered "forking: forkafter starts only after fork1's starter exited" "fork1 parent-exit" "forkafter start"
ordered "chain s: s1 is up before s2 starts" "s1 up" "s2 start"
ordered "chain s: s2 is up before s3 starts" "s2 up" "s3 start"
ordered "chain s: s3 is up before s4 starts" "s3 up" "s4 start"
is "$(state_of fork1.service)" active/running "fork1.service (forking) is active (running)"
is "$(state_of onefail.service)/$(prop onefail.service Result)" failed/failed/exit-code \
        "onefail.service (a oneshot exiting 3) is failed with result exit-code"
ok "onefailafter.service (Requires=onefail.service) never started" eval '! happened onefailafter start'
is "$(state_of onefailafter.service)" inactive/dead "... and is inactive (dead), not failed: its job failed with 'dependency'"
is "$(state_of onefailwants.service)" active/running "onefailwants.service (only Wants=onefail.service) runs anyway"

# --- missing units at boot ------------------------------------------------------------------------
ok "bootrmiss.service (Requires=ghost-boot-r.service, which does not exist) never started" \
        eval '! happened bootrmiss start'
is "$(prop bootrmiss.service ActiveState)" inactive "... and is inactive"
like "$(svcd_log)" 'ghost-boot-r\.service.*not found' "svcd's log names the missing ghost-boot-r.service: not found"
is "$(state_of bootwmiss.service)" active/running "bootwmiss.service (Wants=ghost-boot-w.service, missing) runs"
is "$(prop default.target ActiveState)" active "default.target is active"

# --- the cycle at boot -----------------------------------------------------------------------------
log=$(svcd_log)
like "$log" '[Oo]rdering cycle' "svcd's log reports the ordering cycle at boot"
like "$log" 'bootcyca\.service after bootcycb\.service' "... with the edge bootcyca.service after bootcycb.service"
like "$log" 'bootcycb\.service after bootcyca\.service' "... and the edge bootcycb.service after bootcyca.service"
like "$log" 'dropped bootcyc[ab]\.service/start' "... and the job it dropped to break it"
ok "bootcyca.service never started" eval '! happened bootcyca start'
ok "bootcycb.service never started" eval '! happened bootcycb start'
is "$(prop bootcyca.service ActiveState)/$(prop bootcycb.service ActiveState)" inactive/inactive \
        "both are inactive; the rest of the boot went on (above)"

# --- svcctl start waits for the dependencies ----------------------------------------------------
(
        svcctl start sa >"$T/sa.out" 2>&1
        echo $? >"$T/sa.rc"
) &
settles "svcctl start sa: sb.service (Requires=, After=) is activating" sb.service prop_is sb.service ActiveState activating
ok "... and svcctl start sa has not returned while sb.service is not ready" test ! -e "$T/sa.rc"
ok "... sa.service has not started yet" eval '! happened sa start'
is "$(prop sa.service ActiveState)" inactive "... and is inactive"
touch "$T/sb.go"
ok "once sb.service is ready, svcctl start sa returns" wait_until test -s "$T/sa.rc"
is "$(cat "$T/sa.rc" 2>/dev/null)" 0 "... with exit 0"
[ "$(cat "$T/sa.rc" 2>/dev/null)" = 0 ] || diag "svcctl start sa said: $(cat "$T/sa.out")"
is "$(state_of sb.service)/$(state_of sa.service)" active/running/active/running "sb.service and sa.service are active (running)"
ordered "sb.service was ready before sa.service started" "sb ready" "sa start"

# --- --no-block returns at once ------------------------------------------------------------------
# nbdep.service cannot be ready before the test creates $T/nbdep.go: returning now is not waiting.
exits 0 "svcctl --no-block start nb exits 0 while its dependency nbdep.service cannot be ready yet" \
        svcctl --no-block start nb
is "$(prop nb.service ActiveState)" inactive "... nb.service is still inactive (its job waits for nbdep.service)"
settles "... nbdep.service (Requires=, After=) is activating" nbdep.service prop_is nbdep.service ActiveState activating
ok "... and nb.service has not started" eval '! happened nb start'
touch "$T/nbdep.go"
settles "once nbdep.service is ready, nb.service becomes active" nb.service prop_is nb.service ActiveState active
ordered "nbdep.service was ready before nb.service started" "nbdep ready" "nb start"

# --- missing dependencies ---------------------------------------------------------------------
exits 0 "svcctl start wmiss (Wants=ghost-w.service, which does not exist) exits 0" svcctl start wmiss
is "$(state_of wmiss.service)" active/running "wmiss.service is active (running)"
exits 1 "svcctl start rmiss (Requires=ghost-r.service, which does not exist) exits 1" svcctl start rmiss
like "$ERR" 'ghost-r\.service' "... the message names the missing ghost-r.service"
like "$ERR" 'not found' "... and says it was not found"
is "$(state_of rmiss.service)" inactive/dead "rmiss.service stays inactive (dead)"
ok "rmiss.service never ran" eval '! happened rmiss start'

# --- svcctl stop and restart of the bottom of a chain -------------------------------------------
# systemd.unit(5) Requires=: "If one of the other units is explicitly stopped (or restarted),
# this unit will be stopped (or restarted) too"; stops run in the reverse of the start order.
mark=$(events_now)
exits 0 "svcctl stop r1 (r2 Requires=r1, r3 Requires=r2) exits 0" svcctl stop r1
is "$(events_since "$mark" r1 r2 r3)" "r3 stop, r3 stopped, r2 stop, r2 stopped, r1 stop, r1 stopped" \
        "r3, then r2, then r1 stopped, each after the previous one's ExecStop= ended"
is "$(state_of r1.service)/$(state_of r2.service)/$(state_of r3.service)" inactive/dead/inactive/dead/inactive/dead \
        "r1, r2 and r3 are inactive (dead) when svcctl stop r1 returns"
mark=$(events_now)
exits 0 "svcctl start r3 exits 0" svcctl start r3
is "$(events_since "$mark" r1 r2 r3)" "r1 start, r1 up, r2 start, r2 up, r3 start, r3 up" \
        "svcctl start r3 started r1, then r2, then r3"
r2_pid=$(prop r2.service MainPID)
mark=$(events_now)
exits 0 "svcctl restart r1 exits 0" svcctl restart r1
# svcctl restart waits for r1's job only; r2's and r3's start after it.
no_jobs() { [ "$("$SVCCTL" list-jobs 2>/dev/null)" = "No jobs running." ]; }
settles "the restarts of r2 and r3 end too (no job left)" r3.service no_jobs
is "$(events_since "$mark" r1 r2 r3)" \
        "r3 stop, r3 stopped, r2 stop, r2 stopped, r1 stop, r1 stopped, r1 start, r1 up, r2 start, r2 up, r3 start, r3 up" \
        "svcctl restart r1 stopped r3, r2, r1 in that order, then started r1, r2, r3"
is "$(state_of r1.service)/$(state_of r2.service)/$(state_of r3.service)" active/running/active/running/active/running \
        "r1, r2 and r3 are active (running) again"
isnt "$(prop r2.service MainPID)" "$r2_pid" "r2.service has a new MainPID"

# --- shutdown: the chain stops in exactly the reverse order ------------------------------------
ok "svcd is still running" svcd_running
mark=$(events_now)
svcd_stop_and_wait TERM # not under ok: it must set SVCD_EXIT in this shell
is "$?" 0 "SIGTERM to svcd; it exits"
is "$SVCD_EXIT" 0 "svcd exits 0"
is "$(events_since "$mark" s1 s2 s3 s4)" \
        "s4 stop, s4 stopped, s3 stop, s3 stopped, s2 stop, s2 stopped, s1 stop, s1 stopped" \
        "the chain s1 <- s2 <- s3 <- s4 stopped in exactly the reverse order, each after the previous one's ExecStop= ended"
leftovers=$(host_pids_running "$T/")
is "$leftovers" "" "no process of the test's services is left on the host"

done_testing
