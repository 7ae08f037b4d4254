#!/usr/bin/env bash
# t-stop.sh: svcctl stop ends a service and every process of its process group; start and
# restart bring it back under a new pid; stopping twice is fine.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

# Leaves a helper process in its process group beside the main process: stop must end both.
worker=$(write_script worker.sh <<EOF
#!/bin/sh
sleep 3600 &
exec sleep 3601
EOF
)
unit worker.service <<EOF
[Unit]
Description=Main process plus a helper

[Service]
ExecStart=$worker
EOF
enable_units worker.service
svcd_start

ok "worker.service becomes active" wait_until prop_is worker.service ActiveState active
helper_started() { ns_ps | grep -q ' sleep 3600$'; }
ok "its helper process is running" wait_until helper_started
pid=$(prop worker.service MainPID)

exits 0 "svcctl stop worker exits 0" svcctl stop worker
is "$(prop worker.service ActiveState)" inactive "worker.service is inactive when stop returns"
is "$(prop worker.service SubState)" dead "SubState is dead"
is "$(prop worker.service MainPID)" 0 "MainPID is 0"
ok "the main process $pid is gone when stop returns" ns_pid_gone "$pid"
ok "no process is left in the namespace but svcd" wait_until only_svcd_left
exits 3 "svcctl status worker exits 3 (inactive)" svcctl status worker
like "$OUT" 'Active: inactive \(dead\)' "status shows inactive (dead)"

exits 0 "stopping an inactive unit again exits 0" svcctl stop worker

exits 0 "svcctl start worker exits 0" svcctl start worker
is "$(prop worker.service ActiveState)" active "worker.service is active when start returns"
started=$(prop worker.service MainPID)
isnt "$started" 0 "it has a main pid"
ok "its main process $started is alive" ns_pid_exists "$started"

exits 0 "svcctl restart worker exits 0" svcctl restart worker
restarted=$(prop worker.service MainPID)
is "$(prop worker.service ActiveState)" active "worker.service is active when restart returns"
isnt "$restarted" "$started" "restart gave it a new main pid"
unlike "$(ns_ps)" "^$started " "the old main process $started is gone"

exits 0 "svcctl --json stop exits 0" svcctl --json stop worker
check_stopped() {
        python3 - "$OUT" <<'PY'
import json, sys
u = json.loads(sys.argv[1].splitlines()[0])
assert u.get("Id") == "worker.service" and u.get("ActiveState") == "inactive", u
PY
}
ok "--json stop prints the resulting UnitStatus" check_stopped

ok "svcd is still running" svcd_running
done_testing
