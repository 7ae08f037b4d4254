#!/bin/sh
# crash-shell.sh (in the guest): svcd's --crash-shell for t-boot.sh's crash boot. svcd execs it
# as PID 1 when it crashes; it says so on the console and leaves the end to the driver.
echo "VMTEST crash-shell-ran pid=$$" >/dev/console
while :; do sleep 1; done
