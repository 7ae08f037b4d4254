#!/usr/bin/env bash
# t-transactions.sh: what a request does to the units around its unit (systemd.unit(5),
# systemctl(1)): a failed requirement fails its dependents with "dependency" and leaves the
# rest alone; Requisite=; BindsTo= (also when the bound-to unit dies, where Requires= does not
# react) and the restart of a required unit; PartOf=; Upholds=; StopWhenUnneeded=; Conflicts=
# both ways; ordering cycles (refused with every edge at file:line, or broken by dropping a
# Wants= job); job modes (fail refuses to undo a queued job, replace cancels it,
# ignore-dependencies), list-jobs and cancel; RefuseManualStart=/RefuseManualStop=; garbage in
# the job methods; isolate and AllowIsolate=.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

# svc NAME [UNIT-LINE...]: a simple service (sleep) with these lines in [Unit].
svc() { echo "ExecStart=/bin/sleep 3600" | service_unit "$@"; }

# --- a failing requirement ----------------------------------------------------------------
svc bystander
unit depfail.service <<EOF
[Service]
Type=oneshot
ExecStart=/bin/sh -c 'echo run >>$T/depfail.runs; exit 3'
EOF
svc needsfail Requires=depfail.service After=depfail.service
svc wantsfail Wants=depfail.service After=depfail.service

# --- Requisite=, BindsTo=, PartOf=, Conflicts= --------------------------------------------------
svc reqbase
svc requisite Requisite=reqbase.service After=reqbase.service
svc bindee
svc bound BindsTo=bindee.service After=bindee.service
svc requirer Requires=bindee.service After=bindee.service
svc parent
svc part PartOf=parent.service
svc cx Conflicts=cy.service
svc cy

# --- Upholds=, StopWhenUnneeded= ---------------------------------------------------------------
svc upholder Upholds=upheld.service
svc upheld
svc helper StopWhenUnneeded=yes
svc user Wants=helper.service After=helper.service

# --- ordering cycles (the line numbers matter: the messages cite them) ------------------------
unit cyca.service <<EOF
[Unit]
Requires=cycb.service
After=cycb.service

[Service]
ExecStart=/bin/sleep 3600
EOF
unit cycb.service <<EOF
[Unit]
Description=the other half of the cycle
Requires=cyca.service
After=cyca.service

[Service]
ExecStart=/bin/sleep 3600
EOF
# Only Wants=: the cycle is broken by dropping wcb.service's start.
svc wca Wants=wcb.service After=wcb.service
svc wcb After=wca.service

# --- job modes, list-jobs, cancel ------------------------------------------------------------
# Never sends READY=1 and never times out: its start job runs until replaced or canceled.
unit slow.service <<EOF
[Service]
Type=notify
ExecStart=/bin/sleep 3600
TimeoutStartSec=infinity
EOF
svc afterslow After=slow.service

# --- isolate -------------------------------------------------------------------------------
unit iso.target <<EOF
[Unit]
AllowIsolate=yes
Wants=keep.service
EOF
unit noiso.target <<EOF
[Unit]
Wants=keep.service
EOF
svc keep
svc drop
svc ign IgnoreOnIsolate=yes

# --- RefuseManualStart= ----------------------------------------------------------------------
svc rms RefuseManualStart=yes
svc rmstop RefuseManualStop=yes
svc pullsrms Requires=rms.service After=rms.service

svcd_start

# re TEXT: TEXT as an extended regex that matches only itself.
re() { sed 's/[][\.*^$+?(){}|/]/\\&/g' <<<"$1"; }
main_pid() { prop "$1" MainPID; }
# job_id UNIT: the id of UNIT's job in `svcctl list-jobs`.
job_id() { "$SVCCTL" list-jobs 2>/dev/null | awk -v u="$1" '$2 == u { print $1 }'; }
has_job() { [ -n "$(job_id "$1")" ]; }
no_jobs() { [ "$(varlink '{"method":"io.svcd.Manager.ListJobs","parameters":{}}' | tr -d ' \n')" = '{"parameters":{"jobs":[]}}' ]; }

# --- a failing requirement fails its dependents with "dependency" -------------------------------
exits 0 "svcctl start bystander exits 0" svcctl start bystander
bystander_pid=$(main_pid bystander.service)
exits 1 "svcctl start needsfail (Requires=depfail.service, which fails) exits 1" svcctl start needsfail
like "$ERR" '[Dd]ependency' "... and says a dependency failed"
is "$(state_of depfail.service)/$(prop depfail.service Result)" failed/failed/exit-code \
        "depfail.service is failed (result exit-code)"
