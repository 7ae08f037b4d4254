#!/usr/bin/env bash
# t-logs.sh: the capture of services' output (supervisord/log-capture.h): whole lines tagged
# "IDENT[PID]: " on svcd's stdout, never interleaved mid-line between services; a 1 MB
# line split at 48 KiB (journald's LineMax=); a partial last line flushed; "<N>" priorities;
# `svcctl logs` with -n, --since, --json and -f (also a follower that vanishes); a restart
# keeping earlier lines; `status` showing the last lines; and svcd answering while a
# service writes as fast as it can (measured, printed, not asserted).
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

LINE_MAX=49152
pad=$(printf 'p%.0s' $(seq 200))

# chat.sh TAG N: N numbered lines of ~220 bytes, as fast as the shell goes, then idles.
chat=$(write_script chat.sh <<'EOF'
#!/bin/bash
pad=$(printf 'p%.0s' $(seq 200))
for ((i = 0; i < $2; i++)); do
        echo "$1-$i-$pad"
done
echo "$1-done"
exec sleep 3600
EOF
)
unit chat-a.service <<EOF
[Service]
ExecStart=$chat A 3000
EOF
unit chat-b.service <<EOF
[Service]
SyslogIdentifier=bee
ExecStart=$chat B 3000
EOF
big=$(write_script big.sh <<'EOF'
#!/bin/sh
head -c 1048576 /dev/zero | tr '\0' x
echo
echo after-big
exec sleep 3600
EOF
)
unit big.service <<EOF
[Service]
ExecStart=$big
EOF
unit partial.service <<EOF
[Service]
ExecStart=/bin/sh -c 'echo "<3>an error"; echo "<7>some debugging"; printf "no newline at exit"'
EOF
unit later.service <<EOF
[Service]
ExecStart=/bin/sh -c 'echo "hello from later"; exec sleep 3600'
EOF
unit quiet.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
EOF
unit flood.service <<EOF
[Service]
ExecStart=/usr/bin/yes flood-line-of-some-length-so-that-it-looks-like-a-log-message
EOF
enable_units chat-a.service chat-b.service big.service partial.service quiet.service
svcd_start

has_entry() { # has_entry UNIT TEXT: svcctl logs UNIT has a line TEXT
        "$SVCCTL" logs "$1" 2>/dev/null | grep -qF -- "$2"
}
ok "chat-a wrote all its lines" wait_until has_entry chat-a A-done
ok "chat-b wrote all its lines" wait_until has_entry chat-b B-done
ok "big.service's line arrived" wait_until has_entry big after-big
ok "partial.service's last line arrived" wait_until has_entry partial "no newline at exit"

# --- svcd's stdout --------------------------------------------------------------------------

log=$T/svcd.log
# Every line of either chatty service is whole: its tag, then exactly one message.
bad=$(grep -aE 'chat-a\.service\[|bee\[|A-[0-9]|B-[0-9]' "$log" |
        grep -avE "^(chat-a\\.service\\[[0-9]+\\]: A-[0-9]+-$pad|bee\\[[0-9]+\\]: B-[0-9]+-$pad|chat-a\\.service\\[[0-9]+\\]: A-done|bee\\[[0-9]+\\]: B-done)\$" |
        head -c 600)
is "$bad" "" "lines of two chatty services never interleave mid-line on svcd's stdout"
is "$(grep -acE '^chat-a\.service\[[0-9]+\]: A-[0-9]+-' "$log")" 3000 "all 3000 lines of chat-a, tagged with the unit"
is "$(grep -acE '^bee\[[0-9]+\]: B-[0-9]+-' "$log")" 3000 "all 3000 lines of chat-b, tagged with SyslogIdentifier="

# 1 MiB of x and a newline: 21 pieces of 49152 bytes and the 16384 left over.
pieces=$(grep -a '^big\.service\[' "$log" | grep -a 'xxxx' | awk '{ sub(/^[^ ]* /, ""); print length($0) }' | sort -n | uniq -c |
        awk '{ printf "%s*%s ", $1, $2 }')
is "$pieces" "1*16384 21*$LINE_MAX " "a 1 MB line is split at $LINE_MAX bytes on svcd's stdout"
# The ring keeps 1 MiB of a unit's lines: the first piece made room for "after-big".
is "$("$SVCCTL" --json logs big | python3 -c '
import json, sys
print(" ".join(str(len(json.loads(l)["message"])) for l in sys.stdin))')" \
        "$(printf "$LINE_MAX %.0s" $(seq 20))16384 9" "the ring keeps the newest pieces that fit in 1 MiB"

like "$(grep -a '^partial\.service' "$log")" 'partial\.service\[[0-9]+\]: no newline at exit' \
        "a partial last line is flushed at EOF"

# --- svcctl logs ----------------------------------------------------------------------------

exits 0 "svcctl logs -n 3 chat-a" svcctl logs -n 3 chat-a
is "$(wc -l <<<"$OUT")" 3 "-n 3 prints 3 lines"
like "$(tail -n 1 <<<"$OUT")" '^[A-Z][a-z]{2} [ 0-9][0-9] [0-9:]{8} chat-a\.service\[[0-9]+\]: A-done$' \
        "the newest last, journalctl's short format"
