/* test-analyze.c: svcctl's views of the unit graph, the job queue and the start-up (cli/analyze*.c), from hand-built unit objects. */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/analyze.h"
#include "libsvc/strv.h"
#include "libsvc/varlink.h"
#include "tests/unit/test-helpers.h"

/* svcd's start-up, CLOCK_REALTIME µs; the units' times are given relative to it. */
#define S ((usec_t) 1700000000000000ULL)
#define MS USEC_PER_MSEC
#define SEC USEC_PER_SEC

static struct json_object *units_array;
static struct analyze_units *set;
static char *out;
static size_t out_len;

static void setup(void) {
        units_array = json_object_new_array();
        ck_assert_ptr_nonnull(units_array);
        set = NULL;
        out = NULL;
}

static void teardown(void) {
        json_object_put(units_array);
        analyze_units_free(set);
        free(out);
}

/* A unit object {"Id", "ActiveState"} added to the array. */
static struct json_object *unit(const char *id, const char *state) {
        struct json_object *u = json_object_new_object();

        json_object_object_add(u, "Id", json_object_new_string(id));
        if (state)
                json_object_object_add(u, "ActiveState", json_object_new_string(state));
        json_object_array_add(units_array, u);
        return u;
}

/* Sets property to the NULL-terminated names. */
static void deps(struct json_object *u, const char *property, ...) {
        struct json_object *a = json_object_new_array();
        va_list ap;

        va_start(ap, property);
        for (const char *n; (n = va_arg(ap, const char *));)
                json_object_array_add(a, json_object_new_string(n));
        va_end(ap);
        json_object_object_add(u, property, a);
}

static void stamp(struct json_object *u, const char *key, usec_t t) {
        json_object_object_add(u, key, json_object_new_int64((int64_t) t));
}

/* The four timestamps, absolute (0: never). */
static void times(struct json_object *u, usec_t activating, usec_t activated, usec_t deactivating, usec_t deactivated) {
        stamp(u, "InactiveExitTimestamp", activating);
        stamp(u, "ActiveEnterTimestamp", activated);
        stamp(u, "ActiveExitTimestamp", deactivating);
        stamp(u, "InactiveEnterTimestamp", deactivated);
}

static struct analyze_units *build(void) {
        ck_assert_int_eq(analyze_units_new(&set), 0);
        ck_assert_int_eq(analyze_units_add_array(set, units_array), 0);
        return set;
}

/* Output capture: begin() opens a memory stream, end() closes it and returns the text. */
static FILE *begin(void) {
        FILE *f;

        free(out);
        out = NULL;
        f = open_memstream(&out, &out_len);
        ck_assert_ptr_nonnull(f);
        return f;
}

static const char *end(FILE *f) {
        ck_assert_int_eq(fclose(f), 0);
        return out;
}

static size_t count_lines(const char *s) {
        size_t n = 0;
        for (; *s; s++)
                n += *s == '\n';
        return n;
}

static size_t count_of(const char *s, const char *needle) {
        size_t n = 0;
        for (const char *p = s; (p = strstr(p, needle)); p += strlen(needle))
                n++;
        return n;
}

/* --- the set ------------------------------------------------------------------------------- */

START_TEST(units_found_by_id_names_and_alias) {
        struct json_object *m = unit("multi-user.target", "active");
        deps(m, "Names", "multi-user.target", "runlevel2.target", NULL);
        unit("b.service", "inactive");
        unit("a.service", "failed");
        json_object_array_add(units_array, json_object_new_string("not an object"));
        json_object_array_add(units_array, json_object_new_object()); /* no Id */
        build();

        ck_assert_uint_eq(analyze_units_size(set), 3);
        ck_assert_str_eq(json_object_get_string(json_object_object_get(analyze_units_at(set, 0), "Id")), "a.service");
        ck_assert_str_eq(json_object_get_string(json_object_object_get(analyze_units_at(set, 2), "Id")),
                         "multi-user.target");
        ck_assert_ptr_null(analyze_units_at(set, 3));
        ck_assert_ptr_eq(analyze_units_get(set, "runlevel2.target"), m);
        ck_assert_ptr_null(analyze_units_get(set, "default.target"));
        ck_assert_int_eq(analyze_units_add(set, m, "default.target"), 0);
        ck_assert_ptr_eq(analyze_units_get(set, "default.target"), m);
        ck_assert_uint_eq(analyze_units_size(set), 3);
        ck_assert_ptr_null(analyze_units_get(set, "c.service"));
}
END_TEST

