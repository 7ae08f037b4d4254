#!/usr/bin/env bash
# t-join-namespaces.sh: NetworkNamespacePath= and IPCNamespacePath= (systemd.exec(5)): the
# service joins the namespace a path names (a bind-mounted nsfs file, as `ip netns add`
# makes) instead of a new one; a path that is not such a namespace fails the start, naming it.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

# Persistent namespaces: nsfs files bind-mounted on $T (unshare(1) --net=FILE).
touch "$T/netns" "$T/ipcns"
unshare --net="$T/netns" --ipc="$T/ipcns" true || skip_all "cannot make persistent namespaces here"
_join_cleanup() {
        umount "$T/netns" "$T/ipcns" 2>/dev/null
        _cleanup
}
trap _join_cleanup EXIT
netns=$(stat -L -c %i "$T/netns")
ipcns=$(stat -L -c %i "$T/ipcns")

unit joined.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
NetworkNamespacePath=$T/netns
IPCNamespacePath=$T/ipcns
EOF
unit private.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
PrivateNetwork=yes
EOF
unit wrongtype.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
NetworkNamespacePath=$T/ipcns
EOF
unit missing.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
NetworkNamespacePath=$T/no-such-netns
EOF

svcd_start

exits 0 "svcctl start joined exits 0" svcctl start joined
pid=$(prop joined.service MainPID)
is "$(in_ns readlink "/proc/$pid/ns/net")" "net:[$netns]" "NetworkNamespacePath=: the service is in that network namespace"
is "$(in_ns readlink "/proc/$pid/ns/ipc")" "ipc:[$ipcns]" "IPCNamespacePath=: and in that IPC namespace"
exits 0 "svcctl status joined exits 0" svcctl status joined
unlike "$OUT" 'NotEnforced' "nothing is listed as not enforced"

exits 0 "svcctl start private exits 0" svcctl start private
isnt "$(in_ns readlink "/proc/$(prop private.service MainPID)/ns/net")" "net:[$netns]" \
        "PrivateNetwork=yes alone: a network namespace of its own"

exits 1 "svcctl start wrongtype exits 1" svcctl start wrongtype
like "$(svcd_log)" "wrongtype\\.service: NetworkNamespacePath=$T/ipcns is not a network namespace\\." \
        "a namespace of another type: svcd's log names the unit, directive and path"
is "$(prop wrongtype.service ExecMainStatus)" 226 "... and the start fails at step NAMESPACE (226)"
exits 1 "svcctl start missing exits 1" svcctl start missing
like "$(svcd_log)" "missing\\.service: NetworkNamespacePath=$T/no-such-netns: No such file or directory" \
        "a missing path: svcd's log names it"

done_testing
