#!/usr/bin/env bash
# t-install-systemctl.sh: svcctl enable, disable, reenable, mask, unmask, is-enabled and
# list-unit-files against systemctl itself. Two identical trees: systemctl --root=R1 works in
# R1/etc/systemd/system, svcctl --root=R2 in R2/etc/svcd/units (vendor units in
# /lib/systemd/system in both, the "local" ones in each tool's config directory). After every
# step the links (path relative to the config directory, target) must be the same, and so must
# the exit codes, is-enabled's and list-unit-files' output, and the "Created symlink" and
# "Removed" lines. Skipped when systemctl is not installed.
#
# Known differences, not compared: is-enabled of a unit that has no file (systemctl 252 fails
# with "No such file or directory", exit 1; svcctl prints "not-found" and exits 4, as newer
# systemctl does); list-unit-files' PRESET column (svcd has no presets: always "-"); reenable
# of a unit whose [Install] is only in a drop-in (systemctl 252 removes its links, then calls
# it static; svcctl makes them again, as enable does).
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

SYSTEMCTL=$(command -v systemctl) || skip_all "systemctl is not installed (apt-get install systemd)"
diag "comparing with $("$SYSTEMCTL" --version | head -n 1)"

R1=$T/systemctl
R2=$T/svcctl
make_tree() { # make_tree ROOT CONFIG-DIR RUNTIME-DIR
        local r=$1 cfg=$1/$2 run=$1/$3 lib=$1/lib/systemd/system
        mkdir -p "$cfg" "$run/multi-user.target.wants" "$lib" "$r/opt"
        cat >"$lib/a.service" <<EOF
[Service]
ExecStart=/bin/true
[Install]
WantedBy=multi-user.target
Alias=aa.service
Also=b.service
EOF
        cat >"$cfg/b.service" <<EOF
[Service]
ExecStart=/bin/true
[Install]
RequiredBy=c.target
EOF
        printf '[Service]\nExecStart=/bin/true\n' >"$lib/s.service"
        printf '[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\nDefaultInstance=def\n' \
                >"$lib/t@.service"
        printf '[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\nAlias=al@.service\n' \
                >"$lib/u@.service"
        printf '[Service]\nExecStart=/bin/true\n[Install]\nAlso=a.service s.service\n' >"$lib/also.service"
        printf '[Timer]\nOnCalendar=daily\n[Install]\nWantedBy=timers.target\n' >"$lib/z.timer"
        printf '[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n' >"$r/opt/ext.service"
        printf '[Service]\nExecStart=/bin/true\n' >"$lib/d.service"
        mkdir -p "$lib/d.service.d"
        printf '[Install]\nWantedBy=x.target\n' >"$lib/d.service.d/late.conf"
        ln -s /lib/systemd/system/a.service "$lib/vend-alias.service"
        ln -s /lib/systemd/system/gone.service "$cfg/dang.service"
        ln -s /lib/systemd/system/u@.service "$run/multi-user.target.wants/u@rt.service"
}
make_tree "$R1" etc/systemd/system run/systemd/system
make_tree "$R2" etc/svcd/units run/svcd/units

# Both trees' paths and link targets in one spelling.
normalize() { # normalize ROOT < text
        sed -e "s#$1/#ROOT/#g" -e 's#etc/systemd/system#CONFIG#g; s#etc/svcd/units#CONFIG#g' \
                -e 's#run/systemd/system#RUNTIME#g; s#run/svcd/units#RUNTIME#g'
}
links() { # links ROOT: "link -> target" below the config directory, sorted
        local cfg
        for cfg in "$1/etc/systemd/system" "$1/etc/svcd/units"; do
                [ -d "$cfg" ] || continue
                (cd "$cfg" && find . -type l -printf '%p -> %l\n' | sort | normalize "$1")
        done
}
messages() { # messages ROOT FILE: the lines that say what was linked and removed
        grep -E '^(Created symlink|Removed)' "$2" | normalize "$1"
}

step() { # step VERB ARG...: the same command in both trees, then everything compared
        local rc1 rc2
        "$SYSTEMCTL" --root="$R1" "$@" >"$T/out1" 2>"$T/err1"
        rc1=$?
        env -u SVCD_UNIT_PATH "$SVCCTL" --root="$R2" "$@" >"$T/out2" 2>"$T/err2"
        rc2=$?
        is "$rc2" "$rc1" "$*: exit code $rc1 as systemctl's"
        if [ "$1" = list-unit-files ]; then
                is "$(awk '{print $1, $2}' "$T/out2")" "$(awk '{print $1, $2}' "$T/out1")" "$*: the same list"
        else
                is "$(normalize "$R2" <"$T/out2")" "$(normalize "$R1" <"$T/out1")" "$*: the same output"
        fi
        is "$(messages "$R2" "$T/err2")" "$(messages "$R1" "$T/err1")" "$*: the same links reported"
        local l1 l2
        l1=$(links "$R1")
        l2=$(links "$R2")
        if [ "$l1" = "$l2" ]; then
                pass "$*: the same links"
        else
                fail "$*: the same links" "$(diff <(echo "$l1") <(echo "$l2"))"
        fi
        if [ "$rc1" != "$rc2" ]; then
                diag "systemctl: $(cat "$T/err1")"
                diag "svcctl: $(cat "$T/err2")"
        fi
}

step is-enabled a b s d t@ t@def t@x u@ u@rt z.timer vend-alias also
step list-unit-files
step enable a
step enable a
step is-enabled a aa b
step enable s
step enable d
step is-enabled d
step disable d
step enable t@.service
step enable t@x.service
step enable u@.service
step enable u@y.service
step is-enabled t@ t@def t@x t@z u@ u@y al@y u@rt
step enable z.timer
step enable /opt/ext.service
step is-enabled ext
step enable vend-alias
step enable aa
step is-enabled dang
step list-unit-files
step list-unit-files '*.service' 'z*'
step disable aa
step is-enabled a vend-alias
step mask s
step mask s
step mask b
step is-enabled s b
step enable s
step unmask s
step unmask s
step disable dang
step enable also
step is-enabled also a s
step disable also
step reenable a
step reenable s
step disable b
step mask t@def.service
step enable t@.service
step unmask t@def.service
step disable t@x.service
step disable ext
step disable u@y.service nosuch.service
step enable nosuch.service
step mask nosuch.service
step is-enabled nosuch.service
step unmask nosuch.service
step list-unit-files

done_testing
