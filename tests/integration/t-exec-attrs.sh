#!/usr/bin/env bash
# t-exec-attrs.sh: the process attributes and privileges of systemd.exec(5) — Nice=,
# OOMScoreAdjust=, UMask=, Limit*=, IO and CPU scheduling, CPUAffinity=, TimerSlackNSec=,
# Personality=, CapabilityBoundingSet=, AmbientCapabilities=, NoNewPrivileges=, SecureBits=
# and the "+" and "!" prefixes — proven from inside the service through /proc/self; the
# exact fd list; and a failure at each child step giving systemd's step name, errno and
# exit status (svcd's log, StatusText, ExecMainStatus).
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

# dump.sh OUT: writes what the process sees of itself, then idles. Written to a temporary
# name first, so a reader never sees half.
dump=$(write_script dump.sh <<'EOF'
#!/bin/sh
out=$1
{
        grep -E '^(Uid|Gid|Groups|CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs|Seccomp):' /proc/$$/status
        echo "umask=$(umask)"
        echo "nice=$(cut -d' ' -f19 /proc/$$/stat)"
        echo "oom=$(cat /proc/$$/oom_score_adj)"
        # limits(5) as the kernel reports them: "Max open files  1000  2000  files"
        awk '/^Max (open files|core file size|processes|stack size)/ {
                name = $2 == "open" ? "nofile" : $2 == "core" ? "core" : $2 == "processes" ? "nproc" : "stack"
                print name "=" $(NF-2) ":" $(NF-1) }' /proc/$$/limits
        echo "ionice=$(ionice -p $$)"
        echo "sched=$(chrt -p $$ | head -1 | sed 's/.*: //')"
        echo "prio=$(chrt -p $$ | sed -n 2p | sed 's/.*: //')"
        echo "affinity=$(taskset -cp $$ | sed 's/.*: //')"
        echo "slack=$(cat /proc/$$/timerslack_ns)"
        echo "personality=$(cat /proc/$$/personality)"
        echo "coredump=$(cat /proc/$$/coredump_filter)"
        # SIGPIPE is signal 13: bit 12 of the SigIgn mask.
        echo "sigpipe=$(( 0x$(awk '/^SigIgn/ {print $2}' /proc/$$/status) >> 12 & 1 ))"
} >"$out.tmp"
mv "$out.tmp" "$out"
exec sleep 3600
EOF
)

unit attrs.service <<EOF
[Service]
ExecStart=$dump $T/attrs
Nice=7
OOMScoreAdjust=321
UMask=0027
LimitNOFILE=1000:2000
LimitCORE=infinity
LimitNPROC=4321
LimitSTACK=4M:infinity
IOSchedulingClass=best-effort
IOSchedulingPriority=6
CPUSchedulingPolicy=batch
CPUAffinity=0
TimerSlackNSec=1ms
Personality=x86
CoredumpFilter=0x33
IgnoreSIGPIPE=no
EOF

unit fds.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
EOF

unit plain.service <<EOF
[Service]
ExecStart=$dump $T/plain
EOF

unit bounded.service <<EOF
[Service]
ExecStart=$dump $T/bounded
CapabilityBoundingSet=~CAP_SYS_ADMIN CAP_NET_RAW
NoNewPrivileges=yes
EOF

# Services running as nobody write to a directory anyone may write to.
mkdir -m 1777 "$T/world"
unit ambient.service <<EOF
[Service]
ExecStart=$dump $T/world/ambient
User=nobody
CapabilityBoundingSet=CAP_NET_BIND_SERVICE CAP_CHOWN
AmbientCapabilities=CAP_NET_BIND_SERVICE
EOF

unit plus.service <<EOF
[Service]
ExecStart=+$dump $T/plus
User=nobody
CapabilityBoundingSet=CAP_CHOWN
NoNewPrivileges=yes
EOF

unit bang.service <<EOF
[Service]
ExecStart=!$dump $T/bang
User=nobody
CapabilityBoundingSet=CAP_CHOWN
EOF

unit noroot.service <<EOF
[Service]
ExecStart=$dump $T/noroot
SecureBits=noroot
EOF

unit nnp.service <<EOF
[Service]
ExecStart=$dump $T/world/nnp
User=nobody
SystemCallFilter=@system-service
EOF

unit fifo.service <<EOF
[Service]
ExecStart=$dump $T/fifo
CPUSchedulingPolicy=fifo
EOF

unit rt.service <<EOF
[Service]
ExecStart=$dump $T/rt
CPUSchedulingPolicy=fifo
CPUSchedulingPriority=17
EOF

enable_units attrs.service fds.service plain.service bounded.service ambient.service plus.service bang.service rt.service \
        fifo.service noroot.service nnp.service
svcd_start

