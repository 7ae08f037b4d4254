# tests/integration/lib.sh: runs the real svcd as PID 1 of a private PID namespace for one
# test file, drives it through the real svcctl, looks inside the namespace through /proc,
# and prints TAP. Sourced by each t-*.sh.
#
# Environment (meson sets it; see meson.build here):
#   SVCD, SVCCTL       the binaries under test
#   SVCD_TEST_DEADLINE seconds a condition may take before it counts as failed (default 20;
#                      generous on purpose: ASan builds are slow; no test asserts timings;
#                      once one wait has run out, the later ones get 5 s: see wait_until)
#
# Shape of a test:
#   . "$(dirname "$0")/lib.sh"
#   unit foo.service <<EOF ... EOF; enable_units foo.service
#   svcd_start
#   is "$(prop foo.service ActiveState)" active "foo is active"
#   done_testing
# shellcheck shell=bash
set -uo pipefail

: "${SVCD:?SVCD must name the svcd binary}"
: "${SVCCTL:?SVCCTL must name the svcctl binary}"
DEADLINE=${SVCD_TEST_DEADLINE:-20}

_tap_n=0
_tap_failed=0
_svcd_unshare_pid=
SVCD_PID=
SVCD_EXIT=

# --- TAP ---------------------------------------------------------------------------------

diag() {
        local line
        while IFS= read -r line; do
                printf '# %s\n' "$line"
        done <<<"$*"
}

_tap_result() { # _tap_result OK? DESCRIPTION
        _tap_n=$((_tap_n + 1))
        if [ "$1" = 0 ]; then
                printf 'ok %d - %s\n' "$_tap_n" "$2"
        else
                printf 'not ok %d - %s\n' "$_tap_n" "$2"
                _tap_failed=$((_tap_failed + 1))
        fi
}

pass() { _tap_result 0 "$1"; }

fail() { # fail DESCRIPTION [DIAGNOSTIC]
        _tap_result 1 "$1"
        [ $# -lt 2 ] || diag "$2"
}

# ok DESCRIPTION COMMAND...: passes if COMMAND succeeds (its output shows on failure).
ok() {
        local desc=$1 out rc
        shift
        out=$("$@" 2>&1)
        rc=$?
        if [ $rc -eq 0 ]; then
                pass "$desc"
        else
                fail "$desc" "$(printf '$ %s\n(exit %d)\n%s' "$*" $rc "$out")"
        fi
}

is() { # is GOT EXPECTED DESCRIPTION
        if [ "$1" = "$2" ]; then
                pass "$3"
        else
                fail "$3" "$(printf 'got:      %s\nexpected: %s' "$1" "$2")"
        fi
}

isnt() { # isnt GOT UNEXPECTED DESCRIPTION
        if [ "$1" != "$2" ]; then
                pass "$3"
        else
                fail "$3" "got '$1', which it must not be"
        fi
}

like() { # like TEXT EXTENDED-REGEX DESCRIPTION
        if grep -Eq -- "$2" <<<"$1"; then
                pass "$3"
        else
                fail "$3" "$(printf 'no match for /%s/ in:\n%s' "$2" "$1")"
        fi
}

unlike() { # unlike TEXT EXTENDED-REGEX DESCRIPTION
        if ! grep -Eq -- "$2" <<<"$1"; then
                pass "$3"
        else
                fail "$3" "$(printf 'unexpected match for /%s/ in:\n%s' "$2" "$1")"
        fi
}

# exits CODE DESCRIPTION COMMAND...: passes if COMMAND exits with CODE. Its stdout and
# stderr are left in $OUT and $ERR for further checks.
OUT=
ERR=
exits() {
        local want=$1 desc=$2 rc
        shift 2
        "$@" >"$T/out" 2>"$T/err"
        rc=$?
        OUT=$(<"$T/out")
        ERR=$(<"$T/err")
        if [ $rc -eq "$want" ]; then
                pass "$desc"
        else
                fail "$desc" "$(printf '$ %s\nexit %d, expected %d\nstdout: %s\nstderr: %s' "$*" $rc "$want" "$OUT" "$ERR")"
        fi
}

# bail REASON: the test cannot go on (e.g. svcd did not start).
bail() {
        printf 'Bail out! %s\n' "$1"
        _dump_log
        exit 1
}

skip_all() {
        printf '1..0 # SKIP %s\n' "$1"
        exit 0
}

_dump_log() {
        if [ -s "${T:-/nonexistent}/svcd.log" ]; then
                diag "--- svcd's log ($T/svcd.log) ---"
                diag "$(tail -n 80 "$T/svcd.log")"
        fi
}

# done_testing: shuts svcd down the way a container runtime does (SIGTERM) and checks that it
# exits 0 without a sanitizer report (LeakSanitizer reports at exit), then ends the TAP.
done_testing() {
        if [ -n "$_svcd_unshare_pid" ]; then
                svcd_stop_and_wait TERM
                is "$?/${SVCD_EXIT:-none}" 0/0 "svcd exits 0 on SIGTERM"
        fi
        if [ -e "$T/svcd.log" ]; then
                unlike "$(svcd_log)" 'Sanitizer|runtime error:' "svcd's log holds no sanitizer report"
        fi
        [ "$_tap_failed" -eq 0 ] || _dump_log
        printf '1..%d\n' "$_tap_n"
        [ "$_tap_failed" -eq 0 ]
        exit $?
}

# --- waiting -----------------------------------------------------------------------------

# wait_until COMMAND...: polls COMMAND until it succeeds; fails after DEADLINE seconds. Once a
# wait has run out (a feature missing or broken), WAIT_BUDGET makes the later waits (and svcctl
# calls) give up after 5 s, so that the file still ends, with every check reported, within
# meson's timeout. svcd's own start and exit (_svcd_*) always get DEADLINE. (Through ok, which
# runs its command in a subshell, a wait that runs out does not shrink the budget.)
wait_until() {
        local budget=${WAIT_BUDGET:-$DEADLINE}
        case $1 in _svcd_*) budget=$DEADLINE ;; esac
        local end=$((SECONDS + budget))
        while ! "$@" >/dev/null 2>&1; do
                if [ $SECONDS -ge $end ]; then
                        WAIT_BUDGET=5
                        return 1
                fi
                sleep 0.05
        done
}

