/* unit-path.c: the unit search path, finding a unit file on it (masks, aliases), and reading .wants/ and .requires/ directories. */
#include <dirent.h>
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "units/unit-name.h"
#include "units/unit-path.h"

int unit_path_parse(const char *s, char ***ret) {
        _cleanup_strv_free_ char **l = calloc(1, sizeof(char *));
        const char *p = s;

        if (!l)
                return -ENOMEM;
        while (p && *p) {
                size_t n = strcspn(p, ":");
                if (n > 0) {
                        char *dir = strndup(p, n);
                        if (strv_consume(&l, dir) < 0)
                                return -ENOMEM;
                }
                p += n;
                if (*p == ':')
                        p++;
        }
        *ret = TAKE_PTR(l);
        return 0;
}

static const char *home_dir(void) {
        const char *h = getenv("HOME");
        struct passwd *pw;

        if (h && path_is_absolute(h))
                return h;
        pw = getpwuid(getuid());
        return pw && path_is_absolute(pw->pw_dir) ? pw->pw_dir : NULL;
}

/* Appends base + suffix if base is an absolute path (the XDG Base Directory
 * specification ignores relative values). */
static int add_dir(char ***l, const char *base, const char *suffix) {
        char *s;

        if (!base || !path_is_absolute(base))
                return 0;
        if (asprintf(&s, "%s%s", base, suffix) < 0)
                return -ENOMEM;
        return strv_consume(l, s);
}

/* User mode, in order of precedence: svcd's own directories, then systemd's user unit
 * directories (systemd.unit(5) "User Unit Search Path") so that packaged user units work. */
static int user_default(char ***ret) {
        _cleanup_strv_free_ char **l = calloc(1, sizeof(char *));
        const char *config = getenv("XDG_CONFIG_HOME"), *home = home_dir();
        int r = 0;

        if (!l)
                return -ENOMEM;
        if (config && path_is_absolute(config))
                r = add_dir(&l, config, "/svcd/units");
        else
                r = add_dir(&l, home, "/.config/svcd/units");
        if (r >= 0)
                r = add_dir(&l, getenv("XDG_RUNTIME_DIR"), "/svcd/units");
        if (r >= 0) {
                if (config && path_is_absolute(config))
                        r = add_dir(&l, config, "/systemd/user");
                else
                        r = add_dir(&l, home, "/.config/systemd/user");
        }
        if (r >= 0)
                r = add_dir(&l, "/etc/systemd/user", "");
        if (r >= 0)
                r = add_dir(&l, "/usr/lib/systemd/user", "");
        if (r < 0)
                return r;
        *ret = TAKE_PTR(l);
        return 0;
}

int unit_path_default(bool user, char ***ret) {
        const char *env = getenv("SVCD_UNIT_PATH");

        /* DESIGN.md "Interface contract": SVCD_UNIT_PATH replaces the default path. */
        if (env && *env)
                return unit_path_parse(env, ret);
        if (user)
                return user_default(ret);
        return unit_path_parse(SVCD_SYSTEM_UNIT_PATH, ret);
}

/* systemd.unit(5): a unit file linked to /dev/null is masked: it cannot be started. */
static bool is_dev_null(const struct stat *st) {
        return S_ISCHR(st->st_mode) && st->st_rdev == makedev(1, 3);
}

/* The entry dir/name, stat()ed through symlinks. Returns 1 if it is a unit file (or
 * masked: -ERFKILL), 0 if this directory does not have it (absent, dangling link, symlink
 * loop: warned about), -errno on other errors. */
static int stat_entry(const char *p, struct stat *st) {
        if (stat(p, st) < 0) {
                /* Not here (or a dangling link): the next directory may have it. */
                if (errno == ENOENT || errno == ENOTDIR)
                        return 0;
                if (errno == ELOOP) {
                        log_warning("%s: Too many levels of symbolic links (a symlink loop?), ignoring.", p);
                        return 0;
                }
                return -errno;
        }
        /* systemd.unit(5): "If a unit file is empty (i.e. has the file size 0) or is
         * symlinked to /dev/null, its load state is set to "masked"". */
        if (is_dev_null(st) || (S_ISREG(st->st_mode) && st->st_size == 0))
                return -ERFKILL;
        return S_ISREG(st->st_mode) ? 1 : 0;
}

int unit_path_find(char *const *search_path, const char *name, char **ret_path) {
        if (!unit_name_is_valid(name))
                return -EINVAL;

        STRV_FOREACH(dir, search_path) {
                _cleanup_free_ char *p = NULL;
                struct stat st;
                int r;

                if (asprintf(&p, "%s/%s", *dir, name) < 0)
                        return -ENOMEM;
                r = stat_entry(p, &st);
                if (r < 0)
                        return r;
                if (r == 0)
                        continue;
                *ret_path = TAKE_PTR(p);
                return 0;
        }
        return -ENOENT;
}

/* The name a symlinked unit file stands for (systemd.unit(5) on aliases): the link's own
 * name if the target has the same name or is the template of this instance, the target's
 * name for a valid alias, and the link's name (with a warning) for a target whose name
 * cannot be an alias of it. */
