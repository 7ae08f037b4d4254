/* analyze.c: the set of units the views work on, list-dependencies' tree and list-jobs' table.
 *
 * The tree follows systemctl's list-dependencies (src/systemctl/systemctl-list-
 * dependencies.c): the same properties, order, bullets, drawing and cycle marker. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/analyze.h"
#include "cli/analyze-internal.h"
#include "libsvc/strv.h"
#include "libsvc/varlink.h"

/* --- the set of units ---------------------------------------------------------------------- */

struct analyze_entry {
        const char *name; /* borrowed from unit, or from aliases */
        struct json_object *unit;
        size_t seq; /* order of addition: the first of a name wins */
};

struct analyze_units {
        struct analyze_entry *entries; /* sorted by name, unique */
        size_t n_entries;
        struct json_object **units; /* distinct, sorted by Id */
        size_t n_units;
        struct json_object **dropped; /* duplicates, kept alive: entries borrow their names */
        size_t n_dropped;
        char **aliases; /* names given to analyze_units_add() */
        size_t seq;
};

int analyze_units_new(struct analyze_units **ret) {
        struct analyze_units *s = calloc(1, sizeof *s);

        if (!s)
                return -ENOMEM;
        *ret = s;
        return 0;
}

struct analyze_units *analyze_units_free(struct analyze_units *s) {
        if (!s)
                return NULL;
        for (size_t i = 0; i < s->n_units; i++)
                json_object_put(s->units[i]);
        free(s->units);
        for (size_t i = 0; i < s->n_dropped; i++)
                json_object_put(s->dropped[i]);
        free(s->dropped);
        free(s->entries);
        strv_free(s->aliases);
        free(s);
        return NULL;
}

