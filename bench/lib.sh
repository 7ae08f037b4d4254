# bench/lib.sh: what every benchmark script shares: private svcds, each PID 1 of its own PID
# namespace, on temporary unit directories. Sourced by bench/*.sh (bench/run sets SVCD,
# SVCCTL and BENCH_BUILD).
# shellcheck shell=bash
: "${SVCD:?run benchmarks through bench/run}"
: "${SVCCTL:?run benchmarks through bench/run}"

BENCH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/svcd-bench.XXXXXX")
BENCH_UNITS=$BENCH_TMP/units
BENCH_SOCK=$BENCH_TMP/run/control
mkdir -p "$BENCH_UNITS/default.target.wants"
_bench_unshare_pids=()

# Stops every svcd bench_svcd_start booted: SIGTERM to svcd (it stops its services and
# exits), SIGKILL to unshare after 5 s (--kill-child takes svcd and its namespace along).
_bench_cleanup() {
        local pid svcd_pid
        for pid in "${_bench_unshare_pids[@]}"; do
                svcd_pid=$(cat "/proc/$pid/task/$pid/children" 2>/dev/null || true)
                [ -z "$svcd_pid" ] || kill -TERM "$svcd_pid" 2>/dev/null || true
        done
        for pid in "${_bench_unshare_pids[@]}"; do
                for _ in $(seq 100); do
                        kill -0 "$pid" 2>/dev/null || break
                        sleep 0.05
                done
                kill -KILL "$pid" 2>/dev/null || true
                wait "$pid" 2>/dev/null || true
        done
        rm -rf "$BENCH_TMP"
}
trap _bench_cleanup EXIT

# bench_build_program SOURCE OUTPUT NOLIBC: builds the program a benchmark runs, static so
# that no time is the dynamic loader's: without libc when NOLIBC is 1 (bench/nolibc.h; on
# x86-64 glibc's start-up probes the CPU with CPUID, which traps to the hypervisor in a VM),
# else with static glibc, else (no static libc here) dynamic. Prints how it was linked:
# "static, no libc", "static" or "dynamic: static link failed".
bench_build_program() {
        local src=$1 out=$2 nolibc=$3 cc=${CC:-cc}
        if [ "$nolibc" = 1 ]; then
                # -fno-tree-loop-distribute-patterns: no memcpy() calls for loops, there is no libc.
                "$cc" -static -nostdlib -O2 -fno-stack-protector -fno-builtin -fno-tree-loop-distribute-patterns \
                        -DBENCH_NOLIBC -o "$out" "$src" || return
                echo "static, no libc"
        elif "$cc" -static -O2 -o "$out" "$src" 2>"$BENCH_TMP/cc.log"; then
                echo static
        else
                echo "bench: static linking failed ($(head -n 1 "$BENCH_TMP/cc.log")); falling back to a dynamic binary" >&2
                "$cc" -O2 -o "$out" "$src" || return
                echo "dynamic: static link failed"
        fi
}

# bench_nolibc_default: 1 on x86-64, where the no-libc build exists (bench/nolibc.h), else 0.
bench_nolibc_default() {
        [ "$(uname -m)" = x86_64 ] && echo 1 || echo 0
}

# bench_unit NAME: writes unit NAME from stdin and starts it at boot.
bench_unit() {
        cat >"$BENCH_UNITS/$1"
        ln -sf "../$1" "$BENCH_UNITS/default.target.wants/$1"
}

# bench_svcd_start [UNIT_DIR SOCKET]: boots svcd on UNIT_DIR (default $BENCH_UNITS) with
# control socket SOCKET (default $BENCH_SOCK; its directory is the runtime directory) and
# waits until it answers. Its log: $BENCH_TMP/svcd.log, or svcd-N.log for the Nth (N > 1).
bench_svcd_start() {
        local units=${1:-$BENCH_UNITS} sock=${2:-$BENCH_SOCK} log=$BENCH_TMP/svcd.log pid
        [ ${#_bench_unshare_pids[@]} -eq 0 ] || log=$BENCH_TMP/svcd-$((${#_bench_unshare_pids[@]} + 1)).log
        unshare --pid --fork --mount-proc --kill-child \
                "$SVCD" --unit-path "$units" --socket "$sock" --runtime-dir "$(dirname -- "$sock")" \
                --log-level warning </dev/null >"$log" 2>&1 &
        pid=$!
        _bench_unshare_pids+=("$pid")
        for _ in $(seq 400); do
                if SVCD_SOCKET=$sock "$SVCCTL" list >/dev/null 2>&1; then
                        return 0
                fi
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.05
        done
        echo "svcd did not start; its log:" >&2
        cat "$log" >&2
        return 1
}
