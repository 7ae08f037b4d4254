/* special-units.c: svcd's built-in special targets (systemd.special(7)), the policy on systemd's own copies of them, and default dependencies. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "units/special-units.h"

#define SPECIAL_DOC "Documentation=man:systemd.special(7)\n"

/* The targets of systemd.special(7) that svcd needs to boot, stop and isolate, as systemd
 * 252 defines them (the .target files of its units/ directory) with only the relations between
 * targets kept: nothing here names a service, socket, mount or slice of systemd's
 * (systemd-*.service, rescue.service, emergency.service, getty@.service, tmp.mount,
 * -.slice): svcd must not pull in systemd's own machinery, and has none of it. So:
 *  - poweroff, reboot, halt and exit.target carry the Requires=/After= of
 *    systemd-poweroff.service & co. (shutdown.target umount.target final.target), which
 *    systemd's targets reach through those services; what ends svcd is the daemon's;
 *  - rescue.target and emergency.target pull in no shell: isolating them stops everything
 *    else, which is what they are for in a container;
 *  - local-fs.target has no OnFailure=emergency.target: svcd mounts nothing, and a unit an
 *    administrator hangs below local-fs.target failing should not stop every service;
 *  - JobTimeoutSec=/JobTimeoutAction= of poweroff and reboot.target are left out (they
 *    guard systemd's shutdown of a machine).
 * Sorted by name: special_units_lookup() bisects. */
static const struct special_unit specials[] = {
        { "basic.target", NULL,
          "[Unit]\nDescription=Basic System\n" SPECIAL_DOC
          "Requires=sysinit.target\n"
          "Wants=sockets.target timers.target paths.target slices.target\n"
          "After=sysinit.target sockets.target paths.target slices.target\n" },
        { "cryptsetup.target", NULL, "[Unit]\nDescription=Local Encrypted Volumes\n" SPECIAL_DOC },
        /* systemd.special(7): "usually, this is a symlink to multi-user.target or
         * graphical.target"; `svcctl set-default` writes such a link, which wins. */
        { "default.target", "multi-user.target", NULL },
        { "emergency.target", NULL, "[Unit]\nDescription=Emergency Mode\n" SPECIAL_DOC "AllowIsolate=yes\n" },
        { "exit.target", NULL,
          "[Unit]\nDescription=Exit the Container\n" SPECIAL_DOC
          "DefaultDependencies=no\n"
          "Requires=shutdown.target umount.target final.target\n"
          "After=shutdown.target umount.target final.target\n"
          "AllowIsolate=yes\n" },
        { "final.target", NULL,
          "[Unit]\nDescription=Late Shutdown Services\n" SPECIAL_DOC
          "DefaultDependencies=no\nRefuseManualStart=yes\nAfter=shutdown.target umount.target\n" },
        { "getty.target", NULL, "[Unit]\nDescription=Login Prompts\n" SPECIAL_DOC },
        { "graphical.target", NULL,
          "[Unit]\nDescription=Graphical Interface\n" SPECIAL_DOC
          "Requires=multi-user.target\n"
          "Conflicts=rescue.target\n"
          "After=multi-user.target rescue.target\n"
          "AllowIsolate=yes\n" },
        { "halt.target", NULL,
          "[Unit]\nDescription=System Halt\n" SPECIAL_DOC
          "DefaultDependencies=no\n"
          "Requires=shutdown.target umount.target final.target\n"
          "After=shutdown.target umount.target final.target\n"
          "AllowIsolate=yes\n" },
        { "local-fs-pre.target", NULL,
          "[Unit]\nDescription=Preparation for Local File Systems\n" SPECIAL_DOC "RefuseManualStart=yes\n" },
        { "local-fs.target", NULL,
          "[Unit]\nDescription=Local File Systems\n" SPECIAL_DOC
          "DefaultDependencies=no\nConflicts=shutdown.target\nAfter=local-fs-pre.target\n" },
        { "multi-user.target", NULL,
          "[Unit]\nDescription=Multi-User System\n" SPECIAL_DOC
          "Requires=basic.target\n"
          "Conflicts=rescue.target\n"
          "After=basic.target rescue.target\n"
          "AllowIsolate=yes\n" },
        { "network-online.target", NULL, "[Unit]\nDescription=Network is Online\n" SPECIAL_DOC "After=network.target\n" },
        { "network-pre.target", NULL, "[Unit]\nDescription=Preparation for Network\n" SPECIAL_DOC "RefuseManualStart=yes\n" },
        { "network.target", NULL,
          "[Unit]\nDescription=Network\n" SPECIAL_DOC "After=network-pre.target\nRefuseManualStart=yes\n" },
        { "nss-lookup.target", NULL,
          "[Unit]\nDescription=Host and Network Name Lookups\n" SPECIAL_DOC "RefuseManualStart=yes\n" },
        { "nss-user-lookup.target", NULL,
          "[Unit]\nDescription=User and Group Name Lookups\n" SPECIAL_DOC "RefuseManualStart=yes\n" },
        { "paths.target", NULL, "[Unit]\nDescription=Path Units\n" SPECIAL_DOC },
        { "poweroff.target", NULL,
          "[Unit]\nDescription=System Power Off\n" SPECIAL_DOC
          "DefaultDependencies=no\n"
          "Requires=shutdown.target umount.target final.target\n"
          "After=shutdown.target umount.target final.target\n"
          "AllowIsolate=yes\n" },
        { "reboot.target", NULL,
          "[Unit]\nDescription=System Reboot\n" SPECIAL_DOC
          "DefaultDependencies=no\n"
          "Requires=shutdown.target umount.target final.target\n"
          "After=shutdown.target umount.target final.target\n"
          "AllowIsolate=yes\n" },
        { "remote-fs-pre.target", NULL,
          "[Unit]\nDescription=Preparation for Remote File Systems\n" SPECIAL_DOC "RefuseManualStart=yes\n" },
        { "remote-fs.target", NULL,
          "[Unit]\nDescription=Remote File Systems\n" SPECIAL_DOC
          "After=remote-fs-pre.target\nDefaultDependencies=no\nConflicts=shutdown.target\n" },
        { "rescue.target", NULL,
          "[Unit]\nDescription=Rescue Mode\n" SPECIAL_DOC
          "Requires=sysinit.target\nAfter=sysinit.target\nAllowIsolate=yes\n" },
        { "shutdown.target", NULL,
          "[Unit]\nDescription=System Shutdown\n" SPECIAL_DOC "DefaultDependencies=no\nRefuseManualStart=yes\n" },
        { "slices.target", NULL, "[Unit]\nDescription=Slice Units\n" SPECIAL_DOC },
        { "sockets.target", NULL, "[Unit]\nDescription=Socket Units\n" SPECIAL_DOC },
        { "swap.target", NULL, "[Unit]\nDescription=Swaps\n" SPECIAL_DOC },
        /* systemd 252's sysinit.target keeps its default dependencies (Conflicts= and
         * Before= on shutdown.target), so a shutdown stops it as it stops the rest. */
        { "sysinit.target", NULL,
          "[Unit]\nDescription=System Initialization\n" SPECIAL_DOC
          "Wants=local-fs.target swap.target\n"
          "After=local-fs.target swap.target\n"
          "Conflicts=emergency.target\n"
          "Before=emergency.target\n" },
        { "time-set.target", NULL, "[Unit]\nDescription=System Time Set\n" SPECIAL_DOC "RefuseManualStart=yes\n" },
        { "time-sync.target", NULL,
          "[Unit]\nDescription=System Time Synchronized\n" SPECIAL_DOC
          "RefuseManualStart=yes\nAfter=time-set.target\nWants=time-set.target\n" },
        { "timers.target", NULL,
          "[Unit]\nDescription=Timer Units\n" SPECIAL_DOC "DefaultDependencies=no\nConflicts=shutdown.target\n" },
        { "umount.target", NULL,
          "[Unit]\nDescription=Unmount All Filesystems\n" SPECIAL_DOC "DefaultDependencies=no\nRefuseManualStart=yes\n" },
};

