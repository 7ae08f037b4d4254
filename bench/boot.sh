#!/usr/bin/env bash
# bench/boot.sh: boot time (issue 6): how long svcd, PID 1 of a fresh PID namespace, takes from
# its exec until every service is active, for two unit sets (bench/gen-boot-units writes them):
#  - dag: 1,000 services in 10 layers of 100, each with Requires= and After= on 3 of the layer
#    above (target: <= 1.5x the raw floor, and <= 250 ms);
#  - notify: 100 independent services (target: <= 40 ms).
# Every service is Type=notify, DefaultDependencies=no, linked from default.target.wants/,
# and runs bench/boot-ready.c (READY=1 to $NOTIFY_SOCKET, then pause()), built here with
# `cc -static -O2` like bench/restart-counter.c.
#
# In the same run, against:
#  - the raw floor (bench-boot floor): N vfork()+execve() of the same program, each telling
#    a datagram socket READY=1, the clock stopping at the last one: what any manager must pay.
#    The ratio is against this floor, all N at once, as the issue defines it; the floor that
#    honours the DAG (a process starts once its 3 parents are ready) is printed for
#    information, and so is the isolated floor (bench-boot floor --cgroup): the same N, each
#    also in a cgroup of its own made as it starts and a session of its own, as systemd and
#    svcd give every service. Its excess over the raw floor is what the kernel charges for
#    that isolation; svcd's time over it is svcd's own. Where no cgroup can be made here, it
#    says so.
#  - systemd (if installed: apt-get install systemd), PID 1 of its own PID, mount, UTS, IPC
#    and cgroup namespaces, on the same unit directory (SYSTEMD_UNIT_PATH=DIR: so that its own
#    units are still found; its default.target is DIR's). Like a container manager, this
#    script gives it a private /run (tmpfs), a cgroup2 hierarchy of its own (a fresh mount in
#    the cgroup namespace, rooted at a cgroup made for the run, removed after it), and a
#    pseudo-terminal as /dev/console (through script(1); its log is
#    $BENCH_TMP/systemd-console.log). No generators run (SYSTEMD_GENERATOR_PATH is an empty
#    directory) and services' output goes to /dev/null (no journald here), which favour
#    systemd a little. If it cannot run, its rows say why and the rest goes on.
#
# The clocks: the start is stamped (CLOCK_REALTIME and CLOCK_MONOTONIC) by bench-boot stamp
# just before it execs the manager, inside the namespaces, so unshare(1) and the mounts are
# not counted. The end is each manager's own "Startup finished" moment: svcd's bootFinished
# (GetSystemState, polled sparsely; its value, not the poll, is the result), systemd's
# FinishTimestampMonotonic (systemctl show, through nsenter, once its READY=1 has arrived
# on NOTIFY_SOCKET as a container manager would see it).
#
# Checks, each run: every service of the set is active at the end, and (dag) no service's
# main process started before all its After= units were active (ExecMainStartTimestamp
# against ActiveEnterTimestamp). The same checks on systemd's runs check the units.
# svcd's bootFinished is also shown less its own startupTimestamp (its "Startup finished
# in"): the difference to the stamped time is svcd's exec, loader and set-up.
#
# Rounds: one warm-up, then BENCH_BOOT_RUNS (default 5) rounds, each: floors, svcd, then
# systemd in the first BENCH_BOOT_SYSTEMD_RUNS (default 3; 0 skips systemd) rounds. Medians
# decide; the svcd ratio is the median of per-round ratios. svcd is stopped with SIGTERM after
# each boot (its shutdown of all services is timed, for information).
#
#   bench/run boot                     (root: boots svcd and systemd in PID namespaces)
#   BENCH_BOOT_RUNS=1 BENCH_BOOT_SYSTEMD_RUNS=0 bench/run boot     (quick)
#   BENCH_BOOT_NOLIBC=0 bench/run boot (the service with static glibc; the default on x86-64
#                                      is without libc, see boot-ready.c)
#   BENCH_BOOT_LAYERS=10 BENCH_BOOT_WIDTH=100 BENCH_BOOT_NOTIFY=100   (the unit sets' sizes)
set -euo pipefail
dag_target_ratio=1.5
dag_target_ms=250
notify_target_ms=40
if [ "$(id -u)" -ne 0 ]; then
        echo "bench/boot: skipped: it needs root to boot svcd in a PID namespace" >&2
        printf 'boot: svcd, DAG of 1000 Type=notify services\t-\tneeds root\t-\t<= %sx floor, <= %s ms\tSKIP\n' \
                "$dag_target_ratio" "$dag_target_ms"
        printf 'boot: svcd, 100 Type=notify services\t-\tneeds root\t-\t<= %s ms\tSKIP\n' "$notify_target_ms"
        exit 0
