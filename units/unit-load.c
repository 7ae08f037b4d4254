/* unit-load.c: a unit by name: resolving it on the search path, then its file and drop-ins through inih, our line reader and the directive table. */
#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libsvc/fd-util.h"
#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "units/directives.h"
#include "units/dropin.h"
#include "units/exec-line.h"
#include "units/line-reader.h"
#include "units/special-units.h"
#include "units/specifier.h"
#include "units/unit-name.h"
#include "units/unit-path.h"
#include "units/unit.h"
#include "units/value-parsers.h"

struct load_state {
        struct unit *unit;
        struct line_reader reader;
        const struct specifier_context *spec;
        unsigned file; /* this file's index in unit->setting_files */
        int error; /* first -ENOMEM from a parser */
};

/* Records that d was assigned at the reader's line, for `svcctl verify`. The array grows
 * by doubling from 1: a unit sets a few dozen directives at most, and many (the units a
 * container runs) one to five, kept for the daemon's life. */
static int record_setting(struct load_state *st, const struct directive *d) {
        struct unit *u = st->unit;

        /* The capacity is the smallest power of two >= n_settings: full at 0 and at each power of two. */
        if ((u->n_settings & (u->n_settings - 1)) == 0) {
                size_t n = u->n_settings ? u->n_settings * 2 : 1;
                struct unit_setting *p = reallocarray(u->settings, n, sizeof *p);
                if (!p)
                        return -ENOMEM;
                u->settings = p;
        }
        u->settings[u->n_settings++] = (struct unit_setting) { .directive = d, .file = st->file, .line = st->reader.line };
        return 0;
}

/* systemd.unit(5), systemd.service(5), systemd.target(5): which sections a unit type
 * reads. A target "has no type-specific options": [Unit] and [Install] only. */
static bool section_applies(enum unit_type t, const char *section) {
        if (streq(section, "Unit") || streq(section, "Install"))
                return true;
        return t == UNIT_SERVICE && streq(section, "Service");
}

/* systemd.unit(5): sections and keys starting with "X-" are extensions that the
 * manager ignores on purpose. */
static bool is_extension(const char *s) {
        return startswith(s, "X-") != NULL;
}

static void on_section(const char *section, unsigned line, void *userdata) {
        struct load_state *st = userdata;

        if (is_extension(section))
                log_debug("%s:%u: Ignoring extension section [%s].", st->reader.path, line, section);
        else if (!section_applies(st->unit->type, section))
                log_warning("%s:%u: Unknown section [%s], ignoring.", st->reader.path, line, section);
}

/* systemd.service(5) "COMMAND LINES": the settings whose values are command lines. */
static bool is_command_line(const struct directive *d) {
        static const char *const keys[] = {
                "ExecCondition", "ExecReload", "ExecStart", "ExecStartPost", "ExecStartPre", "ExecStop", "ExecStopPost",
        };
        if (!streq(d->section, "Service"))
                return false;
        for (size_t i = 0; i < ELEMENTSOF(keys); i++)
                if (streq(d->key, keys[i]))
                        return true;
        return false;
}

/* Expands the specifiers of a value whose directive takes them (DIRECTIVE_SPECIFIERS, and
 * every command line: systemd expands those always, word by word after splitting).
 * Returns 1 with *ret NULL (nothing to expand) or the expanded value, 0 after warning
 * that the assignment is dropped, or -ENOMEM. */
