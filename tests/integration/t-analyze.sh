#!/usr/bin/env bash
# t-analyze.sh: svcctl's views of the dependency graph, the job queue and the start-up against a
# real svcd: list-dependencies (and --reverse, --all, --json), list-jobs and cancel on jobs held
# up by a unit that does not finish starting, isolate, --job-mode=, the messages of a
# dependency that failed and of a request svcd cannot make a transaction of, and analyze blame,
# critical-chain, dot and plot (the SVG parsed by python3's xml.etree). Timings are never
# asserted, only the shape of the output (DESIGN.md).
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

waiter=$(waiter_script)
system_running() { [ "$("$SVCCTL" is-system-running 2>/dev/null)" = running ]; }
no_job_for() { ! "$SVCCTL" list-jobs 2>/dev/null | grep -q "$1"; }
no_jobs() { [ "$("$SVCCTL" list-jobs 2>/dev/null)" = "No jobs running." ]; }

# The start-up: app needs db; both take a moment (oneshot, RemainAfterExit).
unit db.service <<EOF
[Unit]
Description=Database
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/sleep 0.2
EOF
unit app.service <<EOF
[Unit]
Description=App
Requires=db.service
After=db.service
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/sleep 0.1
EOF
enable_units db.service app.service

# Jobs: slow does not finish starting until $T/slow.go exists; queued is ordered after it.
unit slow.service <<EOF
[Service]
Type=oneshot
ExecStart=$waiter slow
EOF
unit queued.service <<EOF
[Unit]
After=slow.service
[Service]
ExecStart=/bin/sleep 3600
EOF

# Failures: a dependency that fails, an ordering cycle between requirements, a unit that
# refuses manual start, a Requisite= that is not active.
unit broken.service <<EOF
[Service]
Type=oneshot
ExecStart=/bin/false
EOF
unit needs-broken.service <<EOF
[Unit]
Requires=broken.service
After=broken.service
[Service]
ExecStart=/bin/sleep 3600
EOF
unit cycle-a.service <<EOF
[Unit]
Requires=cycle-b.service
After=cycle-b.service
[Service]
ExecStart=/bin/sleep 3600
EOF
unit cycle-b.service <<EOF
[Unit]
Requires=cycle-a.service
After=cycle-a.service
[Service]
ExecStart=/bin/sleep 3600
EOF
unit refuses.service <<EOF
[Unit]
RefuseManualStart=yes
[Service]
ExecStart=/bin/sleep 3600
EOF
unit requisite.service <<EOF
[Unit]
Requisite=other.service
[Service]
ExecStart=/bin/sleep 3600
EOF

# isolate: only app (and what it needs) in calm.target.
unit calm.target <<EOF
[Unit]
Description=Calm
Wants=app.service
AllowIsolate=yes
EOF
unit no-isolate.target <<EOF
[Unit]
Description=Not for isolate
EOF
unit other.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
EOF

svcd_start
settles "the start-up finishes (is-system-running says running)" app.service wait_until system_running

# --- list-dependencies ---------------------------------------------------------------------
exits 0 "list-dependencies (default.target) exits 0" svcctl list-dependencies
deps=$OUT
is "$(head -n 1 <<<"$deps")" default.target "the tree starts with default.target"
like "$deps" '^● [├└]─app\.service$' "app.service, active, below it"
like "$deps" '^● [├└]─db\.service$' "db.service too (default.target.wants/)"
like "$deps" '^[●○] [├└]─basic\.target$' "the built-in multi-user.target's basic.target"
like "$deps" '^[●○ ] *[│ ] *[├└]─sysinit\.target$' "targets are expanded: sysinit.target below basic.target"
unlike "$deps" '^. [│ ] [├└]─db\.service$' "services are not expanded without --all"
exits 0 "list-dependencies --all app" svcctl list-dependencies --all app
like "$OUT" '^● [├└]─db\.service$' "app.service needs db.service"
like "$OUT" '^app\.service$' "the root is the name asked for, completed"
exits 0 "list-dependencies --reverse db" svcctl list-dependencies --reverse db
like "$OUT" '^● [├└]─app\.service$' "db.service is required by app.service"
like "$OUT" '(default|multi-user)\.target$' "and wanted by the default target"
exits 0 "list-dependencies --after app" svcctl list-dependencies --after app
like "$OUT" '[├└]─db\.service$' "--after: app.service is ordered after db.service"
exits 0 "list-dependencies --json" svcctl --json list-dependencies
ok "--json: one tree object with the units below" python3 -c '
import json, sys
t = json.loads(sys.argv[1])
assert t["unit"] == "default.target", t
names = [d["unit"] for d in t["dependencies"]]
assert "app.service" in names, names
assert all("active_state" in d for d in t["dependencies"])' "$OUT"
exits 4 "list-dependencies of a unit svcd does not know" svcctl list-dependencies nosuch.target
like "$ERR" 'nosuch\.target' "names it"
exits 1 "--reverse and --after together are refused" svcctl list-dependencies --reverse --after app
exits 1 "--reverse with another verb is refused" svcctl --reverse status app

