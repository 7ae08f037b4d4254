/* install-links.c: enable, disable, reenable, mask and unmask: the symlinks of [Install] made and removed in the config directory.
 *
 * As systemctl(1) and systemd's src/shared/install.c: WantedBy= and RequiredBy= become
 * "<target>.wants/<unit>" and "<target>.requires/<unit>" links to the unit file as found on
 * the search path, Alias= a link "<alias>" next to them, Also= does the same for more
 * units; a template is linked under its DefaultInstance= or the instance asked for. Disable
 * removes every link in the config directory that leads to the unit, by name or by path,
 * and the links to those links. Mask links the name to /dev/null. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/install-internal.h"
#include "libsvc/strv.h"
#include "units/special-units.h"
#include "units/unit-name.h"

/* mkdir -p of path's parent directories. */
static void mkdir_parents(const char *path) {
        _cleanup_free_ char *p = strdup(path);

        if (!p)
                return;
        for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
                *s = 0;
                (void) mkdir(p, 0755);
                *s = '/';
        }
}

/* Two link targets of link_path lead to the same unit: the same file, or files of the same
 * name both in the search path (systemd's chroot_unit_symlinks_equivalent()). */
static bool targets_equivalent(const struct install_paths *p, const char *link_path, const char *a, const char *b) {
        _cleanup_free_ char *dir = strdup(link_path), *fa = NULL, *fb = NULL, *ra = NULL, *rb = NULL;

        if (!dir)
                return false;
        *strrchr(dir, '/') = 0;
        if (asprintf(&fa, "%s/%s", a[0] == '/' ? p->root : dir, a[0] == '/' ? a + 1 : a) < 0 ||
            asprintf(&fb, "%s/%s", b[0] == '/' ? p->root : dir, b[0] == '/' ? b + 1 : b) < 0)
                return false;
        if (streq(fa, fb))
                return true;
        /* The same file by other paths ("/lib/..." and "/usr/lib/..."), resolved inside the root. */
        if (install_chase(p, fa, &ra) > 0 && install_chase(p, fb, &rb) > 0 && streq(ra, rb))
                return true;
        return streq(path_basename(fa), path_basename(fb)) && install_under_search_path(p, fa) &&
               install_under_search_path(p, fb);
}

static int atomic_symlink(const char *target, const char *link_path) {
        _cleanup_free_ char *tmp = NULL;

        if (asprintf(&tmp, "%s.svcctl-%d", link_path, (int) getpid()) < 0)
                return -ENOMEM;
        (void) unlink(tmp);
        if (symlink(target, tmp) < 0)
                return -errno;
        if (rename(tmp, link_path) < 0) {
                int e = errno;
                (void) unlink(tmp);
                return -e;
        }
        return 0;
}

/* The link holds old_path without the root: as it will be seen at boot. */
int install_create_symlink(const struct install_paths *p, const char *old_path, const char *link_path, bool force,
                           struct install_changes *c) {
        _cleanup_free_ char *dest = NULL;
        const char *target = install_skip_root(p, old_path);
        int r;

        mkdir_parents(link_path);
        if (symlink(target, link_path) >= 0) {
                r = install_changes_add(c, INSTALL_CHANGE_SYMLINK, link_path, target);
                return r < 0 ? r : 1;
        }
        if (errno != EEXIST)
                return install_changes_add(c, -errno, link_path, NULL);
        r = install_readlink(link_path, &dest);
        if (r < 0)
                return install_changes_add(c, r == -EINVAL ? -EEXIST : r, link_path, NULL);
        if (targets_equivalent(p, link_path, dest, target))
                return 1;
        if (!force)
                return install_changes_add(c, -EEXIST, link_path, dest);
        r = atomic_symlink(target, link_path);
        if (r < 0)
                return install_changes_add(c, r, link_path, NULL);
        r = install_changes_add(c, INSTALL_CHANGE_UNLINK, link_path, NULL);
        if (r >= 0)
                r = install_changes_add(c, INSTALL_CHANGE_SYMLINK, link_path, target);
        return r < 0 ? r : 1;
}

/* --- enable ----------------------------------------------------------------------------- */

/* Checks an Alias= name for unit info (systemd.unit(5): same type; a template aliases
 * templates, an instance instances; "Alias=other@.service" in a template enabled as
 * instance x means "other@x.service"). Returns 0 with *ret the name to link, 1 for the
 * unit's own name (nothing to do), or a recorded -EXDEV. */
