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
root=$(sed -n 's/.*Process tracking: one cgroup per service below \(.*\)\./\1/p' "$T/svcd.log")
ok "svcd's cgroup directory $root exists" test -d "$root"
like "$(basename "$root")" '^svcd-[0-9a-f]{8}$' "... named svcd-XXXXXXXX"

exits 0 "svcctl start escaper exits 0" svcctl start escaper
cg=$(prop escaper.service ControlGroup)
is "$cg" "$root/escaper.service" "ControlGroup is the service's cgroup below svcd's directory"
is "$(prop escaper.service ProcessTracking)" cgroup "ProcessTracking=cgroup"
exits 0 "svcctl status escaper" svcctl status escaper
like "$OUT" "^      CGroup: $root/escaper\.service$" "status shows the cgroup"

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
done_testing
