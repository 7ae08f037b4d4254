#!/usr/bin/env bash
# t-watchdog.sh: the service watchdog (WatchdogSec=, sd_notify(3) WATCHDOG=1, =trigger,
# WATCHDOG_USEC=) and EXTEND_TIMEOUT_USEC=: a silent service gets SIGABRT (Result=watchdog)
# and Restart=on-watchdog brings it back; one that pings stays up; WATCHDOG_USEC and
# WATCHDOG_PID are in the main process' environment; an extended start timeout holds.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

NC=${SVCD_NOTIFY_CLIENT:-}
[ -n "$NC" ] && [ -x "$NC" ] || skip_all "notify-client not built (svcd built without libsystemd)"

# --- units -------------------------------------------------------------------------------
# LimitCORE=0: SIGABRT must not leave core files behind (core_pattern may be a plain file).

# pinger.sh STATUS: READY=1, then WATCHDOG=1 every 0.1 s, ten times per WatchdogSec=1,
# each ping counted in $T/pings.PID. --pid=parent: sent as the script, the main process.
pinger=$(write_script pinger.sh <<EOF
#!/bin/bash
$NC --pid=parent READY=1 "STATUS=\$1" || exit 10
while :; do
        $NC --pid=parent WATCHDOG=1 || exit 11
        echo ping >>$T/pings.\$\$
        sleep 0.1
done
EOF
)
unit pinger.service <<EOF
[Service]
Type=notify
WatchdogSec=1
LimitCORE=0
ExecStart=$pinger pinging
EOF

# Never pings: the watchdog fires, and with Restart=no the unit stays failed.
unit silent.service <<EOF
[Service]
Type=notify
WatchdogSec=1
LimitCORE=0
ExecStart=$NC --then-sleep=3600 READY=1 "STATUS=never pings"
EOF

# Restart=on-watchdog: the first run never pings (and notes the signal that ends it), the
# second run pings.
rerun=$(write_script rerun.sh <<EOF
#!/bin/bash
run=\$((\$(cat $T/rerun.runs 2>/dev/null || echo 0) + 1))
echo \$run >$T/rerun.runs
[ \$run = 1 ] || exec $pinger "run \$run pings"
trap 'echo ABRT >>$T/rerun.signals; trap - ABRT; kill -ABRT \$\$' ABRT
$NC --pid=parent READY=1 "STATUS=run 1 never pings" || exit 10
while :; do sleep 0.1; done
EOF
)
unit rerun.service <<EOF
[Service]
Type=notify
WatchdogSec=1
Restart=on-watchdog
RestartSec=100ms
LimitCORE=0
ExecStart=$rerun
EOF

# WATCHDOG=trigger, when the test lets it; the interval itself is far away.
trigger=$(write_script trigger.sh <<EOF
#!/bin/bash
$NC --pid=parent READY=1 || exit 10
while [ ! -e $T/trigger-go ]; do sleep 0.05; done
$NC --pid=parent WATCHDOG=trigger "STATUS=triggered" || exit 11
while :; do sleep 0.1; done
EOF
)
unit trigger.service <<EOF
[Service]
Type=notify
WatchdogSec=5min
LimitCORE=0
ExecStart=$trigger
EOF

# WATCHDOG_USEC=: the service shortens its own interval from 5 min to 0.5 s, then is silent.
unit shorten.service <<EOF
[Service]
Type=notify
WatchdogSec=5min
LimitCORE=0
ExecStart=$NC --then-sleep=3600 READY=1 WATCHDOG_USEC=500000
EOF

# EXTEND_TIMEOUT_USEC=: extend.sh USEC NAME sends EXTEND_TIMEOUT_USEC=USEC at once (none if
# 0), notes that in $T/NAME-extended, and says READY=1 once $T/NAME-go exists.
extend=$(write_script extend.sh <<EOF
#!/bin/bash
if [ "\$1" != 0 ]; then $NC --pid=parent "EXTEND_TIMEOUT_USEC=\$1" || exit 10; fi
touch $T/\$2-extended
exec $NC --wait-file=$T/\$2-go --then-sleep=3600 READY=1
EOF
)
unit extended.service <<EOF
[Service]
Type=notify
TimeoutStartSec=1
ExecStart=$extend 8000000 extended
EOF
unit unextended.service <<EOF
[Service]
Type=notify
TimeoutStartSec=1
ExecStart=$extend 0 unextended
EOF

svcd_start

