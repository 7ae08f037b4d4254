#!/usr/bin/env bash
# t-unprivileged.sh: svcd as PID 1 where containers put it without privileges: with only
# Docker's default capability set, on a read-only root with tmpfs /run and /tmp and no
# writable cgroup, and inside a user namespace (rootless: root in it; and a non-root uid in
# it). In each setting svcd boots, runs a plain service, starts a service whose sandboxing
# cannot be applied there and lists exactly what was not enforced (status, show, --json),
# refuses that service under --strict-sandbox with a message saying why, verifies the unit
# file, and exits 0 on SIGTERM. Where the sandbox can be applied (root in a user namespace,
# a read-only root with all capabilities), it is, and only MemoryMax= is listed where there
# is no writable cgroup.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

# The build tree may sit under a directory only root can enter (Debian's /root is 0700), and
# other users run svcd and svcctl here: everyone runs copies, from $T (0755, lib.sh).
if ! { mkdir "$T/bin" && cp "$SVCD" "$SVCCTL" "$T/bin/" && chmod 0755 "$T/bin" "$T/bin"/*; }; then
        bail "cannot copy the binaries to $T/bin"
fi
SVCD=$T/bin/$(basename -- "$SVCD") SVCCTL=$T/bin/$(basename -- "$SVCCTL")
REAL_SVCCTL=$SVCCTL
: >"$T/svcd.log"
# The probe's file: where the sandbox is not enforced it lands in the host's /tmp, /var/tmp.
probe=svcd-unpriv-probe-$$-${T##*.}
_unpriv_cleanup() {
        _cleanup
        rm -f "/tmp/$probe" "/var/tmp/$probe"
}
trap _unpriv_cleanup EXIT
NOBODY=65534
# Docker's default capabilities (moby's oci/caps/defaults.go): CapEff a80425fb.
DOCKER_CAPS=chown,dac_override,fsetid,fowner,mknod,net_raw,setgid,setuid,setfcap,setpcap,net_bind_service,sys_chroot,kill,audit_write
DOCKER_MASK=00000000a80425fb
docker_caps=$(sed 's/[^,]*/+&/g' <<<"$DOCKER_CAPS")
DOCKER_SETPRIV=(setpriv "--bounding-set=-all,$docker_caps" "--inh-caps=-all,$docker_caps" --ambient-caps=-all --)
AS_NOBODY=(setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups --)
NO_CAP_SYS_ADMIN="svcd lacks CAP_SYS_ADMIN, which namespaces need"

# Every setting runs the same units. sbx.service asks for sandboxing that needs namespaces
# (PrivateTmp=, ProtectSystem=, PrivateNetwork=, PrivateDevices=) and for MemoryMax=, which
# needs a writable cgroup with the memory controller; its output (does /dev/null work? its
# /tmp, /var/tmp?) goes to a directory that both svcd and the test see (the setting's
# runtime directory, which is /run/svcd in the read-only root). ns.service has the same
# sandbox without MemoryMax=.
unit plain.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
EOF
enable_units plain.service
write_sbx_unit() { # write_sbx_unit DIR: where the probe's output goes, as svcd sees it
        unit sbx.service <<EOF
[Service]
ExecStart=/bin/sh -c 'echo x >/dev/null && echo "null: ok"; for d in /tmp /var/tmp; do echo "\$d: \$(ls -A \$d | wc -l) \$( (touch \$d/$probe && echo writable) 2>&1 | sed "s/.*: //")"; done; echo done; exec sleep 3600'
StandardOutput=truncate:$1/sbx.out
PrivateTmp=yes
ProtectSystem=strict
PrivateNetwork=yes
PrivateDevices=yes
MemoryMax=100M
EOF
        unit ns.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
PrivateTmp=yes
ProtectSystem=strict
PrivateNetwork=yes
PrivateDevices=yes
EOF
}
unit user.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
User=nobody
EOF

# --- the settings -------------------------------------------------------------------------

# The read-only root: a new root made of the host's mounts bound read-only (but /proc and
# /dev), tmpfs on /run and /tmp, and bound in, at the same paths: the binaries and the unit
# directory (read-only), and the setting's runtime directory at /run/svcd (svcd's default,
# so svcd runs with its default paths; the test reaches the socket through the host side).
# cgroup2, if the host has it, comes along read-only: no writable cgroup.
roroot=$(write_script roroot.sh <<'EOF'
#!/bin/bash
# roroot.sh NEW-ROOT RUNTIME-DIR BIND-RO... -- COMMAND...
set -eu
root=$1 run=$2
shift 2
binds=()
while [ "$1" != -- ]; do binds+=("$1"); shift; done
shift
mount --rbind / "$root"
awk -v r="$root" '$5 == r || index($5, r "/") == 1 { print $5 }' /proc/self/mountinfo | while read -r m; do
        case $m in *\\*|"$root/proc"|"$root/proc/"*|"$root/dev"|"$root/dev/"*) continue ;; esac
        mount -o remount,bind,ro "$m" || echo "roroot.sh: cannot make $m read-only" >&2
done
mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs "$root/run"
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$root/tmp"
for d in "${binds[@]}"; do
        mkdir -p "$root$d"
        mount --bind "$d" "$root$d"
        mount -o remount,bind,ro "$root$d"
done
mkdir -p "$root/run/svcd" "$root/run/.old-root"
mount --bind "$run" "$root/run/svcd"
cd "$root"
pivot_root . run/.old-root
umount -l /run/.old-root
rmdir /run/.old-root
cd /
exec "$@"
EOF
)

