#!/usr/bin/env bash
# t-zombies.sh: a service that double-forks leaves zero zombies behind. Its grandchildren
# are orphaned at once, so they are re-parented to svcd (PID 1 of the namespace), which must
# reap each of them when it exits.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

# 30 times: a short-lived shell starts "sleep 0.3" in the background and exits, the way a
# daemon detaches; the sleep is orphaned and dies a moment later. Then the service idles.
forker=$(write_script double-fork.sh <<EOF
#!/bin/sh
i=0
while [ \$i -lt 30 ]; do
        sh -c 'sleep 0.3 &'
        sleep 0.02
        i=\$((i + 1))
done
touch $T/forked
exec sleep 3600
EOF
)
unit forker.service <<EOF
[Service]
ExecStart=$forker
EOF
enable_units forker.service
svcd_start

ok "forker.service becomes active" wait_until prop_is forker.service ActiveState active
ok "forker.service has double-forked 30 times" wait_until test -e "$T/forked"
orphans_gone() { ! ns_ps | grep -q ' sleep 0\.3$'; }
ok "every orphaned grandchild has exited" wait_until orphans_gone
ok "no zombie is left in svcd's namespace" wait_until no_zombies
zombies=$(ns_zombies)
is "$zombies" "" "ns_ps lists no process in state Z"

is "$(prop forker.service ActiveState)" active "forker.service itself is still active"
exits 0 "svcctl stop forker exits 0" svcctl stop forker
ok "still no zombie after the stop" wait_until no_zombies

ok "svcd is still running" svcd_running
done_testing