START_TEST(units_first_of_a_name_wins) {
        struct json_object *first = unit("x.service", "active");
        struct json_object *second = unit("x.service", "failed");
        deps(second, "Names", "x.service", "y.service", NULL);
        build();
        ck_assert_ptr_eq(analyze_units_get(set, "x.service"), first);
        /* One unit per Id; the second object's other names lead to the first, also once
         * nothing but the set holds the objects (the names are the second one's strings). */
        json_object_put(units_array);
        units_array = json_object_new_array();
        ck_assert_uint_eq(analyze_units_size(set), 1);
        ck_assert_ptr_eq(analyze_units_get(set, "y.service"), first);
        ck_assert_str_eq(json_object_get_string(json_object_object_get(first, "ActiveState")), "active");
        /* GetUnit's copy of a listed unit, asked for by an alias: the alias leads to the
         * listed one, and the copy is not kept twice. */
        struct json_object *copy = json_object_new_object();
        json_object_object_add(copy, "Id", json_object_new_string("x.service"));
        ck_assert_int_eq(analyze_units_add(set, copy, "z.service"), 0);
        json_object_put(copy);
        ck_assert_uint_eq(analyze_units_size(set), 1);
        ck_assert_ptr_eq(analyze_units_get(set, "z.service"), first);
        struct json_object *not_an_array = json_object_new_string("x");
        ck_assert_int_eq(analyze_units_add_array(set, not_an_array), -EINVAL);
        json_object_put(not_an_array);
}
END_TEST

/* --- time spans ---------------------------------------------------------------------------- */

START_TEST(timespan_as_systemd) {
        char b[ANALYZE_TIMESPAN_MAX];

        ck_assert_str_eq(format_timespan_accuracy(b, sizeof b, 0, MS), "0");
        ck_assert_str_eq(format_timespan_accuracy(b, sizeof b, USEC_INFINITY, MS), "infinity");
        ck_assert_str_eq(format_timespan_accuracy(b, sizeof b, 1234567, MS), "1.234s");
        ck_assert_str_eq(format_timespan_accuracy(b, sizeof b, SEC, MS), "1s");
        ck_assert_str_eq(format_timespan_accuracy(b, sizeof b, 15 * MS, MS), "15ms");
        ck_assert_str_eq(format_timespan_accuracy(b, sizeof b, 1500, MS), "1ms");
        ck_assert_str_eq(format_timespan_accuracy(b, sizeof b, 500, MS), "500us");
        ck_assert_str_eq(format_timespan_accuracy(b, sizeof b, 62345678, MS), "1min 2.345s");
        ck_assert_str_eq(format_timespan_accuracy(b, sizeof b, 3600 * SEC + 5 * SEC, MS), "1h 5s");
        ck_assert_str_eq(format_timespan_accuracy(b, sizeof b, 2 * SEC + 50 * MS, MS), "2.050s");
        ck_assert_str_eq(format_timespan_accuracy(b, sizeof b, 1234567, 1), "1.234567s");
        /* A buffer too small is cut, never overrun. */
        ck_assert_str_eq(format_timespan_accuracy(b, 4, 62345678, MS), "1mi");
}
END_TEST

/* --- list-dependencies --------------------------------------------------------------------- */

static const struct analyze_tree_options forward = { .kind = ANALYZE_DEPS_FORWARD };

static const char *tree(const char *root, const struct analyze_tree_options *o) {
        FILE *f = begin();
        ck_assert_int_eq(analyze_dependency_tree(set, root, o, f), 0);
        return end(f);
}

START_TEST(tree_as_systemctl) {
        struct json_object *d = unit("default.target", "active");
        deps(d, "Wants", "web.service", "Zeta.target", "multi-user.target", NULL);
        deps(d, "Requires", "db.service", "web.service", NULL); /* web.service once */
        deps(d, "After", "ignored.service", NULL);
        struct json_object *m = unit("multi-user.target", "active");
        deps(m, "Wants", "cron.service", "gone.service", NULL);
        deps(m, "Requires", "basic.target", NULL);
        unit("basic.target", "inactive");
        unit("cron.service", "failed");
        unit("db.service", "activating");
        unit("web.service", "reloading");
        struct json_object *z = unit("Zeta.target", "deactivating");
        deps(z, "BindsTo", "db.service", NULL);
        build();

        /* Services before targets, then by name ignoring case; targets expanded; a name
         * svcd does not know (gone.service) is inactive. */
        ck_assert_str_eq(tree("default.target", &forward),
                         "default.target\n"
                         "● ├─db.service\n"
                         "↻ ├─web.service\n"
                         "● ├─multi-user.target\n"
                         "× │ ├─cron.service\n"
                         "○ │ ├─gone.service\n"
                         "○ │ └─basic.target\n"
                         "● └─Zeta.target\n"
                         "●   └─db.service\n");
        /* With colours: the bullet only. */
        struct analyze_tree_options colored = { .colors = true };
        const char *t = tree("multi-user.target", &colored);
        ck_assert_ptr_nonnull(strstr(t, "\x1b[0;1;31m×\x1b[0m ├─cron.service\n"));
        ck_assert_ptr_nonnull(strstr(t, "\x1b[0m○\x1b[0m └─basic.target\n"));
}
END_TEST

