/* install-default.c: get-default and set-default: the default.target link in the config directory, and which target it makes svcd boot.
 *
 * set-default is systemctl's (systemd's unit_file_set_default()): default.target in the
 * config directory becomes a link to the target's file as found on the search path,
 * replacing what was there. get-default answers what svcd will boot, which is what its
 * loader makes of default.target (units/unit-load.c, units/special-units.c): the first
 * default.target outside systemd's vendor directories that exists (a dangling link counts
 * only when it names a special target svcd has built in), under the name of the file it
 * leads to; without one, svcd's built-in
 * default.target, an alias of multi-user.target. systemctl differs in two places: it
 * reads systemd's vendor directories too (where Debian's default.target leads to
 * graphical.target, which svcd does not follow), and it fails where svcd has its
 * built-in. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/install-internal.h"
#include "libsvc/strv.h"
#include "units/special-units.h"
#include "units/unit-name.h"
#include "units/unit.h"

int install_get_default(const struct install_paths *p, char **ret) {
        const struct special_unit *builtin;

        for (size_t i = 0; p->search_path[i]; i++) {
                _cleanup_free_ char *path = NULL, *resolved = NULL;
                const char *name;
                int r;

                /* svcd's policy for special targets: systemd's own copies are not used. */
                if (special_units_is_vendor_dir(install_skip_root(p, p->search_path[i])))
                        continue;
                if (asprintf(&path, "%s/" SPECIAL_DEFAULT_TARGET, p->search_path[i]) < 0)
                        return -ENOMEM;
                r = install_null_or_empty(p, path);
                if (r > 0)
                        return -ERFKILL;
                if (r == -ENOENT || r == -ENOTDIR) {
                        /* A link to a special target that only svcd's built-in defines
                         * (set-default rescue.target) dangles and still names it, as the
                         * loader reads it; otherwise the next directory may have one. */
                        char target[PATH_MAX];
                        ssize_t n = readlink(path, target, sizeof target - 1);
                        if (n > 0) {
                                target[n] = 0;
                                name = path_basename(target);
                                if (special_units_lookup(name) && !streq(name, SPECIAL_DEFAULT_TARGET) &&
                                    unit_type_from_name(name) == UNIT_TARGET) {
                                        *ret = strdup(name);
                                        return *ret ? 0 : -ENOMEM;
                                }
                        }
                        continue;
                }
                if (r < 0)
                        return r;
                r = install_chase(p, path, &resolved);
                if (r < 0)
                        return r;
                if (r == 0)
                        continue;
                /* As the loader names a linked file (unit-path.c's link_id()): the file's name
                 * if it can be an alias of default.target, else default.target. */
                name = path_basename(resolved);
                if (!unit_name_is_valid(name) || unit_type_from_name(name) != UNIT_TARGET ||
                    unit_name_is_template(name) || unit_name_is_instance(name))
                        name = SPECIAL_DEFAULT_TARGET;
                *ret = strdup(name);
                return *ret ? 0 : -ENOMEM;
        }
        builtin = special_units_lookup(SPECIAL_DEFAULT_TARGET);
        *ret = strdup(builtin && builtin->alias_of ? builtin->alias_of : SPECIAL_MULTI_USER_TARGET);
        return *ret ? 0 : -ENOMEM;
}

int install_set_default(const struct install_paths *p, const char *name, struct install_changes *c) {
        _cleanup_(install_context_done) struct install_context ctx = {};
        _cleanup_free_ char *link = NULL;
        struct install_info *info = NULL;
        const char *target;
        int r;

        if (!unit_name_is_valid(name) || unit_type_from_name(name) != UNIT_TARGET ||
            streq(name, SPECIAL_DEFAULT_TARGET))
                return -EINVAL;
        r = install_info_discover(&ctx, p, name, 0, &info, NULL);
        if (r == -ENOENT && special_units_lookup(name)) {
                /* svcd's built-in target has no file to link to: the link names the unit, as
                 * a relative link in the config directory would. */
                target = name;
        } else if (r < 0)
                return install_changes_add(c, r, name, NULL);
        else if (info->mode == INSTALL_MODE_MASKED)
                return install_changes_add(c, -ERFKILL, info->path, NULL);
        else
                target = info->path;
        if (asprintf(&link, "%s/" SPECIAL_DEFAULT_TARGET, p->config_dir) < 0)
                return -ENOMEM;
        r = install_create_symlink(p, target, link, true, c);
        return r < 0 ? r : 0;
}