fi
here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"

runs=${BENCH_BOOT_RUNS:-5}
systemd_runs=${BENCH_BOOT_SYSTEMD_RUNS:-3}
[ "$systemd_runs" -le "$runs" ] || systemd_runs=$runs
layers=${BENCH_BOOT_LAYERS:-10}
width=${BENCH_BOOT_WIDTH:-100}
parents=3
dag_count=$((layers * width))
notify_count=${BENCH_BOOT_NOTIFY:-100}
systemd_bin=${BENCH_BOOT_SYSTEMD:-/lib/systemd/systemd}
helper=$BENCH_BUILD/bench/bench-boot

say() { echo "bench/boot: $*" >&2; }

# ---- cleanup: whatever a round left running, the cgroups made for it, then lib.sh's --------
current_up=     # unshare(1) (or script(1)) of the manager being measured
current_cg=     # the cgroup made for it
current_waiter= # bench-boot wait-notify
cgroup_root=    # where those cgroups are made: a cgroup2 mount, or nothing

# cg_remove DIR: kills what is left in cgroup DIR (cgroup.kill, Linux 5.14) and removes it
# and its children, deepest first (a cgroup without processes or children can be rmdir'd).
cg_remove() {
        local dir=$1
        [ -n "$dir" ] && [ -d "$dir" ] || return 0
        [ ! -e "$dir/cgroup.kill" ] || echo 1 >"$dir/cgroup.kill" 2>/dev/null || true
        for _ in $(seq 100); do
                find "$dir" -depth -type d -exec rmdir {} + 2>/dev/null || true
                [ -d "$dir" ] || return 0
                sleep 0.05
        done
        say "could not remove cgroup $dir (processes left in it?)"
}

# cg_new: a fresh cgroup below cgroup_root for one manager's run, in current_cg.
cg_seq=0
cg_new() {
        current_cg=
        [ -n "$cgroup_root" ] || return 0
        cg_seq=$((cg_seq + 1))
        current_cg=$cgroup_root/svcd-bench-boot-$$-$cg_seq
        mkdir "$current_cg"
}

# stop_up PID: ends unshare PID and everything of its namespace: SIGKILL to the namespace's
# PID 1 (the kernel then kills the rest), or to unshare itself if it has no child.
stop_up() {
        local up=$1 init
        init=$(cat "/proc/$up/task/$up/children" 2>/dev/null || true)
        [ -z "$init" ] || kill -KILL "${init%% *}" 2>/dev/null || true
        for _ in $(seq 100); do
                kill -0 "$up" 2>/dev/null || break
                sleep 0.05
        done
        kill -KILL "$up" 2>/dev/null || true
        wait "$up" 2>/dev/null || true
}

_boot_cleanup() {
        [ -z "$current_waiter" ] || { kill "$current_waiter" 2>/dev/null || true; wait "$current_waiter" 2>/dev/null || true; }
        [ -z "$current_cg" ] || [ ! -e "$current_cg/cgroup.kill" ] || echo 1 >"$current_cg/cgroup.kill" 2>/dev/null || true
        [ -z "$current_up" ] || stop_up "$current_up"
        cg_remove "$current_cg"
        _bench_cleanup
}
trap _boot_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# ---- the service's program ----------------------------------------------------------------
ready=$BENCH_TMP/boot-ready
linkage=$(bench_build_program "$here/boot-ready.c" "$ready" "${BENCH_BOOT_NOLIBC:-$(bench_nolibc_default)}")
[ "${linkage%%,*}" = static ] || say "the service is NOT static ($linkage): every time includes the dynamic loader"

# ---- the unit sets ------------------------------------------------------------------------
dag_units=$BENCH_TMP/dag
dag_file=$BENCH_TMP/dag.txt
notify_units=$BENCH_TMP/notify
"$here/gen-boot-units" dag "$dag_units" "$ready" "$dag_file" "$layers" "$width" "$parents"
"$here/gen-boot-units" flat "$notify_units" "$ready" "$notify_count"