START_TEST(tree_all_expands_services) {
        struct json_object *a = unit("a.target", "active");
        deps(a, "Wants", "s.service", NULL);
        struct json_object *s = unit("s.service", "active");
        deps(s, "Requires", "t.service", NULL);
        unit("t.service", "active");
        build();

        ck_assert_str_eq(tree("a.target", &forward), "a.target\n● └─s.service\n");
        struct analyze_tree_options all = { .all = true };
        ck_assert_str_eq(tree("a.target", &all), "a.target\n● └─s.service\n●   └─t.service\n");
}
END_TEST

START_TEST(tree_reverse_after_before) {
        struct json_object *s = unit("s.service", "active");
        deps(s, "WantedBy", "multi-user.target", NULL);
        deps(s, "RequiredBy", "x.service", NULL);
        deps(s, "After", "sysinit.target", "basic.target", NULL);
        deps(s, "Before", "shutdown.target", NULL);
        struct json_object *m = unit("multi-user.target", "active");
        deps(m, "WantedBy", "graphical.target", NULL);
        build();

        struct analyze_tree_options o = { .kind = ANALYZE_DEPS_REVERSE };
        ck_assert_str_eq(tree("s.service", &o),
                         "s.service\n○ ├─x.service\n● └─multi-user.target\n○   └─graphical.target\n");
        o.kind = ANALYZE_DEPS_AFTER;
        ck_assert_str_eq(tree("s.service", &o), "s.service\n○ ├─basic.target\n○ └─sysinit.target\n");
        o.kind = ANALYZE_DEPS_BEFORE;
        ck_assert_str_eq(tree("s.service", &o), "s.service\n○ └─shutdown.target\n");
}
END_TEST

START_TEST(tree_cycles_are_cut) {
        struct json_object *a = unit("a.target", "active");
        deps(a, "Wants", "b.target", NULL);
        struct json_object *b = unit("b.target", "active");
        deps(b, "Wants", "a.target", "c.target", NULL);
        struct json_object *c = unit("c.target", "active");
        deps(c, "Requires", "c.target", NULL); /* itself */
        build();

        /* As systemctl: a unit on the path is left out and "..." says so, as the last line. */
        ck_assert_str_eq(tree("a.target", &forward),
                         "a.target\n"
                         "● └─b.target\n"
                         "●   ├─c.target\n"
                         "      └─...\n"
                         "    └─...\n");
        /* A unit met again on another path is shown again (only the path counts). */
        struct json_object *r = unit("r.target", "active");
        deps(r, "Wants", "a.target", "b.target", NULL);
        analyze_units_free(set);
        build();
        const char *t = tree("r.target", &forward);
        ck_assert_uint_eq(count_of(t, "─c.target"), 2);
}
END_TEST

START_TEST(tree_of_unknown_root_and_empty_set) {
        build();
        ck_assert_str_eq(tree("default.target", &forward), "default.target\n");
}
END_TEST

START_TEST(tree_json) {
        struct json_object *a = unit("a.target", "active");
        deps(a, "Wants", "s.service", "b.target", NULL);
        struct json_object *b = unit("b.target", "inactive");
        deps(b, "Wants", "a.target", NULL);
        unit("s.service", "failed");
        build();

        struct json_object *v = NULL;
        ck_assert_int_eq(analyze_dependency_tree_json(set, "a.target", &forward, &v), 0);
        ck_assert_str_eq(json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN),
                         "{\"unit\":\"a.target\",\"active_state\":\"active\",\"dependencies\":["
                         "{\"unit\":\"s.service\",\"active_state\":\"failed\"},"
                         "{\"unit\":\"b.target\",\"active_state\":\"inactive\",\"dependencies\":["
                         "{\"unit\":\"a.target\",\"active_state\":\"active\",\"cycle\":true}]}]}");
        json_object_put(v);
}
END_TEST