ok "attrs.service wrote what it sees" wait_until test -s "$T/attrs"
a=$(<"$T/attrs")
diag "$a"
like "$a" '^umask=0027$' "UMask=0027"
like "$a" '^nice=7$' "Nice=7"
like "$a" '^oom=321$' "OOMScoreAdjust=321"
like "$a" '^nofile=1000:2000$' "LimitNOFILE=1000:2000 (soft:hard)"
like "$a" '^core=unlimited:unlimited$' "LimitCORE=infinity"
like "$a" '^nproc=4321:4321$' "LimitNPROC=4321 sets soft and hard"
like "$a" '^stack=4194304:unlimited$' "LimitSTACK=4M:infinity (units and infinity)"
like "$a" '^ionice=best-effort: prio 6$' "IOSchedulingClass=best-effort, IOSchedulingPriority=6"
like "$a" '^sched=SCHED_BATCH$' "CPUSchedulingPolicy=batch"
like "$a" '^affinity=0$' "CPUAffinity=0"
like "$a" '^slack=1000000$' "TimerSlackNSec=1ms"
like "$a" '^personality=00000008$' "Personality=x86 (PER_LINUX32)"
like "$a" '^coredump=00000033$' "CoredumpFilter=0x33"
like "$a" '^sigpipe=0$' "IgnoreSIGPIPE=no: SIGPIPE is not ignored"

# The fds a service holds: exactly 0, 1 and 2, seen in /proc of a program that opens none
# itself (a shell would show its own saved descriptors).
ok "fds.service is active" wait_until prop_is fds.service ActiveState active
is "$(in_ns ls "/proc/$(prop fds.service MainPID)/fd" | sort -n | tr '\n' ' ')" "0 1 2 " \
        "the service holds exactly fds 0, 1 and 2"

ok "plain.service wrote what it sees" wait_until test -s "$T/plain"
p=$(<"$T/plain")
like "$p" '^umask=0022$' "default UMask=0022"
like "$p" '^CapBnd:[[:space:]]+'"$(awk '/^CapBnd/ {print $2}' /proc/self/status)"'$' "default: the full bounding set"
like "$p" '^NoNewPrivs:[[:space:]]+0$' "default: no no_new_privs"
like "$p" '^sched=SCHED_OTHER$' "default scheduling policy"
like "$p" '^sigpipe=1$' "default IgnoreSIGPIPE=yes: SIGPIPE starts ignored"

ok "bounded.service wrote what it sees" wait_until test -s "$T/bounded"
b=$(<"$T/bounded")
bnd=$(sed -n 's/^CapBnd:[[:space:]]*//p' <<<"$b")
is "$(( 0x$bnd & (1 << 21) ))" 0 "CapabilityBoundingSet=~CAP_SYS_ADMIN: CAP_SYS_ADMIN is gone"
is "$(( 0x$bnd & (1 << 13) ))" 0 "... and CAP_NET_RAW"
isnt "$(( 0x$bnd & 1 ))" 0 "... and CAP_CHOWN stays"
like "$b" '^CapEff:[[:space:]]+'"$bnd"'$' "root's effective set is the bounding set"
like "$b" '^NoNewPrivs:[[:space:]]+1$' "NoNewPrivileges=yes"

ok "ambient.service wrote what it sees" wait_until test -s "$T/world/ambient"
m=$(<"$T/world/ambient")
like "$m" '^Uid:[[:space:]]+65534[[:space:]]+65534[[:space:]]+65534[[:space:]]+65534$' "User=nobody"
like "$m" '^CapAmb:[[:space:]]+0000000000000400$' "AmbientCapabilities=CAP_NET_BIND_SERVICE is ambient"
like "$m" '^CapEff:[[:space:]]+0000000000000400$' "... and effective for the unprivileged user"
like "$m" '^CapBnd:[[:space:]]+0000000000000401$' "CapabilityBoundingSet=CAP_NET_BIND_SERVICE CAP_CHOWN"

ok "plus.service wrote what it sees" wait_until test -s "$T/plus"
x=$(<"$T/plus")
like "$x" '^Uid:[[:space:]]+0[[:space:]]' "'+': User= is not applied"
like "$x" '^CapBnd:[[:space:]]+'"$(awk '/^CapBnd/ {print $2}' /proc/self/status)"'$' "'+': nor CapabilityBoundingSet="
like "$x" '^NoNewPrivs:[[:space:]]+0$' "'+': nor NoNewPrivileges="

ok "bang.service wrote what it sees" wait_until test -s "$T/bang"
y=$(<"$T/bang")
like "$y" '^Uid:[[:space:]]+0[[:space:]]' "'!': User= is not applied"
like "$y" '^CapBnd:[[:space:]]+0000000000000001$' "'!': CapabilityBoundingSet= still is"