# boot SETTING [SVCD-OPTION...]: svcd as PID 1 of a new PID namespace, in SETTING; waits
# until it answers, like lib.sh's svcd_start. Sets SOCK, SVCCTL (as whom to call svcd) and
# RUN_DIR (the setting's runtime directory, as the test sees it).
boot() {
        local setting=$1 end=$((SECONDS + DEADLINE)) dir=$T/$1
        shift
        mkdir -p "$dir"
        RUN_DIR=$dir SOCK=$dir/control SVCCTL=$REAL_SVCCTL
        export SVCD_SOCKET=$SOCK
        local paths=(--unit-path "$UNITS" --socket "$SOCK" --runtime-dir "$dir" --state-dir "$dir/state" --log-level debug)
        local cmd=()
        case $setting in
        docker-caps)
                cmd=(unshare --pid --fork --mount-proc --kill-child "${DOCKER_SETPRIV[@]}" "$SVCD" "${paths[@]}") ;;
        read-only-root|read-only-root-all-caps)
                # Only --unit-path: the socket, runtime and state directories are svcd's
                # defaults (/run/svcd, /var/lib/svcd: read-only here).
                mkdir -p "$T/$setting-root"
                local caps=("${DOCKER_SETPRIV[@]}")
                [ "$setting" = read-only-root ] || caps=()
                cmd=(unshare --pid --fork --mount-proc --kill-child "$roroot" "$T/$setting-root" "$dir"
                     "$UNITS" "$(dirname -- "$SVCD")" "$(dirname -- "$REAL_SVCCTL")" --
                     env -u SVCD_SOCKET -u SVCD_RUNTIME_DIR -u SVCD_UNIT_PATH "${caps[@]}"
                     "$SVCD" --unit-path "$UNITS" --log-level debug) ;;
        rootless|userns-non-root)
                # An unprivileged user of the host makes the user namespace, as rootless
                # podman does: root in it, or uid 1000 in it (no capabilities at all).
                chown "$NOBODY:$NOBODY" "$dir"
                SVCCTL=$svcctl_as_nobody
                local map=(--map-root-user)
                [ "$setting" = rootless ] || map=(--map-user=1000 --map-group=1000)
                cmd=("${AS_NOBODY[@]}" unshare --user "${map[@]}" --pid --fork --mount-proc --kill-child
                     "$SVCD" "${paths[@]}") ;;
        esac
        # One simple command, so that $! is unshare (setpriv execs it) and svcd its child.
        "${cmd[@]}" "$@" </dev/null >>"$T/svcd.log" 2>&1 &
        _svcd_unshare_pid=$!
        SVCD_PID=
        until _svcd_find_pid && _svcd_answers; do
                if _svcd_exited; then
                        boot_failed "$setting" "svcd exited during start-up"
                        return 1
                fi
                if [ $SECONDS -ge $end ]; then
                        boot_failed "$setting" "svcd did not answer on $SOCK within ${DEADLINE}s"
                        return 1
                fi
                sleep 0.05
        done
        pass "svcd ($setting) boots and answers on its socket"
}

