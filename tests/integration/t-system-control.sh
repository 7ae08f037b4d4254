#!/usr/bin/env bash
# t-system-control.sh: svcd itself under svcctl (svcctl(1), io.svcd.Manager.Shutdown and
# GetSystemState): `exit [CODE]` ends svcd with CODE (over a main command's status and the 2
# of a shutdown that had to SIGKILL), and svcctl refuses a CODE that is no exit status;
# poweroff, reboot and halt stop everything and, in a container or as a plain supervisor, make
# svcd exit 0 (root only); SIGRTMIN+3/+4/+5, SIGPWR and SIGINT from outside do the same;
# `status` without units shows svcd's mode and stop budget; `is-system-running --wait` blocks
# until the boot is over, and until svcd answers at all.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

# A sidecar that notes the SIGTERM of the orderly stop in $T/side-term. The trap is set
# before it says it is ready: a SIGTERM before the trap would kill it unnoticed.
side=$(write_script side.sh <<EOF
#!/bin/sh
trap 'echo term >>$T/side-term; exit 0' TERM
touch $T/side-ready
while :; do sleep 0.1; done
EOF
)
unit side.service <<EOF
[Service]
ExecStart=$side
EOF
enable_units side.service

# boot [SVCD-OPTION...]: svcd_start with a fresh side.service, once the sidecar is ready.
boot() {
        rm -f "$T/side-ready" "$T/side-term"
        svcd_start "$@"
        wait_until test -e "$T/side-ready" || bail "side.service did not start"
}

# ---- exit [CODE] ------------------------------------------------------------------------------
boot
exits 0 "svcctl exit 7 exits 0" svcctl exit 7
is "$OUT$ERR" "" "... and prints nothing"
svcd_exits_by_itself # not under ok: it sets SVCD_EXIT in this shell
is "$?" 0 "svcd exits on its own after svcctl exit 7"
is "$SVCD_EXIT" 7 "... with status 7"
is "$(cat "$T/side-term" 2>/dev/null)" term "... after stopping side.service (it got SIGTERM)"
like "$(svcd_log)" 'Asked by svcctl: shutting down, then exit' "svcd's log says svcctl asked for it"

boot
exits 1 "svcctl exit 256 is refused" svcctl exit 256
like "$ERR" '^Exit code 256 is out of range: an exit status is a number from 0 to 255\.$' "... saying why"
exits 1 "svcctl exit abc is refused" svcctl exit abc
like "$ERR" '^Invalid exit code "abc": expected a number from 0 to 255\.$' "... saying why"
exits 1 "svcctl exit -- -1 is refused" svcctl exit -- -1
like "$ERR" 'out of range' "... as out of range"
exits 1 "svcctl exit ' 7' is refused (no blanks)" svcctl exit ' 7'
exits 1 "svcctl exit 1 2 is refused (one CODE at most)" svcctl exit 1 2
exits 0 "svcd keeps running: is-system-running says running" svcctl is-system-running
is "$OUT" running "... running, not stopping"
ok "... and side.service got no SIGTERM" test ! -e "$T/side-term"
exits 0 "svcctl exit (no CODE) exits 0" svcctl exit
svcd_exits_by_itself
is "$?/$SVCD_EXIT" 0/0 "svcd exits with status 0"

# ... and over the 2 of a shutdown that had to SIGKILL a unit.
unit stubborn.service <<EOF
[Service]
ExecStart=/bin/sh -c 'trap "" TERM; touch $T/stubborn-ready; while :; do sleep 0.1; done'
TimeoutStopSec=1
EOF
boot
rm -f "$T/stubborn-ready"
exits 0 "svcctl start stubborn (it ignores SIGTERM)" svcctl start stubborn
ok "... it has set its trap" wait_until test -e "$T/stubborn-ready"
exits 0 "svcctl exit 5" svcctl exit 5
svcd_exits_by_itself
is "$?/$SVCD_EXIT" 0/5 "svcd exits 5, not 2, although it had to SIGKILL stubborn.service"
like "$(svcd_log)" 'stubborn\.service +SIGKILL' "... (its shutdown report says so)"

# The exit status asked for wins over the main command's (the sleep's SIGTERM: 143).
boot -- sleep 1000
exits 0 "svcctl exit 3 with a main command" svcctl exit 3
svcd_exits_by_itself
is "$?/$SVCD_EXIT" 0/3 "svcd exits 3, not the main command's 143"