# The cgroup2 hierarchy the runs' cgroups go in: /sys/fs/cgroup itself (unified), or its
# unified/ (hybrid, as on these machines). svcd then makes its service cgroups below the run's
# cgroup, and systemd gets that cgroup as its root.
if [ "$(stat -f -c %T /sys/fs/cgroup 2>/dev/null)" = cgroup2fs ]; then
        cgroup_root=/sys/fs/cgroup
elif [ "$(stat -f -c %T /sys/fs/cgroup/unified 2>/dev/null)" = cgroup2fs ]; then
        cgroup_root=/sys/fs/cgroup/unified
fi
if [ -n "$cgroup_root" ] && ! { cg_new && rmdir "$current_cg"; }; then
        say "cannot make cgroups below $cgroup_root: svcd runs in this shell's cgroup, systemd cannot run"
        cgroup_root=
fi
current_cg=

# ---- svcd ---------------------------------------------------------------------------------
# svcd_run UNITS PREFIX TIMES: boots svcd on UNITS, waits for the end of its boot, stops it.
# Sets run_seconds run_active run_failed run_other run_self (svcd's own count, from its
# startupTimestamp), run_stop (SIGTERM to exit, seconds, or "timeout"); writes the units'
# start and active timestamps to TIMES. Returns 1 if svcd did not boot.
svcd_run() {
        local units=$1 prefix=$2 times=$3 dir=$BENCH_TMP/run-svcd out svcd_pid t0 status=0
        local stamp_args=() times_args=()
        rm -rf "$dir"
        mkdir -p "$dir"
        cg_new
        [ -z "$current_cg" ] || stamp_args=(--cgroup "$current_cg")
        [ -z "$times" ] || times_args=(--times "$times")
        unshare --pid --fork --mount-proc --kill-child "$helper" stamp "${stamp_args[@]}" "$dir/stamp" \
                "$SVCD" --unit-path "$units" --socket "$dir/control" --runtime-dir "$dir" --log-level warning \
                </dev/null >"$BENCH_TMP/svcd.log" 2>&1 &
        current_up=$!
        out=$("$helper" wait-svcd --socket "$dir/control" --stamp "$dir/stamp" --prefix "$prefix" "${times_args[@]}" \
                --watch "$current_up" --timeout 60) || out=
        read -r run_seconds run_active run_failed run_other _ run_self <<<"$out" || true
        [ -n "$out" ] || status=1

        # Its shutdown: SIGTERM, then every service stopped and reaped, then exit.
        run_stop=timeout
        svcd_pid=$(cat "/proc/$current_up/task/$current_up/children" 2>/dev/null || true)
        if [ -n "$svcd_pid" ]; then
                t0=$EPOCHREALTIME
                kill -TERM "${svcd_pid%% *}" 2>/dev/null || true
                for _ in $(seq 3000); do
                        kill -0 "$current_up" 2>/dev/null || { run_stop=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }'); break; }
                        sleep 0.01
                done
        fi
        stop_up "$current_up"
        current_up=
        cg_remove "$current_cg"
        current_cg=
        if [ "$status" -ne 0 ]; then
                say "svcd did not finish its boot; the end of its log:"
                tail -n 20 "$BENCH_TMP/svcd.log" >&2
                return 1
        fi
}

# ---- systemd ------------------------------------------------------------------------------
# Why systemd cannot run here, or nothing.
systemd_why_not=
if [ "$systemd_runs" -le 0 ]; then
        systemd_why_not="skipped: BENCH_BOOT_SYSTEMD_RUNS=0"
elif [ ! -x "$systemd_bin" ]; then
        systemd_why_not="not installed: apt-get install systemd"
elif [ -z "$cgroup_root" ]; then
        systemd_why_not="no writable cgroup2 hierarchy for it"
elif ! command -v script >/dev/null || ! command -v nsenter >/dev/null; then
        systemd_why_not="needs script(1) and nsenter(1) (util-linux)"
fi
systemd_version=$("$systemd_bin" --version 2>/dev/null | awk 'NR == 1 { print $2 }') || systemd_version=