static int link_id(const char *link, const char *name, const char *target_name, char **ret) {
        const char *dot_a = strrchr(name, '.'), *dot_b = strrchr(target_name, '.');

        if (streq(name, target_name) || !unit_name_is_valid(target_name) || !streq(dot_a, dot_b)) {
                if (!streq(name, target_name))
                        log_debug("%s: Linked to a file named %s; loading it as %s.", link, target_name, name);
                *ret = strdup(name);
                return *ret ? 0 : -ENOMEM;
        }
        /* "getty@tty1.service" -> ".../getty@.service" is how instances are enabled; a link
         * to another template ("alias@inst" -> "template@.service") aliases this instance. */
        if (unit_name_is_instance(name) && unit_name_is_template(target_name)) {
                _cleanup_free_ char *inst = NULL;
                int r = unit_name_instance_of(name, &inst);
                return r < 0 ? r : unit_name_replace_instance(target_name, inst, ret);
        }
        if (unit_name_is_instance(name) != unit_name_is_instance(target_name) ||
            unit_name_is_template(name) != unit_name_is_template(target_name)) {
                log_warning("%s: Symlink to %s is not a valid alias (templates, instances and plain units "
                            "alias only their own kind), loading it as %s.",
                            link, target_name, name);
                *ret = strdup(name);
                return *ret ? 0 : -ENOMEM;
        }
        *ret = strdup(target_name);
        return *ret ? 0 : -ENOMEM;
}

int unit_path_lookup(char *const *search_path, const char *name, char **ret_path, char **ret_id) {
        if (!unit_name_is_valid(name))
                return -EINVAL;

        STRV_FOREACH(dir, search_path) {
                _cleanup_free_ char *p = NULL, *real = NULL, *id = NULL;
                struct stat st;
                int r;

                if (asprintf(&p, "%s/%s", *dir, name) < 0)
                        return -ENOMEM;
                r = stat_entry(p, &st);
                if (r < 0)
                        return r;
                if (r == 0)
                        continue;
                if (lstat(p, &st) == 0 && S_ISLNK(st.st_mode)) {
                        real = realpath(p, NULL);
                        if (!real)
                                return errno == ENOMEM ? -ENOMEM : -errno;
                        r = link_id(p, name, path_basename(real), &id);
                        if (r < 0)
                                return r;
                        *ret_path = TAKE_PTR(real);
                } else {
                        id = strdup(name);
                        if (!id)
                                return -ENOMEM;
                        *ret_path = TAKE_PTR(p);
                }
                *ret_id = TAKE_PTR(id);
                return 0;
        }
        return -ENOENT;
}

static int compare_strings(const void *a, const void *b) {
        return strcmp(*(char *const *) a, *(char *const *) b);
}

/* A template ("foo@.service") in a .wants/ directory names no unit that could run. */
static bool name_is_template(const char *name) {
        const char *at = strchr(name, '@');
        return at && at[1] == '.';
}

/* Adds the valid names linked in dir/<target>.<kind>/ that are not in *names yet, each
 * with that directory (trailing slash) in *dirs. */
static int list_one_deps_dir(const char *dir, const char *target, const char *kind, char ***names, char ***dirs) {
        _cleanup_free_ char *wants = NULL;
        DIR *d;
        struct dirent *de;
        int r = 0;

        if (asprintf(&wants, "%s/%s.%s/", dir, target, kind) < 0)
                return -ENOMEM;
        d = opendir(wants);
        if (!d) {
                if (errno != ENOENT && errno != ENOTDIR)
                        log_warning_errno(-errno, "Cannot read %s, ignoring: %m", wants);
                return 0;
        }
        while ((de = readdir(d))) {
                if (de->d_name[0] == '.')
                        continue;
                if (!unit_name_is_valid(de->d_name)) {
                        log_warning("%s%s: Not a valid unit name, ignoring.", wants, de->d_name);
                        continue;
                }
                if (name_is_template(de->d_name)) {
                        log_warning("%s%s: A template needs an instance name to be a dependency, ignoring.",
                                    wants, de->d_name);
                        continue;
                }
                if (strv_contains(*names, de->d_name))
                        continue;
                r = strv_extend(names, de->d_name);
                if (r < 0)
                        break;
                r = strv_extend(dirs, wants);
                if (r < 0)
                        break;
        }
        closedir(d);
        return r;
}

int unit_path_list_deps_origins(char *const *search_path, const char *unit, const char *kind, char ***ret_names,
                                char ***ret_dirs) {
        _cleanup_strv_free_ char **names = calloc(1, sizeof(char *)), **dirs = calloc(1, sizeof(char *));
        _cleanup_strv_free_ char **sorted = NULL, **sorted_dirs = calloc(1, sizeof(char *));
        int r;

        if (!names || !dirs || !sorted_dirs)
                return -ENOMEM;
        if (!unit_name_is_valid(unit) || (!streq(kind, "wants") && !streq(kind, "requires")))
                return -EINVAL;
        STRV_FOREACH(dir, search_path) {
                r = list_one_deps_dir(*dir, unit, kind, &names, &dirs);
                if (r < 0)
                        return r;
        }
        /* Sorted by name; each name keeps the directory it was first found in. A .wants/
         * directory holds a few dozen links at most: the quadratic pairing is fine. */
        sorted = strv_copy(names);
        if (!sorted)
                return -ENOMEM;
        qsort(sorted, strv_length(sorted), sizeof(char *), compare_strings);
        STRV_FOREACH(n, sorted)
                for (size_t i = 0; names[i]; i++)
                        if (streq(names[i], *n)) {
                                if (strv_extend(&sorted_dirs, dirs[i]) < 0)
                                        return -ENOMEM;
                                break;
                        }
        *ret_names = TAKE_PTR(sorted);
        if (ret_dirs)
                *ret_dirs = TAKE_PTR(sorted_dirs);
        return 0;
}

int unit_path_list_deps(char *const *search_path, const char *unit, const char *kind, char ***ret_names) {
        return unit_path_list_deps_origins(search_path, unit, kind, ret_names, NULL);
}

int unit_path_list_wants(char *const *search_path, const char *target, char ***ret_names) {
        return unit_path_list_deps(search_path, target, "wants", ret_names);
}