# --- a service that pings stays up -------------------------------------------------------
exits 0 "svcctl start pinger exits 0" svcctl start pinger
is "$(prop pinger.service WatchdogUSec)" 1000000 "WatchdogUSec=1000000 (WatchdogSec=1)"
main=$(prop pinger.service MainPID)
env=$(ns_environ "$main")
like "$env" '^WATCHDOG_USEC=1000000$' "the main process has WATCHDOG_USEC=1000000"
like "$env" "^WATCHDOG_PID=$main\$" "... and WATCHDOG_PID=$main, its own pid"
like "$env" "^NOTIFY_SOCKET=$T/run/notify\$" "... and NOTIFY_SOCKET"
forty_pings() { [ "$(wc -l <"$T/pings.$main" 2>/dev/null || echo 0)" -ge 40 ]; }
ok "pinger pings 40 times (at least four watchdog intervals)" wait_until forty_pings
is "$(state_of pinger.service)" active/running "pinger is still active/running"
is "$(prop pinger.service MainPID)" "$main" "... with the same main process"
is "$(prop pinger.service NRestarts)" 0 "... and NRestarts=0"
exits 0 "svcctl stop pinger exits 0" svcctl stop pinger
is "$(prop pinger.service Result)" success "a pinging service stops with Result=success"

# --- a silent service: SIGABRT, Result=watchdog -------------------------------------------
exits 0 "svcctl start silent exits 0" svcctl start silent
ok "silent (never pings) ends failed" wait_until prop_is silent.service ActiveState failed
is "$(prop silent.service Result)" watchdog "Result=watchdog"
is "$(prop silent.service ExecMainStatus)" 6 "the main process was killed by SIGABRT (ExecMainStatus=6)"
is "$(prop silent.service NRestarts)" 0 "Restart=no: not restarted"

# --- Restart=on-watchdog -------------------------------------------------------------------
exits 0 "svcctl start rerun exits 0" svcctl start rerun
first=$(prop rerun.service MainPID)
ok "rerun's first process is ended by the watchdog with SIGABRT" wait_until test -s "$T/rerun.signals"
restarted() {
        local pid
        pid=$(prop rerun.service MainPID)
        [ "$(prop rerun.service ActiveState)" = active ] && [ "$pid" != 0 ] && [ "$pid" != "$first" ]
}
ok "Restart=on-watchdog: rerun is active again under a new main process" wait_until restarted
is "$(prop rerun.service NRestarts)" 1 "NRestarts=1"
is "$(cat "$T/rerun.runs" 2>/dev/null)" 2 "the second run is the one that runs"
is "$(prop rerun.service StatusText)" "run 2 pings" "... and its STATUS= is shown"
is "$(sort -u "$T/rerun.signals" 2>/dev/null)" ABRT "the first run got SIGABRT (WatchdogSignal= default)"
ok "rerun's first process is gone" ns_pid_gone "$first"

# --- WATCHDOG=trigger -------------------------------------------------------------------------
exits 0 "svcctl start trigger exits 0" svcctl start trigger
is "$(state_of trigger.service)" active/running "trigger is active/running (its interval is 5 min)"
touch "$T/trigger-go"
ok "WATCHDOG=trigger: trigger ends failed at once" wait_until prop_is trigger.service ActiveState failed
is "$(prop trigger.service Result)" watchdog "... with Result=watchdog"
is "$(prop trigger.service ExecMainStatus)" 6 "... killed by SIGABRT (ExecMainStatus=6)"

# --- WATCHDOG_USEC= ---------------------------------------------------------------------------
exits 0 "svcctl start shorten exits 0" svcctl start shorten
ok "WATCHDOG_USEC=500000 shortens the interval: shorten fails long before 5 min" \
        wait_until prop_is shorten.service ActiveState failed
is "$(prop shorten.service Result)" watchdog "... with Result=watchdog"

# --- EXTEND_TIMEOUT_USEC= ---------------------------------------------------------------------
exits 0 "svcctl --no-block start extended exits 0" svcctl --no-block start extended
ok "extended sent EXTEND_TIMEOUT_USEC=8000000" wait_until test -e "$T/extended-extended"
sleep 2 # past TimeoutStartSec=1: only the extension keeps the start alive
is "$(state_of extended.service)" activating/start "2 s after EXTEND_TIMEOUT_USEC=8000000 (TimeoutStartSec=1): still activating/start"
touch "$T/extended-go"
ok "READY=1 within the extension: extended becomes active" wait_until prop_is extended.service ActiveState active
is "$(prop extended.service Result)" success "... with Result=success"

exits 0 "svcctl --no-block start unextended exits 0" svcctl --no-block start unextended
ok "without the extension, TimeoutStartSec=1 fails the start" \
        wait_until prop_is unextended.service ActiveState failed
is "$(prop unextended.service Result)" timeout "... with Result=timeout"

ok "svcd is still running" svcd_running
done_testing
