#!/usr/bin/env bash
# t-examples.sh: examples/units, what ./scripts/try boots, loads without a single warning and
# its boot units run. In a network namespace of its own, so web.service's port 8080 cannot
# clash with anything on the host (a running ./scripts/try, say).
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

: "${SVCD_EXAMPLES:?SVCD_EXAMPLES must name examples/units}"
cp -a "$SVCD_EXAMPLES/." "$UNITS/"
SVCD_UNSHARE_OPTIONS=--net
# Debug lines (e.g. "Type= is emulated by svcd") are not diagnostics: look at info and above.
svcd_start --log-level info

for u in hello web flaky; do
        ok "$u.service (linked from default.target.wants/) becomes active" \
                wait_until prop_is $u.service ActiveState active
        is "$(prop $u.service FragmentPath)" "$UNITS/$u.service" "$u.service was loaded from examples/units"
done
unlike "$(svcd_log)" ':[0-9]+: ' "no unit file in examples/units draws a file:line diagnostic"

# web.service serves from its sandbox, as a dynamic user with no privileges.
web=$(prop web.service MainPID)
# A new network namespace has "lo" down; up it (SIOCGIFFLAGS/SIOCSIFFLAGS) so we can ask.
nsenter -t "$SVCD_PID" -n -- python3 -c '
import fcntl, socket, struct
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
flags = struct.unpack("16sH", fcntl.ioctl(s, 0x8913, struct.pack("16sH22x", b"lo", 0))[:18])[1]
fcntl.ioctl(s, 0x8914, struct.pack("16sH22x", b"lo", flags | 1))'
ok "web.service answers on 127.0.0.1:8080" wait_until nsenter -t "$SVCD_PID" -n -- python3 -c '
import urllib.request; urllib.request.urlopen("http://127.0.0.1:8080/", timeout=2).read()'
web_status=$(in_ns cat "/proc/$web/status")
like "$web_status" '^Uid:[[:space:]]+6[0-9]{4}[[:space:]]' "web.service runs as a dynamic user"
like "$web_status" '^CapEff:[[:space:]]+0+$' "web.service has no capabilities"
like "$web_status" '^NoNewPrivs:[[:space:]]+1$' "web.service has no_new_privs"
like "$web_status" '^Seccomp:[[:space:]]+2$' "web.service is seccomp-filtered"
exits 0 "svcctl status web exits 0" svcctl status web
unlike "$OUT" 'NotEnforced' "everything web.service asks for is enforced here"

exits 3 "stubborn.service is not started at boot (status exits 3)" svcctl status stubborn
exits 0 "svcctl start stubborn" svcctl start stubborn
# The shell installs its trap a moment after exec: until then SIGTERM would kill it.
ok "stubborn.service has its SIGTERM trap" wait_until handles_signal "$(prop stubborn.service MainPID)" 15
exits 0 "svcctl stop stubborn succeeds although it ignores SIGTERM" svcctl stop stubborn
like "$(prop stubborn.service ActiveState)" '^(inactive|failed)$' "stubborn.service is stopped"
is "$(prop stubborn.service ExecMainStatus)" 9 "SIGKILL ended it (TimeoutStopSec=3s)"
is "$(prop hello.service ActiveState)" active "hello.service is still active"

ok "svcd is still running" svcd_running
done_testing
