#!/usr/bin/env bash
# t-distro-run.sh: a Debian package's own unit file runs unchanged under svcd, with the
# hardening it asks for: memcached.service (PrivateTmp=, ProtectSystem=full,
# NoNewPrivileges=, PrivateDevices=, CapabilityBoundingSet=, RestrictAddressFamilies=,
# MemoryDenyWriteExecute=, RestrictNamespaces=, ...). It must start, answer its protocol,
# and show from /proc that the sandbox is there. In a network namespace of its own, so its
# port never clashes with the host's. Skipped where memcached is not installed (CI
# installs it, see scripts/lib.sh).
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

unit_file=/lib/systemd/system/memcached.service
[ -f "$unit_file" ] && [ -x /usr/bin/memcached ] || skip_all "memcached is not installed"

cp "$unit_file" "$UNITS/"
enable_units memcached.service
SVCD_UNSHARE_OPTIONS=--net
svcd_start --log-level info

# A new network namespace has "lo" down; up it (SIOCGIFFLAGS/SIOCSIFFLAGS).
nsenter -t "$SVCD_PID" -n -- python3 -c '
import fcntl, socket, struct
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
flags = struct.unpack("16sH", fcntl.ioctl(s, 0x8913, struct.pack("16sH22x", b"lo", 0))[:18])[1]
fcntl.ioctl(s, 0x8914, struct.pack("16sH22x", b"lo", flags | 1))'

ok "memcached.service becomes active" wait_until prop_is memcached.service ActiveState active
# After= and PIDFile= wait for the dependency and lifecycle work; the hardening is all there.
unlike "$(svcd_log)" 'memcached\.service:[0-9]+: (PrivateTmp|ProtectSystem|NoNewPrivileges|PrivateDevices|CapabilityBoundingSet|RestrictAddressFamilies|MemoryDenyWriteExecute|ProtectKernelModules|ProtectKernelTunables|ProtectControlGroups|RestrictRealtime|RestrictNamespaces)= is not supported' \
        "svcd supports every hardening directive it sets"
stats=$(nsenter -t "$SVCD_PID" -n -- python3 -c '
import socket, time
for _ in range(100):
    try:
        s = socket.create_connection(("127.0.0.1", 11211), timeout=2)
        break
    except OSError:
        time.sleep(0.1)
s.sendall(b"set k 0 0 5\r\nhello\r\nget k\r\n")
data = b""
while not data.endswith(b"END\r\n"):
    data += s.recv(4096)
print(data.decode().replace("\r\n", "|"))' 2>&1)
is "$stats" "STORED|VALUE k 0 5|hello|END|" "memcached stores and returns a value"

# Its main process is the wrapper (perl); memcached itself is its child.
pid=$(prop memcached.service MainPID)
st=$(in_ns cat "/proc/$pid/status")
like "$st" '^NoNewPrivs:[[:space:]]+1$' "NoNewPrivileges=true"
like "$st" '^Seccomp:[[:space:]]+2$' "RestrictAddressFamilies= and friends: seccomp filters"
# What of SETGID (6), SETUID (7) and SYS_RESOURCE (24) this machine's bounding set has.
want=$(printf '%016x' $(( 0x$(awk '/^CapBnd/ {print $2}' /proc/self/status) & 0x10000c0 )))
like "$st" "^CapBnd:[[:space:]]+$want\$" "CapabilityBoundingSet=CAP_SETGID CAP_SETUID CAP_SYS_RESOURCE"
is "$(in_ns sh -c "ls /proc/$pid/root/dev | sort | tr '\n' ' '")" \
        "$(in_ns sh -c "ls /proc/$pid/root/dev | grep -E '^(null|zero|full|random|urandom|tty|ptmx|pts|shm|mqueue|hugepages|stdin|stdout|stderr|fd|core|log)$' | sort | tr '\n' ' '")" \
        "PrivateDevices=true: /dev has only the minimal nodes"
exits 0 "svcctl status memcached exits 0" svcctl status memcached
unlike "$OUT" 'NotEnforced' "nothing it asks for is left unenforced"
exits 0 "svcctl stop memcached exits 0" svcctl stop memcached

done_testing
