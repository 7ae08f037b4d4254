#!/usr/bin/env bash
# t-forking.sh: Type=forking (systemd.service(5)): ExecStart= is a starter that forks the daemon
# and exits; svcd takes MainPID from PIDFile= (or, with GuessMainPID=yes and no PIDFile=, the
# one process left), supervises, stops and restarts the daemon and removes the PID file; a
# PID file never written, one it must not trust, or a starter exiting non-zero fail the unit.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

# forking.sh PIDFILE [keep-session]: the classic start-up. A daemon (sleep 3600) in a session of
# its own (with keep-session: in the service's session) writes its pid to PIDFILE
# (atomically); the starter waits for the file, as daemons do before their parent exits, then
# exits 0.
forking=$(write_script forking.sh <<'EOF'
#!/bin/sh
rm -f "$1"
setsid=setsid
[ "$2" != keep-session ] || setsid=
$setsid /bin/sh -c 'echo $$ >"$1.tmp" && mv "$1.tmp" "$1" && exec sleep 3600' daemon "$1" \
        </dev/null >/dev/null 2>&1 &
i=0
while [ ! -s "$1" ]; do
        i=$((i + 1))
        [ $i -lt 1200 ] || exit 70
        sleep 0.05
done
exit 0
EOF
)
# guess.sh: a daemon that stays in the service's session and process group, no PID file;
# the test learns its pid from $T/guess.child.
guess=$(write_script guess.sh <<EOF
#!/bin/sh
sleep 3601 </dev/null >/dev/null 2>&1 &
echo \$! >$T/guess.child
exit 0
EOF
)
# badexit.sh: starts a daemon (in the service's process group), then exits 2.
badexit=$(write_script badexit.sh <<EOF
#!/bin/sh
sleep 3602 </dev/null >/dev/null 2>&1 &
echo \$! >$T/badexit.child
exit 2
EOF
)
# foreign.sh PIDFILE: writes the pid of another service's process (decoy.service's, from
# $T/decoy.mainpid) into PIDFILE, an existing file, and exits 0 leaving nothing behind.
foreign=$(write_script foreign.sh <<EOF
#!/bin/sh
cat $T/decoy.mainpid >"\$1" || exit 71
exit 0
EOF
)
# symlink.sh LINK: makes LINK a symlink to a root-owned PID file naming decoy.service's process.
symlink=$(write_script symlink.sh <<EOF
#!/bin/sh
ln -sf $T/root-owned.pid "\$1" || exit 72
exit 0
EOF
)

unit daemon.service <<EOF
[Service]
Type=forking
PIDFile=$T/daemon.pid
ExecStart=$forking $T/daemon.pid
Restart=on-failure
RestartSec=100ms
EOF
unit plain.service <<EOF
[Service]
Type=forking
PIDFile=$T/plain.pid
ExecStart=$forking $T/plain.pid
EOF
unit guess.service <<EOF
[Service]
Type=forking
GuessMainPID=yes
ExecStart=$guess
EOF
unit nopid.service <<EOF
[Service]
Type=forking
PIDFile=$T/nopid.pid
ExecStart=/bin/true
TimeoutStartSec=5
EOF
unit badexit.service <<EOF
[Service]
Type=forking
PIDFile=$T/badexit.pid
ExecStart=$badexit
EOF
# A PID file under a directory of the service's user, written by that user, naming the
# service's own daemon: trusted. (The daemon stays in the service's session, so that svcd can
# tell it is the service's without cgroups.)
mkdir -p "$T/daemon-run"
chown daemon:daemon "$T/daemon-run"
unit owned.service <<EOF
[Service]
Type=forking
User=daemon
PIDFile=$T/daemon-run/owned.pid
ExecStart=$forking $T/daemon-run/owned.pid keep-session
EOF
# A PID file of the service's user naming a process that is not the service's: refused
# (systemd.service(5), PIDFile=: a PID file owned by an unprivileged user "must refer to a
# process already belonging to the service"; the contract would accept it).
unit ownedforeign.service <<EOF
[Service]
Type=forking
User=daemon
PIDFile=$T/daemon-run/ownedforeign.pid
ExecStart=$foreign $T/daemon-run/ownedforeign.pid
TimeoutStartSec=5
EOF
unit decoy.service <<EOF
[Service]
ExecStart=/bin/sleep 3603
EOF
# A PID file owned by nobody (neither root nor the service's user daemon), writable by the
# service, naming a process that is not the service's: refused (the contract: wrong owner;
# systemd.service(5): an unprivileged PID file must name a process of the service).
: >"$T/foreign.pid"
chown nobody:nogroup "$T/foreign.pid"
chmod 0666 "$T/foreign.pid"
unit foreign.service <<EOF
[Service]
Type=forking
User=daemon
PIDFile=$T/foreign.pid
ExecStart=$foreign $T/foreign.pid
TimeoutStartSec=5
EOF
# A PID file that is the service user's symlink to a root-owned file naming another
# service's process: refused (contract: a symlink is followed only when root-owned;
# systemd.service(5): "may not be a symlink to a file owned by a different user").
unit symlink.service <<EOF
[Service]
Type=forking
User=daemon
PIDFile=$T/daemon-run/link.pid
ExecStart=$symlink $T/daemon-run/link.pid
TimeoutStartSec=5
EOF
svcd_start