# PID 1 of the new namespaces, in two stages: join the run's cgroup (given as $1) while its
# path still means the host's hierarchy, then, in a new cgroup namespace, mount a cgroup2
# rooted there, a private /run, the pseudo-terminal script(1) made as /dev/console (the console
# is where systemd as PID 1 logs), and exec systemd through the stamp.
systemd_inner=$BENCH_TMP/systemd-inner.sh
mkdir -p "$BENCH_TMP/no-generators"
cat >"$systemd_inner" <<EOF
#!/bin/sh
set -e
if [ "\$1" != --in-cgroup-namespace ]; then
        echo \$\$ >"\$1/cgroup.procs"
        shift
        exec unshare --cgroup "\$0" --in-cgroup-namespace "\$@"
fi
units=\$2 stamp=\$3 notify=\$4
mount -t cgroup2 cgroup2 /sys/fs/cgroup
mount -t tmpfs -o mode=0755 tmpfs /run
target=null
if console=\$(tty) && mount --bind "\$console" /dev/console; then
        target=console
fi
exec env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin container=svcd-bench \\
        NOTIFY_SOCKET="\$notify" SYSTEMD_UNIT_PATH="\$units:" \\
        SYSTEMD_GENERATOR_PATH="$BENCH_TMP/no-generators" SYSTEMD_ENVIRONMENT_GENERATOR_PATH="$BENCH_TMP/no-generators" \\
        "$helper" stamp "\$stamp" "$systemd_bin" --system --log-target="\$target" --log-level=warning \\
        --show-status=no --default-standard-output=null --default-standard-error=null
EOF
chmod +x "$systemd_inner"

# sd NSENTER-ARGS...: systemctl inside the systemd being measured.
sd_pid=
sd() { nsenter -t "$sd_pid" -m -p -- "$@"; }