# --- analyze -------------------------------------------------------------------------------
exits 0 "analyze blame" svcctl analyze blame
like "$OUT" '^ *[0-9.]+(us|ms|s|min [0-9.]+s) db\.service$' "a line 'TIME db.service'"
like "$OUT" '^ *[0-9.]+(us|ms|s|min [0-9.]+s) app\.service$' "and one for app.service"
unlike "$OUT" 'slow\.service|other\.service' "units that never started are left out"
exits 0 "analyze blame --json" svcctl --json analyze blame
ok "--json: an array of {unit, time}" python3 -c '
import json, sys
a = json.loads(sys.argv[1])
assert {"db.service", "app.service"} <= {e["unit"] for e in a}, a
assert all(isinstance(e["time"], int) and e["time"] > 0 for e in a), a
assert [e["time"] for e in a] == sorted((e["time"] for e in a), reverse=True), a' "$OUT"

exits 0 "analyze critical-chain" svcctl analyze critical-chain
chain=$OUT
is "$(head -n 2 <<<"$chain")" 'The time when unit became active or started is printed after the "@" character.
The time the unit took to start is printed after the "+" character.' "systemd-analyze's two header lines"
like "$(sed -n 4p <<<"$chain")" '^multi-user\.target( @[0-9.]+(ms|s|us))?( \+.*)?$' \
        "the root: default.target, as the unit it is (multi-user.target)"
like "$chain" '[└├]─app\.service @[0-9.]+(us|ms|s) \+[0-9.]+(us|ms|s)$' "app.service @start +time"
like "$chain" '[└├]─db\.service @[0-9.]+(us|ms|s) \+[0-9.]+(us|ms|s)$' "then db.service, which app is after"
exits 0 "analyze critical-chain app.service --json" svcctl --json analyze critical-chain app.service
ok "--json: app's chain goes through db" python3 -c '
import json, sys
t = json.loads(sys.argv[1])
assert t["unit"] == "app.service" and "time" in t, t
assert "db.service" in [d["unit"] for d in t.get("after", [])], t' "$OUT"

exits 0 "analyze dot" svcctl analyze dot
dot=$OUT
is "$(head -n 1 <<<"$dot")/$(tail -n 1 <<<"$dot")" "digraph svcd {/}" "a digraph"
like "$dot" '^	"app\.service"->"db\.service" \[color="black"\];$' "Requires= black"
like "$dot" '^	"app\.service"->"db\.service" \[color="green"\];$' "After= green"
like "$ERR" 'Color legend: black     = Requires' "the legend on stderr"
exits 0 "analyze dot app.service" svcctl analyze dot app.service
unlike "$OUT" '"(slow|other|cycle-a)\.service"' "a pattern keeps the edges from or to app.service"
like "$OUT" '"app\.service"->' "... which are there"
if command -v dot >/dev/null; then
        ok "Graphviz reads it" sh -c "'$SVCCTL' analyze dot 2>/dev/null | dot -Tsvg >/dev/null"
fi

exits 0 "analyze plot" svcctl analyze plot
printf '%s\n' "$OUT" >"$T/plot.svg"
ok "plot: well-formed SVG with a bar for app and db" python3 -c '
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "{http://www.w3.org/2000/svg}svg", root.tag
ns = {"s": "http://www.w3.org/2000/svg"}
texts = [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]
assert any(t.startswith("app.service") for t in texts), texts
assert any(t.startswith("db.service") for t in texts), texts
assert not any(t.startswith("slow.service") for t in texts), texts
assert len(root.findall(".//s:g/s:g", ns)) >= 2
assert any(t.endswith("s") and t[:-1].replace(".", "").isdigit() for t in texts), "second ticks"' "$T/plot.svg"
exits 1 "analyze plot --json is refused" svcctl --json analyze plot
exits 1 "an unknown analyze command" svcctl analyze bogus
like "$ERR" "Unknown analyze command 'bogus'" "says so"
exits 1 "analyze blame takes no arguments" svcctl analyze blame app