pidfile() { cat "$1" 2>/dev/null; }
# pid_gone PID: PID is known (not empty) and no process of that pid is left in svcd's namespace.
starter_gone() { ! ns_ps | grep -q "$1"; }

# --- PIDFile=: start, MainPID, restart, stop --------------------------------------------------
exits 0 "svcctl start daemon exits 0 (after the starter exited)" svcctl start daemon
pid=$(pidfile "$T/daemon.pid")
like "$pid" '^[0-9]+$' "the daemon wrote its pid ($pid) to PIDFile="
is "$(prop daemon.service ActiveState)/$(prop daemon.service SubState)" active/running \
        "daemon.service is active (running) when svcctl start returns"
is "$(prop daemon.service MainPID)" "$pid" "MainPID is the pid in PIDFile="
# The daemon execs sleep only after writing its PID file: the starter may have exited before.
settles "... and in svcd's namespace that pid is the daemon (sleep 3600)" daemon.service \
        eval '[[ "$(ns_cmdline "$pid")" =~ ^(/bin/)?sleep\ 3600$ ]]'
ok "the starter (forking.sh) has exited and was reaped" starter_gone forking.sh
is "$(prop daemon.service ControlPID)" 0 "no control process is left (ControlPID=0)"
is "$(prop daemon.service Type)" forking "Type is forking"

ok "SIGKILL to the daemon $pid" ns_kill KILL "$pid"
restarted() {
        local new
        new=$(prop daemon.service MainPID)
        [ "$(prop daemon.service ActiveState)" = active ] && [ "$new" != 0 ] && [ "$new" != "$pid" ] &&
                [ "$new" = "$(pidfile "$T/daemon.pid")" ]
}
settles "Restart=on-failure starts it again: MainPID is the new daemon's pid from the new PID file" \
        daemon.service restarted
like "$(prop daemon.service NRestarts)" '^[1-9][0-9]*$' "NRestarts counts the restart"
ok "the killed daemon $pid is gone (reaped)" pid_gone "$pid"
pid=$(prop daemon.service MainPID)
ok "the new daemon $pid runs" ns_pid_exists "$pid"

exits 0 "svcctl stop daemon exits 0" svcctl stop daemon
is "$(prop daemon.service ActiveState)/$(prop daemon.service SubState)" inactive/dead "stopped: inactive (dead)"
is "$(prop daemon.service Result)" success "... with result success"
ok "the daemon $pid (not svcd's child: it was reparented) is gone" pid_gone "$pid"
is "$(prop daemon.service MainPID)" 0 "MainPID is 0"
ok "the PID file was removed after the stop (systemd.service(5), PIDFile=)" test ! -e "$T/daemon.pid"

# Without Restart=: the daemon's death ends the unit.
exits 0 "svcctl start plain exits 0" svcctl start plain
pid=$(pidfile "$T/plain.pid")
is "$(prop plain.service MainPID)" "$pid" "plain.service: MainPID is the pid in its PID file"
ok "SIGKILL to plain.service's daemon $pid" ns_kill KILL "$pid"
settles "plain.service ends failed when its daemon dies" plain.service prop_is plain.service ActiveState failed
is "$(prop plain.service Result)" signal "... with result signal"
is "$(prop plain.service NRestarts)" 0 "... and no restart (Restart=no)"

