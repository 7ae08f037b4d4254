#!/usr/bin/env bash
# bench/reap.sh: PID 1's duties (issue 7): how fast svcd reaps an orphan storm against tini
# and dumb-init, and how much memory svcd takes with 0, 100 and 1,000 services against tini,
# dumb-init, runit, s6 and supervisord, all measured in the same run.
#
# Reaping. bench/reap-storm.c (built here with `cc -static -O2`, without libc on x86-64 like
# bench/boot-ready.c) runs under each init, PID 1 of a fresh PID namespace (unshare --pid
# --fork --mount-proc):
#     svcd --unit-path EMPTY ... -- reap-storm storm OUT N   (main-command mode: main.service)
#     tini -- reap-storm storm OUT N
#     dumb-init reap-storm storm OUT N
# It makes N (20,000) orphans one after the other, as fast as one process can: a child C
# (clone CLONE_VM|CLONE_VFORK, no address space copied) makes a grandchild G and exits; G
# exits at once and is reparented to PID 1, which must reap it. Times are CLOCK_MONOTONIC,
# all taken by the storm itself (reap-storm.c says exactly how):
#  - t_start, before the first clone;
#  - t_end, the storm's end: EOF on a pipe whose write end every G holds, i.e. the last
#    grandchild has exited (closed its files in do_exit()), or the loop ended if later;
#  - t_clear, the first moment PID 1 has no orphan left: /proc/1/task/1/children (a zombie
#    stays on it until reaped) holds no more pids than before the storm. Polled from t_end
#    only (nothing polls during the storm): lseek + read of 64 bytes, then a 20 us sleep (a
#    spinning poller would take PID 1's CPU), so its precision is one poll period, 25 to
#    100 us here; a lag of 0.01 ms means the init had reaped everything by the first poll.
# Reaping time = t_clear - t_start (the issue's "time to reap"; it includes making the orphans,
# the same work under every init, so a ratio near 1 means the init kept up); lag = t_clear -
# t_end. The init's own CPU time during the storm (/proc/1/schedstat, nanoseconds, user and
# kernel: its wake-ups, wait4() and bookkeeping) is shown per orphan, for information: it is
# what the ratio hides when the init keeps up on an idle core.
# Rounds: one warm-up under each init, then BENCH_REAP_RUNS (default 7) rounds, each running
# the three inits one after the other, in an order that rotates from round to round, so a
# busy machine slows all alike. Medians decide; the ratio is the median of per-round
# svcd/tini ratios. Targets: reaping time <= 1.2x tini, lag <= 3 ms (median of the rounds;
# the worst round is shown).
#
# Memory: the proportional set size (PSS, /proc/PID/smaps_rollup) of the supervisor's process
# tree, without its services (bench-reap.c: every process of its PID namespace whose
# executable is not the service's program), each supervisor alone, PID 1 of a fresh PID
# namespace, with 0, 100 and 1,000 services of `reap-storm idle` (pause() forever, static):
#  - svcd: one Type=simple unit per service, linked from default.target.wants/;
#  - runit: runsvdir on N service directories (it counts one runsv per service);
#  - s6: s6-svscan on N service directories (one s6-supervise per service; -c N+10 from 500
#    services on, its default maximum);
#  - supervisord: one [program:] per service (its python process);
#  - tini and dumb-init: one child (the idle rows only);
#  - library-floor: svcd's shared libraries loaded and used once, then idle, with no code of
#    svcd's (library-floor.c). Not a peer: the least an idle svcd can weigh with the libraries
#    DESIGN.md chose, measured beside it, and so svcd's own share of its PSS.
# Once every service runs, BENCH_REAP_SETTLE (default 1) seconds pass, then the median of 3
# samples 0.2 s apart is taken. PSS charges a shared page 1/n to each of its n sharers, so
# libc costs little, and the pages of svcd's own binary (one process maps it) count in full.
# It is exact to the page at the moment of a sample, but a library's pages weigh more when
# fewer other processes on the machine map it (svcd's libc, json-c, libseccomp..., and its
# own binary when other svcd processes run: its idle PSS has read from 0.5 to 1.1 MiB here,
# by what else ran; svcd loads libsystemd only to talk to systemd or journald, never here);
# the rows also show the anonymous part (Pss_Anon: heap, stack, written data), which does
# not move so, and the cost per service is taken from it. Targets (svcd only, on PSS):
# <= 400 KiB with no service, <= 1 MiB with 100, <= 2.5 MiB with 1,000. A peer that is not
# installed gets a SKIP row (bench/run installs them: scripts/lib.sh, SVCD_BENCH_PACKAGES).
#
#   bench/run reap                     (root: boots every init in a PID namespace)
#   BENCH_REAP_RUNS=1 bench/run reap   (quick)
#   BENCH_REAP_ORPHANS=20000 BENCH_REAP_UNITS="0 100 1000"   (the storm's and the sets' sizes)
#   BENCH_REAP_NOLIBC=0 bench/run reap (reap-storm with static glibc, and plain fork() + wait4()
#                                      for C instead of CLONE_VM|CLONE_VFORK off x86-64)
set -euo pipefail
target_ratio=1.2
target_lag_ms=3
if [ "$(id -u)" -ne 0 ]; then
        echo "bench/reap: skipped: it needs root to boot inits in PID namespaces" >&2
        printf 'reap: svcd, orphan storm\t-\tneeds root\t-\t<= %sx tini, lag <= %s ms\tSKIP\n' "$target_ratio" "$target_lag_ms"
        exit 0
