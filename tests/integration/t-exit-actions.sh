#!/usr/bin/env bash
# t-exit-actions.sh: FailureAction=, SuccessAction= and StartLimitAction= (systemd.unit(5)):
# exit makes svcd stop everything and exit with FailureActionExitStatus= (or the unit's own
# exit status), tying a container's life to its main service; exit-force skips the orderly
# stop but still kills what svcd started.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

unit sidecar.service <<EOF
[Service]
ExecStart=/bin/sh -c 'trap "echo TERM >$T/sidecar-term; exit 0" TERM; while :; do sleep 0.1; done'
EOF
unit main-fails.service <<EOF
[Unit]
FailureAction=exit
FailureActionExitStatus=3

[Service]
ExecStart=/bin/sh -c 'sleep 0.3; exit 1'
EOF
enable_units sidecar.service main-fails.service
svcd_start
svcd_exits_by_itself # not under ok: it sets SVCD_EXIT in this shell
is "$?" 0 "FailureAction=exit: svcd exits on its own when main-fails.service fails"
is "$SVCD_EXIT" 3 "... with FailureActionExitStatus=3"
ok "... after stopping the sidecar in order (it got SIGTERM)" test -s "$T/sidecar-term"
like "$(svcd_log)" 'main-fails\.service: Failed; executing exit, exit status 3\.' "svcd's log says why it exits"

# SuccessAction=exit without an exit status: the main process' own status (0 here).
rm -f "$UNITS/default.target.wants/"*
unit main-done.service <<EOF
[Unit]
SuccessAction=exit

[Service]
ExecStart=/bin/sh -c 'sleep 0.3; exit 0'
EOF
enable_units main-done.service
svcd_start
svcd_exits_by_itself # not under ok: it sets SVCD_EXIT in this shell
is "$?" 0 "SuccessAction=exit: svcd exits when main-done.service ends cleanly"
is "$SVCD_EXIT" 0 "... with its exit status, 0"

# FailureAction=exit without FailureActionExitStatus=: the unit's exit status propagates.
rm -f "$UNITS/default.target.wants/"*
unit main-seven.service <<EOF
[Unit]
FailureAction=exit

[Service]
ExecStart=/bin/sh -c 'sleep 0.3; exit 7'
EOF
enable_units main-seven.service
svcd_start
svcd_exits_by_itself # not under ok: it sets SVCD_EXIT in this shell
is "$?" 0 "FailureAction=exit: svcd exits"
is "$SVCD_EXIT" 7 "... with the main process' exit status, 7"

# exit-force: no orderly stop, but the sidecar is killed all the same.
rm -f "$UNITS/default.target.wants/"* "$T/sidecar-term"
unit main-force.service <<EOF
[Unit]
FailureAction=exit-force
FailureActionExitStatus=4

[Service]
ExecStart=/bin/sh -c 'sleep 0.3; exit 1'
EOF
enable_units sidecar.service main-force.service
svcd_start
svcd_exits_by_itself # not under ok: it sets SVCD_EXIT in this shell
is "$?" 0 "FailureAction=exit-force: svcd exits"
is "$SVCD_EXIT" 4 "... with status 4"
ok "... without the orderly stop (the sidecar got no SIGTERM)" test ! -e "$T/sidecar-term"
is "$(host_pids_running "$T/")" "" "... and nothing it started is left running"

# halt in a container: svcd stops everything and exits, as for exit (no machine to halt).
rm -f "$UNITS/default.target.wants/"*
unit main-halt.service <<EOF
[Unit]
SuccessAction=halt
SuccessActionExitStatus=5

[Service]
Type=oneshot
ExecStart=/bin/sleep 0.3
EOF
enable_units main-halt.service
svcd_start
svcd_exits_by_itself # not under ok: it sets SVCD_EXIT in this shell
is "$?" 0 "SuccessAction=halt: svcd exits when main-halt.service has run"
is "$SVCD_EXIT" 5 "... with SuccessActionExitStatus=5"

done_testing
