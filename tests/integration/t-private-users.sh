#!/usr/bin/env bash
# t-private-users.sh: PrivateUsers= (systemd.exec(5)): the service runs in a user namespace
# of its own where only root and its own user and group are mapped, everything else is
# nobody, and its capabilities count only inside: proven from inside the service. The
# probes write to a file svcd opened on the host (StandardOutput=truncate:), so the answer
# gets out whatever the sandbox hides.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

touch "$T/owned-by-1234"
chown 1234:1234 "$T/owned-by-1234"
probe=$(write_script probe.sh <<EOF
#!/bin/sh
echo "uid_map: \$(tr -s ' ' <"/proc/self/uid_map" | sed 's/^ //' | tr '\n' ',')"
echo "gid_map: \$(tr -s ' ' <"/proc/self/gid_map" | sed 's/^ //' | tr '\n' ',')"
echo "id: \$(id -u):\$(id -g)"
echo "foreign file owner: \$(stat -c %u:%g $T/owned-by-1234)"
echo "hostname: \$(hostname svcd-private-users-test 2>/dev/null && echo changed || echo refused)"
echo done
exec sleep 3600
EOF
)
chmod 0755 "$T"

unit root-pu.service <<EOF
[Service]
ExecStart=$probe
PrivateUsers=yes
StandardOutput=truncate:$T/root-pu.out
EOF
unit nobody-pu.service <<EOF
[Service]
ExecStart=$probe
User=nobody
PrivateUsers=yes
ProtectSystem=strict
StandardOutput=truncate:$T/nobody-pu.out
EOF
unit plus-pu.service <<EOF
[Service]
ExecStart=+$probe
PrivateUsers=yes
StandardOutput=truncate:$T/plus-pu.out
EOF

SVCD_UNSHARE_OPTIONS=--uts # a broken PrivateUsers= could then rename only svcd's namespace
svcd_start

for u in root-pu nobody-pu plus-pu; do
        exits 0 "svcctl start $u exits 0" svcctl start $u
        ok "$u.service wrote what it sees" wait_until grep -q '^done$' "$T/$u.out"
done
r=$(<"$T/root-pu.out")
diag "$r"
like "$r" '^uid_map: 0 0 1,$' "root: only root is mapped (uid)"
like "$r" '^gid_map: 0 0 1,$' "root: only root is mapped (gid)"
like "$r" '^id: 0:0$' "root: it is root inside"
like "$r" '^foreign file owner: 65534:65534$' "root: another user's file belongs to nobody inside"
like "$r" '^hostname: refused$' "root: its capabilities do not reach the host's namespaces"

n=$(<"$T/nobody-pu.out")
diag "$n"
like "$n" '^uid_map: 0 0 1,65534 65534 1,$' "User=nobody: root and nobody are mapped (uid)"
like "$n" '^gid_map: 0 0 1,65534 65534 1,$' "User=nobody: root and nogroup are mapped (gid)"
like "$n" '^id: 65534:65534$' "User=nobody: it runs as nobody inside"

p=$(<"$T/plus-pu.out")
like "$p" '^uid_map: 0 0 4294967295,$' "'+': no user namespace for this command"

done_testing
