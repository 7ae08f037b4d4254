#!/bin/bash
# tests/vm/t-boot.sh: svcd as the init of a real (virtual) machine. An initramfs with svcd
# as /init, busybox and the units of units/ boots in qemu; the units report on the serial
# console (guest/*.sh), and the test checks there that
#   - svcd's early boot mounted /proc, /sys, /dev, /run and cgroup2, set the hostname from
#     /etc/hostname and turned ctrl-alt-del into SIGINT (supervisord/early-boot.c);
#   - the units ran, their stdout reached the console through svcd;
#   - what the CI host cannot show works here: LimitNOFILE= above the host's hard limit,
#     MemoryMax= and TasksMax= in the service's cgroup files (and pids.max refusing forks),
#     and a stop that reaches a
#     process which left its process group (cgroup tracking);
#   - `svcctl poweroff` (from a oneshot unit) powers the machine off after an orderly
#     shutdown, and so does ctrl-alt-del; nothing panics;
#   - started with fds 0-2 closed, svcd's log still reaches the console;
#   - and, the negative case, that an /init that exits (rdinit=/bin/false) is seen
#     as a kernel panic: vm_classify must tell the two apart.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib-vm.sh"

vm_require
T=$(mktemp -d "${TMPDIR:-/tmp}/svcd-vm.XXXXXX") || bail "mktemp failed"
# SVCD_VM_KEEP=1 keeps the consoles and the initramfs for a look after the test.
trap '[ -n "${SVCD_VM_KEEP:-}" ] && diag "kept $T" || rm -rf "$T"' EXIT
VM_ACCEL=$(vm_accel "$T")
diag "kernel $VM_KERNEL, accelerator $VM_ACCEL, timeout ${VM_TIMEOUT}s a boot"

# LimitNOFILE= above what this host allows as a hard limit (the guest's own fs.nr_open,
# 1048576 by default, is the ceiling there).
host_hard=$(ulimit -Hn)
[ "$host_hard" != unlimited ] || host_hard=1048576
nofile=$((host_hard * 2))
[ "$nofile" -ge 65536 ] || nofile=65536
[ "$nofile" -le 1048576 ] || nofile=1048576
if [ "$nofile" -le "$host_hard" ]; then
        diag "the host's hard RLIMIT_NOFILE ($host_hard) is the guest's ceiling already; checking $nofile"
fi
mkdir -p "$T/limits.d"
printf '[Service]\nLimitNOFILE=%s\n' "$nofile" >"$T/limits.d/nofile.conf"

hostname=svcd-vm-$$
"$VM_DIR/mkinitramfs.sh" "$T/initrd.cpio" "$SVCD" "$SVCCTL" "$VM_DIR/units" "$hostname" \
        "$VM_DIR/guest/driver.sh=/usr/lib/vmtest/driver.sh" \
        "$VM_DIR/guest/limits.sh=/usr/lib/vmtest/limits.sh" \
        "$VM_DIR/guest/escape.sh=/usr/lib/vmtest/escape.sh" \
        "$VM_DIR/guest/init-closed-fds=/usr/lib/vmtest/init-closed-fds" \
        "$VM_DIR/guest/crash-shell.sh=/usr/lib/vmtest/crash-shell.sh" \
        "$T/limits.d/nofile.conf=/etc/svcd/units/vmtest-limits.service.d/nofile.conf" \
        >"$T/mkinitramfs.log" 2>&1 || bail "mkinitramfs.sh failed: $(cat "$T/mkinitramfs.log")"

# show_console NAME: the end of a boot's console, for the diagnostics of a failed check.
show_console() {
        diag "--- $1: qemu exit status $VM_STATUS after ${VM_SECONDS}s; the console's last lines ---"
        diag "$(vm_console "$T/$1.log" | tail -n 60)"
        if [ -s "$T/$1.err" ]; then
                diag "--- qemu's stderr ---"
                diag "$(cat "$T/$1.err")"
        fi
}

# --- 1: a boot to `svcctl poweroff` ------------------------------------------------------

failed_before=$_tap_failed
# "single" and "--bogus" after "--" reach init's argv as words the kernel does not know
# would: svcd, the machine's init, ignores them (systemd does too) rather than exit.
vm_boot boot "$T/initrd.cpio" -- single --bogus
console=$(vm_console "$T/boot.log")
diag "boot to poweroff: ${VM_SECONDS}s"

