#!/usr/bin/env bash
# bench/control.sh: the control path — `svcctl status UNIT` latency against exec of
# /bin/true, and GetUnit calls per second over one connection (bench-control.c) — against
# a svcd running one simple service.
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

bench_unit bench.service <<'UNIT'
[Unit]
Description=Benchmark target

[Service]
ExecStart=/bin/sleep infinity
UNIT
bench_svcd_start
# BENCH_CONTROL_ARGS, e.g. "--runs 100 --calls 20000", for a quick run.
# shellcheck disable=SC2086
"$BENCH_BUILD/bench/bench-control" --socket "$BENCH_SOCK" --svcctl "$SVCCTL" --unit bench.service \
        ${BENCH_CONTROL_ARGS:-}