is "$(state_of needsfail.service)/$(prop needsfail.service Result)" inactive/dead/success \
        "needsfail.service is inactive (dead), not failed: it never ran"
is "$(state_of bystander.service)/$(main_pid bystander.service)" "active/running/$bystander_pid" \
        "the unrelated bystander.service still runs, with the same MainPID"
ok "... and its process is alive" ns_pid_exists "$bystander_pid"
reply=$(varlink '{"method":"io.svcd.Manager.StartUnit","parameters":{"name":"needsfail.service"}}')
like "$reply" '"error": *"io\.svcd\.Manager\.JobFailed"' "StartUnit needsfail.service (Varlink) gets JobFailed"
like "$reply" '"result": *"dependency"' "... with result \"dependency\""
like "$reply" '"name": *"needsfail\.service"' "... naming needsfail.service"
like "$reply" '"jobResult": *"dependency"' "... and jobResult \"dependency\""
runs=$(count "$T/depfail.runs")
exits 0 "svcctl start --job-mode=ignore-dependencies needsfail exits 0" svcctl start --job-mode=ignore-dependencies needsfail
is "$(state_of needsfail.service)" active/running "... needsfail.service runs: its requirements were ignored"
is "$(count "$T/depfail.runs")" "$runs" "... and depfail.service was not started"
exits 0 "svcctl stop needsfail exits 0" svcctl stop needsfail
exits 0 "svcctl start wantsfail (only Wants=depfail.service) exits 0" svcctl start wantsfail
is "$(state_of wantsfail.service)" active/running "wantsfail.service is active (running)"
is "$(prop depfail.service ActiveState)" failed "depfail.service failed again"

# --- Requisite= ----------------------------------------------------------------------------------
exits 1 "svcctl start requisite (Requisite=reqbase.service, inactive) exits 1" svcctl start requisite
like "$ERR" 'reqbase\.service|[Dd]ependency' "... the message names reqbase.service or the dependency"
is "$(state_of requisite.service)" inactive/dead "requisite.service stays inactive (dead)"
is "$(state_of reqbase.service)" inactive/dead "Requisite= does not start reqbase.service"
exits 0 "svcctl start reqbase exits 0" svcctl start reqbase
exits 0 "with reqbase.service active, svcctl start requisite exits 0" svcctl start requisite
is "$(state_of requisite.service)" active/running "requisite.service is active (running)"
exits 0 "svcctl stop reqbase exits 0" svcctl stop reqbase
is "$(state_of requisite.service)" inactive/dead "stopping reqbase.service stopped requisite.service too"

# --- BindsTo= ----------------------------------------------------------------------------------
exits 0 "svcctl start bound (BindsTo=bindee.service) exits 0" svcctl start bound
is "$(state_of bindee.service)" active/running "... BindsTo= started bindee.service"
exits 0 "svcctl start requirer (Requires=bindee.service) exits 0" svcctl start requirer
exits 0 "svcctl stop bindee exits 0" svcctl stop bindee
is "$(state_of bound.service)" inactive/dead "stopping bindee.service stopped bound.service (BindsTo=)"
is "$(state_of requirer.service)" inactive/dead "... and requirer.service (Requires=: an explicit stop propagates)"
exits 0 "svcctl start bound requirer exits 0" svcctl start bound requirer
is "$(state_of bindee.service)/$(state_of bound.service)/$(state_of requirer.service)" \
        active/running/active/running/active/running "bindee, bound and requirer are active again"
requirer_pid=$(main_pid requirer.service)
bound_pid=$(main_pid bound.service)
bindee_pid=$(main_pid bindee.service)
exits 0 "svcctl restart bindee exits 0" svcctl restart bindee
settles "... bound.service and requirer.service are restarted too (no job left)" bound.service no_jobs
isnt "$(main_pid bindee.service)" "$bindee_pid" "bindee.service has a new MainPID"
is "$(state_of bound.service)" active/running "bound.service is active (running)"
isnt "$(main_pid bound.service)" "$bound_pid" "... with a new MainPID: restarted with the unit it is bound to"
is "$(state_of requirer.service)" active/running "requirer.service is active (running)"
isnt "$(main_pid requirer.service)" "$requirer_pid" "... with a new MainPID: restarted with the unit it requires"
requirer_pid=$(main_pid requirer.service)
bindee_pid=$(main_pid bindee.service)
ok "SIGKILL to bindee.service's main process (Restart=no)" ns_kill KILL "$bindee_pid"
settles "bindee.service fails (killed by a signal)" bindee.service prop_is bindee.service ActiveState failed
is "$(prop bindee.service Result)" signal "... with result signal"
settles "bound.service is stopped: the unit it is bound to went away unexpectedly" bound.service \
        prop_is bound.service ActiveState inactive
