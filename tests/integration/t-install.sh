#!/usr/bin/env bash
# t-install.sh: svcctl enable, disable, reenable, mask, unmask, is-enabled and list-unit-files:
# first without svcd (what a Dockerfile's `RUN svcctl enable app` does) and with --root=, then
# svcd boots what was enabled for default.target, --now starts and stops units through it, a
# masked unit cannot start, and unmask lets it start again.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

# lib.sh made default.target.wants/ for enable_units; here enable makes it. A second,
# lower directory holds a unit as a distro package would (/lib/systemd/system).
rmdir "$UNITS/default.target.wants"
VENDOR=$T/vendor
mkdir -p "$VENDOR"
export SVCD_UNIT_PATH=$UNITS:$VENDOR

unit app.service <<EOF
[Service]
ExecStart=/bin/sleep 3600

[Install]
WantedBy=default.target
EOF
cat >"$VENDOR/web.service" <<EOF
[Service]
ExecStart=/bin/sleep 3600

[Install]
WantedBy=multi-user.target
Alias=www.service
EOF
unit later.service <<EOF
[Service]
ExecStart=/bin/sleep 3600

[Install]
WantedBy=default.target
EOF
unit helper.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
EOF

# --- without svcd: $SVCD_UNIT_PATH ($UNITS) is the search path, its first directory the one written

exits 0 "enable app without svcd" svcctl enable app
is "$ERR" "Created symlink $UNITS/default.target.wants/app.service → $UNITS/app.service." \
        "enable says what it linked, in systemctl's words"
is "$(readlink "$UNITS/default.target.wants/app.service")" "$UNITS/app.service" \
        "WantedBy=default.target: a link in default.target.wants/ to the unit file"
exits 0 "enable app again" svcctl enable app.service
is "$ERR" "" "a second enable changes nothing and says nothing"
exits 0 "is-enabled app" svcctl is-enabled app
is "$OUT" enabled "app is enabled"

exits 0 "enable -q" svcctl -q enable app
is "$ERR" "" "-q: no messages"
exits 1 "--now with a verb that does not change unit files is refused" svcctl --now status app
like "$ERR" "--now can only be used with" "saying with which verbs"
exits 1 "--root= with a verb that talks to svcd is refused" svcctl --root=/ status app

exits 0 "enable web (WantedBy=multi-user.target, Alias=)" svcctl enable web
is "$(readlink "$UNITS/multi-user.target.wants/web.service")" "$VENDOR/web.service" \
        "web is in multi-user.target.wants/, linked to its file in the lower directory"
is "$(readlink "$UNITS/www.service")" "$VENDOR/web.service" "Alias=www.service is a link to web's file"
unlike "$ERR" "non-existent unit" "enable does not warn about multi-user.target: svcd has it built in"
exits 0 "is-enabled of the alias" svcctl is-enabled www
is "$OUT" alias "www.service is an alias"

exits 0 "enable of a unit without [Install] succeeds" svcctl enable helper
like "$ERR" "The unit files have no installation config" "and says it is static, as systemctl does"
exits 0 "is-enabled helper exits 0" svcctl is-enabled helper
is "$OUT" static "helper is static"
exits 1 "is-enabled of a disabled unit exits 1" svcctl is-enabled later
is "$OUT" disabled "later is disabled"
exits 4 "is-enabled of a unit without file exits 4" svcctl is-enabled nosuch
is "$OUT" not-found "and prints not-found"
exits 1 "enable of a unit without file fails" svcctl enable nosuch
is "$ERR" "Failed to enable unit, unit nosuch.service does not exist." "naming the unit"

exits 0 "list-unit-files" svcctl list-unit-files
is "$(head -n 1 <<<"$OUT")" "UNIT FILE      STATE    PRESET" "list-unit-files has systemctl's header"
like "$OUT" $'\napp.service +enabled +-\n' "app.service enabled, no preset"
like "$OUT" $'\nwww.service +alias +-\n' "www.service alias"
like "$OUT" '5 unit files listed\.$' "and counts the unit files"
exits 0 "list-unit-files --json" svcctl --json list-unit-files 'l*'
is "$(python3 -c 'import json,sys; print(json.load(sys.stdin))' <<<"$OUT")" \
        "[{'unit_file': 'later.service', 'state': 'disabled', 'preset': None}]" "--json: unit_file and state"
exits 1 "list-unit-files with a pattern that matches nothing exits 1" svcctl list-unit-files 'nothing*'

