#!/bin/bash
# tests/vm/run-qemu.sh: boots a kernel and an initramfs in qemu-system-x86_64 with the
# serial console captured in a file, and returns when the guest powers off, reboots,
# panics, or after a timeout.
#
# Usage: run-qemu.sh [--accel kvm|tcg] [--timeout SECONDS] [--monitor SOCKET]
#                    KERNEL INITRD CONSOLE_LOG [KERNEL-ARG...]
#   INITRD       "" for none (the KVM probe: the kernel then panics, finding no root)
#   --monitor    a human monitor on a Unix socket (the test sends "sendkey" through it)
#   KERNEL-ARG   appended to the command line; "-- ARG..." passes ARGs to /init itself
#                (kernel-parameters.txt: everything after "--" goes to init)
# Exit status: qemu's (0 once the guest has powered off, rebooted or panicked), 124 if the
# timeout(1) ended it.
#
# The command line: console=ttyS0 (the 8250 UART is the one console that needs no driver
# beyond the kernel's own), init=/init so that an /init that cannot run panics at once
# instead of falling back to /sbin/init or /bin/sh (init/main.c, kernel_init()), panic=-1
# to reboot at once after a panic, and -no-reboot to turn every reboot into qemu's exit.
set -euo pipefail

accel=tcg timeout=60 monitor=
while [ $# -gt 0 ]; do
        case $1 in
        --accel) accel=$2; shift 2 ;;
        --timeout) timeout=$2; shift 2 ;;
        --monitor) monitor=$2; shift 2 ;;
        --) shift; break ;;
        -*) echo "$0: unknown option $1" >&2; exit 2 ;;
        *) break ;;
        esac
done
if [ $# -lt 3 ]; then
        echo "usage: $0 [--accel kvm|tcg] [--timeout S] [--monitor SOCKET] KERNEL INITRD CONSOLE_LOG [KERNEL-ARG...]" >&2
        exit 2
fi
kernel=$1 initrd=$2 log=$3
shift 3

args=(-nodefaults -no-user-config -display none -no-reboot -m 512 -smp 1)
case $accel in
# -cpu host: KVM runs the host's CPU model. TCG's "max" has every feature TCG emulates.
kvm) args+=(-accel kvm -cpu host) ;;
tcg) args+=(-accel tcg -cpu max) ;;
*) echo "$0: --accel must be kvm or tcg, not $accel" >&2; exit 2 ;;
esac
args+=(-kernel "$kernel" -serial "file:$log")
[ -z "$initrd" ] || args+=(-initrd "$initrd")
[ -z "$monitor" ] || args+=(-monitor "unix:$monitor,server=on,wait=off")
args+=(-append "console=ttyS0 init=/init panic=-1 $*")

rm -f "$log"
# -k: qemu stuck in a device model would outlive a plain SIGTERM.
exec timeout -k 5 "$timeout" qemu-system-x86_64 "${args[@]}"