# --- the private world of one test -------------------------------------------------------

[ "$(id -u)" -eq 0 ] || skip_all "needs root (PID namespaces, setpriv)"
unshare --pid --fork --mount-proc true 2>/dev/null || skip_all "cannot create PID namespaces here"

T=$(mktemp -d "${TMPDIR:-/tmp}/svcd-test.XXXXXX") || bail "mktemp failed"
chmod 0755 "$T" # a non-root client must reach the socket
UNITS=$T/units
SOCK=$T/run/control
mkdir -p "$UNITS/default.target.wants"
export SVCD_SOCKET=$SOCK
export SVCD_UNIT_PATH=$UNITS
export SVCD_RUNTIME_DIR=$T/run

_cleanup() {
        if [ -n "$_svcd_unshare_pid" ] && kill -0 "$_svcd_unshare_pid" 2>/dev/null; then
                [ -z "$SVCD_PID" ] || kill -TERM "$SVCD_PID" 2>/dev/null
                local end=$((SECONDS + 5))
                while kill -0 "$_svcd_unshare_pid" 2>/dev/null && [ $SECONDS -lt $end ]; do
                        sleep 0.05
                done
                # --kill-child: svcd dies with unshare, and the namespace with svcd.
                kill -KILL "$_svcd_unshare_pid" 2>/dev/null
                wait "$_svcd_unshare_pid" 2>/dev/null
        fi
        rm -rf "$T"
}
trap _cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# unit NAME: writes the unit file NAME from stdin.
unit() {
        cat >"$UNITS/$1"
}

# service_unit NAME [UNIT-LINE...]: NAME.service with these lines in [Unit] and, read from
# stdin, the lines of its [Service] section.
service_unit() {
        local name=$1
        shift
        {
                echo "[Unit]"
                printf '%s\n' "$@"
                echo
                echo "[Service]"
                cat
        } | unit "$name.service"
}

