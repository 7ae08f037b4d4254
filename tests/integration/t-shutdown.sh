#!/usr/bin/env bash
# t-shutdown.sh: SIGTERM to svcd (PID 1) stops every service — SIGKILL for one that ignores
# SIGTERM — terminates processes no service owns any more, prints the shutdown report, and
# exits 2 because something had to be killed (0 after a clean shutdown: t-stop-budget.sh).
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

# Notes the SIGTERM it gets, then exits: proves svcd (not the kernel) ended it.
polite=$(write_script polite.sh <<EOF
#!/bin/sh
trap 'echo TERM >$T/polite-got-term; exit 0' TERM
while :; do
        sleep 0.1
done
EOF
)
stubborn=$(write_script stubborn.sh <<EOF
#!/bin/sh
trap 'echo TERM >>$T/stubborn-got-term' TERM
while :; do
        sleep 0.1
done
EOF
)
# Starts a daemon in a session of its own (outside the service's process group), as
# daemons do; stopping the service does not reach it, only svcd's final sweep does.
orphan=$(write_script orphan.sh <<EOF
#!/bin/sh
trap 'echo TERM >$T/orphan-got-term; exit 0' TERM
while :; do
        sleep 0.1
done
EOF
)
spawner=$(write_script spawner.sh <<EOF
#!/bin/sh
setsid $orphan &
exec sleep 3600
EOF
)
unit polite.service <<EOF
[Service]
ExecStart=$polite
EOF
unit stubborn.service <<EOF
[Service]
ExecStart=$stubborn
TimeoutStopSec=1
EOF
unit spawner.service <<EOF
[Service]
ExecStart=$spawner
EOF
enable_units polite.service stubborn.service spawner.service
svcd_start

for u in polite stubborn spawner; do
        ok "$u.service becomes active" wait_until prop_is $u.service ActiveState active
done
orphan_running() { ns_ps | grep -q " $orphan\$"; }
ok "the detached daemon is running" wait_until orphan_running
# The shells install their TERM traps a moment after exec; until then TERM kills them.
for u in polite stubborn; do
        ok "$u.service has its SIGTERM trap" wait_until handles_signal "$(prop $u.service MainPID)" 15
done
orphan_pid=$(ns_ps | awk -v o="$orphan" '$4 == "/bin/sh" && $5 == o {print $1}')
ok "the detached daemon has its SIGTERM trap" wait_until handles_signal "$orphan_pid" 15

svcd_stop_and_wait TERM # not under ok: it must set SVCD_EXIT in this shell
is "$?" 0 "SIGTERM to svcd; it exits"
is "$SVCD_EXIT" 2 "svcd exits 2: stubborn.service needed SIGKILL"
like "$(svcd_log)" 'stubborn\.service +SIGKILL' "the shutdown report says stubborn.service took SIGKILL"
like "$(svcd_log)" 'polite\.service +stopped' "... and that polite.service stopped by itself"
ok "polite.service got SIGTERM from svcd" test -s "$T/polite-got-term"
ok "stubborn.service got SIGTERM from svcd (and was then killed)" test -s "$T/stubborn-got-term"
ok "the detached daemon got SIGTERM from svcd" test -s "$T/orphan-got-term"
like "$(svcd_log)" 'polite\.service' "svcd's log mentions stopping polite.service"
leftovers=$(host_pids_running "$T/")
is "$leftovers" "" "no process of the test's services is left on the host"

done_testing
