#!/usr/bin/env bash
# t-sandbox.sh: the filesystem and namespace sandbox of systemd.exec(5) "Sandboxing", proven
# from inside each service: a probe script tries what the directive forbids and prints what
# happened to its stdout, which svcd opened on the host (StandardOutput=truncate:), so the
# answer gets out whatever the sandbox hides. ProtectSystem=, ProtectHome=, PrivateTmp=,
# PrivateDevices=, PrivateNetwork=, ProtectHostname=, ReadOnlyPaths=, InaccessiblePaths=,
# TemporaryFileSystem=, BindPaths=, NoExecPaths=/ExecPaths=, ProtectKernelTunables=,
# ProtectProc=; and a missing path fails the start as systemd's does (226/NAMESPACE).
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

# svcd gets a UTS namespace of its own: even a broken ProtectHostname= could then only
# rename svcd's namespace, never this machine.
SVCD_UNSHARE_OPTIONS=--uts

# Names unique to this run: the host's /tmp, /var/lib and the hostname are shared.
tag=svcd-sbx-$$-${T##*.}
state=$tag-state
# The PrivateTmp= unit's name is unique too: its host directories carry it.
ptmp=ptmp-$$
_sandbox_cleanup() {
        _cleanup
        rm -rf "/var/lib/$state" "/tmp/$tag-marker" "/tmp/$tag-inside" "/tmp/svcd-private-$ptmp.service-"* \
                "/var/tmp/svcd-private-$ptmp.service-"*
}
trap _sandbox_cleanup EXIT

mkdir -p "$T/rw" "$T/ro" "$T/secret" "$T/tfs" "$T/src" "$T/nx/ok"
echo secret >"$T/secret/inside"
echo secret >"$T/secret.txt"
echo old >"$T/tfs/old"
echo hello >"$T/src/hello"
echo data >"$T/ro/data"
printf '#!/bin/sh\necho ran\n' >"$T/nx/run.sh"
printf '#!/bin/sh\necho ran\n' >"$T/nx/ok/run.sh"
chmod 0755 "$T/nx/run.sh" "$T/nx/ok/run.sh"
echo marker >"/tmp/$tag-marker"

# try PATH: prints "denied: MESSAGE" if creating PATH fails, else "writable" (and removes it).
probe_lib='try() { if err=$( (: >"$1") 2>&1); then rm -f "$1"; echo writable; else echo "denied: ${err##*: }"; fi; }'

# sandboxed NAME SCRIPT-BODY SETTINGS...: a unit running a probe with these [Service] lines;
# the probe's output ends with "done" and lands in $T/NAME.out.
sandboxed() {
        local name=$1 body=$2 script
        shift 2
        script=$(printf '#!/bin/sh\n%s\n%s\necho done\nexec sleep 3600\n' "$probe_lib" "$body" | write_script "$name.sh")
        { echo "[Service]"; echo "ExecStart=$script"; echo "StandardOutput=truncate:$T/$name.out"
          printf '%s\n' "$@"; } | unit "$name.service"
}

sandboxed strict 'echo "usr $(try /usr/'"$tag"')"
echo "etc $(try /etc/'"$tag"')"
echo "rw $(try '"$T"'/rw/file)"
echo "state $(try /var/lib/'"$state"'/file)"
echo "other $(try '"$T"'/not-listed)"' \
        ProtectSystem=strict "ReadWritePaths=$T/rw" "StateDirectory=$state"
sandboxed home 'for d in /root /home; do [ -d "$d" ] && echo "$d $(stat -c %a "$d") $(ls -A "$d" | wc -l)"; done' \
        ProtectHome=yes
sandboxed "$ptmp" '[ -e /tmp/'"$tag"'-marker ] && echo "marker visible" || echo "marker hidden"
echo inside >/tmp/'"$tag"'-inside && echo "wrote inside"
echo "tmp mode $(stat -c %a /tmp)"' \
        PrivateTmp=yes "BindReadOnlyPaths=$T"
sandboxed pdev 'echo "dev: $(ls -A /dev | sort | tr "\n" " ")"
echo "block devices: $(find /dev -xdev -type b | wc -l)"
echo x >/dev/null && echo "null works"
echo "dev $(try /dev/'"$tag"')"' \
        PrivateDevices=yes
sandboxed pnet 'echo "links: $(ip -o link show | awk -F": " "{print \$2}" | tr "\n" " ")"
echo "lo: $(ip -o link show lo | sed "s/.*<\(.*\)>.*/\1/")"' \
        PrivateNetwork=yes
sandboxed uts 'hostname '"$tag"' 2>/dev/null && echo "renamed to $(hostname)" || echo "rename refused"' \
        ProtectHostname=yes
sandboxed ro 'echo "write $(try '"$T"'/ro/new)"
echo "read $(cat '"$T"'/ro/data)"' \
        "ReadOnlyPaths=$T/ro"
sandboxed inacc 'echo "dir $(stat -c %a '"$T"'/secret) $(ls -A '"$T"'/secret | wc -l)"
echo "file [$(cat '"$T"'/secret.txt)]"' \
        "InaccessiblePaths=$T/secret $T/secret.txt"
sandboxed tfs 'echo "entries $(ls -A '"$T"'/tfs | wc -l)"
echo new >'"$T"'/tfs/new && echo "wrote new"' \
        "TemporaryFileSystem=$T/tfs"
sandboxed bind 'echo "hello: $(cat '"$T"'/dst/hello)"
echo back >'"$T"'/dst/back && echo "wrote back"' \
        "BindPaths=$T/src:$T/dst"
sandboxed nx 'echo "noexec: $('"$T"'/nx/run.sh 2>&1 | sed "s/.*: //")"
echo "exec: $('"$T"'/nx/ok/run.sh 2>&1)"' \
        "NoExecPaths=$T/nx" "ExecPaths=$T/nx/ok"
sandboxed tunables 'echo "sys $(try /proc/sys/kernel/domainname)"
echo "ostype $(cat /proc/sys/kernel/ostype)"' \
        ProtectKernelTunables=yes
sandboxed pproc '[ -e /proc/1 ] && echo "pid1 visible" || echo "pid1 hidden"
[ -e /proc/$$ ] && echo "self visible"' \
        ProtectProc=invisible User=nobody
sandboxed missing-ok 'echo started' "ReadOnlyPaths=-$T/does-not-exist"
unit missing.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
ReadOnlyPaths=$T/does-not-exist
EOF

units=(strict home "$ptmp" pdev pnet uts ro inacc tfs bind nx tunables pproc missing-ok)
for u in "${units[@]}"; do enable_units "$u.service"; done
enable_units missing.service
svcd_start

finished() { grep -qx done "$T/$1.out" 2>/dev/null; }
for u in "${units[@]}"; do
        ok "$u.service ran its probe" wait_until finished "$u"
done
out() { cat "$T/$1.out" 2>/dev/null; }

# ProtectSystem=strict: everything read-only but ReadWritePaths= and StateDirectory=.
is "$(out strict | grep '^usr')" "usr denied: Read-only file system" "strict: /usr is read-only"
is "$(out strict | grep '^etc')" "etc denied: Read-only file system" "strict: /etc is read-only"
is "$(out strict | grep '^other')" "other denied: Read-only file system" "strict: a path not listed is read-only"
is "$(out strict | grep '^rw')" "rw writable" "strict: the ReadWritePaths= directory is writable"
is "$(out strict | grep '^state')" "state writable" "strict: the StateDirectory= stays writable"
ok "strict: nothing was created in the host's /usr" test ! -e "/usr/$tag"

# ProtectHome=yes: the homes are empty and mode 0000.
[ -d /root ] && like "$(out home)" "^/root 0 0$" "home: /root is inaccessible and empty"
[ -d /home ] && like "$(out home)" "/home 0 0" "home: /home is inaccessible and empty"

# PrivateTmp=yes: neither side sees the other's /tmp; what the service writes lands in its
# private directory on the host.
is "$(out "$ptmp" | grep marker)" "marker hidden" "ptmp: a file in the host's /tmp is not visible"
is "$(out "$ptmp" | grep wrote)" "wrote inside" "ptmp: the service can write its /tmp"
ok "ptmp: what it wrote is not in the host's /tmp" test ! -e "/tmp/$tag-inside"
ok "ptmp: ... but in its private directory" test -e "$(echo "/tmp/svcd-private-$ptmp.service-"*/tmp/"$tag-inside")"
is "$(out "$ptmp" | grep 'tmp mode')" "tmp mode 1777" "ptmp: its /tmp is world-writable and sticky"

# PrivateDevices=yes: only the API pseudo devices.
expected="fd full null ptmx pts random shm stderr stdin stdout tty urandom zero"
[ -d /dev/mqueue ] && expected="$expected mqueue"
[ -d /dev/hugepages ] && expected="$expected hugepages"
[ -e /proc/kcore ] && expected="$expected core"
expected="$(tr ' ' '\n' <<<"$expected" | sort | tr '\n' ' ')"
is "$(out pdev | grep '^dev:')" "dev: $expected" "pdev: /dev has only the minimal nodes"
is "$(out pdev | grep '^block')" "block devices: 0" "pdev: no block devices (no /dev/sda)"
is "$(out pdev | grep '^null')" "null works" "pdev: /dev/null works"
is "$(out pdev | grep '^dev denied')" "dev denied: Read-only file system" "pdev: /dev is read-only"

# PrivateNetwork=yes: only lo, and it is up (as ip(8) sees it from inside).
if command -v ip >/dev/null; then
        is "$(out pnet | grep links)" "links: lo " "pnet: the only network link is lo"
        like "$(out pnet | grep 'lo:')" "(^|,)UP(,|$)" "pnet: lo is up"
fi
pnet_pid=$(prop pnet.service MainPID)
isnt "$(in_ns readlink "/proc/$pnet_pid/ns/net")" "$(in_ns readlink /proc/1/ns/net)" \
        "pnet: the service has a network namespace of its own"

# ProtectHostname=yes: a UTS namespace of its own.
svcd_hostname=$(nsenter -t "$SVCD_PID" -u hostname)
isnt "$svcd_hostname" "$tag" "uts: the hostname outside did not change"
uts_pid=$(prop uts.service MainPID)
isnt "$(in_ns readlink "/proc/$uts_pid/ns/uts")" "$(in_ns readlink /proc/1/ns/uts)" \
        "uts: the service has a UTS namespace of its own"

# ReadOnlyPaths=, InaccessiblePaths=, TemporaryFileSystem=, BindPaths=, NoExecPaths=.
is "$(out ro)" "$(printf 'write denied: Read-only file system\nread data\ndone')" "ro: readable, not writable"
is "$(out inacc | grep dir)" "dir 0 0" "inacc: the directory is empty and mode 0000"
is "$(out inacc | grep file)" "file []" "inacc: the file is empty"
is "$(out tfs | grep entries)" "entries 0" "tfs: the tmpfs hides what was there"
is "$(out tfs | grep wrote)" "wrote new" "tfs: the tmpfs is writable"
ok "tfs: what it wrote stays in the tmpfs" test ! -e "$T/tfs/new"
is "$(out bind | grep hello)" "hello: hello" "bind: the source shows at the destination"
is "$(cat "$T/src/back" 2>/dev/null)" back "bind: a BindPaths= mount is writable through to the source"
is "$(out nx | grep noexec)" "noexec: Permission denied" "nx: NoExecPaths= stops exec"
is "$(out nx | grep '^exec')" "exec: ran" "nx: ExecPaths= below it allows exec again"

# ProtectKernelTunables=yes, ProtectProc=invisible.
is "$(out tunables | grep sys)" "sys denied: Read-only file system" "tunables: /proc/sys is read-only"
is "$(out tunables | grep ostype)" "ostype Linux" "tunables: /proc/sys is still readable"
is "$(out pproc | grep pid1)" "pid1 hidden" "pproc: root's processes are invisible to nobody"
is "$(out pproc | grep self)" "self visible" "pproc: its own are not"

# A path that must exist and does not: the start fails as systemd's (226/NAMESPACE); with
# "-" the path is skipped.
ok "missing.service ends failed" wait_until prop_is missing.service ActiveState failed
is "$(prop missing.service ExecMainStatus)" 226 "missing: ExecMainStatus is 226 (NAMESPACE)"
like "$(svcd_log)" "missing\\.service: ReadOnlyPaths=: cannot use $T/does-not-exist: No such file or directory" \
        "missing: svcd's log names the unit, the directive and the path"
is "$(out missing-ok)" "$(printf 'started\ndone')" "missing-ok: with \"-\" the missing path is skipped"
unlike "$(svcd_log)" "Not enforced here" "svcd enforced every directive here"

done_testing
