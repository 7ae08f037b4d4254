#!/usr/bin/env bash
# t-garbage.sh: the control socket under bad clients. Garbage (1 MiB without a NUL, random
# bytes, invalid JSON) gets io.svcd.Manager.ProtocolError and a closed connection; half a
# request, a silent client and one that never reads its replies do not stop svcd from
# serving others. Plain Varlink through socat: GetInfo, GetInterfaceDescription,
# MethodNotFound, InvalidParameter (a noBlock that is not a boolean), JobNotApplicable.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

unit simple.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
EOF
enable_units simple.service
svcd_start
ok "simple.service becomes active" wait_until prop_is simple.service ActiveState active

rawclient=$(dirname -- "${BASH_SOURCE[0]}")/rawclient.py
raw() {
        python3 "$rawclient" "$SOCK" "$@"
}

serves_others() {
        "$SVCCTL" status simple >/dev/null
}

reply=$(raw garbage 1048576)
like "$reply" '"error": *"io\.svcd\.Manager\.ProtocolError"' "1 MiB without a NUL gets ProtocolError"
like "$(tail -n 1 <<<"$reply")" '^closed$' "and svcd closes that connection"
ok "svcd still serves another client" serves_others

reply=$(raw garbage 1048576 nul)
like "$reply" '"error": *"io\.svcd\.Manager\.ProtocolError"' "1 MiB of random bytes gets ProtocolError"
like "$(tail -n 1 <<<"$reply")" '^closed$' "and svcd closes that connection"
ok "svcd still serves another client" serves_others

reply=$(raw send 'this is not JSON\0')
like "$reply" '"error": *"io\.svcd\.Manager\.ProtocolError"' "invalid JSON ending in NUL gets ProtocolError"
like "$(tail -n 1 <<<"$reply")" '^closed$' "and svcd closes that connection"

reply=$(raw send '[1, 2, 3]\0')
like "$reply" '"error": *"io\.svcd\.Manager\.ProtocolError"' "a JSON array instead of an object gets ProtocolError"

ok "half a request, then the client vanishes" raw half
ok "svcd still serves another client" serves_others

# Started directly (not through the function), so that $! is python itself and the kill
# below ends it rather than a subshell.
python3 "$rawclient" "$SOCK" idle "$DEADLINE" &
idler=$!
python3 "$rawclient" "$SOCK" flood 20000 "$DEADLINE" >"$T/flood.out" &
flooder=$!
flooding() { grep -q '^flooding' "$T/flood.out"; }
ok "a client floods svcd with calls and never reads a reply" wait_until flooding
ok "while one client idles and another floods, svcd serves a third" serves_others
exits 0 "svcctl stop works meanwhile" svcctl stop simple
exits 0 "svcctl start works meanwhile" svcctl start simple
kill "$idler" "$flooder" 2>/dev/null
wait "$idler" "$flooder" 2>/dev/null

reply=$(varlink '{"method":"org.varlink.service.GetInfo"}')
like "$reply" '"product": *"svcd' "GetInfo (via socat) names the product"
like "$reply" '"interfaces": *\[[^]]*"io\.svcd\.Manager"' "GetInfo lists io.svcd.Manager"
like "$reply" '"org\.varlink\.service"' "GetInfo lists org.varlink.service"

reply=$(varlink '{"method":"org.varlink.service.GetInterfaceDescription","parameters":{"interface":"io.svcd.Manager"}}')
like "$reply" 'interface io\.svcd\.Manager' "GetInterfaceDescription describes io.svcd.Manager"
like "$reply" 'method GetUnit' "the description declares GetUnit"

reply=$(varlink '{"method":"org.varlink.service.GetInterfaceDescription","parameters":{"interface":"com.example.Nope"}}')
like "$reply" '"error": *"org\.varlink\.service\.InterfaceNotFound"' "an unknown interface gets InterfaceNotFound"

reply=$(varlink '{"method":"io.svcd.Manager.Frobnicate","parameters":{}}')
like "$reply" '"error": *"org\.varlink\.service\.MethodNotFound"' "an unknown method gets MethodNotFound"
like "$reply" 'io\.svcd\.Manager\.Frobnicate' "naming the method"

reply=$(varlink '{"method":"io.svcd.Manager.GetUnit","parameters":{}}')
like "$reply" '"error": *"org\.varlink\.service\.InvalidParameter"' "GetUnit without a name gets InvalidParameter"

reply=$(varlink '{"method":"io.svcd.Manager.GetUnit","parameters":{"name":"simple.service"}}')
like "$reply" '"ActiveState": *"active"' "GetUnit over raw Varlink answers"

reply=$(varlink '{"method":"io.svcd.Manager.GetUnit","parameters":{"name":"nope.service"}}')
like "$reply" '"error": *"io\.svcd\.Manager\.NoSuchUnit"' "GetUnit of an unknown unit gets NoSuchUnit"

# noBlock is ?bool: anything else is refused before the job is queued.
for method in StartUnit StopUnit RestartUnit TryRestartUnit ReloadUnit ReloadOrRestartUnit TryReloadOrRestartUnit; do
        reply=$(varlink '{"method":"io.svcd.Manager.'"$method"'","parameters":{"name":"simple.service","noBlock":"yes"}}')
        like "$reply" '"error": *"org\.varlink\.service\.InvalidParameter"' "$method with noBlock \"yes\" gets InvalidParameter"
        like "$reply" '"parameter": *"noBlock"' "... naming noBlock"
done
is "$(prop simple.service ActiveState)" active "none of them stopped simple.service"
reply=$(varlink '{"method":"io.svcd.Manager.StopUnit","parameters":{"name":"simple.service","noBlock":null}}')
like "$reply" '"ActiveState": *"inactive"' "StopUnit with noBlock null waits, as without it"
reply=$(varlink '{"method":"io.svcd.Manager.StartUnit","parameters":{"name":"simple.service","noBlock":true}}')
like "$reply" '"Id": *"simple\.service"' "StartUnit with noBlock true replies with the unit"
ok "simple.service becomes active again" wait_until prop_is simple.service ActiveState active
reply=$(varlink '{"method":"io.svcd.Manager.ReloadUnit","parameters":{"name":"simple.service"}}')
like "$reply" '"error": *"io\.svcd\.Manager\.JobNotApplicable"' "ReloadUnit without ExecReload= gets JobNotApplicable"
like "$reply" '"name": *"simple\.service"' "... naming the unit"
reply=$(varlink '{"method":"org.varlink.service.GetInterfaceDescription","parameters":{"interface":"io.svcd.Manager"}}')
like "$reply" 'method ReloadUnit\(name: string, noBlock: \?bool, mode: \?string\)' "the description declares ReloadUnit with noBlock and mode"
like "$reply" 'error UnitNotActive' "... and the error UnitNotActive"

ok "svcd is still running" svcd_running
done_testing
