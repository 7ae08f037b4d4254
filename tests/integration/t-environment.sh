#!/usr/bin/env bash
# t-environment.sh: a service gets exactly the environment its unit declares (systemd.exec(5):
# PATH, INVOCATION_ID, PassEnvironment=, Environment=, EnvironmentFile=, UnsetEnvironment=),
# its ExecStart= arguments with $VAR/${VAR} expanded (systemd.service(5) "Command lines"),
# and its WorkingDirectory=; a missing EnvironmentFile= or WorkingDirectory= fails the start
# as systemd's does. Proven from inside the process: /proc/PID/environ, argv, /proc/PID/cwd.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

# dump.sh OUT ARGS...: writes its exact environment (as execve() gave it) and its arguments,
# one per line, then idles. Written to a temporary name first, so a reader never sees half.
dump=$(write_script dump.sh <<'EOF'
#!/bin/sh
out=$1
shift
tr '\0' '\n' </proc/$$/environ >"$out.env.tmp"
printf '[%s]\n' "$@" >"$out.argv.tmp"
mv "$out.env.tmp" "$out.env"
mv "$out.argv.tmp" "$out.argv"
exec sleep 3600
EOF
)

mkdir -p "$T/wd"
cat >"$T/one.env" <<'EOF'
# a comment
; another
FROM_FILE=file value
A=overridden-by-file
QUOTED="double \"quoted\""
MULTI=one\
two
export IGNORED=1
EOF

unit env.service <<EOF
[Service]
Environment=A=alpha "B=two words" UNSET_ME=x KEEP=1 DROP_EXACT=yes
Environment=C=gamma
EnvironmentFile=$T/one.env
EnvironmentFile=-$T/missing.env
PassEnvironment=SVCD_TEST_PASSED SVCD_TEST_NOT_SET
UnsetEnvironment=UNSET_ME DROP_EXACT=yes KEEP=2
WorkingDirectory=$T/wd
ExecStart=$dump $T/env \${C} \$B "\${B}" \$\$C pre\${A}post \${NOTSET} \$NOTSET end
EOF

unit noexpand.service <<EOF
[Service]
Environment=C=gamma
ExecStart=:$dump $T/noexpand \${C} \$C
EOF

unit tilde.service <<EOF
[Service]
WorkingDirectory=~
ExecStart=$dump $T/tilde
EOF

unit missing-env.service <<EOF
[Service]
EnvironmentFile=$T/no-such.env
ExecStart=/bin/sleep 3600
EOF

unit missing-wd.service <<EOF
[Service]
WorkingDirectory=$T/no-such-dir
ExecStart=/bin/sleep 3600
EOF

unit missing-wd-ok.service <<EOF
[Service]
WorkingDirectory=-$T/no-such-dir
ExecStart=$dump $T/wdok
EOF

enable_units env.service noexpand.service tilde.service missing-wd-ok.service
export SVCD_TEST_PASSED=passed-value
export HOME=/root TERM=xterm LANG=C.UTF-8
svcd_start

ok "env.service is active" wait_until prop_is env.service ActiveState active
ok "env.service wrote its environment" wait_until test -s "$T/env.argv"
pid=$(prop env.service MainPID)
envs=$(<"$T/env.env")
diag "$envs"

is "$(sed 's/=.*//' <<<"$envs" | sort | tr '\n' ' ')" \
        "A B C FROM_FILE INVOCATION_ID KEEP MULTI PATH QUOTED SVCD_TEST_PASSED " \
        "exactly the declared variables (no HOME, TERM, LANG, NOTIFY_SOCKET from svcd)"
