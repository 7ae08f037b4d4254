#!/usr/bin/env bash
# t-boot-target.sh: what svcd starts at boot (systemd(1), systemd.special(7)): default.target,
# the built-in alias of multi-user.target unless a default.target link names another target,
# with the .wants/ of both names; --target=UNIT and svcd.unit=UNIT as an argument instead, or
# svcd.unit= on the kernel command line when svcd is PID 1 outside a container (later words
# win; an argument wins over it); a boot target that does not exist leaves svcd up, waiting
# for svcctl, and not "running"; an invalid name is refused. is-system-running says running
# (exit 0) once the boot's jobs are done, degraded (exit 1) while a unit has failed. The
# built-in targets carry systemd's dependencies, a unit file of the same name replaces one,
# a drop-in extends it; services get default dependencies (Requires=/After=sysinit.target,
# After=basic.target, Conflicts=/Before=shutdown.target) unless DefaultDependencies=no.
# Each boot is a fresh svcd in a fresh PID namespace over the same unit directory.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

# runs NAME: the [Service] lines of a service that notes each start in $T/NAME.starts, then
# sleeps. The note is an ExecStartPre=, done before the unit counts as started (for Type=simple,
# once the main process is spawned): so "active" implies "noted", and a stop right after the
# start cannot beat it.
note=$(write_script note.sh <<EOF
#!/bin/sh
echo started >>$T/\$1.starts
EOF
)
runs() { printf 'ExecStartPre=%s %s\nExecStart=/bin/sleep 3600\n' "$note" "$1"; }
# state_now UNIT: "ActiveState/SubState" (as lib.sh's state_of, through `svcctl show`: cheap enough
# to poll); value_is UNIT PROPERTY VALUE: for wait_until.
state_now() { "$SVCCTL" show -p ActiveState,SubState --value "$1" 2>&1 | paste -sd/; }
value_is() { [ "$(show_value "$1" "$2")" = "$3" ]; }
ran() { [ -s "$T/$1.starts" ]; }
# system_is STATE...: is-system-running prints one of the STATEs.
system_is() {
        local s w
        s=$("$SVCCTL" is-system-running 2>/dev/null)
        for w in "$@"; do
                [ "$s" != "$w" ] || return 0
        done
        return 1
}
# booted: the boot's jobs are all done (running or degraded, no longer starting).
booted() { system_is running degraded; }
# has_word TEXT WORD: WORD is one of TEXT's space-separated words.
has_word() { tr ' ' '\n' <<<"$1" | grep -qx -- "$2"; }