fi
here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"

runs=${BENCH_REAP_RUNS:-7}
orphans=${BENCH_REAP_ORPHANS:-20000}
# shellcheck disable=SC2206 # a list of numbers, split on purpose
unit_counts=(${BENCH_REAP_UNITS:-0 100 1000})
settle=${BENCH_REAP_SETTLE:-1}
helper=$BENCH_BUILD/bench/bench-reap
# The PSS targets in KiB, by number of services (the issue's).
declare -A pss_target=([0]=400 [100]=1024 [1000]=2560)

say() { echo "bench/reap: $*" >&2; }

# ---- cleanup: the namespace being measured, then lib.sh's -------------------------------
current_up= # unshare(1) of the init being measured
current_init=
current_stop=KILL # how ns_stop ends it (TERM: svcd)

# ns_stop: ends the namespace of current_up: SIGKILL to its PID 1 (the kernel then kills the
# rest of the namespace), or to unshare itself if it has no child. If current_stop is TERM,
# first SIGTERM and up to 10 s for PID 1 to exit by itself: svcd then removes the cgroups it
# made (a SIGKILLed svcd leaves them behind in the host's hierarchy).
ns_stop() {
        [ -n "$current_up" ] || return 0
        if [ "$current_stop" = TERM ] && [ -n "$current_init" ] && kill -TERM "$current_init" 2>/dev/null; then
                for _ in $(seq 200); do
                        kill -0 "$current_up" 2>/dev/null || break
                        sleep 0.05
                done
        fi
        [ -z "$current_init" ] || kill -KILL "$current_init" 2>/dev/null || true
        for _ in $(seq 100); do
                kill -0 "$current_up" 2>/dev/null || break
                sleep 0.05
        done
        kill -KILL "$current_up" 2>/dev/null || true
        wait "$current_up" 2>/dev/null || true
        current_up="" current_init="" current_stop=KILL
}
_reap_cleanup() {
        ns_stop
        _bench_cleanup
}
trap _reap_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# ns_start LOG CMD...: CMD as PID 1 of a fresh PID namespace; sets current_up, and
# current_init (CMD's pid as seen from here) once it is there. Returns 1 if it is not.
ns_start() {
        local log=$1 kids
        shift
        unshare --pid --fork --mount-proc --kill-child "$@" </dev/null >"$log" 2>&1 &
        current_up=$!
        for _ in $(seq 200); do
                kids=$(cat "/proc/$current_up/task/$current_up/children" 2>/dev/null || true)
                if [ -n "$kids" ]; then
                        current_init=${kids%% *}
                        return 0
                fi
                kill -0 "$current_up" 2>/dev/null || break
                sleep 0.01
        done
        return 1
}

