/* install-state.c: is-enabled's state of a unit file and list-unit-files: which links in which directories make a unit enabled, alias, indirect, ...
 *
 * systemctl(1), "is-enabled output", and systemd's unit_file_lookup_state(): a unit is
 * "enabled" when a link the [Install] section would make (its own name, an Alias=, the
 * DefaultInstance=) is in a .wants/ or .requires/ directory or is an alias link, in a
 * config directory ("enabled-runtime" in /run); "indirect" when only links under other
 * names lead to it, or it has nothing but Also=; "disabled" when it has rules and no link;
 * "static" when it has none. */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cli/install-internal.h"
#include "libsvc/strv.h"
#include "units/unit-name.h"

static const char *const state_names[_INSTALL_STATE_MAX] = {
        [INSTALL_STATE_ENABLED] = "enabled",
        [INSTALL_STATE_ENABLED_RUNTIME] = "enabled-runtime",
        [INSTALL_STATE_LINKED] = "linked",
        [INSTALL_STATE_LINKED_RUNTIME] = "linked-runtime",
        [INSTALL_STATE_ALIAS] = "alias",
        [INSTALL_STATE_MASKED] = "masked",
        [INSTALL_STATE_MASKED_RUNTIME] = "masked-runtime",
        [INSTALL_STATE_STATIC] = "static",
        [INSTALL_STATE_DISABLED] = "disabled",
        [INSTALL_STATE_INDIRECT] = "indirect",
        [INSTALL_STATE_BAD] = "bad",
};

const char *install_state_to_string(enum install_state s) {
        return s < _INSTALL_STATE_MAX ? state_names[s] : NULL;
}

bool install_state_is_enabled(enum install_state s) {
        return s == INSTALL_STATE_ENABLED || s == INSTALL_STATE_ENABLED_RUNTIME || s == INSTALL_STATE_STATIC ||
               s == INSTALL_STATE_ALIAS || s == INSTALL_STATE_INDIRECT;
}

/* A name the [Install] section of info would link: its own, an Alias=, its DefaultInstance=. */
static bool is_known_name(const struct install_info *info, const char *name) {
        _cleanup_free_ char *def = NULL;

        if (streq(name, info->name) || strv_contains(info->aliases, name))
                return true;
        return info->default_instance && unit_name_is_template(info->name) &&
               unit_name_replace_instance(info->name, info->default_instance, &def) >= 0 && streq(name, def);
}

static bool entry_is(const char *dir, struct dirent *de, mode_t type) {
        _cleanup_free_ char *path = NULL;
        struct stat st;

        if (de->d_type != DT_UNKNOWN)
                return (mode_t) DTTOIF(de->d_type) == type;
        if (asprintf(&path, "%s/%s", dir, de->d_name) < 0 || lstat(path, &st) < 0)
                return false;
        return (st.st_mode & S_IFMT) == type;
}

/* The links in one directory. In .wants/ and .requires/ (ignore_destination) a link counts by
 * its name: the unit's own, or an instance of it; elsewhere also by where it leads. A link of
 * the unit's own name to its own file (ignore_same_name unset) is reported in
 * *same_name_link: that is `systemctl link`. Returns 1 when a link counts. */
static int find_in_directory(const char *dir, const struct install_info *info, bool ignore_destination,
                             bool match_name, bool ignore_same_name, bool *same_name_link) {
        DIR *d = opendir(dir);
        struct dirent *de;
        int r = 0;

        if (!d)
                return 0;
        while ((de = readdir(d))) {
                bool found_path = false, found_dest = false;

                if (!entry_is(dir, de, S_IFLNK))
                        continue;
                if (!ignore_destination) {
                        _cleanup_free_ char *link = NULL, *dest = NULL;
                        int q;

                        if (asprintf(&link, "%s/%s", dir, de->d_name) < 0) {
                                r = -ENOMEM;
                                break;
                        }
                        q = install_readlink(link, &dest);
                        if (q < 0) {
                                if (q != -ENOENT && r == 0)
                                        r = q;
                                continue;
                        }
                        found_dest = streq(path_basename(dest), info->name);
                }
                if (ignore_destination || !ignore_same_name)
                        found_path = streq(de->d_name, info->name);
                if (!found_path && ignore_destination && unit_name_is_instance(de->d_name)) {
                        _cleanup_free_ char *template = NULL;
                        if (unit_name_template_of(de->d_name, &template) < 0) {
                                r = -ENOMEM;
                                break;
                        }
                        found_dest = streq(template, info->name);
                }
                if (found_path && found_dest)
                        *same_name_link = true;
                else if (found_path || found_dest) {
                        if (!match_name || is_known_name(info, de->d_name)) {
                                r = 1;
                                break;
                        }
                }
        }
        closedir(d);
        return r;
}