static int expand_value(struct load_state *st, const struct directive *d, const char *value, char **ret) {
        const struct line_reader *r = &st->reader;
        const char *reason = NULL;
        char which = 0;
        int k;

        *ret = NULL;
        if (!specifier_present(value))
                return 1;
        if (is_command_line(d)) {
                k = exec_line_expand_specifiers(value, st->spec, ret, &reason, &which);
                /* Bad syntax: the table's parser says so, with its own wording. */
                if (k == -EINVAL)
                        return 1;
        } else if (d->flags & DIRECTIVE_SPECIFIERS)
                k = specifier_expand(st->spec, value, ret, &which);
        else
                return 1;

        if (k == -ENOMEM)
                return log_oom();
        if (k == -EBADMSG) {
                /* An error, as the issue and systemd.unit(5) have it; the unit still loads
                 * without the assignment, as systemd's does. */
                log_error("%s:%u: %s=%s has an unknown specifier %%%c, ignoring.", r->path, r->line, d->key, value,
                            which);
                return 0;
        }
        if (k < 0) {
                log_warning("%s:%u: %s=%s: specifier %%%c cannot be resolved for %s%s, ignoring.", r->path, r->line,
                            d->key, value, which, st->unit->id,
                            which == 'y' || which == 'Y' ? " (it has no fragment file)" : "");
                return 0;
        }
        return 1;
}

/* The dependency list a directive fills (After=, Wants=, ...), or -1. */
static int directive_dependency(const struct directive *d) {
        const size_t first = offsetof(struct unit, dependencies);
        const size_t end = first + sizeof(((struct unit *) NULL)->dependencies);

        if (d->parse != value_parse_words || d->offset < first || d->offset >= end)
                return -1;
        return (int) ((d->offset - first) / sizeof(char **));
}

/* Applies one assignment; for a dependency directive, records "FILE:LINE" as the origin
 * of each name it added, and drops the origins of a list it reset. */
static int apply_assignment(struct load_state *st, const struct directive *d, const struct directive_context *ctx,
                            const char *value) {
        int dep = directive_dependency(d);
        size_t before = dep >= 0 ? strv_length(st->unit->dependencies[dep]) : 0;
        _cleanup_free_ char *origin = NULL;
        int r;

        r = directive_apply(d, ctx, value, st->unit);
        if (r < 0 || dep < 0)
                return r;
        if (strv_length(st->unit->dependencies[dep]) > before &&
            asprintf(&origin, "%s:%u", ctx->path, ctx->line) < 0)
                return log_oom();
        if (unit_dependency_origins_sync(st->unit, dep, origin) < 0)
                return log_oom();
        return 0;
}

/* inih calls this once per "Key=x" line the reader handed it. Section and key come from
 * inih; the value comes from the reader, which kept the whole logical line. */
static int on_assignment(void *user, const char *section, const char *name, const char *value_unused) {
        struct load_state *st = user;
        const struct line_reader *r = &st->reader;
        const char *full_section = line_reader_section(r), *full_key = line_reader_key(r);
        const struct directive *d = NULL;

        if (st->error < 0)
                return 1;
        if (!section_applies(st->unit->type, full_section) || is_extension(full_section))
                return 1; /* warned about at the header */
        if (is_extension(full_key)) {
                log_debug("%s:%u: Ignoring extension key %s=.", r->path, r->line, full_key);
                return 1;
        }
        /* inih sees a cut name if it was very long, and splits at ':' as well as '=':
         * only a name that arrived intact can be a directive. */
        if (streq(section, full_section) && streq(name, full_key))
                d = directive_lookup(section, name);
        if (!d) {
                log_warning("%s:%u: Unknown key '%s' in section [%s], ignoring.", r->path, r->line, full_key,
                            full_section);
                return 1;
        }

        _cleanup_free_ char *expanded = NULL;
        const char *value = line_reader_value(r);
        int k = record_setting(st, d);
        if (k < 0) {
                st->error = log_oom();
                return 0;
        }
        k = expand_value(st, d, value, &expanded);
        if (k < 0) {
                st->error = k;
                return 0;
        }
        if (k == 0)
                return 1; /* warned about and dropped */
        if (expanded)
                value = expanded;
        /* Kept as written (after specifiers) for svcctl show's view of the configuration. */
        st->unit->settings[st->unit->n_settings - 1].value = strdup(value);
        if (!st->unit->settings[st->unit->n_settings - 1].value) {
                st->error = log_oom();
                return 0;
        }

        const struct directive_context ctx = {
                .unit_id = st->unit->id,
                .path = r->path,
                .line = r->line,
                .section = d->section,
                .key = d->key,
                .unit = st->unit,
                .default_data = directive_field(d, &unit_defaults),
        };
        k = apply_assignment(st, d, &ctx, value);
        if (k < 0) {
                st->error = k;
                return 0;
        }
        return 1;
}

