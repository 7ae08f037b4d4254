#!/usr/bin/env bash
# t-credentials.sh: User=, Group=, SupplementaryGroups= and DynamicUser= (systemd.exec(5)
# "User/Group Identity"), proven from inside the service: the Uid/Gid/Groups lines of its
# /proc/PID/status and the $USER, $LOGNAME, $HOME, $SHELL of its /proc/PID/environ. An unknown
# user or group fails the start at step USER (217) or GROUP (216) as systemd's does.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

command -v useradd >/dev/null && command -v groupadd >/dev/null || skip_all "needs useradd and groupadd (passwd)"
# A user and two groups of our own (names unique per test run: $$), removed at exit.
G1=svcdt$$a
G2=svcdt$$b
U=svcdt$$u
groupadd "$G1" || bail "groupadd $G1 failed"
groupadd "$G2" || { groupdel "$G1"; bail "groupadd $G2 failed"; }
useradd -M -N -g "$G1" -G "$G2" -d /home/$U -s /bin/sh "$U" || { groupdel "$G1"; groupdel "$G2"; bail "useradd failed"; }
_accounts_cleanup() {
        userdel "$U" 2>/dev/null
        groupdel "$G1" 2>/dev/null
        groupdel "$G2" 2>/dev/null
        _cleanup
}
trap _accounts_cleanup EXIT
g1=$(getent group "$G1" | cut -d: -f3)
g2=$(getent group "$G2" | cut -d: -f3)
uid=$(id -u "$U")
daemon_gid=$(getent group daemon | cut -d: -f3)
# A number that is neither a uid nor a gid here.
free=4242
while getent passwd "$free" >/dev/null || getent group "$free" >/dev/null; do free=$((free + 1)); done

sleeper() { # sleeper NAME SETTINGS...: a unit that only sleeps, with these [Service] lines
        local name=$1
        shift
        { echo "[Service]"; echo "ExecStart=/bin/sleep 3600"; printf '%s\n' "$@"; } | unit "$name.service"
}
sleeper nobody User=nobody
sleeper root User=root
sleeper group User=nobody "Group=$G1"
sleeper sup User=nobody "SupplementaryGroups=$G1 daemon" "SupplementaryGroups=$g2"
sleeper dbuser "User=$U"
sleeper numeric "User=$free"
sleeper plain
sleeper dyn$$ DynamicUser=yes
sleeper nosuchuser User=svcd-no-such-user
sleeper nosuchgroup User=nobody Group=svcd-no-such-group
sleeper nosuchsup User=nobody "SupplementaryGroups=daemon svcd-no-such-group"
enable_units nobody.service root.service group.service sup.service dbuser.service numeric.service \
        plain.service dyn$$.service
svcd_start

# status NAME: the Uid/Gid/Groups lines of NAME's main process, whitespace squeezed.
status() {
        local pid
        pid=$(prop "$1.service" MainPID)
        in_ns cat "/proc/$pid/status" | grep -E '^(Uid|Gid|Groups):' | tr -s '\t ' '  ' | sed 's/ $//'
}
# identity NAME: its USER, LOGNAME, HOME and SHELL, "-" for each that is not set.
identity() {
        local pid e
        pid=$(prop "$1.service" MainPID)
        e=$(in_ns cat "/proc/$pid/environ" | tr '\0' '\n')
        for v in USER LOGNAME HOME SHELL; do
                grep -q "^$v=" <<<"$e" && grep "^$v=" <<<"$e" | cut -d= -f2- || echo -
        done | tr '\n' ' '
}

for s in nobody root group sup dbuser numeric plain dyn$$; do
        ok "$s.service is active" wait_until prop_is $s.service ActiveState active
done

is "$(status nobody)" $'Uid: 65534 65534 65534 65534\nGid: 65534 65534 65534 65534\nGroups: 65534' \
        "User=nobody: uid, gid and groups"
is "$(identity nobody)" "nobody nobody - - " "User=nobody: USER, LOGNAME; no HOME or SHELL (systemd synthesizes nobody)"
# gid 0: no initgroups() (systemd skips it for root), so svcd's own groups, which are ours.
my_groups=$(grep '^Groups:' /proc/self/status | tr -s '\t ' '  ' | sed 's/ $//')
is "$(status root)" $'Uid: 0 0 0 0\nGid: 0 0 0 0\n'"$my_groups" "User=root: uid 0, gid 0, svcd's groups"
is "$(identity root)" "root root /root $( [ -x /bin/bash ] && echo /bin/bash || echo /bin/sh) " \
        "User=root: HOME=/root and systemd's default root shell"
is "$(status group)" $"Uid: 65534 65534 65534 65534"$'\n'"Gid: $g1 $g1 $g1 $g1"$'\n'"Groups: $g1" \
        "Group=$G1: the gid, and the group list starts from it"
expected=$(printf '%s\n' 65534 "$g1" "$daemon_gid" "$g2" | sort -n | tr '\n' ' ' | sed 's/ $//')
is "$(status sup | grep Groups)" "Groups: $expected" "SupplementaryGroups= by name and number, added to nobody's own"
is "$(status dbuser)" $"Uid: $uid $uid $uid $uid"$'\n'"Gid: $g1 $g1 $g1 $g1"$'\n'"Groups: $(printf '%s\n' "$g1" "$g2" | sort -n | tr '\n' ' ' | sed 's/ $//')" \
        "User=$U: the primary group and the groups the database lists it in"
