# tests/vm/lib-vm.sh: what the VM boot tests share: TAP output (the shape of
# tests/integration/lib.sh, whose start-up — root, PID namespaces, a private svcd — a VM test
# does not want), finding the kernel and the accelerator, booting a guest (run-qemu.sh), and
# reading its serial console: vm_classify says how a boot ended.
#
# Environment:
#   SVCD, SVCCTL        the binaries under test (meson sets them; see meson.build here)
#   SVCD_VM_KERNEL      the guest kernel (default: the newest /boot/vmlinuz-*-cloud-amd64,
#                       Debian's linux-image-cloud-amd64: serial console, devtmpfs, initrd,
#                       cgroups, seccomp and namespaces built in, so no modules are needed)
#   SVCD_VM_ACCEL       kvm or tcg (default: kvm if a probe boot works, else tcg)
#   SVCD_VM_TIMEOUT     seconds one boot may take before it counts as hung (default 60;
#                       a boot to poweroff takes 3-5 s under TCG here)
#   SVCD_VM_KEEP        set: keep the test's directory (consoles, initramfs) afterwards
# shellcheck shell=bash
set -uo pipefail

: "${SVCD:?SVCD must name the svcd binary}"
: "${SVCCTL:?SVCCTL must name the svcctl binary}"
VM_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
VM_TIMEOUT=${SVCD_VM_TIMEOUT:-60}

# --- TAP ---------------------------------------------------------------------------------

_tap_n=0
_tap_failed=0

diag() {
        local line
        while IFS= read -r line; do
                printf '# %s\n' "$line"
        done <<<"$*"
}