/* Parses one file (a fragment or a drop-in) into u. Returns 0, or -errno if the file
 * could not be read or memory ran out (then u is half-filled and must be discarded). */
static int parse_into(struct unit *u, FILE *f, const char *path, const struct specifier_context *spec) {
        struct load_state st = { .unit = u, .spec = spec, .file = strv_length(u->setting_files) };
        int r, k;

        if (strv_extend(&u->setting_files, path) < 0)
                return log_oom();

        line_reader_init(&st.reader, f, path);
        st.reader.on_section = on_section;
        st.reader.userdata = &st;
        line_reader_configure_inih();
        k = ini_parse_stream(line_reader_ini, &st.reader, on_assignment, &st);
        r = st.reader.error;
        line_reader_done(&st.reader);

        if (r < 0)
                return log_error_errno(r, "Failed to read %s: %m", path);
        if (st.error < 0)
                return st.error;
        if (k == -2)
                return log_oom();
        /* The reader hands inih only well-formed lines, so inih has nothing to report;
         * if it does, that is a bug here, not in the user's file. */
        if (k != 0)
                log_debug("%s: inih reported an error at logical line %d.", path, k);
        return 0;
}

/* Checks id and makes the unit that its file will fill. */
static int new_unit(const char *path, const char *id, struct unit **ret) {
        _cleanup_(unit_freep) struct unit *u = NULL;

        if (!unit_name_is_valid(id))
                return log_error_errno(-EINVAL, "%s: '%s' is not a valid unit name.", path, id);
        if (unit_type_from_name(id) < 0)
                return log_error_errno(-EOPNOTSUPP,
                                       "%s: Unit type of %s is not supported (only .service and .target are), "
                                       "refusing.",
                                       path, id);
        if (unit_new(id, &u) < 0)
                return log_oom();
        u->fragment_path = strdup(path);
        if (!u->fragment_path)
                return log_oom();
        if (unit_name_is_instance(id) && unit_name_instance_of(id, &u->instance) < 0)
                return log_oom();
        *ret = TAKE_PTR(u);
        return 0;
}

int unit_load_stream(FILE *f, const char *path, const char *id, struct unit **ret) {
        _cleanup_(unit_freep) struct unit *u = NULL;
        struct specifier_system sys = { .user = getuid() != 0 };
        int r;

        if (!id)
                id = path_basename(path);
        r = new_unit(path, id, &u);
        if (r < 0)
                return r;
        const struct specifier_context spec = { .unit_id = u->id, .fragment_path = path, .system = &sys };
        r = parse_into(u, f, path, &spec);
        specifier_system_done(&sys);
        if (r < 0)
                return r;
        unit_apply_implicit_settings(u);
        *ret = TAKE_PTR(u);
        return 0;
}

/* fopen_regular() with the message every unit file open gives. */
static int open_unit_file(const char *path, FILE **ret) {
        int r = fopen_regular(path, ret);
        if (r == -EBADFD)
                return log_error_errno(r, "%s: Not a regular file (a FIFO, socket or device?), refusing to read it.",
                                       path);
        return r;
}

int unit_load_file(const char *path, const char *id, struct unit **ret) {
        _cleanup_fclose_ FILE *f = NULL;
        int r = open_unit_file(path, &f);

        if (r == -EBADFD)
                return r;
        if (r < 0)
                return log_error_errno(r, "Failed to open %s: %m", path);
        return unit_load_stream(f, path, id, ret);
}

/* Finds name on the search path: its own file, else for an instance its template's
 * (systemd.unit(5): "foo@bar.service" is loaded from "foo@.service" if there is no file
 * of its own). *ret_id is the name the file gives the unit (see unit_path_lookup()). */
