#!/usr/bin/env bash
# t-kill-mode.sh: how a service is stopped (systemd.kill(5)): KillMode= control-group, mixed,
# process and none; KillSignal=, RestartKillSignal=, SendSIGHUP=, SendSIGKILL=, and
# FinalKillSignal= after TimeoutStopSec=. Each process notes the signals it gets in a file.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

# noter NAME: notes every TERM, INT, HUP and USR1 it gets in $T/NAME, exits on INT and USR1,
# carries on after TERM and HUP (so that what comes next is seen too).
noter=$(write_script noter.sh <<EOF
#!/bin/sh
name=\$1
for sig in TERM HUP; do trap "echo \$sig >>$T/\$name" \$sig; done
for sig in INT USR1; do trap "echo \$sig >>$T/\$name; exit 0" \$sig; done
while :; do sleep 0.1; done
EOF
)
# parent: a noting main process with a noting child in its process group.
parent=$(write_script parent.sh <<EOF
#!/bin/sh
$noter \$1-child &
exec $noter \$1
EOF
)
unit cgroup.service <<EOF
[Service]
ExecStart=$parent cgroup
TimeoutStopSec=1
EOF
unit mixed.service <<EOF
[Service]
ExecStart=$parent mixed
KillMode=mixed
KillSignal=SIGINT
TimeoutStopSec=1
EOF
unit process.service <<EOF
[Service]
ExecStart=$parent process
KillMode=process
KillSignal=SIGINT
EOF
unit none.service <<EOF
[Service]
ExecStart=$noter none
KillMode=none
EOF
unit hup.service <<EOF
[Service]
ExecStart=$noter hup
SendSIGHUP=yes
TimeoutStopSec=1
EOF
unit nokill.service <<EOF
[Service]
ExecStart=$noter nokill
SendSIGKILL=no
TimeoutStopSec=1
EOF
unit restartsig.service <<EOF
[Service]
ExecStart=$noter restartsig
RestartKillSignal=SIGUSR1
TimeoutStopSec=1
EOF
svcd_start

# start_noting UNIT: start it and wait until its shells have their traps (SigCgt).
start_noting() {
        exits 0 "svcctl start $1 exits 0" svcctl start "$1"
        ok "$1's processes have their traps" wait_until traps_in_place "$1"
}
traps_in_place() { # every noter.sh of the unit's process group, and at least the main one
        local pid main
        main=$(prop "$1.service" MainPID)
        for pid in $(in_ns sh -c "cat /proc/[0-9]*/stat" 2>/dev/null |
                     awk -v g="$main" '$2 == "(noter.sh)" && $5 == g {print $1}'); do
                handles_signal "$pid" 15 || return 1
        done
        handles_signal "$main" 15
}
child_of() { # child_of UNIT: the noting child of the unit's parent script, if any
        ns_ps | awk -v n="$1-child" '$NF == n && $3 != "Z" {print $1}' | head -n 1
}

start_noting cgroup
exits 0 "svcctl stop cgroup exits 0" svcctl stop cgroup
is "$(sort "$T/cgroup" | uniq | tr '\n' ' ')" "TERM " "control-group: the main process gets SIGTERM"
is "$(sort "$T/cgroup-child" | uniq | tr '\n' ' ')" "TERM " "... and so does the rest of the group"
is "$(prop cgroup.service ExecMainStatus)" 9 "... and SIGKILL after TimeoutStopSec= (they ignore SIGTERM)"

start_noting mixed
exits 0 "svcctl stop mixed exits 0" svcctl stop mixed
is "$(cat "$T/mixed")" "INT" "mixed: KillSignal=SIGINT goes to the main process"
ok "mixed: the rest of the group never got it" test ! -e "$T/mixed-child"
is "$(child_of mixed)" "" "... but was killed with SIGKILL after TimeoutStopSec="
is "$(prop mixed.service Result)" timeout "... so the stop timed out"

start_noting process
child=$(child_of process)
exits 0 "svcctl stop process exits 0" svcctl stop process
is "$(cat "$T/process")" "INT" "process: KillSignal=SIGINT goes to the main process"
ok "process: the rest of the group is left alone" ns_pid_exists "$child"
is "$(prop process.service ActiveState)" inactive "... and the unit is stopped"
is "$(prop process.service Result)" success "... cleanly"
ns_kill KILL "$child"

start_noting none
main=$(prop none.service MainPID)
exits 0 "svcctl stop none exits 0" svcctl stop none
ok "none: no process gets a signal" test ! -e "$T/none"
ok "none: the main process still runs" ns_pid_exists "$main"
is "$(prop none.service ActiveState)" inactive "... while the unit is stopped"
ns_kill KILL "$main"

start_noting hup
exits 0 "svcctl stop hup exits 0" svcctl stop hup
is "$(sort "$T/hup" | tr '\n' ' ')" "HUP TERM " "SendSIGHUP=yes: SIGHUP follows KillSignal= (both noted, then SIGKILL)"

start_noting nokill
main=$(prop nokill.service MainPID)
exits 0 "svcctl stop nokill exits 0" svcctl stop nokill
is "$(prop nokill.service Result)" timeout "SendSIGKILL=no: the stop times out"
ok "... and the process is not killed" ns_pid_exists "$main"
# systemd's order sends KillSignal= twice: in stop-sigterm and, after ExecStopPost=, in final-sigterm.
is "$(sort -u "$T/nokill")" "TERM" "... it only got SIGTERM"
ns_kill KILL "$main"

start_noting restartsig
exits 0 "svcctl restart restartsig exits 0" svcctl restart restartsig
is "$(cat "$T/restartsig")" "USR1" "RestartKillSignal=SIGUSR1 is what a restart sends"
is "$(prop restartsig.service ActiveState)" active "... and it runs again"
is "$(prop restartsig.service KillMode)" control-group "KillMode is shown"
is "$(prop mixed.service KillMode)" mixed "... as the unit sets it"

# restartsig.service ignores SIGTERM: end it with the signal it exits on, so that svcd's
# own shutdown is a clean one (exit 0; it would be 2 after a SIGKILL).
exits 0 "svcctl kill --signal=SIGUSR1 restartsig exits 0" svcctl kill --signal=SIGUSR1 restartsig
ok "restartsig.service ends" wait_until prop_is restartsig.service ActiveState inactive

done_testing
