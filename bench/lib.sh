# bench/lib.sh: what every benchmark script shares: a private svcd, PID 1 of its own PID
# namespace, on a temporary unit directory. Sourced by bench/*.sh (bench/run sets SVCD,
# SVCCTL and BENCH_BUILD).
# shellcheck shell=bash
: "${SVCD:?run benchmarks through bench/run}"
: "${SVCCTL:?run benchmarks through bench/run}"

BENCH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/svcd-bench.XXXXXX")
BENCH_UNITS=$BENCH_TMP/units
BENCH_SOCK=$BENCH_TMP/run/control
mkdir -p "$BENCH_UNITS/default.target.wants"
_bench_unshare_pid=

_bench_cleanup() {
        if [ -n "$_bench_unshare_pid" ]; then
                local svcd_pid
                svcd_pid=$(cat "/proc/$_bench_unshare_pid/task/$_bench_unshare_pid/children" 2>/dev/null || true)
                [ -z "$svcd_pid" ] || kill -TERM "$svcd_pid" 2>/dev/null || true
                for _ in $(seq 100); do
                        kill -0 "$_bench_unshare_pid" 2>/dev/null || break
                        sleep 0.05
                done
                kill -KILL "$_bench_unshare_pid" 2>/dev/null || true
                wait "$_bench_unshare_pid" 2>/dev/null || true
        fi
        rm -rf "$BENCH_TMP"
}
trap _bench_cleanup EXIT

# bench_unit NAME: writes unit NAME from stdin and starts it at boot.
bench_unit() {
        cat >"$BENCH_UNITS/$1"
        ln -sf "../$1" "$BENCH_UNITS/default.target.wants/$1"
}

# bench_svcd_start: boots svcd and waits until it answers (its log: $BENCH_TMP/svcd.log).
bench_svcd_start() {
        unshare --pid --fork --mount-proc --kill-child \
                "$SVCD" --unit-path "$BENCH_UNITS" --socket "$BENCH_SOCK" --runtime-dir "$BENCH_TMP/run" \
                --log-level warning </dev/null >"$BENCH_TMP/svcd.log" 2>&1 &
        _bench_unshare_pid=$!
        for _ in $(seq 400); do
                if SVCD_SOCKET=$BENCH_SOCK "$SVCCTL" list >/dev/null 2>&1; then
                        return 0
                fi
                kill -0 "$_bench_unshare_pid" 2>/dev/null || break
                sleep 0.05
        done
        echo "svcd did not start; its log:" >&2
        cat "$BENCH_TMP/svcd.log" >&2
        return 1
}