is "$(state_of bound.service)/$(prop bound.service Result)" inactive/dead/success "... inactive (dead), result success"
like "$(svcd_log)" 'bound\.service.*bound to inactive unit bindee\.service' "svcd's log says why it stopped bound.service"
ok "no job is left" wait_until no_jobs
is "$(state_of requirer.service)/$(main_pid requirer.service)" "active/running/$requirer_pid" \
        "requirer.service (Requires= only) keeps running with the same MainPID: only BindsTo= reacts to an unexpected stop"
exits 0 "svcctl stop requirer exits 0" svcctl stop requirer

# --- PartOf= -------------------------------------------------------------------------------
exits 0 "svcctl start parent part exits 0" svcctl start parent part
parent_pid=$(main_pid parent.service)
exits 0 "svcctl stop parent exits 0" svcctl stop parent
# part.service is not ordered against parent.service: its stop may end after svcctl returns.
settles "... the stop of part.service ends too (no job left)" part.service no_jobs
is "$(state_of part.service)" inactive/dead "stopping parent.service stopped part.service (PartOf=)"
exits 0 "svcctl start parent part exits 0" svcctl start parent part
parent_pid=$(main_pid parent.service)
part_pid=$(main_pid part.service)
exits 0 "svcctl restart parent exits 0" svcctl restart parent
settles "... the restart of part.service ends too (no job left)" part.service no_jobs
is "$(state_of part.service)" active/running "after restarting parent.service, part.service is active (running)"
isnt "$(main_pid part.service)" "$part_pid" "... with a new MainPID: it was restarted too"
ok "... its old process is gone" pid_gone "$part_pid"
isnt "$(main_pid parent.service)" "$parent_pid" "parent.service has a new MainPID"
parent_pid=$(main_pid parent.service)
part_pid=$(main_pid part.service)
exits 0 "svcctl restart part exits 0" svcctl restart part
is "$(main_pid parent.service)" "$parent_pid" "restarting part.service leaves parent.service alone (PartOf= is one way)"
exits 0 "svcctl stop part exits 0" svcctl stop part
is "$(state_of parent.service)/$(main_pid parent.service)" "active/running/$parent_pid" \
        "stopping part.service leaves parent.service running"
exits 0 "svcctl stop parent exits 0" svcctl stop parent

# --- Upholds= and StopWhenUnneeded= --------------------------------------------------------------
exits 0 "svcctl start upholder (Upholds=upheld.service) exits 0" svcctl start upholder
settles "Upholds= starts upheld.service" upheld.service prop_is upheld.service ActiveState active
upheld_pid=$(main_pid upheld.service)
ok "SIGKILL to upheld.service's main process (Restart=no)" ns_kill KILL "$upheld_pid"
settles "upheld.service is started again while upholder.service is active" upheld.service \
        eval '[ "$(prop upheld.service ActiveState)" = active ] && [ "$(main_pid upheld.service)" != "$upheld_pid" ]'
exits 0 "svcctl stop upholder exits 0" svcctl stop upholder
ok "svcctl stop upheld exits 0" svcctl stop upheld
ok "no job is left" wait_until no_jobs
is "$(state_of upheld.service)" inactive/dead "with upholder.service stopped, upheld.service stays stopped"
exits 0 "svcctl start user (Wants=helper.service, StopWhenUnneeded=yes) exits 0" svcctl start user
is "$(state_of helper.service)" active/running "helper.service is active (running)"
exits 0 "svcctl stop user exits 0" svcctl stop user
settles "StopWhenUnneeded=yes: helper.service stops once nothing needs it" helper.service \
        prop_is helper.service ActiveState inactive
