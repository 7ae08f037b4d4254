/* install.c: the search path inside a root, finding a unit file by name through aliases and links, and reading its [Install] section.
 *
 * The order of lookups follows systemd's src/shared/install.c (unit_file_search(),
 * install_info_traverse()), so that `svcctl enable` and `systemctl enable` make the same
 * links from the same files. The [Install] section is read by svcd's own loader (units/):
 * the same parser, specifiers and drop-ins as everything else. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "cli/install-internal.h"
#include "libsvc/fd-util.h"
#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "units/dropin.h"
#include "units/unit-name.h"
#include "units/unit.h"

/* systemd's UNIT_FILE_FOLLOW_SYMLINK_MAX and chase()'s limit. */
#define INSTALL_FOLLOW_MAX 64

/* --- paths inside the root ------------------------------------------------------------ */

const char *install_skip_root(const struct install_paths *p, const char *path) {
        const char *rest;

        if (!*p->root)
                return path;
        rest = startswith(path, p->root);
        if (!rest || (*rest && *rest != '/'))
                return path;
        return *rest ? rest : "/";
}

int install_readlink(const char *path, char **ret) {
        for (size_t size = 256; size <= 65536; size *= 2) {
                char *buf = malloc(size);
                ssize_t n;

                if (!buf)
                        return -ENOMEM;
                n = readlink(path, buf, size);
                if (n < 0) {
                        int e = errno;
                        free(buf);
                        return -e;
                }
                if ((size_t) n < size) {
                        buf[n] = 0;
                        *ret = buf;
                        return 0;
                }
                free(buf);
        }
        return -ENAMETOOLONG;
}

/* Drops the last component of the root-relative path s ("/a/b" -> "/a", "/a" -> ""). */
static void drop_last_component(char *s) {
        char *slash = strrchr(s, '/');
        if (slash)
                *slash = 0;
}

int install_chase(const struct install_paths *p, const char *path, char **ret) {
        _cleanup_free_ char *todo = strdup(install_skip_root(p, path));
        _cleanup_free_ char *done = strdup(""); /* resolved so far, root-relative: "" or "/a/b" */
        unsigned links = 0;
        bool exists = true;
        const char *t;

        if (!todo || !done)
                return -ENOMEM;
        for (t = todo;;) {
                _cleanup_free_ char *candidate = NULL, *full = NULL, *target = NULL, *rest = NULL;
                struct stat st;
                size_t n;

                t += strspn(t, "/");
                if (!*t)
                        break;
                n = strcspn(t, "/");
                if (n == 1 && t[0] == '.') {
                        t += n;
                        continue;
                }
                if (n == 2 && t[0] == '.' && t[1] == '.') {
                        drop_last_component(done); /* never above the root */
                        t += n;
                        continue;
                }
                if (asprintf(&candidate, "%s/%.*s", done, (int) n, t) < 0)
                        return -ENOMEM;
                t += n;
                if (!exists) {
                        free(done);
                        done = TAKE_PTR(candidate);
                        continue;
                }
                if (asprintf(&full, "%s%s", p->root, candidate) < 0)
                        return -ENOMEM;
                if (lstat(full, &st) < 0) {
                        if (errno != ENOENT && errno != ENOTDIR)
                                return -errno;
                        exists = false;
                        free(done);
                        done = TAKE_PTR(candidate);
                        continue;
                }
                if (!S_ISLNK(st.st_mode)) {
                        free(done);
                        done = TAKE_PTR(candidate);
                        continue;
                }
                if (++links > INSTALL_FOLLOW_MAX)
                        return -ELOOP;
                int r = install_readlink(full, &target);
                if (r < 0)
                        return r;
                /* The link's target replaces its component; an absolute one starts at the root. */
                if (asprintf(&rest, "%s/%s", target, t) < 0)
                        return -ENOMEM;
                if (target[0] == '/')
                        done[0] = 0;
                free(todo);
                todo = TAKE_PTR(rest);
                t = todo;
        }
        if (asprintf(ret, "%s%s", p->root, *done ? done : "/") < 0)
                return -ENOMEM;
        return exists;
}

static bool path_equal(const char *a, const char *b) {
        return streq(a, b);
}

