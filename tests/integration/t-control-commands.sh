#!/usr/bin/env bash
# t-control-commands.sh: the control commands of a service (systemd.service(5)): ExecCondition=,
# ExecStartPre=, ExecStart=, ExecStartPost=, ExecStop=, ExecStopPost= run in that order; what
# a failure of each does; $MAINPID, $SERVICE_RESULT, $EXIT_CODE and $EXIT_STATUS
# (systemd.exec(5)) as the commands see them; SubState and ControlPID while one runs; the
# KillSignal= that follows an ExecStop= which left the main process running.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

# order UNIT: the steps of UNIT that ran, in order.
order() { words "$T/$1.order"; }
# env_of UNIT STEP VAR: VAR as STEP of UNIT saw it ("" if unset or the step never ran).
env_of() { sed -n "s/^$3=//p" "$T/$1.$2.env" 2>/dev/null; }

# step.sh UNIT STEP [STATUS|sleep]: appends STEP to $T/UNIT.order, keeps its environment in
# $T/UNIT.STEP.env, then exits STATUS (0), or becomes a long-running sleep.
step=$(write_script step.sh <<EOF
#!/bin/sh
echo "\$2" >>$T/\$1.order
env >$T/\$1.\$2.env
[ "\${3:-0}" != sleep ] || exec sleep 3600
exit "\${3:-0}"
EOF
)
# waiter.sh NAME: notes its pid in $T/NAME.pid, then waits (a minute at most) for $T/NAME.go.
waiter=$(waiter_script)
# term-noter.sh UNIT: notes TERM in $T/UNIT.order when it gets it, then exits 0.
termnoter=$(write_script term-noter.sh <<EOF
#!/bin/sh
trap 'echo TERM >>$T/\$1.order; exit 0' TERM
while :; do sleep 0.1; done
EOF
)

# Every step, on a oneshot that remains: each one has finished before the next begins.
unit order.service <<EOF
[Service]
Type=oneshot
RemainAfterExit=yes
ExecCondition=$step order condition
ExecStartPre=$step order start-pre
ExecStart=$step order start
ExecStartPost=$step order start-post
ExecStop=$step order stop
ExecStopPost=$step order stop-post
EOF
# The same around a long-running main process.
unit main.service <<EOF
[Service]
ExecCondition=$step main condition
ExecStartPre=$step main start-pre
ExecStart=/bin/sleep 3600
ExecStartPost=$step main start-post
ExecStop=$step main stop
ExecStopPost=$step main stop-post
EOF
unit exit3.service <<EOF
[Service]
ExecStart=/bin/sh -c 'exit 3'
ExecStop=$step exit3 stop
ExecStopPost=$step exit3 stop-post
EOF
unit cond1.service <<EOF
[Service]
ExecCondition=/bin/sh -c 'exit 1'
ExecStartPre=$step cond1 start-pre
ExecStart=$step cond1 start sleep
ExecStopPost=$step cond1 stop-post
EOF
unit cond255.service <<EOF
[Service]
ExecCondition=/bin/sh -c 'exit 255'
ExecStartPre=$step cond255 start-pre
ExecStart=$step cond255 start sleep
ExecStopPost=$step cond255 stop-post
EOF
unit prefail.service <<EOF
[Service]
ExecStartPre=$step prefail start-pre 2
ExecStart=$step prefail start sleep
ExecStop=$step prefail stop
ExecStopPost=$step prefail stop-post
EOF
unit predash.service <<EOF
[Service]
ExecStartPre=-$step predash start-pre 2
ExecStart=$step predash start sleep
EOF
unit postfail.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
ExecStartPost=$step postfail start-post 1
ExecStop=$step postfail stop
ExecStopPost=$step postfail stop-post
EOF
unit slowpre.service <<EOF
[Service]
ExecStartPre=$waiter slowpre
ExecStart=/bin/sleep 3600
EOF
unit slowpost.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
ExecStopPost=$waiter slowpost
EOF
unit stopnoop.service <<EOF
[Service]
ExecStart=$termnoter stopnoop
ExecStop=$step stopnoop stop
EOF
svcd_start

# --- the order --------------------------------------------------------------------------------
exits 0 "svcctl start order exits 0" svcctl start order
is "$(order order)" "condition start-pre start start-post" \
        "start: ExecCondition=, ExecStartPre=, ExecStart=, ExecStartPost=, one after the other"
exits 0 "svcctl stop order exits 0" svcctl stop order
is "$(order order)" "condition start-pre start start-post stop stop-post" "stop: then ExecStop=, ExecStopPost="

