#!/usr/bin/env bash
# t-main-command.sh: svcd -- CMD (svcd(8), MAIN COMMAND): CMD runs as main.service with
# svcd's stdio, environment and working directory; svcd exits with its status (128+N for
# signal N, 127 not found, 126 not executable, --map-exit to 0); SIGHUP, SIGUSR1, SIGUSR2,
# SIGWINCH and SIGQUIT reach it (its process group with -g, rewritten with
# --rewrite-signal); sidecars stop in order when it ends; bad options are refused.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

# run_main [SVCD-OPTION...] -- CMD...: svcd as PID 1 of a new PID namespace, in the
# foreground, stdin from $RUN_MAIN_STDIN (default /dev/null), stdout to $T/main.out; the
# status is svcd's.
run_main() {
        unshare --pid --fork --mount-proc --kill-child \
                "$SVCD" --unit-path "$UNITS" --socket "$SOCK" --runtime-dir "$T/run" --state-dir "$T/state" \
                --log-level debug "$@" <"${RUN_MAIN_STDIN:-/dev/null}" >"$T/main.out" 2>>"$T/svcd.log"
}

# ---- exit statuses, as a shell (and docker run) reports them ------------------------------
run_main -- sh -c 'exit 3'
is "$?" 3 "-- sh -c 'exit 3' exits 3"
run_main -- sh -c 'kill -KILL $$'
is "$?" 137 "a main command killed by SIGKILL gives 137 (128+9)"
run_main -- sh -c 'kill -TERM $$'
is "$?" 143 "killed by SIGTERM: 143"
run_main -e 143 -- sh -c 'kill -TERM $$'
is "$?" 0 "-e 143 maps 143 to 0 (a JVM's SIGTERM exit)"
run_main --map-exit=3 --map-exit=4 -- sh -c 'exit 4'
is "$?" 0 "--map-exit may be given more than once"
run_main -e 3 -- sh -c 'exit 5'
is "$?" 5 "... and maps only the statuses it names"
run_main -- /nonexistent/program
is "$?" 127 "a command that does not exist: 127"
like "$(svcd_log)" 'main\.service: .*spawning /nonexistent/program: No such file or directory' \
        "... and svcd's log names the program and the error"
run_main -- no-such-program-on-path
is "$?" 127 "a name not found on \$PATH: 127"
run_main -- /etc/hostname
is "$?" 126 "a file that is not executable: 126"
run_main -- true
is "$?" 0 "-- true exits 0"

# ---- stdio, environment, working directory --------------------------------------------------
run_main -- sh -c 'echo out; echo err >&2'
is "$?" 0 "output run"
is "$(cat "$T/main.out")" out "CMD's stdout is svcd's stdout, unprefixed (docker logs shows it as is)"
printf 'line one\nline two\n' >"$T/input"
RUN_MAIN_STDIN=$T/input run_main -- cat
is "$(cat "$T/main.out")" "line one
line two" "CMD's stdin is svcd's stdin"
mkdir -p "$T/workdir"
(cd "$T/workdir" && FOO='a b $c %d' NOTIFY_SOCKET=/nonexistent SVCD_STOP_TIMEOUT=1 \
        run_main -- sh -c 'echo "FOO=$FOO"; echo "PWD=$(pwd)"; echo "NOTIFY=${NOTIFY_SOCKET-unset}"; echo "STOP=${SVCD_STOP_TIMEOUT-unset}"; echo "ARGS=$#:$1:$2"' \
        sh 'x  y' '$HOME %n')
out=$(cat "$T/main.out")
like "$out" 'FOO=a b \$c %d' "svcd's environment reaches CMD unchanged (spaces, \$ and % too)"
like "$out" "PWD=$T/workdir" "CMD runs in svcd's working directory (Docker's WORKDIR)"
like "$out" 'NOTIFY=unset' "svcd's own NOTIFY_SOCKET is not passed on"
like "$out" 'STOP=unset' "... nor svcd's SVCD_* settings"
like "$out" 'ARGS=2:x  y:\$HOME %n' "arguments arrive as given: no splitting, no \$ or % expansion"