static int verify_alias(const struct install_info *info, const char *alias, char **ret, struct install_changes *c) {
        _cleanup_free_ char *dst = NULL;
        const char *dot_a, *dot_b;

        if (strchr(alias, '/') || !unit_name_is_valid(alias))
                return install_changes_add(c, -EXDEV, alias, NULL);
        if (unit_name_is_template(alias) && unit_name_is_instance(info->name)) {
                _cleanup_free_ char *instance = NULL;
                if (unit_name_instance_of(info->name, &instance) < 0 ||
                    unit_name_replace_instance(alias, instance, &dst) < 0)
                        return install_changes_add(c, -EXDEV, alias, info->name);
        } else if (!(dst = strdup(alias)))
                return -ENOMEM;
        if (streq(dst, info->name))
                return 1;
        dot_a = strrchr(dst, '.');
        dot_b = strrchr(info->name, '.');
        if (!streq(dot_a, dot_b) || unit_name_is_template(dst) != unit_name_is_template(info->name) ||
            unit_name_is_instance(dst) != unit_name_is_instance(info->name))
                return install_changes_add(c, -EXDEV, dst, info->name);
        *ret = TAKE_PTR(dst);
        return 0;
}

static int symlink_aliases(const struct install_paths *p, struct install_info *info, struct install_changes *c) {
        int r = 0, q;

        STRV_FOREACH(a, info->aliases) {
                _cleanup_free_ char *dst = NULL, *alias_path = NULL, *resolved = NULL;

                q = verify_alias(info, *a, &dst, c);
                if (q == 1)
                        continue;
                if (q < 0) {
                        r = r < 0 ? r : q;
                        continue;
                }
                if (asprintf(&alias_path, "%s/%s", p->config_dir, dst) < 0)
                        return -ENOMEM;
                /* A dangling alias link is replaced; a live one to another unit is an error. */
                q = install_chase(p, alias_path, &resolved);
                if (q < 0) {
                        r = r < 0 ? r : q;
                        continue;
                }
                q = install_create_symlink(p, info->path, alias_path, q == 0, c);
                r = r < 0 ? r : q;
        }
        return r;
}

/* True if a unit file of that name exists on the search path. default.target counts as
 * present: svcd boots what default.target.wants/ holds without a unit file for it. */
static int unit_file_exists(const struct install_paths *p, const char *name) {
        _cleanup_(install_context_done) struct install_context ctx = {};
        int r;

        if (streq(name, "default.target"))
                return 1;
        r = install_info_discover(&ctx, p, name, 0, NULL, NULL);
        if (r == -ENOENT)
                return 0;
        return r < 0 ? r : 1;
}

/* The .wants/ or .requires/ links of one list (WantedBy=, RequiredBy=). */
static int symlink_wants(const struct install_paths *p, struct install_info *info, char *const *list,
                         const char *suffix, struct install_changes *c) {
        _cleanup_free_ char *instance_name = NULL;
        bool templates_only = false;
        const char *n;
        int r = 0, q;

        if (strv_length(list) == 0)
                return 0;
        if (!unit_name_is_template(info->name))
                n = info->name;
        else if (info->default_instance) {
                _cleanup_(install_context_done) struct install_context ctx = {};
                struct install_info *inst;

                /* A template is enabled as its DefaultInstance=, unless that instance is masked. */
                if (unit_name_replace_instance(info->name, info->default_instance, &instance_name) < 0)
                        return install_changes_add(c, -EUCLEAN, info->default_instance, NULL);
                q = install_info_add(&ctx, instance_name, NULL, false, &inst);
                if (q >= 0)
                        q = install_info_search(&ctx, p, inst, INSTALL_SEARCH_FOLLOW_CONFIG_SYMLINKS);
                if (q < 0)
                        return q;
                if (inst->mode == INSTALL_MODE_MASKED)
                        return install_changes_add(c, -ERFKILL, inst->path, NULL);
                n = instance_name;
        } else {
                /* A template without an instance can only be wanted by a template
                 * ("WantedBy=foo@.target"): its instances then want ours. */
                templates_only = true;
                n = info->name;
        }

        STRV_FOREACH(s, list) {
                _cleanup_free_ char *path = NULL;
                const char *dst = *s;

                if (!unit_name_is_valid(dst) || (templates_only && !unit_name_is_template(dst) &&
                                                  !unit_name_is_instance(dst))) {
                        q = unit_name_is_valid(dst) ? install_changes_add(c, -EIDRM, dst, n)
                                                    : install_changes_add(c, -EUCLEAN, dst, NULL);
                        if (r >= 0)
                                r = q;
                        continue;
                }
                if (asprintf(&path, "%s/%s%s%s", p->config_dir, dst, suffix, n) < 0)
                        return -ENOMEM;
                q = install_create_symlink(p, info->path, path, true, c);
                if ((q < 0 && r >= 0) || r == 0)
                        r = q;
                /* svcd has the special targets without files (units/special-units.c). */
                q = special_units_lookup(dst) ? 1 : unit_file_exists(p, dst);
                if (q == 0) {
                        q = install_changes_add(c, INSTALL_CHANGE_DESTINATION_NOT_PRESENT, dst, info->path);
                        if (q < 0)
                                return q;
                }
        }
        return r;
}