int install_search_dir_of(const struct install_paths *p, const char *path) {
        const char *slash = strrchr(path, '/');
        size_t n = slash ? (size_t) (slash - path) : 0;

        for (size_t i = 0; p->search_path[i]; i++)
                if ((strlen(p->search_path[i]) == n && strneq(p->search_path[i], path, n)) ||
                    (strlen(p->resolved[i]) == n && strneq(p->resolved[i], path, n)))
                        return (int) i;
        return -1;
}

bool install_under_search_path(const struct install_paths *p, const char *path) {
        for (size_t i = 0; p->search_path[i]; i++) {
                const char *dirs[] = { p->search_path[i], p->resolved[i] };
                for (size_t k = 0; k < ELEMENTSOF(dirs); k++) {
                        const char *rest = startswith(path, dirs[k]);
                        if (rest && *rest == '/')
                                return true;
                }
        }
        return false;
}

static bool stat_is_null_or_empty(const struct stat *st) {
        return (S_ISCHR(st->st_mode) && st->st_rdev == makedev(1, 3)) || (S_ISREG(st->st_mode) && st->st_size == 0);
}

int install_null_or_empty(const struct install_paths *p, const char *path) {
        _cleanup_free_ char *target = NULL;
        struct stat st;
        int r;

        if (lstat(path, &st) < 0)
                return -errno;
        if (!S_ISLNK(st.st_mode))
                return stat_is_null_or_empty(&st);
        /* Inside a root /dev is not expected to be populated: a link to /dev/null is a mask
         * whatever /dev holds there (systemd's null_or_empty_path_with_root()). */
        r = install_chase(p, path, &target);
        if (r < 0)
                return r;
        if (path_equal(install_skip_root(p, target), "/dev/null"))
                return 1;
        if (r == 0)
                return -ENOENT;
        if (stat(target, &st) < 0)
                return -errno;
        return stat_is_null_or_empty(&st);
}

/* Where a directory of the search path stands; see enum install_dir_kind. */
static enum install_dir_kind classify_dir(const char *root, size_t index, const char *dir) {
        const char *env;

        if (index == 0)
                return INSTALL_DIR_CONFIG;
        if (startswith(dir, "/run/") || streq(dir, "/run"))
                return INSTALL_DIR_RUNTIME;
        if (startswith(dir, "/etc/"))
                return INSTALL_DIR_CONFIG;
        /* A user's own directories count only for the user's own tree, not inside a root. */
        if (!*root) {
                if ((env = getenv("XDG_RUNTIME_DIR")) && *env && startswith(dir, env))
                        return INSTALL_DIR_RUNTIME;
                if ((env = getenv("XDG_CONFIG_HOME")) && *env && startswith(dir, env))
                        return INSTALL_DIR_CONFIG;
                if ((env = getenv("HOME")) && *env) {
                        const char *rest = startswith(dir, env);
                        if (rest && startswith(rest, "/.config/"))
                                return INSTALL_DIR_CONFIG;
                }
        }
        return INSTALL_DIR_VENDOR;
}

int install_paths_init(struct install_paths *p, const char *root, char *const *search_path) {
        size_t n = strv_length(search_path);

        *p = (struct install_paths) {};
        if (n == 0)
                return -EINVAL;
        p->root = strdup(root ?: "");
        if (!p->root)
                goto oom;
        /* "/" is no root at all; "/img/" is "/img". */
        for (size_t k = strlen(p->root); k > 0 && p->root[k - 1] == '/'; k--)
                p->root[k - 1] = 0;
        p->kinds = calloc(n, sizeof *p->kinds);
        if (!p->kinds)
                goto oom;
        for (size_t i = 0; i < n; i++) {
                _cleanup_free_ char *resolved = NULL;
                const char *dir = search_path[i];

                if (strv_extendf(&p->search_path, "%s%s%s", p->root, dir[0] == '/' ? "" : "/", dir) < 0)
                        goto oom;
                p->kinds[i] = classify_dir(p->root, i, install_skip_root(p, p->search_path[i]));
                /* /lib -> usr/lib: links into the resolved directory are in the search path too. */
                if (install_chase(p, p->search_path[i], &resolved) < 0 &&
                    !(resolved = strdup(p->search_path[i])))
                        goto oom;
                if (strv_consume(&p->resolved, TAKE_PTR(resolved)) < 0)
                        goto oom;
        }
        p->config_dir = p->search_path[0];
        return 0;
oom:
        install_paths_done(p);
        return -ENOMEM;
}