is "$(identity dbuser)" "$U $U /home/$U /bin/sh " "User=$U: HOME and SHELL from the database"
is "$(status numeric)" $"Uid: $free $free $free $free"$'\n'"Gid: $free $free $free $free"$'\n'"Groups: $free" \
        "User=$free without a database entry: runs with that uid and the gid of the same number"
is "$(identity numeric)" "$free $free - - " "... USER is the number, no HOME or SHELL"
is "$(status plain | head -n 2)" $'Uid: 0 0 0 0\nGid: 0 0 0 0' "no User=: svcd's own uid and gid"
is "$(identity plain)" "- - - - " "no User=: no USER, LOGNAME, HOME or SHELL"

dyn=$(status dyn$$)
dyn_uid=$(sed -n 's/^Uid: \([0-9]*\) .*/\1/p' <<<"$dyn")
diag "$dyn"
ok "DynamicUser=yes: the uid $dyn_uid is in 61184-65519" test "$dyn_uid" -ge 61184 -a "$dyn_uid" -le 65519
is "$dyn" $"Uid: $dyn_uid $dyn_uid $dyn_uid $dyn_uid"$'\n'"Gid: $dyn_uid $dyn_uid $dyn_uid $dyn_uid"$'\n'"Groups: $dyn_uid" \
        "DynamicUser=yes: gid = uid, and only that group"
is "$(identity dyn$$)" "dyn$$ dyn$$ - - " "DynamicUser=yes: USER is the unit's name"
exits 0 "svcctl restart dyn$$ exits 0" svcctl restart dyn$$
ok "dyn$$.service is active again" wait_until prop_is dyn$$.service ActiveState active
is "$(status dyn$$ | head -n 1)" "Uid: $dyn_uid $dyn_uid $dyn_uid $dyn_uid" "DynamicUser=yes: the same uid after a restart"

# Failures: the step, the status, the errno, and why, naming the unit and the name.
fails_at() { # fails_at NAME STEP STATUS MESSAGE
        exits 1 "svcctl start $1 exits 1" svcctl start "$1"
        is "$(prop "$1.service" ActiveState)" failed "$1.service is failed"
        is "$(svcctl show -p ExecMainStatus --value "$1.service")" "$3" "$1: ExecMainStatus is $3 ($2)"
        like "$(svcd_log)" "$1\\.service: failed at step $2 spawning /bin/sleep: No such process" \
                "$1: svcd's log names the step and the errno"
        like "$(svcd_log)" "$1\\.service: $4" "$1: svcd's log says why"
}
fails_at nosuchuser USER 217 "User=svcd-no-such-user: no such user in the user database\\."
exits 3 "svcctl status nosuchuser exits 3" svcctl status nosuchuser
like "$OUT" '217/USER' "status shows 217/USER"
fails_at nosuchgroup GROUP 216 "Group=svcd-no-such-group: no such group in the group database\\."
fails_at nosuchsup GROUP 216 "SupplementaryGroups=svcd-no-such-group: no such group in the group database\\."
ok "svcd keeps serving: nobody.service is still active" prop_is nobody.service ActiveState active

# svcd's own supplementary groups (a container's root often has some) never reach a service
# that changes user, not even with Group=root (gid 0, where no group database is read).
svcd_stop_and_wait TERM
SVCD_PID=
unit rootgroup.service <<EOF
[Service]
User=nobody
Group=root
ExecStart=/bin/sleep 3600
EOF
real_svcd=$SVCD
SVCD=$(write_script svcd-with-groups <<EOF
#!/bin/sh
exec setpriv --groups 4,6,10 -- $real_svcd "\$@"
EOF
)
svcd_start
SVCD=$real_svcd
ok "svcd runs with supplementary groups 4 6 10" sh -c "grep -q '^Groups:.*4 6 10' /proc/$SVCD_PID/status"
exits 0 "svcctl start rootgroup exits 0" svcctl start rootgroup
is "$(status rootgroup)" $'Uid: 65534 65534 65534 65534\nGid: 0 0 0 0\nGroups:' \
        "User=nobody, Group=root: no supplementary group of svcd's is kept"
exits 0 "svcctl start nobody exits 0" svcctl start nobody
unlike "$(status nobody | grep Groups)" '(^| )(4|6|10)( |$)' "User=nobody: none of svcd's groups either"

# A restarted svcd gives a dynamic user the uid it had: recorded in the state directory.
is "$(grep "^dyn$$ " "$T/state/dynamic-users")" "dyn$$ $dyn_uid" "the dynamic user's uid is recorded in --state-dir"
exits 0 "svcctl start dyn$$ exits 0 (after the svcd restart)" svcctl start dyn$$
is "$(status dyn$$ | head -n 1)" "Uid: $dyn_uid $dyn_uid $dyn_uid $dyn_uid" "DynamicUser=yes: the same uid after svcd restarted"

done_testing
