#!/usr/bin/env bash
# t-stdio.sh: the fds a service gets as 0, 1 and 2 (systemd.exec(5), "Logging and Standard
# Input/Output"): StandardOutput=file:/append:/truncate: with their three ways of opening,
# stderr sharing stdout's file, an AF_UNIX socket as "file:", StandardInput=data with
# StandardInputText=/StandardInputData= (and data implied by the text alone),
# StandardInput=file:, StandardOutput=null; and the failures systemd reports as steps
# STDIN (208), STDOUT (209) and STDERR (222), each naming the unit and the file; and a
# pseudo-terminal as StandardInput=tty/StandardOutput=tty (controlling terminal, TTYRows=).
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

# say.sh: one line on stdout, one on stderr, then what fd 1 is, then idles (so that each
# run writes once).
say=$(write_script say.sh <<'EOF'
#!/bin/sh
echo "out line"
echo "err line" >&2
fd1=$(readlink /proc/$$/fd/1)
echo "$fd1" >"$0.fd1.$1.tmp" && mv "$0.fd1.$1.tmp" "$0.fd1.$1"
exec sleep 3600
EOF
)

printf 'XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\n' >"$T/file.out"
printf 'old line\n' >"$T/append.out"
printf 'old old old old old old old old\n' >"$T/truncate.out"
printf 'from a file\nsecond line\n' >"$T/stdin.txt"

unit file.service <<EOF
[Service]
StandardOutput=file:$T/file.out
ExecStart=$say file
EOF
unit append.service <<EOF
[Service]
StandardOutput=append:$T/append.out
StandardError=append:$T/append.out
ExecStart=$say append
EOF
unit truncate.service <<EOF
[Service]
StandardOutput=truncate:$T/truncate.out
ExecStart=$say truncate
EOF
unit split.service <<EOF
[Service]
StandardOutput=file:$T/split.out
StandardError=file:$T/split.err
ExecStart=$say split
EOF
unit null.service <<EOF
[Service]
StandardOutput=null
StandardError=file:$T/null.err
ExecStart=$say null
EOF
unit data.service <<EOF
[Service]
StandardInput=data
StandardInputText=first line
StandardInputText=  second line, trimmed  
StandardInputData=YmluYXJ5IHBhcnQK
StandardOutput=file:$T/data.out
ExecStart=/bin/cat
EOF
unit text-only.service <<EOF
[Service]
StandardInputText=only text, no StandardInput=
StandardOutput=file:$T/text-only.out
ExecStart=/bin/cat
EOF
unit stdin-file.service <<EOF
[Service]
StandardInput=file:$T/stdin.txt
StandardOutput=file:$T/stdin-file.out
ExecStart=/bin/cat
EOF
unit missing-dir.service <<EOF
[Service]
StandardOutput=file:$T/no/such/dir/out.log
ExecStart=/bin/sleep 3600
EOF
unit missing-err.service <<EOF
[Service]
StandardError=append:$T/no/such/dir/err.log
ExecStart=/bin/sleep 3600
EOF
unit missing-in.service <<EOF
[Service]
StandardInput=file:$T/no-such-input
ExecStart=/bin/sleep 3600
EOF
unit socket-in.service <<EOF
[Service]
StandardInput=socket
ExecStart=/bin/sleep 3600
EOF
unit not-a-tty.service <<EOF
[Service]
StandardInput=tty
TTYPath=/dev/null
ExecStart=/bin/sleep 3600
EOF
enable_units file.service append.service truncate.service split.service null.service data.service \
        text-only.service stdin-file.service
svcd_start

# --- output to files --------------------------------------------------------------------

has_line() { grep -qxF -- "$2" "$1" 2>/dev/null; }
ok "file: gets the service's stdout and stderr" wait_until has_line "$T/file.out" "err line"
# file: writes from the start without truncating; stderr (inherit) shares stdout's fd, so
# the second line follows the first rather than overwriting it.
is "$(cat "$T/file.out")" "$(printf 'out line\nerr line\n%s' XXXXXXXXXXXXXXXXXXXXXX)" \
        "file: overwrites from the start, keeps the rest, stderr follows stdout"
ok "say.sh reported its fd 1" wait_until test -e "$T/say.sh.fd1.file"
is "$(cat "$T/say.sh.fd1.file")" "$T/file.out" "fd 1 is the file itself"

ok "append: gets both lines" wait_until has_line "$T/append.out" "err line"
is "$(cat "$T/append.out")" "$(printf 'old line\nout line\nerr line')" \
        "append: keeps what was there; stdout and stderr share one open"