# median and maximum of numbers on stdin, one a line.
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
maximum() { sort -g | tail -n 1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
ms() { awk -v v="$1" 'BEGIN { if (v >= 100) printf "%.0f ms", v; else if (v >= 1) printf "%.2f ms", v; else printf "%.3f ms", v }'; }
seconds() { awk -v v="$1" 'BEGIN { printf "%.2f s", v / 1000 }'; }
kib() { awk -v v="$1" 'BEGIN { if (v >= 1024) printf "%.2f MiB", v / 1024; else printf "%.0f KiB", v }'; }
# version PACKAGE: " 0.19.0-1+b3" (with a leading space), or nothing without dpkg.
version() {
        local v
        v=$(dpkg-query -W -f '${Version}' "$1" 2>/dev/null) || v=
        echo "${v:+ $v}"
}

# ---- the storm's program ------------------------------------------------------------------
storm=$BENCH_TMP/reap-storm
linkage=$(bench_build_program "$here/reap-storm.c" "$storm" "${BENCH_REAP_NOLIBC:-$(bench_nolibc_default)}")

# ---- reaping ------------------------------------------------------------------------------
inits=(svcd)
declare -A init_name=([svcd]=svcd)
if command -v tini >/dev/null; then
        inits+=(tini)
        init_name[tini]="tini$(version tini)"
fi
if command -v dumb-init >/dev/null; then
        inits+=(dumb-init)
        init_name[dumb-init]="dumb-init$(version dumb-init)"
fi
empty_units=$BENCH_TMP/empty-units
mkdir -p "$empty_units"

# storm_run INIT: one storm under INIT; prints "REAP_MS LAG_MS CPU_US_PER_ORPHAN POLLS", or
# returns 1 (saying why on stderr).
storm_run() {
        local init=$1 dir=$BENCH_TMP/storm-$1 cmd=() status=0 line
        rm -rf "$dir"
        mkdir -p "$dir"
        case $init in
        svcd) cmd=("$SVCD" --unit-path "$empty_units" --socket "$dir/control" --runtime-dir "$dir"
                   --log-level warning --) ;;
        tini) cmd=(tini --) ;;
        dumb-init) cmd=(dumb-init) ;;
        esac
        # timeout's SIGKILL to unshare takes its child along (--kill-child), and so the namespace.
        timeout -s KILL 300 unshare --pid --fork --mount-proc --kill-child "${cmd[@]}" \
                "$storm" storm "$dir/out" "$orphans" </dev/null >"$dir/log" 2>&1 || status=$?
        line=$(cat "$dir/out" 2>/dev/null || true)
        if [ "$status" -ne 0 ] || [ -z "$line" ] || [ "${line#error}" != "$line" ]; then
                say "$init: the storm failed (exit status $status): ${line:-no result}; its log:"
                tail -n 20 "$dir/log" >&2
                return 1
        fi
        awk '{ n = $1; printf "%.3f %.4f %.3f %d\n", ($4 - $2) / 1e6, ($4 - $3) / 1e6, ($7 - $6) / 1e3 / n, $5 }' <<<"$line"
}

say "reaping: $orphans orphans ($linkage), under ${inits[*]}: a warm-up, then $runs rounds"
for init in "${inits[@]}"; do
        storm_run "$init" >/dev/null || true