START_TEST(tree_of_a_thousand_units) {
        /* default.target wants 999 services; a chain of 300 targets below it, each
         * wanting the next: deep recursion and long paths. */
        struct json_object *d = unit("default.target", "active");
        struct json_object *w = json_object_new_array();
        char name[64];

        for (int i = 0; i < 999; i++) {
                snprintf(name, sizeof name, "s%03d.service", i);
                unit(name, i % 2 ? "active" : "inactive");
                json_object_array_add(w, json_object_new_string(name));
        }
        json_object_array_add(w, json_object_new_string("t000.target"));
        json_object_object_add(d, "Wants", w);
        for (int i = 0; i < 300; i++) {
                char next[64];
                snprintf(name, sizeof name, "t%03d.target", i);
                snprintf(next, sizeof next, "t%03d.target", i + 1);
                struct json_object *t = unit(name, "active");
                if (i < 299)
                        deps(t, "Wants", next, "default.target", NULL);
        }
        build();

        const char *t = tree("default.target", &forward);
        /* 1 root + 999 services + 300 targets + 299 cycle markers (each target but the last
         * wants default.target, which is on the path). */
        ck_assert_uint_eq(count_lines(t), 1 + 999 + 300 + 299);
        ck_assert_ptr_nonnull(strstr(t, "○ ├─s000.service\n● ├─s001.service\n"));
        /* As systemctl: "├─" before the last child when a cycle was cut among the siblings. */
        ck_assert_ptr_nonnull(strstr(t, "● └─t000.target\n●   ├─t001.target\n"));
}
END_TEST

/* --- list-jobs ----------------------------------------------------------------------------- */

static struct json_object *job(struct json_object *jobs, int id, const char *unit_name, const char *type,
                               const char *state) {
        struct json_object *j = json_object_new_object();
        json_object_object_add(j, "id", json_object_new_int(id));
        json_object_object_add(j, "unit", json_object_new_string(unit_name));
        json_object_object_add(j, "type", json_object_new_string(type));
        json_object_object_add(j, "state", json_object_new_string(state));
        json_object_array_add(jobs, j);
        return j;
}

START_TEST(job_list_as_systemctl) {
        struct json_object *jobs = json_object_new_array();
        FILE *f = begin();

        ck_assert_int_eq(analyze_job_list(jobs, false, f), 0);
        ck_assert_str_eq(end(f), "No jobs running.\n");

        job(jobs, 1042, "web.service", "start", "waiting");
        job(jobs, 7, "multi-user.target", "start", "waiting");
        job(jobs, 99, "db.service", "restart", "running");
        f = begin();
        ck_assert_int_eq(analyze_job_list(jobs, false, f), 0);
        ck_assert_str_eq(end(f), " JOB UNIT              TYPE    STATE\n"
                                 "   7 multi-user.target start   waiting\n"
                                 "  99 db.service        restart running\n"
                                 "1042 web.service       start   waiting\n"
                                 "\n"
                                 "3 jobs listed.\n");
        f = begin();
        ck_assert_int_eq(analyze_job_list(jobs, true, f), 0);
        ck_assert_ptr_nonnull(
                strstr(end(f), "  99 \x1b[0;1;39mdb.service       \x1b[0m restart \x1b[0;1;39mrunning\x1b[0m\n"));
        json_object_put(jobs);
        f = begin();
        ck_assert_int_eq(analyze_job_list(NULL, true, f), 0);
        ck_assert_str_eq(end(f), "\x1b[0;1;32mNo jobs running.\x1b[0m\n");
}
END_TEST

/* --- blame --------------------------------------------------------------------------------- */

static const char *blame(void) {
        FILE *f = begin();
        ck_assert_int_eq(analyze_blame(set, S, f), 0);
        return end(f);
}

START_TEST(blame_slowest_first) {
        times(unit("fast.service", "active"), S + 10 * MS, S + 25 * MS, 0, 0);
        times(unit("slow.service", "active"), S + 5 * MS, S + 1234 * MS + 500, 0, 0);
        times(unit("minute.service", "active"), S, S + 62345678, 0, 0);
        /* Failed to start: activating until it was inactive again (its ActiveEnter is older). */
        times(unit("failed.service", "failed"), S + 2 * SEC, S - 5 * SEC, S - 4 * SEC, S + 2 * SEC + 300 * MS);
        /* Never started, from before start-up, still activating, instant: left out. */
        times(unit("never.service", "inactive"), 0, 0, 0, 0);
        unit("none.service", "inactive");
        times(unit("old.service", "active"), S - SEC, S - SEC / 2, 0, 0);
        times(unit("activating.service", "activating"), S + 3 * SEC, 0, 0, 0);
        times(unit("instant.target", "active"), S + 30 * MS, S + 30 * MS, 0, 0);
        build();

        ck_assert_str_eq(blame(), "1min 2.345s minute.service\n"
                                  "     1.229s slow.service\n"
                                  "      300ms failed.service\n"
                                  "       15ms fast.service\n");
        struct json_object *v = NULL;
        ck_assert_int_eq(analyze_blame_json(set, S, &v), 0);
        ck_assert_str_eq(json_object_to_json_string_ext(json_object_array_get_idx(v, 3), JSON_C_TO_STRING_PLAIN),
                         "{\"unit\":\"fast.service\",\"time\":15000}");
        ck_assert_uint_eq(json_object_array_length(v), 4);
        json_object_put(v);
}
END_TEST