# ---- poweroff, reboot, halt: svcd is PID 1 of a PID namespace, a container ------------------
for verb in poweroff reboot halt; do
        boot
        exits 0 "svcctl --json $verb exits 0" svcctl --json "$verb"
        is "$OUT" '{"action":"exit"}' "... and shows svcd's action: exit (in a container)"
        svcd_exits_by_itself
        is "$?/$SVCD_EXIT" 0/0 "... svcd stops everything and exits 0"
        is "$(cat "$T/side-term" 2>/dev/null)" term "... side.service was stopped (SIGTERM)"
done
boot
exits 0 "svcctl reboot without --json prints nothing" svcctl reboot
is "$OUT$ERR" "" "... nothing at all"
svcd_exits_by_itself
is "$?/$SVCD_EXIT" 0/0 "... svcd exits 0"

# ---- signals from outside ---------------------------------------------------------------------
for sig in RTMIN+3 RTMIN+4 RTMIN+5 PWR INT; do
        boot
        before=$(log_lines)
        svcd_stop_and_wait "$sig"
        is "$?/${SVCD_EXIT:-none}" 0/0 "SIG$sig: svcd stops everything and exits 0"
        is "$(cat "$T/side-term" 2>/dev/null)" term "... side.service was stopped (SIGTERM)"
        like "$(log_since "$before")" "SIG${sig/+/\\+} from pid [0-9]+: shutting down, then exit" \
                "... svcd's log says SIG$sig asked for it"
done

# ---- status without units: mode, container, stop budget ---------------------------------------
# A bare PID namespace is "container-other"; but it shares the root file system of the
# tests, and when they run in docker or podman themselves, svcd sees /.dockerenv or
# /run/.containerenv (or the "container" variable it inherits), as systemd-detect-virt does.
container=${container:-}
expected_container="container-other"
[ ! -e /.dockerenv ] || expected_container=docker
[ ! -e /run/.containerenv ] || expected_container=podman
[ -z "$container" ] || [ "$container" = oci ] || expected_container=$container
boot
exits 0 "svcctl status without units" svcctl status
like "$OUT" "^ +Mode: container-init \\($expected_container\\)\$" \
        "... shows Mode: container-init ($expected_container)"
like "$OUT" '^ *Stop budget: 9s$' "... and Stop budget: 9s, the default"
like "$OUT" '^ +State: running$' "... and State: running"
exits 0 "svcctl --json status without units" svcctl --json status
summary=$OUT
field() { python3 -c 'import json, sys; print(json.dumps(json.loads(sys.argv[1]).get(sys.argv[2])))' "$summary" "$1"; }
is "$(field Mode)" '"container-init"' "... Mode is container-init"
is "$(field Container)" "\"$expected_container\"" "... Container is $expected_container"
is "$(field StopBudgetUSec)" 9000000 "... StopBudgetUSec is 9000000"
is "$(field SystemState)" '"running"' "... SystemState is running"

# Shutdown changes state: root (or svcd's uid) only. The build tree may sit where nobody
# cannot enter (/root): nobody runs a copy of svcctl.
cp "$SVCCTL" "$T/svcctl" && chmod 0755 "$T/svcctl"
exits 1 "svcctl poweroff as nobody exits 1" \
        setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$T/svcctl" --socket "$SOCK" poweroff
like "$ERR" '^Failed to power off: Access denied' "... Access denied"
exits 0 "... and svcd runs on" svcctl is-system-running
ok "... side.service got no SIGTERM" test ! -e "$T/side-term"
svcd_stop_and_wait TERM
boot --stop-timeout=5s
exits 0 "svcctl status, svcd --stop-timeout=5s" svcctl status
like "$OUT" '^ *Stop budget: 5s$' "... shows Stop budget: 5s"
svcd_stop_and_wait TERM
is "$?/$SVCD_EXIT" 0/0 "svcd exits 0 on SIGTERM"

# ---- is-system-running --wait -----------------------------------------------------------------
exits 1 "--wait is for is-system-running only" svcctl --wait list
like "$ERR" '--wait can only be used with is-system-running' "... saying so"
exits 1 "--wait ends on a hard error (the socket's directory is a file)" \
        svcctl is-system-running --wait --socket=/etc/hostname/control
is "$OUT" offline "... printing offline"
like "$ERR" 'Not a directory' "... and why on stderr"

