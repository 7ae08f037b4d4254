/* dropin.c: which drop-in files apply to a unit and in what order (systemd.unit(5)). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "units/dropin.h"
#include "units/unit-name.h"
#include "units/unit-path.h"

/* Adds "<dir>/<name>.d" for name, its template and its dash prefixes, most specific first,
 * as systemd.unit(5) orders them: "foo-bar-.service.d/10-x.conf overrides
 * foo-.service.d/10-x.conf". */
static int add_name_dirs(char ***dirs, const char *dir, const char *name) {
        _cleanup_free_ char *d = NULL, *prefix = NULL;
        const char *suffix;
        int r;

        if (asprintf(&d, "%s/%s.d", dir, name) < 0)
                return -ENOMEM;
        if (!strv_contains(*dirs, d)) {
                r = strv_consume(dirs, TAKE_PTR(d));
                if (r < 0)
                        return r;
        }
        if (unit_name_is_instance(name)) {
                _cleanup_free_ char *t = NULL;
                r = unit_name_template_of(name, &t);
                if (r < 0)
                        return r;
                r = add_name_dirs(dirs, dir, t);
                if (r < 0)
                        return r;
        }

        /* "foo-bar-baz.service" -> "foo-bar-.service" (which recurses to "foo-.service");
         * a name whose prefix starts with its only dash has no shorter prefix. */
        r = unit_name_prefix_of(name, &prefix);
        if (r < 0)
                return r;
        suffix = strrchr(name, '.');
        size_t len = strlen(prefix);
        if (len > 0 && prefix[len - 1] == '-')
                prefix[--len] = 0; /* "foo-" was already a truncation: look further left */
        char *dash = strrchr(prefix, '-');
        if (!dash || dash == prefix)
                return 0;
        _cleanup_free_ char *shorter = NULL;
        if (asprintf(&shorter, "%.*s-%s", (int) (dash - prefix), prefix, suffix) < 0)
                return -ENOMEM;
        return add_name_dirs(dirs, dir, shorter);
}

static bool is_dev_null(const struct stat *st) {
        return S_ISCHR(st->st_mode) && st->st_rdev == makedev(1, 3);
}

/* One found file: seen names in order of precedence, masked ones with path NULL. */
struct found {
        char *name;
        char *path;
};

static int compare_found(const void *a, const void *b) {
        return strcmp(((const struct found *) a)->name, ((const struct found *) b)->name);
}

static bool found_has(const struct found *f, size_t n, const char *name) {
        for (size_t i = 0; i < n; i++)
                if (streq(f[i].name, name))
                        return true;
        return false;
}

/* Whether dir ("<search dir>/<name>.d") may exist, by the search directory's listing
 * (unit_path_entry_may_exist()): most units have none of the directories dropin_find()
 * asks about, and each failed opendir() is a syscall. */
static bool dir_may_exist(const char *dir) {
        const char *slash = strrchr(dir, '/');
        _cleanup_free_ char *parent = NULL;

        if (!slash || slash == dir)
                return true;
        parent = strndup(dir, slash - dir);
        return !parent || unit_path_entry_may_exist(parent, slash + 1);
}

static int scan_dir(const char *dir, struct found **f, size_t *n) {
        DIR *d;
        struct dirent *de;
        int r = 0;

        if (!dir_may_exist(dir))
                return 0;
        d = opendir(dir);
        if (!d) {
                if (errno != ENOENT && errno != ENOTDIR)
                        log_warning_errno(-errno, "%s: Cannot read drop-in directory, ignoring: %m", dir);
                return 0;
        }
        while ((de = readdir(d))) {
                _cleanup_free_ char *path = NULL;
                struct stat st;

                if (de->d_name[0] == '.' || !endswith(de->d_name, ".conf"))
                        continue;
                if (found_has(*f, *n, de->d_name))
                        continue; /* a directory of higher precedence has this name */
                if (asprintf(&path, "%s/%s", dir, de->d_name) < 0) {
                        r = -ENOMEM;
                        break;
                }
                /* A link to /dev/null masks the name; anything that is not a regular file
                 * (or does not resolve) is still listed, so that loading it names the
                 * problem. */
                bool exists = stat(path, &st) == 0;
                if (exists && S_ISDIR(st.st_mode))
                        continue;
                bool masked = exists && is_dev_null(&st);
                struct found *a = realloc(*f, sizeof(**f) * (*n + 1));
                if (!a) {
                        r = -ENOMEM;
                        break;
                }
                *f = a;
                a[*n] = (struct found) { .name = strdup(de->d_name), .path = masked ? NULL : TAKE_PTR(path) };
                if (!a[*n].name) {
                        free(a[*n].path);
                        r = -ENOMEM;
                        break;
                }
                (*n)++;
        }
        closedir(d);
        return r;
}

int dropin_find(char *const *search_path, const char *id, char *const *aliases, char ***ret_paths) {
        _cleanup_strv_free_ char **dirs = NULL, **paths = calloc(1, sizeof(char *));
        struct found *f = NULL;
        size_t n = 0;
        const char *type;
        int r = 0;

        if (!paths)
                return -ENOMEM;
        STRV_FOREACH(dir, search_path) {
                r = add_name_dirs(&dirs, *dir, id);
                STRV_FOREACH(alias, aliases)
                        if (r >= 0)
                                r = add_name_dirs(&dirs, *dir, *alias);
                if (r < 0)
                        return r;
        }
        /* The type-wide "service.d/" has lower precedence than every name-specific one. */
        type = strrchr(id, '.');
        STRV_FOREACH(dir, search_path) {
                char *d;
                if (!type || asprintf(&d, "%s/%s.d", *dir, type + 1) < 0)
                        return -ENOMEM;
                r = strv_consume(&dirs, d);
                if (r < 0)
                        return r;
        }

        STRV_FOREACH(dir, dirs) {
                r = scan_dir(*dir, &f, &n);
                if (r < 0)
                        break;
        }
        if (r >= 0) {
                if (n > 0)
                        qsort(f, n, sizeof *f, compare_found);
                for (size_t i = 0; r >= 0 && i < n; i++)
                        if (f[i].path)
                                r = strv_extend(&paths, f[i].path);
        }
        for (size_t i = 0; i < n; i++) {
                free(f[i].name);
                free(f[i].path);
        }
        free(f);
        if (r < 0)
                return r;
        *ret_paths = TAKE_PTR(paths);
        return 0;
}
