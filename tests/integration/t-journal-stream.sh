#!/usr/bin/env bash
# t-journal-stream.sh: with journald present, a service's output (StandardOutput=journal,
# the default) also goes to journald's stdout stream, as systemd's does: svcd loads
# libsystemd on demand and opens one sd_journal_stream_fd(3) per output pipe. journald is
# played by socat on a private /run/systemd/journal (this script re-runs itself in a mount
# namespace of its own), which records the stream: its header (identifier, unit, priority,
# level prefix, three forwarding flags) and then the lines. Then journald goes away, and
# last libsystemd cannot be loaded at all.
if [ -z "${SVCD_TEST_MOUNT_NS:-}" ]; then
        exec env SVCD_TEST_MOUNT_NS=1 unshare --mount --propagation private bash "$0" "$@"
fi
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

"$SVCD" --version | grep -qx '+libsystemd' || skip_all "svcd built without libsystemd"

mkdir -p /run/systemd/journal 2>/dev/null || true
mount -t tmpfs -o mode=0755 tmpfs /run/systemd/journal || skip_all "cannot mount a tmpfs on /run/systemd/journal"
: >/run/systemd/journal/socket # svcd only checks that journald's datagram socket is writable
socat -u UNIX-LISTEN:/run/systemd/journal/stdout,fork OPEN:"$T/journal",creat,append &
socat_pid=$!
wait_until test -S /run/systemd/journal/stdout || bail "socat did not create journald's stdout socket"

unit talker.service <<EOF
[Service]
Type=oneshot
RemainAfterExit=yes
SyslogIdentifier=talker
SyslogLevel=notice
ExecStart=/bin/sh -c 'echo hello journal; echo "<3>an error" >&2'
EOF
enable_units talker.service

svcd_start
ok "talker has run" wait_until prop_is talker.service ActiveState active
# svcd reads the pipe itself (svcctl logs keeps a copy) and hands journald each line with its
# priority: SyslogLevel= where the line has no "<N>" prefix of its own.
ok "journald got talker's stdout line, at SyslogLevel=notice" wait_until grep -qx '<5>hello journal' "$T/journal"
ok "and the stderr line with its own priority" grep -qx '<3>an error' "$T/journal"
# sd_journal_stream_fd(3)'s header: identifier, unit id (empty), priority, level prefix,
# forward to syslog, to kmsg, to console.
header=$(head -n 7 "$T/journal" | tr '\n' ' ')
is "$header" "talker  5 1 0 0 0 " "the stream starts with sd_journal_stream_fd()'s header"
ok "svcd keeps the output too (svcctl logs)" wait_until bash -c "'$SVCCTL' logs talker.service | grep -q 'hello journal'"
ok "svcd has loaded libsystemd for journald" grep -q 'libsystemd\.so' "/proc/$SVCD_PID/maps"

# journald gone: svcd says so, keeps the output itself, and carries on.
kill "$socat_pid" 2>/dev/null
wait "$socat_pid" 2>/dev/null
rm -f /run/systemd/journal/stdout
"$SVCCTL" restart talker.service >/dev/null 2>&1
ok "without journald's stream, talker still runs" wait_until prop_is talker.service ActiveState active
ok "svcd says journald cannot be reached, naming the unit" \
        wait_until grep -q 'talker.service: Cannot connect to journald' "$T/svcd.log"
ok "and keeps the output itself" wait_until bash -c "[ \$('$SVCCTL' logs talker.service | grep -c 'hello journal') -ge 2 ]"

svcd_stop_and_wait TERM
is "$?/$SVCD_EXIT" 0/0 "svcd exits 0 on SIGTERM"

# journald there again, but libsystemd cannot be loaded (here: /dev/null in its place, in
# this mount namespace only): svcd says so once, keeps the output itself, and carries on.
libsystemd=$(ldconfig -p | awk '$1 == "libsystemd.so.0" { print $NF; exit }')
if [ -n "$libsystemd" ] && mount --bind /dev/null "$libsystemd"; then
        socat -u UNIX-LISTEN:/run/systemd/journal/stdout,fork OPEN:"$T/journal2",creat,append &
        socat_pid=$!
        wait_until test -S /run/systemd/journal/stdout || bail "socat did not create journald's stdout socket"
        log_start=$(log_lines)
        svcd_start
        ok "without a loadable libsystemd, talker runs" wait_until prop_is talker.service ActiveState active
        ok "svcd keeps its output" wait_until bash -c "'$SVCCTL' logs talker.service | grep -q 'hello journal'"
        ok "svcd says it cannot load libsystemd" \
                wait_until bash -c "grep -q 'Cannot load libsystemd (.*); not talking to systemd or journald\.' '$T/svcd.log'"
        is "$(log_since "$log_start" | grep -c 'Cannot load libsystemd')" 1 "... once"
        "$SVCCTL" restart talker.service >/dev/null 2>&1
        ok "talker restarts all the same" wait_until prop_is talker.service ActiveState active
        is "$(log_since "$log_start" | grep -c 'Cannot load libsystemd')" 1 "... and svcd does not try again"
        is "$(cat "$T/journal2" 2>/dev/null)" "" "nothing reached journald's socket"
        svcd_stop_and_wait TERM
        is "$?/$SVCD_EXIT" 0/0 "svcd exits 0 on SIGTERM"
        kill "$socat_pid" 2>/dev/null
        wait "$socat_pid" 2>/dev/null
        umount "$libsystemd"
else
        pass "without a loadable libsystemd # SKIP cannot hide libsystemd.so.0 here"
fi
done_testing
