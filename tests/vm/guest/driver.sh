#!/bin/sh
# driver.sh (in the guest, vmtest-driver.service, after the other units): reports on the
# console, one "VMTEST key value" line each, what the host test checks, then ends the boot:
# `svcctl poweroff`, with vmtest.mode=exit `svcctl exit 3`, with vmtest.mode=crash a crash
# of svcd (kill -SEGV 1) and busybox's poweroff -f, or with vmtest.mode=cad on the kernel
# command line it waits for the host to press ctrl-alt-del. Every wait is bounded, so a broken svcd fails the test
# rather than hanging the VM until the host's timeout.
say() { echo "VMTEST $*" >/dev/console; }

# wait_for SECONDS COMMAND...: polls COMMAND every 0.1 s.
wait_for() {
        n=$(($1 * 10))
        shift
        while ! "$@" >/dev/null 2>&1; do
                n=$((n - 1))
                [ $n -gt 0 ] || return 1
                sleep 0.1
        done
}

mode=$(sed -n 's/.*vmtest\.mode=\([a-z]*\).*/\1/p' /proc/cmdline)
say "driver-start mode=${mode:-poweroff}"
say "hostname $(hostname)"
say "ctrl-alt-del $(cat /proc/sys/kernel/ctrl-alt-del)"
while read -r _ where type _; do
        case $where in
        /proc | /sys | /dev | /run | /sys/fs/cgroup | /dev/shm | /dev/pts) say "mount $where $type" ;;
        esac
done </proc/mounts
say "svcctl-list $(svcctl list >/dev/null 2>&1 && echo ok || echo failed)"
say "cgroup-controllers $(cat /sys/fs/cgroup/cgroup.controllers 2>/dev/null)"

# The escapee: in the service's cgroup while it runs, gone once the service is stopped.
# shellcheck disable=SC2317 # called through wait_for
gone() { ! { [ -e "/proc/$1/stat" ] && [ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" != Z ]; }; }
if wait_for 10 test -s /run/vmtest-escapee.pid; then
        esc=$(cat /run/vmtest-escapee.pid)
        say "escapee-cgroup $(sed -n 's/^0:://p' "/proc/$esc/cgroup")"
        say "escapee-sid $(awk '{ print $6 }' "/proc/$esc/stat") main-sid $(awk '{ print $6 }' "/proc/$(svcctl show -p MainPID --value vmtest-escape.service)/stat" 2>/dev/null)"
        svcctl stop vmtest-escape.service >/dev/console 2>&1
        if wait_for 10 gone "$esc"; then
                say "escapee-after-stop gone"
        else
                say "escapee-after-stop alive"
                kill -9 "$esc"
        fi
else
        say "escapee-cgroup none (no pid file)"
fi

if [ "$mode" = cad ]; then
        say "ready-for-cad"
        exit 0
fi
if [ "$mode" = crash ]; then
        # svcd's crash (kill -SEGV 1): the machine's init must not die (the kernel would
        # panic): it freezes, reaping orphans, or has executed its --crash-shell.
        say "driver-crash"
        kill -SEGV 1
        sleep 1
        say "pid1-after-crash $(cat /proc/1/comm)"
        (sleep 0.1 &)
        sleep 1
        zombies=0
        for f in /proc/[0-9]*/stat; do
                read -r line <"$f" 2>/dev/null || continue
                rest=${line##*) }
                [ "${rest%% *}" != Z ] || zombies=$((zombies + 1))
        done
        say "zombies-after-crash $zombies"
        poweroff -f
        exit 0
fi
if [ "$mode" = exit ]; then
        # The kernel's init cannot exit: svcd powers off instead of panicking the kernel.
        say "driver-exit"
        svcctl exit 3 >/dev/console 2>&1 || poweroff -f
        exit 0
fi
say "driver-poweroff"
if ! svcctl poweroff >/dev/console 2>&1; then
        say "svcctl-poweroff failed"
        poweroff -f
fi
exit 0
