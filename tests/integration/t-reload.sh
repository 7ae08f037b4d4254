#!/usr/bin/env bash
# t-reload.sh: daemon-reload (svcctl and SIGHUP) re-reads unit files without touching
# what runs: a running service keeps its pid and old definition until its next start; a
# unit whose file became invalid is reported, kept, and said to be bad-setting once it
# stops. svcctl cat shows the fragment and drop-ins; show prints systemctl-style
# properties.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

unit app.service <<EOF
[Unit]
Description=First definition
[Service]
ExecStart=/bin/sleep 3601
EOF
enable_units app.service
svcd_start

ok "app.service becomes active" wait_until prop_is app.service ActiveState active
pid=$(prop app.service MainPID)

# show and cat, before anything changes.
exits 0 "svcctl show app exits 0" svcctl show app
like "$OUT" '^Id=app\.service$' "show prints Id=app.service"
like "$OUT" '^ActiveState=active$' "show prints ActiveState=active"
like "$OUT" '^TimeoutStopUSec=1min 30s$' "show formats *USec as a time span, as systemctl does"
exits 0 "svcctl show -p MainPID --value app exits 0" svcctl show -p MainPID --value app
is "$OUT" "$pid" "show -p MainPID --value prints just the pid"
exits 0 "svcctl show -p Id,SubState app exits 0" svcctl show -p Id,SubState app
is "$OUT" $'Id=app.service\nSubState=running' "show -p A,B prints the properties asked for, in order"
exits 0 "svcctl cat app exits 0" svcctl cat app
is "$(head -n 1 <<<"$OUT")" "# $UNITS/app.service" "cat starts with the fragment's path"
like "$OUT" 'ExecStart=/bin/sleep 3601' "cat shows the fragment's text"
exits 4 "svcctl cat of a unit that does not exist exits 4" svcctl cat nosuch
exits 4 "svcctl show of a unit that does not exist exits 4" svcctl show nosuch

# A new definition and a drop-in: the running service is untouched.
unit app.service <<EOF
[Unit]
Description=Second definition
[Service]
ExecStart=/bin/sleep 3602
EOF
mkdir -p "$UNITS/app.service.d"
cat >"$UNITS/app.service.d/10-desc.conf" <<EOF
[Unit]
Description=Second definition, from a drop-in
EOF
exits 0 "svcctl daemon-reload exits 0" svcctl daemon-reload
is "$(prop app.service MainPID)" "$pid" "the running service keeps its main process"
is "$(ns_cmdline "$pid")" "/bin/sleep 3601" "and runs what it was started with"
exits 0 "svcctl restart app exits 0" svcctl restart app
ok "app.service is active again" wait_until prop_is app.service ActiveState active
newpid=$(prop app.service MainPID)
isnt "$newpid" "$pid" "the restart made a new main process"
is "$(ns_cmdline "$newpid")" "/bin/sleep 3602" "which runs the new ExecStart="
is "$(prop app.service Description)" "Second definition, from a drop-in" "the drop-in applies after the fragment"
is "$(prop app.service DropInPaths)" "[\"$UNITS/app.service.d/10-desc.conf\"]" "DropInPaths names the drop-in"
exits 0 "svcctl cat app exits 0" svcctl cat app
like "$OUT" "# $UNITS/app.service.d/10-desc.conf" "cat shows the drop-in under its path"

# The file becomes invalid while the service runs.
unit app.service <<EOF
[Service]
Restart=always
EOF
rm -r "$UNITS/app.service.d"
exits 1 "daemon-reload with a broken unit exits 1" svcctl daemon-reload
like "$ERR" 'app.service' "and names the unit"
like "$(svcd_log)" 'app.service: Service has no ExecStart=, ExecStop=, or SuccessAction=' "svcd's log says what is wrong"
is "$(prop app.service ActiveState)" active "the running service is not dropped or stopped"
is "$(prop app.service LoadState)" bad-setting "status shows the state of the files on disk"
exits 1 "restarting it is refused (its new files cannot run)" svcctl restart app
like "$ERR" 'bad unit file setting' "with the reason"
is "$(prop app.service MainPID)" "$newpid" "it keeps its main process"
exits 0 "svcctl stop app exits 0" svcctl stop app
is "$(prop app.service LoadState)" bad-setting "once stopped, it shows the new definition's state"
exits 1 "svcctl start of the broken unit exits 1" svcctl start app
like "$ERR" 'bad unit file setting|not loaded|fatal error' "and says the unit file is at fault"

