/* test-install.c: svcctl's enable, disable, mask, unmask, is-enabled and list-unit-files logic (cli/install*.c) on a root directory made per test, as `svcctl --root=DIR` sees it. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/install.h"
#include "libsvc/strv.h"
#include "tests/unit/test-helpers.h"

/* svcd's system search path, seen inside the root (test_dir). */
static char *const system_path[] = { "/etc/svcd/units", "/run/svcd/units", "/etc/systemd/system",
                                     "/run/systemd/system", "/lib/systemd/system", NULL };
static struct install_paths paths;
static struct install_changes changes;

#define CFG "/etc/svcd/units"
#define LIB "/lib/systemd/system"

static const char *in_root(const char *rel) {
        return test_fmt("%s%s", test_dir, rel);
}

static void mkdir_p(const char *rel) {
        char *p = strdup(in_root(rel));
        ck_assert_ptr_nonnull(p);
        for (char *s = strchr(p + 1, '/');; s = strchr(s + 1, '/')) {
                if (s)
                        *s = 0;
                ck_assert(mkdir(p, 0755) == 0 || errno == EEXIST);
                if (!s)
                        break;
                *s = '/';
        }
        free(p);
}

/* Writes a unit file at rel (inside the root). */
static void put(const char *rel, const char *content) {
        FILE *f = fopen(in_root(rel), "we");
        ck_assert_ptr_nonnull(f);
        fputs(content, f);
        ck_assert_int_eq(fclose(f), 0);
}

static void put_link(const char *target, const char *rel) {
        ck_assert_int_eq(symlink(target, in_root(rel)), 0);
}

/* Where the link rel leads, or "" if rel is no link. */
static const char *link_of(const char *rel) {
        static char buf[4096];
        ssize_t n = readlink(in_root(rel), buf, sizeof buf - 1);
        buf[n < 0 ? 0 : n] = 0;
        return buf;
}

static bool exists(const char *rel) {
        struct stat st;
        return lstat(in_root(rel), &st) == 0;
}

static void setup(void) {
        test_setup();
        mkdir_p(CFG);
        mkdir_p(LIB);
        mkdir_p("/run/svcd/units");
        ck_assert_int_eq(install_paths_init(&paths, test_dir, system_path), 0);
        changes = (struct install_changes) {};
}

static void teardown(void) {
        install_changes_done(&changes);
        install_paths_done(&paths);
        test_teardown();
}

static char **names(const char *a, const char *b) {
        static char *v[3];
        v[0] = (char *) a;
        v[1] = (char *) b;
        v[2] = NULL;
        return v;
}

static const char *state_of(const char *name) {
        enum install_state s;
        int r = install_get_state(&paths, name, &s);
        if (r == -ENOENT)
                return "not-found";
        if (r < 0)
                return test_fmt("error %d", r);
        return install_state_to_string(s);
}

static size_t count_changes(int type) {
        size_t n = 0;
        for (size_t i = 0; i < changes.n; i++)
                n += changes.v[i].type == type;
        return n;
}

static const char *printed(int r, const char *verb) {
        char *buf = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&buf, &size);
        ck_assert_ptr_nonnull(f);
        install_changes_print(f, r, verb, &changes, false);
        ck_assert_int_eq(fclose(f), 0);
        const char *s = test_fmt("%s", buf);
        free(buf);
        return s;
}

#define SERVICE "[Service]\nExecStart=/bin/true\n"

START_TEST(enable_wanted_by_links_to_the_file_as_found) {
        put(LIB "/app.service", SERVICE "[Install]\nWantedBy=multi-user.target\n");

        ck_assert_int_gt(install_enable(&paths, names("app.service", NULL), &changes), 0);
        ck_assert_str_eq(link_of(CFG "/multi-user.target.wants/app.service"), LIB "/app.service");
        ck_assert_str_eq(state_of("app.service"), "enabled");
        /* systemctl's words, the root in front of the link but not in its target. */
        /* svcd has multi-user.target built in: no "non-existent unit" warning for it. */
        ck_assert_str_eq(printed(0, "enable"),
                         test_fmt("Created symlink %s" CFG "/multi-user.target.wants/app.service \u2192 " LIB
                                  "/app.service.\n",
                                  test_dir));
}
END_TEST

