#!/usr/bin/env bash
# t-pipelining.sh: pipelined calls on one control connection. A client that sends several
# calls and then shuts down its sending side (socat at the end of its input) gets every
# reply, in order, also when the first call is a job (StartUnit, StopUnit, RestartUnit)
# whose reply waits for the service. Back-pressure: replies larger than svcd's high-water
# mark, to a client that reads slowly at first, all arrive whole and in order.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

unit simple.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
EOF
enable_units simple.service

# Units whose status is large: ListUnits of all of them is over 1 MiB.
big_description=$(head -c 60000 /dev/zero | tr '\0' x)
big_units=()
for i in $(seq -w 1 20); do
        unit "big$i.service" <<EOF
[Unit]
Description=$i $big_description
[Service]
ExecStart=/bin/sleep 3600
EOF
        big_units+=("big$i.service")
done

svcd_start
ok "simple.service becomes active" wait_until prop_is simple.service ActiveState active
exits 0 "svcctl stop simple.service" svcctl stop simple.service

rawclient=$(dirname -- "${BASH_SOURCE[0]}")/rawclient.py

# calls CALL...: sends the calls in one go through socat, which shuts down its sending
# side at the end of its input and waits for the replies; prints one line per reply.
calls() {
        printf '%s\0' "$@" | socat -t "$DEADLINE" -T "$DEADLINE" - "UNIX-CONNECT:$SOCK" | python3 -c '
import json, sys
for message in sys.stdin.buffer.read().split(b"\0"):
    if not message:
        continue
    try:
        m = json.loads(message)
    except ValueError:
        print("bad JSON")
        continue
    p = m.get("parameters", {})
    if "error" in m:
        print("error", m["error"])
    elif "unit" in p:
        u = p["unit"]
        print("unit", u.get("Id"), u.get("ActiveState"), u.get("MainPID"))
    elif "units" in p:
        print("units", " ".join("%s=%s/%s" % (u.get("Id"), u.get("ActiveState"), u.get("MainPID"))
                                for u in p["units"] if u.get("Id") == "simple.service"))
    elif "product" in p:
        print("info")
    else:
        print("other", sorted(p))'
}
call() { # call METHOD [UNIT]
        if [ $# -gt 1 ]; then
                printf '{"method":"io.svcd.Manager.%s","parameters":{"name":"%s"}}' "$1" "$2"
        else
                printf '{"method":"%s","parameters":{}}' "$1"
        fi
}

# --- half-closed clients: a job, then another call --------------------------------------

replies=$(calls "$(call StartUnit simple.service)" "$(call org.varlink.service.GetInfo)")
diag "$replies"
is "$(wc -l <<<"$replies")" 2 "StartUnit + GetInfo, half-closed: two replies"
like "$(sed -n 1p <<<"$replies")" '^unit simple\.service active [1-9]' "first the StartUnit reply: simple.service active"
is "$(sed -n 2p <<<"$replies")" info "then the GetInfo reply"

replies=$(calls "$(call StopUnit simple.service)" "$(call GetUnit simple.service)")
diag "$replies"
is "$(wc -l <<<"$replies")" 2 "StopUnit + GetUnit, half-closed: two replies"
like "$(sed -n 1p <<<"$replies")" '^unit simple\.service inactive' "first the StopUnit reply: simple.service inactive"
like "$(sed -n 2p <<<"$replies")" '^unit simple\.service inactive' "then GetUnit, run after the stop finished: inactive"

exits 0 "svcctl start simple.service" svcctl start simple.service
old_pid=$(prop simple.service MainPID)
replies=$(calls "$(call RestartUnit simple.service)" "$(call io.svcd.Manager.ListUnits)")
diag "$replies"
is "$(wc -l <<<"$replies")" 2 "RestartUnit + ListUnits, half-closed: two replies"
like "$(sed -n 1p <<<"$replies")" '^unit simple\.service active [1-9]' "first the RestartUnit reply: simple.service active"
new_pid=$(sed -n '1s/.* //p' <<<"$replies")
isnt "$new_pid" "$old_pid" "with a new main pid"
is "$(sed -n 2p <<<"$replies")" "units simple.service=active/$new_pid" \
        "then ListUnits, run after the restart finished: the new main pid"

get_units=()
for _ in $(seq 50); do
        get_units+=("$(call GetUnit simple.service)")
done
replies=$(calls "${get_units[@]}")
is "$(grep -c '^unit simple\.service active' <<<"$replies")" 50 "50 pipelined GetUnit calls, half-closed: 50 replies"
ok "svcd is still running" svcd_running

# --- back-pressure: large replies to a slow reader --------------------------------------

exits 3 "svcctl status (exit 3: inactive) loads the 20 units with 60 KB descriptions" svcctl status "${big_units[@]}"
# Every loaded unit: the 21 services and the targets svcd loaded with them.
n_units=$("$SVCCTL" --json list | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))')
expected=$(for i in $(seq -f %02g 1 8); do
        echo "units $n_units"
        echo "unit big$i.service"
done
echo complete)
for run in 1 2 3; do
        got=$(python3 "$rawclient" "$SOCK" pipeline 8 big)
        is "$got" "$expected" "8 ListUnits (each over 1 MiB) interleaved with GetUnit, slow reader, run $run: every reply, whole, in order"
done
got=$(python3 "$rawclient" "$SOCK" pipeline 8 big shut)
is "$got" "$expected" "the same from a half-closed client"
ok "svcd still serves another client" svcctl status simple.service

done_testing
