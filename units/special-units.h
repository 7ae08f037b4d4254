/* special-units.h: the special targets svcd has built in (systemd.special(7)), the policy on systemd's own copies of them, and default dependencies.
 *
 * svcd boots from targets (default.target, multi-user.target, ...) even where no file
 * defines them: a container image has none, and a distribution's copies in systemd's
 * vendor directories describe systemd's own boot (udev, journald, fsck), which svcd must
 * not pull in. The built-in definitions are unit file text, loaded by unit_load() through
 * the same parser as files, so drop-ins and .wants/ directories apply to them as to any
 * unit. */
#pragma once

#include <stdbool.h>

#include "units/unit.h"

/* Names of systemd.special(7) that the loader itself refers to. */
#define SPECIAL_DEFAULT_TARGET "default.target"
#define SPECIAL_MULTI_USER_TARGET "multi-user.target"
#define SPECIAL_BASIC_TARGET "basic.target"
#define SPECIAL_SYSINIT_TARGET "sysinit.target"
#define SPECIAL_SHUTDOWN_TARGET "shutdown.target"

/* What a built-in unit is called where a file path would be: its setting_files[0],
 * the FILE of "FILE:LINE" in its diagnostics and dependency origins ("built-in
 * multi-user.target:5"). */
#define SPECIAL_UNITS_BUILTIN_PREFIX "built-in "

struct special_unit {
        const char *id;       /* "multi-user.target" */
        const char *alias_of; /* default.target: the unit it stands for when no file defines it */
        const char *text;     /* the unit file; NULL for an alias */
};

/* The built-in unit called name, or NULL if name is not one of svcd's special targets. */
const struct special_unit *special_units_lookup(const char *name);

/* The unit file text svcd uses for name when no file defines it (for `svcctl cat`), or
 * NULL. For default.target, multi-user.target's. */
const char *special_units_text(const char *name);

/* systemd's vendor unit directories, where its own definitions of the special targets
 * live: /lib/systemd/system, /usr/lib/systemd/system, /lib/systemd/user,
 * /usr/lib/systemd/user. Tests replace the list (dirs is borrowed, not copied, and must
 * stay valid while used; NULL restores the default). */
void special_units_set_vendor_dirs(char *const *dirs);
bool special_units_is_vendor_dir(const char *dir);

/* The directories name is looked up in, for its file (kind NULL) or for its .wants/ or
 * .requires/ directory (kind "wants", "requires"): search_path itself, except that for a
 * special target systemd's vendor directories are left out (the policy is explained in
 * special-units.c). A skipped directory that has what was looked for is logged at debug
 * level. *ret is a new list (empty, never NULL, if nothing is left). Returns 0 or
 * -ENOMEM. */
int special_units_search_path(char *const *search_path, const char *name, const char *kind, char ***ret);

/* systemd.unit(5) "Default Dependencies", for a unit whose DefaultDependencies= is yes
 * (else nothing), with UNIT_ORIGIN_DEFAULT as origin:
 *  - a service (systemd.service(5)): Requires= and After= on sysinit.target, After= on
 *    basic.target, Conflicts= and Before= on shutdown.target. In user mode
 *    (user, systemd's --user instance, which has no sysinit.target) Requires= and After=
 *    on basic.target instead of sysinit.target, as systemd's service.c does;
 *  - a target (systemd.target(5)): Conflicts= and Before= on shutdown.target. The
 *    After= a target gets on the units it Wants=/Requires= depends on those units' own
 *    DefaultDependencies=, so the daemon adds it, not the loader.
 * Never a dependency of the unit on itself, never a name twice. Returns 0 or -ENOMEM. */
int special_units_add_default_dependencies(struct unit *u, bool user);

/* Whether a link to name in a .wants/ or .requires/ directory of owner is left out: owner
 * is a special target and name one of systemd's own daemons (systemd-*). */
bool special_units_skips_link(const char *owner, const char *name);
