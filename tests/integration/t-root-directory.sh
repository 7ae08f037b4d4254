#!/usr/bin/env bash
# t-root-directory.sh: RootDirectory= (systemd.exec(5)): the service runs chroot'ed in a tree
# of its own, with the API file systems mounted there (MountAPIVFS=, implied), /usr bound in
# read-only, a command named without a slash looked up inside the new root, and
# WorkingDirectory= inside it. Proven from inside: the probe's output goes to a file svcd
# opened on the host (StandardOutput=truncate:).
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

root=$T/root
mkdir -p "$root/usr" "$root/tmp" "$root/srv/www"
echo "only on the host" >"$T/host-only"
binds=("BindReadOnlyPaths=/usr")
# Merged /usr (Debian 12's default) has /bin -> usr/bin; an older layout needs the binds.
for d in bin lib lib64 sbin; do
        if [ -L "/$d" ]; then
                ln -s "$(readlink "/$d")" "$root/$d"
        elif [ -d "/$d" ]; then
                mkdir -p "$root/$d"
                binds+=("BindReadOnlyPaths=/$d")
        fi
done
cat >"$root/srv/probe" <<'EOF'
#!/bin/sh
echo "root: $(ls / | tr '\n' ' ')"
echo "cwd: $(pwd)"
echo "proc: $(test -r /proc/self/status && echo mounted || echo missing)"
echo "usr: $( (: >/usr/svcd-root-test) 2>/dev/null && echo writable || echo read-only)"
echo "host: $(test -e HOSTFILE && echo visible || echo hidden)"
echo done
exec sleep 3600
EOF
sed -i "s|HOSTFILE|$T/host-only|" "$root/srv/probe"
chmod 0755 "$root/srv/probe"

{
        echo "[Service]"
        echo "ExecStart=/srv/probe"
        echo "RootDirectory=$root"
        echo "WorkingDirectory=/srv/www"
        echo "StandardOutput=truncate:$T/rooted.out"
        printf '%s\n' "${binds[@]}"
} | unit rooted.service

# ExecSearchPath= inside the root: "probe" is /srv/probe there, and nowhere on the host.
{
        echo "[Service]"
        echo "ExecStart=probe"
        echo "ExecSearchPath=/srv"
        echo "RootDirectory=$root"
        echo "StandardOutput=truncate:$T/searched.out"
        printf '%s\n' "${binds[@]}"
} | unit searched.service

svcd_start

exits 0 "svcctl start rooted exits 0" svcctl start rooted
ok "rooted.service wrote what it sees" wait_until grep -q '^done$' "$T/rooted.out"
out=$(<"$T/rooted.out")
diag "$out"
like "$out" '^root: (.* )?srv .*usr $' "its / is the RootDirectory= tree"
unlike "$out" '^root: .*(etc|home|root|var) ' "... not the host's: no /etc, /home, /root or /var"
like "$out" '^cwd: /srv/www$' "WorkingDirectory= is inside the new root"
like "$out" '^proc: mounted$' "/proc is mounted inside (MountAPIVFS= is implied)"
like "$out" '^usr: read-only$' "/usr is bound in read-only"
like "$out" '^host: hidden$' "a host file outside the tree is not visible"

exits 0 "svcctl start searched exits 0" svcctl start searched
ok "searched.service ran /srv/probe of the new root" wait_until grep -q '^done$' "$T/searched.out"
is "$(prop searched.service ExecMainPID)" "$(prop searched.service MainPID)" "it is running"

done_testing