START_TEST(blame_of_nothing) {
        build();
        ck_assert_str_eq(blame(), "");
        unit("x.service", "active"); /* no timestamps at all */
        analyze_units_free(set);
        build();
        ck_assert_str_eq(blame(), "");
}
END_TEST

START_TEST(blame_of_a_thousand_units) {
        char name[64];

        for (int i = 0; i < 1000; i++) {
                snprintf(name, sizeof name, "u%04d.service", i);
                times(unit(name, "active"), S + (usec_t) i * MS, S + (usec_t) i * MS + (usec_t) (i + 1) * MS, 0, 0);
        }
        build();
        const char *t = blame();
        ck_assert_uint_eq(count_lines(t), 1000);
        /* The longest span first ("1s", right-aligned to "999ms"), the shortest last. */
        ck_assert(strncmp(t, "   1s u0999.service\n999ms u0998.service\n", 40) == 0);
        ck_assert_str_eq(t + strlen(t) - strlen("  1ms u0000.service\n"), "  1ms u0000.service\n");
}
END_TEST

/* --- critical-chain ------------------------------------------------------------------------ */

static const char *chain(const char *root, usec_t finish) {
        struct analyze_chain_options o = { .startup = S, .finish = finish };
        FILE *f = begin();
        ck_assert_int_eq(analyze_critical_chain(set, root, &o, f), 0);
        return end(f);
}

START_TEST(critical_chain_follows_the_last_active) {
        struct json_object *m = unit("multi-user.target", "active");
        deps(m, "Names", "multi-user.target", "default.target", NULL);
        deps(m, "After", "a.service", "b.service", "late.service", "never.service", NULL);
        times(m, S + 2100 * MS, S + 2100 * MS, 0, 0);
        struct json_object *a = unit("a.service", "active");
        deps(a, "After", "c.service", "basic.target", NULL);
        times(a, S + SEC, S + 2 * SEC, 0, 0);
        times(unit("b.service", "active"), S + 200 * MS, S + 1500 * MS, 0, 0);
        struct json_object *c = unit("c.service", "active");
        times(c, S + 500 * MS, S + 900 * MS, 0, 0);
        times(unit("basic.target", "active"), S + 100 * MS, S + 100 * MS, 0, 0);
        /* Active only after the start-up finished: not part of the chain. */
        times(unit("late.service", "active"), S + 3 * SEC, S + 9 * SEC, 0, 0);
        unit("never.service", "inactive");
        build();

        ck_assert_str_eq(chain("default.target", S + 5 * SEC),
                         "multi-user.target @2.100s\n"
                         "└─a.service @1s +1s\n"
                         "  └─c.service @500ms +400ms\n");
        /* Later, with late.service inside the start-up. */
        ck_assert_str_eq(chain("multi-user.target", S + 10 * SEC),
                         "multi-user.target @2.100s\n"
                         "└─late.service @3s +6s\n");
        /* With fuzz, units close to the last one are followed too. */
        struct analyze_chain_options o = { .startup = S, .finish = S + 5 * SEC, .fuzz = SEC };
        FILE *f = begin();
        ck_assert_int_eq(analyze_critical_chain(set, "multi-user.target", &o, f), 0);
        ck_assert_str_eq(end(f), "multi-user.target @2.100s\n"
                                 "├─a.service @1s +1s\n"
                                 "│ ├─c.service @500ms +400ms\n"
                                 "│ └─basic.target @100ms\n"
                                 "└─b.service @200ms +1.300s\n");
        ck_assert_ptr_nonnull(strstr(analyze_critical_chain_header, "after the \"@\" character.\n"));
}
END_TEST

START_TEST(critical_chain_cycle_and_unknown) {
        struct json_object *x = unit("x.service", "active");
        deps(x, "After", "y.service", NULL);
        times(x, S + 2 * SEC, S + 3 * SEC, 0, 0);
        struct json_object *y = unit("y.service", "active");
        deps(y, "After", "x.service", NULL);
        times(y, S + SEC, S + 1500 * MS, 0, 0);
        /* Timestamps all 0: no line beyond the name. */
        struct json_object *z = unit("z.service", "inactive");
        deps(z, "After", "zero.service", NULL);
        times(unit("zero.service", "inactive"), 0, 0, 0, 0);
        build();

        ck_assert_str_eq(chain("x.service", S + 10 * SEC),
                         "x.service +1s\n"
                         "└─y.service @1s +500ms\n"
                         "  └─x.service @2s +1s\n"
                         "    └─...\n");
        ck_assert_str_eq(chain("z.service", S + 10 * SEC), "z.service\n");
        ck_assert_str_eq(chain("nosuch.service", S + 10 * SEC), "nosuch.service\n");

        struct analyze_chain_options o = { .startup = S, .finish = S + 10 * SEC };
        struct json_object *v = NULL;
        ck_assert_int_eq(analyze_critical_chain_json(set, "x.service", &o, &v), 0);
        ck_assert_str_eq(json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN),
                         "{\"unit\":\"x.service\",\"activating\":2000000,\"activated\":3000000,\"time\":1000000,"
                         "\"after\":[{\"unit\":\"y.service\",\"activating\":1000000,\"activated\":1500000,"
                         "\"time\":500000,\"after\":[{\"unit\":\"x.service\",\"activating\":2000000,"
                         "\"activated\":3000000,\"time\":1000000,\"cycle\":true}]}]}");
        json_object_put(v);
}
END_TEST