two_runs() { [ "$(grep -c 'out line' "$T/append.out")" -eq 2 ]; }
ok "restart append.service" svcctl restart append
ok "append: appends again after a restart" wait_until two_runs

ok "truncate: gets the lines" wait_until has_line "$T/truncate.out" "err line"
is "$(cat "$T/truncate.out")" "$(printf 'out line\nerr line')" "truncate: drops the old content"

ok "split stdout" wait_until has_line "$T/split.out" "out line"
ok "split stderr" wait_until has_line "$T/split.err" "err line"
unlike "$(cat "$T/split.out")" "err line" "stderr to its own file stays out of stdout's"

ok "null: stderr's file shows up" wait_until has_line "$T/null.err" "err line"
ok "null: fd 1 is /dev/null" wait_until has_line "$T/say.sh.fd1.null" /dev/null
exits 0 "svcctl logs null.service" svcctl logs null
unlike "$OUT" "out line" "nothing of StandardOutput=null reaches the logs"

# --- input --------------------------------------------------------------------------------

ok "StandardInput=data reaches cat" wait_until has_line "$T/data.out" "binary part"
is "$(cat "$T/data.out")" "$(printf 'first line\nsecond line, trimmed\nbinary part')" \
        "text lines (trimmed, newline-terminated) and base64 data, in order"
ok "StandardInputText= alone implies StandardInput=data" \
        wait_until has_line "$T/text-only.out" "only text, no StandardInput="
ok "StandardInput=file: reaches cat" wait_until has_line "$T/stdin-file.out" "second line"
is "$(cat "$T/stdin-file.out")" "$(cat "$T/stdin.txt")" "the whole file, unchanged"
ok "cat read EOF after the data and exited cleanly" wait_until prop_is data.service ActiveState inactive
is "$(prop data.service Result)" success "data.service succeeded"

# --- an AF_UNIX socket as file: -----------------------------------------------------------

python3 - "$T/listen.sock" "$T/socket.received" <<'EOF' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(sys.argv[1])
s.listen(1)
s.settimeout(60)
c, _ = s.accept()
data = b""
while True:
    b = c.recv(4096)
    if not b:
        break
    data += b
open(sys.argv[2] + ".tmp", "wb").write(data)
import os
os.rename(sys.argv[2] + ".tmp", sys.argv[2])
EOF
listener=$!
wait_until test -S "$T/listen.sock"
unit to-socket.service <<EOF
[Service]
StandardOutput=file:$T/listen.sock
ExecStart=/bin/echo over a socket
EOF
ok "start to-socket.service" svcctl start to-socket
ok "the socket's listener received the output" wait_until test -e "$T/socket.received"
is "$(cat "$T/socket.received" 2>/dev/null)" "over a socket" "file: on a socket connects to it"
kill "$listener" 2>/dev/null
wait "$listener" 2>/dev/null

# --- kmsg: captured, and copied to the kernel log -----------------------------------------

token=svcd-test-$$-$RANDOM
unit to-kmsg.service <<EOF
[Service]
StandardOutput=kmsg
SyslogIdentifier=$token
ExecStart=/bin/sh -c 'echo plain line; echo "<3>error line"'
EOF
ok "start to-kmsg.service" svcctl start to-kmsg
has_logged() { "$SVCCTL" logs to-kmsg 2>/dev/null | grep -q "error line"; }
ok "kmsg output is captured like the journal's" wait_until has_logged
kmsg_has() { # kmsg_has REGEX: a record of the kernel log matches
        python3 - "$1" <<'EOF'
import os, re, sys
fd = os.open("/dev/kmsg", os.O_RDONLY | os.O_NONBLOCK)
records = []
while True:
    try:
        records.append(os.read(fd, 8192).decode(errors="replace"))
    except BlockingIOError:
        break
    except OSError:  # EPIPE: a record was overwritten while reading
        continue
sys.exit(0 if any(re.search(sys.argv[1], r) for r in records) else 1)
EOF
}
if [ -w /dev/kmsg ] && [ -r /dev/kmsg ]; then
        # /dev/kmsg records: "PRIORITY,SEQ,USEC,FLAGS;MESSAGE", PRIORITY = facility | level.
        ok "kmsg: the line is in the kernel log as daemon.info (30)" \
                wait_until kmsg_has "^30,[^;]*;$token\\[[0-9]+\\]: plain line"
        ok "kmsg: a <3> line as daemon.err (27), prefix removed" \
                wait_until kmsg_has "^27,[^;]*;$token\\[[0-9]+\\]: error line"
