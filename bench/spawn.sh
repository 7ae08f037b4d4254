#!/usr/bin/env bash
# bench/spawn.sh: spawning (issue 4): 1,000 services started with StartUnit against raw
# fork+execve and vfork+execve loops of the same program in the same run, then the same
# against a svcd that also holds 10,000 loaded units (bench-spawn.c says how each is
# measured). Two svcds run side by side, so that their rounds can alternate.
set -euo pipefail
if [ "$(id -u)" -ne 0 ]; then
        echo "bench/spawn: skipped: it needs root to boot svcd in PID namespaces" >&2
        printf 'spawn: svcd StartUnit against raw vfork+execve\t-\tneeds root\t-\t>= 0.7x\tSKIP\n'
        exit 0
fi
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

# BENCH_SPAWN_COUNT (default 1000), BENCH_SPAWN_HEAP_UNITS (default 10000) and
# BENCH_SPAWN_ARGS, e.g. "--runs 3", for a quick run. BENCH_SPAWN_PROGRAM replaces the
# program (an absolute path and words without quotes, as ExecStart= takes them).
count=${BENCH_SPAWN_COUNT:-1000}
heap_units=${BENCH_SPAWN_HEAP_UNITS:-10000}
# Long-lived, so that a spawn ends at execve() on both sides (bench-spawn.c); a dynamically
# linked program, as services are.
read -r -a program <<<"${BENCH_SPAWN_PROGRAM:-/bin/sleep infinity}"

small=$BENCH_TMP/small
large=$BENCH_TMP/large
mkdir -p "$small" "$large"
# The large svcd's extra units: bench/load's realistic ones (about 20 directives and a
# drop-in each), loaded by bench-spawn before it times anything.
"$(dirname -- "${BASH_SOURCE[0]}")/gen-units" "$large" "$heap_units"
# The services: the same minimal unit in both, so that only the heap differs.
for ((i = 0; i < count; i++)); do
        printf -v name 'spawn-%05d.service' "$i"
        printf -v text '[Unit]\nDescription=bench/spawn service %d\n\n[Service]\nExecStart=%s\n' "$i" "${program[*]}"
        printf '%s' "$text" >"$small/$name"
        printf '%s' "$text" >"$large/$name"
done

bench_svcd_start "$small" "$BENCH_TMP/run-small/control"
bench_svcd_start "$large" "$BENCH_TMP/run-large/control"
# shellcheck disable=SC2086
"$BENCH_BUILD/bench/bench-spawn" --socket "$BENCH_TMP/run-small/control" \
        --large-socket "$BENCH_TMP/run-large/control" --count "$count" --heap-units "$heap_units" \
        ${BENCH_SPAWN_ARGS:-} -- "${program[@]}"