START_TEST(critical_chain_of_a_thousand_units) {
        char name[64], prev[64];

        /* A chain u0999 after u0998 after ... after u0000, each 1 ms. */
        for (int i = 0; i < 1000; i++) {
                snprintf(name, sizeof name, "u%04d.service", i);
                struct json_object *u = unit(name, "active");
                times(u, S + (usec_t) i * MS, S + (usec_t) (i + 1) * MS, 0, 0);
                if (i > 0)
                        deps(u, "After", prev, NULL);
                memcpy(prev, name, sizeof prev);
        }
        build();
        const char *t = chain("u0999.service", S + 2 * SEC);
        ck_assert_uint_eq(count_lines(t), 1000);
        ck_assert_ptr_nonnull(strstr(t, "└─u0000.service @0 +1ms\n"));
}
END_TEST

/* --- dot ----------------------------------------------------------------------------------- */

START_TEST(dot_as_systemd_analyze) {
        struct json_object *b = unit("b.service", "active");
        deps(b, "After", "a.service", "sysinit.target", NULL);
        deps(b, "Requires", "a.service", NULL);
        deps(b, "Wants", "w.service", NULL);
        deps(b, "Conflicts", "shutdown.target", NULL);
        deps(b, "BindsTo", "bound.service", NULL);
        deps(b, "Requisite", "req.service", NULL);
        deps(b, "Before", "not-drawn.target", NULL);
        struct json_object *a = unit("a.service", "active");
        deps(a, "Names", "a.service", "alias.service", NULL);
        deps(a, "After", "sysinit.target", NULL);
        struct json_object *q = unit("we\"ird\\x2d.service", "active");
        deps(q, "Wants", "a.service", NULL);
        build();

        FILE *f = begin();
        ck_assert_int_eq(analyze_dot(set, NULL, f), 0);
        ck_assert_str_eq(end(f), "digraph svcd {\n"
                                 "\t\"a.service\"->\"sysinit.target\" [color=\"green\"];\n"
                                 "\t\"b.service\"->\"a.service\" [color=\"green\"];\n"
                                 "\t\"b.service\"->\"sysinit.target\" [color=\"green\"];\n"
                                 "\t\"b.service\"->\"a.service\" [color=\"black\"];\n"
                                 "\t\"b.service\"->\"req.service\" [color=\"darkblue\"];\n"
                                 "\t\"b.service\"->\"bound.service\" [color=\"gold\"];\n"
                                 "\t\"b.service\"->\"w.service\" [color=\"grey66\"];\n"
                                 "\t\"b.service\"->\"shutdown.target\" [color=\"red\"];\n"
                                 "\t\"we\\\"ird\\\\x2d.service\"->\"a.service\" [color=\"grey66\"];\n"
                                 "}\n");
        /* Patterns: edges from or to a match; an alias stands for its unit. */
        char *const patterns[] = { (char *) "alias.service", NULL };
        f = begin();
        ck_assert_int_eq(analyze_dot(set, patterns, f), 0);
        const char *t = end(f);
        ck_assert_uint_eq(count_lines(t), 2 + 4);
        ck_assert_ptr_null(strstr(t, "w.service\""));
        char *const globs[] = { (char *) "*.target", NULL };
        f = begin();
        ck_assert_int_eq(analyze_dot(set, globs, f), 0);
        ck_assert_uint_eq(count_lines(end(f)), 2 + 3);
        ck_assert_ptr_nonnull(strstr(analyze_dot_legend, "green     = After"));
}
END_TEST

START_TEST(dot_of_nothing) {
        build();
        FILE *f = begin();
        ck_assert_int_eq(analyze_dot(set, NULL, f), 0);
        ck_assert_str_eq(end(f), "digraph svcd {\n}\n");
}
END_TEST

/* --- plot ---------------------------------------------------------------------------------- */

/* A small well-formedness check of the XML the plot writes: every element closed in order,
 * comments, the declaration and CDATA skipped, no '<' or stray '&' in text or attributes,
 * no control characters. Returns NULL or what is wrong. */