# --- GuessMainPID=yes, no PIDFile= ------------------------------------------------------------
exits 0 "svcctl start guess exits 0" svcctl start guess
child=$(pidfile "$T/guess.child")
is "$(prop guess.service ActiveState)/$(prop guess.service SubState)" active/running "guess.service is active (running)"
is "$(prop guess.service MainPID)" "$child" "GuessMainPID=yes: the one process left ($child) is MainPID"
exits 0 "svcctl stop guess exits 0" svcctl stop guess
ok "... which the stop kills" pid_gone "$child"

# --- failures ---------------------------------------------------------------------------------
exits 1 "svcctl start nopid exits 1: the starter exited 0 but never wrote PIDFile=" svcctl start nopid
is "$(prop nopid.service ActiveState)" failed "nopid.service is failed"
is "$(prop nopid.service Result)" protocol "... with result protocol (the daemon broke the forking protocol)"
like "$(svcd_log)" "nopid\\.service: .*$T/nopid\\.pid" "svcd's log names the PID file it could not read"

exits 1 "svcctl start badexit exits 1: the starter exited 2" svcctl start badexit
is "$(prop badexit.service ActiveState)" failed "badexit.service is failed"
is "$(prop badexit.service Result)" exit-code "... with result exit-code"
child=$(pidfile "$T/badexit.child")
settles "the daemon the failed starter left behind ($child) was killed" badexit.service pid_gone "$child"

# --- whose PID file is trusted ----------------------------------------------------------------
exits 0 "svcctl start owned (User=daemon, PID file owned by daemon) exits 0" svcctl start owned
is "$(stat -c %U "$T/daemon-run/owned.pid" 2>/dev/null)" daemon "the PID file is owned by the service's user"
is "$(prop owned.service MainPID)" "$(pidfile "$T/daemon-run/owned.pid")" "... and trusted: MainPID is the pid in it"
is "$(in_ns stat -c %U "/proc/$(prop owned.service MainPID)" 2>&1)" daemon "... a daemon running as the service's user"
exits 0 "svcctl stop owned exits 0" svcctl stop owned

exits 0 "svcctl start decoy exits 0" svcctl start decoy
decoy=$(prop decoy.service MainPID)
echo "$decoy" >"$T/decoy.mainpid"
echo "$decoy" >"$T/root-owned.pid"

exits 1 "svcctl start foreign exits 1: its PID file belongs to nobody and names decoy.service's process" svcctl start foreign
is "$(stat -c %U "$T/foreign.pid")" nobody "(the PID file still belongs to nobody)"
is "$(pidfile "$T/foreign.pid")" "$decoy" "(and names decoy.service's main process $decoy)"
is "$(prop foreign.service ActiveState)" failed "foreign.service is failed"
is "$(prop foreign.service Result)" protocol "... with result protocol"
isnt "$(prop foreign.service MainPID)" "$decoy" "foreign.service did not take decoy.service's process as MainPID"
like "$(svcd_log)" "foreign\\.service: .*$T/foreign\\.pid" "svcd's log says which PID file it refused"

exits 1 "svcctl start ownedforeign exits 1: its PID file (owned by its user daemon) names decoy.service's process" \
        svcctl start ownedforeign
is "$(stat -c %U "$T/daemon-run/ownedforeign.pid" 2>/dev/null)" daemon "(the PID file belongs to the service's user daemon)"
is "$(prop ownedforeign.service ActiveState)" failed "ownedforeign.service is failed (an unprivileged PID file must name a process of the service)"
isnt "$(prop ownedforeign.service MainPID)" "$decoy" "ownedforeign.service did not take decoy.service's process as MainPID"

exits 1 "svcctl start symlink exits 1: its PID file is the service user's symlink to a root-owned file" svcctl start symlink
is "$(prop symlink.service ActiveState)" failed "symlink.service is failed"
isnt "$(prop symlink.service MainPID)" "$decoy" "symlink.service did not take decoy.service's process as MainPID"

ok "decoy.service's process $decoy was neither adopted nor killed" ns_pid_exists "$decoy"
is "$(prop decoy.service ActiveState)/$(prop decoy.service MainPID)" "active/$decoy" "decoy.service still runs it"

ok "svcd is still running" svcd_running
done_testing