START_TEST(enable_into_a_missing_target_warns) {
        put(LIB "/app.service", SERVICE "[Install]\nWantedBy=nosuch.target\n");

        ck_assert_int_gt(install_enable(&paths, names("app.service", NULL), &changes), 0);
        ck_assert_str_eq(link_of(CFG "/nosuch.target.wants/app.service"), LIB "/app.service");
        ck_assert_str_eq(printed(0, "enable"),
                         test_fmt("Created symlink %s" CFG "/nosuch.target.wants/app.service \u2192 " LIB
                                  "/app.service.\nUnit %s" LIB "/app.service is added as a dependency to a "
                                  "non-existent unit nosuch.target.\n",
                                  test_dir, test_dir));
}
END_TEST

START_TEST(enable_twice_changes_nothing) {
        put(LIB "/app.service", SERVICE "[Install]\nWantedBy=default.target\nAlias=web.service\n");

        ck_assert_int_gt(install_enable(&paths, names("app.service", NULL), &changes), 0);
        ck_assert_int_eq(install_changes_modified(&changes), true);
        install_changes_done(&changes);
        ck_assert_int_gt(install_enable(&paths, names("app.service", NULL), &changes), 0);
        ck_assert_int_eq(changes.n, 0); /* default.target counts as present for svcd: no warning */
        ck_assert_str_eq(link_of(CFG "/default.target.wants/app.service"), LIB "/app.service");
        ck_assert_str_eq(link_of(CFG "/web.service"), LIB "/app.service");
}
END_TEST

START_TEST(required_by_makes_requires_links) {
        put(CFG "/db.service", SERVICE "[Install]\nRequiredBy=app.service\n");

        ck_assert_int_gt(install_enable(&paths, names("db.service", NULL), &changes), 0);
        ck_assert_str_eq(link_of(CFG "/app.service.requires/db.service"), CFG "/db.service");
        ck_assert_str_eq(state_of("db.service"), "enabled");
}
END_TEST

START_TEST(static_unit_enables_nothing) {
        put(LIB "/helper.service", SERVICE);

        ck_assert_int_eq(install_enable(&paths, names("helper.service", NULL), &changes), 0);
        ck_assert_int_eq(changes.n, 0);
        ck_assert_str_eq(state_of("helper.service"), "static");
        ck_assert_int_eq(install_disable(&paths, names("helper.service", NULL), &changes), 0);
        ck_assert_int_eq(changes.n, 0);
}
END_TEST

START_TEST(alias_and_disable_by_alias) {
        put(LIB "/app.service", SERVICE "[Install]\nWantedBy=multi-user.target\nAlias=web.service\n");

        ck_assert_int_gt(install_enable(&paths, names("app.service", NULL), &changes), 0);
        ck_assert_str_eq(link_of(CFG "/web.service"), LIB "/app.service");
        ck_assert_str_eq(state_of("web.service"), "alias");
        install_changes_done(&changes);

        /* Disabling by the alias removes every link to the unit, the alias itself too. */
        ck_assert_int_eq(install_disable(&paths, names("web.service", NULL), &changes), 0);
        ck_assert_int_eq(count_changes(INSTALL_CHANGE_UNLINK), 2);
        ck_assert(!exists(CFG "/web.service"));
        ck_assert(!exists(CFG "/multi-user.target.wants/app.service"));
        ck_assert(!exists(CFG "/multi-user.target.wants")); /* emptied: removed */
        ck_assert_str_eq(state_of("app.service"), "disabled");
}
END_TEST