# boot_failed SETTING WHY: the check fails, and what was started goes (--kill-child: svcd
# dies with unshare), so that the next setting starts clean.
boot_failed() {
        fail "svcd ($1) boots" "$2"
        kill -KILL "$_svcd_unshare_pid" 2>/dev/null
        wait "$_svcd_unshare_pid" 2>/dev/null
        _svcd_unshare_pid= SVCD_PID=
}

# as_svcd SETTING COMMAND...: runs COMMAND with the privileges (and file system view) svcd
# has in SETTING.
as_svcd() {
        local setting=$1
        shift
        case $setting in
        docker-caps) "${DOCKER_SETPRIV[@]}" "$@" ;;
        read-only-root) in_ns "${DOCKER_SETPRIV[@]}" "$@" ;;
        read-only-root-all-caps) in_ns "$@" ;;
        rootless) "${AS_NOBODY[@]}" unshare --user --map-root-user -- "$@" ;;
        userns-non-root) "${AS_NOBODY[@]}" unshare --user --map-user=1000 --map-group=1000 -- "$@" ;;
        esac
}

svcctl_as_nobody=$(write_script svcctl-as-nobody <<EOF
#!/bin/sh
exec ${AS_NOBODY[*]} "$REAL_SVCCTL" "\$@"
EOF
)

# not_enforced UNIT: its NotEnforced list (--json), one entry a line.
not_enforced() {
        "$SVCCTL" --json show "$1" 2>/dev/null | python3 -c '
import json, sys
for e in json.loads(sys.stdin.readline()).get("NotEnforced") or []:
    print(e)'
}
# log_names_all LOG-START LINES: svcd's log, after line LOG-START, has a "sbx.service: Not
# enforced..." line holding each of LINES.
log_names_all() {
        local line since
        since=$(log_since "$1" | grep '^svcd: sbx\.service: Not enforced')
        while IFS= read -r line; do
                [ -z "$line" ] || grep -qF -- "$line" <<<"$since" || { echo "not in the log: $line"; return 1; }
        done <<<"$2"
}
re_escape() { sed 's/[][().*+?^$|{}\\]/\\&/g'; }
cap_line() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$SVCD_PID/status"; }
sbx_finished() { grep -qx done "$RUN_DIR/sbx.out" 2>/dev/null; }

# --- one setting --------------------------------------------------------------------------

