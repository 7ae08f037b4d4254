#!/usr/bin/env bash
# t-seccomp.sh: system call filtering as systemd.exec(5) describes it, proven from inside real
# services: SystemCallFilter= (allow and "~" deny lists, groups, SystemCallErrorNumber=),
# RestrictAddressFamilies=, and a filter that denies execve() failing the start at step EXEC
# with status 203, as systemd's does.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

PY=/usr/bin/python3
[ -x "$PY" ] || skip_all "needs $PY"
grep -q '^Seccomp:' /proc/self/status || skip_all "the kernel has no seccomp"

# status.sh OUT: a plain shell script under an allow list: copies its own seccomp mode and
# says it got through its work, then idles.
status=$(write_script status.sh <<'EOF'
#!/bin/sh
grep '^Seccomp:' /proc/$$/status >"$1.tmp"
date +%s >/dev/null && echo ran-normally >>"$1.tmp"
mv "$1.tmp" "$1"
exec sleep 3600
EOF
)

# chmod.py OUT: chmod(2) and fchmodat(2) on a file of its own; writes what each returned.
chmod_py=$(write_script chmod.py <<EOF
#!$PY
import errno, os, sys
out = sys.argv[1]
open(out + ".target", "w").close()
def attempt(f):
    try:
        f()
        return "ok"
    except OSError as e:
        return errno.errorcode[e.errno]
dirfd = os.open(os.path.dirname(out), os.O_RDONLY | os.O_DIRECTORY)
res = ["chmod=" + attempt(lambda: os.chmod(out + ".target", 0o600)),
       "fchmodat=" + attempt(lambda: os.chmod(os.path.basename(out) + ".target", 0o600, dir_fd=dirfd))]
with open(out + ".tmp", "w") as f:
    f.write(" ".join(res) + "\n")
os.rename(out + ".tmp", out)
EOF
)

# af-probe.py OUT: which address families socket(2) may open.
socket_py=$(write_script af-probe.py <<EOF
#!$PY
import errno, os, socket, sys
out = sys.argv[1]
def attempt(family, kind):
    try:
        socket.socket(family, kind).close()
        return "ok"
    except OSError as e:
        return errno.errorcode[e.errno]
res = ["inet=" + attempt(socket.AF_INET, socket.SOCK_STREAM),
       "inet6=" + attempt(socket.AF_INET6, socket.SOCK_DGRAM),
       "unix=" + attempt(socket.AF_UNIX, socket.SOCK_STREAM)]
with open(out + ".tmp", "w") as f:
    f.write(" ".join(res) + "\n")
os.rename(out + ".tmp", out)
EOF
)

# mount.sh OUT: tries to mount a tmpfs; writes mount(8)'s exit status and whether it took.
mkdir -p "$T/mnt"
mount_sh=$(write_script mount.sh <<'EOF'
#!/bin/sh
mount -t tmpfs svcd-seccomp-test "$2" 2>/dev/null
rc=$?
if grep -q " $2 tmpfs " /proc/self/mounts; then mounted=yes; else mounted=no; fi
echo "rc=$rc mounted=$mounted" >"$1.tmp"
mv "$1.tmp" "$1"
EOF
)

unit allow.service <<EOF
[Service]
SystemCallFilter=@system-service
SystemCallErrorNumber=EPERM
ExecStart=$status $T/allow
EOF

unit nochmod.service <<EOF
[Service]
SystemCallFilter=~chmod
SystemCallErrorNumber=EPERM
ExecStart=$chmod_py $T/nochmod
EOF

unit errno-entry.service <<EOF
[Service]
SystemCallFilter=~chmod:EACCES fchmodat
SystemCallErrorNumber=EROFS
ExecStart=$chmod_py $T/errno-entry
EOF

unit nomount.service <<EOF
[Service]
SystemCallFilter=~@mount
ExecStart=$mount_sh $T/nomount $T/mnt
EOF

unit unixonly.service <<EOF
[Service]
RestrictAddressFamilies=AF_UNIX
ExecStart=$socket_py $T/unixonly
EOF

unit noinet6.service <<EOF
[Service]
RestrictAddressFamilies=~AF_INET6
ExecStart=$socket_py $T/noinet6
EOF

unit noexec.service <<EOF
[Service]
SystemCallFilter=~execve
SystemCallErrorNumber=EPERM
ExecStart=/bin/true
EOF

