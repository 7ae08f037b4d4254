#!/usr/bin/env bash
# t-system-state.sh: `svcctl is-system-running` and io.svcd.Manager.GetSystemState behind it
# (systemctl(1)): "starting" while a unit the boot started is still activating, "running"
# once none is, "degraded" while a unit has failed (reset-failed clears it), and svcd's log
# says when the start-up finished, unless a shutdown came first.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

NC=${SVCD_NOTIFY_CLIENT:-}
[ -n "$NC" ] && [ -x "$NC" ] || skip_all "notify-client not built (svcd built without libsystemd)"

# system_state FIELD: one field of GetSystemState's reply, over a raw Varlink connection.
system_state() {
        python3 - "$SOCK" "$1" <<'EOF'
import json, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1])
s.sendall(json.dumps({"method": "io.svcd.Manager.GetSystemState"}).encode() + b"\0")
buf = b""
while not buf.endswith(b"\0"):
    chunk = s.recv(65536)
    if not chunk:
        break
    buf += chunk
print(json.loads(buf.rstrip(b"\0"))["parameters"][sys.argv[2]])
EOF
}
state_is() { [ "$(system_state state)" = "$1" ]; }

unit slow.service <<EOF
[Service]
Type=notify
ExecStart=$NC --wait-file=$T/go --then-sleep=3600 READY=1
EOF
unit fails.service <<EOF
[Service]
ExecStart=/bin/false
EOF
enable_units slow.service
svcd_start

is "$(system_state state)" starting "starting while slow.service, started by the boot, waits for READY=1"
is "$(system_state activating)" 1 "... one unit is activating"
is "$(system_state bootFinished)" 0 "... and the boot has not finished"
exits 1 "svcctl is-system-running exits 1 while starting" svcctl is-system-running
is "$OUT" starting "... and says starting"
touch "$T/go"
ok "running once it is ready" wait_until state_is running
like "$(system_state bootFinished)" '^[1-9][0-9]{9,}$' "bootFinished is a time"
like "$(svcd_log)" 'Startup finished in [0-9.]+(us|ms|s)' "svcd logs when the start-up finished"
exits 0 "svcctl is-system-running exits 0 when running" svcctl is-system-running
is "$OUT" running "... and says running"
exits 0 "-q prints nothing" svcctl -q is-system-running
is "$OUT" "" "... nothing on stdout"

exits 0 "svcctl start fails (a Type=simple start is done once it runs)" svcctl start fails
ok "fails.service fails" wait_until prop_is fails.service ActiveState failed
is "$(system_state state)" degraded "degraded while a unit has failed"
is "$(system_state failed)" 1 "... one"
exits 1 "svcctl is-system-running exits 1 when degraded" svcctl is-system-running
is "$OUT" degraded "... and says degraded"
exits 0 "svcctl reset-failed fails" svcctl reset-failed fails
is "$(system_state state)" running "running again after reset-failed"

exits 0 "a later start that activates does not make it starting again" svcctl --no-block restart slow
is "$(system_state state)" running "... the boot is over"

svcd_stop_and_wait TERM
exits 1 "with no svcd, svcctl is-system-running exits 1" svcctl is-system-running
is "$OUT" offline "... and says offline"

# A shutdown before the start-up finished: it never finished, and svcd does not say it did
# (not after its shutdown report, not to a parent manager).
rm -f "$T/go"
log_start=$(log_lines)
svcd_start
is "$(system_state state)" starting "a second boot: starting, slow.service waits again"
svcd_stop_and_wait TERM
is "$?/$SVCD_EXIT" 0/0 "svcd stopped during its start-up exits 0"
like "$(log_since "$log_start")" 'slow\.service' "the second boot's log is there"
unlike "$(log_since "$log_start")" 'Startup finished' "a start-up cut short by the shutdown is not reported as finished"
done_testing
