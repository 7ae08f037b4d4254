#!/usr/bin/env bash
# t-orphan-storm.sh: an orphan storm (a service double-forks 20,000 short-lived
# grandchildren) leaves zero zombies and svcd responsive. Each grandchild is orphaned at once
# and re-parented to svcd, PID 1 of the namespace, which reaps it: svcctl keeps answering
# while that goes on, and svcd's debug log counts one "Reaped process" per orphan, as does
# GetSystemState's orphansReaped (svcctl --json is-system-running). Then the same, smaller,
# with svcd not PID 1 but a child subreaper under another init (prctl(2)
# PR_SET_CHILD_SUBREAPER): the orphans are still svcd's to reap, not the init's.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

STORM=${SVCD_ORPHAN_STORM:-}
[ -n "$STORM" ] && [ -x "$STORM" ] || skip_all "orphan-storm (tests/integration/orphan-storm.c) not built"

N=20000
N_SUBREAPER=5000
# Liveness, not timing: a call that takes longer than this counts as svcd not answering.
ANSWER_WITHIN=5

unit storm.service <<EOF
[Service]
ExecStart=$STORM $N $T/storm.done
EOF
unit sub-storm.service <<EOF
[Service]
ExecStart=$STORM $N_SUBREAPER $T/sub-storm.done
EOF
unit bystander.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
EOF

# reaped_in_log: how many orphans svcd has said it reaped so far (a debug message: lib.sh
# starts svcd with --log-level debug, and so does init.sh below).
reaped_in_log() { grep -c 'Reaped process' "$T/svcd.log"; }

svcd_start
reaped_before=$(reaped_in_log)
exits 0 "svcctl start storm exits 0" svcctl start storm
is "$(prop storm.service ActiveState)" active "storm.service is active"

# While the storm runs: status and list, one after the other, each within ANSWER_WITHIN
# seconds; once, after three rounds, a start of another service. The storm must last long
# enough for this to mean something: at least a few rounds of calls. A storm that does not
# end (orphan-storm waits for its orphans to be reaped) fails after twice the deadline, and
# the later waits get 5 s (lib.sh's WAIT_BUDGET).
calls=0 late=() failed=() max_ms=0 bystander_rc=
end=$((SECONDS + DEADLINE * 2))
timed_call() { # timed_call ARG...: one svcctl call, bounded; notes failures and its duration
        local t0 t1 ms rc
        t0=${EPOCHREALTIME/./}
        timeout -k 1 "$((ANSWER_WITHIN * 2))" "$SVCCTL" "$@" >/dev/null 2>"$T/call.err"
        rc=$?
        t1=${EPOCHREALTIME/./}
        ms=$(((t1 - t0) / 1000))
        calls=$((calls + 1))
        [ $ms -le $max_ms ] || max_ms=$ms
        [ $ms -le $((ANSWER_WITHIN * 1000)) ] || late+=("svcctl $* took ${ms} ms")
        [ $rc -eq 0 ] || failed+=("svcctl $* exited $rc: $(head -c 300 "$T/call.err")")
        return $rc
}
started=$SECONDS
while [ ! -e "$T/storm.done" ] && [ $SECONDS -lt $end ]; do
        timed_call status storm
        timed_call list
        if [ -z "$bystander_rc" ] && [ $calls -ge 6 ]; then
                timed_call start bystander
                bystander_rc=$?
        fi
        sleep 0.05 # leave the storm the CPU it needs
