#!/usr/bin/env bash
# t-container-example.sh: examples/container (no Docker needed): its units verify without a
# diagnostic, `svcctl enable` makes the links its Dockerfile's RUN line relies on, and svcd
# boots them as a container's init would — sidecar, then app — and stops them cleanly with
# exit status 0. The Dockerfile's COPY sources exist.
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

: "${SVCD_EXAMPLES:?SVCD_EXAMPLES must name examples/units}"
ex=$(cd "$SVCD_EXAMPLES/../container" && pwd)
root=$(cd "$ex/../.." && pwd)

for u in app.service sidecar.service; do
        exits 0 "svcctl verify examples/container/$u" "$SVCCTL" verify "$ex/$u"
        unlike "$OUT$ERR" ':[0-9]+: ' "... without a file:line diagnostic"
done

# The Dockerfile's COPY sources (paths from the repository root) are there.
while read -r src; do
        ok "the Dockerfile copies $src, which exists" test -e "$root/$src"
done < <(awk '$1 == "COPY" && $2 !~ /^--from/ && $2 != "." { for (i = 2; i < NF; i++) print $i }' "$ex/Dockerfile")
like "$(cat "$ex/Dockerfile")" 'RUN svcctl enable app\.service sidecar\.service' "the Dockerfile enables the units with svcctl"
like "$(cat "$ex/Dockerfile")" 'HEALTHCHECK .*svcctl", "is-system-running' "... and checks health with is-system-running"

# The Dockerfile's `RUN svcctl enable`, into an image root.
mkdir -p "$T/image/etc/systemd/system"
cp "$ex/app.service" "$ex/sidecar.service" "$T/image/etc/systemd/system/"
exits 0 "svcctl --root enable app.service sidecar.service" env -u SVCD_UNIT_PATH "$SVCCTL" --root="$T/image" \
        enable app.service sidecar.service
# In svcd's own configuration directory, first on its unit path (svcctl(1), enable).
for u in app sidecar; do
        is "$(readlink "$T/image/etc/svcd/units/multi-user.target.wants/$u.service")" \
                "/etc/systemd/system/$u.service" "/etc/svcd/units/multi-user.target.wants/$u.service links to the unit"
done

# Boot them: the same files, linked the same way; the app's path is the repository's.
cp "$ex/app.service" "$ex/sidecar.service" "$UNITS/"
mkdir -p "$UNITS/multi-user.target.wants" "$UNITS/app.service.d"
ln -s ../app.service "$UNITS/multi-user.target.wants/app.service"
ln -s ../sidecar.service "$UNITS/multi-user.target.wants/sidecar.service"
printf '[Service]\nExecStart=\nExecStart=%s\n' "$ex/app" >"$UNITS/app.service.d/here.conf"
svcd_start
ok "app.service becomes active" wait_until prop_is app.service ActiveState active
ok "sidecar.service is active" wait_until prop_is sidecar.service ActiveState active
sidecar_up=$(prop sidecar.service ActiveEnterTimestamp)
app_up=$(prop app.service ExecMainStartTimestamp)
ok "the app started after the sidecar (After=sidecar.service)" test "$app_up" -ge "$sidecar_up"
ok "the app says hello, with its Environment=" wait_until sh -c "\"$SVCCTL\" -s '$SOCK' logs app.service | grep -q 'app: hello, container'"
ok "svcctl is-system-running: running (the HEALTHCHECK)" wait_until sh -c "\"$SVCCTL\" -s '$SOCK' is-system-running"
ok "the app has its SIGTERM trap" wait_until handles_signal "$(prop app.service MainPID)" 15
svcd_stop_and_wait TERM
is "$SVCD_EXIT" 0 "docker stop (SIGTERM): everything stops cleanly, exit status 0"
like "$(svcd_log)" 'app\.service: app: SIGTERM, bye|app: SIGTERM, bye' "the app was told and said goodbye"

done_testing