/* A unit file outside the search path is linked into the config directory first. */
static int symlink_link(const struct install_paths *p, struct install_info *info, struct install_changes *c) {
        _cleanup_free_ char *path = NULL;

        if (install_search_dir_of(p, info->path) >= 0)
                return 0;
        if (asprintf(&path, "%s/%s", p->config_dir, info->name) < 0)
                return -ENOMEM;
        return install_create_symlink(p, info->path, path, false, c);
}

static int install_info_apply(const struct install_paths *p, struct install_info *info, struct install_changes *c) {
        int r, q;

        if (info->mode != INSTALL_MODE_REGULAR)
                return 0;
        r = symlink_link(p, info, c);
        if (r < 0)
                return r; /* the other links would lead nowhere */
        r = symlink_aliases(p, info, c);
        q = symlink_wants(p, info, info->wanted_by, ".wants/", c);
        if (r == 0)
                r = q;
        q = symlink_wants(p, info, info->required_by, ".requires/", c);
        if (r == 0)
                r = q;
        return r;
}

/* Links every unit of ctx, the ones Also= added included. Returns how many had rules. */
static int install_context_apply(struct install_context *ctx, const struct install_paths *p, unsigned flags,
                                 struct install_changes *c) {
        struct install_info *i;
        int r = 0, q;

        while ((i = install_context_next(ctx))) {
                q = install_info_traverse(ctx, p, i, flags, NULL);
                if (q < 0) {
                        if (i->auxiliary) {
                                q = install_changes_add(c, INSTALL_CHANGE_AUXILIARY_FAILED, i->name, NULL);
                                if (q < 0)
                                        return q;
                                continue;
                        }
                        return install_changes_add(c, q, i->name, NULL);
                }
                /* A masked unit named by Also= is left alone; something could have been enabled. */
                if (i->mode == INSTALL_MODE_MASKED) {
                        q = install_changes_add(c, INSTALL_CHANGE_IS_MASKED, i->path, NULL);
                        if (q < 0)
                                return q;
                        if (r >= 0)
                                r++;
                        continue;
                }
                if (i->mode != INSTALL_MODE_REGULAR)
                        continue;
                q = install_info_apply(p, i, c);
                if (r >= 0)
                        r = q < 0 ? q : r + q;
        }
        return r;
}

static int do_enable(const struct install_paths *p, char *const *names, struct install_changes *c) {
        _cleanup_(install_context_done) struct install_context ctx = {};
        struct install_info *info;
        int r;

        STRV_FOREACH(name, names) {
                r = install_info_discover(&ctx, p, *name, INSTALL_SEARCH_LOAD | INSTALL_SEARCH_FOLLOW_CONFIG_SYMLINKS,
                                          &info, c);
                if (r < 0)
                        return r;
                if (info->mode == INSTALL_MODE_MASKED)
                        return install_changes_add(c, -ERFKILL, info->path, NULL);
        }
        return install_context_apply(&ctx, p, INSTALL_SEARCH_LOAD, c);
}

int install_enable(const struct install_paths *p, char *const *names, struct install_changes *c) {
        return do_enable(p, names, c);
}

/* --- disable ---------------------------------------------------------------------------- */

static int mark_for_removal(char ***marks, const char *s) {
        if (strv_contains(*marks, s))
                return 0;
        return strv_extend(marks, s) < 0 ? -ENOMEM : 1;
}