done
storm_rounds=$calls
[ -e "$T/storm.done" ] || WAIT_BUDGET=5
diag "the storm took about $((SECONDS - started)) s: $calls svcctl calls meanwhile, the slowest took ${max_ms} ms"
ok "the storm ends (orphan-storm made all $N grandchildren)" test -e "$T/storm.done"
is "$(cat "$T/storm.done" 2>/dev/null)" "$N" "orphan-storm reports $N double forks"
ok "svcctl was called at least 6 times during the storm" test "$storm_rounds" -ge 6
is "${#failed[@]}" 0 "every svcctl call during the storm succeeded"
[ ${#failed[@]} -eq 0 ] || diag "$(printf '%s\n' "${failed[@]}" | head -n 5)"
is "${#late[@]}" 0 "every svcctl call during the storm answered within ${ANSWER_WITHIN} s"
[ ${#late[@]} -eq 0 ] || diag "$(printf '%s\n' "${late[@]}" | head -n 5)"
is "${bystander_rc:-none}" 0 "svcctl start bystander during the storm exits 0"
is "$(prop bystander.service ActiveState)" active "bystander.service started during the storm is active"

reaped_all() { [ $(($(reaped_in_log) - reaped_before)) -ge "$N" ]; }
ok "svcd reaped at least $N orphans" wait_until reaped_all
orphans_reaped() {
        "$SVCCTL" --json is-system-running 2>/dev/null |
                python3 -c 'import json, sys; print(json.loads(sys.stdin.readline()).get("orphansReaped", -1))'
}
ok "GetSystemState's orphansReaped counts them too ($(orphans_reaped))" test "$(orphans_reaped)" -ge "$N"
diag "svcd's log counts $(($(reaped_in_log) - reaped_before)) reaped orphans since the storm began"
ok "no zombie is left in svcd's namespace" wait_until no_zombies
is "$(ns_zombies | wc -l)" 0 "ns_ps lists no process in state Z"
[ -z "$(ns_zombies)" ] || diag "$(ns_zombies | head -n 5)"
is "$(ns_ps | awk '$1 != 1' | wc -l)" 2 "only the storm's main process and the bystander are left"
is "$(prop storm.service ActiveState)" active "storm.service itself is still active"
exits 0 "svcctl status storm exits 0 after the storm" svcctl status storm
exits 0 "svcctl stop storm exits 0" svcctl stop storm
ok "svcd is still running" svcd_running

svcd_stop_and_wait TERM
is "$?/${SVCD_EXIT:-none}" 0/0 "svcd (PID 1) exits 0 on SIGTERM after the storm"
if [ -n "$_svcd_unshare_pid" ]; then # it did not exit: away with it (--kill-child)
        kill -KILL "$_svcd_unshare_pid"
        { wait "$_svcd_unshare_pid"; } 2>/dev/null
        _svcd_unshare_pid= SVCD_PID=
fi

# --- not PID 1: a child subreaper ---------------------------------------------------------
# PID 1 of the namespace is a shell that only waits (for svcd, then for its bystander, which
# keeps the namespace alive). Were svcd not a subreaper, the orphans would go to that shell,
# which would reap them: no zombies either, but svcd's count would not grow.
init=$(write_script init.sh <<EOF
#!/bin/bash
sleep 3600 &
echo \$! >"$T/init-bystander"
"$SVCD" --unit-path "$UNITS" --socket "$SOCK" --runtime-dir "$T/run" --state-dir "$T/state" --log-level debug &
wait \$!
echo "svcd exited \$?" >"$T/svcd-exit"
wait
EOF
)
reaped_before=$(reaped_in_log)
unshare --pid --fork --mount-proc --kill-child "$init" </dev/null >>"$T/svcd.log" 2>&1 &
_svcd_unshare_pid=$!
# (2>/dev/null: a process of the storm may vanish while host_pids_running reads its cmdline)
find_svcd() { SVCD_PID=$(host_pids_running "$SVCD --unit-path $UNITS" 2>/dev/null | head -n 1); [ -n "$SVCD_PID" ]; }
ok "svcd (not PID 1) answers on its socket" wait_until eval 'find_svcd && _svcd_answers'
find_svcd
ns_svcd_pid=$(ns_ps | awk -v s="$SVCD" 'index($0, s) { print $1; exit }')
isnt "${ns_svcd_pid:-1}" 1 "svcd is not PID 1 of its namespace"
exits 0 "svcctl start sub-storm exits 0" svcctl start sub-storm
calls=0 late=() failed=() max_ms=0
started=$SECONDS end=$((SECONDS + ${WAIT_BUDGET:-$DEADLINE}))
while [ ! -e "$T/sub-storm.done" ] && [ $SECONDS -lt $end ]; do
        timed_call status sub-storm
        timed_call list
        sleep 0.05
done
diag "the storm took about $((SECONDS - started)) s: $calls svcctl calls meanwhile, the slowest took ${max_ms} ms"
ok "the storm under the subreaper ends ($N_SUBREAPER double forks)" test -e "$T/sub-storm.done"
is "${#failed[@]}/${#late[@]}" 0/0 "every svcctl call during it succeeded within ${ANSWER_WITHIN} s"
[ $((${#failed[@]} + ${#late[@]})) -eq 0 ] || diag "$(printf '%s\n' "${failed[@]}" "${late[@]}" | head -n 5)"
reaped_all_sub() { [ $(($(reaped_in_log) - reaped_before)) -ge "$N_SUBREAPER" ]; }
ok "svcd, the subreaper, reaped at least $N_SUBREAPER orphans (not the init above it)" wait_until reaped_all_sub
ok "no zombie is left in the namespace" wait_until no_zombies
is "$(prop sub-storm.service ActiveState)" active "sub-storm.service itself is still active"

init_pid=$(cut -d' ' -f1 "/proc/$_svcd_unshare_pid/task/$_svcd_unshare_pid/children")
kill -TERM "$SVCD_PID"
ok "svcd (not PID 1) exits after SIGTERM" wait_until test -e "$T/svcd-exit"
is "$(cat "$T/svcd-exit" 2>/dev/null)" "svcd exited 0" "svcd (not PID 1) exits 0"
SVCD_PID=$init_pid # look into the namespace through its init from now on
ok "no zombie is left after svcd's exit" no_zombies
ns_kill TERM "$(cat "$T/init-bystander")"
# A svcd that did not exit keeps its init waiting (not through _svcd_exited: that wait would
# get the full deadline, not what is left of WAIT_BUDGET).
namespace_gone() { _svcd_exited; }
wait_until namespace_gone || kill -KILL "$_svcd_unshare_pid"
{ wait "$_svcd_unshare_pid"; } 2>/dev/null
_svcd_unshare_pid=
done_testing