exits 1 "enable --now without svcd fails" svcctl enable --now later
like "$ERR" "needs svcd running to start" "saying that svcd is not running"
is "$(readlink "$UNITS/default.target.wants/later.service")" "$UNITS/later.service" "after making the links"
exits 0 "disable later without svcd" svcctl disable later
is "$ERR" "Removed \"$UNITS/default.target.wants/later.service\"." "disable says what it removed"

# --- --root=DIR: an image's tree, paths taken inside it ------------------------------------------

R=$T/root
mkdir -p "$R/etc/svcd/units" "$R/lib/systemd/system"
cat >"$R/lib/systemd/system/rooted.service" <<EOF
[Service]
ExecStart=/bin/sleep 3600

[Install]
WantedBy=default.target
EOF
exits 0 "enable --root= without svcd" env -u SVCD_UNIT_PATH "$SVCCTL" --root="$R" enable rooted
is "$(readlink "$R/etc/svcd/units/default.target.wants/rooted.service")" /lib/systemd/system/rooted.service \
        "the link is in the root's /etc/svcd/units and leads to the file as seen inside the root"
is "$ERR" "Created symlink $R/etc/svcd/units/default.target.wants/rooted.service → /lib/systemd/system/rooted.service." \
        "systemctl's message for --root"
exits 0 "is-enabled --root=" env -u SVCD_UNIT_PATH "$SVCCTL" --root="$R" is-enabled rooted
is "$OUT" enabled "rooted is enabled in the root"
exits 1 "--now with --root= is refused" env -u SVCD_UNIT_PATH "$SVCCTL" --root="$R" enable --now rooted
like "$ERR" "cannot be used with --root" "saying why"

# --- with svcd --------------------------------------------------------------------------------

svcd_start --unit-path "$UNITS:$VENDOR"
settles "app, enabled before svcd ran, starts at boot" app.service wait_until prop_is app.service ActiveState active
# default.target is multi-user.target: what WantedBy=multi-user.target enabled starts too.
settles "web (WantedBy=multi-user.target) starts at boot" web.service wait_until prop_is web.service ActiveState active

exits 0 "enable --now later" svcctl enable --now later
is "$(prop later.service ActiveState)" active "enable --now started later"
exits 0 "is-enabled later" svcctl is-enabled later
is "$OUT" enabled "later is enabled"
exits 0 "disable --now later" svcctl disable --now later
is "$(prop later.service ActiveState)" inactive "disable --now stopped later"
ok "and removed its link" test ! -e "$UNITS/default.target.wants/later.service"

exits 1 "mask --now app fails" svcctl mask --now app
like "$ERR" "Failed to mask unit, file \"$UNITS/app.service\" already exists\." \
        "mask refuses: app's own unit file is in the config directory"
is "$(prop app.service ActiveState)" active "app still runs after the refused mask"

exits 0 "svcctl start web" svcctl start web
exits 0 "mask --now web" svcctl mask --now web
is "$(readlink "$UNITS/web.service")" /dev/null "mask links web.service to /dev/null in the config directory"
is "$(prop web.service ActiveState)" inactive "mask --now stopped web"
exits 1 "is-enabled of a masked unit exits 1" svcctl is-enabled web
is "$OUT" masked "web is masked"
exits 1 "starting a masked unit fails" svcctl start web
like "$ERR" "masked" "with the masked error"
exits 0 "unmask --now web" svcctl unmask --now web
ok "unmask removed the /dev/null link" test ! -L "$UNITS/web.service"
is "$(prop web.service ActiveState)" active "unmask --now started web"
exits 0 "reenable --now web" svcctl reenable --now web
is "$(readlink "$UNITS/multi-user.target.wants/web.service")" "$VENDOR/web.service" "reenable made web's links again"
is "$(prop web.service ActiveState)" active "reenable --now restarted web"

# --- svcd on the root's directories: what --root enabled starts at boot -----------------------

svcd_stop_and_wait TERM
is "$?/$SVCD_EXIT" 0/0 "the first svcd exits 0 on SIGTERM"
SVCD_PID=
# The wants link leads to /lib/systemd/system/rooted.service, a path inside the root; svcd
# takes the unit's name from the link and finds the file on its search path.
svcd_start --unit-path "$R/etc/svcd/units:$R/lib/systemd/system"
settles "rooted, enabled with --root=, starts at boot" rooted.service \
        wait_until prop_is rooted.service ActiveState active

done_testing
