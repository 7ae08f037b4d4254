#!/usr/bin/env bash
# t-start-timeout.sh: TimeoutStartSec= (systemd.service(5)): a start that takes longer (a slow
# ExecStartPre=, a oneshot's long ExecStart=) fails with Result=timeout and its processes are
# killed (SIGTERM, then SIGKILL after TimeoutStopSec=); "infinity" never times out; TimeoutSec=
# sets both TimeoutStartSec= and TimeoutStopSec=. Outcomes only: no test here measures time.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

# pid-exec.sh NAME COMMAND...: notes its pid in $T/NAME.pid, then becomes COMMAND.
pidexec=$(write_script pid-exec.sh <<EOF
#!/bin/sh
echo \$\$ >$T/\$1.pid.tmp && mv $T/\$1.pid.tmp $T/\$1.pid
shift
exec "\$@"
EOF
)
# waiter.sh NAME: notes its pid in $T/NAME.pid, then waits (a minute at most) for $T/NAME.go.
waiter=$(waiter_script)
# stubborn.sh NAME: notes its pid in $T/NAME.pid and each SIGTERM in $T/NAME.term, and carries on.
stubborn=$(write_script stubborn.sh <<EOF
#!/bin/sh
trap 'echo TERM >>$T/\$1.term' TERM
echo \$\$ >$T/\$1.pid.tmp && mv $T/\$1.pid.tmp $T/\$1.pid
while :; do sleep 0.1; done
EOF
)

unit slowpre.service <<EOF
[Service]
TimeoutStartSec=1
ExecStartPre=$pidexec slowpre /bin/sleep 30
ExecStart=/bin/sh -c 'touch $T/slowpre.started; exec sleep 3600'
EOF
unit stubbornpre.service <<EOF
[Service]
TimeoutStartSec=1
TimeoutStopSec=1
ExecStartPre=$stubborn stubbornpre
ExecStart=/bin/sleep 3600
EOF
unit longshot.service <<EOF
[Service]
Type=oneshot
TimeoutStartSec=1
ExecStart=$pidexec longshot /bin/sleep 30
EOF
unit inf.service <<EOF
[Service]
TimeoutStartSec=infinity
ExecStartPre=$waiter inf
ExecStart=/bin/sleep 3600
EOF
# The clock for inf.service: it fails once its 1 s start timeout has expired.
unit clock.service <<EOF
[Service]
TimeoutStartSec=1
ExecStartPre=/bin/sleep 30
ExecStart=/bin/sleep 3600
EOF
unit both.service <<EOF
[Service]
TimeoutSec=7
ExecStart=/bin/sleep 3600
EOF
unit tsec.service <<EOF
[Service]
TimeoutSec=1
ExecStartPre=$pidexec tsec /bin/sleep 30
ExecStart=/bin/sleep 3600
EOF
unit tsecstop.service <<EOF
[Service]
TimeoutSec=1
ExecStart=$stubborn tsecstop
EOF
unit plain.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
EOF
svcd_start

# --- a slow ExecStartPre= ---------------------------------------------------------------------
is "$(show_value slowpre TimeoutStartUSec)" 1s "TimeoutStartSec=1: TimeoutStartUSec=1s"
exits 1 "svcctl start slowpre exits 1: TimeoutStartSec=1 expires while ExecStartPre= (sleep 30) runs" svcctl start slowpre
like "$ERR" 'timeout' "svcctl says a timeout was exceeded"
is "$(prop slowpre.service ActiveState)" failed "slowpre.service is failed"
is "$(prop slowpre.service Result)" timeout "... with result timeout"
pid=$(cat "$T/slowpre.pid" 2>/dev/null)
ok "the ExecStartPre= process (${pid:-?}) was killed" pid_gone "$pid"
ok "ExecStart= never ran" test ! -e "$T/slowpre.started"
like "$(svcd_log)" 'slowpre\.service: .*[Tt]imed out' "svcd's log says the start timed out"