ok "rt.service wrote what it sees" wait_until test -s "$T/rt"
r=$(<"$T/rt")
like "$r" '^sched=SCHED_FIFO$' "CPUSchedulingPolicy=fifo"
like "$r" '^prio=17$' "CPUSchedulingPriority=17"
ok "noroot.service wrote what it sees" wait_until test -s "$T/noroot"
like "$(<"$T/noroot")" '^CapEff:[[:space:]]+0000000000000000$' "SecureBits=noroot: root execs without capabilities"
ok "nnp.service wrote what it sees" wait_until test -s "$T/world/nnp"
like "$(<"$T/world/nnp")" '^NoNewPrivs:[[:space:]]+1$' "SystemCallFilter= as an unprivileged user implies no_new_privs"
like "$(<"$T/world/nnp")" '^Seccomp:[[:space:]]+2$' "... and the filter is loaded"
ok "fifo.service wrote what it sees" wait_until test -s "$T/fifo"
like "$(<"$T/fifo")" '^prio=1$' "CPUSchedulingPolicy=fifo alone: the policy's lowest priority, 1"

# --- a failure at each child step --------------------------------------------------------
# step_fails UNIT STEP ERRNO-TEXT STATUS: the start fails, svcd's log and StatusText name the
# step and the errno, ExecMainStatus is systemd's status for the step.
step_fails() {
        local u=$1 step=$2 err=$3 status=$4
        exits 1 "svcctl start $u exits 1" svcctl start "$u"
        is "$(prop "$u.service" ActiveState)" failed "$u: failed"
        is "$(prop "$u.service" Result)" exit-code "$u: result exit-code"
        is "$(prop "$u.service" ExecMainStatus)" "$status" "$u: ExecMainStatus $status ($step)"
        like "$(prop "$u.service" StatusText)" "^failed at step $step spawning .*: $err\$" "$u: StatusText names $step and the errno"
        like "$(svcd_log)" "$u\\.service: failed at step $step spawning [^ ]+: $err" "$u: svcd's log names the unit, step and errno"
}

printf '#!/bin/sh\nexit 0\n' >"$T/not-executable"
chmod 0644 "$T/not-executable"
unit noexec.service <<EOF
[Service]
ExecStart=$T/not-executable
EOF
unit missing.service <<EOF
[Service]
ExecStart=$T/no-such-program
EOF
unit badlimit.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
LimitNOFILE=2000000000
EOF
unit badcpu.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
CPUAffinity=1023
EOF
unit badpersonality.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
Personality=s390x
EOF
unit baddir.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
WorkingDirectory=$T/no-such-dir
EOF
mkdir -p "$T/private"
chmod 0700 "$T/private"
unit privatedir.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
User=nobody
WorkingDirectory=$T/private
EOF

step_fails noexec EXEC "Permission denied" 203
step_fails missing EXEC "No such file or directory" 203
step_fails badlimit LIMITS "Operation not permitted" 205
step_fails badcpu CPUAFFINITY "Invalid argument" 215
step_fails badpersonality PERSONALITY "Invalid argument" 230
step_fails baddir CHDIR "No such file or directory" 200
step_fails privatedir CHDIR "Permission denied" 200
# "-": a directory that cannot be entered, whatever the reason, means "/".
unit privatedir-ok.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
User=nobody
WorkingDirectory=-$T/private
EOF
exits 0 "svcctl start privatedir-ok exits 0" svcctl start privatedir-ok
is "$(in_ns readlink "/proc/$(prop privatedir-ok.service MainPID)/cwd")" / \
        "WorkingDirectory=- of a directory the user may not enter: the service runs in /"
# SecureBits= come after the uid change: an unprivileged user cannot set them (as systemd).
unit securebits-user.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
User=nobody
SecureBits=no-setuid-fixup
EOF
step_fails securebits-user SECUREBITS "Operation not permitted" 213
exits 3 "svcctl status badlimit exits 3" svcctl status badlimit
like "$OUT" '205/LIMITS' "status shows 205/LIMITS"

# The "-" prefix: a failing exit status, or a failed step, is recorded but counts as
# success (systemd.service(5)): the unit ends inactive, not failed.
unit ignored.service <<EOF
[Service]
ExecStart=-/bin/sh -c 'exit 7'
Restart=on-failure
EOF
unit ignored-missing.service <<EOF
[Service]
ExecStart=-$T/no-such-program
EOF
exits 0 "svcctl start ignored exits 0" svcctl start ignored
ok "ignored.service ends" wait_until prop_is ignored.service SubState dead
is "$(prop ignored.service ActiveState)" inactive "'-': exit 7 leaves the unit inactive, not failed"
is "$(prop ignored.service Result)" success "'-': its result is success"
is "$(prop ignored.service ExecMainStatus)" 7 "'-': the status is still recorded"
is "$(prop ignored.service NRestarts)" 0 "'-': Restart=on-failure does not restart it"
exits 0 "svcctl start ignored-missing exits 0: the failure '-' ignores leaves the job done" svcctl start ignored-missing
is "$(prop ignored-missing.service ActiveState)" inactive "'-': a missing program leaves the unit inactive"
is "$(prop ignored-missing.service ExecMainStatus)" 0 "'-': a missing program is skipped, as a clean exit"
like "$(svcd_log)" "ignored-missing\\.service: Executable $T/no-such-program missing, skipping\\." "'-': svcd says it skipped it"

done_testing