# write_script NAME: writes an executable shell script $T/NAME from stdin and prints its path.
write_script() {
        cat >"$T/$1"
        chmod 0755 "$T/$1"
        printf '%s\n' "$T/$1"
}

# waiter_script: writes $T/waiter.sh and prints its path. waiter.sh NAME, a service's command,
# notes its pid in $T/NAME.pid (atomically), then waits (a minute at most, else exit 1) for
# $T/NAME.go and exits 0: the test decides when it ends.
waiter_script() {
        write_script waiter.sh <<EOF
#!/bin/sh
echo \$\$ >$T/\$1.pid.tmp && mv $T/\$1.pid.tmp $T/\$1.pid
i=0
while [ ! -e $T/\$1.go ]; do
        i=\$((i + 1))
        [ \$i -lt 1200 ] || exit 1
        sleep 0.05
done
exit 0
EOF
}

# words FILE: the lines of FILE on one line ("" if there is no FILE); words_are FILE TEXT:
# they are TEXT (for wait_until).
words() { [ ! -e "$1" ] || tr '\n' ' ' <"$1" | sed 's/ $//'; }
words_are() { [ "$(words "$1")" = "$2" ]; }

# count FILE: how many lines FILE has (0 without FILE).
count() { if [ -e "$1" ]; then wc -l <"$1"; else echo 0; fi; }

# enable_units NAME...: links units into default.target.wants/, so svcd starts them at boot.
enable_units() {
        local u
        for u in "$@"; do
                ln -sf "../$u" "$UNITS/default.target.wants/$u"
        done
}

# svcd_start [SVCD-OPTION...]: boots svcd as PID 1 of a new PID and mount namespace, waits
# until it answers on its socket, and sets SVCD_PID (its pid as seen from here).
# SVCD_UNSHARE_OPTIONS adds unshare(1) options (t-examples.sh: --net).
svcd_start() {
        local end=$((SECONDS + DEADLINE))
        # shellcheck disable=SC2086 # SVCD_UNSHARE_OPTIONS: more namespaces, e.g. --net
        unshare --pid --fork --mount-proc --kill-child ${SVCD_UNSHARE_OPTIONS:-} \
                "$SVCD" --unit-path "$UNITS" --socket "$SOCK" --runtime-dir "$T/run" --state-dir "$T/state" \
                --log-level debug "$@" </dev/null >>"$T/svcd.log" 2>&1 &
        _svcd_unshare_pid=$!
        until _svcd_find_pid && _svcd_answers; do
                _svcd_exited && bail "svcd exited during start-up"
                [ $SECONDS -lt $end ] || bail "svcd did not answer on $SOCK within ${DEADLINE}s"
                sleep 0.05
        done
}

_svcd_find_pid() {
        local children
        [ -z "$SVCD_PID" ] || return 0
        children=$(cat "/proc/$_svcd_unshare_pid/task/$_svcd_unshare_pid/children" 2>/dev/null) || return 1
        SVCD_PID=${children%% *}
        [ -n "$SVCD_PID" ]
}

_svcd_answers() {
        [ -S "$SOCK" ] && "$SVCCTL" list >/dev/null 2>&1
}

# svcd_stop_and_wait SIGNAL: sends SIGNAL to svcd, waits for it to exit and sets SVCD_EXIT
# to its exit status (unshare passes it on). Returns 1 if it did not exit in time. Call it
# directly, not through ok (which runs its command in a subshell).
svcd_stop_and_wait() {
        kill -"$1" "$SVCD_PID" || return 1
        wait_until _svcd_exited || return 1
        wait "$_svcd_unshare_pid"
        SVCD_EXIT=$?
        _svcd_unshare_pid=
        SVCD_PID= # the next svcd_start finds the new one
}

# svcd_exits_by_itself: waits until svcd has exited on its own (an exit action, the main
# command's end, svcctl exit) and sets SVCD_EXIT. Call it directly, not through ok.
svcd_exits_by_itself() {
        wait_until _svcd_exited || return 1
        wait "$_svcd_unshare_pid"
        SVCD_EXIT=$?
        _svcd_unshare_pid=
        SVCD_PID=
}

