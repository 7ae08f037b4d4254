#!/usr/bin/env bash
# t-cli.sh: svcctl's surface: --help lists the verbs, --version, exit codes as systemctl's
# (4 no such unit, 3 inactive, 1 cannot connect, 1 for a reload that is not applicable or of
# an inactive unit), unit-name completion, errors that name the unit, --no-block, and what
# status shows of the state (systemctl's "Active:" words, svcd's "Process tracking:").
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

unit running.service <<EOF
[Unit]
Description=Running

[Service]
ExecStart=/bin/sleep 3600
EOF
unit stopped.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
EOF
unit reloadable.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
ExecReload=/bin/sh -c 'echo reloaded >>$T/reloads'
EOF
unit badreload.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
ExecReload=/bin/false
EOF
# Type=notify and never READY=1: activating until stopped.
unit never.service <<EOF
[Service]
Type=notify
ExecStart=/bin/sleep 3600
TimeoutStartSec=infinity
EOF
# Wants= a unit that has no file: svcd knows ghost.service only by that name.
unit wants-ghost.service <<EOF
[Unit]
Wants=ghost.service

[Service]
ExecStart=/bin/sleep 3600
EOF
enable_units running.service stopped.service

exits 0 "svcctl --help exits 0" svcctl --help
for verb in list status start stop restart try-restart reload reload-or-restart try-reload-or-restart; do
        like "$OUT" "(^|[[:space:]])$verb([[:space:]]|$)" "--help lists the verb $verb"
done
like "$OUT" '--json' "--help mentions --json"
like "$OUT" '--no-block' "--help mentions --no-block"
like "$OUT" 'alias: force-reload' "--help names force-reload, systemctl's alias of try-reload-or-restart"
exits 0 "svcctl --version exits 0" svcctl --version
like "$OUT" '[0-9]+\.[0-9]+' "--version prints a version"
exits 0 "svcd --version exits 0" "$SVCD" --version
like "$OUT" '^svcd [0-9]+\.[0-9]+' "svcd --version prints \"svcd VERSION\""
exits 0 "svcd --help exits 0" "$SVCD" --help
like "$OUT" '--unit-path' "svcd --help mentions --unit-path"

exits 1 "svcctl exits 1 when svcd is not running" svcctl status running
like "$ERR" "$SOCK" "the error names the socket"
exits 1 "an unknown verb exits non-zero" svcctl frobnicate

svcd_start
ok "running.service becomes active" wait_until prop_is running.service ActiveState active
ok "stopped.service becomes active" wait_until prop_is stopped.service ActiveState active
exits 0 "svcctl stop stopped" svcctl stop stopped

exits 4 "status of a unit that does not exist exits 4" svcctl status nope
like "$ERR" 'Unit nope\.service could not be found\.' "the error names nope.service"
exits 0 "svcctl start wants-ghost exits 0 (Wants= of a unit with no file is no failure)" svcctl start wants-ghost
is "$(prop ghost.service LoadState)" not-found "svcd knows ghost.service now: LoadState=not-found"
exits 4 "status of a unit only another unit names (Wants=, no file) exits 4, as systemctl's" svcctl status ghost
like "$ERR" '^Unit ghost\.service could not be found\.$' "... and says it could not be found"
is "$OUT" "" "... with no status block"
exits 0 "show still shows it" svcctl show -p LoadState ghost
exits 4 "status with --json exits 4 too" svcctl --json status ghost
like "$OUT" '"LoadState": *"not-found"' "... and prints what svcd knows"
exits 4 "status of it beside an inactive unit: the worse exit, 4" svcctl status stopped ghost
exits 4 "stop of a unit that does not exist exits 4" svcctl stop nope.service
like "$ERR" 'nope\.service' "the error names the unit"
exits 4 "start of a unit that does not exist exits 4" svcctl start nope
exits 3 "status of an inactive unit exits 3" svcctl status stopped
exits 3 "status exits 3 if any of several units is inactive" svcctl status running stopped
like "$OUT" 'running\.service' "both are shown: running.service"
like "$OUT" 'stopped\.service' "both are shown: stopped.service"
exits 0 "status of an active unit exits 0" svcctl status running
exits 0 "-q status of an active unit exits 0" svcctl -q status running
exits 0 "svcctl status without a unit prints the manager summary" svcctl status
exits 0 "list-units is an alias of list" svcctl list-units
like "$OUT" 'running\.service' "list-units lists running.service"

# --- reload, reload-or-restart, try-reload-or-restart -------------------------------------
exits 4 "reload of a unit that does not exist exits 4" svcctl reload no-such-unit
like "$ERR" 'no-such-unit\.service' "the error names the unit"
exits 1 "reload of a unit without ExecReload= exits 1" svcctl reload running
like "$ERR" 'Failed to reload running\.service: Job type reload is not applicable for unit running\.service\.' \
        "... saying the reload is not applicable, as systemctl does"