static int resolve(char *const *search_path, const char *name, char **ret_path, char **ret_id) {
        _cleanup_free_ char *template = NULL, *instance = NULL, *template_id = NULL;
        int r;

        r = unit_path_lookup(search_path, name, ret_path, ret_id);
        if (r != -ENOENT || !unit_name_is_instance(name))
                return r;
        if (unit_name_template_of(name, &template) < 0 || unit_name_instance_of(name, &instance) < 0)
                return -ENOMEM;
        r = unit_path_lookup(search_path, template, ret_path, &template_id);
        if (r < 0)
                return r;
        r = unit_name_replace_instance(template_id, instance, ret_id);
        if (r < 0) {
                free(*ret_path);
                *ret_path = NULL;
        }
        return r;
}

/* Loads the drop-ins of u in order; an unreadable one is warned about and skipped. */
static int load_dropins(struct unit *u, char *const *search_path, const struct specifier_context *spec) {
        _cleanup_strv_free_ char **paths = NULL;
        int r;

        r = dropin_find(search_path, u->id, u->aliases, &paths);
        if (r < 0)
                return log_oom();
        STRV_FOREACH(p, paths) {
                _cleanup_fclose_ FILE *f = NULL;
                int k = fopen_regular(*p, &f);

                if (k == -EBADFD) {
                        log_warning("%s: Drop-in of %s is not a regular file (a FIFO, socket or device?), ignoring it.",
                                    *p, u->id);
                        continue;
                }
                if (k < 0) {
                        log_warning_errno(k, "%s: Cannot read drop-in of %s, ignoring it: %m", *p, u->id);
                        continue;
                }
                r = parse_into(u, f, *p, spec);
                if (r == -ENOMEM)
                        return r;
                if (r < 0) {
                        log_warning("%s: Drop-in of %s could not be read to the end; what was read applies.", *p, u->id);
                        continue;
                }
                r = strv_extend(&u->dropin_paths, *p);
                if (r < 0)
                        return log_oom();
        }
        return 0;
}

/* The names whose .wants/ and .requires/ directories are read for u: every name of the
 * unit (systemd reads them for each name: default.target.wants/ applies to the unit
 * default.target links to), and for an instance its template's. */
static int dependency_dir_owners(const struct unit *u, char ***ret) {
        _cleanup_strv_free_ char **l = NULL;

        if (strv_extend(&l, u->id) < 0)
                return -ENOMEM;
        STRV_FOREACH(a, u->aliases)
                if (!strv_contains(l, *a) && strv_extend(&l, *a) < 0)
                        return -ENOMEM;
        for (size_t i = 0, n = strv_length(l); i < n; i++) {
                _cleanup_free_ char *template = NULL;

                if (!unit_name_is_instance(l[i]))
                        continue;
                if (unit_name_template_of(l[i], &template) < 0)
                        return -ENOMEM;
                if (!strv_contains(l, template) && strv_consume(&l, TAKE_PTR(template)) < 0)
                        return -ENOMEM;
        }
        *ret = TAKE_PTR(l);
        return 0;
}

/* systemd.unit(5): "foo.service.wants/" and "foo.service.requires/" (and the template's,
 * for an instance) in any search directory add Wants=/Requires= on the units linked
 * there, as if written in the file; the directory is the origin of each. For a special
 * target, systemd's vendor directories are not read (special-units.c says why). */
static int load_dependency_dirs(struct unit *u, char *const *search_path) {
        static const struct {
                const char *kind;
                enum unit_dependency dep;
        } dirs[] = { { "wants", UNIT_WANTS }, { "requires", UNIT_REQUIRES } };
        _cleanup_strv_free_ char **owners = NULL;

        if (dependency_dir_owners(u, &owners) < 0)
                return log_oom();
        for (size_t i = 0; i < ELEMENTSOF(dirs); i++)
                STRV_FOREACH(owner, owners) {
                        _cleanup_strv_free_ char **path = NULL, **names = NULL, **origins = NULL;

                        if (special_units_search_path(search_path, *owner, dirs[i].kind, &path) < 0)
                                return log_oom();
                        int r = unit_path_list_deps_origins(path, *owner, dirs[i].kind, &names, &origins);
                        if (r == -ENOMEM)
                                return log_oom();
                        if (r < 0)
                                continue; /* the listing has warned about what it could not read */
                        /* Links a special target skips go; the rest are added at once. */
                        size_t kept = 0;
                        for (size_t k = 0; names[k]; k++) {
                                if (special_units_skips_link(*owner, names[k])) {
                                        free(names[k]);
                                        free(origins[k]);
                                        continue;
                                }
                                names[kept] = names[k];
                                origins[kept++] = origins[k];
                        }
                        names[kept] = origins[kept] = NULL;
                        if (unit_add_dependencies(u, dirs[i].dep, names, origins) < 0)
                                return log_oom();
                }
        return 0;
}

