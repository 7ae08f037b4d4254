#!/usr/bin/env bash
# t-cgroup.sh: process tracking by cgroup v2 (one cgroup per service, below svcd's own
# directory): every process of a service is in it, even one that called setsid() to leave
# its process group, and a stop kills them all and waits until cgroup.events says it is
# empty; the cgroup goes with the run and svcd's directory with svcd. Skips where svcd has
# no writable cgroup2 hierarchy (it then says so and tracks process groups: t-kill-mode.sh).
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

# A daemon that escapes its process group and session: setsid(1) in the background.
unit escaper.service <<EOF
[Service]
ExecStartPre=/bin/sleep 0.1
ExecStart=/bin/sh -c 'setsid sleep 3600 & echo \$! >$T/escaped.pid; exec sleep 3600'
EOF
unit leftover.service <<EOF
[Service]
KillMode=process
ExecStart=/bin/sh -c 'sleep 3600 & echo \$! >$T/leftover.pid; exec sleep 3600'
EOF
unit forker.service <<EOF
[Service]
Type=forking
ExecStart=/bin/sh -c 'setsid sleep 3600 &'
EOF
unit exittype.service <<EOF
[Service]
ExitType=cgroup
ExecStart=/bin/sh -c 'sleep 3600 & echo \$! >$T/exittype.pid; exit 0'
EOF
svcd_start

if ! grep -q "Process tracking: one cgroup per service below" "$T/svcd.log"; then
        why=$(sed -n 's/.*Process tracking: process groups and sessions (\(.*\))\./\1/p' "$T/svcd.log")
        svcd_stop_and_wait TERM
        skip_all "svcd has no cgroup here: ${why:-see its log}"
fi
root=$(cgroup_root_in "$(svcd_log)")
ok "svcd's cgroup directory $root exists" test -d "$root"
like "$(basename "$root")" '^svcd-[0-9a-f]{8}$' "... named svcd-XXXXXXXX"

exits 0 "svcctl start escaper exits 0" svcctl start escaper
cg=$(prop escaper.service ControlGroup)
is "$cg" "$root/escaper.service" "ControlGroup is the service's cgroup below svcd's directory"
is "$(prop escaper.service ProcessTracking)" cgroup "ProcessTracking=cgroup"
is "$(prop leftover.service ProcessTracking)" cgroup "... also for a unit that has not run yet: its next run's"
exits 3 "svcctl status of that inactive unit exits 3" svcctl status leftover
unlike "$OUT" 'Process tracking|CGroup:' "... and shows neither a cgroup nor process groups, as systemctl shows no CGroup:"
is "$(prop multi-user.target ProcessTracking)" "" "a target tracks no processes: ProcessTracking is empty"
exits 0 "svcctl status escaper" svcctl status escaper
like "$OUT" "^     CGroup: $root/escaper\.service$" "status shows the cgroup"

main=$(prop escaper.service MainPID)
wait_until test -s "$T/escaped.pid"
escaped=$(cat "$T/escaped.pid")
in_cgroup() { # in_cgroup PID PATH: is PID (namespace numbering) in the cgroup at PATH?
        local line
        line=$(in_ns cat "/proc/$1/cgroup" 2>/dev/null | sed -n 's/^0:://p')
        [ -n "$line" ] && [[ "$2" == *"$line" ]]
}
ok "the main process is in it" in_cgroup "$main" "$cg"
ok "so is the process that left its session with setsid" in_cgroup "$escaped" "$cg"
ok "cgroup.procs lists both" bash -c "grep -c . '$cg/cgroup.procs' | grep -qx 2"

exits 0 "svcctl stop escaper exits 0" svcctl stop escaper
# The stop ends at "populated 0" in cgroup.events, which the kernel reports as the process
# exits, before it is reaped: only the main process is sure to be reaped by then.
ok "the escaped process was killed too" wait_until ns_pid_gone "$escaped"
ok "the cgroup went with the run" test ! -e "$cg"
is "$(prop escaper.service ControlGroup)" "" "... and ControlGroup is empty again"

# KillMode=process leaves the rest in the cgroup, which stays, and the next start uses it.
exits 0 "svcctl start leftover exits 0" svcctl start leftover
wait_until test -s "$T/leftover.pid"
left=$(cat "$T/leftover.pid")
lcg=$(prop leftover.service ControlGroup)
exits 0 "svcctl stop leftover exits 0" svcctl stop leftover
ok "KillMode=process: the child survives the stop" ns_pid_exists "$left"
ok "... and keeps the cgroup, which stays" test -d "$lcg"
exits 0 "a new start of leftover" svcctl start leftover
is "$(prop leftover.service ControlGroup)" "$lcg" "... uses the same cgroup"
exits 0 "svcctl stop leftover" svcctl stop leftover
ns_kill KILL "$left"