done
declare -A reap_ms=() lag_ms=() cpu_us=() failed=()
svcd_ratios=() dumb_ratios=()
for ((round = 1; round <= runs; round++)); do
        declare -A this=()
        n=${#inits[@]}
        for ((k = 0; k < n; k++)); do
                init=${inits[$(((k + round) % n))]}
                if out=$(storm_run "$init"); then
                        read -r r l c _ <<<"$out"
                        this[$init]=$r
                        reap_ms[$init]+="$r "
                        lag_ms[$init]+="$l "
                        cpu_us[$init]+="$c "
                else
                        failed[$init]=$((${failed[$init]:-0} + 1))
                fi
        done
        [ -z "${this[svcd]:-}" ] || [ -z "${this[tini]:-}" ] ||
                svcd_ratios+=("$(awk -v a="${this[svcd]}" -v b="${this[tini]}" 'BEGIN { print a / b }')")
        [ -z "${this[svcd]:-}" ] || [ -z "${this[dumb-init]:-}" ] ||
                dumb_ratios+=("$(awk -v a="${this[svcd]}" -v b="${this[dumb-init]}" 'BEGIN { print a / b }')")
        summary=
        for init in "${inits[@]}"; do
                if [ -n "${this[$init]:-}" ]; then
                        summary+=" $init $(seconds "${this[$init]}"),"
                else
                        summary+=" $init failed,"
                fi
        done
        say "round $round/$runs:${summary%,}"
        unset this
done

# med INIT ARRAY-NAME, worst INIT ARRAY-NAME: the median, the largest of that init's values
# (an associative array of space-separated lists), or nothing.
med() {
        local -n values=$2
        [ -n "${values[$1]:-}" ] || return 0
        tr ' ' '\n' <<<"${values[$1]}" | grep . | median
}
worst() {
        local -n values=$2
        [ -n "${values[$1]:-}" ] || return 0
        tr ' ' '\n' <<<"${values[$1]}" | grep . | maximum
}
svcd_reap=$(med svcd reap_ms) svcd_lag=$(med svcd lag_ms) svcd_lag_worst=$(worst svcd lag_ms)
svcd_cpu=$(med svcd cpu_us)
status=0
label="reap: svcd, $orphans orphans, storm start to last reaped (median of $runs)"
lag_label="reap: svcd, lag from the storm's end to the last orphan reaped (median of $runs)"
if [ -z "$svcd_reap" ]; then
        printf '%s\t-\tthe storm failed under svcd (see stderr)\t-\t<= %sx tini\tERROR\n' "$label" "$target_ratio"
        printf '%s\t-\tthe storm failed under svcd (see stderr)\t-\t<= %s ms\tERROR\n' "$lag_label" "$target_lag_ms"
        status=1
else
        [ -z "${failed[svcd]:-}" ] || { say "svcd: ${failed[svcd]} of $runs storms failed"; status=1; }
        tini_reap=$(med tini reap_ms)
        if [ ${#svcd_ratios[@]} -eq 0 ]; then
                why="tini not installed (apt-get install tini)"
                [ -z "${init_name[tini]:-}" ] || why="no round where both finished"
                printf '%s\t%s\t%s\t-\t<= %sx tini\tSKIP\n' "$label" "$(seconds "$svcd_reap")" "$why" "$target_ratio"
        else
                q=$(printf '%s\n' "${svcd_ratios[@]}" | median)
                printf '%s\t%s\t%s (%s)\t%s\t<= %sx tini\t%s\n' "$label" "$(seconds "$svcd_reap")" \
                        "$(seconds "$tini_reap")" "${init_name[tini]}" "$(awk -v q="$q" 'BEGIN { printf "%.2fx", q }')" \
                        "$target_ratio" "$(awk -v q="$q" -v t="$target_ratio" 'BEGIN { print (q <= t ? "PASS" : "FAIL") }')"
        fi
        base=
        for init in tini dumb-init; do
                l=$(med "$init" lag_ms)
                [ -z "$l" ] || base+="$init $(ms "$l"), "
        done
        base=${base%, }
        printf '%s\t%s (worst %s)\t%s\t-\t<= %s ms\t%s\n' "$lag_label" "$(ms "$svcd_lag")" "$(ms "$svcd_lag_worst")" \
                "${base:--}" "$target_lag_ms" \
                "$(awk -v l="$svcd_lag" -v t="$target_lag_ms" 'BEGIN { print (l <= t ? "PASS" : "FAIL") }')"
fi
for init in tini dumb-init; do
        if [ -z "${init_name[$init]:-}" ]; then
                printf 'reap: svcd vs %s\t-\tskipped: not installed (apt-get install %s)\t-\t-\tSKIP\n' "$init" "$init"
                continue
        fi
        r=$(med "$init" reap_ms)
        if [ -z "$r" ]; then
                printf 'reap: svcd vs %s\t-\tthe storm failed under it (see stderr)\t-\t-\tERROR\n' "${init_name[$init]}"
                continue
        fi
        if [ "$init" = dumb-init ] && [ -n "$svcd_reap" ] && [ ${#dumb_ratios[@]} -gt 0 ]; then
                q=$(printf '%s\n' "${dumb_ratios[@]}" | median)
                printf 'reap: svcd vs %s, storm start to last reaped\tsvcd %s\t%s %s\t%s\t-\tinfo\n' "${init_name[$init]}" \
                        "$(seconds "$svcd_reap")" "$init" "$(seconds "$r")" "$(awk -v q="$q" 'BEGIN { printf "%.2fx", q }')"
        fi
        printf 'reap: %s, lag (median; worst)\t%s; %s\t-\t-\t-\tinfo\n' "${init_name[$init]}" \
                "$(ms "$(med "$init" lag_ms)")" "$(ms "$(worst "$init" lag_ms)")"
done
for init in "${inits[@]}"; do
        c=$(med "$init" cpu_us)
        [ -n "$c" ] || continue
        cmp=- q=-
        if [ "$init" != svcd ] && [ -n "$svcd_cpu" ]; then
                cmp="svcd $(awk -v v="$svcd_cpu" 'BEGIN { printf "%.2f us", v }')"
                q=$(ratio "$svcd_cpu" "$c")
        fi
        printf 'reap: %s, PID 1 CPU time per orphan (schedstat, median)\t%s\t%s\t%s\t-\tinfo\n' "${init_name[$init]}" \
                "$(awk -v v="$c" 'BEGIN { printf "%.2f us", v }')" "$cmp" "$q"
done

# ---- memory -------------------------------------------------------------------------------
# mem_measure N: waits until N services of the storm's program run in current_init's
# namespace, lets it settle, and sets mem_pss and mem_anon (KiB, medians of 3) and mem_names
# (what was counted). Returns 1 on a timeout (120 s).
mem_measure() {
        local want=$1 out pss anon excluded names samples=() anon_samples=()
        for _ in $(seq 1200); do
                out=$("$helper" pss --exclude "$storm" "$current_init" 2>/dev/null) || out=
                read -r pss anon _ excluded names <<<"$out" || true
                [ "${excluded:-}" != "$want" ] || break
                kill -0 "$current_up" 2>/dev/null || return 1
                sleep 0.1
        done
        [ "${excluded:-}" = "$want" ] || return 1
        sleep "$settle"
        for _ in 1 2 3; do
                out=$("$helper" pss --exclude "$storm" "$current_init") || return 1
                read -r pss anon _ excluded names <<<"$out"
                samples+=("$pss") anon_samples+=("$anon")
                sleep 0.2
        done
        mem_pss=$(printf '%s\n' "${samples[@]}" | median)
        mem_anon=$(printf '%s\n' "${anon_samples[@]}" | median)
        mem_names=$names
}

# mem_dirs KIND N: N service directories for runsvdir or s6-svscan, each ./run the idle
# program (it pauses when run with no argument); prints the scan directory.
mem_dirs() {
        local dir=$BENCH_TMP/mem-$1-$2 i
        rm -rf "$dir"
        mkdir -p "$dir"
        for ((i = 0; i < $2; i++)); do
                mkdir "$dir/idle-$i"
                ln -s "$storm" "$dir/idle-$i/run"
        done
        echo "$dir"
}

# mem_run NAME N LOG CMD...: boots CMD, measures, stops it (SIGTERM first if it is svcd); sets
# mem_pss, mem_anon and mem_names, or mem_error.
mem_run() {
        local name=$1 want=$2 log=$3
        shift 3
        [ "$1" != "$SVCD" ] || current_stop=TERM
        mem_pss="" mem_names="" mem_error=""
        if ! ns_start "$log" "$@"; then
                mem_error="did not start"
        elif ! mem_measure "$want"; then
                mem_error="did not run its $want services within 120 s"
        fi
        ns_stop
        if [ -n "$mem_error" ]; then
                say "$name: $mem_error; the end of its log:"
                tail -n 20 "$log" >&2
                return 1
        fi
        say "$name: PSS $(kib "$mem_pss"), anon $(kib "$mem_anon") ($mem_names)"
}

declare -A mem=() mem_a=()
for n in "${unit_counts[@]}"; do
        # svcd
        units=$BENCH_TMP/mem-svcd-$n
        mkdir -p "$units/default.target.wants"
        for ((i = 0; i < n; i++)); do
                printf '[Unit]\nDescription=bench/reap: idle service %s\nDefaultDependencies=no\n\n[Service]\nExecStart=%s idle\n' \
                        "$i" "$storm" >"$units/idle-$i.service"
                ln -s "../idle-$i.service" "$units/default.target.wants/idle-$i.service"
        done
        rm -rf "$BENCH_TMP/mem-run"
        mkdir -p "$BENCH_TMP/mem-run"
        if mem_run "svcd, $n services" "$n" "$BENCH_TMP/mem-svcd-$n.log" "$SVCD" --unit-path "$units" \
                --socket "$BENCH_TMP/mem-run/control" --runtime-dir "$BENCH_TMP/mem-run" --log-level warning; then
                mem[svcd-$n]=$mem_pss mem_a[svcd-$n]=$mem_anon
        else
                mem[svcd-$n]=error:$mem_error
        fi
        rm -rf "$units"

        # runit, s6
        if command -v runsvdir >/dev/null; then
                dir=$(mem_dirs runit "$n")
                if mem_run "runit, $n services" "$n" "$BENCH_TMP/mem-runit-$n.log" runsvdir "$dir"; then
                        mem[runit-$n]=$mem_pss mem_a[runit-$n]=$mem_anon
                else
                        mem[runit-$n]=error:$mem_error
                fi
                rm -rf "$dir"
        fi
        if command -v s6-svscan >/dev/null; then
                dir=$(mem_dirs s6 "$n")
                # s6-svscan keeps at most 500 services unless told (-c): "too many services".
                max=()
                [ "$n" -lt 500 ] || max=(-c "$((n + 10))")
                if mem_run "s6, $n services" "$n" "$BENCH_TMP/mem-s6-$n.log" s6-svscan "${max[@]}" "$dir"; then
                        mem[s6-$n]=$mem_pss mem_a[s6-$n]=$mem_anon
                else
                        mem[s6-$n]=error:$mem_error
                fi
                rm -rf "$dir"
        fi

        # supervisord
        if command -v supervisord >/dev/null; then
                dir=$BENCH_TMP/mem-supervisord-$n
                mkdir -p "$dir"
                {
                        printf '[supervisord]\nnodaemon=true\nuser=root\nlogfile=%s/supervisord.log\n' "$dir"
                        printf 'pidfile=%s/supervisord.pid\nchildlogdir=%s\nloglevel=warn\n' "$dir" "$dir"
                        # Two pipes per program (stdout, stderr): raise RLIMIT_NOFILE to fit.
                        printf 'minfds=%s\n' "$((4 * n + 1024))"
                        for ((i = 0; i < n; i++)); do
                                printf '\n[program:idle-%s]\ncommand=%s idle\nautostart=true\nautorestart=true\n' "$i" "$storm"
                                printf 'stdout_logfile=NONE\nstderr_logfile=NONE\n'
                        done
                } >"$dir/supervisord.conf"
                if mem_run "supervisord, $n services" "$n" "$dir/stdout.log" supervisord -c "$dir/supervisord.conf"; then
                        mem[supervisord-$n]=$mem_pss mem_a[supervisord-$n]=$mem_anon
                else
                        mem[supervisord-$n]=error:$mem_error
                fi
        fi

        # tini, dumb-init: one child, so the idle rows only; and the floor of svcd's libraries.
        if [ "$n" -eq 0 ]; then
                if mem_run "svcd's libraries alone" 0 "$BENCH_TMP/mem-floor.log" "$BENCH_BUILD/bench/library-floor"; then
                        mem[floor-0]=$mem_pss mem_a[floor-0]=$mem_anon
                else
                        mem[floor-0]=error:$mem_error
                fi
                for init in tini dumb-init; do
                        [ -n "${init_name[$init]:-}" ] || continue
                        cmd=(tini --)
                        [ "$init" = tini ] || cmd=(dumb-init)
                        if mem_run "$init, 1 child" 1 "$BENCH_TMP/mem-$init.log" "${cmd[@]}" "$storm" idle; then
                                mem[$init-0]=$mem_pss mem_a[$init-0]=$mem_anon
                        else
                                mem[$init-0]=error:$mem_error
                        fi
                done
        fi
done

# The rows: svcd's with their targets, then each peer against svcd.
peer_label() {
        case $1 in
        runit) echo "runit$(version runit) (runsvdir + one runsv per service)" ;;
        s6) echo "s6$(version s6) (s6-svscan + one s6-supervise per service)" ;;
        supervisord) echo "supervisord$(version supervisor) (its python process)" ;;
        *) echo "${init_name[$1]} (1 child)" ;;
        esac
}
for n in "${unit_counts[@]}"; do
        v=${mem[svcd-$n]:-error:not measured}
        t=${pss_target[$n]:-}
        label="memory: svcd PSS, $n services (median of 3 samples)"
        if [ "${v#error:}" != "$v" ]; then
                printf '%s\t-\tsvcd %s (see stderr)\t-\t%s\tERROR\n' "$label" "${v#error:}" "${t:+<= $(kib "$t")}"
                status=1
                continue
        fi
        base=- q=-
        if [ "$n" -eq 0 ] && [ -n "${mem[tini-0]:-}" ] && [ "${mem[tini-0]#error:}" = "${mem[tini-0]}" ]; then
                base="$(kib "${mem[tini-0]}") (tini)" q=$(ratio "$v" "${mem[tini-0]}")
        elif [ "$n" -gt 0 ] && [ -n "${mem[svcd-0]:-}" ] && [ "${mem[svcd-0]#error:}" = "${mem[svcd-0]}" ]; then
                # Per service from the anonymous part: the file-backed part moves with the
                # neighbours between two runs, not with the services.
                base="$(kib "${mem[svcd-0]}") (anon $(kib "${mem_a[svcd-0]}"), 0 services)"
                q=$(awk -v a="${mem_a[svcd-$n]}" -v b="${mem_a[svcd-0]}" -v n="$n" 'BEGIN { printf "anon +%.2f KiB/service", (a - b) / n }')
        fi
        verdict=info
        [ -z "$t" ] || verdict=$(awk -v v="$v" -v t="$t" 'BEGIN { print (v <= t ? "PASS" : "FAIL") }')
        printf '%s\t%s (anon %s)\t%s\t%s\t%s\t%s\n' "$label" "$(kib "$v")" "$(kib "${mem_a[svcd-$n]}")" "$base" "$q" "$([ -n "$t" ] && echo "<= $(kib "$t")" || echo -)" "$verdict"
done
# What svcd's libraries cost by themselves (library-floor.c), and so svcd's own share of its
# idle PSS: the idle target cannot be lower than the floor.
f=${mem[floor-0]:-} sv=${mem[svcd-0]:-}
if [ -n "$f" ] && [ "${f#error:}" != "$f" ]; then
        printf 'memory: the floor of svcd'"'"'s libraries (library-floor)\t-\t%s (see stderr)\t-\t-\tERROR\n' "${f#error:}"
elif [ -n "$f" ] && [ -n "$sv" ] && [ "${sv#error:}" = "$sv" ]; then
        printf 'memory: the floor of svcd'"'"'s libraries (glibc, json-c, libseccomp, libcap, inih; idle)\t%s (anon %s)\tsvcd %s, 0 services\tsvcd'"'"'s own +%s\t-\tinfo\n' \
                "$(kib "$f")" "$(kib "${mem_a[floor-0]}")" "$(kib "$sv")" "$(kib "$((sv - f))")"
fi
for peer in tini dumb-init runit s6 supervisord; do
        for n in "${unit_counts[@]}"; do
                case $peer in tini | dumb-init) [ "$n" -eq 0 ] || continue ;; esac
                key=$peer-$n
                if [ -z "${mem[$key]:-}" ]; then
                        package=$peer
                        [ "$peer" != supervisord ] || package=supervisor
                        if [ "$n" = "${unit_counts[0]}" ]; then
                                printf 'memory: svcd vs %s\t-\tskipped: not installed (apt-get install %s)\t-\t-\tSKIP\n' "$peer" "$package"
                        fi
                        continue
                fi
                if [ "${mem[$key]#error:}" != "${mem[$key]}" ]; then
                        printf 'memory: svcd vs %s, %s services\t-\t%s (see stderr)\t-\t-\tERROR\n' "$(peer_label "$peer")" "$n" "${mem[$key]#error:}"
                        continue
                fi
                sv=${mem[svcd-$n]:-}
                if [ -n "$sv" ] && [ "${sv#error:}" = "$sv" ]; then
                        printf 'memory: svcd vs %s, %s services\tsvcd %s\t%s %s (anon %s)\t%s\t-\tinfo\n' "$(peer_label "$peer")" "$n" \
                                "$(kib "$sv")" "$peer" "$(kib "${mem[$key]}")" "$(kib "${mem_a[$key]}")" "$(ratio "$sv" "${mem[$key]}")"
                else
                        printf 'memory: svcd vs %s, %s services\t-\t%s %s (anon %s)\t-\t-\tinfo\n' "$(peer_label "$peer")" "$n" \
                                "$peer" "$(kib "${mem[$key]}")" "$(kib "${mem_a[$key]}")"
                fi
        done
done
exit $status
