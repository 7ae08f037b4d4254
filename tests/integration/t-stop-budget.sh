#!/usr/bin/env bash
# t-stop-budget.sh: the shutdown's stop budget (svcd(8), --stop-timeout): a service that
# ignores SIGTERM and an orphan that ignores it too are SIGKILLed inside the budget, even
# with TimeoutStopSec= far longer, and both are named in the shutdown report; a clean
# shutdown exits 0 and reports each unit stopped; bad values are refused.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

deaf=$(write_script deaf.sh <<EOF
#!/bin/sh
trap 'echo TERM >>$T/deaf-got-term' TERM
echo ready >$T/deaf-ready
while :; do sleep 0.1; done
EOF
)
# Leaves a daemon behind in a session of its own that ignores SIGTERM too.
orphan=$(write_script deaf-orphan.sh <<EOF
#!/bin/sh
trap 'echo TERM >>$T/orphan-got-term' TERM
echo ready >$T/orphan-ready
while :; do sleep 0.1; done
EOF
)
unit deaf.service <<EOF
[Service]
ExecStart=$deaf
TimeoutStopSec=90
EOF
# KillMode=process: its stop leaves the daemon behind (a cgroup would otherwise hold it and
# stop it with the unit), for svcd's sweep of leftovers.
unit spawner.service <<EOF
[Service]
Type=oneshot
RemainAfterExit=yes
KillMode=process
ExecStart=/bin/sh -c 'setsid $orphan </dev/null >/dev/null 2>&1 &'
EOF
unit polite.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
EOF
enable_units deaf.service spawner.service polite.service

# ---- a budget of 3 s with a unit and an orphan that ignore SIGTERM -------------------------
svcd_start --stop-timeout=3s
ok "deaf.service is running" wait_until test -e "$T/deaf-ready"
ok "the orphan is running" wait_until test -e "$T/orphan-ready"
ok "deaf.service has its SIGTERM trap" wait_until handles_signal "$(prop deaf.service MainPID)" 15
orphan_pid=$(ns_ps | awk -v o="$orphan" '$5 == o {print $1}')
ok "the orphan has its SIGTERM trap" wait_until handles_signal "$orphan_pid" 15
before=$(log_lines)
started=$(date +%s%N)
svcd_stop_and_wait TERM # not under ok: it sets SVCD_EXIT in this shell
is "$?" 0 "SIGTERM to svcd; it exits"
took_ms=$((($(date +%s%N) - started) / 1000000))
# The budget is 3 s; svcd must be gone by then (plus time to reap and exit).
ok "svcd was gone within the 3 s budget (took ${took_ms} ms)" test "$took_ms" -lt 4000
ok "... although deaf.service has TimeoutStopSec=90 (it got SIGTERM first)" test -s "$T/deaf-got-term"
ok "the orphan got SIGTERM first too" test -s "$T/orphan-got-term"
is "$SVCD_EXIT" 2 "svcd exits 2: something had to be killed"
log=$(log_since "$before")
like "$log" 'Shutting down: stopping [0-9]+ unit\(s\) within 3s' "svcd's log announces the budget"
like "$log" "deaf\\.service: State 'stop-sigterm' ran out of the shutdown's stop budget\\. Killing\\." \
        "deaf.service's SIGKILL is put down to the budget, not its 90 s"
like "$log" 'Shutdown report: ' "a shutdown report is printed"
like "$log" 'deaf\.service +SIGKILL +after ' "... naming deaf.service as SIGKILLed"
like "$log" 'polite\.service +stopped +after ' "... polite.service as stopped"
like "$log" "left over: pid $orphan_pid +deaf-orphan\\.sh +SIGKILL" "... and the orphan, by pid and name, as SIGKILLed"
unlike "$log" 'spawner\.service +SIGKILL' "a unit that stopped by itself is not reported as killed"
is "$(host_pids_running "$T/")" "" "no process of the test is left on the host"

# ---- a clean shutdown: exit 0, everything "stopped" ---------------------------------------------
rm -f "$UNITS/default.target.wants/deaf.service" "$UNITS/default.target.wants/spawner.service"
svcd_start
ok "polite.service is running" wait_until prop_is polite.service ActiveState active
before=$(log_lines)
svcd_stop_and_wait TERM
is "$SVCD_EXIT" 0 "a clean shutdown exits 0"
log=$(log_since "$before")
like "$log" 'within 9s' "the default budget is 9 s (under docker stop's 10 s)"
like "$log" 'polite\.service +stopped' "the report says polite.service stopped"
like "$log" 'exiting with status 0 \(a clean shutdown\)' "... and why the status is 0"

# SVCD_STOP_TIMEOUT sets it too; 0 or infinity: no budget.
SVCD_STOP_TIMEOUT=1min svcd_start
before=$(log_lines)
svcd_stop_and_wait TERM
like "$(log_since "$before")" 'within 1min' "SVCD_STOP_TIMEOUT=1min"
svcd_start --stop-timeout=infinity
before=$(log_lines)
svcd_stop_and_wait TERM
like "$(log_since "$before")" 'within no time limit' "--stop-timeout=infinity: no limit"

# ---- bad values ------------------------------------------------------------------------------------
exits 1 "--stop-timeout=soon is refused" "$SVCD" --unit-path "$UNITS" --stop-timeout=soon --runtime-dir "$T/bad" --socket "$T/bad/control"
like "$ERR" "'soon' is not a time span" "... saying why"
SVCD_STOP_TIMEOUT=-3 exits 1 "SVCD_STOP_TIMEOUT=-3 is refused" "$SVCD" --unit-path "$UNITS" --runtime-dir "$T/bad" --socket "$T/bad/control"

done_testing