# Type=forking without PIDFile=: the one process in the cgroup is the main process.
exits 0 "svcctl start forker (Type=forking, no PIDFile=) exits 0" svcctl start forker
fmain=$(prop forker.service MainPID)
isnt "$fmain" 0 "GuessMainPID= found the daemon in the cgroup"
like "$(ns_cmdline "$fmain")" '^sleep 3600' "... the sleep that called setsid"
exits 0 "svcctl stop forker" svcctl stop forker
ok "... and the daemon is gone" ns_pid_gone "$fmain"

# ExitType=cgroup: running while anything of the cgroup runs, not only the main process.
exits 0 "svcctl start exittype (ExitType=cgroup) exits 0" svcctl start exittype
wait_until test -s "$T/exittype.pid"
ok "its main process ended" wait_until prop_is exittype.service MainPID 0
is "$(state_of exittype.service)" active/running "... and it is still active/running: its child is in the cgroup"
ns_kill TERM "$(cat "$T/exittype.pid")"
ok "once the last process is gone, it is inactive" wait_until prop_is exittype.service ActiveState inactive
is "$(prop exittype.service Result)" success "... with the main process' result, success"

# svcd removes its directory when it exits.
svcd_stop_and_wait TERM
is "$SVCD_EXIT" 0 "svcd exits 0 on SIGTERM"
ok "svcd's cgroup directory is gone" test ! -e "$root"

# --- what an svcd killed by SIGKILL leaves ----------------------------------------------------
# Nothing of svcd runs then: its directory stays, with its services. A running svcd holds an
# flock(2) on its directory (cgroup-stale.c); the next svcd in the same cgroup removes the
# directories no one holds once no process is left in them, and leaves them while one is.
# These svcds run in a cgroup of this test's own, as supervisors (not PID 1), so that no
# other test's svcd sweeps the directory first.
unit held.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
EOF
enable_units held.service
private=$(dirname "$root")/t-cgroup-$$
mkdir "$private" || bail "cannot make $private"
sup='' held=''
# shellcheck disable=SC2317 # the EXIT trap: the supervisors still running are jobs of ours
cleanup_private() {
        # shellcheck disable=SC2046 # one pid a word
        kill -KILL $(jobs -p) 2>/dev/null
        [ -z "$held" ] || kill -KILL "$held" 2>/dev/null
        sleep 0.2
        rmdir "$private"/svcd-*/held.service "$private"/svcd-* "$private" 2>/dev/null
        _cleanup
}
trap cleanup_private EXIT
# start_supervisor NAME: an svcd in $private (it moves itself there before exec), its log in
# $T/NAME.log; sets sup; waits until its held.service runs.
start_supervisor() {
        bash -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@"' move "$private" \
                "$SVCD" --unit-path "$UNITS" --socket "$T/$1.sock" --runtime-dir "$T/$1" --state-dir "$T/state" \
                </dev/null >"$T/$1.log" 2>&1 &
        sup=$!
        wait_until sh -c "\"$SVCCTL\" -s '$T/$1.sock' show -p ActiveState --value held.service | grep -qx active"
}
stop_supervisor() {
        kill -TERM "$sup"
        wait "$sup"
        sup=
}
root_in() { cgroup_root_in "$(cat "$T/$1.log")"; }

start_supervisor sup-a
dead=$(root_in sup-a)
like "$dead" "^$private/svcd-[0-9a-f]{8}\$" "a supervisor runs in this test's cgroup ($dead)"
held=$("$SVCCTL" -s "$T/sup-a.sock" show -p MainPID --value held.service)
kill -KILL "$sup"
wait "$sup"
sup=
ok "killed by SIGKILL, it leaves its directory" test -d "$dead"
ok "... and its service runs on" kill -0 "$held"

start_supervisor sup-b
like "$(cat "$T/sup-b.log")" "Cgroup $dead belongs to no running svcd, but processes are still in it; leaving it\." \
        "the next svcd says it found processes of an svcd that is gone"
ok "... leaves that directory" test -d "$dead"
ok "... and never stops those processes: not its own" kill -0 "$held"
stop_supervisor

# The operator ends the orphan; its cgroup empties.
kill -KILL "$held"
held=
ok "the orphaned service's cgroup empties" wait_until grep -qx 'populated 0' "$dead/cgroup.events"
start_supervisor sup-c
like "$(cat "$T/sup-c.log")" "Removed cgroup $dead, left by an svcd that is gone\." \
        "the next svcd removes the directory of the svcd that is gone"
ok "... which is gone" test ! -e "$dead"
live=$(root_in sup-c)
sup_c=$sup
start_supervisor sup-d
ok "an svcd beside a running one leaves that one's directory alone" test -d "$live"
unlike "$(cat "$T/sup-d.log")" "Removed cgroup|belongs to no running svcd" "... and says nothing of it"
sup_d=$sup
sup=$sup_c
stop_supervisor
ok "a supervisor removes its directory when it exits" test ! -e "$live"
sup=$sup_d
stop_supervisor
rmdir "$private"
ok "nothing is left in this test's cgroup" test ! -e "$private"
done_testing