static const char *xml_check(const char *s) {
        static char err[128];
        char *stack[64];
        size_t depth = 0;
        const char *p = s;

        if (strncmp(p, "<?xml ", 6) != 0)
                return "no XML declaration";
        p = strstr(p, "?>") + 2;
        while (*p) {
                if ((unsigned char) *p < 0x20 && *p != '\n' && *p != '\t' && *p != '\r')
                        return "control character";
                if (*p == '&') {
                        if (strncmp(p, "&amp;", 5) && strncmp(p, "&lt;", 4) && strncmp(p, "&gt;", 4) &&
                            strncmp(p, "&quot;", 6) && strncmp(p, "&apos;", 6))
                                return "stray &";
                        p++;
                        continue;
                }
                if (*p != '<') {
                        p++;
                        continue;
                }
                if (strncmp(p, "<!--", 4) == 0) {
                        p = strstr(p, "-->");
                        if (!p)
                                return "unterminated comment";
                        p += 3;
                        continue;
                }
                if (strncmp(p, "<![CDATA[", 9) == 0) {
                        p = strstr(p, "]]>");
                        if (!p)
                                return "unterminated CDATA";
                        p += 3;
                        continue;
                }
                const char *close = strchr(p, '>');
                if (!close)
                        return "unterminated tag";
                for (const char *q = p + 1; q < close; q++)
                        if (*q == '<')
                                return "< inside a tag";
                bool closing = p[1] == '/', empty = close[-1] == '/';
                const char *name = p + 1 + closing;
                size_t n = strcspn(name, " />");
                if (closing) {
                        if (depth == 0 || strlen(stack[depth - 1]) != n || strncmp(stack[depth - 1], name, n)) {
                                snprintf(err, sizeof err, "</%.*s> does not close <%s>", (int) n, name,
                                         depth ? stack[depth - 1] : "");
                                return err;
                        }
                        free(stack[--depth]);
                } else if (!empty) {
                        if (depth == ELEMENTSOF(stack))
                                return "too deep";
                        stack[depth++] = strndup(name, n);
                }
                p = close + 1;
        }
        if (depth > 0) {
                snprintf(err, sizeof err, "<%s> not closed", stack[depth - 1]);
                while (depth > 0)
                        free(stack[--depth]);
                return err;
        }
        return NULL;
}

static const char *plot(usec_t finish, usec_t now) {
        struct analyze_plot_options o = { .startup = S, .finish = finish, .now = now, .title = "svcd 0.1 on <host>" };
        FILE *f = begin();
        ck_assert_int_eq(analyze_plot(set, &o, f), 0);
        return end(f);
}

START_TEST(plot_is_an_svg_timeline) {
        struct json_object *a = unit("a.service", "active");
        deps(a, "After", "basic.target", NULL);
        deps(a, "Wants", "b&<c>.service", NULL);
        times(a, S + 100 * MS, S + 1300 * MS, 0, 0);
        times(unit("b&<c>.service", "active"), S + 50 * MS, S + 60 * MS, 0, 0);
        times(unit("stopped.service", "inactive"), S + 10 * MS, S + 20 * MS, S + 500 * MS, S + 700 * MS);
        times(unit("failed.service", "failed"), S + 200 * MS, 0, 0, S + 400 * MS);
        times(unit("never.service", "inactive"), 0, 0, 0, 0);
        times(unit("after-start-up.service", "active"), S + 9 * SEC, S + 10 * SEC, 0, 0);
        build();

        const char *t = plot(S + 2 * SEC, S + 60 * SEC);
        const char *why = xml_check(t);
        ck_assert_msg(!why, "not well-formed: %s", why);
        ck_assert_ptr_nonnull(strstr(t, "<svg "));
        ck_assert_ptr_nonnull(strstr(t, "xmlns=\"http://www.w3.org/2000/svg\""));
        ck_assert_uint_eq(count_of(t, "<g>"), 4); /* the units that started during the start-up */
        ck_assert_ptr_null(strstr(t, "never.service"));
        ck_assert_ptr_null(strstr(t, "after-start-up.service"));
        ck_assert_ptr_nonnull(strstr(t, ">b&amp;&lt;c&gt;.service (10ms)</text>"));
        ck_assert_ptr_nonnull(strstr(t, "svcd 0.1 on &lt;host&gt;"));
        ck_assert_ptr_nonnull(strstr(t, "Start-up finished in 2s"));
        ck_assert_ptr_nonnull(strstr(t, "\nWants:\n  b&amp;&lt;c&gt;.service"));
        /* Ordered by start: stopped (10ms), b (50ms), a (100ms), failed (200ms). */
        const char *s1 = strstr(t, ">stopped.service"), *s2 = strstr(t, ">b&amp;"), *s3 = strstr(t, ">a.service"),
                   *s4 = strstr(t, ">failed.service");
        ck_assert(s1 && s2 && s3 && s4 && s1 < s2 && s2 < s3 && s3 < s4);
        ck_assert_uint_eq(count_of(t, "<rect class=\"deactivating\""), 2); /* stopped + the legend */
        /* The failed start: activating until inactive again, never active. */
        ck_assert_ptr_nonnull(strstr(t, ">failed.service (200ms)</text>"));
        /* Ticks labelled in seconds: 2 s at 800 px is 400 px/s, a tick every 200 ms. */
        ck_assert_ptr_nonnull(strstr(t, ">0.0s</text>"));
        ck_assert_ptr_nonnull(strstr(t, ">1.0s</text>"));
        ck_assert_ptr_nonnull(strstr(t, ">0.2s</text>"));
        ck_assert_ptr_nonnull(strstr(t, "<line class=\"sec1\""));
}
END_TEST

