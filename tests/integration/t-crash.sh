#!/usr/bin/env bash
# t-crash.sh: svcd's own crash (svcd(8), CRASHES): as a container's PID 1 or as a supervisor
# it kills the services it started and dies of the signal (exit 128+N), so that nothing is
# left running unseen and the container's runtime sees the crash. (The init of a machine
# freezes or runs --crash-shell instead: tests/vm/t-boot.sh.) The crash is simulated with
# kill -SEGV / -BUS / -ABRT.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

if [ -n "${ASAN_OPTIONS:-}" ]; then
        # AddressSanitizer owns the crash signals there (and reports the crash instead).
        pass "svcd's crash handler # SKIP under AddressSanitizer, whose handlers take the crash signals"
        done_testing
        exit 0
fi

# Makes a short-lived orphan every 0.1 s: its processes must go with svcd too.
unit orphans.service <<EOF
[Service]
ExecStart=/bin/sh -c 'while :; do (sleep 0.05 &) ; sleep 0.1; done'
EOF
# Its argv[0] names this test's directory: the check below must not find another test's sleep.
unit idle.service <<EOF
[Service]
ExecStart=/bin/bash -c 'exec -a $T/idle sleep 3600'
EOF
enable_units orphans.service idle.service

# cgroups_removed LOG DESCRIPTION: after the crash, svcd's cgroup directory is gone too.
cgroups_removed() {
        local root
        root=$(cgroup_root_in "$1")
        if [ -z "$root" ]; then
                pass "$2 # SKIP svcd used no cgroups here"
        else
                ok "$2 ($root)" test ! -e "$root"
        fi
}

# ---- a container's PID 1: kill the services, die of the signal ------------------------------
# (Only the init of a machine freezes or runs --crash-shell: tests/vm/ shows that. Freezing
# a container's PID 1 would leave the container "running" with nothing supervised.)
svcd_start --crash-shell=/bin/false
ok "orphans.service is running" wait_until prop_is orphans.service ActiveState active
ok "idle.service is running" wait_until prop_is idle.service ActiveState active
isnt "$(host_pids_running "$T/idle")" "" "... seen from the host by its argv[0]"
kill -SEGV "$SVCD_PID"
wait_until _svcd_exited
wait "$_svcd_unshare_pid"
is "$?" 139 "a container's svcd that crashes exits 139 (128+SIGSEGV): its runtime sees it"
_svcd_unshare_pid=
SVCD_PID=
like "$(svcd_log)" 'caught signal 11( at address [0-9]+)?: killing the services it started' "... after killing its services"
unlike "$(svcd_log)" 'executing the crash shell' "... and without running --crash-shell, which is a machine's"
is "$(host_pids_running "$T/idle")" "" "idle.service's process went with it"
cgroups_removed "$(svcd_log)" "... and its cgroups with it"

for sig in BUS ABRT; do
        before=$(log_lines)
        svcd_start
        kill -"$sig" "$SVCD_PID"
        num=$(kill -l "$sig")
        wait_until _svcd_exited
        wait "$_svcd_unshare_pid"
        is "$?" $((128 + num)) "SIG$sig: svcd exits $((128 + num))"
        _svcd_unshare_pid=
        SVCD_PID=
        like "$(log_since "$before")" "caught signal $num( at address [0-9]+)?: killing" "... and says which signal"
done

# ---- a supervisor (not PID 1): kill the services, die of the signal ------------------------------
rm -f "$UNITS/default.target.wants/orphans.service"
before=$(log_lines)
"$SVCD" --unit-path "$UNITS" --socket "$SOCK" --runtime-dir "$T/run2" --state-dir "$T/state" \
        </dev/null >>"$T/svcd.log" 2>&1 &
sup=$!
ok "the supervisor's idle.service runs" wait_until sh -c "\"$SVCCTL\" -s '$SOCK' show -p ActiveState --value idle.service | grep -qx active"
idle_pid=$("$SVCCTL" -s "$SOCK" show -p MainPID --value idle.service)
ok "idle.service's process is there" kill -0 "$idle_pid"
kill -SEGV "$sup"
wait "$sup"
is "$?" 139 "a supervisor that crashes dies of the signal: exit 139 (128+SIGSEGV)"
like "$(svcd_log)" 'killing the services it started' "... saying it kills its services"
ok "... and idle.service's process is gone, not orphaned" wait_until sh -c "! kill -0 $idle_pid 2>/dev/null"
cgroups_removed "$(log_since "$before")" "... and so are its cgroups"

done_testing
