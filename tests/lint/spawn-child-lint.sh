#!/usr/bin/env bash
# tests/lint/spawn-child-lint.sh: fails if the child side of spawning calls a function that is
# not async-signal-safe. TAP output.
#
#   spawn-child-lint.sh ALLOWLIST SPAWN_CHILD_ARCHIVE UNSAFE_FIXTURE SAFE_FIXTURE
#
# The check is nm(1) on the compiled archive: every undefined symbol is a function (or
# object) the code reaches outside itself, and each must be in ALLOWLIST. The two fixtures
# keep the check from passing vacuously: it must reject one that calls malloc and printf,
# and accept one that makes only system calls.
set -uo pipefail

NM=${NM:-nm}
allowlist=$1
archive=$2
unsafe_fixture=$3
safe_fixture=$4
n=0
failed=0

ok() {
        n=$((n + 1))
        echo "ok $n - $1"
}

not_ok() {
        n=$((n + 1))
        failed=1
        echo "not ok $n - $1"
}

diag() {
        sed 's/^/# /' <<<"$1"
}

# unsafe_symbols ARCHIVE: prints the undefined symbols of ARCHIVE not in the allowlist
# (nor defined by ARCHIVE itself).
# Fails if nm fails or the archive holds no object (an empty archive would pass).
unsafe_symbols() {
        local undefined allowed
        [ -n "$("$NM" --defined-only "$1" 2>/dev/null | grep -E ' [TtDdBbRr] ')" ] || {
                echo "(no defined symbols in $1: nothing was checked)"
                return 1
        }
        undefined=$("$NM" -u --format=just-symbols "$1") || return 1
        # A function one child file calls in another (spawn_child_apply_mounts) is checked
        # where it is defined: the archive's own global symbols count as allowed.
        allowed=$({ sed 's/#.*//; s/[[:space:]]//g; /^$/d' "$allowlist"
                    "$NM" --defined-only --extern-only --format=just-symbols "$1" | grep -v -e '^$' -e ':$'; } | sort -u)
        # nm names each member ("spawn-child.c.o:"); skip those lines and symbol versions.
        grep -v -e '^$' -e ':$' <<<"$undefined" | sed 's/@.*//' | sort -u | comm -23 - <(echo "$allowed")
}

if bad=$(unsafe_symbols "$archive"); then
        if [ -z "$bad" ]; then
                ok "libsvc/spawn-child.c calls only async-signal-safe functions"
        else
                not_ok "libsvc/spawn-child.c calls functions that are not async-signal-safe"
                diag "$(printf 'not allowed between clone() and execve(): %s\n' $bad)"
                diag "see tests/lint/async-signal-safe.txt and signal-safety(7); do the work in the parent (libsvc/spawn-plan.c)"
        fi
else
        not_ok "libsvc/spawn-child.c calls only async-signal-safe functions"
        diag "could not read the symbols of $archive: $bad"
fi

if bad=$(unsafe_symbols "$unsafe_fixture") && grep -qx malloc <<<"$bad" && grep -qx printf <<<"$bad"; then
        ok "the lint rejects a fixture that calls malloc and printf"
else
        not_ok "the lint rejects a fixture that calls malloc and printf"
        diag "flagged: ${bad:-nothing}"
fi

if bad=$(unsafe_symbols "$safe_fixture") && [ -z "$bad" ]; then
        ok "the lint accepts a fixture that makes only system calls"
else
        not_ok "the lint accepts a fixture that makes only system calls"
        diag "flagged: ${bad:-nothing}"
fi

echo "1..$n"
exit $failed
