#!/usr/bin/env bash
# t-control-limits.sh: the control socket's limits. One unprivileged uid gets at most 128
# connections (the rest are closed right after accept, with one rate-limited log line) and
# root keeps working meanwhile; a call left incomplete is answered with ProtocolError and
# the connection closed; when svcd runs out of fds, accept() failures pause the listener
# instead of spinning on it, and svcd serves again once fds are free.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

unit simple.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
EOF
enable_units simple.service
svcd_start
ok "simple.service becomes active" wait_until prop_is simple.service ActiveState active

# The build tree may sit under a directory only root can enter (/root): nobody runs copies.
cp -- "$SVCCTL" "$T/svcctl"
cp -- "$(dirname -- "${BASH_SOURCE[0]}")/rawclient.py" "$T/rawclient.py"
chmod 0755 "$T/svcctl" "$T/rawclient.py"
rawclient=$T/rawclient.py
as_nobody() {
        setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"
}
log_count() { # log_count EXTENDED-REGEX: matching lines in svcd's log
        grep -Ec -- "$1" "$T/svcd.log"
}

# --- per-uid limit -----------------------------------------------------------------------

# setpriv directly, not through the function, so that $! is the holder itself (setpriv
# execs python) and the kill below ends it rather than a subshell.
setpriv --reuid=nobody --regid=nogroup --clear-groups -- /usr/bin/python3 "$rawclient" "$SOCK" hold 200 120 sync \
        >"$T/hold.out" 2>&1 &
holder=$!
reported() { grep -q '^closed' "$T/hold.out"; }
ok "nobody opens 200 idle connections" wait_until reported
report=$(cat "$T/hold.out")
kept=$(sed -n 's/^closed [0-9]* kept \([0-9]*\)$/\1/p' <<<"$report")
closed=$(sed -n 's/^closed \([0-9]*\) kept [0-9]*$/\1/p' <<<"$report")
[ -n "$kept" ] || diag "the holder said: $report"
is "$kept/$closed" 128/72 "svcd keeps 128 of them and closes the other 72 right after accept"
is "$(log_count 'Uid 65534 has too many control connections')" 1 \
        "svcd logs \"Uid 65534 has too many control connections\" once, not per refusal"
exits 0 "root's svcctl stop works meanwhile" svcctl stop simple.service
exits 0 "root's svcctl start works meanwhile" svcctl start simple.service
exits 0 "root's svcctl list works meanwhile" svcctl list
like "$OUT" 'simple\.service' "and lists simple.service"
exits 1 "nobody's svcctl list fails while nobody is at the cap" as_nobody "$T/svcctl" --socket "$SOCK" list
ok "the holder was still there for all of that" kill -0 "$holder"
kill "$holder"
wait "$holder" 2>/dev/null
ok "nobody's svcctl list works again once the holder has gone" \
        wait_until as_nobody "$T/svcctl" --socket "$SOCK" list

# --- a call that stays incomplete ---------------------------------------------------------

python3 "$rawclient" "$SOCK" stall 30 >"$T/stall.out" 2>&1 &
staller=$!
ok "while a client stalls mid-call, svcd serves another" svcctl status simple.service
wait "$staller"
reply=$(cat "$T/stall.out")
like "$reply" '"error": *"io\.svcd\.Manager\.ProtocolError"' "the stalled call gets ProtocolError"
like "$reply" 'incomplete' "which says the message is incomplete"
is "$(tail -n 1 <<<"$reply")" closed "and svcd closes that connection"
ok "svcd still serves another client" svcctl status simple.service

svcd_stop_and_wait TERM
is "$?/${SVCD_EXIT:-none}" 0/0 "svcd exits 0 on SIGTERM"

# --- out of fds --------------------------------------------------------------------------

# svcd_start with a limit of 40 open files: a few for svcd itself, the rest for clients.
SVCD_PID=
log_lines_before=$(wc -l <"$T/svcd.log")
end=$((SECONDS + DEADLINE))
prlimit --nofile=40:40 unshare --pid --fork --mount-proc --kill-child \
        "$SVCD" --unit-path "$UNITS" --socket "$SOCK" --runtime-dir "$T/run" \
        --log-level debug </dev/null >>"$T/svcd.log" 2>&1 &
_svcd_unshare_pid=$!
until _svcd_find_pid && _svcd_answers; do
        _svcd_exited && bail "svcd (40 fds) exited during start-up"
        [ $SECONDS -lt $end ] || bail "svcd (40 fds) did not answer on $SOCK within ${DEADLINE}s"
        sleep 0.05
done
pass "svcd starts with a limit of 40 open files"
log_since_start() { tail -n +"$((log_lines_before + 1))" "$T/svcd.log"; }

python3 "$rawclient" "$SOCK" hold 100 120 >"$T/hold.out" 2>&1 &
holder=$!
pausing() { log_since_start | grep -q 'Failed to accept a control connection.*pausing'; }
ok "root holds 100 connections: svcd runs out of fds and pauses accepting" wait_until pausing
cpu_ticks() { # utime + stime of svcd, in clock ticks
        local stat
        read -r stat <"/proc/$SVCD_PID/stat"
        stat=${stat##*) }
        awk '{ print $12 + $13 }' <<<"$stat"
}
before=$(cpu_ticks)
sleep 3
after=$(cpu_ticks)
used=$((after - before))
diag "svcd used $used clock ticks of CPU in 3 s while out of fds"
ok "svcd does not spin while out of fds (CPU: $used ticks in 3 s, a spin takes ~300)" test "$used" -lt 100
n=$(log_since_start | grep -c 'Failed to accept a control connection')
ok "the log has a handful of \"Failed to accept\" lines at most (rate-limited): $n" test "$n" -ge 1 -a "$n" -le 3
ok "svcd is still running" svcd_running
kill "$holder"
wait "$holder" 2>/dev/null
ok "svcd serves svcctl list again once the holder has gone" wait_until svcctl list

done_testing