# Fixed again, and reloaded by SIGHUP this time.
unit app.service <<EOF
[Service]
ExecStart=/bin/sleep 3603
EOF
kill -HUP "$SVCD_PID"
ok "SIGHUP reloads: the unit is loaded again" wait_until prop_is app.service LoadState loaded
exits 0 "svcctl start app exits 0" svcctl start app
is "$(ns_cmdline "$(prop app.service MainPID)")" "/bin/sleep 3603" "the definition read on SIGHUP runs"

# A .wants/ directory adds Wants=, shown by show after a reload.
mkdir -p "$UNITS/app.service.wants"
ln -s ../db.service "$UNITS/app.service.wants/db.service"
exits 0 "daemon-reload after adding app.service.wants/ exits 0" svcctl daemon-reload
exits 0 "svcctl show -p Wants --value app exits 0" svcctl show -p Wants --value app
is "$OUT" "db.service" "Wants= lists what app.service.wants/ links to"

# show prints the configuration as the files set it: drop-ins override, lists add up
# and an empty assignment resets them.
unit cfg.service <<EOF
[Service]
ExecStart=/bin/true
Environment=A=1
Environment=B=2
LimitNOFILE=1024
User=daemon
EOF
mkdir -p "$UNITS/cfg.service.d"
cat >"$UNITS/cfg.service.d/override.conf" <<EOF
[Service]
LimitNOFILE=2048
Environment=
Environment=C=3 D=4
EOF
exits 0 "svcctl show -p User,LimitNOFILE,Environment cfg exits 0" svcctl show -p User,LimitNOFILE,Environment cfg
is "$OUT" $'User=daemon\nLimitNOFILE=2048\nEnvironment=C=3 D=4' "configured values, with the drop-in's last"

# A name with no file (another unit's Wants=) and a masked unit are no errors of a reload,
# as for systemctl daemon-reload.
unit wants-ghost.service <<EOF
[Unit]
Wants=ghost.service
[Service]
ExecStart=/bin/sleep 3604
EOF
unit to-mask.service <<EOF
[Service]
ExecStart=/bin/sleep 3605
EOF
exits 0 "daemon-reload with two new units exits 0" svcctl daemon-reload
exits 0 "svcctl start wants-ghost to-mask exits 0" svcctl start wants-ghost to-mask
is "$(prop ghost.service LoadState)" not-found "ghost.service, which has no file, is known as not-found"
exits 0 "svcctl stop to-mask exits 0" svcctl stop to-mask
ln -sf /dev/null "$UNITS/to-mask.service"
exits 0 "daemon-reload with a unit that has no file and a masked one exits 0" svcctl daemon-reload
is "$ERR" "" "... and names no unit"
is "$(prop to-mask.service LoadState)" masked "to-mask.service is masked now"
unlike "$(svcd_log)" 'ghost\.service: After the reload' "svcd's log does not warn about ghost.service, not-found before too"
like "$(svcd_log)" 'to-mask\.service: After the reload: masked' "... but says that to-mask.service, loaded before, is masked now"

# Only root (or svcd's uid) may reload.
exits 1 "daemon-reload as nobody exits 1" setpriv --reuid=nobody --regid=nogroup --clear-groups "$SVCCTL" daemon-reload
like "$ERR" 'Access denied' "with Access denied"
ok "svcd is still running" svcd_running
done_testing