/* The links in one search directory: its .wants/, .requires/ and .upholds/ first. */
static int find_symlinks(const char *dir, const struct install_info *info, bool match_name, bool ignore_same_name,
                         bool *same_name_link) {
        DIR *d = opendir(dir);
        struct dirent *de;
        int r = 0;

        if (!d)
                return 0;
        while ((de = readdir(d))) {
                const char *dot = strrchr(de->d_name, '.');
                _cleanup_free_ char *sub = NULL;

                if (!dot || !(streq(dot, ".wants") || streq(dot, ".requires") || streq(dot, ".upholds")))
                        continue;
                if (!entry_is(dir, de, S_IFDIR))
                        continue;
                if (asprintf(&sub, "%s/%s", dir, de->d_name) < 0) {
                        r = -ENOMEM;
                        break;
                }
                r = find_in_directory(sub, info, true, match_name, ignore_same_name, same_name_link);
                if (r != 0)
                        break;
        }
        closedir(d);
        if (r != 0)
                return r;
        return find_in_directory(dir, info, false, match_name, ignore_same_name, same_name_link);
}

/* Looks for the unit's links in every search directory; returns 1 with *state set when
 * they make it enabled, enabled-runtime, static (an instance linked in a vendor
 * directory) or linked. */
static int find_symlinks_in_scope(const struct install_paths *p, const struct install_info *info, bool match_name,
                                  enum install_state *state) {
        bool same_name_config = false, same_name_runtime = false, enabled_runtime = false, enabled_elsewhere = false;
        bool ignore_same_name = false;

        for (size_t i = 0; p->search_path[i]; i++) {
                bool same_name_link = false;
                const char *rest;
                int r = find_symlinks(p->search_path[i], info, match_name, ignore_same_name, &same_name_link);

                if (r < 0)
                        return r;
                if (r > 0) {
                        if (p->kinds[i] == INSTALL_DIR_CONFIG) {
                                *state = INSTALL_STATE_ENABLED;
                                return 1;
                        }
                        if (p->kinds[i] == INSTALL_DIR_RUNTIME)
                                enabled_runtime = true;
                        else
                                enabled_elsewhere = true;
                } else if (same_name_link) {
                        if (p->kinds[i] == INSTALL_DIR_CONFIG)
                                same_name_config = true;
                        else if (p->kinds[i] == INSTALL_DIR_RUNTIME)
                                same_name_runtime = true;
                }
                /* Same-name links below the directory that has the unit file are hidden by it. */
                rest = startswith(info->path, p->search_path[i]);
                if (rest && *rest == '/')
                        ignore_same_name = true;
        }
        if (enabled_runtime)
                *state = INSTALL_STATE_ENABLED_RUNTIME;
        else if (enabled_elsewhere && unit_name_is_instance(info->name))
                /* An instance linked by a vendor directory is enabled by the vendor. */
                *state = INSTALL_STATE_STATIC;
        else if (same_name_config)
                *state = INSTALL_STATE_LINKED;
        else if (same_name_runtime)
                *state = INSTALL_STATE_LINKED_RUNTIME;
        else
                return 0;
        return 1;
}

static bool is_runtime_path(const struct install_paths *p, const char *path) {
        int d = install_search_dir_of(p, path);
        return startswith(install_skip_root(p, path), "/run/") || (d >= 0 && p->kinds[d] == INSTALL_DIR_RUNTIME);
}