START_TEST(enable_through_an_admin_alias_is_refused) {
        put(LIB "/app.service", SERVICE "[Install]\nWantedBy=multi-user.target\n");
        put_link(LIB "/app.service", CFG "/mine.service");

        ck_assert_int_eq(install_enable(&paths, names("mine.service", NULL), &changes), -ELOOP);
        ck_assert_str_eq(printed(-ELOOP, "enable"),
                         "Failed to enable unit, refusing to operate on linked unit file mine.service.\n");
}
END_TEST

START_TEST(also_enables_and_disables_the_others) {
        put(LIB "/app.service", SERVICE "[Install]\nWantedBy=multi-user.target\nAlso=app.socket\n");
        put(LIB "/app.socket", "[Socket]\nListenStream=80\n[Install]\nWantedBy=sockets.target\n");
        put(LIB "/group.service", SERVICE "[Install]\nAlso=app.service\n");

        ck_assert_str_eq(state_of("group.service"), "indirect");
        ck_assert_int_gt(install_enable(&paths, names("group.service", NULL), &changes), 0);
        ck_assert_str_eq(link_of(CFG "/multi-user.target.wants/app.service"), LIB "/app.service");
        ck_assert_str_eq(link_of(CFG "/sockets.target.wants/app.socket"), LIB "/app.socket");
        ck_assert_str_eq(state_of("app.socket"), "enabled");
        install_changes_done(&changes);

        ck_assert_int_eq(install_disable(&paths, names("app.service", NULL), &changes), 0);
        ck_assert(!exists(CFG "/multi-user.target.wants/app.service"));
        ck_assert(!exists(CFG "/sockets.target.wants/app.socket"));
}
END_TEST

START_TEST(template_with_default_instance) {
        put(LIB "/getty@.service", SERVICE "[Install]\nWantedBy=getty.target\nDefaultInstance=tty1\n");

        ck_assert_int_gt(install_enable(&paths, names("getty@.service", NULL), &changes), 0);
        ck_assert_str_eq(link_of(CFG "/getty.target.wants/getty@tty1.service"), LIB "/getty@.service");
        ck_assert_int_gt(install_enable(&paths, names("getty@tty2.service", NULL), &changes), 0);
        ck_assert_str_eq(link_of(CFG "/getty.target.wants/getty@tty2.service"), LIB "/getty@.service");
        ck_assert_str_eq(state_of("getty@.service"), "enabled");
        ck_assert_str_eq(state_of("getty@tty2.service"), "enabled");
        ck_assert_str_eq(state_of("getty@tty3.service"), "disabled");
        install_changes_done(&changes);

        ck_assert_int_eq(install_disable(&paths, names("getty@tty2.service", NULL), &changes), 0);
        ck_assert(!exists(CFG "/getty.target.wants/getty@tty2.service"));
        ck_assert(exists(CFG "/getty.target.wants/getty@tty1.service"));
}
END_TEST

START_TEST(template_without_instance_needs_one) {
        put(LIB "/worker@.service", SERVICE "[Install]\nWantedBy=multi-user.target\n");

        ck_assert_int_eq(install_enable(&paths, names("worker@.service", NULL), &changes), -EIDRM);
        ck_assert_str_eq(printed(-EIDRM, "enable"),
                         "Failed to enable worker@.service, destination unit multi-user.target is a non-template "
                         "unit.\n");
        install_changes_done(&changes);
        ck_assert_int_gt(install_enable(&paths, names("worker@a.service", NULL), &changes), 0);
        ck_assert_str_eq(link_of(CFG "/multi-user.target.wants/worker@a.service"), LIB "/worker@.service");
        /* An instance of it is enabled, under a name its [Install] does not make. */
        ck_assert_str_eq(state_of("worker@.service"), "indirect");
}
END_TEST