/* Removes path's empty parent directories up to, not including, stop ("foo.target.wants/"). */
static void rmdir_parents(const char *path, const char *stop) {
        _cleanup_free_ char *p = strdup(path);
        char *slash;

        if (!p)
                return;
        while ((slash = strrchr(p, '/')) && slash > p) {
                *slash = 0;
                if (streq(p, stop) || !startswith(p, stop) || rmdir(p) < 0)
                        return;
        }
}

static bool is_marked(const struct install_paths *p, char *const *marks, const char *dir, const char *name,
                      int *error) {
        _cleanup_free_ char *template = NULL, *link = NULL, *dest = NULL;
        int r;

        if (strv_contains(marks, name))
                return true;
        if (unit_name_is_instance(name) && unit_name_template_of(name, &template) >= 0 &&
            strv_contains(marks, template))
                return true;
        if (asprintf(&link, "%s/%s", dir, name) < 0) {
                *error = -ENOMEM;
                return false;
        }
        r = install_chase(p, link, &dest);
        if (r < 0) {
                /* A link that cannot be followed (a loop) leads to nothing marked. */
                if (r == -ENOMEM)
                        *error = r;
                return false;
        }
        return strv_contains(marks, install_skip_root(p, dest)) || strv_contains(marks, path_basename(dest));
}

/* One pass over dir and its subdirectories; *restart when a removed link was marked, so
 * that links to it go too. */
static int remove_marked_in(const struct install_paths *p, char ***marks, const char *dir, bool *restart,
                            struct install_changes *c) {
        DIR *d = opendir(dir);
        struct dirent *de;
        int r = 0;

        if (!d)
                return errno == ENOENT ? 0 : -errno;
        while ((de = readdir(d))) {
                _cleanup_free_ char *path = NULL;
                struct stat st;
                int q = 0;

                if (streq(de->d_name, ".") || streq(de->d_name, ".."))
                        continue;
                if (asprintf(&path, "%s/%s", dir, de->d_name) < 0) {
                        r = -ENOMEM;
                        break;
                }
                if (lstat(path, &st) < 0)
                        continue;
                if (S_ISDIR(st.st_mode)) {
                        q = remove_marked_in(p, marks, path, restart, c);
                        if (q < 0 && r == 0)
                                r = q;
                        continue;
                }
                if (!S_ISLNK(st.st_mode) || !unit_name_is_valid(de->d_name))
                        continue;
                if (!is_marked(p, *marks, dir, de->d_name, &q)) {
                        if (q < 0 && r == 0)
                                r = q;
                        continue;
                }
                if (unlink(path) < 0 && errno != ENOENT) {
                        if (r == 0)
                                r = -errno;
                        install_changes_add(c, -errno, path, NULL);
                        continue;
                }
                rmdir_parents(path, p->config_dir);
                q = install_changes_add(c, INSTALL_CHANGE_UNLINK, path, NULL);
                if (q >= 0)
                        q = mark_for_removal(marks, install_skip_root(p, path));
                if (q < 0) {
                        r = q;
                        break;
                }
                if (q > 0)
                        *restart = true;
        }
        closedir(d);
        return r;
}

static int remove_marked_symlinks(const struct install_paths *p, char ***marks, struct install_changes *c) {
        bool restart;
        int r = 0;

        if (strv_length(*marks) == 0)
                return 0;
        do {
                restart = false;
                int q = remove_marked_in(p, marks, p->config_dir, &restart, c);
                if (r == 0)
                        r = q;
        } while (restart);
        return r;
}

/* Marks each unit of ctx (and what its Also= names) for removal, reporting the ones that
 * are gone or masked without failing: systemctl disable removes links to a unit whose file
 * is gone all the same. */
static int mark_context_for_removal(struct install_context *ctx, const struct install_paths *p, char ***marks,
                                    struct install_changes *c) {
        struct install_info *i;
        int r;

        while ((i = install_context_next(ctx))) {
                r = install_info_traverse(ctx, p, i, INSTALL_SEARCH_LOAD | INSTALL_SEARCH_FOLLOW_CONFIG_SYMLINKS, NULL);
                if (r == -ENOLINK) {
                        r = install_changes_add(c, INSTALL_CHANGE_IS_DANGLING, i->path ?: i->name, NULL);
                        if (r < 0)
                                return r;
                } else if (r == -ENOENT) {
                        if (!i->auxiliary) {
                                r = install_changes_add(c, -ENOENT, i->path ?: i->name, NULL);
                                if (r == -ENOMEM)
                                        return r;
                        }
                } else if (r < 0) {
                        if (install_changes_add(c, r, i->path ?: i->name, NULL) == -ENOMEM)
                                return -ENOMEM;
                } else if (i->mode == INSTALL_MODE_MASKED) {
                        if (install_changes_add(c, INSTALL_CHANGE_IS_MASKED, i->path ?: i->name, NULL) < 0)
                                return -ENOMEM;
                        continue;
                } else if (i->mode != INSTALL_MODE_REGULAR)
                        continue;
                if (mark_for_removal(marks, i->name) < 0)
                        return -ENOMEM;
        }
        return 0;
}