# boot [SVCD-ARGUMENT...]: ends the running svcd (it must exit 0), forgets which units ran, and
# boots a new svcd with the arguments (svcd_start waits until it answers; settles_booted, until
# its boot is done).
boot() {
        if [ -n "$_svcd_unshare_pid" ]; then
                svcd_stop_and_wait TERM
                is "$?/${SVCD_EXIT:-none}" 0/0 "svcd exits 0 on SIGTERM (end of a boot)"
        fi
        SVCD_PID= # lib.sh's: found anew by svcd_start
        rm -f "$T"/*.starts
        BOOT_LOG_START=$(log_lines 2>/dev/null || echo 0)
        svcd_start "$@"
}
boot_log() { log_since "$BOOT_LOG_START"; }
settles_booted() { settles "$1" default.target booted; }

simple() { runs "$1" | service_unit "$@"; } # simple NAME [UNIT-SECTION-LINE...]: a service that notes its starts (runs)
wanted_by() { # wanted_by TARGET UNIT: a link TARGET.wants/UNIT, as `svcctl enable` makes them
        mkdir -p "$UNITS/$1.wants"
        ln -sf "../$2" "$UNITS/$1.wants/$2"
}

simple wanted-default
simple wanted-mu
simple wanted-custom
simple wanted-other
simple nodeps DefaultDependencies=no
simple withdeps
unit fails.service <<EOF
[Service]
ExecStart=/bin/false
EOF
unit custom.target <<EOF
[Unit]
Description=Custom Boot Target
EOF
unit other.target <<EOF
[Unit]
Description=Other Boot Target
EOF
unit bare.target <<EOF
[Unit]
Description=Bare Boot Target
DefaultDependencies=no
Wants=nodeps.service
EOF
enable_units wanted-default.service
wanted_by multi-user.target wanted-mu.service
wanted_by multi-user.target nodeps.service
wanted_by custom.target wanted-custom.service
wanted_by other.target wanted-other.service
# A drop-in extends a built-in target (its definition stays).
mkdir -p "$UNITS/basic.target.d"
printf '[Unit]\nDescription=Basic System (with a drop-in)\n' >"$UNITS/basic.target.d/description.conf"

# --- no default.target file: the built-in alias of multi-user.target --------------------------
boot
settles_booted "boot 1 (no default.target file) finishes"
exits 0 "svcctl is-system-running exits 0" svcctl is-system-running
is "$OUT" running "... and says running"
ok "wanted-default.service (default.target.wants/) ran" ran wanted-default
is "$(state_now wanted-default.service)" active/running "... and is active (running)"
ok "wanted-mu.service (multi-user.target.wants/) ran" ran wanted-mu
is "$(state_now wanted-mu.service)" active/running "... and is active (running)"
ok "wanted-custom.service (custom.target.wants/) did not run" test ! -e "$T/wanted-custom.starts"
ok "wanted-other.service (other.target.wants/) did not run" test ! -e "$T/wanted-other.starts"
exits 0 "svcctl show -p ActiveState multi-user.target exits 0" svcctl show -p ActiveState multi-user.target
is "$OUT" ActiveState=active "multi-user.target: ActiveState=active"
is "$(show_value multi-user.target SubState)" active "... SubState=active"
exits 0 "svcctl status default.target exits 0" svcctl status default.target
like "$OUT" 'multi-user\.target - Multi-User System' "status default.target shows multi-user.target"
is "$(show_value default.target Id)" multi-user.target "show default.target: Id=multi-user.target"
for t in basic.target sysinit.target; do
        is "$(state_now $t)" active/active "$t, pulled in below multi-user.target, is active/active"
done
is "$(state_now rescue.target)" inactive/dead "rescue.target (Conflicts= of multi-user.target) is inactive"

# The built-in multi-user.target as systemd 252 defines it, plus what svcd's links add.
exits 0 "svcctl show multi-user.target exits 0" svcctl show multi-user.target
show=$OUT
is "$(sed -n 's/^Requires=//p' <<<"$show")" basic.target "multi-user.target: Requires=basic.target"
is "$(sed -n 's/^Description=//p' <<<"$show")" "Multi-User System" "... Description=Multi-User System"
is "$(sed -n 's/^FragmentPath=//p' <<<"$show")" "" "... FragmentPath= empty: built in, no file"
is "$(sed -n 's/^AllowIsolate=//p' <<<"$show")" yes "... AllowIsolate=yes"
conflicts=$(sed -n 's/^Conflicts=//p' <<<"$show")
ok "... Conflicts= has rescue.target ($conflicts)" has_word "$conflicts" rescue.target
ok "... Conflicts= has shutdown.target (a target's default dependency)" has_word "$conflicts" shutdown.target
after=$(sed -n 's/^After=//p' <<<"$show")
ok "... After= has basic.target ($after)" has_word "$after" basic.target
ok "... After= has wanted-mu.service (a target is ordered after what it wants)" has_word "$after" wanted-mu.service
wants=$(sed -n 's/^Wants=//p' <<<"$show")
ok "... Wants= has wanted-mu.service (multi-user.target.wants/) ($wants)" has_word "$wants" wanted-mu.service
ok "... Wants= has wanted-default.service (default.target.wants/ of its alias)" has_word "$wants" wanted-default.service
is "$(show_value basic.target Description)" "Basic System (with a drop-in)" \
        "a drop-in in basic.target.d/ sets the built-in basic.target's Description="
is "$(show_value basic.target Requires)" sysinit.target "... and the built-in's Requires=sysinit.target stays"

# Default dependencies, and none with DefaultDependencies=no.
is "$(show_value wanted-mu.service Requires)" sysinit.target "a service's default dependency: Requires=sysinit.target"
after=$(show_value wanted-mu.service After)
ok "... After= has sysinit.target ($after)" has_word "$after" sysinit.target
ok "... After= has basic.target" has_word "$after" basic.target
is "$(show_value wanted-mu.service Conflicts)" shutdown.target "... Conflicts=shutdown.target"
ok "... Before= has shutdown.target" has_word "$(show_value wanted-mu.service Before)" shutdown.target
ok "nodeps.service (DefaultDependencies=no) ran" ran nodeps
exits 0 "svcctl show -p Requires,After,Conflicts nodeps.service exits 0" \
        svcctl show -p Requires,After,Conflicts nodeps.service
is "$(tr '\n' ' ' <<<"$OUT")" "Requires= After= Conflicts= " "... and it has no Requires=, After= or Conflicts="

# --- default.target links to custom.target ----------------------------------------------------
ln -s custom.target "$UNITS/default.target"
boot
settles_booted "boot 2 (default.target -> custom.target) finishes"
is "$(state_now custom.target)" active/active "custom.target is active/active"
is "$(show_value default.target Id)" custom.target "show default.target: Id=custom.target"
exits 0 "svcctl status default.target exits 0" svcctl status default.target
like "$OUT" 'custom\.target - Custom Boot Target' "... and shows custom.target"
ok "wanted-custom.service (custom.target.wants/) ran" ran wanted-custom
ok "wanted-default.service (default.target.wants/, the alias' own) ran" ran wanted-default
ok "wanted-mu.service (multi-user.target.wants/) did not run" test ! -e "$T/wanted-mu.starts"
is "$(show_value multi-user.target ActiveState)" inactive "multi-user.target was not started"
exits 0 "svcctl is-system-running exits 0" svcctl is-system-running
is "$OUT" running "... running"

# custom.target pulls in multi-user.target: then its wants come along.
printf '[Unit]\nDescription=Custom Boot Target\nWants=multi-user.target\n' >"$UNITS/custom.target"
boot
settles_booted "boot 3 (custom.target with Wants=multi-user.target) finishes"
is "$(state_now custom.target)/$(state_now multi-user.target)" active/active/active/active \
        "custom.target and multi-user.target are active"
ok "wanted-mu.service ran: custom.target pulls in multi-user.target" ran wanted-mu
ok "wanted-custom.service ran" ran wanted-custom

# --- --target= and svcd.unit= on svcd's command line ------------------------------------------
boot --target=other.target
settles_booted "boot 4 (--target=other.target) finishes"
is "$(state_now other.target)" active/active "--target=other.target: other.target is active/active"
ok "wanted-other.service (other.target.wants/) ran" ran wanted-other
for u in wanted-default wanted-mu wanted-custom; do
        ok "$u.service did not run: default.target was not started" test ! -e "$T/$u.starts"
done
is "$(show_value custom.target ActiveState)/$(show_value multi-user.target ActiveState)" inactive/inactive \
        "custom.target (default.target) and multi-user.target are inactive"
exits 3 "svcctl status default.target exits 3 (inactive)" svcctl status default.target
exits 0 "svcctl is-system-running exits 0" svcctl is-system-running
is "$OUT" running "... running"

boot svcd.unit=other.target
settles_booted "boot 5 (svcd.unit=other.target as an argument) finishes"
is "$(state_now other.target)" active/active "svcd.unit=other.target: other.target is active/active"
ok "wanted-other.service ran" ran wanted-other
ok "wanted-default.service did not run" test ! -e "$T/wanted-default.starts"

boot -t other.target
settles_booted "boot 6 (-t other.target) finishes"
is "$(state_now other.target)" active/active "-t other.target: other.target is active/active"

# A boot target that does not exist: svcd says so and waits for svcctl. systemd(1) falls back to
# rescue.target ("maintenance"); whatever svcd does instead, it must not claim "running": the
# boot it was asked for did not happen.
boot --target=missing.target
ok "boot 7 (--target=missing.target): svcd is up" svcd_running
like "$(boot_log)" 'missing\.target.*([Nn]o such|not found)' "svcd's log says missing.target is not found"
settles "... and the boot ends: is-system-running no longer says starting" missing.target \
        system_is running degraded maintenance
exits 1 "svcctl is-system-running exits 1: the boot target could not be started" svcctl is-system-running
isnt "$OUT" running "... and does not say running"
for u in wanted-default wanted-mu wanted-custom wanted-other; do
        ok "$u.service did not run" test ! -e "$T/$u.starts"
done
exits 0 "svcd waits for svcctl: svcctl start other.target exits 0" svcctl start other.target
ok "... wanted-other.service ran" ran wanted-other

# An invalid unit name is refused before anything starts.
exits 1 "svcd --target=not-a-unit exits 1" timeout -k 5 "$DEADLINE" unshare --pid --fork --mount-proc --kill-child \
        "$SVCD" --unit-path "$UNITS" --socket "$T/run2/control" --runtime-dir "$T/run2" --state-dir "$T/state2" \
        --target=not-a-unit
like "$ERR" 'not-a-unit' "... naming it"
ok "... and started nothing" test ! -e "$T/run2/control"

# --- a target without default dependencies ----------------------------------------------------
boot --target=bare.target
settles_booted "boot 8 (--target=bare.target, DefaultDependencies=no) finishes"
is "$(state_now bare.target)" active/active "bare.target is active/active"
is "$(state_now nodeps.service)" active/running "nodeps.service (DefaultDependencies=no, wanted by bare.target) is active"
is "$(show_value sysinit.target ActiveState)" inactive "sysinit.target was not pulled in"
is "$(show_value basic.target ActiveState)" inactive "basic.target was not pulled in"
exits 0 "svcctl start withdeps exits 0" svcctl start withdeps
is "$(state_now sysinit.target)" active/active "withdeps.service's default Requires=sysinit.target pulled it in"
is "$(show_value basic.target ActiveState)" inactive "... but not basic.target (only After=)"
exits 0 "svcctl show -p Requires,After withdeps exits 0" svcctl show -p Requires,After withdeps
like "$OUT" '^Requires=sysinit\.target$' "withdeps.service: Requires=sysinit.target"
like "$OUT" '^After=sysinit\.target basic\.target$' "withdeps.service: After=sysinit.target basic.target"

# --- a unit that fails at boot: degraded ------------------------------------------------------
rm -f "$UNITS/default.target"
wanted_by multi-user.target fails.service
boot
settles "boot 9 (fails.service wanted by multi-user.target) ends degraded" fails.service system_is degraded
exits 1 "svcctl is-system-running exits 1" svcctl is-system-running
is "$OUT" degraded "... and says degraded"
is "$(state_now fails.service)" failed/failed "fails.service is failed"
is "$(state_now multi-user.target)" active/active "multi-user.target is active all the same (Wants=)"
exits 0 "svcctl reset-failed fails exits 0" svcctl reset-failed fails
exits 0 "svcctl is-system-running exits 0 after reset-failed" svcctl is-system-running
is "$OUT" running "... running"
rm -f "$UNITS/multi-user.target.wants/fails.service"

# --- a unit file overrides a built-in target --------------------------------------------------
unit multi-user.target <<EOF
[Unit]
Description=Overridden Multi-User System
EOF
boot
settles_booted "boot 10 (a multi-user.target file in the unit path) finishes"
is "$(show_value multi-user.target Description)" "Overridden Multi-User System" \
        "the file's Description= replaces the built-in multi-user.target's"
is "$(show_value multi-user.target FragmentPath)" "$UNITS/multi-user.target" "... FragmentPath= is the file"
is "$(show_value multi-user.target Requires)" "" "... and the built-in's Requires=basic.target is gone"
is "$(show_value basic.target ActiveState)" inactive "... so basic.target was not started"
is "$(state_now multi-user.target)" active/active "multi-user.target (the file's) is active/active"
ok "wanted-mu.service (multi-user.target.wants/) ran" ran wanted-mu
ok "wanted-default.service (default.target.wants/) ran" ran wanted-default
rm -f "$UNITS/multi-user.target"

# --- svcd.unit= on the kernel command line ----------------------------------------------------
# svcd reads /proc/cmdline only as PID 1 of a machine: in the first PID namespace, where the
# kernel's threads are (tests/vm/ boots it there). A PID namespace of its own is a container
# to svcd even when nothing says so, for its /proc/cmdline is the host's. svcd-cmdline.sh,
# PID 1 of the new namespaces, puts a command line of ours over /proc/cmdline (in its own
# mount namespace) and execs svcd, still PID 1, with container= as asked (empty: systemd's
# "no container"; docker).
echo "quiet svcd.unit=custom.target ro svcd.unit=other.target console=ttyS0" >"$T/cmdline"
if ! unshare --mount mount --bind "$T/cmdline" /proc/cmdline 2>/dev/null; then
        pass "svcd.unit= on the kernel command line # SKIP cannot bind-mount over /proc/cmdline here"
else
        real_svcd=$SVCD
        wrapper=$(write_script svcd-cmdline.sh <<EOF
#!/bin/sh
mount --bind $T/cmdline /proc/cmdline || { echo "svcd-cmdline.sh: cannot mount over /proc/cmdline" >&2; exit 99; }
exec env container="\$SVCD_TEST_CONTAINER" $real_svcd "\$@"
EOF
)
        for c in "" docker; do
                export SVCD_TEST_CONTAINER=$c
                SVCD=$wrapper
                boot
                settles_booted "boot (kernel command line ... svcd.unit=other.target, container='$c') finishes"
                ok "a PID namespace (container='$c') does not read the host's kernel command line: default.target booted" \
                        ran wanted-default
                ok "... wanted-other.service did not run" test ! -e "$T/wanted-other.starts"
                is "$(show_value other.target ActiveState)" inactive "... other.target is inactive"
                like "$(boot_log)" "running as PID 1 \\(container-init" "... and svcd says it is a container's init"
                SVCD=$real_svcd
        done
fi

ok "svcd is still running" svcd_running
done_testing