/* A link named name (default.target) in a directory of the search path that points at a
 * special target svcd has built in but no file defines (`svcctl set-default rescue.target`
 * in a container): dangling as a file, it still names that target. 1 and *ret_id set, 0
 * if there is none. */
static int special_link_target(char *const *search_path, const char *name, char **ret_id) {
        STRV_FOREACH(dir, search_path) {
                _cleanup_free_ char *link = NULL;
                char target[PATH_MAX];
                ssize_t n;

                if (!unit_path_entry_may_exist(*dir, name))
                        continue;
                if (asprintf(&link, "%s/%s", *dir, name) < 0)
                        return -ENOMEM;
                n = readlink(link, target, sizeof target - 1);
                if (n < 0)
                        continue;
                target[n] = 0;
                const char *base = path_basename(target);
                if (!special_units_lookup(base) || !unit_name_is_valid(base) || streq(base, name) ||
                    unit_type_from_name(base) != unit_type_from_name(name))
                        continue;
                *ret_id = strdup(base);
                return *ret_id ? 1 : -ENOMEM;
        }
        return 0;
}

/* Finds what defines name: its file on the search path (for a special target, outside
 * systemd's vendor directories), else, for a special target, svcd's built-in definition
 * (*ret_path NULL). *ret_id is the unit's name: as resolve(), and for the built-in
 * default.target, multi-user.target. */
static int resolve_unit(char *const *search_path, const char *name, char **ret_path, char **ret_id) {
        const struct special_unit *s = special_units_lookup(name);
        _cleanup_strv_free_ char **path = NULL;
        int r;

        if (!s)
                return resolve(search_path, name, ret_path, ret_id);
        if (special_units_search_path(search_path, name, NULL, &path) < 0)
                return -ENOMEM;
        r = resolve(path, name, ret_path, ret_id);
        if (r != -ENOENT)
                return r;
        r = special_link_target(path, name, ret_id);
        if (r != 0) {
                *ret_path = NULL;
                return r < 0 ? r : 0;
        }
        *ret_id = strdup(s->alias_of ?: s->id);
        if (!*ret_id)
                return -ENOMEM;
        *ret_path = NULL;
        return 0;
}

/* A file in one of systemd's vendor directories. */
static bool in_vendor_dir(const char *path) {
        _cleanup_free_ char *dir = strndup(path, path_basename(path) - path);
        return dir && special_units_is_vendor_dir(dir);
}

/* default.target is a name of every unit it links to (systemd.special(7)): a target
 * loaded under its own name gets it as an alias too, so that default.target.wants/ and
 * default.target.d/ apply whichever name the unit was asked for first. */
static int add_default_target_alias(struct unit *u, char *const *search_path) {
        _cleanup_free_ char *path = NULL, *id = NULL;

        if (u->type != UNIT_TARGET || streq(u->id, SPECIAL_DEFAULT_TARGET) ||
            strv_contains(u->aliases, SPECIAL_DEFAULT_TARGET))
                return 0;
        int r = resolve_unit(search_path, SPECIAL_DEFAULT_TARGET, &path, &id);
        if (r == -ENOMEM)
                return log_oom();
        if (r < 0 || !streq(id, u->id))
                return 0;
        return strv_extend(&u->aliases, SPECIAL_DEFAULT_TARGET) < 0 ? log_oom() : 0;
}