exits 1 "reload of an inactive unit exits 1" svcctl reload reloadable
like "$ERR" 'Unit reloadable\.service is not active, cannot reload\.' "... saying it is not active"
exits 0 "reload-or-restart of an inactive unit starts it" svcctl reload-or-restart reloadable
is "$(prop reloadable.service ActiveState)" active "reloadable.service is active"
exits 0 "reload of a running unit with ExecReload= exits 0" svcctl reload reloadable
is "$(cat "$T/reloads" 2>/dev/null)" reloaded "ExecReload= ran once, before svcctl returned"
is "$(prop reloadable.service SubState)" running "the unit runs on"
pid=$(prop reloadable.service MainPID)
exits 0 "reload-or-restart of a running unit that can reload reloads it" svcctl reload-or-restart reloadable
is "$(prop reloadable.service MainPID)" "$pid" "... the main process stays"
is "$(wc -l <"$T/reloads")" 2 "... ExecReload= ran again"
exits 0 "force-reload (try-reload-or-restart) of a running unit reloads it" svcctl force-reload reloadable
is "$(wc -l <"$T/reloads")" 3 "... ExecReload= ran again"
pid=$(prop running.service MainPID)
exits 0 "reload-or-restart of a unit without ExecReload= restarts it" svcctl reload-or-restart running
isnt "$(prop running.service MainPID)" "$pid" "... with a new main process"
exits 0 "try-reload-or-restart leaves an inactive unit alone" svcctl try-reload-or-restart stopped
is "$(prop stopped.service ActiveState)" inactive "stopped.service is still inactive"
exits 0 "start badreload" svcctl start badreload
exits 1 "a reload whose ExecReload= fails exits 1" svcctl reload badreload
like "$ERR" 'Job for badreload\.service failed because the control process exited with error code\.' \
        "... as systemctl says it"
is "$(prop badreload.service ReloadResult)" exit-code "ReloadResult=exit-code"
is "$(prop badreload.service ActiveState)/$(prop badreload.service Result)" active/success \
        "the unit runs on, its Result untouched"

# --- --no-block ----------------------------------------------------------------------------
# (svcctl gives up after DEADLINE, lib.sh: a job verb that waits shows as a failure, not a hang.)
exits 0 "--no-block start of a Type=notify unit that never gets ready exits 0 at once" \
        svcctl --no-block start never
is "$(prop never.service ActiveState)/$(prop never.service SubState)" activating/start \
        "right after, never.service is activating (start)"
exits 0 "--json --no-block start prints the unit's state at once" svcctl --json --no-block start never
like "$OUT" '"ActiveState": *"activating"' "... activating"
exits 3 "status of an activating unit exits 3" svcctl status never
like "$OUT" 'Active: activating \(start\)' "status shows \"activating (start)\""
exits 0 "--no-block stop exits 0" svcctl --no-block stop never
ok "never.service becomes inactive" wait_until prop_is never.service ActiveState inactive
exits 3 "status of a stopped unit exits 3" svcctl status never
like "$OUT" 'Active: inactive \(dead\)' "status shows \"inactive (dead)\""
exits 0 "--no-block reload exits 0" svcctl --no-block reload reloadable
reloaded_four_times() { [ "$(wc -l <"$T/reloads")" -eq 4 ]; }
ok "... and the reload happens" wait_until reloaded_four_times
exits 0 "--no-block restart exits 0" svcctl --no-block restart reloadable
exits 0 "--no-block reload-or-restart exits 0" svcctl --no-block reload-or-restart running
exits 0 "--no-block try-restart exits 0" svcctl --no-block try-restart running

# --- what status and show say --------------------------------------------------------------
ok "running.service is active again" wait_until prop_is running.service ActiveState active
exits 0 "status of a running unit exits 0" svcctl status running
like "$OUT" 'Active: active \(running\)' "status shows \"active (running)\""
like "$OUT" 'Main PID: [0-9]+ \(sleep\)' "status shows the main PID"
like "$OUT" '^(Process tracking: process group|     CGroup: /.*/svcd-[0-9a-f]{8}/[a-z.-]+\.service)$' "status says how svcd tracks processes"
unlike "$OUT" 'Control PID|Cntrl PID' "no control process is shown when none runs"
like "$(prop running.service ProcessTracking)" '^(cgroup|process-group)$' "ProcessTracking says cgroup or process-group"
is "$(prop running.service ControlPID)" 0 "ControlPID=0"
is "$(prop running.service NotifyAccess)" none "NotifyAccess=none for Type=simple"
is "$(prop never.service NotifyAccess)" main "NotifyAccess=main for Type=notify"
is "$(prop running.service RemainAfterExit)" false "RemainAfterExit is a boolean"
exits 0 "show -p TimeoutStartUSec of TimeoutStartSec=infinity" svcctl show -p TimeoutStartUSec never
is "$OUT" "TimeoutStartUSec=infinity" "... prints infinity, as systemctl does"

exits 0 "svcctl -s SOCKET wins over the environment" env SVCD_SOCKET=/nonexistent "$SVCCTL" -s "$SOCK" status running
exits 0 "svcctl --socket=SOCKET works too" env SVCD_SOCKET=/nonexistent "$SVCCTL" --socket="$SOCK" status running

ok "svcd is still running" svcd_running
done_testing