is "$VM_STATUS" 0 "qemu exits on its own (not killed after ${VM_TIMEOUT}s)"
is "$(vm_classify "$T/boot.log")" poweroff "the machine powered off (vm_classify)"
unlike "$console" 'Kernel panic|Attempted to kill init' "no kernel panic"

# Early boot (supervisord/early-boot.c). The initramfs has no /proc, /sys or /run at all,
# and the kernel mounts nothing for an initramfs init.
like "$console" '^svcd: Mounted the API file systems:.* /proc .*/dev .*/sys .*/run .*/sys/fs/cgroup' \
        "svcd says it mounted /proc, /dev, /sys, /run and /sys/fs/cgroup"
mounts=$(vm_console "$T/boot.log" | sed -n 's/^VMTEST mount //p' | sort | tr '\n' ',')
is "$mounts" "/dev devtmpfs,/dev/pts devpts,/dev/shm tmpfs,/proc proc,/run tmpfs,/sys sysfs,/sys/fs/cgroup cgroup2," \
        "the guest sees them mounted, with the right types"
is "$(vm_value "$T/boot.log" hostname)" "$hostname" "the hostname comes from /etc/hostname"
like "$console" "^svcd: Hostname set to '$hostname'" "svcd says so"
is "$(vm_value "$T/boot.log" ctrl-alt-del)" 0 "ctrl-alt-del is trapped for init (reboot(RB_DISABLE_CAD))"
unlike "$console" '^svcd: (Cannot mount|sethostname|reboot\(RB_DISABLE_CAD\)|Cannot read /etc/hostname)' \
        "early boot reports no failure"

# Units.
like "$console" '^VMTEST-UNIT-OK' "a oneshot unit ran (its line on the console)"
# supervisord/log-capture.h: "IDENT[PID]: MESSAGE", IDENT the unit's name by default.
like "$console" '^vmtest-hello\.service\[[0-9]+\]: VMTEST-STDOUT-OK' "its stdout reached the console through svcd"
is "$(vm_value "$T/boot.log" svcctl-list)" ok "svcctl talks to svcd in the guest"
is "$(vm_value "$T/boot.log" driver-start)" mode=poweroff "the unit ordered after the others ran"

# Limits: what the CI host cannot do.
is "$(vm_value "$T/boot.log" nofile)" "$nofile/$nofile" \
        "LimitNOFILE=$nofile (above the host's hard limit $host_hard) is the service's RLIMIT_NOFILE"
limits_cgroup=$(vm_value "$T/boot.log" limits-cgroup)
like "$limits_cgroup" '^/svcd-[0-9a-f]{8}/vmtest-limits\.service$' "the service runs in its own cgroup (supervisord/cgroup.c)"
like "$(vm_value "$T/boot.log" cgroup-controllers)" '(^| )memory( |$)' "the guest's cgroup2 has the memory controller"
like "$(vm_value "$T/boot.log" cgroup-controllers)" '(^| )pids( |$)' "and the pids controller"
# svcd enabled the controllers below its cgroup (the root, as PID 1) and wrote the limits
# before the service's first process (supervisord/cgroup-limits.c).
like "$(grep -a 'Resource limits' "$T/boot.log")" 'memory pids cpu controllers enabled' "svcd enabled the memory, pids and cpu controllers"
is "$(vm_value "$T/boot.log" memory.max)" 67108864 "MemoryMax=64M is the service cgroup's memory.max"
is "$(vm_value "$T/boot.log" pids.max)" 16 "TasksMax=16 is its pids.max"
like "$(vm_value "$T/boot.log" pids.events-max)" '^[1-9][0-9]*$' "pids.max holds: forks beyond it failed (pids.events)"

# Cgroup tracking: a process in a session of its own is still stopped with its service.
escapee_cgroup=$(vm_value "$T/boot.log" escapee-cgroup)
like "$escapee_cgroup" '^/svcd-[0-9a-f]{8}/vmtest-escape\.service$' "the escaped process is in its service's cgroup"
sids=$(vm_value "$T/boot.log" escapee-sid)
like "$sids" '^[0-9]+ main-sid [0-9]+$' "the escaped process's session is known"
if [[ $sids =~ ^([0-9]+)\ main-sid\ ([0-9]+)$ ]]; then
        if [ "${BASH_REMATCH[1]}" != "${BASH_REMATCH[2]}" ]; then
                pass "it left the main process's session"
        else
                fail "it left the main process's session" "both in session ${BASH_REMATCH[1]}"
        fi
