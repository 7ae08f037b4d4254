#!/usr/bin/env bash
# t-restart-steps.sh: the restart policy (systemd.service(5)): RestartSteps= and
# RestartMaxDelaySec= make the delay before each restart (RestartUSecNext) grow from RestartSec=
# to RestartMaxDelaySec=, NRestarts counts; without RestartSteps= the delay stays RestartSec=;
# and for every Restart= value, which exit causes restart the service (Table 2 of the man page).
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

# failer.sh NAME: notes its run in $T/NAME.runs, waits (a minute at most) for $T/NAME.fail,
# removes it and exits 1. The test decides when each run fails.
failer=$(write_script failer.sh <<EOF
#!/bin/sh
echo run >>$T/\$1.runs
i=0
while [ ! -e $T/\$1.fail ]; do
        i=\$((i + 1))
        [ \$i -lt 1200 ] || exit 0
        sleep 0.05
done
rm -f $T/\$1.fail
exit 1
EOF
)
# cause.sh NAME CAUSE: notes its run in $T/NAME.runs; a first run of CAUSE exit0 or exit1
# exits so at once; every other run sleeps (for the test to kill, or for good after a restart).
cause=$(write_script cause.sh <<EOF
#!/bin/sh
echo run >>$T/\$1.runs
if [ "\$(wc -l <$T/\$1.runs)" -eq 1 ]; then
        case \$2 in
        exit0) exit 0 ;;
        exit1) exit 1 ;;
        esac
fi
exec sleep 3600
EOF
)

unit steps.service <<EOF
[Unit]
StartLimitIntervalSec=0

[Service]
ExecStart=$failer steps
Restart=on-failure
RestartSec=100ms
RestartSteps=3
RestartMaxDelaySec=2
EOF
unit flat.service <<EOF
[Unit]
StartLimitIntervalSec=0

[Service]
ExecStart=$failer flat
Restart=on-failure
RestartSec=100ms
RestartMaxDelaySec=2
EOF

# Table 2 of systemd.service(5), "Exit causes and the effect of the Restart= settings"
# (X: the service is restarted):
#
#   Restart= / cause           no  always  on-success  on-failure  on-abnormal  on-abort  on-watchdog
#   clean exit code or signal       X       X
#   unclean exit code               X                   X
#   unclean signal                  X                   X           X            X
#   timeout                         X                   X           X
#   watchdog                        X                   X           X                      X
#
# The causes made here: exit0 (exit 0: clean exit code), term (SIGTERM by svcctl kill: a
# clean signal), exit1 (exit 1: unclean exit code), kill (SIGKILL by svcctl kill: unclean
# signal), abrt (SIGABRT by svcctl kill, no core: unclean signal) and timeout (RuntimeMaxSec=1).
# The watchdog row is t-watchdog.sh's.
policies=(no always on-success on-failure on-abnormal on-abort on-watchdog)
causes=(exit0 term exit1 kill abrt timeout)
declare -A restarts=(
        [exit0]="always on-success"
        [term]="always on-success"
        [exit1]="always on-failure"
        [kill]="always on-failure on-abnormal on-abort"
        [abrt]="always on-failure on-abnormal on-abort"
        [timeout]="always on-failure on-abnormal"
)
# What a cause leaves behind when nothing restarts the service: ActiveState/Result.
declare -A outcome=(
        [exit0]="inactive/success"
        [term]="inactive/success"
        [exit1]="failed/exit-code"
        [kill]="failed/signal"
        [abrt]="failed/(signal|core-dump)"
        [timeout]="failed/timeout"
)
declare -A cause_text=(
        [exit0]="exit 0"
        [term]="SIGTERM"
        [exit1]="exit 1"
        [kill]="SIGKILL"
        [abrt]="SIGABRT"
        [timeout]="RuntimeMaxSec= reached"
)
names=()
for p in "${policies[@]}"; do
        for c in "${causes[@]}"; do
                n=$p-$c
                names+=("$n")
                extra=
                [ "$c" != timeout ] || extra=RuntimeMaxSec=1
                unit "$n.service" <<EOF
[Unit]
StartLimitIntervalSec=0

[Service]
ExecStart=$cause $n $c
Restart=$p
RestartSec=0
LimitCORE=0
$extra
EOF
        done
done
enable_units "${names[@]/%/.service}"
svcd_start

# --- RestartSteps=3 RestartMaxDelaySec=2 --------------------------------------------------------
# running_run UNIT N: UNIT runs its Nth run, after N-1 restarts.
running_run() {
        [ "$(count "$T/$1.runs")" -eq "$2" ] && prop_is "$1.service" ActiveState active &&
                [ "$(prop "$1.service" NRestarts)" = $(($2 - 1)) ]
}
# delays_of UNIT N: fails each of N runs of UNIT in turn and prints RestartUSecNext as it was
# during each run (the delay before the restart that follows it), one per line.
delays_of() {
        local n
        for ((n = 1; n <= $2; n++)); do
                if ! wait_until running_run "$1" "$n"; then
                        echo "run $n never came: $(show_state "$1.service") runs=$(count "$T/$1.runs")"
                        return 1
                fi
                prop "$1.service" RestartUSecNext
                [ "$n" -eq "$2" ] || touch "$T/$1.fail"
        done
}
exits 0 "svcctl start steps exits 0" svcctl start steps
is "$(prop steps.service RestartUSec)" 100000 "RestartSec=100ms: RestartUSec is 100000"
mapfile -t d < <(delays_of steps 5)
diag "RestartUSecNext during runs 1..5 of steps.service: ${d[*]}"
is "${#d[@]}" 5 "steps.service ran 5 times, NRestarts counting 0, 1, 2, 3, 4 (each run failed at once with exit 1)"
is "${d[0]:-}" 100000 "the first restart waits RestartSec= (RestartUSecNext=100000)"
grows() { # grows A B: 100000 < A < B < 2000000
        [[ "$1" =~ ^[0-9]+$ && "$2" =~ ^[0-9]+$ ]] && [ "$1" -gt 100000 ] && [ "$1" -lt "$2" ] && [ "$2" -lt 2000000 ]
}
ok "the second and third restarts wait longer and longer, less than RestartMaxDelaySec= (${d[1]:-?}, ${d[2]:-?})" \
        grows "${d[1]:-}" "${d[2]:-}"