int install_get_state(const struct install_paths *p, const char *name, enum install_state *ret) {
        _cleanup_(install_context_done) struct install_context ctx = {};
        struct install_info *info;
        int r;

        if (!unit_name_is_valid(name))
                return -EINVAL;
        r = install_info_discover(&ctx, p, name, INSTALL_SEARCH_LOAD | INSTALL_SEARCH_FOLLOW_CONFIG_SYMLINKS, &info,
                                  NULL);
        if (r < 0)
                return r;
        if (info->mode == INSTALL_MODE_MASKED) {
                *ret = is_runtime_path(p, info->path) ? INSTALL_STATE_MASKED_RUNTIME : INSTALL_STATE_MASKED;
                return 0;
        }
        /* Asked by another name than its file's: an alias (an instance is no alias of its template). */
        if (!streq(name, path_basename(info->path)) && !unit_name_is_instance(info->name)) {
                *ret = INSTALL_STATE_ALIAS;
                return 0;
        }
        r = find_symlinks_in_scope(p, info, true, ret);
        if (r != 0)
                return r < 0 ? r : 0;
        r = find_symlinks_in_scope(p, info, false, ret);
        if (r < 0)
                return r;
        if (r > 0)
                *ret = INSTALL_STATE_INDIRECT;
        else if (install_info_has_rules(info))
                *ret = INSTALL_STATE_DISABLED;
        else if (strv_length(info->also) > 0)
                *ret = INSTALL_STATE_INDIRECT;
        else
                *ret = INSTALL_STATE_STATIC;
        return 0;
}

void install_list_free(struct install_list_entry *l, size_t n) {
        for (size_t i = 0; i < n; i++) {
                free(l[i].name);
                free(l[i].path);
        }
        free(l);
}

static bool matches(char *const *patterns, const char *name) {
        if (strv_length(patterns) == 0)
                return true;
        STRV_FOREACH(pattern, patterns)
                if (fnmatch(*pattern, name, FNM_NOESCAPE) == 0)
                        return true;
        return false;
}

/* systemctl list-unit-files' order: by type, then by name, case ignored. */
static int compare_entries(const void *a, const void *b) {
        const struct install_list_entry *x = a, *y = b;
        const char *dx = strrchr(x->name, '.'), *dy = strrchr(y->name, '.');
        int r = dx && dy ? strcasecmp(dx, dy) : 0;
        return r != 0 ? r : strcasecmp(x->name, y->name);
}

int install_list(const struct install_paths *p, char *const *patterns, struct install_list_entry **ret,
                 size_t *ret_n) {
        struct install_list_entry *l = NULL;
        size_t n = 0;
        int r = 0;

        for (size_t i = 0; p->search_path[i] && r >= 0; i++) {
                DIR *d = opendir(p->search_path[i]);
                struct dirent *de;

                if (!d)
                        continue; /* absent or unreadable: nothing listed from it */
                while ((de = readdir(d))) {
                        struct install_list_entry *v;
                        bool seen = false;

                        if (!unit_name_is_valid(de->d_name) || !matches(patterns, de->d_name))
                                continue;
                        if (!entry_is(p->search_path[i], de, S_IFLNK) && !entry_is(p->search_path[i], de, S_IFREG))
                                continue;
                        for (size_t k = 0; k < n && !seen; k++)
                                seen = streq(l[k].name, de->d_name);
                        if (seen)
                                continue;
                        v = reallocarray(l, n + 1, sizeof *l);
                        if (!v) {
                                r = -ENOMEM;
                                break;
                        }
                        l = v;
                        l[n] = (struct install_list_entry) { .name = strdup(de->d_name) };
                        if (!l[n].name || asprintf(&l[n].path, "%s/%s", p->search_path[i], de->d_name) < 0) {
                                free(l[n].name);
                                r = -ENOMEM;
                                break;
                        }
                        if (install_get_state(p, de->d_name, &l[n].state) < 0)
                                l[n].state = INSTALL_STATE_BAD;
                        n++;
                }
                closedir(d);
        }
        if (r < 0) {
                install_list_free(l, n);
                return r;
        }
        if (n > 0)
                qsort(l, n, sizeof *l, compare_entries);
        *ret = l;
        *ret_n = n;
        return 0;
}