void install_paths_done(struct install_paths *p) {
        free(p->root);
        strv_free(p->search_path);
        strv_free(p->resolved);
        free(p->kinds);
        *p = (struct install_paths) {};
}

/* --- the context ------------------------------------------------------------------------ */

static struct install_info *install_info_free(struct install_info *i) {
        if (!i)
                return NULL;
        free(i->name);
        free(i->path);
        free(i->symlink_target);
        strv_free(i->aliases);
        strv_free(i->wanted_by);
        strv_free(i->required_by);
        strv_free(i->also);
        free(i->default_instance);
        free(i);
        return NULL;
}

void install_context_done(struct install_context *ctx) {
        for (size_t i = 0; i < ctx->n; i++)
                install_info_free(ctx->infos[i]);
        free(ctx->infos);
        *ctx = (struct install_context) {};
}

static struct install_info *install_context_find(struct install_context *ctx, const char *name) {
        for (size_t i = 0; i < ctx->n; i++)
                if (streq(ctx->infos[i]->name, name))
                        return ctx->infos[i];
        return NULL;
}

int install_info_add(struct install_context *ctx, const char *name, const char *path, bool auxiliary,
                     struct install_info **ret) {
        struct install_info *i, **v;

        if (!name)
                name = path_basename(path);
        if (!unit_name_is_valid(name))
                return -EINVAL;
        i = install_context_find(ctx, name);
        if (i) {
                i->auxiliary = i->auxiliary && auxiliary;
                if (ret)
                        *ret = i;
                return 0;
        }
        v = reallocarray(ctx->infos, ctx->n + 1, sizeof *v);
        if (!v)
                return -ENOMEM;
        ctx->infos = v;
        i = calloc(1, sizeof *i);
        if (!i)
                return -ENOMEM;
        i->auxiliary = auxiliary;
        i->name = strdup(name);
        if (path)
                i->path = strdup(path);
        if (!i->name || (path && !i->path)) {
                install_info_free(i);
                return -ENOMEM;
        }
        ctx->infos[ctx->n++] = i;
        if (ret)
                *ret = i;
        return 1;
}

struct install_info *install_context_next(struct install_context *ctx) {
        for (size_t i = 0; i < ctx->n; i++)
                if (!ctx->infos[i]->processed) {
                        ctx->infos[i]->processed = true;
                        return ctx->infos[i];
                }
        return NULL;
}

bool install_info_has_rules(const struct install_info *i) {
        return strv_length(i->aliases) + strv_length(i->wanted_by) + strv_length(i->required_by) > 0;
}

/* --- reading [Install] ------------------------------------------------------------------ */

static int append_file(FILE *out, const char *path) {
        _cleanup_fclose_ FILE *f = NULL;
        char buf[8192];
        size_t n;
        int r = fopen_regular(path, &f);

        if (r < 0)
                return r;
        while ((n = fread(buf, 1, sizeof buf, f)) > 0)
                if (fwrite(buf, 1, n, out) != n)
                        return -ENOMEM;
        return ferror(f) ? -EIO : 0;
}

/* The name svcd's loader reads the file as. It loads services and targets only; a unit of
 * another type (.socket, .timer, ...) is read as a target of the same name, which has
 * [Unit] and [Install] and ignores the rest: only [Install] matters here. (%n would then
 * say ".target"; no unit file Debian ships uses it in [Install].) */
static int loader_id(const char *name, char **ret) {
        const char *dot = strrchr(name, '.');

        if (unit_type_from_name(name) >= 0)
                *ret = strdup(name);
        else if (asprintf(ret, "%.*s.target", (int) (dot - name), name) < 0)
                *ret = NULL;
        return *ret ? 0 : -ENOMEM;
}

/* Reads path's [Install] section and the drop-ins of info->name with svcd's loader; its
 * diagnostics about the rest of the file are not this command's business and are not shown.
 * The fragment and the drop-ins are handed to the loader as one stream, in the order
 * systemd applies them, so that "WantedBy=" in a drop-in resets the list as it should.
 * Returns the number of link rules, or -errno if the file cannot be read. */
