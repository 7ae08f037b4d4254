#!/bin/sh
# limits.sh (in the guest, vmtest-limits.service): reports on the console what limits this
# service runs under: its RLIMIT_NOFILE (proc(5), /proc/PID/limits), its cgroup, the
# memory.max and pids.max of that cgroup (cgroup-v2.rst), and whether pids.max holds: it
# forks more processes than TasksMax= allows and reads pids.events' "max" count.
say() { echo "VMTEST $*" >/dev/console; }

say "nofile $(awk '/^Max open files/ { print $4 "/" $5 }' /proc/self/limits)"
cg=$(sed -n 's/^0:://p' /proc/self/cgroup)
say "limits-cgroup $cg"
dir=/sys/fs/cgroup$cg
for f in memory.max pids.max; do
        if [ -e "$dir/$f" ]; then
                say "$f $(cat "$dir/$f")"
        else
                say "$f missing"
        fi
done
# 24 sleepers against TasksMax=16: some forks must fail with EAGAIN (pids.max counts
# every task of the cgroup, this shell included). In a subshell, for a shell that cannot
# fork gives up; what follows uses builtins only, for the sleepers still fill pids.max.
# They sleep long enough to be all alive at once however slowly an emulated CPU forks;
# svcd kills them with the rest of the cgroup when this oneshot ends (KillMode=).
(
        i=0
        while [ $i -lt 24 ]; do
                sleep 60 &
                i=$((i + 1))
        done
) 2>/dev/null
max=missing
if [ -e "$dir/pids.events" ]; then
        while read -r key value; do
                [ "$key" = max ] && max=$value
        done <"$dir/pids.events"
fi
say "pids.events-max $max"
exit 0
