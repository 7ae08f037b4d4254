#!/usr/bin/env bash
# bench/load.sh: unit loading (issue 3): 10,000 generated service units of ~20 directives,
# each with a drop-in, through unit_load() + unit_verify(), against `systemd-analyze verify`
# of a sample of the same files in the same run (bench-load.c says how each is measured).
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

# BENCH_LOAD_UNITS (default 10000) and BENCH_LOAD_ARGS, e.g. "--runs 3 --sample 400", for a
# quick run.
count=${BENCH_LOAD_UNITS:-10000}
analyze=$(command -v systemd-analyze || true)
if [ -z "$analyze" ]; then
        printf 'load: unit_load + unit_verify per unit\t-\tsystemd-analyze not installed\t-\t>= 10x\tERROR\n'
        exit 1
fi
"$(dirname -- "${BASH_SOURCE[0]}")/gen-units" "$BENCH_TMP/load" "$count"
# shellcheck disable=SC2086
"$BENCH_BUILD/bench/bench-load" --dir "$BENCH_TMP/load" --count "$count" --analyze "$analyze" \
        ${BENCH_LOAD_ARGS:-}
