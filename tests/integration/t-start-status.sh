#!/usr/bin/env bash
# t-start-status.sh: a simple service started at boot is active (running) with its pid, and
# svcctl status, --json status and list agree with the namespace's /proc.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

unit simple.service <<EOF
[Unit]
Description=A simple sleeper

[Service]
Type=simple
ExecStart=/bin/sleep 3600
EOF
enable_units simple.service
svcd_start

ok "simple.service becomes active" wait_until prop_is simple.service ActiveState active

pid=$(prop simple.service MainPID)
like "$pid" '^[1-9][0-9]*$' "MainPID is a pid"
isnt "$pid" 1 "MainPID is not svcd itself"
ok "MainPID $pid is a live process in svcd's namespace" ns_pid_exists "$pid"
is "$(ns_cmdline "$pid")" "/bin/sleep 3600" "MainPID runs the ExecStart command line"
is "$(ns_ps | awk -v p="$pid" '$1 == p { print $2 }')" 1 "svcd (PID 1) is its parent"

exits 0 "svcctl status simple exits 0" svcctl status simple
like "$OUT" 'simple\.service - A simple sleeper' "status names the unit and its Description"
like "$OUT" "Loaded: loaded \\($UNITS/simple\\.service" "status shows where the unit was loaded from"
like "$OUT" 'Active: active \(running\)' "status shows active (running)"
like "$OUT" "Main PID: $pid\\b" "status shows the main pid"

exits 0 "svcctl status simple.service (full name) exits 0" svcctl status simple.service
like "$OUT" 'Active: active \(running\)' "the full name works the same"

exits 0 "svcctl --json status exits 0" svcctl --json status simple
json=$OUT
check_json() {
        python3 - "$json" "$pid" "$UNITS/simple.service" <<'PY'
import json, sys
u = json.loads(sys.argv[1].splitlines()[0])
want = {
    "Id": "simple.service", "Description": "A simple sleeper", "LoadState": "loaded",
    "ActiveState": "active", "SubState": "running", "Type": "simple",
    "MainPID": int(sys.argv[2]), "ExecMainPID": int(sys.argv[2]),
    "FragmentPath": sys.argv[3], "ExecStart": ["/bin/sleep", "3600"], "NRestarts": 0,
}
bad = [f"{k}: got {u.get(k)!r}, expected {v!r}" for k, v in want.items() if u.get(k) != v]
for k in ("ExecMainStartTimestamp", "ActiveEnterTimestamp"):
    if not isinstance(u.get(k), int) or u[k] <= 0:
        bad.append(f"{k}: got {u.get(k)!r}, expected a timestamp")
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
}
ok "--json status carries systemd's properties with the right values" check_json

exits 0 "svcctl list exits 0" svcctl list
like "$OUT" 'simple\.service.*loaded.*active.*running' "list shows simple.service loaded active running"

exits 0 "svcctl --json list exits 0" svcctl --json list
check_list() {
        python3 - "$OUT" <<'PY'
import json, sys
units = json.loads(sys.argv[1])
assert isinstance(units, list), "not an array"
assert any(u.get("Id") == "simple.service" and u.get("ActiveState") == "active" for u in units), units
PY
}
ok "--json list is a JSON array holding simple.service" check_list

ok "svcd is still running" svcd_running
done_testing
