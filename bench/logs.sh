#!/usr/bin/env bash
# bench/logs.sh: log capture against the control path: the median latency of
# `svcctl status UNIT` while a service writes ~100 MB/s of log lines to its stdout, against
# the same with the service quiet, in one run (supervisord/log-capture.h: pipes are read
# with a per-turn budget so that the control socket keeps its turn). Also prints the rate
# svcd actually captured. svcd's stdout goes to a FIFO drained by cat, as a container
# runtime reads it.
#
#   bench/logs.sh BUILD_DIR      (root: boots svcd in a PID namespace; without BUILD_DIR,
#                                 $BENCH_BUILD as bench/run sets it)
#
# Prints tab-separated rows as the other benchmarks: benchmark, value, baseline, ratio,
# target, verdict. BENCH_LOGS_RUNS (default 500) sets the status calls per measurement.
set -euo pipefail

build=${1:-${BENCH_BUILD:-}}
[ -n "$build" ] || { echo "usage: bench/logs.sh BUILD_DIR" >&2; exit 2; }
SVCD=$build/supervisord/svcd
SVCCTL=$build/cli/svcctl
RUNS=${BENCH_LOGS_RUNS:-500}
TARGET_RATIO=3
if [ ! -x "$SVCD" ] || [ ! -x "$SVCCTL" ]; then
        echo "bench/logs.sh: no svcd/svcctl in $build" >&2
        exit 1
fi
[ "$(id -u)" -eq 0 ] || { echo "bench/logs.sh needs root (a PID namespace)" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/svcd-bench-logs.XXXXXX")
units=$tmp/units
sock=$tmp/run/control
mkdir -p "$units/default.target.wants" "$tmp/run"
unshare_pid=
drain_pid=

cleanup() {
        if [ -n "$unshare_pid" ]; then
                local svcd_pid
                svcd_pid=$(cat "/proc/$unshare_pid/task/$unshare_pid/children" 2>/dev/null || true)
                [ -z "$svcd_pid" ] || kill -TERM "$svcd_pid" 2>/dev/null || true
                for _ in $(seq 100); do
                        kill -0 "$unshare_pid" 2>/dev/null || break
                        sleep 0.05
                done
                kill -KILL "$unshare_pid" 2>/dev/null || true
                wait "$unshare_pid" 2>/dev/null || true
        fi
        if [ -n "$drain_pid" ]; then
                kill "$drain_pid" 2>/dev/null || true
                wait "$drain_pid" 2>/dev/null || true
        fi
        rm -rf "$tmp"
}
trap cleanup EXIT

# writer.py RATE: 100-byte lines at RATE bytes per second, in 1 MiB blocks; counts what it
# wrote in $tmp/written (read after it is stopped).
cat >"$tmp/writer.py" <<'EOF'
import os, signal, sys, time
rate = float(sys.argv[1])
line = b"bench log line " + b"x" * 84 + b"\n"
block = line * (1024 * 1024 // len(line))
written = 0
def done(*_):
    open(sys.argv[2], "w").write(str(written))
    os._exit(0)
signal.signal(signal.SIGTERM, done)
start = time.monotonic()
while True:
    os.write(1, block)
    written += len(block)
    ahead = written / rate - (time.monotonic() - start)
    if ahead > 0:
        time.sleep(ahead)
EOF
cat >"$units/quiet.service" <<EOF
[Service]
ExecStart=/bin/sleep infinity
EOF
cat >"$units/writer.service" <<EOF
[Service]
ExecStart=/usr/bin/python3 $tmp/writer.py 100000000 $tmp/written
EOF
ln -s ../quiet.service "$units/default.target.wants/quiet.service"

mkfifo "$tmp/stdout"
cat "$tmp/stdout" >/dev/null &
drain_pid=$!
unshare --pid --fork --mount-proc --kill-child \
        "$SVCD" --unit-path "$units" --socket "$sock" --runtime-dir "$tmp/run" --log-level warning \
        </dev/null >"$tmp/stdout" 2>"$tmp/svcd.log" &
unshare_pid=$!
export SVCD_SOCKET=$sock
for _ in $(seq 400); do
        "$SVCCTL" list >/dev/null 2>&1 && break
        kill -0 "$unshare_pid" 2>/dev/null || { cat "$tmp/svcd.log" >&2; exit 1; }
        sleep 0.05
done

# median_ms: the median wall time of RUNS `svcctl status quiet`, in milliseconds.
median_ms() {
        python3 - "$SVCCTL" "$RUNS" <<'EOF'
import statistics, subprocess, sys, time
times = []
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    subprocess.run([sys.argv[1], "status", "quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    times.append(time.perf_counter() - start)
print("%.3f" % (statistics.median(times) * 1000))
EOF
}

quiet=$(median_ms)
"$SVCCTL" start writer
start_ns=$(date +%s%N)
loaded=$(median_ms)
"$SVCCTL" stop writer
elapsed_ns=$(($(date +%s%N) - start_ns))
written=$(cat "$tmp/written" 2>/dev/null || echo 0)
rate=$(python3 -c "print('%.0f' % ($written / ($elapsed_ns / 1e9) / 1e6))")

ratio=$(python3 -c "print('%.2f' % ($loaded / $quiet))")
verdict=$(python3 -c "print('PASS' if $loaded / $quiet <= $TARGET_RATIO else 'FAIL')")
printf 'logs: status latency, quiet\t%s ms\t-\t-\t-\tinfo\n' "$quiet"
printf 'logs: status latency, a service writing %s MB/s\t%s ms\t%s ms\t%sx\t<= %sx\t%s\n' \
        "$rate" "$loaded" "$quiet" "$ratio" "$TARGET_RATIO" "$verdict"
