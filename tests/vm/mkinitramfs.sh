#!/bin/bash
# tests/vm/mkinitramfs.sh: builds the guest's initramfs for the VM boot test: svcd as /init,
# svcctl, the shared libraries both need (ldd), busybox-static with its applet links, the
# unit files of a directory, /etc/hostname, and a /dev/console node.
#
# Usage: mkinitramfs.sh OUTPUT SVCD SVCCTL UNITDIR HOSTNAME [SRC=DEST...]
#   UNITDIR   copied to /etc/svcd/units (with its .wants/ directories and drop-ins)
#   SRC=DEST  more files (DEST absolute, inside the guest; executables keep their mode)
#
# The archive is an uncompressed newc cpio (the kernel reads it as is; compressing would
# only cost time): one made by cpio(1) from a staging directory, followed by a second one
# written here that holds /dev/console. The kernel unpacks concatenated archives in order
# (Documentation/driver-api/early-userspace/buffer-format.rst), and writing the device
# entry by hand needs no mknod, so no root. /dev/console must be there before init runs:
# the kernel opens it for init's fds 0-2 (init/main.c, console_on_rootfs()). (A kernel
# whose built-in initramfs is the default one, usr/default_cpio_list, has the node already;
# one built with its own CONFIG_INITRAMFS_SOURCE may not.)
#
# /proc, /sys and /run are deliberately missing: svcd's early boot creates and mounts them.
set -euo pipefail

if [ $# -lt 5 ]; then
        echo "usage: $0 OUTPUT SVCD SVCCTL UNITDIR HOSTNAME [SRC=DEST...]" >&2
        exit 2
fi
out=$1 svcd=$2 svcctl=$3 unitdir=$4 hostname=$5
shift 5

busybox=${SVCD_VM_BUSYBOX:-/bin/busybox}
if ! "$busybox" --list-full >/dev/null 2>&1; then
        echo "$0: $busybox is not a busybox with --list-full (apt-get install busybox-static)" >&2
        exit 1
fi
if ldd "$busybox" >/dev/null 2>&1; then
        echo "$0: $busybox is dynamically linked; the guest needs busybox-static" >&2
        exit 1
fi

stage=$(mktemp -d "${TMPDIR:-/tmp}/svcd-initramfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT

# copy_with_libs BINARY DEST: the binary and every shared library ldd(1) resolves for it,
# the latter at the same absolute paths (so the dynamic loader finds them where the host's
# ld.so.cache said, without a cache of its own in the guest).
copy_with_libs() {
        local bin=$1 dest=$2 lib
        install -D -m 0755 "$bin" "$stage$dest"
        # "libc.so.6 => /lib/.../libc.so.6 (0x...)" and "/lib64/ld-linux-x86-64.so.2 (0x...)";
        # a static binary has none ("not a dynamic executable" / "statically linked").
        while read -r lib; do
                [ -e "$stage$lib" ] || install -D -m 0755 "$(readlink -f "$lib")" "$stage$lib"
        done < <(ldd "$bin" 2>/dev/null | grep -oE '(^[[:space:]]*|=> )/[^ ]+' | sed -E 's/^(=> |[[:space:]]+)//')
}

mkdir -p "$stage"/{dev,etc/svcd/units,root,tmp,var/lib,bin,sbin,usr/bin,usr/sbin}
chmod 1777 "$stage/tmp"

copy_with_libs "$svcd" /sbin/svcd
copy_with_libs "$svcctl" /bin/svcctl
ln -s sbin/svcd "$stage/init"

install -m 0755 "$busybox" "$stage/bin/busybox"
# busybox --list-full: "bin/sh", "usr/sbin/chroot", ...; never over svcd's own files.
while read -r applet; do
        [ -e "$stage/$applet" ] || [ -L "$stage/$applet" ] || ln -s /bin/busybox "$stage/$applet"
done < <("$busybox" --list-full)

printf '%s\n' "$hostname" >"$stage/etc/hostname"
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$stage/etc/passwd"
printf 'root:x:0:\ntty:x:5:\n' >"$stage/etc/group"
cp -a "$unitdir/." "$stage/etc/svcd/units/"

for spec in "$@"; do
        src=${spec%%=*} dest=${spec#*=}
        mode=0644
        [ ! -x "$src" ] || mode=0755
        install -D -m "$mode" "$src" "$stage$dest"
done

# newc_entry NAME MODE RDEVMAJOR RDEVMINOR: one newc header (no data) for a device node or
# a directory. 13 fields of 8 hex digits after the "070701" magic, then the name with its
# NUL, padded so that header and name end on a 4-byte boundary (cpio(5), "New ASCII Format").
newc_entry() {
        local name=$1 mode=$2 major=$3 minor=$4
        local namesize=$((${#name} + 1))
        printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
                0 "$mode" 0 0 1 0 0 0 0 "$major" "$minor" "$namesize" 0
        printf '%s\0' "$name"
        local pad=$(((4 - (110 + namesize) % 4) % 4))
        head -c "$pad" /dev/zero
}

{
        (cd "$stage" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet)
        # 0020600: character device, rw for root only; 5:1 is /dev/console (devices.txt).
        newc_entry dev/console $((8#0020600)) 5 1
        newc_entry TRAILER!!! 0 0 0
} >"$out.tmp"
mv "$out.tmp" "$out"