static int compare_entries(const void *a, const void *b) {
        const struct analyze_entry *x = a, *y = b;
        int c = strcmp(x->name, y->name);

        if (c != 0)
                return c;
        return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int compare_units_by_id(const void *a, const void *b) {
        struct json_object *const *x = a, *const *y = b;
        return strcmp(analyze_str(*x, "Id"), analyze_str(*y, "Id"));
}

static int push_entry(struct analyze_units *s, const char *name, struct json_object *unit) {
        struct analyze_entry *e;

        if (!name || !*name)
                return 0;
        e = reallocarray(s->entries, s->n_entries + 1, sizeof *e);
        if (!e)
                return -ENOMEM;
        s->entries = e;
        s->entries[s->n_entries++] = (struct analyze_entry) { .name = name, .unit = unit, .seq = s->seq++ };
        return 0;
}

/* Sorts the entries and drops the later ones of each name; then drops a unit whose Id leads
 * to another object (listed twice, or GetUnit's copy of a listed unit): its other names lead
 * to the one kept. */
static int settle(struct analyze_units *s) {
        size_t k = 0;
        int r = 0;

        if (s->n_entries > 1) /* qsort(3) with NULL is undefined, even for 0 elements */
                qsort(s->entries, s->n_entries, sizeof *s->entries, compare_entries);
        for (size_t i = 0; i < s->n_entries; i++)
                if (k == 0 || !streq(s->entries[k - 1].name, s->entries[i].name))
                        s->entries[k++] = s->entries[i];
        s->n_entries = k;
        k = 0;
        for (size_t i = 0; i < s->n_units; i++) {
                struct json_object *u = s->units[i], *kept = analyze_units_get(s, analyze_str(u, "Id"));

                if (kept == u) {
                        s->units[k++] = u;
                        continue;
                }
                for (size_t e = 0; e < s->n_entries; e++)
                        if (s->entries[e].unit == u)
                                s->entries[e].unit = kept;
                struct json_object **d = reallocarray(s->dropped, s->n_dropped + 1, sizeof *d);
                if (!d) {
                        /* Still owned: kept listed rather than freed with names in use. */
                        s->units[k++] = u;
                        r = -ENOMEM;
                        continue;
                }
                s->dropped = d;
                s->dropped[s->n_dropped++] = u;
        }
        s->n_units = k;
        if (s->n_units > 1)
                qsort(s->units, s->n_units, sizeof *s->units, compare_units_by_id);
        return r;
}

/* Adds unit without sorting. */
static int add_one(struct analyze_units *s, struct json_object *unit, const char *alias) {
        struct json_object **u, *names;
        const char *id = varlink_get_string(unit, "Id");
        int r;

        if (!json_object_is_type(unit, json_type_object) || !id || !*id)
                return 0;
        if (analyze_units_get(s, id) == unit)
                return alias ? push_entry(s, alias, unit) : 0;
        u = reallocarray(s->units, s->n_units + 1, sizeof *u);
        if (!u)
                return -ENOMEM;
        s->units = u;
        s->units[s->n_units++] = json_object_get(unit);
        r = push_entry(s, id, unit);
        if (r >= 0 && json_object_object_get_ex(unit, "Names", &names) && json_object_is_type(names, json_type_array))
                for (size_t i = 0; r >= 0 && i < json_object_array_length(names); i++) {
                        struct json_object *n = json_object_array_get_idx(names, i);
                        if (json_object_is_type(n, json_type_string))
                                r = push_entry(s, json_object_get_string(n), unit);
                }
        if (r >= 0 && alias)
                r = push_entry(s, alias, unit);
        return r;
}

int analyze_units_add(struct analyze_units *s, struct json_object *unit, const char *alias) {
        int r, q;

        if (alias) {
                if (strv_extend(&s->aliases, alias) < 0)
                        return -ENOMEM;
                alias = s->aliases[strv_length(s->aliases) - 1];
        }
        r = add_one(s, unit, alias);
        q = settle(s);
        return r < 0 ? r : q;
}

int analyze_units_add_array(struct analyze_units *s, struct json_object *units) {
        int r = 0, q;

        if (!json_object_is_type(units, json_type_array))
                return -EINVAL;
        /* Sorted once at the end, so that adding n units costs n log n; settle() drops what
         * the loop's lookups (on entries not sorted yet) let through twice. */
        for (size_t i = 0; r >= 0 && i < json_object_array_length(units); i++)
                r = add_one(s, json_object_array_get_idx(units, i), NULL);
        q = settle(s);
        return r < 0 ? r : q;
}

struct json_object *analyze_units_get(const struct analyze_units *s, const char *name) {
        size_t lo = 0, hi = s->n_entries;

        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                int c = strcmp(name, s->entries[mid].name);
                if (c == 0)
                        return s->entries[mid].unit;
                if (c < 0)
                        hi = mid;
                else
                        lo = mid + 1;
        }
        return NULL;
}

size_t analyze_units_size(const struct analyze_units *s) {
        return s->n_units;
}

struct json_object *analyze_units_at(const struct analyze_units *s, size_t i) {
        return i < s->n_units ? s->units[i] : NULL;
}

/* --- helpers ------------------------------------------------------------------------------- */

const char *analyze_str(struct json_object *o, const char *key) {
        return varlink_get_string(o, key) ?: "";
}

usec_t analyze_timestamp(struct json_object *o, const char *key) {
        int64_t v = varlink_get_int(o, key, 0);
        return v > 0 ? (usec_t) v : 0;
}

bool analyze_is_target(const char *name) {
        return endswith(name, ".target");
}

/* --- list-dependencies --------------------------------------------------------------------- */

/* systemctl's unit_get_dependencies() properties, and since systemd 249 Upholds=. */
static const char *const forward_properties[] = { "Requires", "Requisite", "Wants", "ConsistsOf", "BindsTo",
                                                  "Upholds", NULL };
static const char *const reverse_properties[] = { "RequiredBy", "RequisiteOf", "WantedBy", "PartOf", "BoundBy",
                                                  "UpheldBy", NULL };
static const char *const after_properties[] = { "After", NULL };
static const char *const before_properties[] = { "Before", NULL };

