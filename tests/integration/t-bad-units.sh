#!/usr/bin/env bash
# t-bad-units.sh: unit-file mistakes are reported at file:line and never stop svcd: an
# unknown directive warns and the unit still runs; a bad value warns and keeps the default;
# a unit without ExecStart is bad-setting and starting it fails naming it.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

# Line numbers matter below: Bogus= is on line 5, Restart=sometimes on line 6.
unit unknown.service <<EOF
[Unit]
Description=Has an unknown directive

[Service]
Bogus=1
Restart=sometimes
ExecStart=/bin/sleep 3600
EOF
unit noexec.service <<EOF
[Unit]
Description=Has no ExecStart

[Service]
Restart=always
EOF
# A long line (inih alone cuts at 200 bytes) and a continuation line.
long=$(printf 'x%.0s' $(seq 1 300))
unit long.service <<EOF
[Unit]
Description=$long

[Service]
ExecStart=/bin/sleep \\
        3600
EOF
enable_units unknown.service noexec.service long.service
svcd_start

log=$(svcd_log)
like "$log" "unknown\\.service:5:.*Bogus" "the unknown directive is reported at unknown.service:5"
like "$log" "unknown\\.service:6:.*(Restart|sometimes)" "the bad Restart= value is reported at unknown.service:6"
ok "unknown.service still loads and runs" wait_until prop_is unknown.service ActiveState active
is "$(prop unknown.service Restart)" no "Restart keeps its default (no)"

is "$(prop noexec.service LoadState)" bad-setting "noexec.service's LoadState is bad-setting"
like "$(prop noexec.service LoadError)" '[[:alpha:]]' "its LoadError says why"
like "$log" 'noexec\.service.*ExecStart' "svcd's log says noexec.service lacks ExecStart"
exits 1 "svcctl start noexec exits 1" svcctl start noexec
like "$ERR" 'noexec\.service' "the error names the unit"
isnt "$(prop noexec.service ActiveState)" active "noexec.service is not active"

ok "long.service (300-byte Description, continued ExecStart) runs" wait_until prop_is long.service ActiveState active
is "$(prop long.service Description)" "$long" "the 300-byte Description is read whole"
is "$(prop long.service ExecStart)" '["/bin/sleep", "3600"]' "the continuation line joins ExecStart"

# Unit types svcd does not run: a clear load error, not "not found".
printf '[Socket]\nListenStream=/run/x.sock\n' >"$UNITS/x.socket"
printf '[Unit]\nDescription=A target\n' >"$UNITS/y.target"
exits 3 "svcctl status x.socket exits 3 (it exists, and is not active)" svcctl status x.socket
is "$(prop x.socket LoadState)" error "x.socket's LoadState is error"
is "$(prop x.socket LoadError)" "svcd does not run .socket units yet." "its LoadError says svcd does not run sockets"
exits 1 "svcctl start x.socket exits 1" svcctl start x.socket
like "$ERR" 'does not run \.socket units yet' "and says svcd does not run sockets"
ok "a .target is a unit svcd runs: svcctl start y.target" svcctl start y.target
is "$(prop y.target ActiveState)/$(prop y.target SubState)" active/active "y.target is active (active)"
exits 4 "a .timer that no file defines is not found (exit 4)" svcctl status nosuch.timer
exits 1 "daemon-reload exits 1 (noexec.service is still broken)" svcctl daemon-reload
unlike "$ERR" 'x\.socket|y\.target' "and does not report the socket or the target as reload errors"
is "$(prop x.socket LoadState)" error "x.socket is still reported the same way"

# A FIFO or a device where a drop-in belongs must not hang PID 1 (opening a FIFO blocks
# until a writer comes; /dev/zero never ends): skipped with a warning naming it.
printf '[Service]\nExecStart=/bin/sleep 3600\n' >"$UNITS/odd.service"
mkdir -p "$UNITS/odd.service.d"
mkfifo "$UNITS/odd.service.d/10-fifo.conf"
ln -s /dev/zero "$UNITS/odd.service.d/20-zero.conf"
exits 0 "svcctl start odd (drop-ins: a FIFO and /dev/zero) exits 0" timeout 20 "$SVCCTL" start odd
like "$(svcd_log)" 'odd.service.d/10-fifo.conf: Drop-in of odd.service is not a regular file' "the FIFO is skipped, named"
like "$(svcd_log)" 'odd.service.d/20-zero.conf: Drop-in of odd.service is not a regular file' "the device is skipped, named"
exits 0 "svcctl verify of it does not hang either" timeout 20 "$SVCCTL" verify "$UNITS/odd.service"

ok "svcd is still running" svcd_running
done_testing
