#!/usr/bin/env bash
# t-kill-verb.sh: svcctl kill (systemctl(1)): --signal= by name or number to the main process
# or the whole process group (--kill-whom=); not a stop: the unit reacts as to any death;
# nobody to signal, a bad signal or a bad --kill-whom= fail with a message.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

# noter NAME: notes each HUP and USR1 it gets in $T/NAME and carries on.
noter=$(write_script noter.sh <<EOF
#!/bin/sh
trap "echo HUP >>$T/\$1" HUP
trap "echo USR1 >>$T/\$1" USR1
while :; do sleep 0.1; done
EOF
)
parent=$(write_script parent.sh <<EOF
#!/bin/sh
$noter \$1-child &
exec $noter \$1
EOF
)
unit group.service <<EOF
[Service]
ExecStart=$parent group
EOF
unit idle.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
EOF
enable_units group.service
svcd_start

ok "group.service is active" wait_until prop_is group.service ActiveState active
main=$(prop group.service MainPID)
ok "its main process has its traps" wait_until handles_signal "$main" 1
child_pid() { ns_ps | awk -v n="group-child" '$NF == n && $3 != "Z" {print $1}' | head -n 1; }
child_ready() { local c; c=$(child_pid); [ -n "$c" ] && handles_signal "$c" 1; }
ok "its child is there, with its traps" wait_until child_ready

exits 0 "svcctl kill --signal=HUP --kill-whom=main group exits 0" svcctl kill --signal=HUP --kill-whom=main group
ok "the main process noted HUP" wait_until grep -qx HUP "$T/group"
ok "the child did not" test ! -e "$T/group-child"

exits 0 "svcctl kill --signal=10 group (all) exits 0" svcctl kill --signal=10 group
ok "the main process noted USR1 (signal 10)" wait_until grep -qx USR1 "$T/group"
ok "... and so did the rest of the group" wait_until grep -qx USR1 "$T/group-child"
is "$(grep -c USR1 "$T/group")" 1 "the main process got it once"
is "$(prop group.service ActiveState)" active "the unit is still active (kill is not a stop)"

exits 0 "svcctl kill --signal=KILL --kill-whom=main group exits 0" svcctl kill --signal=KILL --kill-whom=main group
ok "the unit reacts as to a death: failed with result signal" wait_until prop_is group.service Result signal

exits 1 "svcctl kill idle (inactive) exits 1" svcctl kill idle
like "$ERR" "Failed to kill idle\\.service: No matching processes to kill\\." "svcctl says there is nothing to kill"
exits 1 "svcctl kill --kill-whom=main idle exits 1" svcctl kill --kill-whom=main idle
like "$ERR" "No main process to kill\\." "... or no main process"
exits 1 "svcctl kill --signal=NOPE exits 1" svcctl kill --signal=NOPE idle
like "$ERR" "--signal=NOPE: not a signal name or number" "a bad signal is refused before svcd is asked"
exits 1 "svcctl kill --kill-whom=everyone exits 1" svcctl kill --kill-whom=everyone idle
exits 4 "svcctl kill of an unknown unit exits 4" svcctl kill no-such-unit
done_testing
