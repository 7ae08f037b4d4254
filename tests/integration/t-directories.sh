#!/usr/bin/env bash
# t-directories.sh: RuntimeDirectory=, StateDirectory=, CacheDirectory=, LogsDirectory=,
# ConfigurationDirectory= (systemd.exec(5) "Paths"): created with their modes and the service
# user's ownership before the start, exported as $RUNTIME_DIRECTORY and friends, writable by
# the service, and the runtime ones removed when it stops (unless RuntimeDirectoryPreserve=).
# A directory that cannot be made fails the start at its step (238/STATE_DIRECTORY).
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

# Everything lives under names unique to this run, removed at exit.
N=svcdt$$
_dirs_cleanup() {
        rm -rf /run/"$N" /run/"$N"-* /var/lib/"$N"-* /var/cache/"$N"-* /var/log/"$N"-* /etc/"$N"-*
        _cleanup
}
trap _dirs_cleanup EXIT

unit dirs.service <<EOF
[Service]
User=nobody
RuntimeDirectory=$N/inner $N-r2
RuntimeDirectory=$N-r3:$N-r3link
RuntimeDirectoryMode=0710
StateDirectory=$N-state
StateDirectoryMode=0700
CacheDirectory=$N-cache
LogsDirectory=$N-logs/deep
LogsDirectoryMode=0750
ConfigurationDirectory=$N-conf
ConfigurationDirectoryMode=0750
ExecStart=/bin/sh -c 'echo hello >"\$STATE_DIRECTORY/written" && exec sleep 3600'
EOF

# An existing state directory of another owner: re-chowned with what is inside.
mkdir -p /var/lib/"$N"-old/sub
touch /var/lib/"$N"-old/sub/file
unit rechown.service <<EOF
[Service]
User=nobody
StateDirectory=$N-old
ExecStart=/bin/sleep 3600
EOF

unit preserve.service <<EOF
[Service]
RuntimeDirectory=$N-kept
RuntimeDirectoryPreserve=yes
ExecStart=/bin/sleep 3600
EOF

unit dyn$$.service <<EOF
[Service]
DynamicUser=yes
StateDirectory=$N-dyn
ExecStart=/bin/sleep 3600
EOF

# A file where the state directory belongs.
touch /var/lib/"$N"-file
unit blocked.service <<EOF
[Service]
StateDirectory=$N-file
ExecStart=/bin/sleep 3600
EOF

enable_units dirs.service rechown.service preserve.service dyn$$.service
svcd_start

for s in dirs rechown preserve dyn$$; do
        ok "$s.service is active" wait_until prop_is $s.service ActiveState active
done

# mode_owner PATH: "MODE USER:GROUP" as stat prints them.
mode_owner() {
        stat -c '%a %U:%G' "$1" 2>&1
}
is "$(mode_owner /run/$N/inner)" "710 nobody:nogroup" "RuntimeDirectory=$N/inner: RuntimeDirectoryMode=0710, User=nobody's"
is "$(mode_owner /run/$N)" "755 root:root" "its parent: 0755, root's"
is "$(mode_owner /run/$N-r2)" "710 nobody:nogroup" "a second RuntimeDirectory= entry"
is "$(mode_owner /run/$N-r3)" "710 nobody:nogroup" "RuntimeDirectory=$N-r3:$N-r3link: the directory"
is "$(readlink /run/$N-r3link)" "$N-r3" "... and the symlink to it"
is "$(mode_owner /var/lib/$N-state)" "700 nobody:nogroup" "StateDirectory= with StateDirectoryMode=0700"
is "$(mode_owner /var/cache/$N-cache)" "755 nobody:nogroup" "CacheDirectory= with the default mode 0755"
is "$(mode_owner /var/log/$N-logs/deep)" "750 nobody:nogroup" "LogsDirectory= with LogsDirectoryMode=0750"
is "$(mode_owner /etc/$N-conf)" "750 root:root" "ConfigurationDirectory= keeps root as owner"
ok "the service wrote to its state directory" wait_until test -s /var/lib/$N-state/written
is "$(mode_owner /var/lib/$N-state/written | cut -d' ' -f2)" "nobody:nogroup" "... as nobody"

pid=$(prop dirs.service MainPID)
envs=$(in_ns cat "/proc/$pid/environ" | tr '\0' '\n')
like "$envs" "^RUNTIME_DIRECTORY=/run/$N/inner:/run/$N-r2:/run/$N-r3\$" "\$RUNTIME_DIRECTORY: the paths, colon-separated"
like "$envs" "^STATE_DIRECTORY=/var/lib/$N-state\$" "\$STATE_DIRECTORY"
like "$envs" "^CACHE_DIRECTORY=/var/cache/$N-cache\$" "\$CACHE_DIRECTORY"
like "$envs" "^LOGS_DIRECTORY=/var/log/$N-logs/deep\$" "\$LOGS_DIRECTORY"
like "$envs" "^CONFIGURATION_DIRECTORY=/etc/$N-conf\$" "\$CONFIGURATION_DIRECTORY"

is "$(mode_owner /var/lib/$N-old/sub/file | cut -d' ' -f2)" "nobody:nogroup" \
        "an existing StateDirectory= of another owner is re-chowned recursively"

dyn_uid=$(in_ns cat "/proc/$(prop dyn$$.service MainPID)/status" | awk '/^Uid:/ { print $2 }')
is "$(stat -c '%u:%g' /var/lib/$N-dyn)" "$dyn_uid:$dyn_uid" "DynamicUser=yes: StateDirectory= belongs to the dynamic uid $dyn_uid"

exits 1 "svcctl start blocked exits 1" svcctl start blocked
is "$(svcctl show -p ExecMainStatus --value blocked.service)" 238 "a file in StateDirectory='s place: ExecMainStatus 238"
like "$(svcd_log)" "blocked\\.service: failed at step STATE_DIRECTORY spawning /bin/sleep: Not a directory" \
        "svcd's log names the step and the errno"
like "$(svcd_log)" "blocked\\.service: StateDirectory=$N-file: /var/lib/$N-file or a directory on the way is a symlink or not a directory" \
        "svcd's log names the directive and the path"

# Stopping removes the runtime directories (the innermost ones and the symlinks), and
# nothing else; RuntimeDirectoryPreserve=yes keeps them.
exits 0 "svcctl stop dirs exits 0" svcctl stop dirs
exits 0 "svcctl stop preserve exits 0" svcctl stop preserve
ok "the runtime directories are gone after stop" wait_until test ! -e /run/$N/inner -a ! -e /run/$N-r2 -a ! -e /run/$N-r3
ok "... and the symlink" test ! -L /run/$N-r3link
ok "the parent /run/$N stays" test -d /run/$N
ok "the state, cache, logs and configuration directories stay" \
        test -s /var/lib/$N-state/written -a -d /var/cache/$N-cache -a -d /var/log/$N-logs/deep -a -d /etc/$N-conf
ok "RuntimeDirectoryPreserve=yes: the runtime directory stays" test -d /run/$N-kept

done_testing