fi
is "$(vm_value "$T/boot.log" escapee-after-stop)" gone "svcctl stop killed it through the cgroup"

# The orderly shutdown.
like "$console" '^VMTEST driver-poweroff' "the driver unit asked for the poweroff"
unlike "$console" '^VMTEST svcctl-poweroff failed' "svcctl poweroff succeeded"
like "$console" '^svcd: .*shutting down, then poweroff' "svcd starts an orderly shutdown"
like "$console" '^svcd: Shutdown report:' "svcd reports what it stopped"
unlike "$console" 'left over: pid [0-9]+ +(kthreadd|kworker|ksoftirq)' "... and no kernel thread as a leftover process"
like "$console" '^svcd: All stopped: powering off' "svcd powers off when everything is stopped"
unlike "$console" 'Sanitizer|runtime error:' "no sanitizer report on the console"
unlike "$console" 'VMTEST cmdline-target-ok' "without svcd.unit=, default.target boots (no vmtest-cmdline.target)"
like "$console" "svcd: ignoring the kernel command line's 'single'" "an unknown word of the kernel's is ignored, not fatal"
like "$console" "svcd: ignoring that option: svcd is the machine's init" "... and so is an unknown option"
[ "$_tap_failed" -eq "$failed_before" ] || show_console boot

# vm_classify on what a hung machine leaves: the same console without its end.
vm_console "$T/boot.log" | sed '/reboot: Power down/,$d' >"$T/hung.log"
is "$(vm_classify "$T/hung.log")" none "vm_classify: a console without the kernel's last words is no clean end"

# --- 2: PID 1 exits: the kernel panics ---------------------------------------------------

# An /init that exits at once (busybox's false, as rdinit=): the kernel panics, and the
# harness must tell. (svcd itself never exits as a machine's init: bad arguments are
# ignored, a crash freezes; see boot 1 and t-crash.)
failed_before=$_tap_failed
vm_boot bad-option "$T/initrd.cpio" rdinit=/bin/false
console=$(vm_console "$T/bad-option.log")
is "$VM_STATUS" 0 "an /init that exits: qemu exits on its own (panic=-1, -no-reboot)"
is "$(vm_classify "$T/bad-option.log")" panic "vm_classify sees the kernel panic"
like "$console" 'Attempted to kill init! exitcode=0x00000100' "the kernel panicked because init exited with status 1"
[ "$_tap_failed" -eq "$failed_before" ] || show_console bad-option

# --- 3: ctrl-alt-del ---------------------------------------------------------------------

# The driver waits for it (vmtest.mode=cad: a parameter with a dot is a module's to the
# kernel, so it does not reach svcd's environment or argv); the host presses it through
# qemu's monitor; the kernel turns it into SIGINT to PID 1 (reboot(2), RB_DISABLE_CAD).
failed_before=$_tap_failed
start=$SECONDS
"$VM_DIR/run-qemu.sh" --accel "$VM_ACCEL" --timeout "$VM_TIMEOUT" --monitor "$T/monitor.sock" \
        "$VM_KERNEL" "$T/initrd.cpio" "$T/cad.log" vmtest.mode=cad >"$T/cad.err" 2>&1 &
qemu=$!
ready=1
until vm_console "$T/cad.log" 2>/dev/null | grep -q '^VMTEST ready-for-cad'; do
        if ! kill -0 $qemu 2>/dev/null || [ $((SECONDS - start)) -ge "$VM_TIMEOUT" ]; then
                ready=0
                break
        fi
        sleep 0.2
