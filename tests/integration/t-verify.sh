#!/usr/bin/env bash
# t-verify.sh: `svcctl verify` without a daemon (issue 3, "The user's tools"): diagnostics at
# file:line, support levels, Exec argv after specifiers, templates, drop-ins next to a file,
# exit codes (0, 1, 4; --strict), --json, and malformed files that must not crash it.
# No svcd runs here: SVCD_SOCKET points nowhere, so any connection attempt would fail.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

export SVCD_SOCKET=$T/no-such-socket
D=$T/files
mkdir -p "$D"

# A good unit, with directives of each support level.
cat >"$D/good.service" <<EOF
[Unit]
Description=Good unit %n
After=network.target
[Service]
ExecStart=/bin/echo "hello %n"
Restart=on-failure
BusName=org.example.Good
NotifyAccess=all
EOF
exits 0 "verify of a good unit file exits 0" svcctl verify "$D/good.service"
like "$OUT" "^good\.service \($D/good\.service\): loaded$" "the unit is named, with its file, as loaded"
like "$OUT" '\[Unit\] Description= +enforced +line 2$' "Description= is listed as enforced"
like "$OUT" '\[Service\] BusName= +ignored +line 7: needs D-Bus' "BusName= is listed as ignored, with why"
like "$OUT" '\[Service\] ExecStart= +enforced +line 5' "ExecStart= is listed as enforced"
like "$OUT" '\[Service\] NotifyAccess= +emulated +line 8: all accepts' "NotifyAccess= is listed as emulated, with how"
like "$OUT" "^  ExecStart: /bin/echo 'hello good\.service'$" "ExecStart's argv has %n expanded"
like "$OUT" "^$D/good\.service:7: BusName= is not supported by svcd \(needs D-Bus" "the ignored directive is named at file:line"
unlike "$OUT" '^svcctl:' "no log prefix on diagnostics"
is "$ERR" "" "nothing on stderr"
exits 0 "--strict: an ignored (valid) directive is not a warning" svcctl verify --strict "$D/good.service"
# shellcheck disable=SC2016 # $1 and $SVCCTL are expanded by the inner shell
exits 0 "a unit file given by a relative path" bash -c 'cd "$1" && "$SVCCTL" verify ./good.service' _ "$D"

# Unknown key and bad value: warnings, exit 0; --strict makes them fail.
cat >"$D/warn.service" <<EOF
[Service]
ExecStart=/bin/true
Bogus=1
Restart=sometimes
EOF
exits 0 "warnings alone exit 0" svcctl verify "$D/warn.service"
like "$OUT" "^$D/warn\.service:3: Unknown key 'Bogus' in section \[Service\], ignoring\.$" "unknown key at file:line, exactly"
like "$OUT" "^$D/warn\.service:4: Restart=sometimes is not a restart policy" "bad value at file:line"
like "$OUT" '0 errors, 2 warnings, 0 ignored directives' "the summary counts them"
exits 1 "--strict: warnings exit 1" svcctl verify --strict "$D/warn.service"

# No ExecStart=: bad-setting, exit 1.
printf '[Service]\nRestart=always\n' >"$D/noexec.service"
exits 1 "a service without ExecStart= exits 1" svcctl verify "$D/noexec.service"
like "$OUT" 'noexec\.service .*: bad-setting$' "and is bad-setting"
like "$OUT" "^$D/noexec\.service: noexec\.service: Service has no ExecStart=, ExecStop=, or SuccessAction=" "the reason names the file"

# Missing things: a FILE that cannot be read is 1, a UNIT name found nowhere is 4.
exits 1 "a missing FILE exits 1" svcctl verify "$D/missing.service"
like "$OUT" "^$D/missing\.service: Cannot read the unit file: No such file or directory$" "and says why"
exits 4 "a UNIT name not on the search path exits 4" svcctl verify --unit-path="$D" nosuch
like "$OUT" '^nosuch\.service: not-found$' "the name is completed and reported not-found"
exits 1 "1 wins over 4 with several arguments" svcctl verify --unit-path="$D" nosuch "$D/noexec.service"