exits 0 "svcctl start main exits 0" svcctl start main
is "$(state_of main.service)" active/running "main.service is active (running)"
mainpid=$(prop main.service MainPID)
is "$(order main)" "condition start-pre start-post" "ExecCondition=, ExecStartPre=, ExecStartPost= have run when start returns"
is "$(env_of main start-post MAINPID)" "$mainpid" "ExecStartPost= sees \$MAINPID = MainPID ($mainpid)"
is "$(env_of main start-pre MAINPID)" "" "ExecStartPre= has no \$MAINPID (there is no main process yet)"
exits 0 "svcctl stop main exits 0" svcctl stop main
is "$(order main)" "condition start-pre start-post stop stop-post" "the stop ran ExecStop=, then ExecStopPost="
is "$(env_of main stop MAINPID)" "$mainpid" "ExecStop= sees \$MAINPID = MainPID ($mainpid)"
is "$(env_of main stop SERVICE_RESULT)" success "ExecStop= sees SERVICE_RESULT=success"
is "$(env_of main stop EXIT_CODE)" "" "ExecStop= sees no EXIT_CODE: the main process still ran"
is "$(env_of main stop-post SERVICE_RESULT)" success "ExecStopPost= sees SERVICE_RESULT=success"
is "$(env_of main stop-post EXIT_CODE)" killed "... EXIT_CODE=killed (the main process died of KillSignal=)"
is "$(env_of main stop-post EXIT_STATUS)" TERM "... EXIT_STATUS=TERM"
is "$(env_of main stop-post MAINPID)" "" "... and no \$MAINPID: the main process is gone"
ok "the main process $mainpid is gone" pid_gone "$mainpid"
is "$(state_of main.service)" inactive/dead "main.service is inactive (dead)"

# A main process that exits 3 by itself: the unit is stopped all the same (systemd.service(5),
# ExecStop=: "the stop operation is always performed if the service started successfully").
svcctl start exit3 >/dev/null 2>&1
settles "exit3.service fails once its main process exits 3" exit3.service prop_is exit3.service ActiveState failed
is "$(prop exit3.service Result)" exit-code "... with result exit-code"
is "$(order exit3)" "stop stop-post" "ExecStop= and ExecStopPost= ran"
is "$(env_of exit3 stop MAINPID)" "" "ExecStop= has no \$MAINPID: the main process had exited"
for s in stop:ExecStop stop-post:ExecStopPost; do
        is "$(env_of exit3 "${s%%:*}" SERVICE_RESULT)/$(env_of exit3 "${s%%:*}" EXIT_CODE)/$(env_of exit3 "${s%%:*}" EXIT_STATUS)" \
                exit-code/exited/3 "${s#*:}= sees SERVICE_RESULT=exit-code EXIT_CODE=exited EXIT_STATUS=3"
done

# --- ExecCondition= ---------------------------------------------------------------------------
exits 0 "svcctl start cond1 exits 0: ExecCondition= exiting 1 skips the start, it is no failure" svcctl start cond1
is "$(state_of cond1.service)" inactive/dead "cond1.service stays inactive (dead), not failed"
# systemd.exec(5), table "Summary of possible service result variable values": an ExecCondition=
# that exits 1..254 makes the service result "exec-condition" (the contract says success).
is "$(prop cond1.service Result)" exec-condition "... with result exec-condition (systemd.exec(5))"
is "$(svcctl show -p ConditionResult --value cond1)" no "ConditionResult=no"
ok "ExecStartPre= did not run" test ! -e "$T/cond1.start-pre.env"
ok "ExecStart= did not run" test ! -e "$T/cond1.start.env"
# systemd.service(5), ExecCondition=: "will also run the commands in ExecStopPost=, as part of
# stopping the service, in the case of any non-zero or abnormal exits".
is "$(order cond1)" stop-post "ExecStopPost= ran"
is "$(env_of cond1 stop-post SERVICE_RESULT)" exec-condition "... and saw SERVICE_RESULT=exec-condition"

exits 1 "svcctl start cond255 exits 1: ExecCondition= exiting 255 is a failure" svcctl start cond255
is "$(prop cond255.service ActiveState)" failed "cond255.service is failed"
is "$(prop cond255.service Result)" exit-code "... with result exit-code"
ok "ExecStartPre= did not run" test ! -e "$T/cond255.start-pre.env"
is "$(order cond255)" stop-post "ExecStopPost= ran"
is "$(env_of cond255 stop-post SERVICE_RESULT)" exit-code "... and saw SERVICE_RESULT=exit-code"