# _tap_result OK? DESCRIPTION [DIRECTIVE]: a "# TODO ..." directive marks a check of a
# feature not there yet: TAP counts its failure as expected, and meson counts it passing
# as UNEXPECTEDPASS, a failure, which says to drop the TODO.
_tap_result() {
        local directive=${3:+ # $3}
        _tap_n=$((_tap_n + 1))
        if [ "$1" = 0 ]; then
                printf 'ok %d - %s%s\n' "$_tap_n" "$2" "$directive"
        else
                printf 'not ok %d - %s%s\n' "$_tap_n" "$2" "$directive"
                [ -n "$directive" ] || _tap_failed=$((_tap_failed + 1))
        fi
}

pass() { _tap_result 0 "$1"; }

fail() { # fail DESCRIPTION [DIAGNOSTIC]
        _tap_result 1 "$1"
        [ $# -lt 2 ] || diag "$2"
}

# TODO: when set (a reason), the checks made meanwhile are TAP TODO items.
TODO=

is() { # is GOT EXPECTED DESCRIPTION
        if [ "$1" = "$2" ]; then
                _tap_result 0 "$3" "${TODO:+TODO $TODO}"
        else
                _tap_result 1 "$3" "${TODO:+TODO $TODO}"
                diag "$(printf 'got:      %s\nexpected: %s' "$1" "$2")"
        fi
}

like() { # like TEXT EXTENDED-REGEX DESCRIPTION
        if grep -Eq -- "$2" <<<"$1"; then
                _tap_result 0 "$3" "${TODO:+TODO $TODO}"
        else
                _tap_result 1 "$3" "${TODO:+TODO $TODO}"
                diag "$(printf 'no match for /%s/ in:\n%s' "$2" "$(tail -n 40 <<<"$1")")"
        fi
}

unlike() { # unlike TEXT EXTENDED-REGEX DESCRIPTION
        if ! grep -Eq -- "$2" <<<"$1"; then
                pass "$3"
        else
                fail "$3" "$(printf 'unexpected match for /%s/:\n%s' "$2" "$(grep -E -m 5 -- "$2" <<<"$1")")"
        fi
}

# skip_all REASON: the whole file cannot run here. TAP's "1..0 # SKIP" with status 0 is
# what meson counts as skipped for a TAP test (status 77 means skipped only for
# protocol 'exitcode'; for TAP any non-zero status is an error).
skip_all() {
        printf '1..0 # SKIP %s\n' "$1"
        exit 0
}

bail() {
        printf 'Bail out! %s\n' "$1"
        exit 1
}

done_testing() {
        printf '1..%d\n' "$_tap_n"
        [ "$_tap_failed" -eq 0 ]
        exit $?
}

# --- the machine -------------------------------------------------------------------------

# vm_kernel: prints the guest kernel's path, or nothing.
vm_kernel() {
        if [ -n "${SVCD_VM_KERNEL:-}" ]; then
                printf '%s\n' "$SVCD_VM_KERNEL"
                return
        fi
        # sort -V: 6.1.0-10 after 6.1.0-9.
        find /boot -maxdepth 1 -name 'vmlinuz-*-cloud-amd64' 2>/dev/null | sort -V | tail -n 1
}

# vm_require: skips the whole file where no VM can be booted: no qemu, no kernel.
# scripts/test installs both (scripts/lib.sh, SVCD_PACKAGES).
vm_require() {
        local k
        command -v qemu-system-x86_64 >/dev/null ||
                skip_all "qemu-system-x86_64 is missing (apt-get install qemu-system-x86; scripts/test installs it)"
        k=$(vm_kernel)
        [ -n "$k" ] ||
                skip_all "no guest kernel in /boot (apt-get install linux-image-cloud-amd64, or set SVCD_VM_KERNEL)"
        [ -r "$k" ] || skip_all "the guest kernel $k is not readable"
        command -v cpio >/dev/null || skip_all "cpio is missing (apt-get install cpio)"
        VM_KERNEL=$k
}

# vm_accel DIR: kvm if SVCD_VM_ACCEL says so or a probe boot under KVM reaches the kernel's
# own end (no initrd, no root: it panics at once, with -no-reboot qemu then exits), else
# tcg. /dev/kvm alone proves nothing: under nested virtualization it can exist and still
# fail to run a vCPU (qemu aborts, or the guest never prints a line). The probe is bounded.
vm_accel() {
        local dir=$1
        if [ -n "${SVCD_VM_ACCEL:-}" ]; then
                printf '%s\n' "$SVCD_VM_ACCEL"
                return
        fi
        if [ -r /dev/kvm ] && [ -w /dev/kvm ] &&
                "$VM_DIR/run-qemu.sh" --accel kvm --timeout 20 "$VM_KERNEL" "" "$dir/kvm-probe.log" \
                        >"$dir/kvm-probe.err" 2>&1 &&
                [ "$(vm_classify "$dir/kvm-probe.log")" = panic ]; then
                echo kvm
        else
                echo tcg
        fi
}

# vm_boot NAME INITRD [KERNEL-ARG...]: boots the guest, console in $T/NAME.log (with qemu's
# own messages in $T/NAME.err); sets VM_STATUS (qemu's exit status, 124 if it was killed
# at VM_TIMEOUT) and VM_SECONDS.
# shellcheck disable=SC2034 # VM_STATUS, VM_SECONDS: for the test file
vm_boot() {
        local name=$1 initrd=$2 start=$SECONDS
        shift 2
        "$VM_DIR/run-qemu.sh" --accel "$VM_ACCEL" --timeout "$VM_TIMEOUT" \
                "$VM_KERNEL" "$initrd" "$T/$name.log" "$@" >"$T/$name.err" 2>&1
        VM_STATUS=$?
        VM_SECONDS=$((SECONDS - start))
}

# vm_console FILE: the serial console's text, without the carriage returns of the tty.
vm_console() {
        tr -d '\r' <"$1"
}

# vm_classify FILE: how the boot whose console is in FILE ended, from the kernel's own last
# words (kernel/reboot.c, kernel/panic.c): "panic" (a PID 1 that exits makes the kernel
# panic: "Attempted to kill init!"), "poweroff", "reboot", "halt", or "none" (no end: the
# machine hung or was killed). A panic wins over the rest: panic=-1 reboots after it.
vm_classify() {
        local text
        text=$(vm_console "$1" 2>/dev/null)
        if grep -Eq 'Kernel panic - not syncing|Attempted to kill init' <<<"$text"; then
                echo panic
        elif grep -q 'reboot: Power down' <<<"$text"; then
                echo poweroff
        elif grep -q 'reboot: Restarting system' <<<"$text"; then
                echo reboot
        elif grep -q 'reboot: System halted' <<<"$text"; then
                echo halt
        else
                echo none
        fi
}

# vm_value FILE KEY: the value of the guest's last "VMTEST KEY VALUE" console line.
vm_value() {
        vm_console "$1" | sed -n "s/^VMTEST $2 //p" | tail -n 1
}
