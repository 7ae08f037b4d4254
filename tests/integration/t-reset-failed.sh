#!/usr/bin/env bash
# t-reset-failed.sh: svcctl reset-failed (systemctl(1)): a crash loop hits StartLimitBurst=
# and stays failed, refusing starts, until reset-failed clears the failed state, the
# restart count and the start limit; without UNIT it resets every unit.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

unit crashy.service <<EOF
[Unit]
StartLimitIntervalSec=60
StartLimitBurst=3

[Service]
ExecStart=/bin/sh -c 'exit 1'
Restart=always
RestartSec=50ms
EOF
unit broken.service <<EOF
[Service]
ExecStart=/bin/false
EOF
svcd_start

exits 0 "svcctl start crashy exits 0" svcctl start crashy
ok "the crash loop hits the start limit" wait_until prop_is crashy.service Result start-limit-hit
is "$(prop crashy.service ActiveState)" failed "crashy.service is failed"
exits 1 "svcctl start crashy exits 1 while the limit holds" svcctl start crashy
like "$ERR" "start of the service was attempted too often" "svcctl says why"

exits 0 "svcctl reset-failed crashy exits 0" svcctl reset-failed crashy
is "$(prop crashy.service ActiveState)" inactive "reset-failed: crashy.service is inactive"
is "$(prop crashy.service Result)" success "... with result success"
is "$(prop crashy.service NRestarts)" 0 "... and no restarts counted"
exits 0 "svcctl start crashy exits 0 again: the start limit starts afresh" svcctl start crashy
ok "... and it loops into the limit again" wait_until prop_is crashy.service Result start-limit-hit

exits 0 "svcctl start broken exits 0" svcctl start broken
ok "broken.service fails" wait_until prop_is broken.service ActiveState failed
exits 0 "svcctl reset-failed (no unit) exits 0" svcctl reset-failed
is "$(prop broken.service ActiveState)" inactive "without UNIT: broken.service is reset"
is "$(prop crashy.service ActiveState)" inactive "... and crashy.service too"

exits 4 "svcctl reset-failed of an unknown unit exits 4" svcctl reset-failed no-such-unit
ok "svcd is still running" svcd_running
done_testing
