#!/usr/bin/env bash
# t-cli.sh: svcctl's surface: --help lists the verbs, --version, exit codes as systemctl's
# (4 no such unit, 3 inactive, 1 cannot connect), unit-name completion, errors that name
# the unit.
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
enable_units running.service stopped.service

exits 0 "svcctl --help exits 0" svcctl --help
for verb in list status start stop restart; do
        like "$OUT" "(^|[[:space:]])$verb([[:space:]]|$)" "--help lists the verb $verb"
done
like "$OUT" '--json' "--help mentions --json"
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
exits 0 "svcctl -s SOCKET wins over the environment" env SVCD_SOCKET=/nonexistent "$SVCCTL" -s "$SOCK" status running
exits 0 "svcctl --socket=SOCKET works too" env SVCD_SOCKET=/nonexistent "$SVCCTL" --socket="$SOCK" status running

ok "svcd is still running" svcd_running
done_testing