# unshare is our child: once it has exited it is a zombie until we wait for it.
_svcd_exited() {
        local state
        state=$(_proc_state "/proc/$_svcd_unshare_pid/stat") || return 0
        [ "$state" = Z ]
}

svcd_running() {
        [ -n "$_svcd_unshare_pid" ] && kill -0 "$SVCD_PID" 2>/dev/null &&
                [ "$(_proc_state "/proc/$SVCD_PID/stat")" != Z ]
}

_proc_state() {
        local line
        read -r line <"$1" 2>/dev/null || return 1
        line=${line##*) }
        printf '%s\n' "${line%% *}"
}

# svcd_log: what svcd has written to stderr so far.
svcd_log() {
        cat "$T/svcd.log"
}

# cgroup_root_in LOG-TEXT: the directory an svcd made for its services' cgroups, as its log
# says ("Process tracking: one cgroup per service below DIR."; the last one), or nothing
# where it used no cgroups.
cgroup_root_in() {
        sed -n 's/.*Process tracking: one cgroup per service below \(.*\)\.$/\1/p' <<<"$1" | tail -n 1
}

# log_lines: how many lines svcd's log has now; log_since N: the lines after the first N
# (before=$(log_lines); ...; log_since "$before": what svcd said meanwhile).
log_lines() {
        wc -l <"$T/svcd.log"
}
log_since() {
        tail -n "+$(($1 + 1))" "$T/svcd.log"
}

# host_pids_running TEXT: pids (host numbering) whose command line contains TEXT. Shell
# builtins only, so the search does not find itself.
host_pids_running() {
        local f args
        for f in /proc/[0-9]*/cmdline; do
                args=()
                { mapfile -t -d "" args <"$f"; } 2>/dev/null || continue
                [[ "${args[*]}" != *"$1"* ]] || { f=${f#/proc/}; echo "${f%/cmdline}"; }
        done
}

# --- svcctl ------------------------------------------------------------------------------

# svcctl ARG...: the svcctl under test, bounded like wait_until (WAIT_BUDGET): a job that
# never ends fails its check (exit 124, and the later waits get 5 s) instead of hanging the test.
svcctl() {
        local rc
        timeout -k 5 "${WAIT_BUDGET:-$DEADLINE}" "$SVCCTL" "$@"
        rc=$?
        [ $rc -ne 124 ] || WAIT_BUDGET=5
        return $rc
}

# varlink JSON: one raw Varlink call to svcd through socat, bypassing svcctl; prints the
# reply (NUL turned into a newline).
varlink() {
        printf '%s\0' "$1" | socat -t "$DEADLINE" -T "$DEADLINE" - "UNIX-CONNECT:$SOCK" | tr '\0' '\n'
}

# prop UNIT PROPERTY: one property of `svcctl --json status UNIT` (strings bare, others as JSON).
prop() {
        "$SVCCTL" --json status "$1" 2>/dev/null | python3 -c '
import json, sys
line = sys.stdin.readline()
v = json.loads(line).get(sys.argv[1]) if line.strip() else None
print(v if isinstance(v, str) else json.dumps(v))' "$2"
}

# prop_is UNIT PROPERTY VALUE: for wait_until.
prop_is() {
        [ "$(prop "$1" "$2")" = "$3" ]
}

# state_of UNIT: "ActiveState/SubState", e.g. active/running.
state_of() {
        printf '%s/%s\n' "$(prop "$1" ActiveState)" "$(prop "$1" SubState)"
}

# show_value UNIT PROPERTY: one property as `svcctl show -p PROPERTY --value` prints it (e.g.
# "1min 30s"), or svcctl's error.
show_value() { "$SVCCTL" show -p "$2" --value "$1" 2>&1; }

# show_state UNIT: where a unit is, on one line of `svcctl show` properties, for diagnostics.
show_state() { "$SVCCTL" show -p ActiveState,SubState,Result,MainPID,ControlPID,NRestarts "$1" 2>&1 | tr '\n' ' '; }

# settles DESCRIPTION UNIT COMMAND...: passes once COMMAND succeeds (wait_until); on failure
# the diagnostic says where UNIT is (show_state).
settles() {
        local desc=$1 u=$2
        shift 2
        if wait_until "$@"; then
                pass "$desc"
        else
                fail "$desc" "$(printf 'not true in time: %s\n%s: %s' "$*" "$u" "$(show_state "$u")")"
        fi
}

# --- inside the namespace ----------------------------------------------------------------

# in_ns COMMAND...: runs COMMAND in svcd's PID and mount namespaces (its /proc, its pids).
in_ns() {
        nsenter -t "$SVCD_PID" -p -m -- "$@"
}

# ns_kill SIGNAL PID: sends SIGNAL to PID as numbered inside svcd's namespace. Only to a real
# process: a PID that is not a number above 1 (an empty MainPID, 0, svcd's 1) is refused with a
# message and ns_kill returns 1, for "kill 0" in there would signal the test's own process group.
ns_kill() {
        [[ "$2" =~ ^[0-9]+$ ]] && [ "$2" -gt 1 ] || { echo "ns_kill: no process to signal: '$2'" >&2; return 1; }
        in_ns /bin/bash -c 'kill -"$1" "$2"' kill "$1" "$2"
}

# ns_ps: "pid ppid state cmdline" for every process in svcd's namespace, sorted by pid.
# Uses only shell builtins, so listing creates no processes (and no zombies) of its own;
# the listing shell itself (entered from outside, so its parent pid reads 0) is left out.
ns_ps() {
        in_ns /bin/bash -c '
                for d in /proc/[0-9]*; do
                        read -r stat <"$d/stat" 2>/dev/null || continue
                        rest=${stat##*) }
                        state=${rest%% *}
                        rest=${rest#* }
                        ppid=${rest%% *}
                        pid=${d#/proc/}
                        [ "$ppid" != 0 ] || [ "$pid" = 1 ] || continue
                        args=()
                        [ "$state" = Z ] || { mapfile -t -d "" args <"$d/cmdline"; } 2>/dev/null
                        cmd="${args[*]}"
                        [ -n "$cmd" ] || { cmd=${stat#*(}; cmd="[${cmd%)*}]"; }
                        echo "$pid $ppid $state $cmd"
                done' 2>/dev/null | sort -n
}

# handles_signal PID SIGNUM: has PID (namespace numbering) a handler for SIGNUM? A shell
# installs its traps a moment after exec; a signal sent before that kills it instead.
handles_signal() {
        local cgt
        cgt=$(in_ns awk '/^SigCgt/ {print $2}' "/proc/$1/status" 2>/dev/null)
        [ -n "$cgt" ] && [ $(( 0x$cgt >> ($2 - 1) & 1 )) = 1 ]
}

# ns_pid_exists PID: is PID (namespace numbering) a live, non-zombie process?
ns_pid_exists() {
        ns_ps | awk -v p="$1" '$1 == p && $3 != "Z" { found = 1 } END { exit !found }'
}

# ns_pid_gone PID: no process PID, not even a zombie, in svcd's namespace.
ns_pid_gone() {
        ! ns_ps | awk -v p="$1" '$1 == p { found = 1 } END { exit !found }'
}

# pid_gone PID: ns_pid_gone, but false for an empty PID or 0 (no main process known yet).
pid_gone() { [ -n "$1" ] && [ "$1" != 0 ] && ns_pid_gone "$1"; }

# ns_environ PID: the environment of PID (namespace numbering), one variable a line.
ns_environ() {
        in_ns cat "/proc/$1/environ" 2>/dev/null | tr '\0' '\n'
}

# ns_cmdline PID: argv[0] of PID inside the namespace.
ns_cmdline() {
        ns_ps | awk -v p="$1" '$1 == p { $1 = $2 = $3 = ""; sub(/^ +/, ""); print }'
}

# ns_zombies: the zombie lines of ns_ps (none is the goal).
ns_zombies() {
        ns_ps | awk '$3 == "Z"'
}

no_zombies() {
        [ -z "$(ns_zombies)" ]
}

# only_svcd_left: no process in svcd's namespace but svcd itself (for wait_until).
only_svcd_left() { [ "$(ns_ps | awk '$1 != 1' | wc -l)" -eq 0 ]; }