# --- jobs ----------------------------------------------------------------------------------
exits 0 "list-jobs when idle" svcctl list-jobs
is "$OUT" "No jobs running." "No jobs running."
exits 0 "list-jobs --json when idle" svcctl --json list-jobs
is "$OUT" "[]" "an empty array"

exits 0 "start --no-block slow (it waits for slow.go)" svcctl --no-block start slow
exits 0 "start --no-block queued (ordered after slow)" svcctl --no-block start queued
exits 0 "list-jobs" svcctl list-jobs
jobs=$OUT
like "$(head -n 1 <<<"$jobs")" '^ *JOB UNIT +TYPE +STATE$' "systemctl's header"
like "$jobs" '^ *[0-9]+ slow\.service +start +running$' "slow.service's start job is running"
like "$jobs" '^ *[0-9]+ queued\.service +start +waiting$' "queued.service's waits for it"
like "$jobs" '^2 jobs listed\.$' "2 jobs listed."
exits 0 "list-jobs 'q*'" svcctl list-jobs 'q*'
unlike "$OUT" 'slow\.service' "a pattern lists the matching units' jobs only"
queued_id=$(awk '$2 == "queued.service" { print $1 }' <<<"$jobs")
exits 0 "cancel the waiting job by id" svcctl cancel "$queued_id"
settles "queued.service's job is gone" queued.service wait_until no_job_for queued
isnt "$(prop queued.service ActiveState)" active "queued.service did not start"
exits 1 "cancel of a job that does not exist" svcctl cancel 999999
is "$ERR" "Failed to cancel job 999999: Job 999999 does not exist." "in systemctl's words"
exits 1 "cancel of something that is no job id" svcctl cancel slow
like "$ERR" 'Failed to parse job id "slow"' "in systemctl's words"

# Requisite=other.service, which is not active.
exits 1 "start requisite (Requisite= on a unit not active)" svcctl start requisite
like "$ERR" '^Failed to start requisite\.service: .*other\.service' "TransactionFailed: svcd's sentence names other.service"

exits 0 "cancel (all jobs)" svcctl cancel
settles "no jobs left" slow.service wait_until no_jobs
touch "$T/slow.go"

# --- job failures --------------------------------------------------------------------------
exits 1 "start of a unit whose requirement fails" svcctl start needs-broken
is "$(head -n 1 <<<"$ERR")" "A dependency job for needs-broken.service failed." "systemctl's words"
like "$ERR" 'svcctl status' "with where to look"
exits 1 "start of a unit in a Requires=/After= cycle" svcctl start cycle-a
like "$ERR" '^Failed to start cycle-a\.service: .*[Cc]ycle' "TransactionFailed names the cycle"
exits 1 "start of a unit with RefuseManualStart=yes" svcctl start refuses
like "$ERR" '^Failed to start refuses\.service: .+' "TransactionFailed says why"

# --- --job-mode= and isolate ---------------------------------------------------------------
exits 1 "an unknown --job-mode" svcctl --job-mode=bogus start app
like "$ERR" "Unknown --job-mode 'bogus'" "is refused by svcctl"
exits 1 "--job-mode with a verb that queues no job" svcctl --job-mode=fail status app
exits 0 "start --job-mode=replace" svcctl --job-mode=replace start other
exits 0 "restart --job-mode=ignore-dependencies" svcctl --job-mode=ignore-dependencies restart other
is "$(prop other.service ActiveState)" active "other.service runs"
exits 1 "isolate of a target without AllowIsolate=" svcctl isolate no-isolate
like "$ERR" '^Failed to start no-isolate\.target: .+' "refused, with svcd's sentence"
exits 0 "isolate calm (a target name without suffix)" svcctl isolate calm
settles "other.service, not wanted by calm.target, is stopped" other.service \
        wait_until prop_is other.service ActiveState inactive
is "$(prop app.service ActiveState)/$(prop db.service ActiveState)" active/active "app and db, which calm needs, run on"
is "$(prop calm.target ActiveState)" active "calm.target is active"

ok "svcd is still running" svcd_running
done_testing
