#!/usr/bin/env bash
# t-crash.sh: svcd's own crash (svcd(8), "--crash-shell"): as PID 1 it never dies — it logs
# the signal and freezes, still reaping orphans, or executes the crash shell in its place;
# as a supervisor it kills the services it started and dies of the signal (exit 128+N), so
# nothing is left running unseen. The crash is simulated with kill -SEGV / -BUS / -ABRT.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

if [ -n "${ASAN_OPTIONS:-}" ]; then
        # AddressSanitizer owns the crash signals there (and reports the crash instead).
        pass "svcd's crash handler # SKIP under AddressSanitizer, whose handlers take the crash signals"
        done_testing
        exit 0
fi

# Makes a short-lived orphan every 0.1 s: PID 1 must keep reaping them while frozen.
unit orphans.service <<EOF
[Service]
ExecStart=/bin/sh -c 'while :; do (sleep 0.05 &) ; sleep 0.1; done'
EOF
unit idle.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
EOF
enable_units orphans.service idle.service

zombies() { ns_ps | awk '$3 == "Z"' | wc -l; }
svcd_state() { _proc_state "/proc/$SVCD_PID/stat"; }

# ---- PID 1, no crash shell: freeze and keep reaping ----------------------------------------------
svcd_start
ok "orphans.service is running" wait_until prop_is orphans.service ActiveState active
kill -SEGV "$SVCD_PID"
ok "svcd logs the crash" wait_until grep -q 'caught signal 11' "$T/svcd.log"
like "$(svcd_log)" 'as PID 1: not exiting' "... and says that as PID 1 it does not exit"
like "$(svcd_log)" 'frozen: reaping orphans only' "... and that it freezes"
sleep 1
ok "svcd (PID 1) is still alive a second later" svcd_running
ok "... and the services with it: idle.service's sleep still runs" test -n "$(ns_ps | awk '$4 == "/bin/sleep" && $5 == "3600"')"
sleep 1
# About 20 orphans died meanwhile; without a reaper they would all be zombies. One may be
# caught between its exit and the frozen PID 1's waitpid().
z=$(zombies)
ok "two seconds of orphans later at most one is a zombie ($z): the frozen PID 1 reaps them" test "$z" -le 1
kill -KILL "$SVCD_PID"
wait "$_svcd_unshare_pid" 2>/dev/null
_svcd_unshare_pid=
SVCD_PID=

# SIGBUS and SIGABRT are crashes too.
for sig in BUS ABRT; do
        before=$(log_lines)
        svcd_start
        kill -"$sig" "$SVCD_PID"
        num=$(kill -l "$sig")
        ok "SIG$sig: svcd logs it" wait_until sh -c "tail -n +$((before + 1)) '$T/svcd.log' | grep -Eq 'caught signal $num( at address [0-9]+)? as PID 1'"
        sleep 0.3
        ok "... and is still alive" svcd_running
        kill -KILL "$SVCD_PID"
        wait "$_svcd_unshare_pid" 2>/dev/null
        _svcd_unshare_pid=
        SVCD_PID=
done

# ---- PID 1 with --crash-shell: the shell takes PID 1 over -----------------------------------------
crash_shell=$(write_script crash-shell.sh <<EOF
#!/bin/sh
echo "pid=\$\$" >$T/crash-shell-ran
exec sleep 3600
EOF
)
svcd_start --crash-shell="$crash_shell"
kill -SEGV "$SVCD_PID"
ok "--crash-shell: the shell ran" wait_until test -s "$T/crash-shell-ran"
is "$(cat "$T/crash-shell-ran")" "pid=1" "... as PID 1, in svcd's place"
like "$(svcd_log)" "executing the crash shell $crash_shell as PID 1" "svcd's log says so"
kill -KILL "$SVCD_PID"
wait "$_svcd_unshare_pid" 2>/dev/null
_svcd_unshare_pid=
SVCD_PID=

# SVCD_CRASH_SHELL does the same; a shell that cannot be executed leaves the freeze.
rm -f "$T/crash-shell-ran"
SVCD_CRASH_SHELL=/nonexistent/shell svcd_start
kill -SEGV "$SVCD_PID"
ok "a crash shell that is not there: svcd says so" wait_until grep -q 'cannot execute the crash shell; freezing' "$T/svcd.log"
sleep 0.3
ok "... and freezes, alive" svcd_running
kill -KILL "$SVCD_PID"
wait "$_svcd_unshare_pid" 2>/dev/null
_svcd_unshare_pid=
SVCD_PID=

# ---- a supervisor (not PID 1): kill the services, die of the signal ------------------------------
rm -f "$UNITS/default.target.wants/orphans.service"
"$SVCD" --unit-path "$UNITS" --socket "$SOCK" --runtime-dir "$T/run2" --state-dir "$T/state" \
        </dev/null >>"$T/svcd.log" 2>&1 &
sup=$!
ok "the supervisor's idle.service runs" wait_until sh -c "\"$SVCCTL\" -s '$SOCK' show -p ActiveState --value idle.service | grep -qx active"
idle_pid=$("$SVCCTL" -s "$SOCK" show -p MainPID --value idle.service)
ok "idle.service's process is there" kill -0 "$idle_pid"
kill -SEGV "$sup"
wait "$sup"
is "$?" 139 "a supervisor that crashes dies of the signal: exit 139 (128+SIGSEGV)"
like "$(svcd_log)" 'killing the services it started' "... saying it kills its services"
ok "... and idle.service's process is gone, not orphaned" wait_until sh -c "! kill -0 $idle_pid 2>/dev/null"

done_testing