START_TEST(mask_unmask) {
        put(LIB "/app.service", SERVICE "[Install]\nWantedBy=multi-user.target\n");

        ck_assert_int_eq(install_mask(&paths, names("app.service", NULL), &changes), 0);
        ck_assert_str_eq(link_of(CFG "/app.service"), "/dev/null");
        ck_assert_str_eq(state_of("app.service"), "masked");
        ck_assert_int_eq(install_mask(&paths, names("app.service", NULL), &changes), 0); /* again: fine */
        ck_assert_int_eq(count_changes(INSTALL_CHANGE_SYMLINK), 1);
        install_changes_done(&changes);

        ck_assert_int_eq(install_enable(&paths, names("app.service", NULL), &changes), -ERFKILL);
        ck_assert_str_eq(printed(-ERFKILL, "enable"),
                         test_fmt("Failed to enable unit, unit %s" CFG "/app.service is masked.\n", test_dir));
        install_changes_done(&changes);

        ck_assert_int_eq(install_unmask(&paths, names("app.service", NULL), &changes), 0);
        ck_assert(!exists(CFG "/app.service"));
        ck_assert_str_eq(state_of("app.service"), "disabled");
        ck_assert_int_eq(install_unmask(&paths, names("app.service", NULL), &changes), 0); /* again: no-op */
        ck_assert_int_eq(count_changes(INSTALL_CHANGE_UNLINK), 1);
}
END_TEST

START_TEST(mask_refuses_a_real_file) {
        put(CFG "/local.service", SERVICE);

        ck_assert_int_eq(install_mask(&paths, names("local.service", NULL), &changes), -EEXIST);
        ck_assert_str_eq(printed(-EEXIST, "mask"),
                         test_fmt("Failed to mask unit, file \"%s" CFG "/local.service\" already exists.\n", test_dir));
        ck_assert_str_eq(link_of(CFG "/local.service"), "");
        ck_assert_str_eq(state_of("local.service"), "static");
}
END_TEST

START_TEST(mask_of_a_unit_without_file) {
        ck_assert_int_eq(install_mask(&paths, names("nothing.service", NULL), &changes), 0);
        ck_assert_str_eq(state_of("nothing.service"), "masked");
        ck_assert_int_eq(install_unmask(&paths, names("nothing.service", NULL), &changes), 0);
        ck_assert_str_eq(state_of("nothing.service"), "not-found");
}
END_TEST

START_TEST(broken_symlinks) {
        mkdir_p(CFG "/multi-user.target.wants");
        put_link(LIB "/gone.service", CFG "/old.service");
        put_link(LIB "/gone.service", CFG "/multi-user.target.wants/gone.service");

        ck_assert_str_eq(state_of("old.service"), test_fmt("error %d", -ENOLINK));
        ck_assert_int_eq(install_enable(&paths, names("old.service", NULL), &changes), -ENOLINK);
        ck_assert_str_eq(printed(-ENOLINK, "enable"), "Failed to enable unit, file \"old.service\": Link has been severed\n");
        install_changes_done(&changes);

        /* Disabling the dangling alias removes it and what leads to its unit, and succeeds. */
        ck_assert_int_eq(install_disable(&paths, names("old.service", NULL), &changes), 0);
        ck_assert_int_eq(count_changes(INSTALL_CHANGE_IS_DANGLING), 1);
        ck_assert(!exists(CFG "/old.service"));
        ck_assert(!exists(CFG "/multi-user.target.wants/gone.service"));
        install_changes_done(&changes);

        /* A unit that does not exist: said so, but not a failure (systemctl 252). */
        ck_assert_int_eq(install_disable(&paths, names("never.service", NULL), &changes), 0);
        ck_assert_str_eq(printed(0, "disable"), "Failed to disable unit, unit never.service does not exist.\n");
}
END_TEST