done
is "$ready" 1 "the guest waits for ctrl-alt-del"
if [ $ready = 1 ]; then
        python3 - "$T/monitor.sock" <<'EOF' >"$T/monitor.log" 2>&1 || diag "sendkey failed: $(cat "$T/monitor.log")"
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1])
s.settimeout(5)
s.recv(4096)  # the monitor's banner and prompt
s.sendall(b"sendkey ctrl-alt-delete\n")
time.sleep(0.5)
print(s.recv(4096).decode(errors="replace"))
EOF
fi
wait $qemu
VM_STATUS=$?
VM_SECONDS=$((SECONDS - start))
console=$(vm_console "$T/cad.log")
is "$VM_STATUS" 0 "ctrl-alt-del: qemu exits on its own"
like "$console" '^svcd: SIGINT from pid 0: shutting down, then poweroff' "svcd takes ctrl-alt-del as SIGINT from the kernel"
is "$(vm_classify "$T/cad.log")" poweroff "and powers the machine off"
[ "$_tap_failed" -eq "$failed_before" ] || show_console cad

# --- 4: init started with fds 0-2 closed --------------------------------------------------

# Debian's kernel always finds /dev/console (its built-in initramfs, usr/default_cpio_list,
# has the node), so closed fds come from a boot chain that execs svcd without them: the
# guest's init-closed-fds. svcd points them at the console once devtmpfs is mounted
# (early-boot.c, console_setup()), so its log and its services' output still show there.
failed_before=$_tap_failed
# This boot also ends with `svcctl exit 3` (vmtest.mode=exit): the machine's init does not
# exit, which would panic the kernel, but powers off.
# And svcd.unit=vmtest-cmdline.target: the boot target from the kernel command line, which
# only the init of a machine reads (t-boot-target.sh shows a container does not).
vm_boot closed-fds "$T/initrd.cpio" rdinit=/usr/lib/vmtest/init-closed-fds init=/usr/lib/vmtest/init-closed-fds \
        vmtest.mode=exit svcd.unit=vmtest-cmdline.target
console=$(vm_console "$T/closed-fds.log")
like "$console" 'Run /usr/lib/vmtest/init-closed-fds as init process' "svcd started by a wrapper that closes fds 0-2"
like "$console" '^svcd: Mounted the API file systems:' "svcd's log reaches the console all the same"
like "$console" '^vmtest-hello\.service\[[0-9]+\]: VMTEST-STDOUT-OK' "and so does its services' output"
like "$console" '^VMTEST cmdline-target-ok' "svcd.unit= on the kernel command line chose the boot target"
like "$console" '^VMTEST driver-exit' "the driver asked svcd to exit (svcctl exit 3)"
like "$console" '^svcd: Asked by svcctl: shutting down, then poweroff' "svcd powers off instead"
is "$(vm_classify "$T/closed-fds.log")" poweroff "that machine powers off, no panic"
[ "$_tap_failed" -eq "$failed_before" ] || show_console closed-fds

# --- 5: svcd crashes: the machine's init freezes, or runs its --crash-shell ----------------

if [ -n "${ASAN_OPTIONS:-}" ]; then
        # AddressSanitizer owns the crash signals there: svcd installs no handler of its own.
        pass "a crash of the machine's init # SKIP under AddressSanitizer, whose handlers take the crash signals"
else
        failed_before=$_tap_failed
        vm_boot crash "$T/initrd.cpio" vmtest.mode=crash
        console=$(vm_console "$T/crash.log")
        like "$console" '^svcd: caught signal 11 .*as the machine.s init: not exiting' "svcd logs its crash on the console"
        like "$console" '^svcd: frozen: reaping orphans only' "... and freezes"
        is "$(vm_value "$T/crash.log" pid1-after-crash)" init "PID 1 is still svcd (/init) a second later"
        is "$(vm_value "$T/crash.log" zombies-after-crash)" 0 "the frozen PID 1 still reaps orphans"
        is "$(vm_classify "$T/crash.log")" poweroff "no kernel panic: the machine powers off (poweroff -f)"
        [ "$_tap_failed" -eq "$failed_before" ] || show_console crash

        failed_before=$_tap_failed
        vm_boot crash-shell "$T/initrd.cpio" vmtest.mode=crash -- --crash-shell=/usr/lib/vmtest/crash-shell.sh
        console=$(vm_console "$T/crash-shell.log")
        like "$console" '^svcd: executing the crash shell /usr/lib/vmtest/crash-shell.sh as PID 1' "--crash-shell: svcd says so"
        like "$console" '^VMTEST crash-shell-ran pid=1' "... and the shell runs as PID 1"
        is "$(vm_classify "$T/crash-shell.log")" poweroff "no kernel panic"
        [ "$_tap_failed" -eq "$failed_before" ] || show_console crash-shell
fi

done_testing