# systemd_run UNITS PREFIX TIMES: as svcd_run (no run_self, run_stop); TIMES gets monotonic
# timestamps. Returns 1, with systemd_failure set, if systemd did not boot.
systemd_run() {
        local units=$1 prefix=$2 times=$3 dir=$BENCH_TMP/run-systemd ready_at finish start status=0 first=
        rm -rf "$dir"
        mkdir -p "$dir"
        systemd_failure=
        cg_new
        "$helper" wait-notify --socket "$dir/notify" --timeout 60 >"$dir/ready" 2>"$dir/ready.err" &
        current_waiter=$!
        for _ in $(seq 200); do
                [ ! -S "$dir/notify" ] || break
                sleep 0.01
        done
        script -q -f -e -c "$(printf '%q ' unshare --pid --fork --mount --mount-proc --uts --ipc --kill-child \
                "$systemd_inner" "$current_cg" "$units" "$dir/stamp" "$dir/notify")" \
                "$BENCH_TMP/systemd-console.log" </dev/null >/dev/null 2>&1 &
        current_up=$!
        # The first to end: the waiter (READY=1, or its timeout), or systemd's namespace.
        wait -n -p first "$current_waiter" "$current_up" || status=1
        if [ "$first" = "$current_up" ]; then
                current_up=
                status=1
                echo "systemd exited before READY=1" >"$dir/ready.err"
                kill "$current_waiter" 2>/dev/null || true
                wait "$current_waiter" 2>/dev/null || true
        fi
        current_waiter=
        sd_pid=$(head -n 1 "$current_cg/init.scope/cgroup.procs" 2>/dev/null || head -n 1 "$current_cg/cgroup.procs" 2>/dev/null || true)
        if [ "$status" -ne 0 ] || [ -z "$sd_pid" ]; then
                systemd_failure="did not boot: $(head -n 1 "$dir/ready.err" 2>/dev/null)"
        else
                read -r ready_at _ <"$dir/ready"
                read -r _ start <"$dir/stamp"
                finish=$(sd systemctl show -p FinishTimestampMonotonic --value 2>/dev/null) || finish=
                if [ -z "$finish" ] || [ "$finish" = 0 ]; then
                        say "systemd: no FinishTimestamp; using the arrival of its READY=1"
                        finish=$ready_at
                fi
                run_seconds=$(awk -v a="$start" -v b="$finish" 'BEGIN { printf "%.6f", (b - a) / 1e6 }')
                read -r run_active run_failed run_other < <(sd systemctl list-units --all --plain --no-legend \
                        --type=service "$prefix*" 2>/dev/null | awk '
                                $3 == "active" { a++ } $3 == "failed" { f++ } $3 != "active" && $3 != "failed" { o++ }
                                END { print a + 0, f + 0, o + 0 }')
                if [ -n "$times" ]; then
                        sd systemctl show -p Id -p ExecMainStartTimestampMonotonic -p ActiveEnterTimestampMonotonic \
                                "$prefix*" 2>/dev/null | awk -v RS= -F '\n' '
                                # One paragraph per unit; properties in systemctl'"'"'s order.
                                {
                                        id = ""; s = 0; a = 0
                                        for (i = 1; i <= NF; i++) {
                                                k = substr($i, 1, index($i, "=") - 1); v = substr($i, index($i, "=") + 1)
                                                if (k == "Id") { id = v; sub(/\.service$/, "", id) }
                                                if (k == "ExecMainStartTimestampMonotonic") s = v
                                                if (k == "ActiveEnterTimestampMonotonic") a = v
                                        }
                                        if (id != "") print id, s, a
                                }' >"$times"
                fi
        fi
        [ -z "$current_cg" ] || [ ! -e "$current_cg/cgroup.kill" ] || echo 1 >"$current_cg/cgroup.kill" 2>/dev/null || true
        [ -z "$current_up" ] || stop_up "$current_up"
        current_up=
        cg_remove "$current_cg"
        current_cg=
        if [ -n "$systemd_failure" ]; then
                say "systemd $systemd_failure; the end of its console:"
                tail -n 20 "$BENCH_TMP/systemd-console.log" >&2
                return 1
        fi
}

# ---- checks -------------------------------------------------------------------------------
# order_violations TIMES: "V N": of the N services with After= dependencies, V whose main
# process started before one of them was active (or that lack a timestamp).
order_violations() {
        awk 'NR == FNR { start[$1] = $2; active[$1] = $3; next }
                NF > 1 {
                        n++
                        bad = !($1 in start) || start[$1] <= 0
                        for (i = 2; i <= NF; i++)
                                if (!($i in active) || active[$i] <= 0 || start[$1] < active[$i])
                                        bad = 1
                        v += bad
                }
                END { print v + 0, n + 0 }' "$1" "$dag_file"
}

# ---- the rounds ---------------------------------------------------------------------------
# failed_note: ", F failed, O other" for the last run, if any were not active.
failed_note() {
        [ "${run_failed:-0}" -eq 0 ] || printf ', %s failed' "$run_failed"
        [ "${run_other:-0}" -eq 0 ] || printf ', %s neither active nor failed' "$run_other"
}
floor_run() { "$helper" floor --socket "$BENCH_TMP/floor.sock" "$@" -- "$ready"; }
ms() { awk -v s="$1" 'BEGIN { v = s * 1000; if (v >= 10) printf "%.0f ms", v; else printf "%.1f ms", v }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { q = a / b; if (q >= 10) printf "%.0fx", q; else printf "%.2fx", q }'; }
# median and best (smallest) of numbers on stdin, as "MEDIAN BEST".
median_best() {
        sort -g | awk '{ v[NR] = $1 } END { if (!NR) { print "- -"; exit } m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print m, v[1] }'
}

# floor_isolated_run N: the isolated floor of N, in a cgroup made for it (removed after);
# sets run_seconds. Returns 1 if it failed.
floor_isolated_run() {
        local r=0
        cg_new
        run_seconds=$(floor_run --count "$1" --cgroup "$current_cg") || r=1
        cg_remove "$current_cg"
        current_cg=
        return $r
}

floor_dag=() floor_flat=() floor_small=() floor_isolated=() svcd_dag=() svcd_small=() ratio_dag=() ratio_small=()
svcd_dag_self=() svcd_dag_stop=() systemd_dag=() systemd_small=()
svcd_bad_active=0 svcd_bad_order=0 svcd_order_checked=0 systemd_bad_active=0 systemd_bad_order=0
svcd_failed_runs=0 systemd_failed_runs=0

load_start=$(cut -d ' ' -f 1 /proc/loadavg)
say "warm-up, then $runs rounds: raw floors, svcd (DAG of $dag_count, $notify_count notify), systemd in ${systemd_runs} of them"
floor_run --count "$dag_count" >/dev/null
svcd_run "$dag_units" dag- "$BENCH_TMP/times" || true

for ((round = 1; round <= runs; round++)); do
        f=$(floor_run --count "$dag_count")
        fd=$(floor_run --dag "$dag_file")
        fs=$(floor_run --count "$notify_count")
        floor_flat+=("$f") floor_dag+=("$fd") floor_small+=("$fs")
        line="round $round/$runs: floor $(ms "$f") (DAG order $(ms "$fd"), $notify_count: $(ms "$fs")"
        if [ -n "$cgroup_root" ] && floor_isolated_run "$dag_count"; then
                floor_isolated+=("$run_seconds")
                line="$line, isolated $(ms "$run_seconds")"
        fi
        line="$line)"

        if svcd_run "$dag_units" dag- "$BENCH_TMP/times-svcd"; then
                svcd_dag+=("$run_seconds") svcd_dag_stop+=("$run_stop")
                [ "${run_self:--}" = - ] || svcd_dag_self+=("$run_self")
                ratio_dag+=("$(awk -v a="$run_seconds" -v b="$f" 'BEGIN { print a / b }')")
                [ "$run_active" -eq "$dag_count" ] || svcd_bad_active=$((svcd_bad_active + 1))
                read -r v n < <(order_violations "$BENCH_TMP/times-svcd")
                [ "$v" -eq 0 ] || svcd_bad_order=$((svcd_bad_order + 1))
                svcd_order_checked=$n svcd_order_last=$v
                line="$line; svcd DAG $(ms "$run_seconds") ($run_active/$dag_count active$(failed_note), $v of $n out of order, stop $(ms "$run_stop"))"
        else
                svcd_failed_runs=$((svcd_failed_runs + 1))
        fi
        if svcd_run "$notify_units" notify- ""; then
                svcd_small+=("$run_seconds")
                ratio_small+=("$(awk -v a="$run_seconds" -v b="$fs" 'BEGIN { print a / b }')")
                [ "$run_active" -eq "$notify_count" ] || svcd_bad_active=$((svcd_bad_active + 1))
                line="$line; svcd $notify_count notify $(ms "$run_seconds") ($run_active active$(failed_note))"
        else
                svcd_failed_runs=$((svcd_failed_runs + 1))
        fi
        if [ -z "$systemd_why_not" ] && [ "$round" -le "$systemd_runs" ]; then
                if systemd_run "$dag_units" dag- "$BENCH_TMP/times-systemd"; then
                        systemd_dag+=("$run_seconds")
                        [ "$run_active" -eq "$dag_count" ] || systemd_bad_active=$((systemd_bad_active + 1))
                        read -r v n < <(order_violations "$BENCH_TMP/times-systemd")
                        [ "$v" -eq 0 ] || systemd_bad_order=$((systemd_bad_order + 1))
                        line="$line; systemd DAG $(ms "$run_seconds") ($run_active active$(failed_note), $v of $n out of order)"
                else
                        systemd_failed_runs=$((systemd_failed_runs + 1))
                fi
                if systemd_run "$notify_units" notify- ""; then
                        systemd_small+=("$run_seconds")
                        [ "$run_active" -eq "$notify_count" ] || systemd_bad_active=$((systemd_bad_active + 1))
                        line="$line; systemd $notify_count notify $(ms "$run_seconds") ($run_active active$(failed_note))"
                else
                        systemd_failed_runs=$((systemd_failed_runs + 1))
                fi
                # Two failures in the first round: it does not work here; say why once.
                if [ "$round" -eq 1 ] && [ "$systemd_failed_runs" -ge 2 ]; then
                        systemd_why_not="n/a ($systemd_failure)"
                fi
        fi
        say "$line"
done

# ---- rows ---------------------------------------------------------------------------------
# Other work on the machine shows in every time here; say how busy it was.
load_end=$(cut -d ' ' -f 1 /proc/loadavg)
cpus=$(nproc)
busy=info
awk -v a="$load_start" -v b="$load_end" -v n="$cpus" 'BEGIN { exit !(a > n / 2 || b > n / 2) }' &&
        busy="info: busy machine, times are noisy"
printf 'boot: the machine: %s CPUs, load average (1 min) before and after\t%s, %s\t-\t-\t-\t%s\n' \
        "$cpus" "$load_start" "$load_end" "$busy"
med() { printf '%s\n' "$@" | median_best | cut -d ' ' -f 1; }
best() { printf '%s\n' "$@" | median_best | cut -d ' ' -f 2; }
prog="static, no libc"
[ "$linkage" = "static, no libc" ] || prog=$linkage
shape="${layers}x${width}, $parents Requires=+After= each"

ff=$(med "${floor_flat[@]}") fdm=$(med "${floor_dag[@]}") fsm=$(med "${floor_small[@]}")
printf 'boot: raw floor, %s x vfork+execve+READY=1 (%s; median of %s)\t%s (best %s)\t-\t-\t-\tinfo\n' \
        "$dag_count" "$prog" "$runs" "$(ms "$ff")" "$(ms "$(best "${floor_flat[@]}")")"
printf 'boot: raw floor in DAG order (%s: each starts once its parents are ready)\t%s (best %s)\t%s (raw floor)\t%s\t-\tinfo\n' \
        "$shape" "$(ms "$fdm")" "$(ms "$(best "${floor_dag[@]}")")" "$(ms "$ff")" "$(ratio "$fdm" "$ff")"

fim=
if [ ${#floor_isolated[@]} -gt 0 ]; then
        fim=$(med "${floor_isolated[@]}")
        printf 'boot: isolated floor, the same with a cgroup (clone3 into it) and a session each (median of %s)\t%s (best %s)\t%s (raw floor)\t%s\t-\tinfo\n' \
                "${#floor_isolated[@]}" "$(ms "$fim")" "$(ms "$(best "${floor_isolated[@]}")")" "$(ms "$ff")" "$(ratio "$fim" "$ff")"
elif [ -z "$cgroup_root" ]; then
        printf 'boot: isolated floor, the same with a cgroup and a session each\t-\tno writable cgroup2 hierarchy here\t-\t-\tSKIP\n'
else
        printf 'boot: isolated floor, the same with a cgroup and a session each\t-\tit failed (see stderr)\t-\t-\tERROR\n'
fi

# verdict VALUE_S RATIO TARGET_MS [TARGET_RATIO]: PASS, or FAIL naming the missed targets.
verdict() {
        awk -v s="$1" -v q="$2" -v t="$3" -v r="${4:-}" 'BEGIN {
                miss = ""
                if (r != "" && q > r) miss = "> " r "x"
                if (s * 1000 > t) miss = miss (miss == "" ? "" : ", ") "> " t " ms"
                print miss == "" ? "PASS" : "FAIL (" miss ")" }'
}

if [ ${#svcd_dag[@]} -gt 0 ]; then
        sd_med=$(med "${svcd_dag[@]}") rq=$(med "${ratio_dag[@]}")
        self=
        [ ${#svcd_dag_self[@]} -eq 0 ] || self="; svcd's own Startup finished: $(ms "$(med "${svcd_dag_self[@]}")")"
        printf 'boot: svcd, DAG of %s Type=notify (%s; median of %s%s)\t%s (best %s)\t%s (raw floor)\t%s\t<= %sx, <= %s ms\t%s\n' \
                "$dag_count" "$shape" "${#svcd_dag[@]}" "$self" "$(ms "$sd_med")" "$(ms "$(best "${svcd_dag[@]}")")" \
                "$(ms "$ff")" "$(awk -v q="$rq" 'BEGIN { printf "%.2fx", q }')" "$dag_target_ratio" "$dag_target_ms" \
                "$(verdict "$sd_med" "$rq" "$dag_target_ms" "$dag_target_ratio")"
        # svcd's own share: its time over the floor that pays the kernel for the isolation.
        [ -z "${fim:-}" ] ||
                printf 'boot: svcd, DAG, against the isolated floor (what is left is svcd'"'"'s own)\t%s\t%s (isolated floor)\t%s\t-\tinfo\n' \
                        "$(ms "$sd_med")" "$(ms "$fim")" "$(ratio "$sd_med" "$fim")"
else
        printf 'boot: svcd, DAG of %s Type=notify\t-\tsvcd did not boot (see stderr)\t-\t<= %sx, <= %s ms\tERROR\n' \
                "$dag_count" "$dag_target_ratio" "$dag_target_ms"
fi
if [ ${#svcd_small[@]} -gt 0 ]; then
        ss_med=$(med "${svcd_small[@]}") rq=$(med "${ratio_small[@]}")
        printf 'boot: svcd, %s independent Type=notify (median of %s)\t%s (best %s)\t%s (raw floor)\t%s\t<= %s ms\t%s\n' \
                "$notify_count" "${#svcd_small[@]}" "$(ms "$ss_med")" "$(ms "$(best "${svcd_small[@]}")")" "$(ms "$fsm")" \
                "$(awk -v q="$rq" 'BEGIN { printf "%.2fx", q }')" "$notify_target_ms" "$(verdict "$ss_med" "$rq" "$notify_target_ms")"
else
        printf 'boot: svcd, %s independent Type=notify\t-\tsvcd did not boot (see stderr)\t-\t<= %s ms\tERROR\n' \
                "$notify_count" "$notify_target_ms"
fi
printf 'boot: svcd, every service active when the boot ends\t%s of %s boots\t-\t-\tall\t%s\n' \
        "$(( ${#svcd_dag[@]} + ${#svcd_small[@]} - svcd_bad_active ))" "$((2 * runs))" \
        "$([ "$svcd_bad_active" -eq 0 ] && [ "$svcd_failed_runs" -eq 0 ] && echo PASS || echo FAIL)"
if [ ${#svcd_dag[@]} -gt 0 ]; then
        printf 'boot: svcd, DAG: no main process started before its After= units were active\t%s\t%s\t-\tnone\t%s\n' \
                "${svcd_order_last:-?} of $svcd_order_checked out of order (last run)" \
                "$svcd_bad_order of ${#svcd_dag[@]} runs with any" \
                "$([ "$svcd_bad_order" -eq 0 ] && echo PASS || echo FAIL)"
        mapfile -t stops < <(printf '%s\n' "${svcd_dag_stop[@]}" | grep -v timeout || true)
        stop="timeout (30 s)"
        [ ${#stops[@]} -eq 0 ] || stop=$(ms "$(med "${stops[@]}")")
        printf 'boot: svcd, SIGTERM to exit with the DAG'"'"'s %s services up (median)\t%s\t-\t-\t-\tinfo\n' \
                "$dag_count" "$stop"
fi

if [ -n "$systemd_why_not" ] || [ ${#systemd_dag[@]} -eq 0 ]; then
        why=${systemd_why_not:-n/a (${systemd_failure:-did not boot})}
        printf 'boot: systemd%s, DAG of %s\t%s\t-\t-\t-\tSKIP\n' "${systemd_version:+ $systemd_version}" "$dag_count" "$why"
        printf 'boot: systemd%s, %s notify\t%s\t-\t-\t-\tSKIP\n' "${systemd_version:+ $systemd_version}" "$notify_count" "$why"
        say "systemd: $why"
else
        sy=$(med "${systemd_dag[@]}")
        printf 'boot: systemd %s as PID 1 of a PID namespace, DAG (median of %s)\t%s (best %s)\t%s (raw floor)\t%s\t-\tinfo\n' \
                "$systemd_version" "${#systemd_dag[@]}" "$(ms "$sy")" "$(ms "$(best "${systemd_dag[@]}")")" "$(ms "$ff")" "$(ratio "$sy" "$ff")"
        [ ${#svcd_dag[@]} -eq 0 ] || printf 'boot: svcd vs systemd %s, DAG of %s\t%s (svcd)\t%s (systemd)\t%s\t-\tinfo\n' \
                "$systemd_version" "$dag_count" "$(ms "$sd_med")" "$(ms "$sy")" "$(ratio "$sd_med" "$sy")"
        if [ ${#systemd_small[@]} -gt 0 ]; then
                sys=$(med "${systemd_small[@]}")
                printf 'boot: systemd %s, %s notify (median of %s)\t%s (best %s)\t%s (raw floor)\t%s\t-\tinfo\n' \
                        "$systemd_version" "$notify_count" "${#systemd_small[@]}" "$(ms "$sys")" \
                        "$(ms "$(best "${systemd_small[@]}")")" "$(ms "$fsm")" "$(ratio "$sys" "$fsm")"
                [ ${#svcd_small[@]} -eq 0 ] || printf 'boot: svcd vs systemd %s, %s notify\t%s (svcd)\t%s (systemd)\t%s\t-\tinfo\n' \
                        "$systemd_version" "$notify_count" "$(ms "$ss_med")" "$(ms "$sys")" "$(ratio "$ss_med" "$sys")"
        fi
        printf 'boot: systemd, every service active and in order (checks the units)\t%s of %s boots\t-\t-\tall\t%s\n' \
                "$(( ${#systemd_dag[@]} + ${#systemd_small[@]} - systemd_bad_active - systemd_bad_order ))" \
                "$((2 * systemd_runs))" \
                "$([ "$systemd_bad_active" -eq 0 ] && [ "$systemd_bad_order" -eq 0 ] && [ "$systemd_failed_runs" -eq 0 ] && echo PASS || echo FAIL)"
fi
[ "$svcd_failed_runs" -eq 0 ]