# --- failing ExecStartPre= and ExecStartPost= --------------------------------------------------
exits 1 "svcctl start prefail exits 1: its ExecStartPre= exits 2" svcctl start prefail
like "$ERR" 'Job for prefail\.service failed' "svcctl says the job failed"
is "$(prop prefail.service ActiveState)" failed "prefail.service is failed"
is "$(prop prefail.service Result)" exit-code "... with result exit-code"
# systemd.service(5): after a failed start "execution continues with commands specified in
# ExecStopPost=, the commands in ExecStop= are skipped".
is "$(order prefail)" "start-pre stop-post" "ExecStart= and ExecStop= never ran; ExecStopPost= did"
is "$(env_of prefail stop-post SERVICE_RESULT)" exit-code "ExecStopPost= saw SERVICE_RESULT=exit-code"
is "$(env_of prefail stop-post EXIT_CODE)" "" "... and no EXIT_CODE: no main process ever ran"

exits 0 "svcctl start predash exits 0: its failing ExecStartPre= has the - prefix" svcctl start predash
is "$(state_of predash.service)" active/running "predash.service is active (running)"
settles "... and its ExecStart= ran after the ignored ExecStartPre=" predash.service words_are "$T/predash.order" "start-pre start"

exits 1 "svcctl start postfail exits 1: its ExecStartPost= exits 1" svcctl start postfail
is "$(prop postfail.service ActiveState)" failed "postfail.service is failed"
is "$(prop postfail.service Result)" exit-code "... with result exit-code"
mainpid=$(prop postfail.service ExecMainPID)
ok "its main process ($mainpid) was stopped" pid_gone "$mainpid"
# As for any failed start (systemd.service(5), see above): ExecStopPost= runs, ExecStop= not.
is "$(order postfail)" "start-post stop-post" "ExecStopPost= ran, ExecStop= did not (the start had failed)"
is "$(env_of postfail stop-post SERVICE_RESULT)" exit-code "ExecStopPost= saw SERVICE_RESULT=exit-code"

# --- SubState and ControlPID while a control command runs ----------------------------------------
exits 0 "svcctl --no-block start slowpre exits 0 at once" svcctl --no-block start slowpre
settles "slowpre.service's ExecStartPre= runs" slowpre.service test -s "$T/slowpre.pid"
is "$(state_of slowpre.service)" activating/start-pre "while ExecStartPre= runs: activating (start-pre)"
is "$(prop slowpre.service ControlPID)" "$(cat "$T/slowpre.pid" 2>/dev/null)" "... and ControlPID is the ExecStartPre= process"
is "$(prop slowpre.service MainPID)" 0 "... and there is no main process yet"
touch "$T/slowpre.go"
settles "once it finished, slowpre.service is active (running)" slowpre.service prop_is slowpre.service SubState running
is "$(prop slowpre.service ControlPID)" 0 "... with no control process (ControlPID=0)"

exits 0 "svcctl start slowpost exits 0" svcctl start slowpost
exits 0 "svcctl --no-block stop slowpost exits 0 at once" svcctl --no-block stop slowpost
settles "slowpost.service's ExecStopPost= runs" slowpost.service test -s "$T/slowpost.pid"
is "$(state_of slowpost.service)" deactivating/stop-post "while ExecStopPost= runs: deactivating (stop-post)"
is "$(prop slowpost.service ControlPID)" "$(cat "$T/slowpost.pid" 2>/dev/null)" "... and ControlPID is the ExecStopPost= process"
touch "$T/slowpost.go"
settles "once it finished, slowpost.service is inactive (dead)" slowpost.service prop_is slowpost.service SubState dead

# --- an ExecStop= that does not stop the main process -------------------------------------------
exits 0 "svcctl start stopnoop exits 0" svcctl start stopnoop
mainpid=$(prop stopnoop.service MainPID)
settles "stopnoop.service's main process has its TERM trap" stopnoop.service handles_signal "$mainpid" 15
exits 0 "svcctl stop stopnoop exits 0" svcctl stop stopnoop
is "$(order stopnoop)" "stop TERM" "ExecStop= ran first; svcd sent KillSignal= (SIGTERM) once it had finished"
is "$(state_of stopnoop.service)" inactive/dead "stopnoop.service is inactive (dead)"
is "$(prop stopnoop.service Result)" success "... with result success"
ok "its main process $mainpid is gone" pid_gone "$mainpid"

ok "svcd is still running" svcd_running
done_testing
