#!/usr/bin/env bash
# t-conditions.sh: Condition*= and Assert*= (systemd.unit(5)) are checked when a start job
# runs: a failed condition skips the start (the job is done, the unit inactive, not
# failed), a failed assert fails the job and leaves the unit as it was; "|" triggers and "!"
# negation as systemd evaluates them; an automatic restart whose condition no longer holds
# ends the unit. Seen through svcctl's exit codes, status, show and svcd's log.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

unit skipped.service <<EOF
[Unit]
Description=Skipped unless $T/absent exists
ConditionPathExists=$T/absent

[Service]
ExecStart=/bin/sleep 3600
EOF
unit held.service <<EOF
[Unit]
ConditionPathExists=$T
ConditionPathExists=!$T/absent
ConditionPathIsDirectory=$T

[Service]
ExecStart=/bin/sleep 3600
EOF
unit triggered.service <<EOF
[Unit]
ConditionPathExists=|$T/absent
ConditionPathExists=|$T

[Service]
ExecStart=/bin/sleep 3600
EOF
unit asserted.service <<EOF
[Unit]
AssertPathExists=$T/absent

[Service]
ExecStart=/bin/sleep 3600
EOF
touch "$T/flag"
unit restarting.service <<EOF
[Unit]
ConditionPathExists=$T/flag

[Service]
ExecStart=/bin/sh -c 'sleep 0.2; exit 1'
Restart=always
RestartSec=100ms
EOF
enable_units skipped.service
svcd_start

# At boot: skipped, not failed.
ok "skipped.service (at boot) settles" wait_until prop_is skipped.service ConditionResult false
is "$(prop skipped.service ActiveState)" inactive "a failed condition at boot: inactive"
is "$(prop skipped.service Result)" success "... with result success, not failed"
like "$(svcd_log)" "skipped\\.service: Condition check resulted in Skipped unless $T/absent exists being skipped: ConditionPathExists=$T/absent at $UNITS/skipped\\.service:3 was not met\\." \
        "svcd's log names the condition and its file:line"

exits 0 "svcctl start skipped exits 0: the job is done" svcctl start skipped
is "$(prop skipped.service SubState)" dead "the unit is inactive (dead)"
exits 3 "svcctl status skipped exits 3" svcctl status skipped
like "$OUT" "Condition: start condition failed at " "status shows that the start condition failed"
like "$OUT" "ConditionPathExists=$T/absent at $UNITS/skipped\\.service:3 was not met" "... which one, and where"
touch "$T/absent"
exits 0 "once the path exists, svcctl start skipped exits 0" svcctl start skipped
is "$(prop skipped.service ActiveState)" active "... and it runs"
is "$(svcctl show -p ConditionResult --value skipped)" yes "ConditionResult=yes (svcctl show)"
rm -f "$T/absent"

exits 0 "svcctl start held exits 0" svcctl start held
is "$(prop held.service ActiveState)" active "conditions that hold (and a negated one): the unit runs"
exits 0 "svcctl start triggered exits 0" svcctl start triggered
is "$(prop triggered.service ActiveState)" active "triggering conditions: one of them holding suffices"

exits 1 "svcctl start asserted exits 1" svcctl start asserted
like "$ERR" "^Assertion failed on job for asserted\\.service\\." "svcctl says the assertion failed, as systemctl does"
is "$(prop asserted.service ActiveState)" inactive "a failed assert leaves the unit inactive, not failed"
is "$(svcctl show -p AssertResult --value asserted)" no "AssertResult=no (svcctl show)"
like "$(svcd_log)" "asserted\\.service: Assertion failed for asserted\\.service: AssertPathExists=$T/absent at " \
        "svcd's log names the assert"

# An automatic restart whose condition no longer holds: the unit ends, inactive.
exits 0 "svcctl start restarting exits 0" svcctl start restarting
ok "restarting.service restarts" wait_until sh -c "[ \$('$SVCCTL' --socket '$SOCK' show -p NRestarts --value restarting) -ge 1 ]"
rm -f "$T/flag"
ok "without its flag the next restart is skipped" wait_until prop_is restarting.service ConditionResult false
ok "... and the unit ends inactive (dead)" wait_until prop_is restarting.service SubState dead

ok "svcd is still running" svcd_running
done_testing