like "$envs" '^INVOCATION_ID=[0-9a-f]{32}$' "INVOCATION_ID is 32 hex digits"
like "$envs" '^PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin$' "PATH is systemd's fixed path"
like "$envs" '^B=two words$' "Environment= with a quoted value"
like "$envs" '^A=overridden-by-file$' "EnvironmentFile= overrides Environment="
like "$envs" '^FROM_FILE=file value$' "EnvironmentFile= value with inner whitespace"
like "$envs" '^QUOTED=double "quoted"$' "EnvironmentFile= double quotes and escapes"
like "$envs" '^MULTI=onetwo$' "EnvironmentFile= backslash continuation"
like "$envs" '^SVCD_TEST_PASSED=passed-value$' "PassEnvironment= passes svcd's variable"
like "$envs" '^KEEP=1$' "UnsetEnvironment=KEEP=2 leaves KEEP=1"
unlike "$envs" 'UNSET_ME|DROP_EXACT|NOTIFY_SOCKET|IGNORED' "unset, exactly-unset and invalid variables are absent"

is "$(tr '\n' ' ' <"$T/env.argv")" "[gamma] [two] [words] [two words] [\$C] [preoverridden-by-filepost] [] [end] " \
        "ExecStart= arguments: \${C}, \$B split, \"\${B}\" whole, \$\$, \${A} inside a word, unset ones"
is "$(in_ns readlink "/proc/$pid/cwd")" "$T/wd" "the working directory is WorkingDirectory="

ok "noexpand.service wrote its arguments" wait_until test -s "$T/noexpand.argv"
is "$(tr '\n' ' ' <"$T/noexpand.argv")" "[\${C}] [\$C] " "the : prefix turns expansion off"
ok "tilde.service wrote its environment" wait_until test -s "$T/tilde.argv"
is "$(in_ns readlink "/proc/$(prop tilde.service MainPID)/cwd")" /root "WorkingDirectory=~ is root's home"
ok "missing-wd-ok.service is active" wait_until test -s "$T/wdok.argv"
is "$(in_ns readlink "/proc/$(prop missing-wd-ok.service MainPID)/cwd")" / \
        "WorkingDirectory=- of a missing directory: the service runs in /"

# A new INVOCATION_ID for each start.
first=$(grep '^INVOCATION_ID=' "$T/env.env")
rm -f "$T/env.env" "$T/env.argv"
exits 0 "svcctl restart env exits 0" svcctl restart env
ok "env.service wrote its environment again" wait_until test -s "$T/env.argv"
second=$(grep '^INVOCATION_ID=' "$T/env.env")
like "$second" '^INVOCATION_ID=[0-9a-f]{32}$' "the restarted service has an INVOCATION_ID"
isnt "$second" "$first" "and it is a new one"

# An EnvironmentFile= without "-" that is missing: the start fails (result resources, as
# systemd's "Failed to load environment files"), and the log names the unit and the file.
exits 1 "svcctl start missing-env exits 1" svcctl start missing-env
is "$(prop missing-env.service ActiveState)" failed "missing-env.service is failed"
is "$(prop missing-env.service Result)" resources "its result is resources"
like "$(svcd_log)" "missing-env\\.service: Failed to load environment file $T/no-such\\.env: No such file or directory" \
        "svcd's log names the unit and the file"
is "$(prop missing-env.service StatusText)" "failed to load environment file $T/no-such.env: No such file or directory" \
        "status says which file"

# A missing WorkingDirectory= without "-": the child fails at its chdir step, 200/CHDIR.
exits 1 "svcctl start missing-wd exits 1" svcctl start missing-wd
is "$(prop missing-wd.service ActiveState)" failed "missing-wd.service is failed"
is "$(prop missing-wd.service ExecMainStatus)" 200 "ExecMainStatus is 200 (CHDIR)"
exits 3 "svcctl status missing-wd exits 3" svcctl status missing-wd
like "$OUT" '200/CHDIR' "status shows 200/CHDIR"
like "$(svcd_log)" "missing-wd\\.service: failed at step CHDIR spawning /bin/sleep: No such file or directory" \
        "svcd's log names the step and the errno"
done_testing