# On a terminal (docker run -it): CMD's process group is the terminal's foreground group, so
# that ^C and job control reach it. script(1) gives svcd a pseudo-terminal.
if command -v script >/dev/null 2>&1; then
        out=$(script -qec "unshare --pid --fork --mount-proc --kill-child $SVCD --unit-path $UNITS --socket $SOCK \
                --runtime-dir $T/run --state-dir $T/state -- sh -c 'tty; cut -d\" \" -f5,8 /proc/self/stat' \
                2>>$T/svcd.log" /dev/null | tr -d '\r')
        like "$out" '^/dev/pts/' "on a terminal, CMD's stdin is svcd's terminal"
        read -r pgrp tpgid <<<"$(tail -n 1 <<<"$out")"
        ok "... and its process group ($pgrp) is the terminal's foreground group ($tpgid)" test -n "$pgrp" -a "$pgrp" = "$tpgid"
else
        pass "CMD in the terminal's foreground group # SKIP no script(1)"
fi

# A drop-in for main.service applies as to any unit.
mkdir -p "$UNITS/main.service.d"
cat >"$UNITS/main.service.d/extra.conf" <<EOF
[Service]
Environment=EXTRA=from-drop-in
EOF
run_main -- sh -c 'echo "EXTRA=$EXTRA"'
is "$(cat "$T/main.out")" EXTRA=from-drop-in "a main.service.d/ drop-in in the unit path applies to CMD"
rm -r "$UNITS/main.service.d"

# ---- sidecars ---------------------------------------------------------------------------------
unit sidecar.service <<EOF
[Unit]
Before=main.service

[Service]
Type=notify
ExecStart=/bin/sh -c 'trap "echo TERM >$T/sidecar-term; exit 0" TERM; echo up >$T/sidecar-up; systemd-notify --ready 2>/dev/null || true; while :; do sleep 0.1; done'
NotifyAccess=all
EOF
enable_units sidecar.service
run_main -- sh -c "test -e $T/sidecar-up && echo sidecar-was-up; exit 4"
is "$?" 4 "with a sidecar: svcd still exits with CMD's status"
# (Sidecars' output, prefixed with their names, goes to svcd's stdout too.)
is "$(head -n 1 "$T/main.out")" sidecar-was-up "a sidecar ordered Before=main.service is up before CMD starts"
ok "... and is stopped (SIGTERM) when CMD ends" test -s "$T/sidecar-term"
rm -f "$UNITS/default.target.wants/sidecar.service" "$T/sidecar-term" "$T/sidecar-up"

# ---- signals ------------------------------------------------------------------------------------
cat >"$T/trapper" <<EOF
#!/bin/sh
# Records each signal it gets; SIGTERM ends it with status 5, and SIGQUIT with 6 when
# started with the argument quit-exits.
QUIT_EXITS=\${1:-}
for s in HUP USR1 USR2 WINCH; do trap "echo \$s >>$T/got" \$s; done
trap 'echo QUIT >>$T/got; [ -z "\$QUIT_EXITS" ] || exit 6' QUIT
trap 'echo TERM >>$T/got; exit 5' TERM
echo ready >$T/trapper-ready
while :; do sleep 0.05; done
EOF
chmod +x "$T/trapper"
# start_trapper SVCD-OPTION... -- TRAPPER-ARGUMENT...: boots svcd with the trapper as CMD
# and waits until it has its traps (a signal before them would kill the shell).
start_trapper() {
        : >"$T/got"
        rm -f "$T/trapper-ready"
        svcd_start "$@"
        wait_until test -e "$T/trapper-ready"
        wait_until handles_signal "$(show_value main.service MainPID)" 15 # the last trap it sets
}
start_trapper -- "$T/trapper"
ok "main.service is active while CMD runs" wait_until prop_is main.service ActiveState active
for s in HUP USR1 USR2 WINCH QUIT; do
        kill -"$s" "$SVCD_PID"
        ok "SIG$s to svcd reaches CMD" wait_until grep -qx "$s" "$T/got"
done
ok "svcd is still running after the forwarded signals (SIGHUP is not a reload here)" svcd_running
svcd_stop_and_wait TERM
is "$SVCD_EXIT" 5 "SIGTERM to svcd: CMD gets SIGTERM, and its exit status (5) is svcd's"

