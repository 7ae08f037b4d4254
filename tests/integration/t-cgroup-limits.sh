#!/usr/bin/env bash
# t-cgroup-limits.sh: MemoryMax=, MemoryHigh=, TasksMax=, CPUWeight= (systemd.resource-control(5))
# go to the service's cgroup files where svcd's cgroup has the controllers (tests/vm/ shows
# them enforced in a VM); where it has not, as on most CI hosts (a cgroup2 without
# controllers, or none writable), the service still starts and status lists each limit as
# not enforced, with why. svcctl verify calls them enforced directives.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

unit limited.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
MemoryMax=64M
MemoryHigh=48M
TasksMax=20
CPUWeight=50
EOF
unit idle-cpu.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
CPUWeight=idle
EOF
unit unlimited.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
EOF

exits 0 "svcctl verify limited.service" "$SVCCTL" verify "$UNITS/limited.service"
like "$OUT" 'MemoryMax= +enforced' "verify: MemoryMax= is enforced"
like "$OUT" 'TasksMax= +enforced' "verify: TasksMax= is enforced"

svcd_start
for u in limited idle-cpu unlimited; do
        exits 0 "svcctl start $u" "$SVCCTL" start $u.service
done
ok "limited.service runs" wait_until prop_is limited.service ActiveState active
cg=$(prop limited.service ControlGroup)
tracking=$(grep -o 'Resource limits: .*' "$T/svcd.log" | head -n 1)
diag "$tracking"
not_enforced=$(prop limited.service NotEnforced)
if [[ "$tracking" == *"memory pids cpu controllers enabled"* ]] && [ -n "$cg" ] && [ "$cg" != null ]; then
        dir=$(awk '$9 == "cgroup2" {print $5; exit}' /proc/self/mountinfo)$cg
        is "$(cat "$dir/memory.max" 2>/dev/null)" 67108864 "memory.max is MemoryMax=64M"
        is "$(cat "$dir/memory.high" 2>/dev/null)" 50331648 "memory.high is MemoryHigh=48M"
        is "$(cat "$dir/pids.max" 2>/dev/null)" 20 "pids.max is TasksMax=20"
        is "$(cat "$dir/cpu.weight" 2>/dev/null)" 50 "cpu.weight is CPUWeight=50"
        unlike "$not_enforced" 'MemoryMax|TasksMax|CPUWeight' "nothing is listed as not enforced"
else
        # No controllers delegated here: each limit is listed, with the reason.
        for d in MemoryMax MemoryHigh TasksMax CPUWeight; do
                like "$not_enforced" "$d=[0-9]+: (cannot write [a-z.]+ \\(|svcd tracks processes without cgroups)" \
                        "$d= is listed as not enforced, with why"
        done
        like "$("$SVCCTL" status limited.service)" 'MemoryMax=' "svcctl status shows it"
        like "$(svcd_log)" 'limited\.service: Not enforced here: MemoryMax=67108864: ' "... and svcd's log, with the value"
fi
like "$(prop idle-cpu.service NotEnforced)" 'CPUWeight=idle: svcd does not set cpu.idle' "CPUWeight=idle is listed as not enforced"
is "$(prop unlimited.service NotEnforced)" "[]" "a unit without limits has nothing listed"

# Without any cgroup: every limit set is listed as such.
svcd_stop_and_wait TERM
svcd_start_no_cgroups() {
        local end=$((SECONDS + DEADLINE))
        unshare --pid --fork --mount-proc --kill-child --mount sh -c \
                'mount -t tmpfs none /sys/fs/cgroup && exec "$@"' sh \
                "$SVCD" --unit-path "$UNITS" --socket "$SOCK" --runtime-dir "$T/run" --state-dir "$T/state" \
                --log-level debug </dev/null >>"$T/svcd.log" 2>&1 &
        _svcd_unshare_pid=$!
        until _svcd_find_pid && _svcd_answers; do
                [ $SECONDS -lt $end ] || bail "svcd did not answer without cgroups"
                sleep 0.05
        done
}
svcd_start_no_cgroups
exits 0 "without cgroups: svcctl start limited" "$SVCCTL" start limited.service
like "$(prop limited.service NotEnforced)" 'MemoryMax=67108864: svcd tracks processes without cgroups here' \
        "without cgroups: MemoryMax= is listed as not enforced, saying why"
ok "... and the service runs all the same" wait_until prop_is limited.service ActiveState active

done_testing