is "${d[3]:-}" 2000000 "after RestartSteps=3 steps the delay is RestartMaxDelaySec=2 (RestartUSecNext=2000000)"
is "${d[4]:-}" 2000000 "... and stays there"
is "$(prop steps.service NRestarts)" 4 "NRestarts is 4"
exits 0 "svcctl stop steps exits 0" svcctl stop steps

# RestartMaxDelaySec= alone (systemd.service(5): "effective only if RestartSteps= is also set").
exits 0 "svcctl start flat exits 0" svcctl start flat
mapfile -t d < <(delays_of flat 3)
is "${d[*]}" "100000 100000 100000" "RestartMaxDelaySec= without RestartSteps=: every restart waits RestartSec= (100000)"
is "$(prop flat.service NRestarts)" 2 "NRestarts is 2"
exits 0 "svcctl stop flat exits 0" svcctl stop flat

# --- every Restart= value against every cause ---------------------------------------------------
# snapshot: the state of every unit of the table from one svcctl call (prop costs a process
# or two per property; 42 units would make each look take seconds).
declare -gA AS SS RS NR
snapshot() {
        local id a s r n
        AS=() SS=() RS=() NR=()
        while read -r id a s r n; do
                AS[$id]=$a SS[$id]=$s RS[$id]=$r NR[$id]=$n
        done < <("$SVCCTL" --json status "${names[@]}" 2>/dev/null | python3 -c '
import json, sys
for line in sys.stdin:
    if line.strip():
        u = json.loads(line)
        print(*(u.get(k) for k in ("Id", "ActiveState", "SubState", "Result", "NRestarts")))')
}
runs_of() { count "$T/$1.runs"; }

# The first runs that sleep are killed once they all run.
first_runs_up() {
        local n
        snapshot
        for n in "${names[@]}"; do
                case ${n##*-} in term | kill | abrt) ;; *) continue ;; esac
                [ "$(runs_of "$n")" -ge 1 ] && [ "${AS[$n.service]:-}" = active ] || return 1
        done
}
# A check of its own, so that a failure here (seen once, unexplained) names how those first
# runs ended, in the lines right below it.
if wait_until first_runs_up; then
        pass "every first run to kill is up"
else
        fail "every first run to kill is up" "how they ended, as svcd's log says: $(grep -E -m 6 \
                '(term|kill|abrt)\.service: (Main process exited|Failed|Stopping|Killing)' "$T/svcd.log" | tr '\n' '|')"
fi
for n in "${names[@]}"; do
        c=${n##*-}
        case $c in term | kill | abrt) ;; *) continue ;; esac
        sig=${c^^}
        svcctl kill --signal="$sig" --kill-whom=main "$n" >"$T/out" 2>&1 ||
                fail "svcctl kill --signal=$sig --kill-whom=main $n exits 0" "$(cat "$T/out")"
done

# settled UNIT (after a snapshot): it restarted (a second run is up) or it ended (inactive or
# failed after one run).
settled() {
        local runs
        runs=$(runs_of "$1")
        if [ "$runs" -ge 2 ]; then
                [ "${AS[$1.service]:-}" = active ]
        else
                [ "$runs" -eq 1 ] && { [ "${SS[$1.service]:-}" = dead ] || [ "${SS[$1.service]:-}" = failed ]; }
        fi
}
all_settled() {
        local n
        snapshot
        for n in "${names[@]}"; do
                settled "$n" || return 1
        done
}
wait_until all_settled || diag "not every unit settled in time; the results below say which"
snapshot
for n in "${names[@]}"; do
        c=${n##*-}
        p=${n%-*}
        u=$n.service
        want=no
        [[ " ${restarts[$c]} " != *" $p "* ]] || want=yes
        runs=$(runs_of "$n")
        if [ "$runs" -ge 2 ]; then
                got=yes
        elif settled "$n"; then
                got=no
        else
                got="still running its first run"
        fi
        if [ "$want" = yes ]; then
                verdict="restarts"
        else
                verdict="does not restart"
        fi
        if [ "$got" = "$want" ]; then
                pass "Restart=$p, ${cause_text[$c]}: $verdict"
        else
                fail "Restart=$p, ${cause_text[$c]}: $verdict" \
                        "$(printf 'runs: %s\n%s: ActiveState=%s SubState=%s Result=%s NRestarts=%s' "$runs" "$u" \
                                "${AS[$u]:-?}" "${SS[$u]:-?}" "${RS[$u]:-?}" "${NR[$u]:-?}")"
        fi
        if [ "$want" = yes ]; then
                like "${NR[$u]:-}" '^[1-9][0-9]*$' "... NRestarts counts it ($u)"
        else
                is "${NR[$u]:-}" 0 "... NRestarts is 0 ($u)"
                like "${AS[$u]:-}/${RS[$u]:-}" "^${outcome[$c]}\$" \
                        "... it ends ${outcome[$c]%%/*} with result ${outcome[$c]#*/} ($u)"
        fi
done

ok "svcd is still running" svcd_running
done_testing
