#!/usr/bin/env bash
# t-permissions.sh: a client that is neither root nor svcd's uid (SO_PEERCRED) may read
# status but gets a permission error for anything that changes state.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

unit guarded.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
EOF
unit idle.service <<EOF
[Service]
ExecStart=/bin/sleep 3600
EOF
enable_units guarded.service
svcd_start
ok "guarded.service becomes active" wait_until prop_is guarded.service ActiveState active
pid=$(prop guarded.service MainPID)

# The build tree may sit under a directory only root can enter (/root): nobody runs a copy.
cp "$SVCCTL" "$T/svcctl" && chmod 0755 "$T/svcctl"
as_nobody() {
        setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$T/svcctl" --socket "$SOCK" "$@"
}
ok "nobody can run the copy of svcctl" as_nobody --help

exits 1 "svcctl stop as nobody exits 1" as_nobody stop guarded
like "$ERR" 'Access denied' "the error says Access denied"
like "$ERR" 'guarded\.service' "the error names the unit"
is "$(prop guarded.service ActiveState)" active "guarded.service is still active"
is "$(prop guarded.service MainPID)" "$pid" "with the same main pid"

exits 1 "svcctl start as nobody exits 1" as_nobody start idle
like "$ERR" 'Access denied' "start is denied too"
like "$(prop idle.service ActiveState)" '^(inactive|null)$' "idle.service was not started"
exits 1 "svcctl restart as nobody exits 1" as_nobody restart guarded
like "$ERR" 'Access denied' "restart is denied too"
is "$(prop guarded.service MainPID)" "$pid" "guarded.service was not restarted"

exits 0 "svcctl status as nobody exits 0" as_nobody status guarded
like "$OUT" 'Active: active \(running\)' "nobody reads active (running)"
exits 0 "svcctl --json status as nobody exits 0" as_nobody --json status guarded
like "$OUT" "\"MainPID\": *$pid\\b" "nobody reads MainPID"
exits 0 "svcctl list as nobody exits 0" as_nobody list
like "$OUT" 'guarded\.service' "nobody lists the units"

exits 0 "root may stop it" svcctl stop guarded
is "$(prop guarded.service ActiveState)" inactive "guarded.service is inactive"
done_testing