# check_setting SETTING EXPECTED: EXPECTED is the sandboxing (not MemoryMax=, which depends
# on the host's cgroups) that NotEnforced must list there, one entry a line; empty: none.
check_setting() {
        local s=$1 expected=$2 pid log_start
        log_start=$(log_lines)
        write_sbx_unit "$( [ "${s#read-only-root}" != "$s" ] && echo /run/svcd || echo "$T/$s")"
        boot "$s" || return

        # What svcd runs with.
        case $s in
        docker-caps|read-only-root)
                is "$(cap_line CapEff)/$(cap_line CapPrm)/$(cap_line CapInh)/$(cap_line CapBnd)/$(cap_line CapAmb)" \
                        "$DOCKER_MASK/$DOCKER_MASK/$DOCKER_MASK/$DOCKER_MASK/0000000000000000" \
                        "$s: svcd has exactly Docker's default capabilities (effective, permitted, inheritable, bounding; no ambient)" ;;
        rootless|userns-non-root)
                local inner=0
                [ "$s" = rootless ] || inner=1000
                is "$(awk '/^Uid:/ { print $2 }' "/proc/$SVCD_PID/status") $(awk '{ print $1, $2 }' "/proc/$SVCD_PID/uid_map")" \
                        "$NOBODY $inner $NOBODY" "$s: svcd is uid $inner in a user namespace, host uid $NOBODY" ;;
        esac
        case $s in
        read-only-root*)
                is "$(awk '$5 == "/" { print $6 }' "/proc/$SVCD_PID/mountinfo" | cut -d, -f1)" ro "$s: svcd's / is read-only"
                like "$(log_since "$log_start")" 'Process tracking: process groups and sessions \(.*(not writable|no cgroup2)' \
                        "$s: svcd boots without a writable cgroup and says so" ;;
        rootless|userns-non-root)
                like "$(log_since "$log_start")" 'Process tracking: process groups and sessions \(' \
                        "$s: svcd boots without a writable cgroup and says so" ;;
        esac
        if [ "$s" = userns-non-root ]; then
                is "$(cap_line CapEff)" 0000000000000000 "$s: svcd has no capabilities at all"
        fi

        # A plain service runs.
        ok "$s: plain.service becomes active" wait_until prop_is plain.service ActiveState active
        pid=$(prop plain.service MainPID)
        ok "$s: its process runs" ns_pid_exists "$pid"

        # The sandboxed one starts all the same, and says what it did not get: the namespace
        # sandbox as expected here; MemoryMax= wherever it could not be written (always
        # without a writable cgroup; with one, only without the memory controller).
        exits 0 "$s: svcctl start sbx exits 0" svcctl start sbx
        is "$(prop sbx.service ActiveState)" active "$s: sbx.service is active"
        local listed
        listed=$(not_enforced sbx.service)
        is "$(grep -v '^MemoryMax=' <<<"$listed")" "$expected" "$s: NotEnforced lists exactly the sandboxing not enforced here"
        local memory_max
        memory_max=$(grep '^MemoryMax=' <<<"$listed")
        case $s in
        docker-caps)
                local cg
                cg=$(prop sbx.service ControlGroup)
                if [ -n "$memory_max" ]; then
                        like "$memory_max" '^MemoryMax=104857600: .+' "$s: MemoryMax= is listed as not enforced, saying why"
                else
                        is "$(cat "$cg/memory.max" 2>&1)" 104857600 "$s: MemoryMax= is enforced in $cg"
                fi ;;
        *)
                is "$memory_max" "MemoryMax=104857600: svcd tracks processes without cgroups here" \
                        "$s: MemoryMax= is listed as not enforced: no writable cgroup" ;;
        esac
        exits 0 "$s: svcctl status sbx exits 0" svcctl status sbx
        like "$OUT" "NotEnforced: $(head -n 1 <<<"$listed" | re_escape)" \
                "$s: status shows what was not enforced"
        is "$(grep -c -E '^(NotEnforced:| {12}) [A-Za-z]+=' <<<"$OUT")" "$(grep -c . <<<"$listed")" \
                "$s: status shows one line per directive not enforced"
        # Quoted, as systemctl show quotes a list's elements with blanks: they can be split again.
        like "$(show_value sbx.service NotEnforced)" "(^| )\"$(head -n 1 <<<"$listed" | re_escape)\"( |\$)" \
                "$s: show -p NotEnforced lists it, in double quotes"
        ok "$s: svcd's log names each entry, for sbx.service" log_names_all "$log_start" "$listed"
        if [ -z "$expected" ]; then
                exits 0 "$s: svcctl start ns (the sandbox without MemoryMax=) exits 0" svcctl start ns
                is "$(not_enforced ns.service)" "" "$s: all of its sandboxing is enforced"
        fi
        ok "$s: sbx.service's probe ran" wait_until sbx_finished
        local netns
        pid=$(prop sbx.service MainPID)
        netns=$(in_ns readlink "/proc/$pid/ns/net")
        if grep -q '^PrivateNetwork=' <<<"$expected"; then
                is "$netns" "$(in_ns readlink /proc/1/ns/net)" "$s: not enforced: the service is in svcd's network namespace"
        else
                isnt "$netns" "$(in_ns readlink /proc/1/ns/net)" "$s: PrivateNetwork=: the service has a network namespace of its own"
        fi
        is "$(grep '^null:' "$RUN_DIR/sbx.out" 2>/dev/null)" "null: ok" "$s: the service can write /dev/null"
        diag "$(cat "$RUN_DIR/sbx.out")"
        if ! grep -q '^PrivateTmp=' <<<"$expected"; then
                is "$(grep '^/tmp:' "$RUN_DIR/sbx.out")" "/tmp: 0 writable" "$s: PrivateTmp=: an empty /tmp of its own"
        fi
        case $s in
        read-only-root-all-caps)
                # The host's /var/tmp is read-only: no private directory can be made there,
                # so the service gets an empty read-only one (as with systemd), not a failed start.
                is "$(grep '^/var/tmp:' "$RUN_DIR/sbx.out")" "/var/tmp: 0 Read-only file system" \
                        "$s: PrivateTmp=: an empty read-only /var/tmp, as the host's is read-only"
                like "$(log_since "$log_start")" 'sbx\.service: PrivateTmp=: cannot create a directory in /var/tmp \(Read-only file system\); the service gets an empty, read-only /var/tmp\.' \
                        "$s: svcd's log says why /var/tmp is read-only" ;;
        rootless)
                is "$(grep '^/var/tmp:' "$RUN_DIR/sbx.out")" "/var/tmp: 0 writable" "$s: PrivateTmp=: an empty /var/tmp of its own" ;;
        esac

        # User=nobody: possible with CAP_SETUID/CAP_SETGID, impossible in a user namespace
        # that maps no such user (setgroups(2) is denied there too): a failed start, as in
        # systemd, never a service run as the wrong user.
        case $s in
        rootless|userns-non-root)
                exits 1 "$s: svcctl start user (User=nobody) exits 1" svcctl start user
                is "$(prop user.service ActiveState)/$(prop user.service ExecMainStatus)" failed/216 \
                        "$s: User=nobody fails at 216/GROUP"
                # The kernel's EPERM alone would send the author to the wrong place.
                like "$(show_value user.service StatusText)" \
                        "failed at step GROUP spawning /bin/sleep: Operation not permitted \(gid $NOBODY is not mapped in svcd's user namespace, /proc/self/gid_map\)" \
                        "$s: the failure says that nobody's gid is not mapped in svcd's user namespace" ;;
        *)
                exits 0 "$s: svcctl start user (User=nobody) exits 0" svcctl start user
                pid=$(prop user.service MainPID)
                is "$(in_ns awk '/^Uid:/ { print $2 }' "/proc/$pid/status")" "$NOBODY" "$s: User=nobody runs as nobody" ;;
        esac

        # verify, with svcd's privileges and view of the file system.
        exits 0 "$s: svcctl verify sbx.service exits 0" as_svcd "$s" "$REAL_SVCCTL" verify "$UNITS/sbx.service"
        like "$OUT" 'MemoryMax= +enforced .*listed as not enforced' \
                "$s: verify says what happens to MemoryMax= where it cannot be enforced"
        like "$OUT" 'PrivateTmp= +enforced .*not enforced \(--strict-sandbox refuses\)' \
                "$s: verify says what happens to PrivateTmp= where it cannot be enforced"

        ok "$s: svcd is still running" svcd_running
        svcd_stop_and_wait TERM
        is "$?/${SVCD_EXIT:-none}" 0/0 "$s: svcd exits 0 on SIGTERM"

        # --strict-sandbox: the same unit is refused, naming exactly what it listed above;
        # the plain one runs, and so does ns.service where its sandbox can be applied.
        log_start=$(log_lines)
        boot "$s" --strict-sandbox || return
        ok "$s: --strict-sandbox: plain.service becomes active" wait_until prop_is plain.service ActiveState active
        if [ -n "$listed" ]; then
                local reason
                reason=$(awk 'NR > 1 { printf "; " } { printf "%s", $0 }' <<<"$listed")
                exits 1 "$s: --strict-sandbox: svcctl start sbx exits 1" svcctl start sbx
                like "$ERR" "sbx\.service" "$s: --strict-sandbox: svcctl names the unit"
                is "$(prop sbx.service ActiveState)/$(prop sbx.service Result)" failed/resources \
                        "$s: --strict-sandbox: sbx.service failed with result resources"
                is "$(prop sbx.service StatusText)" "not enforceable here (strict sandbox): $reason" \
                        "$s: --strict-sandbox: StatusText says what could not be enforced"
                ok "$s: --strict-sandbox: svcd's log names it" \
                        grep -qF "sbx.service: Refusing to start, not enforceable here: $reason" "$T/svcd.log"
        else
                exits 0 "$s: --strict-sandbox: sbx.service, enforceable here, starts" svcctl start sbx
        fi
        if [ -z "$expected" ]; then
                exits 0 "$s: --strict-sandbox: ns.service, enforceable here, starts" svcctl start ns
        else
                exits 1 "$s: --strict-sandbox: ns.service is refused too" svcctl start ns
        fi
        ok "$s: --strict-sandbox: svcd is still running" svcd_running
        svcd_stop_and_wait TERM
        is "$?/${SVCD_EXIT:-none}" 0/0 "$s: --strict-sandbox: svcd exits 0 on SIGTERM"
}