like "$(head -n 1 <<<"$OUT")" "chat-a\\.service\\[[0-9]+\\]: A-2998-$pad\$" "the three newest lines"

exits 0 "svcctl --json logs -n 3 partial" svcctl --json logs -n 3 partial
json_check=$(python3 -c '
import json, sys
rows = [json.loads(l) for l in sys.stdin.read().splitlines()]
assert len(rows) == 3, rows
for r in rows:
    assert set(r) >= {"timestamp", "unit", "pid", "priority", "message"}, r
    assert r["unit"] == "partial.service" and r["pid"] > 0 and r["timestamp"] > 10**15, r
print(" ".join("%d:%s" % (r["priority"], r["message"]) for r in rows))' <<<"$OUT" 2>&1)
is "$json_check" "3:an error 7:some debugging 6:no newline at exit" \
        "--json: one object per line; \"<N>\" prefixes set the priority and are removed"

exits 0 "svcctl logs without a unit merges every unit" svcctl logs
like "$OUT" 'chat-a\.service\[' "chat-a is there"
like "$OUT" 'partial\.service\[' "partial is there"
exits 0 "svcctl logs --since in the future" svcctl logs --since=+1h chat-a
exits 0 "svcctl logs --since=-1h" svcctl logs --since=-1h -n 1 chat-a
like "$OUT" 'A-done' "--since an hour ago includes the lines"
exits 0 "svcctl logs --since=@4102444800 (2100)" svcctl logs --since=@4102444800 chat-a
is "$OUT" "" "--since after every line: nothing"
exits 1 "a --since svcctl does not understand" svcctl logs --since=whenever chat-a
like "$ERR" 'since=whenever' "names the value"
exits 4 "logs of a unit that does not exist exits 4" svcctl logs no-such-unit
like "$ERR" 'no-such-unit\.service could not be found' "and says so"

exits 0 "status shows the last lines" svcctl status chat-a
like "$OUT" "chat-a\\.service\\[[0-9]+\\]: A-done" "status ends with the unit's last lines"
is "$(grep -c 'chat-a\.service\[' <<<"$OUT")" 10 "ten of them, as systemctl status"
exits 0 "status -n 2" svcctl status -n 2 chat-a
is "$(grep -c 'chat-a\.service\[' <<<"$OUT")" 2 "-n 2: two"
exits 0 "status --json -n 3" svcctl --json status -n 3 chat-a
is "$(python3 -c 'import json, sys; print(" ".join(e["message"] for e in json.loads(sys.stdin.readline())["Logs"]))' <<<"$OUT" |
        sed "s/-$pad//g")" "A-2998 A-2999 A-done" "--json: the same last lines as \"Logs\", LogEntry objects"

# --- the Varlink method itself -----------------------------------------------------------------

# Pipelined on one connection: GetLogs without "more" (one reply), follow without "more"
# (refused), GetLogs with "more" (pieces, the last without "continues"), then GetUnit,
# which is read only after the stream ended.
raw=$(python3 - "$SOCK" <<'EOF' 2>&1
import json, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1])
calls = [
    {"method": "io.svcd.Manager.GetLogs", "parameters": {"names": ["partial.service"]}},
    {"method": "io.svcd.Manager.GetLogs", "parameters": {"follow": True}},
    {"method": "io.svcd.Manager.GetLogs", "parameters": {"names": ["chat-a.service", "chat-b.service"]}, "more": True},
    {"method": "io.svcd.Manager.GetUnit", "parameters": {"name": "quiet.service"}},
]
s.sendall(b"".join(json.dumps(c).encode() + b"\0" for c in calls))
buf, out, pieces, entries = b"", [], 0, []
while True:
    while b"\0" not in buf:
        b = s.recv(1 << 20)
        if not b:
            raise SystemExit("closed early: " + " ".join(out))
        buf += b
    m, buf = buf.split(b"\0", 1)
    r = json.loads(m)
    if len(out) == 0:
        out.append("one:%d:%s" % (len(r["parameters"]["entries"]), r.get("continues", False)))
    elif len(out) == 1:
        out.append("refused:%s:%s" % (r.get("error"), r["parameters"].get("parameter")))
    elif len(out) == 2:
        pieces += 1
        entries += r["parameters"]["entries"]
        if not r.get("continues"):
            seqs = [e["timestamp"] for e in entries]
            out.append("more:%s:%d:%s" % (pieces > 1, len(entries), seqs == sorted(seqs)))
    else:
        out.append("unit:" + r["parameters"]["unit"]["Id"])
        break
print(" ".join(out))
EOF
)
is "$raw" "one:3:False refused:org.varlink.service.InvalidParameter:follow more:True:6002:True unit:quiet.service" \
        "GetLogs: one reply without more, follow needs more, pieces in order with more, then the next call"

# --- following ------------------------------------------------------------------------------

