/* analyze-dot.c: analyze dot: the dependency graph as a Graphviz digraph, edges coloured by dependency type.
 *
 * As systemd-analyze dot (src/analyze/analyze-dot.c): one edge per name in each unit's
 * After=, Requires=, Requisite=, BindsTo=, Wants= and Conflicts= arrays, in its colours;
 * with patterns, only edges that start or end at a matching unit. */
#include <errno.h>
#include <fnmatch.h>
#include <string.h>

#include "cli/analyze.h"
#include "cli/analyze-internal.h"
#include "libsvc/strv.h"

const char analyze_dot_legend[] = "   Color legend: black     = Requires\n"
                                  "                 dark blue = Requisite\n"
                                  "                 gold      = BindsTo\n"
                                  "                 dark grey = Wants\n"
                                  "                 red       = Conflicts\n"
                                  "                 green     = After\n";

static const struct {
        const char *property, *color;
} edge_kinds[] = {
        { "After", "green" },    { "Requires", "black" }, { "Requisite", "darkblue" },
        { "BindsTo", "gold" },   { "Wants", "grey66" },   { "Conflicts", "red" },
};

static bool has_glob(const char *p) {
        return strpbrk(p, "*?[") != NULL;
}

/* A plain name that is an alias stands for its unit too (systemd's expand_patterns()). */
static int expand_patterns(const struct analyze_units *s, char *const *patterns, char ***ret) {
        _cleanup_strv_free_ char **v = NULL;

        STRV_FOREACH(p, patterns) {
                const char *id;

                if (strv_extend(&v, *p) < 0)
                        return -ENOMEM;
                if (has_glob(*p))
                        continue;
                id = analyze_str(analyze_units_get(s, *p), "Id");
                if (*id && !streq(id, *p) && strv_extend(&v, id) < 0)
                        return -ENOMEM;
        }
        *ret = TAKE_PTR(v);
        return 0;
}

static bool matches(char *const *patterns, const char *name) {
        STRV_FOREACH(p, patterns)
                if (fnmatch(*p, name, 0) == 0)
                        return true;
        return false;
}

/* A name in a Graphviz string: quotes and backslashes escaped (unit names may hold "\x2d"). */
static void put_dot_string(FILE *f, const char *s) {
        fputc('"', f);
        for (; *s; s++) {
                if (*s == '"' || *s == '\\')
                        fputc('\\', f);
                fputc(*s, f);
        }
        fputc('"', f);
}

int analyze_dot(const struct analyze_units *s, char *const *patterns, FILE *f) {
        _cleanup_strv_free_ char **expanded = NULL;
        bool filter = strv_length(patterns) > 0;
        int r;

        r = expand_patterns(s, patterns, &expanded);
        if (r < 0)
                return r;
        fputs("digraph svcd {\n", f);
        for (size_t i = 0; i < analyze_units_size(s); i++) {
                struct json_object *u = analyze_units_at(s, i);
                const char *id = analyze_str(u, "Id");
                bool from_matches = matches(expanded, id);

                for (size_t k = 0; k < ELEMENTSOF(edge_kinds); k++) {
                        _cleanup_(analyze_names_done) struct analyze_names to = {};
                        const char *const property[] = { edge_kinds[k].property, NULL };

                        r = analyze_names_collect(u, property, &to);
                        if (r < 0)
                                return r;
                        for (size_t j = 0; j < to.n; j++) {
                                if (filter && !from_matches && !matches(expanded, to.v[j]))
                                        continue;
                                fputc('\t', f);
                                put_dot_string(f, id);
                                fputs("->", f);
                                put_dot_string(f, to.v[j]);
                                fprintf(f, " [color=\"%s\"];\n", edge_kinds[k].color);
                        }
                }
        }
        fputs("}\n", f);
        return ferror(f) ? -EIO : 0;
}