static int install_info_load(struct install_context *ctx, const struct install_paths *p, struct install_info *info,
                             const char *path) {
        _cleanup_(unit_freep) struct unit *u = NULL;
        _cleanup_strv_free_ char **dropins = NULL;
        _cleanup_free_ char *buf = NULL, *id = NULL;
        _cleanup_fclose_ FILE *f = NULL;
        size_t size = 0;
        FILE *mem;
        int r, level;

        mem = open_memstream(&buf, &size);
        if (!mem)
                return -ENOMEM;
        r = append_file(mem, path);
        if (r >= 0 && dropin_find(p->search_path, info->name, NULL, &dropins) < 0)
                r = -ENOMEM;
        STRV_FOREACH(d, dropins) {
                if (r < 0)
                        break;
                fputc('\n', mem);
                (void) append_file(mem, *d); /* an unreadable drop-in is skipped, as by svcd */
        }
        if (fclose(mem) != 0 && r >= 0)
                r = -ENOMEM;
        if (r < 0)
                return r;
        f = fmemopen(buf, size, "r");
        if (!f)
                return -errno;
        r = loader_id(info->name, &id);
        if (r < 0)
                return r;
        level = log_get_max_level();
        log_set_max_level(-1);
        r = unit_load_stream(f, path, id, &u);
        log_set_max_level(level);
        if (r < 0)
                return r;

        info->aliases = TAKE_PTR(u->install_alias);
        info->wanted_by = TAKE_PTR(u->wanted_by);
        info->required_by = TAKE_PTR(u->required_by);
        info->also = TAKE_PTR(u->also);
        /* DefaultInstance= means something for a template only; enabling an instance from
         * the template's file ignores it (systemd's config_parse_default_instance()). */
        if (unit_name_is_template(info->name) && u->default_instance && *u->default_instance)
                info->default_instance = TAKE_PTR(u->default_instance);
        STRV_FOREACH(a, info->also) {
                r = install_info_add(ctx, *a, NULL, true, NULL);
                if (r == -ENOMEM)
                        return r;
        }
        return (int) (strv_length(info->aliases) + strv_length(info->wanted_by) + strv_length(info->required_by));
}

/* --- finding a unit --------------------------------------------------------------------- */

/* Looks at path: a unit file (read with INSTALL_SEARCH_LOAD), a mask, or a link to
 * follow later. -ENOENT and friends when it is not there. */
static int load_or_readlink(struct install_context *ctx, const struct install_paths *p, struct install_info *info,
                            const char *path, unsigned flags) {
        struct stat st;
        int r;

        if (lstat(path, &st) < 0)
                return -errno;
        if (S_ISLNK(st.st_mode)) {
                _cleanup_free_ char *target = NULL;

                r = install_chase(p, path, &target);
                if (r < 0)
                        return r;
                r = install_null_or_empty(p, path);
                if (r < 0 && r != -ENOENT)
                        return r;
                if (r > 0)
                        info->mode = INSTALL_MODE_MASKED;
                else if (install_search_dir_of(p, target) < 0)
                        info->mode = INSTALL_MODE_LINKED;
                else
                        info->mode = INSTALL_MODE_ALIAS;
                free(info->symlink_target);
                info->symlink_target = TAKE_PTR(target);
                return 0;
        }
        if (S_ISDIR(st.st_mode))
                return -EISDIR;
        if (stat_is_null_or_empty(&st)) {
                info->mode = INSTALL_MODE_MASKED;
                return 0;
        }
        if (!S_ISREG(st.st_mode))
                return -ENOTTY;
        if (!(flags & INSTALL_SEARCH_LOAD)) {
                info->mode = INSTALL_MODE_REGULAR;
                return 0;
        }
        r = install_info_load(ctx, p, info, path);
        if (r < 0)
                return r;
        info->mode = INSTALL_MODE_REGULAR;
        return r;
}

static bool is_absent(int r) {
        return r == -ENOENT || r == -ENOTDIR || r == -EACCES;
}

/* The first directory that has name (systemd.unit(5): earlier directories win). */
static int search_name(struct install_context *ctx, const struct install_paths *p, struct install_info *info,
                       const char *name, unsigned flags) {
        STRV_FOREACH(dir, p->search_path) {
                _cleanup_free_ char *path = NULL;
                int r;

                if (asprintf(&path, "%s/%s", *dir, name) < 0)
                        return -ENOMEM;
                r = load_or_readlink(ctx, p, info, path, flags);
                if (r >= 0) {
                        free(info->path);
                        info->path = TAKE_PTR(path);
                        return r;
                }
                if (!is_absent(r))
                        return r;
        }
        return -ENOENT;
}