# --rewrite-signal: USR1 arrives as USR2; WINCH is dropped; TERM:QUIT is the stop signal.
start_trapper --rewrite-signal=USR1:USR2 --rewrite-signal=SIGWINCH:0 --rewrite-signal=TERM:QUIT -- "$T/trapper" quit-exits
kill -USR1 "$SVCD_PID"
ok "--rewrite-signal=USR1:USR2: CMD gets SIGUSR2" wait_until grep -qx USR2 "$T/got"
kill -WINCH "$SVCD_PID"
kill -HUP "$SVCD_PID"
wait_until grep -qx HUP "$T/got"
unlike "$(cat "$T/got")" 'WINCH|USR1' "--rewrite-signal=SIGWINCH:0 drops WINCH (and USR1 was not sent as itself)"
is "$(show_value main.service KillSignal)" QUIT "--rewrite-signal=TERM:QUIT makes SIGQUIT main.service's KillSignal="
svcd_stop_and_wait TERM
like "$(cat "$T/got")" QUIT "... so SIGTERM to svcd stops CMD with SIGQUIT"
is "$SVCD_EXIT" 6 "... and svcd exits with the status CMD chose for it"

# -g: to CMD's process group, which a child of CMD shares; without -g, CMD alone.
cat >"$T/family" <<EOF
#!/bin/sh
sh -c 'trap "echo child >>$T/family-got" USR1; touch $T/family-child-ready; while :; do sleep 0.05; done' &
trap "echo parent >>$T/family-got" USR1
trap 'kill \$!; exit 0' TERM
echo ready >$T/family-ready
while :; do sleep 0.05; done
EOF
chmod +x "$T/family"
for mode in group alone; do
        : >"$T/family-got"
        rm -f "$T/family-ready" "$T/family-child-ready"
        if [ $mode = group ]; then svcd_start -g -- "$T/family"; else svcd_start -- "$T/family"; fi
        wait_until test -e "$T/family-ready"
        wait_until test -e "$T/family-child-ready" # the child's trap is set
        kill -USR1 "$SVCD_PID"
        wait_until grep -qx parent "$T/family-got"
        if [ $mode = group ]; then
                wait_until grep -qx child "$T/family-got" # its trap runs apart from the parent's
                is "$(sort "$T/family-got" | tr '\n' ' ')" "child parent " "-g: CMD and its child (its process group) get the signal"
        else
                sleep 0.3 # gives a signal wrongly sent to the child the chance to show
                is "$(cat "$T/family-got")" parent "without -g: CMD alone gets it"
        fi
        svcd_stop_and_wait TERM
        is "$SVCD_EXIT" 0 "... and svcd exits with CMD's 0"
done

# svcctl exit-like ending: svcctl stop main.service ends CMD; svcd exits with its status.
start_trapper -- "$T/trapper"
"$SVCCTL" stop main.service >/dev/null 2>&1 &
svcd_exits_by_itself
is "$?" 0 "svcctl stop main.service: svcd exits by itself"
is "$SVCD_EXIT" 5 "... with CMD's status"

# ---- a transient directory that is not svcd's own -------------------------------------------
# It comes first on the unit path: drop-ins there would run as svcd's user. One that someone
# else owns (or can write to) is refused.
mkdir -p "$T/run-squat/transient/main.service.d"
printf '[Service]\nExecStartPre=/bin/touch %s\n' "$T/planted-ran" >"$T/run-squat/transient/main.service.d/evil.conf"
chown -R 65534 "$T/run-squat/transient"
exits 1 "svcd -- refuses a transient directory someone else owns" "$SVCD" --unit-path "$UNITS" \
        --runtime-dir "$T/run-squat" --socket "$T/run-squat/control" -- true
like "$ERR" 'is not a directory of svcd.s own that only it can write' "... saying why"
ok "... and the planted drop-in did not run" test ! -e "$T/planted-ran"
chown -R 0 "$T/run-squat/transient"
chmod 777 "$T/run-squat/transient"
exits 1 "... or one that others can write to" "$SVCD" --unit-path "$UNITS" \
        --runtime-dir "$T/run-squat" --socket "$T/run-squat/control" -- true

# ---- bad command lines ---------------------------------------------------------------------------
exits 1 "svcd -- with no command" "$SVCD" --
like "$("$SVCD" -- 2>&1)" "no command after '--'" "... says so"
exits 1 "--rewrite-signal without a colon" "$SVCD" --rewrite-signal=TERM -- true
like "$("$SVCD" --rewrite-signal=TERM -- true 2>&1)" 'expected FROM:TO' "... says what it expects"
exits 1 "--rewrite-signal with no such signal" "$SVCD" --rewrite-signal=TERM:NOPE -- true
exits 1 "--map-exit=256" "$SVCD" --map-exit=256 -- true
exits 1 "--map-exit=abc" "$SVCD" -e abc -- true
like "$("$SVCD" -e abc -- true 2>&1)" 'from 0 to 255' "... says the range"

done_testing
