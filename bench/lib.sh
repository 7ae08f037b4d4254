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