"$SVCCTL" logs -f later >"$T/follow.out" 2>"$T/follow.err" &
follower=$!
ok "start later.service while following it" svcctl start later
ok "logs -f prints the new line" wait_until grep -q "hello from later" "$T/follow.out"
ok "the follower is still running" kill -0 "$follower"
ok "restart later.service" svcctl restart later
two_lines() { [ "$(grep -c 'hello from later' "$T/follow.out")" -eq 2 ]; }
ok "logs -f prints the second run's line" wait_until two_lines
is "$(grep -oE 'later\.service\[[0-9]+\]' "$T/follow.out" | sort -u | wc -l)" 2 "with the pid of each run"
kill "$follower"
wait "$follower" 2>/dev/null
exits 0 "after a restart, svcctl logs keeps both runs' lines" svcctl logs later
is "$(grep -c 'hello from later' <<<"$OUT")" 2 "both runs"

# --- a flood ----------------------------------------------------------------------------------

# status latency of a quiet unit, in ms, averaged over 10 calls
status_ms() {
        local start end
        start=$(date +%s%N)
        for _ in $(seq 10); do
                "$SVCCTL" status quiet >/dev/null 2>&1 || return 1
        done
        end=$(date +%s%N)
        echo $(((end - start) / 10000000))
}
quiet_ms=$(status_ms)
ok "start flood.service (yes(1), as fast as it can)" svcctl start flood
# A follower that vanishes in the middle of the flood must not hurt svcd.
"$SVCCTL" logs -f flood >/dev/null 2>&1 &
gone=$!
sleep 0.5
kill -KILL "$gone"
wait "$gone" 2>/dev/null
flood_ms=$(status_ms)
ok "svcctl status answers during the flood" svcctl status quiet
diag "svcctl status: ${quiet_ms:-?} ms quiet, ${flood_ms:-?} ms while yes(1) floods its output (not asserted)"
ok "logs -n 1 flood during the flood" svcctl logs -n 1 flood
ok "stop flood.service" svcctl stop flood
ok "svcd is still running" svcd_running
diag "svcd's stdout took $(grep -ac '^flood\.service\[' "$log") lines of the flood"
# The flood is hundreds of MB of svcd's log; keep the rest (rewritten in place: svcd
# appends to the same file).
grep -av '^flood\.service\[' "$log" >"$T/log.kept"
cat "$T/log.kept" >"$log"
rm -f "$T/log.kept"

# --- who may read -----------------------------------------------------------------------------

cp "$SVCCTL" "$T/svcctl" && chmod 0755 "$T/svcctl"
as_nobody() {
        setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$T/svcctl" --socket "$SOCK" "$@"
}
if as_nobody --version >/dev/null 2>&1; then
        exits 1 "logs as nobody is refused" as_nobody logs chat-a
        like "$ERR" 'Access denied' "with a reason"
        exits 0 "status as nobody still works" as_nobody status chat-a
        like "$OUT" 'Hint: only root' "and says why no lines are shown"
        unlike "$OUT" 'A-done' "without the lines"
else
        diag "nobody cannot run svcctl here (a sanitizer build?): permission checks skipped"
fi

# A GetLogs reply without "more" is bounded (4 MiB of lines): five units with about 1 MiB
# kept each exceed it, and the reply says it left lines out.
for i in 1 2 3 4 5; do
        unit "mega$i.service" <<EOF
[Service]
ExecStart=/bin/sh -c 'yes \$\$(head -c 150 /dev/zero | tr "\\\\0" x) | head -c 1200000; exec sleep 3600'
EOF
        svcctl start "mega$i" >/dev/null
done
ok "the five mega units wrote their output" wait_until sh -c "[ \$('$SVCCTL' --socket '$SOCK' logs -n all mega5 | wc -l) -ge 3000 ]"
bounded=$(python3 - "$SOCK" <<'EOF' 2>&1
import json, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1])
s.sendall(json.dumps({"method": "io.svcd.Manager.GetLogs", "parameters": {}}).encode() + b"\0")
buf = b""
while b"\0" not in buf:
    b = s.recv(1 << 20)
    if not b:
        raise SystemExit("closed early")
    buf += b
r = json.loads(buf.split(b"\0", 1)[0])["parameters"]
text = sum(len(e["message"]) for e in r["entries"])
# svcd counts each line as its text plus a fixed overhead for the JSON around it.
counted = text + 128 * len(r["entries"])
print("truncated=%s under-limit=%s" % (r.get("truncated"), 3 * 1024 * 1024 <= counted <= 4 * 1024 * 1024 + 2048))
EOF
)
is "$bounded" "truncated=True under-limit=True" "GetLogs without more: at most 4 MiB of lines, and truncated is set"
exits 0 "svcctl logs (with more) still gets every line" svcctl logs -n all mega1
is "$(grep -c xxxxxxxxxx <<<"$OUT")" "$("$SVCCTL" --socket "$SOCK" --json logs -n all mega1 | grep -c xxxxxxxxxx)" \
        "... the same lines with --json"

done_testing