static const char *const *kind_properties(enum analyze_dependency_kind kind) {
        switch (kind) {
        case ANALYZE_DEPS_REVERSE:
                return reverse_properties;
        case ANALYZE_DEPS_AFTER:
                return after_properties;
        case ANALYZE_DEPS_BEFORE:
                return before_properties;
        default:
                return forward_properties;
        }
}

int analyze_names_collect(struct json_object *unit, const char *const *properties, struct analyze_names *ret) {
        struct analyze_names n = {};

        for (const char *const *p = properties; unit && *p; p++) {
                struct json_object *a;

                if (!json_object_object_get_ex(unit, *p, &a) || !json_object_is_type(a, json_type_array))
                        continue;
                for (size_t i = 0; i < json_object_array_length(a); i++) {
                        struct json_object *v = json_object_array_get_idx(a, i);
                        const char *name = json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
                        bool seen = false;

                        if (!name || !*name)
                                continue;
                        for (size_t k = 0; k < n.n && !seen; k++)
                                seen = streq(n.v[k], name);
                        if (seen)
                                continue;
                        const char **v2 = reallocarray(n.v, n.n + 1, sizeof *v2);
                        if (!v2) {
                                free(n.v);
                                return -ENOMEM;
                        }
                        n.v = v2;
                        n.v[n.n++] = name;
                }
        }
        *ret = n;
        return 0;
}

/* systemctl's list_dependencies_compare(): other units before targets, then by name. */
static int compare_dependency_names(const void *a, const void *b) {
        const char *const *x = a, *const *y = b;
        bool tx = analyze_is_target(*x), ty = analyze_is_target(*y);

        if (tx != ty)
                return tx ? 1 : -1;
        return strcasecmp(*x, *y);
}

int analyze_path_push(struct analyze_path *p, const char *name) {
        if (p->n == p->cap) {
                size_t cap = p->cap ? p->cap * 2 : 16;
                const char **names = reallocarray(p->names, cap, sizeof *names);
                if (!names)
                        return -ENOMEM;
                p->names = names;
                bool *more = reallocarray(p->more, cap, sizeof *more);
                if (!more)
                        return -ENOMEM;
                p->more = more;
                p->cap = cap;
        }
        p->names[p->n] = name;
        p->more[p->n] = false;
        p->n++;
        return 0;
}

bool analyze_path_contains(const struct analyze_path *p, const char *name) {
        for (size_t i = 0; i < p->n; i++)
                if (streq(p->names[i], name))
                        return true;
        return false;
}

void analyze_path_done(struct analyze_path *p) {
        free(p->names);
        free(p->more);
        *p = (struct analyze_path) {};
}

/* The drawing before a name at level: "│ " or "  " for each level above, then the branch. */
void analyze_print_branches(FILE *f, const bool *more, size_t level, bool last) {
        for (size_t i = 0; i < level; i++)
                fputs(more[i] ? GLYPH_TREE_VERTICAL : GLYPH_TREE_SPACE, f);
        fputs(last ? GLYPH_TREE_RIGHT : GLYPH_TREE_BRANCH, f);
}

static const char *active_state_of(const struct analyze_units *s, const char *name) {
        const char *state = analyze_str(analyze_units_get(s, name), "ActiveState");
        /* A unit svcd does not know is not running: inactive, as systemd shows a not-found unit. */
        return *state ? state : "inactive";
}