START_TEST(plot_unfinished_and_empty) {
        build();
        const char *t = plot(0, S + 5 * SEC);
        ck_assert_msg(!xml_check(t), "not well-formed: %s", xml_check(t));
        ck_assert_ptr_nonnull(strstr(t, "Start-up not finished yet, 5s so far"));
        ck_assert_uint_eq(count_of(t, "<g>"), 0);
        /* Start-up "finished" before it began (a clock step): still a valid document. */
        t = plot(S - SEC, S);
        ck_assert_msg(!xml_check(t), "not well-formed: %s", xml_check(t));
}
END_TEST

START_TEST(plot_of_a_thousand_units) {
        char name[64];

        for (int i = 0; i < 1000; i++) {
                snprintf(name, sizeof name, "u%04d.service", i);
                times(unit(name, "active"), S + (usec_t) i * 10 * MS, S + (usec_t) i * 10 * MS + 5 * MS, 0, 0);
        }
        build();
        const char *t = plot(S + 11 * SEC, 0);
        ck_assert_msg(!xml_check(t), "not well-formed: %s", xml_check(t));
        ck_assert_uint_eq(count_of(t, "<g>"), 1000);
}
END_TEST

START_TEST(xml_escape_makes_any_string_xml) {
        FILE *f = begin();
        analyze_xml_escape(f, "a<b>&\"'c");
        ck_assert_str_eq(end(f), "a&lt;b&gt;&amp;&quot;&apos;c");
        f = begin();
        /* Control characters, a byte that is no UTF-8, an overlong '/', a surrogate:
         * U+FFFD each byte; tab, newline and real UTF-8 kept. */
        analyze_xml_escape(f, "x\x01y\tz\n\xff\xc0\xaf\xed\xa0\x80\xc3\xbc\xe2\x97\x8f");
        ck_assert_str_eq(end(f), "x\xef\xbf\xbdy\tz\n\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef"
                                 "\xbf\xbd\xc3\xbc\xe2\x97\x8f");
        f = begin();
        analyze_xml_escape(f, "\xe2\x97"); /* cut short */
        ck_assert_str_eq(end(f), "\xef\xbf\xbd\xef\xbf\xbd");
}
END_TEST

static Suite *analyze_suite(void) {
        Suite *s = suite_create("analyze");
        TCase *tc = tcase_create("core");

        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_add_test(tc, units_found_by_id_names_and_alias);
        tcase_add_test(tc, units_first_of_a_name_wins);
        tcase_add_test(tc, timespan_as_systemd);
        tcase_add_test(tc, tree_as_systemctl);
        tcase_add_test(tc, tree_all_expands_services);
        tcase_add_test(tc, tree_reverse_after_before);
        tcase_add_test(tc, tree_cycles_are_cut);
        tcase_add_test(tc, tree_of_unknown_root_and_empty_set);
        tcase_add_test(tc, tree_json);
        tcase_add_test(tc, tree_of_a_thousand_units);
        tcase_add_test(tc, job_list_as_systemctl);
        tcase_add_test(tc, blame_slowest_first);
        tcase_add_test(tc, blame_of_nothing);
        tcase_add_test(tc, blame_of_a_thousand_units);
        tcase_add_test(tc, critical_chain_follows_the_last_active);
        tcase_add_test(tc, critical_chain_cycle_and_unknown);
        tcase_add_test(tc, critical_chain_of_a_thousand_units);
        tcase_add_test(tc, dot_as_systemd_analyze);
        tcase_add_test(tc, dot_of_nothing);
        tcase_add_test(tc, plot_is_an_svg_timeline);
        tcase_add_test(tc, plot_unfinished_and_empty);
        tcase_add_test(tc, plot_of_a_thousand_units);
        tcase_add_test(tc, xml_escape_makes_any_string_xml);
        suite_add_tcase(s, tc);
        return s;
}

int main(void) {
        return test_run(analyze_suite());
}