# The hardening a distro unit typically carries, all at once: python3 (dynamically linked,
# reading and writing files) still runs, and each restriction holds.
hardened_py=$(write_script hardened.py <<EOF
#!$PY
import ctypes, errno, os, socket, sys
out = sys.argv[1]
libc = ctypes.CDLL(None, use_errno=True)
libc.mmap.restype = ctypes.c_void_p
def call(f, *args):
    if f(*args) < 0:
        return errno.errorcode[ctypes.get_errno()]
    return "ok"
def wx_mmap():
    p = libc.mmap(None, 4096, 7, 0x22, -1, 0)  # PROT_READ|WRITE|EXEC, MAP_PRIVATE|ANONYMOUS
    return "ok" if p != ctypes.c_void_p(-1).value else errno.errorcode[ctypes.get_errno()]
open(out + ".target", "w").close()
res = ["unshare=" + call(libc.unshare, 0x04000000),  # CLONE_NEWUTS
       "personality=" + call(libc.personality, 0x0008),  # PER_LINUX32
       "setuid-bit=" + call(libc.chmod, (out + ".target").encode(), 0o4755),
       "wx-mmap=" + wx_mmap()]
try:
    socket.socket(socket.AF_INET6, socket.SOCK_DGRAM).close()
    res.append("inet6=ok")
except OSError as e:
    res.append("inet6=" + errno.errorcode[e.errno])
with open(out + ".tmp", "w") as f:
    f.write(" ".join(res) + "\n")
os.rename(out + ".tmp", out)
EOF
)
unit hardened.service <<EOF
[Service]
SystemCallFilter=@system-service
SystemCallErrorNumber=EPERM
SystemCallArchitectures=native
MemoryDenyWriteExecute=yes
RestrictRealtime=yes
RestrictSUIDSGID=yes
LockPersonality=yes
RestrictNamespaces=yes
RestrictAddressFamilies=AF_UNIX AF_INET
ExecStart=$hardened_py $T/hardened
EOF

# "+" runs the command without any of the filters (systemd.service(5), Table 1).
unit plus.service <<EOF
[Service]
SystemCallFilter=~chmod
SystemCallErrorNumber=EPERM
ExecStart=+$chmod_py $T/plus
EOF

enable_units allow.service nochmod.service errno-entry.service nomount.service unixonly.service noinet6.service \
        plus.service hardened.service
svcd_start

# --- an allow list: the service runs normally, and is filtered ----------------------------
ok "allow.service wrote what it sees" wait_until test -s "$T/allow"
a=$(<"$T/allow")
like "$a" '^Seccomp:[[:space:]]+2$' "SystemCallFilter=@system-service: the service runs in seccomp filter mode"
like "$a" '^ran-normally$' "... and a shell script under it works normally"
pid=$(prop allow.service MainPID)
like "$(in_ns cat "/proc/$pid/status")" '^Seccomp:[[:space:]]+2$' "/proc/MainPID/status says Seccomp: 2"
is "$(prop allow.service ActiveState)" active "allow.service is active"

# --- deny lists ----------------------------------------------------------------------------
ok "nochmod.service wrote its results" wait_until test -s "$T/nochmod"
is "$(<"$T/nochmod")" "chmod=EPERM fchmodat=ok" \
        "SystemCallFilter=~chmod + SystemCallErrorNumber=EPERM: chmod(2) fails with EPERM, fchmodat(2) works"

ok "errno-entry.service wrote its results" wait_until test -s "$T/errno-entry"
is "$(<"$T/errno-entry")" "chmod=EACCES fchmodat=EROFS" \
        "a \":EACCES\" suffix wins over SystemCallErrorNumber=EROFS, which the plain entry gets"

ok "nomount.service wrote its results" wait_until test -s "$T/nomount"
# No SystemCallErrorNumber=: the call kills mount(8) with SIGSYS (the shell says 128+31).
is "$(<"$T/nomount")" "rc=159 mounted=no" "SystemCallFilter=~@mount: mount(8) is killed by SIGSYS, nothing is mounted"
ok "... not even outside" bash -c "! grep -q ' $T/mnt tmpfs ' /proc/$SVCD_PID/mounts"

ok "plus.service wrote its results" wait_until test -s "$T/plus"
is "$(<"$T/plus")" "chmod=ok fchmodat=ok" "ExecStart=+...: no filter for the \"+\" command"

# --- RestrictAddressFamilies= --------------------------------------------------------------
ok "unixonly.service wrote its results" wait_until test -s "$T/unixonly"
is "$(<"$T/unixonly")" "inet=EAFNOSUPPORT inet6=EAFNOSUPPORT unix=ok" \
        "RestrictAddressFamilies=AF_UNIX: AF_INET fails with EAFNOSUPPORT, AF_UNIX works"
ok "noinet6.service wrote its results" wait_until test -s "$T/noinet6"
is "$(<"$T/noinet6")" "inet=ok inet6=EAFNOSUPPORT unix=ok" "RestrictAddressFamilies=~AF_INET6 denies AF_INET6 only"

# --- all of it at once ---------------------------------------------------------------------
ok "hardened.service wrote its results" wait_until test -s "$T/hardened"
is "$(<"$T/hardened")" "unshare=EPERM personality=EPERM setuid-bit=EPERM wx-mmap=EPERM inet6=EAFNOSUPPORT" \
        "a typically hardened unit runs python3, and each restriction holds"

# --- execve() denied: the start fails at step EXEC ----------------------------------------
exits 1 "svcctl start noexec exits 1" svcctl start noexec.service
is "$(prop noexec.service ActiveState)" failed "noexec.service is failed"
is "$(svcctl show -p ExecMainStatus --value noexec.service)" 203 "ExecMainStatus is 203 (EXIT_EXEC)"
is "$(prop noexec.service StatusText)" "failed at step EXEC spawning /bin/true: Operation not permitted" \
        "StatusText names step EXEC and EPERM"
like "$(svcd_log)" 'noexec\.service: failed at step EXEC spawning /bin/true: Operation not permitted' \
        "svcd's log names the unit, the step and the errno"

done_testing