static int special_compare(const void *a, const void *b) {
        return strcmp(((const struct special_unit *) a)->id, ((const struct special_unit *) b)->id);
}

const struct special_unit *special_units_lookup(const char *name) {
        const struct special_unit needle = { .id = name };

        if (!name)
                return NULL;
        return bsearch(&needle, specials, ELEMENTSOF(specials), sizeof specials[0], special_compare);
}

const char *special_units_text(const char *name) {
        const struct special_unit *s = special_units_lookup(name);

        if (s && s->alias_of)
                s = special_units_lookup(s->alias_of);
        return s ? s->text : NULL;
}

/* The policy. systemd's vendor directories hold systemd's own definitions of the special
 * targets, and their .wants/ and .requires/ directories link systemd's own boot into
 * them: on Debian, /lib/systemd/system/sysinit.target.wants/ has a dozen
 * systemd-*.service (udev, journald, tmpfiles, fsck...), multi-user.target.wants/ has
 * systemd-logind.service, and default.target links to graphical.target. Booting those
 * would make svcd start systemd. So for a special target svcd does not look in these
 * directories at all: its built-in definition stands in for the file there, and what is
 * linked below it there is not pulled in. What an administrator or a package's
 * maintainer scripts put in /etc (/etc/systemd/system/multi-user.target.wants/foo.service
 * from `systemctl enable` or deb-systemd-helper; a default.target link from
 * `set-default`) or /run, or in svcd's own directories, is honoured as for any unit:
 * that is how installed services boot. Drop-ins of a special target are read from every
 * directory, as for any unit; systemd ships none for these targets. */
