/* analyze-times.c: the start-up as the units' timestamps tell it: analyze blame and analyze critical-chain.
 *
 * As systemd-analyze(1) (src/analyze/analyze-blame.c, analyze-critical-chain.c,
 * analyze-time-data.c), with svcd's start-up in place of the boot's userspace start and
 * CLOCK_REALTIME timestamps in place of monotonic ones. */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "cli/analyze.h"
#include "cli/analyze-internal.h"
#include "libsvc/macro.h"
#include "libsvc/varlink.h"

bool analyze_unit_times(struct json_object *unit, usec_t startup, struct analyze_times *ret) {
        struct analyze_times t = {
                .activating = analyze_timestamp(unit, "InactiveExitTimestamp"),
                .activated = analyze_timestamp(unit, "ActiveEnterTimestamp"),
                .deactivating = analyze_timestamp(unit, "ActiveExitTimestamp"),
                .deactivated = analyze_timestamp(unit, "InactiveEnterTimestamp"),
        };

        /* acquire_time_data(): a start that ended active took activated - activating, one
         * that ended inactive (failed) deactivated - activating; a unit still activating
         * (or whose last activation is older than its last exit from inactive) has no time. */
        if (t.activated >= t.activating)
                t.time = t.activated - t.activating;
        else if (t.deactivated >= t.activating)
                t.time = t.deactivated - t.activating;
        *ret = t;
        return t.activating > 0 && t.activating >= startup;
}

/* --- blame --------------------------------------------------------------------------------- */

struct blame_entry {
        const char *name;
        usec_t time;
};

static int compare_blame(const void *a, const void *b) {
        const struct blame_entry *x = a, *y = b;

        if (x->time != y->time)
                return x->time > y->time ? -1 : 1;
        return strcmp(x->name, y->name);
}

/* The units with a start-up time, slowest first (then by name, for a stable order). */
static int blame_collect(const struct analyze_units *s, usec_t startup, struct blame_entry **ret, size_t *ret_n) {
        size_t n = 0, total = analyze_units_size(s);
        struct blame_entry *v = calloc(MAX(total, (size_t) 1), sizeof *v);

        if (!v)
                return -ENOMEM;
        for (size_t i = 0; i < total; i++) {
                struct json_object *u = analyze_units_at(s, i);
                struct analyze_times t;

                if (!analyze_unit_times(u, startup, &t) || t.time == 0)
                        continue;
                v[n++] = (struct blame_entry) { .name = analyze_str(u, "Id"), .time = t.time };
        }
        qsort(v, n, sizeof *v, compare_blame);
        *ret = v;
        *ret_n = n;
        return 0;
}

int analyze_blame(const struct analyze_units *s, usec_t startup, FILE *f) {
        _cleanup_free_ struct blame_entry *v = NULL;
        char buf[ANALYZE_TIMESPAN_MAX];
        size_t n;
        int width = 0, r;

        r = blame_collect(s, startup, &v, &n);
        if (r < 0)
                return r;
        for (size_t i = 0; i < n; i++)
                width = MAX(width, (int) strlen(format_timespan_accuracy(buf, sizeof buf, v[i].time, USEC_PER_MSEC)));
        /* systemd-analyze's table: the span right-aligned, no header. */
        for (size_t i = 0; i < n; i++)
                fprintf(f, "%*s %s\n", width, format_timespan_accuracy(buf, sizeof buf, v[i].time, USEC_PER_MSEC),
                        v[i].name);
        return ferror(f) ? -EIO : 0;
}

int analyze_blame_json(const struct analyze_units *s, usec_t startup, struct json_object **ret) {
        _cleanup_free_ struct blame_entry *v = NULL;
        _cleanup_json_ struct json_object *a = json_object_new_array();
        size_t n;
        int r;

        if (!a)
                return -ENOMEM;
        r = blame_collect(s, startup, &v, &n);
        if (r < 0)
                return r;
        for (size_t i = 0; i < n; i++) {
                struct json_object *o = json_object_new_object();
                if (!o || json_object_array_add(a, o) < 0) {
                        json_object_put(o);
                        return -ENOMEM;
                }
                if (json_object_object_add(o, "unit", json_object_new_string(v[i].name)) < 0 ||
                    json_object_object_add(o, "time", json_object_new_int64((int64_t) v[i].time)) < 0)
                        return -ENOMEM;
        }
        *ret = TAKE_PTR(a);
        return 0;
}