# UNIT names on the search path (SVCD_UNIT_PATH or --unit-path), and templates.
cat >"$D/tpl@.service" <<EOF
[Unit]
After=dev-%i.device
[Service]
ExecStart=/bin/echo %n %i %p
EOF
exits 0 "an instance by name, from its template" svcctl verify --unit-path="$D" tpl@bar
like "$OUT" "^  ExecStart: /bin/echo tpl@bar\.service bar tpl$" "%n %i %p expanded for the instance"
exits 0 "an instance FILE next to its template" svcctl verify "$D/tpl@baz.service"
like "$OUT" "^  ExecStart: /bin/echo tpl@baz\.service baz tpl$" "loaded through the template next to it"
exits 0 "a template FILE is verified with a placeholder instance" svcctl verify "$D/tpl@.service"
like "$OUT" 'verified as instance "instance"' "and says so"
like "$OUT" "^  ExecStart: /bin/echo tpl@instance\.service instance tpl$" "with %i the placeholder"
SVCD_UNIT_PATH=$D exits 0 "SVCD_UNIT_PATH is the search path for UNIT names" svcctl verify good

# A drop-in next to the file applies.
mkdir -p "$D/good.service.d"
printf '[Service]\nExecStart=\nExecStart=/bin/echo from-dropin\n' >"$D/good.service.d/10-exec.conf"
exits 0 "a unit file with a drop-in next to it" svcctl verify "$D/good.service"
like "$OUT" "^  Drop-in: $D/good\.service\.d/10-exec\.conf$" "the drop-in is listed"
like "$OUT" '^  ExecStart: /bin/echo from-dropin$' "and its ExecStart= wins"
like "$OUT" "ExecStart= +enforced +line 3 of $D/good\.service\.d/10-exec\.conf" "settings from a drop-in name it"

# Masked and unsupported types are reported, not errors.
ln -s /dev/null "$D/masked.service"
exits 0 "a masked unit exits 0" svcctl verify "$D/masked.service"
like "$OUT" ': masked$' "and is reported masked"
printf '[Socket]\nListenStream=80\n' >"$D/web.socket"
exits 0 "a .socket exits 0" svcctl verify "$D/web.socket"
like "$OUT" ': not-supported$' "and is reported not supported"

# --json: one object per unit.
exits 1 "--json over three units" svcctl --json verify "$D/good.service" "$D/warn.service" "$D/noexec.service"
ok "--json output is one JSON object per line, as documented" python3 - "$OUT" "$D" <<'PY'
import json, sys
out, d = sys.argv[1], sys.argv[2]
objs = [json.loads(l) for l in out.splitlines()]
assert len(objs) == 3, objs
good, warn, noexec = objs
assert good["name"] == "good.service" and good["load_state"] == "loaded", good
assert good["path"] == d + "/good.service", good
assert good["exec"]["ExecStart"] == [["/bin/echo", "from-dropin"]], good["exec"]
keys = {(x["section"], x["key"]): x for x in good["directives"]}
assert keys[("Service", "BusName")]["support"] == "ignored", keys
assert "D-Bus" in keys[("Service", "BusName")]["note"], keys
assert keys[("Unit", "Description")]["line"] == 2, keys
assert {"file": d + "/warn.service", "line": 3, "severity": "warning",
        "message": "Unknown key 'Bogus' in section [Service], ignoring."} in warn["diagnostics"], warn
assert warn["warnings"] == 2 and warn["errors"] == 0, warn
assert noexec["load_state"] == "bad-setting" and noexec["errors"] == 1, noexec
PY

# Malformed input: never a crash, always file:line.
printf '[Service]\nExecStart=/bin/true\nDescription=a\0b\n' >"$D/nul.service"
exits 0 "a NUL byte does not crash verify" svcctl verify "$D/nul.service"
like "$OUT" "^$D/nul\.service:3: Line contains a NUL byte" "and is named at file:line"
printf '[Service]\nExecStart=/bin/true\nEnvironment=A=\xff\xfe\n' >"$D/utf8.service"
exits 0 "invalid UTF-8 does not crash verify" svcctl verify "$D/utf8.service"
like "$OUT" "^$D/utf8\.service:3: Line is not valid UTF-8" "and is named at file:line"
{
        printf '[Service]\nExecStart=/bin/true\n'
        head -c 10485760 /dev/zero | tr '\0' 'x'
        printf '\n'
} >"$D/big.service"
exits 0 "a 10 MB file does not crash verify" svcctl verify "$D/big.service"
like "$OUT" "^$D/big\.service:3: " "the bad line is named at file:line"
yes 'garbage line' | head -n 200000 >"$D/many.service"
exits 1 "200000 bad lines: no ExecStart=, exit 1, no crash" svcctl verify "$D/many.service"
like "$OUT" "^$D/many\.service:1: Missing '='" "the first one at file:line"
like "$OUT" '^\.\.\. and [0-9]+ more diagnostics\.$' "the rest are counted, not all printed"

# verify is offline: it works with no daemon, and says nothing about sockets.
unlike "$ERR" 'control|socket|connect' "verify never tried to reach svcd"

done_testing