static const char *const default_vendor_dirs[] = {
        "/lib/systemd/system",
        "/usr/lib/systemd/system",
        "/lib/systemd/user",
        "/usr/lib/systemd/user",
        NULL,
};
static char *const *vendor_dirs = (char *const *) default_vendor_dirs;

void special_units_set_vendor_dirs(char *const *dirs) {
        vendor_dirs = dirs ? dirs : (char *const *) default_vendor_dirs;
}

/* a and b name the same directory, give or take trailing slashes. */
static bool same_dir(const char *a, const char *b) {
        size_t n = strlen(a), m = strlen(b);

        while (n > 1 && a[n - 1] == '/')
                n--;
        while (m > 1 && b[m - 1] == '/')
                m--;
        return n == m && strneq(a, b, n);
}

bool special_units_is_vendor_dir(const char *dir) {
        STRV_FOREACH(v, vendor_dirs)
                if (same_dir(*v, dir))
                        return true;
        return false;
}

int special_units_search_path(char *const *search_path, const char *name, const char *kind, char ***ret) {
        _cleanup_strv_free_ char **l = calloc(1, sizeof(char *));
        bool special = special_units_lookup(name) != NULL;

        if (!l)
                return -ENOMEM;
        STRV_FOREACH(dir, search_path) {
                if (!special || !special_units_is_vendor_dir(*dir)) {
                        if (strv_extend(&l, *dir) < 0)
                                return -ENOMEM;
                        continue;
                }
                if (log_get_max_level() >= LOG_DEBUG) {
                        _cleanup_free_ char *p = NULL;
                        struct stat st;

                        if (asprintf(&p, "%s/%s%s%s", *dir, name, kind ? "." : "", kind ?: "") < 0)
                                return -ENOMEM;
                        if (lstat(p, &st) < 0)
                                continue;
                        if (kind)
                                log_debug("%s/: systemd's own .%s/ directory of %s, not read (it links systemd's "
                                          "own boot into the target).", p, kind, name);
                        else
                                log_debug("%s: systemd's own definition of %s, not used (svcd's built-in one is, "
                                          "unless a directory outside systemd's vendor directories has one).",
                                          p, name);
                }
        }
        *ret = TAKE_PTR(l);
        return 0;
}

/* systemd.service(5) and systemd.target(5) "Default Dependencies", and systemd's
 * service_add_default_dependencies(): in the --user instance "there's no
 * sysinit.target", so a user service requires basic.target instead. */
static const struct {
        enum unit_type type;
        bool system, user; /* in which mode the rule applies */
        enum unit_dependency dependency;
        const char *name;
} default_rules[] = {
        { UNIT_SERVICE, true, false, UNIT_REQUIRES, SPECIAL_SYSINIT_TARGET },
        { UNIT_SERVICE, true, false, UNIT_AFTER, SPECIAL_SYSINIT_TARGET },
        { UNIT_SERVICE, false, true, UNIT_REQUIRES, SPECIAL_BASIC_TARGET },
        { UNIT_SERVICE, true, true, UNIT_AFTER, SPECIAL_BASIC_TARGET },
        { UNIT_SERVICE, true, true, UNIT_CONFLICTS, SPECIAL_SHUTDOWN_TARGET },
        { UNIT_SERVICE, true, true, UNIT_BEFORE, SPECIAL_SHUTDOWN_TARGET },
        { UNIT_TARGET, true, true, UNIT_CONFLICTS, SPECIAL_SHUTDOWN_TARGET },
        { UNIT_TARGET, true, true, UNIT_BEFORE, SPECIAL_SHUTDOWN_TARGET },
};

int special_units_add_default_dependencies(struct unit *u, bool user) {
        if (!u->default_dependencies)
                return 0;
        for (size_t i = 0; i < ELEMENTSOF(default_rules); i++) {
                if (default_rules[i].type != u->type || !(user ? default_rules[i].user : default_rules[i].system))
                        continue;
                /* unit_add_dependency() skips a name already there and the unit's own names. */
                if (unit_add_dependency(u, default_rules[i].dependency, default_rules[i].name, UNIT_ORIGIN_DEFAULT) < 0)
                        return -ENOMEM;
        }
        return 0;
}

/* systemd's packaging also enables its own daemons into special targets from /etc
 * (systemd-timesyncd.service, systemd-pstore.service, systemd-networkd.service in
 * /etc/systemd/system/sysinit.target.wants/ on Debian): daemons that need systemd as PID 1
 * and its bus. A unit linked into a special target's .wants/ or .requires/ whose name
 * begins with "systemd-" is left out, wherever the link is; one named in a unit's own
 * Wants= or Requires= still counts (its author asked for it). */
bool special_units_skips_link(const char *owner, const char *name) {
        if (!special_units_lookup(owner) || strncmp(name, "systemd-", strlen("systemd-")) != 0)
                return false;
        log_debug("%s: linked into %s by systemd's packaging; svcd does not run systemd's own daemons, skipping.",
                  name, owner);
        return true;
}