/* --- critical-chain ------------------------------------------------------------------------ */

const char analyze_critical_chain_header[] =
        "The time when unit became active or started is printed after the \"@\" character.\n"
        "The time the unit took to start is printed after the \"+\" character.\n"
        "\n";

static const char *const after_property[] = { "After", NULL };

struct chain_walk {
        const struct analyze_units *s;
        const struct analyze_chain_options *o;
        FILE *f;                    /* text, or NULL for JSON */
        struct analyze_path seen;   /* every unit followed so far: none is followed twice */
        struct analyze_path levels; /* the units being followed, root first (for the drawing) */
};

/* The unit's times if it started since start-up and became active before the finish. */
static bool times_in_range(const struct chain_walk *w, const char *name, struct analyze_times *t) {
        return analyze_unit_times(analyze_units_get(w->s, name), w->o->startup, t) && t->activated > 0 &&
               t->activated <= w->o->finish;
}

static usec_t since_startup(const struct chain_walk *w, usec_t t) {
        return t > w->o->startup ? t - w->o->startup : 0;
}

static void chain_print(const struct chain_walk *w, const char *name, size_t level, bool last,
                        const struct analyze_times *t) {
        char a[ANALYZE_TIMESPAN_MAX], b[ANALYZE_TIMESPAN_MAX];

        analyze_print_branches(w->f, w->levels.more, level, last);
        if (t->time > 0)
                fprintf(w->f, "%s%s @%s +%s%s\n", w->o->colors ? ANSI_HIGHLIGHT_RED : "", name,
                        format_timespan_accuracy(a, sizeof a, since_startup(w, t->activating), USEC_PER_MSEC),
                        format_timespan_accuracy(b, sizeof b, t->time, USEC_PER_MSEC), w->o->colors ? ANSI_NORMAL : "");
        else
                fprintf(w->f, "%s @%s\n", name,
                        format_timespan_accuracy(a, sizeof a, since_startup(w, t->activated), USEC_PER_MSEC));
}

struct chain_candidate {
        const char *name;
        struct analyze_times t;
};

static int compare_candidates(const void *a, const void *b) {
        const struct chain_candidate *x = a, *y = b;

        if (x->t.activated != y->t.activated)
                return x->t.activated > y->t.activated ? -1 : 1;
        return strcmp(x->name, y->name);
}

/* The After= units of name that became active last (within fuzz of the last), latest first. */
static int chain_candidates(const struct chain_walk *w, const char *name, struct chain_candidate **ret,
                            size_t *ret_n) {
        _cleanup_(analyze_names_done) struct analyze_names deps = {};
        _cleanup_free_ struct chain_candidate *v = NULL;
        usec_t longest = 0;
        size_t n = 0, k = 0;
        int r;

        r = analyze_names_collect(analyze_units_get(w->s, name), after_property, &deps);
        if (r < 0)
                return r;
        v = calloc(MAX(deps.n, (size_t) 1), sizeof *v);
        if (!v)
                return -ENOMEM;
        for (size_t i = 0; i < deps.n; i++) {
                v[n].name = deps.v[i];
                if (times_in_range(w, deps.v[i], &v[n].t)) {
                        longest = MAX(longest, v[n].t.activated);
                        n++;
                }
        }
        for (size_t i = 0; i < n; i++)
                if (longest - v[i].t.activated <= w->o->fuzz)
                        v[k++] = v[i];
        qsort(v, k, sizeof *v, compare_candidates);
        *ret = TAKE_PTR(v);
        *ret_n = k;
        return 0;
}

static int chain_node(const struct chain_walk *w, const char *name, const struct analyze_times *t,
                      struct json_object **ret) {
        struct json_object *o = json_object_new_object();
        int r = o ? json_object_object_add(o, "unit", json_object_new_string(name)) : -ENOMEM;

        if (r >= 0 && t && t->activating >= w->o->startup) {
                r = json_object_object_add(o, "activating",
                                           json_object_new_int64((int64_t) since_startup(w, t->activating)));
                if (r >= 0 && t->activated >= w->o->startup)
                        r = json_object_object_add(o, "activated",
                                                   json_object_new_int64((int64_t) since_startup(w, t->activated)));
                if (r >= 0 && t->time > 0)
                        r = json_object_object_add(o, "time", json_object_new_int64((int64_t) t->time));
        }
        if (r < 0) {
                json_object_put(o);
                return -ENOMEM;
        }
        *ret = o;
        return 0;
}

