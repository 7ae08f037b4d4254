#!/usr/bin/env bash
# t-sandbox-lifecycle.sh: what the sandbox does around a run: a directive svcd cannot enforce
# here is listed (log, NotEnforced in status) and the service runs, or, with
# --strict-sandbox, the start is refused; PrivateTmp='s host directories and RemoveIPC='s
# IPC objects go when the run ends.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

command -v ipcmk >/dev/null || skip_all "ipcmk (util-linux) is needed"

# svcd applies no NUMA policy to CPUAffinity=numa (svcd.unit(5)): a stable example of a
# directive it cannot enforce, whatever the machine.
unit users.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
CPUAffinity=numa
EOF

unit tmp.service <<EOF
[Service]
ExecStart=/bin/sh -c 'echo hello >/tmp/mine; exec sleep 3600'
PrivateTmp=yes
EOF

mkdir -m 1777 "$T/world"
unit ipc.service <<EOF
[Service]
User=nobody
RemoveIPC=yes
ExecStart=/bin/sh -c 'ipcmk -M 4096 | sed "s/[^0-9]//g" >$T/world/shmid; exec sleep 3600'
EOF

svcd_start

# --- not enforceable: listed, started ----------------------------------------------------
exits 0 "svcctl start users exits 0" svcctl start users
is "$(prop users.service ActiveState)" active "a unit with CPUAffinity=numa runs"
like "$(svcctl --json show users | tr -d '\n')" '"NotEnforced":\["CPUAffinity=numa: [^"]+"\]' \
        "NotEnforced lists CPUAffinity=numa with why (--json)"
exits 0 "svcctl status users exits 0" svcctl status users
like "$OUT" 'NotEnforced: CPUAffinity=numa' "status shows what was not enforced"
like "$(svcd_log)" 'users\.service: Not enforced here: CPUAffinity=numa' "svcd's log says so at start"

# --- PrivateTmp= directories go with the run ---------------------------------------------
exits 0 "svcctl start tmp exits 0" svcctl start tmp
ok "tmp.service wrote into its private /tmp" wait_until sh -c "ls -d /tmp/svcd-private-tmp.service-*/tmp/mine"
is "$(ls /tmp/mine 2>/dev/null)" "" "... not into the host's /tmp"
exits 0 "svcctl stop tmp exits 0" svcctl stop tmp
is "$(ls -d /tmp/svcd-private-tmp.service-* 2>/dev/null)" "" "its private /tmp is removed when it stops"

# --- RemoveIPC= ----------------------------------------------------------------------------
exits 0 "svcctl start ipc exits 0" svcctl start ipc
ok "ipc.service created a shared memory segment" wait_until test -s "$T/world/shmid"
shmid=$(<"$T/world/shmid")
ok "segment $shmid exists, owned by nobody" sh -c "ipcs -m -i $shmid | grep -q 'uid=65534'"
exits 0 "svcctl stop ipc exits 0" svcctl stop ipc
ok "RemoveIPC=yes: the segment is gone after the stop" sh -c "ipcs -m -i $shmid 2>&1 | grep -q 'not found'"
ipcrm -m "$shmid" 2>/dev/null

svcd_stop_and_wait TERM
SVCD_PID=

# --- --strict-sandbox refuses ------------------------------------------------------------
svcd_start --strict-sandbox
exits 1 "--strict-sandbox: svcctl start users exits 1" svcctl start users
is "$(prop users.service ActiveState)" failed "the unit is failed"
is "$(prop users.service Result)" resources "its result is resources"
like "$(prop users.service StatusText)" '^not enforceable here \(strict sandbox\): CPUAffinity=numa' \
        "StatusText says what could not be enforced"
like "$(svcd_log)" 'users\.service: Refusing to start, not enforceable here: CPUAffinity=numa' "svcd's log names it"
is "$(ns_ps | grep -c 'sleep 3600')" 0 "nothing was started"
exits 0 "--strict-sandbox: a unit without such directives starts" svcctl start tmp
svcd_stop_and_wait TERM
SVCD_PID=

# --- svcd without CAP_SETPCAP (a container that dropped it): the bounding set cannot
# shrink, so ProtectClock='s implied drop is listed as not enforced, not a failed start.
unit clock.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
ProtectClock=yes
EOF
real_svcd=$SVCD
SVCD=$(write_script svcd-without-setpcap <<EOF
#!/bin/sh
exec setpriv --bounding-set -setpcap -- $real_svcd "\$@"
EOF
)
svcd_start
SVCD=$real_svcd
ok "svcd runs without CAP_SETPCAP" sh -c "[ \$(( 0x\$(awk '/^CapEff/ {print \$2}' /proc/$SVCD_PID/status) >> 8 & 1 )) = 0 ]"
exits 0 "svcctl start clock exits 0" svcctl start clock
is "$(prop clock.service ActiveState)" active "ProtectClock=yes still runs"
like "$(svcctl --json show clock | tr -d '\n')" '"NotEnforced":\["CapabilityBoundingSet=[^"]*: svcd lacks CAP_SETPCAP' \
        "the bounding set it could not shrink is listed as not enforced"

done_testing