without_caps=$(printf '%s: %s\n' PrivateTmp=yes "$NO_CAP_SYS_ADMIN" PrivateDevices=yes "$NO_CAP_SYS_ADMIN" \
        ProtectSystem=strict "$NO_CAP_SYS_ADMIN" PrivateNetwork=yes "$NO_CAP_SYS_ADMIN")

check_setting docker-caps "$without_caps"
check_setting read-only-root "$without_caps"
check_setting read-only-root-all-caps ""
if "${AS_NOBODY[@]}" unshare --user --map-root-user --pid --fork true 2>/dev/null; then
        check_setting rootless ""
        # Without any capability the bounding set that PrivateDevices= implies cannot shrink either.
        check_setting userns-non-root "$(printf '%s: svcd lacks CAP_SETPCAP to shrink the bounding set\n%s' \
                'CapabilityBoundingSet=(implied by ProtectClock=/ProtectKernel*=/PrivateDevices=)' "$without_caps")"
else
        pass "rootless and userns-non-root # SKIP an unprivileged user cannot create user namespaces here"
fi

# docker run --user 1000 with svcd as ENTRYPOINT: no $XDG_RUNTIME_DIR, no --runtime-dir.
# svcd takes ${TMPDIR:-/tmp}/svcd-UID (mode 0700, its own) and svcctl finds it there; one
# that another user made is refused, so that nobody can squat on its socket.
if "${AS_NOBODY[@]}" unshare --user --map-user=1000 --map-group=1000 --pid --fork true 2>/dev/null; then
        mkdir -p "$T/usertmp" "$T/squat/svcd-1000"
        chmod 1777 "$T/usertmp" "$T/squat"
        chmod 755 "$T/squat/svcd-1000"
        out=$(env -i PATH=/usr/bin:/bin TMPDIR="$T/usertmp" "${AS_NOBODY[@]}" unshare --user --map-user=1000 \
                --map-group=1000 --pid --fork --mount-proc sh -c '
                "$1" --unit-path "$2" >"$3/usertmp/svcd.log" 2>&1 &
                i=0; until "$4" is-system-running >/dev/null 2>&1 || [ $i -ge 100 ]; do sleep 0.1; i=$((i + 1)); done
                "$4" status | grep Mode:
                "$4" exit 4
                wait $!; echo "exit=$?"' sh "$SVCD" "$UNITS" "$T" "$REAL_SVCCTL" 2>&1)
        like "$out" 'Mode: user' "uid 1000 without \$XDG_RUNTIME_DIR: svcd boots and svcctl finds it"
        like "$out" 'exit=4' "... and svcctl exit 4 reaches it"
        ok "... its runtime directory is \$TMPDIR/svcd-1000, mode 0700" test "$(stat -c %a "$T/usertmp/svcd-1000")" = 700
        out=$(env -i PATH=/usr/bin:/bin TMPDIR="$T/squat" "${AS_NOBODY[@]}" unshare --user --map-user=1000 \
                --map-group=1000 --pid --fork --mount-proc "$SVCD" --unit-path "$UNITS" 2>&1)
        like "$out" "Cannot use $T/squat/svcd-1000 as the runtime directory" "a svcd-1000 that is not its own is refused"
        out=$(env -i PATH=/usr/bin:/bin TMPDIR="$T/squat" XDG_RUNTIME_DIR= "${AS_NOBODY[@]}" unshare --user \
                --map-user=1000 --map-group=1000 --pid --fork --mount-proc "$SVCD" --unit-path "$UNITS" 2>&1)
        like "$out" "Cannot use $T/squat/svcd-1000 as the runtime directory" "... with XDG_RUNTIME_DIR set but empty too"
else
        pass "uid 1000 without \$XDG_RUNTIME_DIR # SKIP an unprivileged user cannot create user namespaces here"
fi

SVCCTL=$REAL_SVCCTL
done_testing