# An ExecStartPre= that ignores SIGTERM: SIGKILL after TimeoutStopSec=.
exits 1 "svcctl start stubbornpre exits 1 (its ExecStartPre= never ends)" svcctl start stubbornpre
is "$(prop stubbornpre.service Result)" timeout "stubbornpre.service failed with result timeout"
ok "its ExecStartPre= got SIGTERM first" test -s "$T/stubbornpre.term"
pid=$(cat "$T/stubbornpre.pid" 2>/dev/null)
ok "... and, as it ignored it, was killed all the same (${pid:-?} is gone)" pid_gone "$pid"

# --- a oneshot whose ExecStart= takes too long -------------------------------------------------
exits 1 "svcctl start longshot exits 1: the oneshot's ExecStart= (sleep 30) outlasts TimeoutStartSec=1" svcctl start longshot
is "$(prop longshot.service ActiveState)" failed "longshot.service is failed"
is "$(prop longshot.service Result)" timeout "... with result timeout"
pid=$(cat "$T/longshot.pid" 2>/dev/null)
ok "its ExecStart= process (${pid:-?}) was killed" pid_gone "$pid"

# --- TimeoutStartSec=infinity -----------------------------------------------------------------
is "$(show_value inf TimeoutStartUSec)" infinity "TimeoutStartSec=infinity: TimeoutStartUSec=infinity"
exits 0 "svcctl --no-block start inf exits 0" svcctl --no-block start inf
settles "inf.service's ExecStartPre= runs" inf.service test -s "$T/inf.pid"
# Started after inf.service's ExecStartPre= began: once clock.service's 1 s timeout has
# expired, a 1 s timeout of inf.service would have expired too.
exits 0 "svcctl --no-block start clock exits 0" svcctl --no-block start clock
settles "clock.service fails with result timeout (the clock: a 1 s start timeout has expired)" clock.service \
        prop_is clock.service Result timeout
is "$(state_of inf.service)" activating/start-pre "inf.service is still activating (start-pre): no timeout"
ok "... and its ExecStartPre= still runs" ns_pid_exists "$(cat "$T/inf.pid" 2>/dev/null)"
touch "$T/inf.go"
settles "inf.service becomes active (running) once its ExecStartPre= is done" inf.service prop_is inf.service SubState running

# --- TimeoutSec= and the defaults ------------------------------------------------------------------
exits 0 "svcctl show -p TimeoutStartUSec,TimeoutStopUSec both exits 0" svcctl show -p TimeoutStartUSec,TimeoutStopUSec both
is "$OUT" $'TimeoutStartUSec=7s\nTimeoutStopUSec=7s' "TimeoutSec=7 sets both the start and the stop timeout"
is "$(prop both.service TimeoutStartUSec)" 7000000 "... TimeoutStartUSec is 7000000 in --json"
is "$(show_value plain TimeoutStartUSec)" "1min 30s" "the default TimeoutStartUSec is 1min 30s (DefaultTimeoutStartSec=)"

exits 1 "svcctl start tsec exits 1: TimeoutSec=1 is the start timeout too" svcctl start tsec
is "$(prop tsec.service Result)" timeout "tsec.service failed with result timeout"
pid=$(cat "$T/tsec.pid" 2>/dev/null)
ok "its ExecStartPre= process (${pid:-?}) was killed" pid_gone "$pid"

exits 0 "svcctl start tsecstop exits 0" svcctl start tsecstop
pid=$(prop tsecstop.service MainPID)
settles "tsecstop.service's main process has its TERM trap" tsecstop.service handles_signal "$pid" 15
exits 0 "svcctl stop tsecstop exits 0" svcctl stop tsecstop
ok "TimeoutSec=1 is the stop timeout: the main process got SIGTERM ..." test -s "$T/tsecstop.term"
is "$(prop tsecstop.service ExecMainStatus)" 9 "... and SIGKILL after it (ExecMainStatus=9)"
ok "... and is gone" pid_gone "$pid"

ok "svcd is still running" svcd_running
done_testing
