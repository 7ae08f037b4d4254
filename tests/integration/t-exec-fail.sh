#!/usr/bin/env bash
# t-exec-fail.sh: a unit whose ExecStart cannot be executed fails with a message naming the
# unit, the path and the errno (log, StatusText, ExecMainStatus 203), and svcd keeps running
# and serving the other units.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

missing=$T/no/such/binary
unit missing.service <<EOF
[Service]
ExecStart=$missing --flag
EOF
# A file that exists but is not executable: EACCES at the same step.
noexec=$T/not-executable
printf '#!/bin/sh\nexit 0\n' >"$noexec"
chmod 0644 "$noexec"
unit noexec.service <<EOF
[Service]
ExecStart=$noexec
EOF
unit good.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
EOF
enable_units missing.service noexec.service good.service
svcd_start

ok "missing.service ends failed" wait_until prop_is missing.service ActiveState failed
ok "noexec.service ends failed" wait_until prop_is noexec.service ActiveState failed
ok "good.service is active beside them" wait_until prop_is good.service ActiveState active

log=$(svcd_log)
like "$log" "missing\\.service.*$missing.*No such file or directory" \
        "svcd's log names the unit, the path and the errno on one line"
like "$log" "noexec\\.service.*$noexec.*Permission denied" \
        "the same for a file that is not executable (EACCES)"

is "$(prop missing.service ExecMainStatus)" 203 "ExecMainStatus is 203 (EXEC)"
like "$(prop missing.service StatusText)" "$missing.*No such file or directory" \
        "StatusText names the path and the errno"
is "$(prop missing.service StatusErrno)" 2 "StatusErrno is 2 (ENOENT)"
is "$(prop noexec.service StatusErrno)" 13 "StatusErrno is 13 (EACCES) for the non-executable file"
is "$(prop missing.service MainPID)" 0 "no main pid is left behind"

exits 3 "svcctl status missing exits 3 (failed is not active)" svcctl status missing
like "$OUT" 'Active: failed' "status shows failed"
like "$OUT" '203/EXEC' "status shows 203/EXEC"

exits 1 "svcctl start missing exits 1" svcctl start missing
like "$ERR" 'missing\.service' "the error names the unit"
is "$(prop missing.service ActiveState)" failed "missing.service is failed again"

ok "svcd is still running" svcd_running
exits 0 "svcctl status good still exits 0" svcctl status good
like "$OUT" 'Active: active \(running\)' "good.service still shows active (running)"
exits 0 "svcctl restart good works after the failures" svcctl restart good
only_good_left() { [ "$(ns_ps | awk '$1 != 1' | wc -l)" -eq 1 ]; }
ok "no half-spawned child is left: svcd and good.service's process only" wait_until only_good_left
done_testing
