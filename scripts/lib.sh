# scripts/lib.sh: what scripts/try, scripts/test and bench/run share: the one list of Debian
# packages svcd needs, installing the missing ones, and configuring a build directory.
# Sourced, not run. Callers set -euo pipefail themselves.
# shellcheck shell=bash

# The Debian 12 packages to build, test and try svcd. Keep this the only list.
#   meson ninja-build gcc binutils pkg-config  the build (binutils: nm for the lint test)
#   libcap-dev libseccomp-dev libinih-dev libjson-c-dev check libsystemd-dev  the libraries
#   scdoc        man pages            clang        the second compiler -Werror must pass with
#   libclang-rt-dev  clang's sanitizer and libFuzzer runtimes (the fuzz build); clang only
#                recommends it, and apt-get here installs no recommends
#   curl         the README's tour asks examples/units/web.service for a page
#   util-linux   unshare, nsenter, setpriv (integration tests, scripts/try)
#   socat        raw Varlink in tests  python3      meson's own runtime; test helpers
#   systemd      systemd-notify, the real sd_notify client the readiness tests use
#   qemu-system-x86 linux-image-cloud-amd64 busybox-static cpio  the VM boot test (tests/vm/):
#                a kernel with everything built in, an initramfs with svcd as /init, qemu
SVCD_PACKAGES=(
        meson ninja-build gcc binutils pkg-config
        libcap-dev libseccomp-dev libinih-dev libjson-c-dev check libsystemd-dev
        scdoc clang libclang-rt-dev util-linux socat python3 systemd curl
        qemu-system-x86 linux-image-cloud-amd64 busybox-static cpio
)

# The peers the benchmarks measure svcd against, in the same run (bench/reap.sh, and
# bench/restart.sh for runit, s6 and supervisor). Only bench/run installs them, and a
# benchmark whose peer is missing says so in its rows and goes on: they are not needed to
# build, test or try svcd.
#   tini dumb-init       PID 1 of a container: the orphan storm and idle memory (bench/reap)
#   runit s6 supervisor  supervisors with one process per service, and a python one
SVCD_BENCH_PACKAGES=(tini dumb-init runit s6 supervisor)

# Options of the build/ directory that scripts/try, scripts/test and bench/run share (one
# set, so that switching between them never reconfigures it).
SVCD_BUILD_OPTIONS=(-Dwerror=true)

# The repository root: scripts/ sits directly under it.
SVCD_ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)

svcd_say() {
        printf '==> %s\n' "$*" >&2
}

# svcd_missing_packages PACKAGE...: prints those dpkg does not report as installed, one a line.
svcd_missing_packages() {
        local p
        for p in "$@"; do
                if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
                        printf '%s\n' "$p"
                fi
        done
}

# svcd_apt_install PACKAGE...: apt-get update, then install them, without questions.
svcd_apt_install() {
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q && apt-get install -y -q --no-install-recommends "$@"
}

# Installs the packages of SVCD_PACKAGES that dpkg does not report as installed; runs
# `apt-get update` only when something is missing, so a ready machine needs no network.
svcd_install_packages() {
        local missing=()
        mapfile -t missing < <(svcd_missing_packages "${SVCD_PACKAGES[@]}")
        if [ ${#missing[@]} -eq 0 ]; then
                return 0
        fi
        if [ "$(id -u)" -ne 0 ]; then
                svcd_say "missing Debian packages: ${missing[*]}; run as root or: sudo apt-get install ${missing[*]}"
                return 1
        fi
        svcd_say "installing ${missing[*]}"
        svcd_apt_install "${missing[@]}"
}

# Installs the missing packages of SVCD_BENCH_PACKAGES when root; otherwise, or if apt-get
# fails, only warns: the benchmarks then report those peers as skipped.
svcd_install_bench_packages() {
        local missing=()
        mapfile -t missing < <(svcd_missing_packages "${SVCD_BENCH_PACKAGES[@]}")
        if [ ${#missing[@]} -eq 0 ]; then
                return 0
        fi
        if [ "$(id -u)" -ne 0 ]; then
                svcd_say "benchmark peers not installed: ${missing[*]}; their rows will be skipped (as root: apt-get install ${missing[*]})"
                return 0
        fi
        svcd_say "installing the benchmark peers ${missing[*]}"
        if ! svcd_apt_install "${missing[@]}"; then
                svcd_say "could not install ${missing[*]}; their rows will be skipped"
        fi
        return 0
}

# Debian packages whose unit files the distro acceptance test (tests/integration/
# t-verify-distro.sh, issue 3) runs `svcctl verify` over. Only scripts/test installs them
# (not scripts/try): they are test data, and the repository holds none of their files.
SVCD_DISTRO_UNIT_PACKAGES=(nginx-light redis-server memcached postgresql openssh-server cron rsyslog)

# Installs the missing packages of SVCD_DISTRO_UNIT_PACKAGES without starting their
# daemons: invoke-rc.d asks /usr/sbin/policy-rc.d, and exit status 101 means "action
# forbidden" (Debian Policy, /usr/share/doc/init-system-helpers/README.policy-rc.d), so
# the maintainer scripts start nothing. The policy file is removed afterwards only if this
# function created it.
svcd_install_distro_unit_packages() {
        local missing=() rc=0 created=
        mapfile -t missing < <(svcd_missing_packages "${SVCD_DISTRO_UNIT_PACKAGES[@]}")
        if [ ${#missing[@]} -eq 0 ]; then
                return 0
        fi
        if [ "$(id -u)" -ne 0 ]; then
                svcd_say "not root: the distro unit test runs over the units installed (missing: ${missing[*]})"
                return 0
        fi
        svcd_say "installing ${missing[*]} (for their unit files; their daemons are not started)"
        if [ ! -e /usr/sbin/policy-rc.d ]; then
                printf '#!/bin/sh\n# svcd scripts/test: start no daemon while packages install.\nexit 101\n' \
                        >/usr/sbin/policy-rc.d
                chmod 0755 /usr/sbin/policy-rc.d
                created=1
        fi
        svcd_apt_install "${missing[@]}" || rc=$?
        if [ -n "$created" ]; then
                rm -f /usr/sbin/policy-rc.d
        fi
        return $rc
}

# svcd_setup BUILDDIR [MESON-OPTION...]: configures BUILDDIR with exactly these options.
# A fresh directory gets `meson setup`; an existing one is reconfigured only when the
# options differ from the last run (so a second run is a no-op and keeps the build).
svcd_setup() {
        local dir=$1
        shift
        local stamp="$dir/.svcd-setup-options"
        local want="$*"
        if [ -f "$dir/build.ninja" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
                return 0
        fi
        if [ -f "$dir/meson-private/coredata.dat" ]; then
                meson setup --reconfigure "$dir" "$SVCD_ROOT" "$@" >/dev/null
        else
                rm -rf "$dir"
                meson setup "$dir" "$SVCD_ROOT" "$@"
        fi
        printf '%s' "$want" >"$stamp"
}