int install_info_search(struct install_context *ctx, const struct install_paths *p, struct install_info *info,
                        unsigned flags) {
        _cleanup_free_ char *template = NULL;
        int r;

        if (info->mode != INSTALL_MODE_UNKNOWN)
                return 0;
        if (info->path)
                return load_or_readlink(ctx, p, info, info->path, flags);
        r = search_name(ctx, p, info, info->name, flags);
        if (r != -ENOENT || !unit_name_is_instance(info->name))
                return r;
        /* An instance without a file of its own is the template's (systemd.unit(5)). */
        if (unit_name_template_of(info->name, &template) < 0)
                return -ENOMEM;
        return search_name(ctx, p, info, template, flags);
}

/* Continues at info's link target, which has info's name (or, for a LINKED unit, any name). */
static int follow(struct install_context *ctx, const struct install_paths *p, struct install_info *info,
                  unsigned flags, bool ignore_different_name) {
        if (!ignore_different_name && !streq(path_basename(info->symlink_target), info->name))
                return -EXDEV;
        free(info->path);
        info->path = TAKE_PTR(info->symlink_target);
        info->mode = INSTALL_MODE_UNKNOWN;
        return load_or_readlink(ctx, p, info, info->path, flags);
}

int install_info_traverse(struct install_context *ctx, const struct install_paths *p, struct install_info *start,
                          unsigned flags, struct install_info **ret) {
        struct install_info *i = start;
        unsigned k = 0;
        int r;

        r = install_info_search(ctx, p, start, flags);
        if (r < 0)
                return r;
        while (i->mode == INSTALL_MODE_ALIAS || i->mode == INSTALL_MODE_LINKED) {
                if (++k > INSTALL_FOLLOW_MAX)
                        return -ELOOP;
                /* An alias an administrator made in a config directory is not enabled through
                 * (systemctl: "refusing to operate on linked unit file"); vendor aliases are. */
                if (!(flags & INSTALL_SEARCH_FOLLOW_CONFIG_SYMLINKS)) {
                        int d = install_search_dir_of(p, i->path);
                        if (d >= 0 && p->kinds[d] != INSTALL_DIR_VENDOR)
                                return -ELOOP;
                }
                r = follow(ctx, p, i, flags, i->mode == INSTALL_MODE_LINKED);
                if (r == -EXDEV && i->symlink_target) {
                        _cleanup_free_ char *buffer = NULL;
                        const char *target_name = path_basename(i->symlink_target);

                        /* The link names another unit: continue with that unit, found on the
                         * search path by name. An instance linked to a template keeps its
                         * instance ("alias@x" -> "real@.service" is "real@x.service"). */
                        if (unit_name_is_instance(i->name) && unit_name_is_template(target_name)) {
                                _cleanup_free_ char *instance = NULL;

                                if (unit_name_instance_of(i->name, &instance) < 0 ||
                                    unit_name_replace_instance(target_name, instance, &buffer) < 0)
                                        return -ENOMEM;
                                if (streq(buffer, i->name)) {
                                        r = follow(ctx, p, i, flags, true);
                                        if (r < 0)
                                                return r;
                                        continue;
                                }
                                target_name = buffer;
                        }
                        r = install_info_add(ctx, target_name, NULL, false, &i);
                        if (r < 0)
                                return r;
                        r = install_info_search(ctx, p, i, flags);
                        if (r == -ENOENT)
                                return -ENOLINK;
                }
                if (r < 0)
                        return r;
        }
        if (ret)
                *ret = i;
        return 0;
}

int install_info_discover(struct install_context *ctx, const struct install_paths *p, const char *name_or_path,
                          unsigned flags, struct install_info **ret, struct install_changes *c) {
        struct install_info *info;
        int r;

        if (path_is_absolute(name_or_path)) {
                _cleanup_free_ char *full = NULL;
                if (asprintf(&full, "%s%s", p->root, name_or_path) < 0)
                        return -ENOMEM;
                r = install_info_add(ctx, NULL, full, false, &info);
        } else
                r = install_info_add(ctx, name_or_path, NULL, false, &info);
        if (r >= 0)
                r = install_info_traverse(ctx, p, info, flags, ret);
        if (r < 0 && c)
                install_changes_add(c, r, name_or_path, NULL);
        return r;
}