else
        diag "no readable and writable /dev/kmsg here: the kernel log is not checked"
fi

# --- a terminal: StandardInput=tty makes it the controlling terminal ------------------------

# pty.py NAMEFILE OUTFILE: opens a pseudo-terminal, writes the name of its slave side, and
# copies what arrives on the master side to OUTFILE.
python3 - "$T/pty.name" "$T/pty.out" <<'EOF' &
import os, select, sys, time
master, slave = os.openpty()
open(sys.argv[1] + ".tmp", "w").write(os.ttyname(slave))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
end = time.monotonic() + 60
with open(sys.argv[2], "wb", buffering=0) as out:
    while time.monotonic() < end:
        if select.select([master], [], [], 0.2)[0]:
            try:
                out.write(os.read(master, 4096))
            except OSError:
                time.sleep(0.1)
EOF
pty_pid=$!
ok "a pseudo-terminal for TTYPath=" wait_until test -s "$T/pty.name"
# on-tty.sh: its session, its pid and its controlling terminal (stat(5) fields 6 and 7),
# and the window size it sees.
ontty=$(write_script on-tty.sh <<'EOF'
#!/bin/sh
set -- $(cat /proc/$$/stat)
echo "session=$6 self=$$ tty_nr=$7"
echo "size $(stty size)"
exec sleep 3600
EOF
)
unit on-tty.service <<EOF
[Service]
StandardInput=tty
StandardOutput=tty
TTYPath=$(cat "$T/pty.name")
TTYReset=yes
TTYRows=40
TTYColumns=100
ExecStart=$ontty
EOF
ok "start on-tty.service" svcctl start on-tty
ok "its output arrives on the terminal" wait_until grep -q 'size ' "$T/pty.out"
tty_line=$(tr -d '\r' <"$T/pty.out" | grep -o 'session=.*')
like "$tty_line" '^session=([0-9]+) self=\1 tty_nr=[1-9][0-9]*$' \
        "the service leads its own session and the terminal is its controlling tty"
like "$(tr -d '\r' <"$T/pty.out")" 'size 40 100' "TTYRows=/TTYColumns= set the window size"
ok "TTYReset=yes reset the terminal first (RIS, ESC c)" grep -q $'\033c' "$T/pty.out"
ok "stop on-tty.service" svcctl stop on-tty
kill "$pty_pid" 2>/dev/null
wait "$pty_pid" 2>/dev/null

# --- failures: the step, its exit status, the unit and the file ---------------------------

exits 1 "start fails when StandardOutput= names a missing directory" svcctl start missing-dir
like "$ERR" "step STDOUT" "svcctl says which step failed"
is "$(prop missing-dir.service ExecMainStatus)" 209 "ExecMainStatus is 209 (STDOUT)"
is "$(prop missing-dir.service Result)" exit-code "Result is exit-code"
is "$(prop missing-dir.service StatusErrno)" 2 "StatusErrno is 2 (ENOENT)"
like "$(svcd_log)" "missing-dir\\.service: StandardOutput=file:$T/no/such/dir/out\\.log: cannot open .*No such file or directory" \
        "svcd's log names the unit, the directive, the file and the errno"
exits 3 "status shows the failure" svcctl status missing-dir
like "$OUT" "209/STDOUT" "status shows 209/STDOUT"

exits 1 "StandardError= in a missing directory fails too" svcctl start missing-err
is "$(prop missing-err.service ExecMainStatus)" 222 "ExecMainStatus is 222 (STDERR)"
exits 1 "a missing StandardInput=file: fails" svcctl start missing-in
is "$(prop missing-in.service ExecMainStatus)" 208 "ExecMainStatus is 208 (STDIN)"
like "$(svcd_log)" "missing-in\\.service: StandardInput=file:$T/no-such-input" "named in the log"

exits 1 "StandardInput=socket is refused (no socket units)" svcctl start socket-in
is "$(prop socket-in.service ExecMainStatus)" 208 "ExecMainStatus is 208 (STDIN)"
like "$(svcd_log)" "socket-in\\.service: StandardInput=socket needs a socket unit" "and says why"

exits 1 "StandardInput=tty on a TTYPath= that is no terminal fails" svcctl start not-a-tty
is "$(prop not-a-tty.service ExecMainStatus)" 208 "ExecMainStatus is 208 (STDIN)"
like "$(svcd_log)" "not-a-tty\\.service: StandardInput=tty: cannot open terminal /dev/null: Inappropriate ioctl" \
        "ENOTTY, naming the terminal"

ok "svcd still serves the others" wait_until prop_is split.service ActiveState active
done_testing
