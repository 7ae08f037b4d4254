#!/usr/bin/env bash
# t-garbage-params.sh: every method of io.svcd.Manager, as svcd describes it, called with
# each of its parameters set to a value of every JSON kind, and with "parameters" that are
# not an object (param-sweep.py, about 400 calls a pass). svcd must answer each call (no
# hang, no connection closed on a well-framed request), refuse every value of the wrong
# type with org.varlink.service.InvalidParameter once the unit it names exists, refuse a
# request over its size bound with ProtocolError, and stay up and serving, its units as
# they were (under ASan: no report). Shutdown is checked on its own: a wrong type must not
# shut svcd down with a status nobody asked for.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

sweep=$(dirname -- "${BASH_SOURCE[0]}")/param-sweep.py

unit simple.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
EOF
unit target.service <<EOF
[Service]
Type=oneshot
ExecStart=/bin/true
EOF
enable_units simple.service
svcd_start
ok "simple.service becomes active" wait_until prop_is simple.service ActiveState active
simple_pid=$(prop simple.service MainPID)

# outcomes FILE FILTER: the lines of FILE that FILTER (an awk condition) selects.
outcomes() { awk -F' -> ' "$2" "$1"; }

for pass in nosuch.service target.service; do
        out=$T/sweep-$pass
        python3 "$sweep" "$SOCK" "$pass" >"$out" 2>"$out.err"
        is "$?" 0 "the sweep naming $pass ran to its end"
        [ -s "$out.err" ] && diag "$(head -n 20 "$out.err")"
        like "$(wc -l <"$out")" '^[0-9]{3,}$' "... hundreds of calls ($(wc -l <"$out"))"
        is "$(outcomes "$out" '$2 == "closed" || $2 == "timeout"')" "" \
                "... svcd answered every one (none closed, none left waiting)"
        is "$(outcomes "$out" '$1 ~ / long / && $2 != "error io.svcd.Manager.ProtocolError"')" "" \
                "... a request over the size bound gets ProtocolError"
        is "$(outcomes "$out" '$1 ~ /\(parameters\)/ && $2 !~ /^error /')" "" \
                "... \"parameters\" that are not an object get an error"
        ok "... svcd still serves" "$SVCCTL" status simple
done
# With a unit that exists, every parameter is looked at: a wrong type is always refused.
is "$(outcomes "$T/sweep-target.service" '$1 ~ / wrong$/ && $1 !~ / long / && $2 != "error org.varlink.service.InvalidParameter"')" "" \
        "naming an existing unit, every value of the wrong type gets InvalidParameter"
like "$(outcomes "$T/sweep-target.service" '$1 ~ / wrong$/' | wc -l)" '^[0-9]{3,}$' "... which were hundreds of calls"
is "$(prop simple.service ActiveState)/$(prop simple.service MainPID)" "active/$simple_pid" \
        "simple.service ran through it all, the same process"

# Shutdown: each of these must be refused, and svcd stay.
for params in '{"action": 5}' '{"action": "bogus"}' '{"action": null}' '{}' \
        '{"action": "exit", "exitCode": "x"}' '{"action": "exit", "exitCode": 1.5}' \
        '{"action": "exit", "exitCode": [3]}' '{"action": "exit", "exitCode": 300}' \
        '{"action": "exit", "exitCode": -1}' '{"action": "poweroff", "exitCode": 3}'; do
        like "$(varlink "{\"method\": \"io.svcd.Manager.Shutdown\", \"parameters\": $params}")" \
                '"error": *"org\.varlink\.service\.InvalidParameter"' "Shutdown $params: InvalidParameter"
        ok "... and svcd is still running" svcd_running
done
done_testing