static int load_unit(char *const *search_path, const char *name, struct unit **ret) {
        _cleanup_(unit_freep) struct unit *u = NULL;
        _cleanup_free_ char *path = NULL, *id = NULL, *builtin_name = NULL;
        _cleanup_fclose_ FILE *f = NULL;
        struct specifier_system sys = { .user = getuid() != 0 };
        const struct special_unit *builtin = NULL;
        bool user = sys.user;
        int r;

        if (!unit_name_is_valid(name))
                return log_error_errno(-EINVAL, "'%s' is not a valid unit name.", name);
        if (unit_name_is_template(name))
                return log_error_errno(-EINVAL, "%s is a template; it needs an instance name to be loaded "
                                       "(e.g. %.*s@INSTANCE%s).", name, (int) (strchr(name, '@') - name), name,
                                       strrchr(name, '.'));
        /* systemd.unit(5) unit types svcd knows by name but does not run: the caller
         * reports them as not supported, without reading anything. */
        if (unit_type_from_name(name) < 0)
                return -EPROTONOSUPPORT;

        r = resolve_unit(search_path, name, &path, &id);
        if (r < 0)
                return r;
        if (!streq(id, name)) {
                /* An alias: the unit is the one its target names, found on the search path
                 * like any other (so /etc overrides it), or, if that name is not on the path,
                 * the link's target file itself. A special target not on the path is the
                 * built-in one, unless the link leads to a file of its own outside systemd's
                 * vendor directories. A masked target masks the alias. */
                _cleanup_free_ char *path2 = NULL, *id2 = NULL;

                r = resolve_unit(search_path, id, &path2, &id2);
                if (r == -ERFKILL)
                        return r;
                if (r < 0 && r != -ENOENT)
                        return r;
                if (r == 0 && streq(id2, id) && (path2 || !path || in_vendor_dir(path))) {
                        free(path);
                        path = TAKE_PTR(path2);
                }
        }

        if (path) {
                r = open_unit_file(path, &f);
                if (r == -EBADFD)
                        return -EIO; /* a broken unit file: the unit loads as "error", with the message above */
                if (r < 0)
                        return log_error_errno(r, "%s: Failed to open %s: %m", name, path);
        } else {
                builtin = special_units_lookup(id);
                if (!builtin || !builtin->text)
                        return log_error_errno(-ENOENT, "%s: No built-in definition of %s.", name, id);
                if (asprintf(&builtin_name, SPECIAL_UNITS_BUILTIN_PREFIX "%s", id) < 0)
                        return log_oom();
                f = fmemopen((void *) builtin->text, strlen(builtin->text), "r");
                if (!f)
                        return log_error_errno(-errno, "%s: Cannot read the built-in definition: %m", id);
        }
        r = new_unit(path ?: builtin_name, id, &u);
        if (r < 0)
                return r;
        if (builtin) {
                free(u->fragment_path);
                u->fragment_path = NULL;
                u->builtin = true;
        }
        if (!streq(id, name) && strv_extend(&u->aliases, name) < 0)
                return log_oom();
        r = add_default_target_alias(u, search_path);
        if (r < 0)
                return r;

        const struct specifier_context spec = { .unit_id = u->id, .fragment_path = path, .system = &sys };
        r = parse_into(u, f, path ?: builtin_name, &spec);
        if (r >= 0)
                r = load_dropins(u, search_path, &spec);
        if (r >= 0)
                r = load_dependency_dirs(u, search_path);
        specifier_system_done(&sys);
        if (r < 0)
                return r;
        unit_apply_implicit_settings(u);
        if (special_units_add_default_dependencies(u, user) < 0)
                return log_oom();
        *ret = TAKE_PTR(u);
        return 0;
}

int unit_load(char *const *search_path, const char *name, struct unit **ret) {
        /* One batch per unit: each search directory is stat()ed once to validate its
         * cached listing, instead of once per probe (unit-path.h). */
        unit_path_cache_batch_begin();
        int r = load_unit(search_path, name, ret);
        unit_path_cache_batch_end();
        return r;
}
