#!/usr/bin/env bash
# t-default-target.sh: svcctl get-default and set-default. First against systemctl itself, as
# t-install-systemctl.sh does for enable: two identical trees, systemctl --root=R1 working in
# R1/etc/systemd/system, svcctl --root=R2 in R2/etc/svcd/units; after each step the exit codes,
# the "Created symlink"/"Removed"/"Note:"/"Failed" lines, the links and get-default's answer
# must be the same. Then where svcd differs on purpose (it boots its built-in default.target,
# an alias of multi-user.target, where no default.target outside systemd's vendor directories
# exists; systemctl fails there, or follows Debian's vendor link to graphical.target), and
# finally with svcd running: set-default makes it re-read the unit files, and get-default
# agrees with what svcd calls default.target. The comparison is skipped without systemctl.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

make_tree() { # make_tree ROOT CONFIG-DIR
        local cfg=$1/$2 lib=$1/lib/systemd/system
        mkdir -p "$cfg" "$lib"
        printf '[Unit]\nDescription=Multi-User System\n' >"$lib/multi-user.target"
        printf '[Unit]\nDescription=Graphical Interface\nRequires=multi-user.target\n' >"$lib/graphical.target"
        printf '[Unit]\nDescription=Emergency\n' >"$lib/emerg.target"
        ln -s emerg.target "$lib/al.target"
        printf '[Service]\nExecStart=/bin/true\n' >"$lib/a.service"
        printf '[Unit]\nDescription=Local\n' >"$cfg/local.target"
        ln -s /dev/null "$cfg/masked.target"
}

# --- against systemctl ---------------------------------------------------------------------
if SYSTEMCTL=$(command -v systemctl); then
        diag "comparing with $("$SYSTEMCTL" --version | head -n 1)"
        R1=$T/systemctl
        R2=$T/svcctl
        make_tree "$R1" etc/systemd/system
        make_tree "$R2" etc/svcd/units
        normalize() { # normalize ROOT < text
                sed -e "s#$1/#ROOT/#g" -e 's#etc/systemd/system#CONFIG#g; s#etc/svcd/units#CONFIG#g'
        }
        links() { # links ROOT: "link -> target" in the config directory
                local cfg
                for cfg in "$1/etc/systemd/system" "$1/etc/svcd/units"; do
                        [ -d "$cfg" ] || continue
                        (cd "$cfg" && find . -type l -printf '%p -> %l\n' | sort | normalize "$1")
                done
        }
        messages() { grep -E '^(Created symlink|Removed|Note:|Failed)' "$2" | normalize "$1"; }
        step() { # step VERB ARG...: the same command in both trees, then everything compared
                local rc1 rc2
                "$SYSTEMCTL" --root="$R1" "$@" >"$T/out1" 2>"$T/err1"
                rc1=$?
                env -u SVCD_UNIT_PATH "$SVCCTL" --root="$R2" "$@" >"$T/out2" 2>"$T/err2"
                rc2=$?
                is "$rc2" "$rc1" "$*: exit code $rc1 as systemctl's"
                is "$(normalize "$R2" <"$T/out2")" "$(normalize "$R1" <"$T/out1")" "$*: the same output"
                is "$(messages "$R2" "$T/err2")" "$(messages "$R1" "$T/err1")" "$*: the same messages"
                is "$(links "$R2")" "$(links "$R1")" "$*: the same links"
                [ "$rc1" = "$rc2" ] || diag "systemctl: $(cat "$T/err1")" "svcctl: $(cat "$T/err2")"
        }
        step set-default multi-user.target
        step get-default
        step set-default multi-user.target
        step set-default graphical
        step get-default
        step set-default local
        step get-default
        step set-default al.target
        step get-default
        step set-default nosuch
        step set-default a.service
        step set-default default.target
        step set-default masked
        step -q set-default graphical.target
        step get-default
else
        diag "systemctl is not installed (apt-get install systemd): no comparison"
fi

# --- where svcd differs --------------------------------------------------------------------
R=$T/image
make_tree "$R" etc/svcd/units
rm "$R/etc/svcd/units/masked.target"
root_svcctl() { env -u SVCD_UNIT_PATH "$SVCCTL" --root="$R" "$@"; }
exits 0 "get-default without any default.target" root_svcctl get-default
is "$OUT" multi-user.target "svcd's built-in default.target is multi-user.target (systemctl fails here)"
ln -s graphical.target "$R/lib/systemd/system/default.target"
exits 0 "get-default with systemd's vendor default.target -> graphical.target" root_svcctl get-default
is "$OUT" multi-user.target "svcd does not follow systemd's own link in /lib/systemd/system"
ln -s /lib/systemd/system/gone.target "$R/etc/svcd/units/default.target"
exits 0 "get-default with a dangling default.target" root_svcctl get-default
is "$OUT" multi-user.target "a dangling link to a target svcd does not have does not count, as for svcd's loader"
rm "$R/etc/svcd/units/default.target"
ln -s /dev/null "$R/etc/svcd/units/default.target"
exits 1 "get-default with default.target masked" root_svcctl get-default
is "$ERR" "Failed to get default target: Unit file is masked." "in systemctl's words"
exits 0 "set-default replaces the mask" root_svcctl set-default graphical
is "$(readlink "$R/etc/svcd/units/default.target")" /lib/systemd/system/graphical.target \
        "default.target -> graphical.target's file, as seen inside the root"
like "$ERR" '^Removed ".*/etc/svcd/units/default.target"\.' "the mask's removal is told"
exits 0 "get-default" root_svcctl get-default
is "$OUT" graphical.target "get-default follows the link made"
exits 0 "get-default --json" root_svcctl --json get-default
is "$OUT" '"graphical.target"' "a JSON string"
exits 0 "set-default of a built-in target without a file" root_svcctl set-default rescue
is "$(readlink "$R/etc/svcd/units/default.target")" rescue.target "the link names the unit"
exits 0 "get-default after it" root_svcctl get-default
is "$OUT" rescue.target "the link to the built-in target counts, as for svcd's loader"
exits 1 "set-default takes one target" root_svcctl set-default a b
exits 1 "--now is refused" root_svcctl --now set-default graphical

# --- with svcd running ---------------------------------------------------------------------
unit calm.target <<EOF
[Unit]
Description=Calm
EOF
svcd_start
exits 0 "get-default with svcd running, nothing set" svcctl get-default
is "$OUT" multi-user.target "multi-user.target"
is "$(show_value default.target Id)" multi-user.target "... which is what svcd calls default.target"
ok "svcd's log says the boot reached it, in systemd's words" \
        wait_until grep -q 'multi-user\.target: Reached target Multi-User System\.' "$T/svcd.log"
before=$(log_lines)
exits 0 "set-default calm" svcctl set-default calm
is "$ERR" "Created symlink $UNITS/default.target → $UNITS/calm.target." "the link, in systemctl's words"
like "$(log_since "$before")" 'Reload' "svcd re-read the unit files"
exits 0 "get-default" svcctl get-default
is "$OUT" calm.target "get-default says calm.target"
ok "svcd is still running" svcd_running
done_testing