/* Prints (or, with node, builds) the chain below name, which is at level and already printed. */
static int chain_one(struct chain_walk *w, const char *name, size_t level, struct json_object *node) {
        _cleanup_free_ struct chain_candidate *v = NULL;
        struct json_object *children = NULL;
        size_t n;
        int r;

        r = analyze_path_push(&w->seen, name);
        if (r >= 0)
                r = analyze_path_push(&w->levels, name);
        if (r < 0)
                return r;
        r = chain_candidates(w, name, &v, &n);
        if (r < 0)
                return r;
        if (node && n > 0) {
                children = json_object_new_array();
                if (!children || json_object_object_add(node, "after", children) < 0) {
                        json_object_put(children);
                        return -ENOMEM;
                }
        }
        for (size_t i = 0; i < n; i++) {
                bool last = i + 1 == n, cycle = analyze_path_contains(&w->seen, v[i].name);
                struct json_object *child = NULL;

                if (node) {
                        r = chain_node(w, v[i].name, &v[i].t, &child);
                        if (r >= 0 && json_object_array_add(children, child) < 0) {
                                json_object_put(child);
                                r = -ENOMEM;
                        }
                        if (r >= 0 && cycle)
                                r = json_object_object_add(child, "cycle", json_object_new_boolean(true));
                        if (r < 0)
                                return -ENOMEM;
                } else
                        chain_print(w, v[i].name, level, last, &v[i].t);
                w->levels.more[level] = !last;
                if (cycle) {
                        if (!node) {
                                analyze_print_branches(w->f, w->levels.more, level + 1, true);
                                fputs("...\n", w->f);
                        }
                        continue;
                }
                r = chain_one(w, v[i].name, level + 1, child);
                if (r < 0)
                        return r;
        }
        w->levels.n--;
        return 0;
}

/* The root's Id (an alias resolves to the unit) and times. */
static const char *chain_root(const struct chain_walk *w, const char *root, struct analyze_times *t, bool *has_times) {
        struct json_object *u = analyze_units_get(w->s, root);
        const char *id = analyze_str(u, "Id");

        *has_times = analyze_unit_times(u, w->o->startup, t);
        return *id ? id : root;
}

int analyze_critical_chain(const struct analyze_units *s, const char *root, const struct analyze_chain_options *o,
                           FILE *f) {
        struct chain_walk w = { .s = s, .o = o, .f = f };
        struct analyze_times t;
        char buf[ANALYZE_TIMESPAN_MAX];
        bool has_times;
        const char *id = chain_root(&w, root, &t, &has_times);
        int r;

        /* systemd-analyze prints nothing for a root without times; the name alone says at
         * least which unit the (then empty) chain is about. */
        if (has_times && t.time > 0)
                fprintf(f, "%s%s +%s%s\n", o->colors ? ANSI_HIGHLIGHT_RED : "", id,
                        format_timespan_accuracy(buf, sizeof buf, t.time, USEC_PER_MSEC), o->colors ? ANSI_NORMAL : "");
        else if (has_times && t.activated > o->startup)
                fprintf(f, "%s @%s\n", id,
                        format_timespan_accuracy(buf, sizeof buf, t.activated - o->startup, USEC_PER_MSEC));
        else
                fprintf(f, "%s\n", id);
        r = chain_one(&w, root, 0, NULL);
        analyze_path_done(&w.seen);
        analyze_path_done(&w.levels);
        if (r < 0)
                return r;
        return ferror(f) ? -EIO : 0;
}

int analyze_critical_chain_json(const struct analyze_units *s, const char *root,
                                const struct analyze_chain_options *o, struct json_object **ret) {
        struct chain_walk w = { .s = s, .o = o };
        _cleanup_json_ struct json_object *node = NULL;
        struct analyze_times t;
        bool has_times;
        const char *id = chain_root(&w, root, &t, &has_times);
        int r;

        r = chain_node(&w, id, has_times ? &t : NULL, &node);
        if (r < 0)
                return r;
        r = chain_one(&w, root, 0, node);
        analyze_path_done(&w.seen);
        analyze_path_done(&w.levels);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(node);
        return 0;
}
