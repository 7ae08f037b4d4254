#!/usr/bin/env bash
# t-large-target.sh: a target with thousands of dependencies (systemd.unit(5) .wants/
# directories and Wants=): every unit is pulled in and listed once, though its names come
# from two directories and a Wants= line; a start of the target, and `svcctl status` and
# `show` of it, work at that size (loading and showing used to scan the list once per name,
# which blocked svcd for seconds at 10,000 names; test-unit-path and test-special-units
# check the origins).
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

N=3000
mkdir -p "$UNITS/big.target.wants" "$T/vendor/big.target.wants"
for ((i = 0; i < N; i++)); do
        # A unit whose condition fails: the start job finishes without running anything.
        printf '[Unit]\nConditionPathExists=/nonexistent-%d\n[Service]\nExecStart=/bin/true\n' "$i" \
                >"$UNITS/m$i.service"
        ln -s "../m$i.service" "$UNITS/big.target.wants/m$i.service"
        # A third of them are linked from a second directory of the unit path too.
        [ $((i % 3)) -ne 0 ] || ln -s "$UNITS/m$i.service" "$T/vendor/big.target.wants/m$i.service"
done
{
        printf '[Unit]\nDescription=Thousands of dependencies\n'
        # The first hundred are named by Wants= as well.
        printf 'Wants='
        for ((i = 0; i < 100; i++)); do printf 'm%d.service ' "$i"; done
        printf '\n'
} | unit big.target
svcd_start --unit-path "$UNITS:$T/vendor"

exits 0 "svcctl start big.target exits 0" svcctl start big.target
is "$(prop big.target ActiveState)" active "big.target is active"
is "$(prop m2999.service ActiveState)" inactive "m2999.service was pulled in (its condition failed)"
like "$(prop m2999.service ConditionResult)" "false|no" "... and its condition was checked"

wants=$(show_value big.target Wants)
is "$(wc -w <<<"$wants")" "$N" "Wants= lists each of the $N units"
is "$(tr ' ' '\n' <<<"$wants" | sort | uniq -d | wc -l)" 0 "... each once"
is "$(show_value m42.service WantedBy)" big.target "m42.service (a link and a Wants=): WantedBy=big.target, once"
exits 0 "svcctl --json status big.target exits 0" svcctl --json status big.target
is "$(python3 -c 'import json, sys; d = json.loads(sys.stdin.readline()); print(len(d["Wants"]), len(set(d["Wants"])), len(d["After"]))' <<<"$OUT")" \
        "$N $N $N" "status --json: $N Wants, all distinct, and the implicit After= on each"
exits 0 "svcctl list exits 0 with $((N + 1)) units loaded" svcctl list
exits 0 "svcctl show big.target exits 0" svcctl show big.target
done_testing
