#!/usr/bin/env bash
# t-fds.sh: a service holds exactly fds 0, 1 and 2 (stdin /dev/null): nothing svcd has open
# (its sockets, epoll, signalfd, fds it inherited) leaks into services; and svcd started
# with its standard fds closed still gives services valid ones, never its own sockets.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

unit idle.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
EOF
enable_units idle.service

# fd_list PID: "fd -> target" for each open fd of PID (namespace numbering).
fd_list() {
        in_ns /bin/bash -c 'for f in /proc/$1/fd/*; do echo "${f##*/} -> $(readlink "$f")"; done' fds "$1"
}

check_service_fds() { # check_service_fds LABEL
        local pid fds
        ok "$1: idle.service becomes active" wait_until prop_is idle.service ActiveState active
        pid=$(prop idle.service MainPID)
        fds=$(fd_list "$pid")
        diag "$fds"
        is "$(printf '%s\n' "$fds" | cut -d' ' -f1 | sort -n | tr '\n' ' ')" "0 1 2 " "$1: the service has exactly fds 0 1 2"
        like "$(printf '%s\n' "$fds" | grep '^0 ')" '^0 -> /dev/null$' "$1: its stdin is /dev/null"
        unlike "$fds" 'socket:|anon_inode' "$1: none of them is a socket, epoll or signalfd of svcd's"
}

# svcd inherits an extra fd from this shell (fd 9), as from a careless parent.
exec 9>"$T/inherited"
svcd_start
exec 9>&-
check_service_fds "inherited fd 9"
svcd_stop_and_wait TERM
is "$?/$SVCD_EXIT" 0/0 "svcd exits 0 on SIGTERM"

# Again with svcd's stdin, stdout and stderr closed.
SVCD_PID=
unshare --pid --fork --mount-proc --kill-child "$SVCD" --unit-path "$UNITS" --socket "$SOCK" \
        --runtime-dir "$T/run" <&- >&- 2>&- &
_svcd_unshare_pid=$!
ok "svcd with fds 0-2 closed answers on its socket" wait_until eval '_svcd_find_pid && _svcd_answers'
_svcd_find_pid
check_service_fds "closed std fds"
exits 0 "svcctl stop idle exits 0" svcctl stop idle
done_testing
