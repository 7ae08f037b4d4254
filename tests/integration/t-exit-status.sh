#!/usr/bin/env bash
# t-exit-status.sh: SuccessExitStatus=, RestartPreventExitStatus= and RestartForceExitStatus=
# (systemd.service(5)): which ends of the main process count as clean, and which ones
# prevent or force a restart whatever Restart= says; and a start of a process that ends at
# once is still a done job.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

unit success.service <<EOF
[Service]
ExecStart=/bin/sh -c 'sleep 0.2; exit 42'
SuccessExitStatus=42 SIGUSR1
Restart=on-failure
EOF
unit signal.service <<EOF
[Service]
ExecStart=/bin/sh -c 'sleep 0.2; kill -USR1 \$\$\$\$'
SuccessExitStatus=SIGUSR1
Restart=on-failure
EOF
unit unlisted.service <<EOF
[Service]
ExecStart=/bin/sh -c 'sleep 0.2; exit 43'
SuccessExitStatus=42
EOF
unit prevent.service <<EOF
[Service]
ExecStart=/bin/sh -c 'sleep 0.2; exit 3'
Restart=always
RestartSec=100ms
RestartPreventExitStatus=3
EOF
unit force.service <<EOF
[Service]
ExecStart=/bin/sh -c 'sleep 0.2; if [ -e $T/forced ]; then exit 0; fi; touch $T/forced; exit 4'
Restart=no
RestartSec=100ms
RestartForceExitStatus=4
EOF
unit quick.service <<EOF
[Service]
ExecStart=/bin/true
EOF
unit quickfail.service <<EOF
[Service]
ExecStart=/bin/false
EOF
svcd_start

# A Type=simple start is done once the process runs, even if it ends at once (systemd's job
# completes there): svcctl start exits 0, every time, and the end is in the unit's state.
for i in 1 2 3 4 5; do
        exits 0 "svcctl start quick exits 0 (round $i)" svcctl start quick
        exits 0 "svcctl start quickfail exits 0 (round $i)" svcctl start quickfail
done
ok "quickfail.service ends failed" wait_until prop_is quickfail.service ActiveState failed
is "$(prop quickfail.service Result)" exit-code "... with result exit-code"
ok "quick.service ends inactive" wait_until prop_is quick.service ActiveState inactive

ended() { prop_is "$1.service" SubState "$2"; }

exits 0 "svcctl start success exits 0" svcctl start success
ok "success.service ends" wait_until ended success dead
is "$(prop success.service Result)" success "SuccessExitStatus=42: exit 42 is a clean end"
is "$(prop success.service ExecMainStatus)" 42 "... and it is recorded"
is "$(prop success.service NRestarts)" 0 "... so Restart=on-failure does not restart it"

exits 0 "svcctl start signal exits 0" svcctl start signal
ok "signal.service ends" wait_until ended signal dead
is "$(prop signal.service Result)" success "SuccessExitStatus=SIGUSR1: death by SIGUSR1 is a clean end"

exits 0 "svcctl start unlisted exits 0" svcctl start unlisted
ok "unlisted.service ends" wait_until ended unlisted failed
is "$(prop unlisted.service Result)" exit-code "an exit status not listed is still a failure"

exits 0 "svcctl start prevent exits 0" svcctl start prevent
ok "prevent.service ends" wait_until ended prevent failed
sleep 0.5 # a restart would come after RestartSec=100ms
is "$(prop prevent.service NRestarts)" 0 "RestartPreventExitStatus=3: Restart=always does not restart it"
is "$(prop prevent.service ActiveState)" failed "... it stays failed"

exits 0 "svcctl start force exits 0" svcctl start force
ok "force.service is restarted despite Restart=no" wait_until prop_is force.service NRestarts 1
ok "... and ends cleanly the second time" wait_until ended force dead
is "$(prop force.service Result)" success "RestartForceExitStatus=4: its second run exited 0"

done_testing