# systemd.unit(5): "If this option is set, a unit will be automatically cleaned up if no other
# active unit requires it": one started by hand that nothing needs stops right after it started.
exits 0 "svcctl start helper exits 0" svcctl start helper
settles "helper.service started by hand, with nothing needing it, stops again" helper.service \
        prop_is helper.service ActiveState inactive

# --- Conflicts= ---------------------------------------------------------------------------------
exits 0 "svcctl start cy exits 0" svcctl start cy
exits 0 "svcctl start cx (Conflicts=cy.service) exits 0" svcctl start cx
# cx and cy are not ordered: the stop of cy.service may end after svcctl returns.
settles "... the stop of cy.service ends too (no job left)" cy.service no_jobs
is "$(state_of cx.service)/$(state_of cy.service)" active/running/inactive/dead "cx.service runs, cy.service was stopped"
is "$(prop cy.service Result)" success "... cy.service's result is success (stopped, not failed)"
exits 0 "svcctl start cy exits 0 (cx.service has Conflicts= on it)" svcctl start cy
settles "... the stop of cx.service ends too (no job left)" cx.service no_jobs
is "$(state_of cy.service)/$(state_of cx.service)" active/running/inactive/dead "cy.service runs, cx.service was stopped"
exits 0 "svcctl stop cy exits 0" svcctl stop cy

# --- ordering cycles ------------------------------------------------------------------------------
exits 1 "svcctl start cyca (cyca After=cycb, cycb After=cyca, both Requires=) exits 1" svcctl start cyca
like "$ERR" '[Oo]rdering cycle' "... the message says it is an ordering cycle"
like "$ERR" "cyca\.service after cycb\.service \($(re "$UNITS/cyca.service"):3\)" \
        "... names the edge cyca.service after cycb.service ($UNITS/cyca.service:3)"
like "$ERR" "cycb\.service after cyca\.service \($(re "$UNITS/cycb.service"):4\)" \
        "... and the edge cycb.service after cyca.service ($UNITS/cycb.service:4)"
is "$(state_of cyca.service)/$(state_of cycb.service)" inactive/dead/inactive/dead "neither cyca nor cycb started"
ok "no job is left behind" no_jobs
reply=$(varlink '{"method":"io.svcd.Manager.StartUnit","parameters":{"name":"cycb.service"}}')
like "$reply" '"error": *"io\.svcd\.Manager\.TransactionFailed"' "StartUnit cycb.service (Varlink) gets TransactionFailed"
like "$reply" '"message": *"[^"]*cycb\.service after cyca\.service[^"]*cyca\.service after cycb\.service' \
        "... whose message names both edges"

before=$(log_lines)
exits 0 "svcctl start wca (a cycle through wcb.service, only Wants=) exits 0" svcctl start wca
is "$(state_of wca.service)" active/running "wca.service is active (running)"
is "$(state_of wcb.service)" inactive/dead "wcb.service, whose job was dropped, is inactive (dead)"
log=$(log_since "$before")
like "$log" '[Oo]rdering cycle' "svcd's log reports the ordering cycle"
like "$log" 'wca\.service after wcb\.service.*wcb\.service after wca\.service|wcb\.service after wca\.service.*wca\.service after wcb\.service' \
        "... naming both edges"
like "$log" 'dropped wcb\.service/start' "... and the job dropped to break it: wcb.service/start"
exits 0 "svcctl stop wca exits 0" svcctl stop wca

# --- job modes, list-jobs, cancel ------------------------------------------------------------------
exits 0 "svcctl list-jobs exits 0 with no job" svcctl list-jobs
like "$OUT" 'No jobs' "... and says there are no jobs"
exits 0 "svcctl --no-block start slow exits 0 (a notify service that never gets ready)" svcctl --no-block start slow
is "$(state_of slow.service)" activating/start "slow.service is activating (start)"
exits 0 "svcctl list-jobs exits 0" svcctl list-jobs
like "$OUT" '^ *JOB +UNIT +TYPE +STATE *$' "... with the header JOB UNIT TYPE STATE"
like "$OUT" '^ *[0-9]+ +slow\.service +start +running *$' "... and slow.service's start job, running"
slow_job=$(job_id slow.service)
exits 1 "svcctl stop --job-mode=fail slow exits 1: it would undo the queued start" svcctl stop --job-mode=fail slow
like "$ERR" '[Dd]estructive' "... the transaction is refused as destructive"
is "$(state_of slow.service)" activating/start "slow.service is still activating"
is "$(job_id slow.service)" "$slow_job" "... with the same start job"
exits 0 "svcctl start --job-mode=fail cx exits 0 (nothing conflicts with it)" svcctl start --job-mode=fail cx