/* systemd's unit_active_state_to_glyph() and systemctl's colours for it. */
static void state_bullet(const char *state, bool colors, const char **ret_glyph, const char **ret_on) {
        const char *green = colors ? ANSI_HIGHLIGHT_GREEN : "", *red = colors ? ANSI_HIGHLIGHT_RED : "";
        const char *normal = colors ? ANSI_NORMAL : "";

        if (streq(state, "active") || streq(state, "activating"))
                *ret_glyph = GLYPH_BLACK_CIRCLE, *ret_on = green;
        else if (streq(state, "reloading"))
                *ret_glyph = GLYPH_CIRCLE_ARROW, *ret_on = green;
        else if (streq(state, "inactive"))
                *ret_glyph = GLYPH_WHITE_CIRCLE, *ret_on = normal;
        else if (streq(state, "deactivating"))
                *ret_glyph = GLYPH_BLACK_CIRCLE, *ret_on = normal;
        else if (streq(state, "failed"))
                *ret_glyph = GLYPH_CROSS, *ret_on = red;
        else
                *ret_glyph = GLYPH_BLACK_CIRCLE, *ret_on = red;
}

struct tree_walk {
        const struct analyze_units *s;
        const struct analyze_tree_options *o;
        FILE *f;
        struct analyze_path path;
};

static int sorted_dependencies(const struct tree_walk *w, const char *name, struct analyze_names *ret) {
        int r = analyze_names_collect(analyze_units_get(w->s, name), kind_properties(w->o->kind), ret);

        if (r >= 0 && ret->n > 1)
                qsort(ret->v, ret->n, sizeof *ret->v, compare_dependency_names);
        return r;
}

static int tree_print_one(struct tree_walk *w, const char *name) {
        _cleanup_(analyze_names_done) struct analyze_names deps = {};
        size_t level = w->path.n;
        bool circular = false;
        int r;

        r = sorted_dependencies(w, name, &deps);
        if (r < 0)
                return r;
        r = analyze_path_push(&w->path, name);
        if (r < 0)
                return r;
        for (size_t i = 0; i < deps.n; i++) {
                const char *glyph, *on;

                if (analyze_path_contains(&w->path, deps.v[i])) {
                        circular = true;
                        continue;
                }
                state_bullet(active_state_of(w->s, deps.v[i]), w->o->colors, &glyph, &on);
                fprintf(w->f, "%s%s%s ", on, glyph, w->o->colors ? ANSI_NORMAL : "");
                /* As systemctl: "last" knows only of the cycles met so far. */
                analyze_print_branches(w->f, w->path.more, level, i + 1 == deps.n && !circular);
                fprintf(w->f, "%s\n", deps.v[i]);
                if (w->o->all || analyze_is_target(deps.v[i])) {
                        w->path.more[level] = i + 1 < deps.n;
                        r = tree_print_one(w, deps.v[i]);
                        if (r < 0)
                                return r;
                }
        }
        if (circular) {
                fputs("  ", w->f);
                analyze_print_branches(w->f, w->path.more, level, true);
                fputs("...\n", w->f);
        }
        w->path.n--;
        return 0;
}

int analyze_dependency_tree(const struct analyze_units *s, const char *root, const struct analyze_tree_options *o,
                            FILE *f) {
        struct tree_walk w = { .s = s, .o = o, .f = f };
        int r;

        fprintf(f, "%s\n", root);
        r = tree_print_one(&w, root);
        analyze_path_done(&w.path);
        if (r < 0)
                return r;
        return ferror(f) ? -EIO : 0;
}

static struct json_object *tree_node(const struct tree_walk *w, const char *name) {
        struct json_object *node = json_object_new_object();

        if (!node || json_object_object_add(node, "unit", json_object_new_string(name)) < 0 ||
            json_object_object_add(node, "active_state", json_object_new_string(active_state_of(w->s, name))) < 0) {
                json_object_put(node);
                return NULL;
        }
        return node;
}