static int do_disable(const struct install_paths *p, char *const *names, struct install_changes *c) {
        _cleanup_(install_context_done) struct install_context ctx = {};
        _cleanup_strv_free_ char **marks = NULL;
        int r;

        STRV_FOREACH(name, names) {
                if (!unit_name_is_valid(*name))
                        return install_changes_add(c, -EUCLEAN, *name, NULL);
                r = install_info_add(&ctx, *name, NULL, false, NULL);
                if (r < 0)
                        return r;
        }
        r = mark_context_for_removal(&ctx, p, &marks, c);
        if (r < 0)
                return r;
        r = remove_marked_symlinks(p, &marks, c);
        return r < 0 ? r : 0;
}

int install_disable(const struct install_paths *p, char *const *names, struct install_changes *c) {
        return do_disable(p, names, c);
}

int install_reenable(const struct install_paths *p, char *const *names, struct install_changes *c) {
        _cleanup_strv_free_ char **basenames = NULL;
        int r;

        /* Disable by name, enable what was asked for (a name or a path). */
        STRV_FOREACH(name, names)
                if (strv_extend(&basenames, path_basename(*name)) < 0)
                        return -ENOMEM;
        r = do_disable(p, basenames, c);
        if (r < 0)
                return r;
        return do_enable(p, names, c);
}

/* --- mask ------------------------------------------------------------------------------- */

int install_mask(const struct install_paths *p, char *const *names, struct install_changes *c) {
        int r = 0;

        STRV_FOREACH(name, names) {
                _cleanup_free_ char *path = NULL;
                int q;

                if (!unit_name_is_valid(*name)) {
                        r = r < 0 ? r : install_changes_add(c, -EUCLEAN, *name, NULL);
                        continue;
                }
                if (asprintf(&path, "%s/%s", p->config_dir, *name) < 0)
                        return -ENOMEM;
                /* A unit file of its own in the config directory is in the way: refused. */
                q = install_create_symlink(p, "/dev/null", path, false, c);
                if (q < 0 && r >= 0)
                        r = q;
        }
        return r < 0 ? r : 0;
}

int install_unmask(const struct install_paths *p, char *const *names, struct install_changes *c) {
        _cleanup_strv_free_ char **todo = NULL, **marks = NULL;
        int r = 0, q;

        STRV_FOREACH(name, names) {
                _cleanup_free_ char *path = NULL;

                if (!unit_name_is_valid(*name))
                        return install_changes_add(c, -EUCLEAN, *name, NULL);
                if (asprintf(&path, "%s/%s", p->config_dir, *name) < 0)
                        return -ENOMEM;
                q = install_null_or_empty(p, path);
                if (q == -ENOENT || q == 0)
                        continue;
                if (q < 0)
                        return install_changes_add(c, q, path, NULL);
                if (!strv_contains(todo, *name) && strv_extend(&todo, *name) < 0)
                        return -ENOMEM;
        }
        STRV_FOREACH(name, todo) {
                _cleanup_free_ char *path = NULL;

                if (asprintf(&path, "%s/%s", p->config_dir, *name) < 0)
                        return -ENOMEM;
                if (unlink(path) < 0) {
                        if (errno != ENOENT) {
                                r = r < 0 ? r : -errno;
                                install_changes_add(c, -errno, path, NULL);
                        }
                        continue;
                }
                if (install_changes_add(c, INSTALL_CHANGE_UNLINK, path, NULL) < 0 ||
                    mark_for_removal(&marks, install_skip_root(p, path)) < 0)
                        return -ENOMEM;
        }
        q = remove_marked_symlinks(p, &marks, c);
        if (r >= 0 && q < 0)
                r = q;
        return r < 0 ? r : 0;
}