exits 0 "svcctl stop slow (job mode replace) exits 0" svcctl stop slow
is "$(state_of slow.service)" inactive/dead "... the start was canceled: slow.service is inactive (dead)"
ok "no job is left" no_jobs

# A blocking start waits for its job; a stop (mode replace) cancels the job, and the client hears it.
(
        svcctl start slow >"$T/start-slow.out" 2>&1
        echo $? >"$T/start-slow.rc"
) &
settles "a blocking svcctl start slow queued a start job" slow.service has_job slow.service
ok "... and is waiting" test ! -e "$T/start-slow.rc"
exits 0 "svcctl stop slow exits 0" svcctl stop slow
is "$(state_of slow.service)" inactive/dead "slow.service is inactive (dead)"
ok "the waiting svcctl start slow returns" wait_until test -s "$T/start-slow.rc"
is "$(cat "$T/start-slow.rc" 2>/dev/null)" 1 "... with exit 1"
like "$(cat "$T/start-slow.out" 2>/dev/null)" '[Cc]anceled' "... saying its job was canceled"
ok "no job is left" no_jobs

# cancel: a start job waiting for another (After=) is canceled; its waiting client hears it.
exits 0 "svcctl --no-block start slow exits 0" svcctl --no-block start slow
(
        svcctl start afterslow >"$T/start-afterslow.out" 2>&1
        echo $? >"$T/start-afterslow.rc"
) &
settles "afterslow.service has a job" afterslow.service has_job afterslow.service
exits 0 "svcctl list-jobs exits 0" svcctl list-jobs
like "$OUT" '^ *[0-9]+ +afterslow\.service +start +waiting *$' "... and lists afterslow.service's start job, waiting"
like "$OUT" '^ *[0-9]+ +slow\.service +start +running *$' "... and slow.service's start job, running"
afterslow_job=$(job_id afterslow.service)
exits 0 "svcctl cancel $afterslow_job (afterslow.service's job) exits 0" svcctl cancel "$afterslow_job"
ok "the waiting svcctl start afterslow returns" wait_until test -s "$T/start-afterslow.rc"
is "$(cat "$T/start-afterslow.rc" 2>/dev/null)" 1 "... with exit 1"
like "$(cat "$T/start-afterslow.out" 2>/dev/null)" '[Cc]anceled' "... saying its job was canceled"
is "$(state_of afterslow.service)" inactive/dead "afterslow.service never started"
is "$(job_id afterslow.service)" "" "list-jobs no longer lists afterslow.service"
ok "... but still slow.service's job" has_job slow.service
exits 1 "svcctl cancel $afterslow_job again exits 1: no such job" svcctl cancel "$afterslow_job"
exits 0 "svcctl --no-block start afterslow exits 0" svcctl --no-block start afterslow
exits 0 "svcctl cancel (no JOB: every job) exits 0" svcctl cancel
ok "no job is left" no_jobs
is "$(state_of afterslow.service)" inactive/dead "afterslow.service never started"
exits 0 "svcctl stop slow exits 0" svcctl stop slow
ok "no job is left" no_jobs

# --- RefuseManualStart= ----------------------------------------------------------------------------
exits 1 "svcctl start rms (RefuseManualStart=yes) exits 1" svcctl start rms
like "$ERR" 'rms\.service may be requested by dependency only' "... the unit may be requested by dependency only"
is "$(state_of rms.service)" inactive/dead "rms.service did not start"
exits 0 "svcctl start pullsrms (Requires=rms.service) exits 0" svcctl start pullsrms
is "$(state_of rms.service)/$(state_of pullsrms.service)" active/running/active/running \
        "rms.service started as a dependency of pullsrms.service"

exits 0 "svcctl start rmstop (RefuseManualStop=yes) exits 0" svcctl start rmstop
rmstop_pid=$(main_pid rmstop.service)
exits 1 "svcctl stop rmstop exits 1" svcctl stop rmstop
like "$ERR" 'rmstop\.service may be requested by dependency only' "... the unit may be stopped by dependency only"
is "$(state_of rmstop.service)/$(main_pid rmstop.service)" "active/running/$rmstop_pid" "rmstop.service still runs"