# slow.service becomes ready (systemd-notify, a child of its main process: NotifyAccess=all)
# a second after $T/go appears; the boot is over then.
unit slow.service <<EOF
[Service]
Type=notify
NotifyAccess=all
ExecStart=/bin/sh -c 'while [ ! -e $T/go ]; do sleep 0.05; done; sleep 1; systemd-notify --ready; exec sleep 3600'
EOF
now_us() { date +%s%6N; }
# still_running PID: a child of this shell that has not exited (kill -0 succeeds on a zombie).
still_running() { local s; s=$(_proc_state "/proc/$1/stat") && [ "$s" != Z ]; }

wait_for_boot() {
        rm -f "$T/go"
        enable_units slow.service
        boot
        exits 1 "while slow.service activates, is-system-running without --wait answers at once" \
                svcctl is-system-running
        is "$OUT" starting "... starting"
        touch "$T/go"
        called=$(now_us)
        exits 0 "is-system-running --wait exits 0 once the boot is over" svcctl is-system-running --wait
        returned=$(now_us)
        is "$OUT" running "... and prints running"
        is "$(prop slow.service ActiveState)" active "... slow.service is active"
        entered=$(prop slow.service ActiveEnterTimestamp)
        ok "... it blocked: called before slow.service became active, returned after" \
                test "$called" -lt "$entered" -a "$entered" -le "$returned"
        diag "called $called, slow.service active $entered, returned $returned"
        svcd_stop_and_wait TERM

        # Before svcd is up: no socket yet. --wait waits for svcd, then for the boot.
        rm -f "$T/go"
        timeout 60 "$SVCCTL" is-system-running --wait >"$T/bg.out" 2>"$T/bg.err" &
        bg=$!
        sleep 0.5
        ok "is-system-running --wait started before svcd waits (no socket yet)" still_running "$bg"
        boot
        ok "... still waits while slow.service activates" still_running "$bg"
        touch "$T/go"
        wait "$bg"
        is "$?" 0 "... exits 0 once svcd is up and the boot is over"
        is "$(cat "$T/bg.out")" running "... and prints running"
        is "$(cat "$T/bg.err")" "" "... nothing on stderr"
        is "$(prop slow.service ActiveState)" active "... slow.service is active"
        svcd_stop_and_wait TERM
        rm "$UNITS/default.target.wants/slow.service"
}
if command -v systemd-notify >/dev/null; then
        wait_for_boot
else
        pass "is-system-running --wait for a Type=notify unit # SKIP systemd-notify is not installed"
fi

# ---- svcd as a plain supervisor (not PID 1) ----------------------------------------------------
# PID 1 of the namespace is a shell that waits: svcd is its child (t-subreaper.sh).
init=$(write_script init.sh <<EOF
#!/bin/bash
"$SVCD" --unit-path "$UNITS" --socket "$SOCK" --runtime-dir "$T/run" --state-dir "$T/state" --log-level debug &
wait \$!
echo "svcd exited \$?" >"$T/svcd-exit"
EOF
)
rm -f "$T/side-ready" "$T/side-term"
unshare --pid --fork --mount-proc --kill-child "$init" </dev/null >>"$T/svcd.log" 2>&1 &
_svcd_unshare_pid=$!
find_svcd() { SVCD_PID=$(host_pids_running "$SVCD --unit-path $UNITS" | head -n 1); [ -n "$SVCD_PID" ]; }
wait_until eval 'find_svcd && _svcd_answers' || bail "svcd (not PID 1) did not answer"
ok "side.service runs under svcd as a supervisor" wait_until test -e "$T/side-ready"
exits 0 "svcctl status" svcctl status
like "$OUT" '^ +Mode: supervisor$' "... says Mode: supervisor"
exits 0 "svcctl --json poweroff exits 0" svcctl --json poweroff
is "$OUT" '{"action":"exit"}' "... svcd's action: exit (not PID 1)"
ok "svcd exits" wait_until test -e "$T/svcd-exit"
is "$(cat "$T/svcd-exit" 2>/dev/null)" "svcd exited 0" "... with status 0"
is "$(cat "$T/side-term" 2>/dev/null)" term "... after stopping side.service (SIGTERM)"
wait "$_svcd_unshare_pid"
_svcd_unshare_pid=
SVCD_PID=
done_testing
