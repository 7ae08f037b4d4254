#!/usr/bin/env bash
# t-subreaper.sh: svcd not as PID 1 (a supervisor under another init) makes itself a child
# subreaper (prctl(2) PR_SET_CHILD_SUBREAPER), so a double-forking service's orphans are
# re-parented to svcd, not to the init above it, and svcd reaps them: no zombies. Its
# SIGTERM shutdown stops what is left of them too, without signalling anything else.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

# The daemon detaches a child that outlives it, then idles.
detacher=$(write_script detacher.sh <<EOF
#!/bin/sh
sh -c 'exec sleep 3600 &'
touch $T/detached
exec sleep 3600
EOF
)
unit detacher.service <<EOF
[Service]
ExecStart=$detacher
EOF
enable_units detacher.service

# A service whose leftovers escape its process group (setsid) and nest: a session
# leader whose child has a child. At shutdown svcd must reach all three, although the
# grandchildren become its children only as their parents die.
escaper=$(write_script escaper.sh <<EOF
#!/bin/sh
setsid sh -c 'sh -c "sleep 2000 & wait" & wait' &
touch $T/escaped
exec sleep 3600
EOF
)
unit escaper.service <<EOF
[Service]
ExecStart=$escaper
EOF
enable_units escaper.service

# PID 1 of the namespace is a shell that does nothing but wait: svcd is its child.
init=$(write_script init.sh <<EOF
#!/bin/bash
sleep 3600 &
bystander=\$!
echo \$bystander >"$T/bystander"
"$SVCD" --unit-path "$UNITS" --socket "$SOCK" --runtime-dir "$T/run" --log-level debug &
wait \$!
echo "svcd exited \$?" >"$T/svcd-exit"
wait \$bystander # keeps the namespace alive for the checks after svcd's exit
EOF
)
unshare --pid --fork --mount-proc --kill-child "$init" </dev/null >>"$T/svcd.log" 2>&1 &
_svcd_unshare_pid=$!
find_svcd() { SVCD_PID=$(host_pids_running "$SVCD --unit-path $UNITS" | head -n 1); [ -n "$SVCD_PID" ]; }
ok "svcd answers on its socket" wait_until eval 'find_svcd && _svcd_answers'
find_svcd

ns_svcd_pid=$(ns_ps | awk -v s="$SVCD" 'index($0, s) { print $1; exit }')
isnt "$ns_svcd_pid" 1 "svcd is not PID 1 of its namespace"
like "$(svcd_log)" "running as PID $ns_svcd_pid \\(supervisor\\);" "svcd says which PID it runs as, and that it is a supervisor"
ok "detacher.service becomes active" wait_until prop_is detacher.service ActiveState active
ok "the service has detached a child" wait_until test -e "$T/detached"
ok "escaper.service has started its setsid chain" wait_until test -e "$T/escaped"
ok "the chain's sleep runs" wait_until eval 'ns_ps | grep -q " sleep 2000$"'
orphan_parent() { ns_ps | awk '$4 == "sleep" && $5 == "3600" { print $1, $2 }'; }
diag "$(ns_ps)"
ok "the detached child is re-parented to svcd (subreaper), not to PID 1" \
        wait_until eval '[ "$(ns_ps | awk -v p='"$ns_svcd_pid"' '"'"'$2 == p && $4 == "sleep"'"'"' | wc -l)" -ge 2 ]'

init_pid=$(cut -d' ' -f1 "/proc/$_svcd_unshare_pid/task/$_svcd_unshare_pid/children")
kill -TERM "$SVCD_PID"
ok "svcd exits after SIGTERM" wait_until test -e "$T/svcd-exit"
is "$(cat "$T/svcd-exit")" "svcd exited 0" "svcd exits 0"
# Look into the namespace through its init from now on: svcd is gone.
SVCD_PID=$init_pid
diag "$(ns_ps)"
is "$(ns_ps | wc -l)" 2 "only the init and its bystander are left"
ok "no zombie is left in the namespace" no_zombies
ok "the bystander (not svcd's) was not signalled" eval 'ns_ps | grep -q "^[0-9]* 1 S sleep 3600$"'
# By its pid inside the namespace: other tests run "sleep 3600" too, in parallel.
ns_kill TERM "$(cat "$T/bystander")"
wait "$_svcd_unshare_pid"
_svcd_unshare_pid=
done_testing