START_TEST(disable_removes_manual_links_too) {
        put(LIB "/app.service", SERVICE "[Install]\nWantedBy=multi-user.target\n");
        put_link(LIB "/app.service", CFG "/nick.service");
        /* Linked under a name its [Install] does not give it: indirect. */
        ck_assert_str_eq(state_of("app.service"), "indirect");
        /* In any .wants/ under its own name, even by a relative link: enabled. */
        mkdir_p(CFG "/other.target.wants");
        put_link("../../../../lib/systemd/system/app.service", CFG "/other.target.wants/app.service");
        ck_assert_str_eq(state_of("app.service"), "enabled");
        ck_assert_int_eq(install_disable(&paths, names("app.service", NULL), &changes), 0);
        ck_assert(!exists(CFG "/other.target.wants/app.service"));
        ck_assert(!exists(CFG "/nick.service"));
        ck_assert_str_eq(state_of("app.service"), "disabled");
}
END_TEST

START_TEST(enabled_runtime_and_vendor_alias) {
        put(LIB "/app.service", SERVICE "[Install]\nWantedBy=multi-user.target\n");
        put_link(LIB "/app.service", LIB "/vendor-name.service");
        mkdir_p("/run/svcd/units/multi-user.target.wants");
        put_link(LIB "/app.service", "/run/svcd/units/multi-user.target.wants/app.service");

        ck_assert_str_eq(state_of("app.service"), "enabled-runtime");
        ck_assert_str_eq(state_of("vendor-name.service"), "alias");
        /* A vendor alias is enabled through. */
        ck_assert_int_gt(install_enable(&paths, names("vendor-name.service", NULL), &changes), 0);
        ck_assert_str_eq(link_of(CFG "/multi-user.target.wants/app.service"), LIB "/app.service");
        ck_assert_str_eq(state_of("app.service"), "enabled");
}
END_TEST

START_TEST(reenable_resets_links) {
        put(LIB "/app.service", SERVICE "[Install]\nWantedBy=multi-user.target\n");
        mkdir_p(CFG "/graphical.target.wants");
        put_link(LIB "/app.service", CFG "/graphical.target.wants/app.service");

        ck_assert_int_gt(install_reenable(&paths, names("app.service", NULL), &changes), 0);
        ck_assert(!exists(CFG "/graphical.target.wants/app.service"));
        ck_assert_str_eq(link_of(CFG "/multi-user.target.wants/app.service"), LIB "/app.service");
}
END_TEST

START_TEST(dropin_install_section_and_other_types) {
        put(LIB "/app.service", SERVICE);
        mkdir_p(CFG "/app.service.d");
        put(CFG "/app.service.d/enable.conf", "[Install]\nWantedBy=default.target\n");
        put(LIB "/daily.timer", "[Timer]\nOnCalendar=daily\n[Install]\nWantedBy=timers.target\n");

        ck_assert_str_eq(state_of("app.service"), "disabled");
        ck_assert_int_gt(install_enable(&paths, names("app.service", "daily.timer"), &changes), 0);
        ck_assert_str_eq(link_of(CFG "/default.target.wants/app.service"), LIB "/app.service");
        ck_assert_str_eq(link_of(CFG "/timers.target.wants/daily.timer"), LIB "/daily.timer");
}
END_TEST

START_TEST(unit_file_outside_the_search_path_is_linked) {
        mkdir_p("/opt/app");
        put("/opt/app/app.service", SERVICE "[Install]\nWantedBy=multi-user.target\n");

        ck_assert_int_gt(install_enable(&paths, names("/opt/app/app.service", NULL), &changes), 0);
        ck_assert_str_eq(link_of(CFG "/app.service"), "/opt/app/app.service");
        ck_assert_str_eq(link_of(CFG "/multi-user.target.wants/app.service"), "/opt/app/app.service");
        ck_assert_str_eq(state_of("app.service"), "enabled");
}
END_TEST

