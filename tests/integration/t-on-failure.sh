#!/usr/bin/env bash
# t-on-failure.sh: OnFailure= and OnSuccess= (systemd.unit(5)): the units named are started when
# the unit enters the failed state (an exit 1, the start limit hit) or ends successfully
# (inactive after a run with result success: a simple service exiting 0, a oneshot, a stop),
# and never the other way round; the handlers see $MONITOR_* (systemd.exec(5)).
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

ran() { [ "$(count "$T/$1.runs")" -ge 1 ]; }
env_of() { sed -n "s/^$2=//p" "$T/$1.env" 2>/dev/null; }

# rec.sh NAME: keeps its environment in $T/NAME.env, then notes its run in $T/NAME.runs (in
# that order: the checks wait for the note, and then read the environment at once).
rec=$(write_script rec.sh <<EOF
#!/bin/sh
env >$T/\$1.env
echo ran >>$T/\$1.runs
EOF
)
# rec-result.sh NAME UNIT: notes UNIT's Result (asking svcd) in $T/NAME.runs.
recresult=$(write_script rec-result.sh <<EOF
#!/bin/sh
$SVCCTL --socket $SOCK show -p Result --value "\$2" >>$T/\$1.runs
EOF
)

# handler NAME: a oneshot that notes each of its runs (inactive after each: every trigger runs it).
handler() {
        unit "$1.service" <<EOF
[Service]
Type=oneshot
ExecStart=$rec $1
EOF
}
for h in handler ok ok-oneshot ok-stop never-fails never-succeeds never-oneshot never-stop; do
        handler $h
done
unit limit-handler.service <<EOF
[Service]
Type=oneshot
ExecStart=$recresult limit-handler limited.service
EOF

unit fails.service <<EOF
[Unit]
OnFailure=handler.service
OnSuccess=never-fails.service

[Service]
ExecStart=/bin/sh -c 'exit 1'
EOF
unit succeeds.service <<EOF
[Unit]
OnSuccess=ok.service
OnFailure=never-succeeds.service

[Service]
ExecStart=/bin/sh -c 'exit 0'
EOF
unit oneshot.service <<EOF
[Unit]
OnSuccess=ok-oneshot.service
OnFailure=never-oneshot.service

[Service]
Type=oneshot
ExecStart=/bin/true
EOF
unit stopped.service <<EOF
[Unit]
OnSuccess=ok-stop.service
OnFailure=never-stop.service

[Service]
ExecStart=/bin/sleep 3600
EOF
# Every run succeeds; only the start limit makes it fail.
unit limited.service <<EOF
[Unit]
StartLimitIntervalSec=60
StartLimitBurst=2
OnFailure=limit-handler.service

[Service]
Type=oneshot
ExecStart=$rec limited
EOF
svcd_start

# --- OnFailure= -------------------------------------------------------------------------------
svcctl start fails >/dev/null 2>&1
settles "fails.service fails (exit 1, Restart=no)" fails.service prop_is fails.service ActiveState failed
settles "OnFailure=handler.service: handler.service ran" handler.service ran handler
is "$(count "$T/handler.runs")" 1 "... once"
ok "OnSuccess=never-fails.service did not run: the unit failed" test ! -e "$T/never-fails.runs"
# systemd.exec(5): $MONITOR_* are passed to the ExecStart= of units that OnFailure= started.
is "$(env_of handler MONITOR_UNIT)" fails.service "the handler sees MONITOR_UNIT=fails.service"
is "$(env_of handler MONITOR_SERVICE_RESULT)/$(env_of handler MONITOR_EXIT_CODE)/$(env_of handler MONITOR_EXIT_STATUS)" \
        exit-code/exited/1 "... and MONITOR_SERVICE_RESULT=exit-code MONITOR_EXIT_CODE=exited MONITOR_EXIT_STATUS=1"

# --- OnSuccess= -------------------------------------------------------------------------------
svcctl start succeeds >/dev/null 2>&1
settles "succeeds.service ends inactive (exit 0)" succeeds.service prop_is succeeds.service SubState dead
is "$(prop succeeds.service Result)" success "... with result success"
settles "OnSuccess=ok.service: ok.service ran" ok.service ran ok
ok "OnFailure=never-succeeds.service did not run: the unit succeeded" test ! -e "$T/never-succeeds.runs"
is "$(env_of ok MONITOR_UNIT)/$(env_of ok MONITOR_SERVICE_RESULT)" succeeds.service/success \
        "ok.service sees MONITOR_UNIT=succeeds.service MONITOR_SERVICE_RESULT=success"

exits 0 "svcctl start oneshot exits 0" svcctl start oneshot
settles "a oneshot that succeeded starts its OnSuccess=ok-oneshot.service" ok-oneshot.service ran ok-oneshot
ok "... and not its OnFailure=never-oneshot.service" test ! -e "$T/never-oneshot.runs"

exits 0 "svcctl start stopped exits 0" svcctl start stopped
ok "a running unit has not ended yet: OnSuccess=ok-stop.service has not run" test ! -e "$T/ok-stop.runs"
exits 0 "svcctl stop stopped exits 0" svcctl stop stopped
settles "stopped cleanly (inactive, result success), it starts its OnSuccess=ok-stop.service" ok-stop.service ran ok-stop
ok "... and not its OnFailure=never-stop.service" test ! -e "$T/never-stop.runs"

# --- the start limit --------------------------------------------------------------------------
exits 0 "svcctl start limited exits 0 (1st start)" svcctl start limited
exits 0 "svcctl start limited exits 0 (2nd start)" svcctl start limited
is "$(count "$T/limited.runs")" 2 "limited.service ran twice"
ok "no OnFailure= so far: both runs succeeded" test ! -e "$T/limit-handler.runs"
exits 1 "svcctl start limited exits 1 (3rd start, StartLimitBurst=2 in 60 s)" svcctl start limited
is "$(prop limited.service ActiveState)/$(prop limited.service Result)" failed/start-limit-hit \
        "limited.service is failed with result start-limit-hit"
settles "hitting the start limit starts OnFailure=limit-handler.service" limit-handler.service ran limit-handler
is "$(head -n 1 "$T/limit-handler.runs" 2>/dev/null)" start-limit-hit "... which saw limited.service's result start-limit-hit"
is "$(count "$T/limited.runs")" 2 "limited.service did not run a third time"

# After all of the above: no unit that must not start ever ran.
for h in never-fails never-succeeds never-oneshot never-stop; do
        ok "$h.service never ran" test ! -e "$T/$h.runs"
done
ok "svcd is still running" svcd_running
done_testing
