#!/usr/bin/env bash
# t-fdstore.sh: the file descriptor store (FileDescriptorStoreMax=, sd_notify(3) FDSTORE=1,
# FDNAME=, FDSTOREREMOVE=1): an fd stored by one run comes back to the next run after a
# restart as LISTEN_FDS/LISTEN_FDNAMES/LISTEN_PID, fd 3 the same file; removal by name;
# stores beyond the maximum and without FileDescriptorStoreMax= are refused and logged; a
# full stop empties the store (systemd.service(5)).
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

NC=${SVCD_NOTIFY_CLIENT:-}
[ -n "$NC" ] && [ -x "$NC" ] || skip_all "notify-client not built (svcd built without libsystemd)"

# --- helpers -----------------------------------------------------------------------------

# no_listen_fds PID: PID runs (its environment is readable) and has no LISTEN_FDS.
no_listen_fds() {
        local env
        env=$(ns_environ "$1")
        [ -n "$env" ] || { echo "no environment for pid $1"; return 1; }
        ! grep '^LISTEN_' <<<"$env"
}

# ns_fd PID FD: what fd FD of PID (namespace numbering) refers to.
ns_fd() {
        in_ns readlink "/proc/$1/fd/$2" 2>/dev/null
}

log_has_since() { # log_has_since N EXTENDED-REGEX (case-insensitive)
        log_since "$1" | grep -Eqi -- "$2"
}

# --- units -------------------------------------------------------------------------------

# store.sh: one run of store.service. Run 1 stores $T/kept as "keep"; every run says
# READY=1 and then serves the test's requests: $T/req-remove (FDSTOREREMOVE=1 FDNAME=keep),
# $T/req-fill (five fds, one more than FileDescriptorStoreMax=4). It sends as the script
# (--pid=parent), the main process; notify-client exits 0 once the datagram is sent.
store=$(write_script store.sh <<EOF
#!/bin/bash
run=\$((\$(cat $T/store.runs 2>/dev/null || echo 0) + 1))
echo \$run >$T/store.runs
if [ \$run = 1 ]; then
        $NC --pid=parent --fd-file=$T/kept FDSTORE=1 FDNAME=keep || exit 10
fi
$NC --pid=parent READY=1 "STATUS=run \$run" || exit 11
while :; do
        if [ -e $T/req-remove ]; then
                rm -f $T/req-remove
                $NC --pid=parent FDSTOREREMOVE=1 FDNAME=keep || exit 12
                touch $T/done-remove
        fi
        if [ -e $T/req-fill ]; then
                rm -f $T/req-fill
                for i in 1 2 3 4 5; do
                        $NC --pid=parent --fd-file=$T/fill-\$i FDSTORE=1 FDNAME=fill\$i || exit 13
                done
                touch $T/done-fill
        fi
        sleep 0.05
done
EOF
)
unit store.service <<EOF
[Service]
Type=notify
FileDescriptorStoreMax=4
ExecStart=$store
EOF

# No FileDescriptorStoreMax=: its FDSTORE=1 (sent with READY=1) must be refused.
unit nomax.service <<EOF
[Service]
Type=notify
ExecStart=$NC --fd-file=$T/nomax-file --then-sleep=3600 READY=1 FDSTORE=1 FDNAME=nope
EOF

svcd_start

# --- store, restart, get it back ---------------------------------------------------------
exits 0 "svcctl start store exits 0" svcctl start store
is "$(prop store.service NFileDescriptorStore)" 1 "FDSTORE=1 (sent before READY=1): NFileDescriptorStore=1"
first=$(prop store.service MainPID)
ok "the first run got no LISTEN_FDS (the store was empty)" no_listen_fds "$first"

exits 0 "svcctl restart store exits 0" svcctl restart store
main=$(prop store.service MainPID)
isnt "$main" "$first" "store runs under a new main process"
is "$(cat "$T/store.runs" 2>/dev/null)" 2 "... its second run"
env=$(ns_environ "$main")
like "$env" '^LISTEN_FDS=1$' "the new main process has LISTEN_FDS=1"
like "$env" '^LISTEN_FDNAMES=keep$' "... LISTEN_FDNAMES=keep"
like "$env" "^LISTEN_PID=$main\$" "... and LISTEN_PID=$main, its own pid"
is "$(ns_fd "$main" 3)" "$T/kept" "its fd 3 is the stored file"
is "$(prop store.service NFileDescriptorStore)" 1 "the store still holds it (NFileDescriptorStore=1)"

# --- FDSTOREREMOVE=1 --------------------------------------------------------------------------
touch "$T/req-remove"
ok "store sent FDSTOREREMOVE=1 FDNAME=keep" wait_until test -e "$T/done-remove"
ok "the store is empty: NFileDescriptorStore=0" wait_until prop_is store.service NFileDescriptorStore 0

# --- more than FileDescriptorStoreMax= ---------------------------------------------------------
before=$(log_lines)
touch "$T/req-fill"
ok "store sent five FDSTORE=1 messages" wait_until test -e "$T/done-fill"
ok "four are kept: NFileDescriptorStore=4 (FileDescriptorStoreMax=4)" \
        wait_until prop_is store.service NFileDescriptorStore 4
ok "the fifth is refused, and svcd's log says so" \
        wait_until log_has_since "$before" 'store\.service: .*(FileDescriptorStoreMax|too many|refus|full|more than)'
diag "$(log_since "$before" | grep -i 'store\.service' | tail -n 3)" # what svcd said
is "$(prop store.service NFileDescriptorStore)" 4 "NFileDescriptorStore stays 4"

# --- a full stop empties the store ---------------------------------------------------------------
exits 0 "svcctl stop store exits 0" svcctl stop store
ok "stopped: the store is released (NFileDescriptorStore=0)" wait_until prop_is store.service NFileDescriptorStore 0
exits 0 "svcctl start store exits 0" svcctl start store
ok "after stop and start: no LISTEN_FDS" no_listen_fds "$(prop store.service MainPID)"

# --- FileDescriptorStoreMax=0 -------------------------------------------------------------------
before=$(log_lines)
exits 0 "svcctl start nomax exits 0" svcctl start nomax
is "$(prop nomax.service NFileDescriptorStore)" 0 "without FileDescriptorStoreMax=: NFileDescriptorStore=0"
ok "... the FDSTORE=1 is refused, and svcd's log says so" \
        wait_until log_has_since "$before" 'nomax\.service: .*(FileDescriptorStoreMax|refus|not allowed|disabled)'
diag "$(log_since "$before" | grep -i 'nomax\.service' | tail -n 3)"
exits 0 "svcctl restart nomax exits 0" svcctl restart nomax
ok "... and nothing is passed on to the next run (no LISTEN_FDS)" no_listen_fds "$(prop nomax.service MainPID)"

ok "svcd is still running" svcd_running
done_testing