START_TEST(list_sorted_by_type_then_name) {
        struct install_list_entry *l;
        size_t n;

        put(LIB "/b.service", SERVICE "[Install]\nWantedBy=multi-user.target\n");
        put(LIB "/A.service", SERVICE);
        put(LIB "/c.target", "[Unit]\n");
        put(LIB "/z.socket", "[Socket]\n[Install]\nWantedBy=sockets.target\n");
        put(CFG "/b.service", SERVICE); /* hides the vendor file of the same name */
        ck_assert_int_eq(install_mask(&paths, names("m.service", NULL), &changes), 0);

        ck_assert_int_eq(install_list(&paths, NULL, &l, &n), 0);
        ck_assert_uint_eq(n, 5);
        ck_assert_str_eq(l[0].name, "A.service");
        ck_assert_str_eq(install_state_to_string(l[0].state), "static");
        ck_assert_str_eq(l[1].name, "b.service");
        ck_assert_str_eq(l[1].path, in_root(CFG "/b.service"));
        ck_assert_str_eq(install_state_to_string(l[1].state), "static");
        ck_assert_str_eq(l[2].name, "m.service");
        ck_assert_str_eq(install_state_to_string(l[2].state), "masked");
        ck_assert_str_eq(l[3].name, "z.socket");
        ck_assert_str_eq(install_state_to_string(l[3].state), "disabled");
        ck_assert_str_eq(l[4].name, "c.target");
        install_list_free(l, n);

        ck_assert_int_eq(install_list(&paths, names("*.target", "A*"), &l, &n), 0);
        ck_assert_uint_eq(n, 2);
        install_list_free(l, n);
}
END_TEST

START_TEST(absolute_links_resolve_inside_the_root) {
        /* /lib -> usr/lib, as on a merged-/usr image: links into it are in the search path. */
        struct install_paths merged;
        mkdir_p("/img/usr/lib/systemd/system");
        mkdir_p("/img/etc/svcd/units");
        ck_assert_int_eq(symlink("usr/lib", in_root("/img/lib")), 0);
        put("/img/usr/lib/systemd/system/app.service", SERVICE "[Install]\nWantedBy=multi-user.target\n");
        put_link("/lib/systemd/system/app.service", "/img/usr/lib/systemd/system/alias.service");
        ck_assert_int_eq(install_paths_init(&merged, in_root("/img"), system_path), 0);

        enum install_state s;
        ck_assert_int_eq(install_get_state(&merged, "alias.service", &s), 0);
        ck_assert_str_eq(install_state_to_string(s), "alias");
        ck_assert_int_gt(install_enable(&merged, names("alias.service", NULL), &changes), 0);
        ck_assert_str_eq(link_of("/img" CFG "/multi-user.target.wants/app.service"), LIB "/app.service");
        install_paths_done(&merged);
}
END_TEST

static Suite *install_suite(void) {
        Suite *s = suite_create("install");
        TCase *tc = tcase_create("core");

        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_add_test(tc, enable_wanted_by_links_to_the_file_as_found);
        tcase_add_test(tc, enable_into_a_missing_target_warns);
        tcase_add_test(tc, enable_twice_changes_nothing);
        tcase_add_test(tc, required_by_makes_requires_links);
        tcase_add_test(tc, static_unit_enables_nothing);
        tcase_add_test(tc, alias_and_disable_by_alias);
        tcase_add_test(tc, enable_through_an_admin_alias_is_refused);
        tcase_add_test(tc, also_enables_and_disables_the_others);
        tcase_add_test(tc, template_with_default_instance);
        tcase_add_test(tc, template_without_instance_needs_one);
        tcase_add_test(tc, mask_unmask);
        tcase_add_test(tc, mask_refuses_a_real_file);
        tcase_add_test(tc, mask_of_a_unit_without_file);
        tcase_add_test(tc, broken_symlinks);
        tcase_add_test(tc, disable_removes_manual_links_too);
        tcase_add_test(tc, enabled_runtime_and_vendor_alias);
        tcase_add_test(tc, reenable_resets_links);
        tcase_add_test(tc, dropin_install_section_and_other_types);
        tcase_add_test(tc, unit_file_outside_the_search_path_is_linked);
        tcase_add_test(tc, list_sorted_by_type_then_name);
        tcase_add_test(tc, absolute_links_resolve_inside_the_root);
        suite_add_tcase(s, tc);
        return s;
}

int main(void) {
        return test_run(install_suite());
}
