#!/usr/bin/env bash
# t-start-limit.sh: StartLimitIntervalSec=/StartLimitBurst= (systemd.unit(5)) against a crash
# loop: it ends failed with Result=start-limit-hit and stays so, refusing starts, until
# svcctl reset-failed; the [Service] spellings StartLimitInterval=/StartLimitBurst= work too;
# RestartPreventExitStatus= (systemd.service(5)) ends an otherwise restarting service; and
# FailureAction=exit fires when the loop hits the limit, not at each crash.
# (FailureAction=exit with FailureActionExitStatus= on a plain failure is t-exit-actions.sh's;
# reset-failed without UNIT is t-reset-failed.sh's.)
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

runs() { count "$T/$1.runs"; }

# crash.sh NAME [STATUS...]: notes its run in $T/NAME.runs and exits with the STATUS of that
# run (the last one given for the runs after; 1 without STATUS).
crash=$(write_script crash.sh <<EOF
#!/bin/sh
echo run >>$T/\$1.runs
n=\$(wc -l <$T/\$1.runs)
shift
status=1
while [ \$# -gt 0 ] && [ \$n -gt 0 ]; do
        status=\$1
        shift
        n=\$((n - 1))
done
exit \$status
EOF
)

unit crashy.service <<EOF
[Unit]
StartLimitIntervalSec=60
StartLimitBurst=3

[Service]
ExecStart=$crash crashy
Restart=always
RestartSec=0
EOF
unit spelled.service <<EOF
[Service]
StartLimitInterval=60
StartLimitBurst=2
ExecStart=$crash spelled
Restart=always
RestartSec=0
EOF
# Exits 4 (restarted), then 3 (prevented).
unit prevent.service <<EOF
[Unit]
StartLimitIntervalSec=0

[Service]
ExecStart=$crash prevent 4 3
Restart=always
RestartSec=0
RestartPreventExitStatus=3
EOF
# The clock: a oneshot that takes a moment; svcctl start returns once it ran.
unit clock.service <<EOF
[Service]
Type=oneshot
ExecStart=/bin/sleep 0.5
EOF
svcd_start

# --- a crash loop -----------------------------------------------------------------------------
exits 0 "svcctl --no-block start crashy exits 0" svcctl --no-block start crashy
settles "the crash loop (exit 1, Restart=always, RestartSec=0) hits the start limit" crashy.service \
        prop_is crashy.service Result start-limit-hit
is "$(state_of crashy.service)" failed/failed "crashy.service is failed (failed)"
is "$(runs crashy)" 3 "it ran StartLimitBurst=3 times"
# systemd counts the restart that the limit refused too (3); 2 restarts ran.
like "$(prop crashy.service NRestarts)" '^[23]$' "NRestarts counts the restarts"
settles "svcd's log says why" crashy.service grep -q 'crashy\.service: Start request repeated too quickly' "$T/svcd.log"
exits 0 "(time passes: svcctl start clock, a oneshot that sleeps, exits 0)" svcctl start clock
is "$(state_of crashy.service)/$(prop crashy.service Result)" failed/failed/start-limit-hit "crashy.service stays failed"
is "$(runs crashy)" 3 "... and is not started again"

exits 1 "svcctl start crashy exits 1 while the limit holds" svcctl start crashy
like "$ERR" 'attempted too often' "svcctl says the start was attempted too often"
is "$(runs crashy)" 3 "... and crashy.service did not run"
is "$(prop crashy.service Result)" start-limit-hit "... and is still failed with result start-limit-hit"

exits 0 "svcctl reset-failed crashy exits 0" svcctl reset-failed crashy
is "$(state_of crashy.service)" inactive/dead "reset-failed: crashy.service is inactive (dead)"
is "$(prop crashy.service Result)" success "... with result success"
is "$(prop crashy.service NRestarts)" 0 "... and NRestarts=0"
exits 0 "svcctl --no-block start crashy exits 0 again" svcctl --no-block start crashy
looped_again() { [ "$(runs crashy)" -eq 6 ] && prop_is crashy.service Result start-limit-hit; }
settles "the new start runs it: it loops into the limit again, after 3 more runs" crashy.service looped_again

# --- the [Service] spellings ------------------------------------------------------------------
exits 0 "svcctl --no-block start spelled exits 0" svcctl --no-block start spelled
settles "[Service] StartLimitInterval=60 StartLimitBurst=2: the loop hits the limit" spelled.service \
        prop_is spelled.service Result start-limit-hit
is "$(runs spelled)" 2 "... after 2 runs"
unlike "$(svcd_log)" 'spelled\.service:[0-9]+: StartLimit' "... with no warning about those directives"

# --- RestartPreventExitStatus= --------------------------------------------------------------------
exits 0 "svcctl --no-block start prevent exits 0" svcctl --no-block start prevent
settles "prevent.service fails once it exits 3 (RestartPreventExitStatus=3)" prevent.service \
        prop_is prevent.service ActiveState failed
is "$(runs prevent)" 2 "it was restarted after exiting 4, not after exiting 3: 2 runs"
is "$(prop prevent.service NRestarts)" 1 "NRestarts is 1"
is "$(prop prevent.service Result)/$(prop prevent.service ExecMainStatus)" exit-code/3 "Result exit-code, ExecMainStatus 3"

ok "svcd is still running" svcd_running
svcd_stop_and_wait TERM
is "$?/${SVCD_EXIT:-none}" 0/0 "svcd exits 0 on SIGTERM"
SVCD_PID="" # svcd_start looks for the new one
SVCD_EXIT=""

# --- FailureAction=exit on a crash loop ---------------------------------------------------------
# Each crash is followed by an automatic restart, which is no failure of the unit; the start
# limit is: only then does FailureAction=exit end svcd, with FailureActionExitStatus=.
unit loop-exit.service <<EOF
[Unit]
StartLimitIntervalSec=60
StartLimitBurst=3
FailureAction=exit
FailureActionExitStatus=3

[Service]
ExecStart=$crash loop-exit
Restart=always
RestartSec=0
EOF
svcd_start
# Started once svcd answers (at boot, svcd could be gone before svcd_start saw it up); the
# exit status is not checked: svcd may have exited before it answered.
svcctl --no-block start loop-exit >/dev/null 2>&1
if wait_until _svcd_exited; then
        wait "$_svcd_unshare_pid"
        SVCD_EXIT=$?
        _svcd_unshare_pid=
        SVCD_PID=
        pass "FailureAction=exit: svcd exits on its own when loop-exit.service hits the start limit"
else
        fail "FailureAction=exit: svcd exits on its own when loop-exit.service hits the start limit" \
                "$(printf 'svcd still runs; runs: %s\n%s' "$(runs loop-exit)" "$(show_state loop-exit.service)")"
fi
is "${SVCD_EXIT:-none}" 3 "... with FailureActionExitStatus=3"
is "$(runs loop-exit)" 3 "... after StartLimitBurst=3 runs, not at the first crash"
like "$(svcd_log)" 'loop-exit\.service: Start request repeated too quickly' "svcd's log says the start limit was hit"

done_testing