static int tree_build_one(struct tree_walk *w, const char *name, struct json_object *node) {
        _cleanup_(analyze_names_done) struct analyze_names deps = {};
        struct json_object *children;
        int r;

        r = sorted_dependencies(w, name, &deps);
        if (r < 0)
                return r;
        children = json_object_new_array();
        if (!children || json_object_object_add(node, "dependencies", children) < 0) {
                json_object_put(children);
                return -ENOMEM;
        }
        r = analyze_path_push(&w->path, name);
        if (r < 0)
                return r;
        for (size_t i = 0; i < deps.n; i++) {
                struct json_object *child = tree_node(w, deps.v[i]);

                if (!child || json_object_array_add(children, child) < 0) {
                        json_object_put(child);
                        return -ENOMEM;
                }
                if (analyze_path_contains(&w->path, deps.v[i])) {
                        if (json_object_object_add(child, "cycle", json_object_new_boolean(true)) < 0)
                                return -ENOMEM;
                        continue;
                }
                if (w->o->all || analyze_is_target(deps.v[i])) {
                        r = tree_build_one(w, deps.v[i], child);
                        if (r < 0)
                                return r;
                }
        }
        w->path.n--;
        return 0;
}

int analyze_dependency_tree_json(const struct analyze_units *s, const char *root,
                                 const struct analyze_tree_options *o, struct json_object **ret) {
        struct tree_walk w = { .s = s, .o = o };
        _cleanup_json_ struct json_object *node = tree_node(&w, root);
        int r;

        if (!node)
                return -ENOMEM;
        r = tree_build_one(&w, root, node);
        analyze_path_done(&w.path);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(node);
        return 0;
}

/* --- list-jobs ----------------------------------------------------------------------------- */

static int compare_jobs_by_id(const void *a, const void *b) {
        struct json_object *const *x = a, *const *y = b;
        int64_t i = varlink_get_int(*x, "id", 0), j = varlink_get_int(*y, "id", 0);
        return i < j ? -1 : i > j;
}

int analyze_job_list(struct json_object *jobs, bool colors, FILE *f) {
        _cleanup_free_ struct json_object **v = NULL;
        size_t n = 0;
        int w_id = (int) strlen("JOB"), w_unit = (int) strlen("UNIT"), w_type = (int) strlen("TYPE");

        if (json_object_is_type(jobs, json_type_array) && json_object_array_length(jobs) > 0) {
                v = calloc(json_object_array_length(jobs), sizeof *v);
                if (!v)
                        return -ENOMEM;
                for (size_t i = 0; i < json_object_array_length(jobs); i++) {
                        struct json_object *j = json_object_array_get_idx(jobs, i);
                        if (json_object_is_type(j, json_type_object))
                                v[n++] = j;
                }
        }
        if (n == 0) {
                fprintf(f, "%sNo jobs running.%s\n", colors ? ANSI_HIGHLIGHT_GREEN : "", colors ? ANSI_NORMAL : "");
                return ferror(f) ? -EIO : 0;
        }
        qsort(v, n, sizeof *v, compare_jobs_by_id);
        for (size_t i = 0; i < n; i++) {
                char id[32];
                w_id = MAX(w_id, snprintf(id, sizeof id, "%" PRId64, varlink_get_int(v[i], "id", 0)));
                w_unit = MAX(w_unit, (int) strlen(analyze_str(v[i], "unit")));
                w_type = MAX(w_type, (int) strlen(analyze_str(v[i], "type")));
        }
        /* systemctl's columns: the id right-aligned, a running job highlighted. */
        fprintf(f, "%*s %-*s %-*s %s\n", w_id, "JOB", w_unit, "UNIT", w_type, "TYPE", "STATE");
        for (size_t i = 0; i < n; i++) {
                bool running = streq(analyze_str(v[i], "state"), "running");
                const char *on = running && colors ? ANSI_HIGHLIGHT : "", *off = running && colors ? ANSI_NORMAL : "";

                fprintf(f, "%*" PRId64 " %s%-*s%s %-*s %s%s%s\n", w_id, varlink_get_int(v[i], "id", 0), on, w_unit,
                        analyze_str(v[i], "unit"), off, w_type, analyze_str(v[i], "type"), on,
                        analyze_str(v[i], "state"), off);
        }
        fprintf(f, "\n%s%zu jobs listed%s.\n", colors ? ANSI_HIGHLIGHT : "", n, colors ? ANSI_NORMAL : "");
        return ferror(f) ? -EIO : 0;
}