# --- garbage in the job methods --------------------------------------------------------------------
reply=$(varlink '{"method":"io.svcd.Manager.StartUnit","parameters":{"name":"keep.service","mode":"bogus"}}')
like "$reply" '"error": *"org\.varlink\.service\.InvalidParameter"' "StartUnit with mode \"bogus\" gets InvalidParameter"
like "$reply" '"parameter": *"mode"' "... naming the parameter mode"
reply=$(varlink '{"method":"io.svcd.Manager.StartUnit","parameters":{"name":"keep.service","mode":7}}')
like "$reply" '"error": *"org\.varlink\.service\.InvalidParameter"' "StartUnit with mode 7 (not a string) gets InvalidParameter"
reply=$(varlink '{"method":"io.svcd.Manager.StopUnit","parameters":{"name":"keep.service","mode":"isolate"}}')
like "$reply" '"error": *"org\.varlink\.service\.InvalidParameter"' "StopUnit with mode \"isolate\" gets InvalidParameter"
is "$(state_of keep.service)" inactive/dead "none of them started keep.service"
reply=$(varlink '{"method":"io.svcd.Manager.CancelJob","parameters":{}}')
like "$reply" '"error": *"org\.varlink\.service\.InvalidParameter"' "CancelJob without an id gets InvalidParameter"
like "$reply" '"parameter": *"id"' "... naming the parameter id"
reply=$(varlink '{"method":"io.svcd.Manager.CancelJob"}')
like "$reply" '"error": *"org\.varlink\.service\.InvalidParameter"' "CancelJob without parameters gets InvalidParameter"
reply=$(varlink '{"method":"io.svcd.Manager.CancelJob","parameters":{"id":"12"}}')
like "$reply" '"error": *"org\.varlink\.service\.InvalidParameter"' "CancelJob with an id that is a string gets InvalidParameter"
reply=$(varlink '{"method":"io.svcd.Manager.CancelJob","parameters":{"id":999999}}')
like "$reply" '"error": *"io\.svcd\.Manager\.NoSuchJob"' "CancelJob of job 999999 gets NoSuchJob"
like "$reply" '"id": *999999' "... naming the id"
reply=$(varlink '{"method":"io.svcd.Manager.CancelJob","parameters":{"id":-1}}')
like "$reply" '"error": *"io\.svcd\.Manager\.NoSuchJob"' "CancelJob of job -1 gets NoSuchJob"
reply=$(varlink '{"method":"io.svcd.Manager.ListJobs","parameters":{}}')
like "$reply" '"jobs": *\[ *\]' "ListJobs (Varlink) answers an empty list"
ok "svcd is still running" svcd_running
exits 0 "... and serving: svcctl status bystander exits 0" svcctl status bystander

# --- isolate (last: it stops everything iso.target does not need) -----------------------------------
exits 0 "svcctl start keep drop ign exits 0" svcctl start keep drop ign
keep_pid=$(main_pid keep.service)
drop_pid=$(main_pid drop.service)
exits 1 "svcctl isolate noiso.target (no AllowIsolate=) exits 1" svcctl isolate noiso.target
like "$ERR" 'may not be isolated' "... refused: the unit may not be isolated"
is "$(state_of drop.service)/$(main_pid drop.service)" "active/running/$drop_pid" "drop.service still runs"
is "$(prop noiso.target ActiveState)" inactive "noiso.target did not start"
exits 0 "svcctl isolate iso.target (AllowIsolate=yes) exits 0" svcctl isolate iso.target
# svcctl waits for iso.target's job; the stops it queued are not ordered before it.
settles "... the stops the isolate queued end (no job left)" drop.service no_jobs
is "$(prop iso.target ActiveState)" active "iso.target is active"
is "$(state_of keep.service)/$(main_pid keep.service)" "active/running/$keep_pid" \
        "keep.service (wanted by iso.target) still runs, with the same MainPID"
is "$(state_of drop.service)" inactive/dead "drop.service (not needed by iso.target) was stopped"
ok "... its process is gone" pid_gone "$drop_pid"
is "$(state_of ign.service)" active/running "ign.service (IgnoreOnIsolate=yes) still runs"
for u in bystander wantsfail cx pullsrms rms rmstop; do
        is "$(prop $u.service ActiveState)" inactive "$u.service was stopped by the isolate"
done

done_testing
