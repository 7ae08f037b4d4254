/* test-special-units.c: built-in special targets, the default.target alias, the policy on systemd's vendor directories, default dependencies and where each dependency came from. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libsvc/strv.h"
#include "tests/unit/test-helpers.h"
#include "units/special-units.h"
#include "units/unit-path.h"
#include "units/unit.h"

/* A search path like the system's: etc over run over vendor, the last one standing in for
 * /lib/systemd/system (special_units_set_vendor_dirs). */
static char *search[4];
static char *vendor[2];

static void setup(void) {
        test_setup();
        search[0] = (char *) test_fmt("%s/etc", test_dir);
        search[1] = (char *) test_fmt("%s/run", test_dir);
        search[2] = (char *) test_fmt("%s/vendor", test_dir);
        search[3] = NULL;
        for (size_t i = 0; i < 3; i++)
                ck_assert_int_eq(mkdir(search[i], 0755), 0);
        vendor[0] = search[2];
        vendor[1] = NULL;
        special_units_set_vendor_dirs(vendor);
}

static void teardown(void) {
        special_units_set_vendor_dirs(NULL);
        test_teardown();
}

static const char *path_of(const char *rel) {
        return test_fmt("%s/%s", test_dir, rel);
}

static void mkdirs(const char *rel) {
        ck_assert_int_eq(mkdir(path_of(rel), 0755), 0);
}

static void link_to(const char *target, const char *rel) {
        ck_assert_int_eq(symlink(target, path_of(rel)), 0);
}

static bool has(const struct unit *u, enum unit_dependency d, const char *name) {
        return strv_contains(u->dependencies[d], name);
}

/* The two lists of every dependency type are in step. */
static void check_origins_in_step(const struct unit *u) {
        for (int d = 0; d < _UNIT_DEPENDENCY_MAX; d++) {
                ck_assert_uint_eq(strv_length(u->dependencies[d]), strv_length(u->dependency_origins[d]));
                STRV_FOREACH(n, u->dependencies[d])
                        ck_assert_ptr_nonnull(unit_dependency_origin(u, d, *n));
        }
}

static const char *const all_specials[] = {
        "default.target", "multi-user.target", "graphical.target", "basic.target", "sysinit.target",
        "sockets.target", "timers.target", "paths.target", "slices.target", "local-fs.target",
        "local-fs-pre.target", "remote-fs.target", "remote-fs-pre.target", "network.target",
        "network-pre.target", "network-online.target", "nss-lookup.target", "nss-user-lookup.target",
        "time-set.target", "time-sync.target", "swap.target", "cryptsetup.target", "getty.target",
        "rescue.target", "emergency.target", "shutdown.target", "final.target", "umount.target",
        "halt.target", "poweroff.target", "reboot.target", "exit.target",
};

/* Every special target loads with nothing on the path, through the parser, without a
 * warning, and names only targets (none of systemd's services, mounts or slices). */
START_TEST(every_builtin_loads_cleanly) {
        for (size_t i = 0; i < ELEMENTSOF(all_specials); i++) {
                _cleanup_(unit_freep) struct unit *u = NULL;
                const char *name = all_specials[i];

                ck_assert_ptr_nonnull(special_units_lookup(name));
                ck_assert_ptr_nonnull(special_units_text(name));
                ck_assert_msg(unit_load(search, name, &u) == 0, "%s does not load", name);
                ck_assert(u->builtin);
                ck_assert_ptr_null(u->fragment_path);
                ck_assert_int_eq(u->type, UNIT_TARGET);
                ck_assert_ptr_nonnull(u->description);
                ck_assert_str_eq(u->setting_files[0], test_fmt("built-in %s", u->id));
                ck_assert_uint_eq(strv_length(u->setting_files), 1);
                for (int d = 0; d < _UNIT_DEPENDENCY_MAX; d++)
                        STRV_FOREACH(n, u->dependencies[d])
                                ck_assert_msg(endswith(*n, ".target"), "%s: %s=%s is not a target", name,
                                              unit_dependency_to_string(d), *n);
                check_origins_in_step(u);
        }
        ck_assert_uint_eq(test_n_warnings(), 0);
        ck_assert_ptr_null(special_units_lookup("foo.target"));
        ck_assert_ptr_null(special_units_lookup("multi-user.service"));
        ck_assert_ptr_null(special_units_text("rescue.service"));
}
END_TEST

START_TEST(builtin_relations) {
        _cleanup_(unit_freep) struct unit *mu = NULL, *basic = NULL, *sysinit = NULL, *shut = NULL, *off = NULL,
                                          *gr = NULL, *net = NULL;

        ck_assert_int_eq(unit_load(search, "multi-user.target", &mu), 0);
        ck_assert_str_eq(mu->description, "Multi-User System");
        ck_assert(has(mu, UNIT_REQUIRES, "basic.target"));
        ck_assert(has(mu, UNIT_AFTER, "basic.target"));
        ck_assert(has(mu, UNIT_AFTER, "rescue.target"));
        ck_assert(!has(mu, UNIT_WANTS, "rescue.target") && !has(mu, UNIT_REQUIRES, "rescue.target"));
        ck_assert(has(mu, UNIT_CONFLICTS, "rescue.target"));
        ck_assert(mu->allow_isolate);
        /* Its default dependencies, as a target's (systemd.target(5)). */
        ck_assert(has(mu, UNIT_CONFLICTS, "shutdown.target"));
        ck_assert(has(mu, UNIT_BEFORE, "shutdown.target"));
        ck_assert_str_eq(unit_dependency_origin(mu, UNIT_REQUIRES, "basic.target"), "built-in multi-user.target:4");
        ck_assert_str_eq(unit_dependency_origin(mu, UNIT_BEFORE, "shutdown.target"), "DefaultDependencies=yes");

        ck_assert_int_eq(unit_load(search, "basic.target", &basic), 0);
        ck_assert(has(basic, UNIT_REQUIRES, "sysinit.target"));
        ck_assert(has(basic, UNIT_AFTER, "sysinit.target"));
        for (const char *const *t = (const char *const[]) { "sockets.target", "timers.target", "paths.target",
                                                             "slices.target", NULL };
             *t; t++)
                ck_assert(has(basic, UNIT_WANTS, *t));
        ck_assert(has(basic, UNIT_AFTER, "sockets.target"));

        ck_assert_int_eq(unit_load(search, "sysinit.target", &sysinit), 0);
        ck_assert(has(sysinit, UNIT_WANTS, "local-fs.target") && has(sysinit, UNIT_WANTS, "swap.target"));
        ck_assert(has(sysinit, UNIT_AFTER, "local-fs.target") && has(sysinit, UNIT_AFTER, "swap.target"));
        ck_assert(!has(sysinit, UNIT_WANTS, "emergency.target"));

        ck_assert_int_eq(unit_load(search, "shutdown.target", &shut), 0);
        ck_assert(!shut->default_dependencies);
        ck_assert(shut->refuse_manual_start);
        for (int d = 0; d < _UNIT_DEPENDENCY_MAX; d++)
                ck_assert_ptr_null(shut->dependencies[d]);

        ck_assert_int_eq(unit_load(search, "poweroff.target", &off), 0);
        ck_assert(!off->default_dependencies);
        ck_assert(off->allow_isolate);
        ck_assert(has(off, UNIT_REQUIRES, "shutdown.target") && has(off, UNIT_AFTER, "shutdown.target"));
        ck_assert(has(off, UNIT_REQUIRES, "final.target") && has(off, UNIT_REQUIRES, "umount.target"));
        ck_assert(!has(off, UNIT_CONFLICTS, "shutdown.target"));

        ck_assert_int_eq(unit_load(search, "graphical.target", &gr), 0);
        ck_assert(has(gr, UNIT_REQUIRES, "multi-user.target") && has(gr, UNIT_AFTER, "multi-user.target"));
        ck_assert(gr->allow_isolate);

        ck_assert_int_eq(unit_load(search, "network.target", &net), 0);
        ck_assert(net->refuse_manual_start);
        ck_assert(has(net, UNIT_AFTER, "network-pre.target"));
}
END_TEST

/* Without a file, default.target is multi-user.target as systemd's symlink would make it. */
START_TEST(default_target_is_multi_user) {
        _cleanup_(unit_freep) struct unit *u = NULL, *m = NULL;

        ck_assert_int_eq(unit_load(search, "default.target", &u), 0);
        ck_assert_str_eq(u->id, "multi-user.target");
        ck_assert(u->builtin);
        ck_assert_uint_eq(strv_length(u->aliases), 1);
        ck_assert_str_eq(u->aliases[0], "default.target");
        ck_assert(has(u, UNIT_REQUIRES, "basic.target"));
        ck_assert_str_eq(special_units_text("default.target"), special_units_text("multi-user.target"));

        /* Asked for by its own name, it has the other name too. */
        ck_assert_int_eq(unit_load(search, "multi-user.target", &m), 0);
        ck_assert(strv_contains(m->aliases, "default.target"));
}
END_TEST

/* What `set-default` writes wins: a link (to a file or to a special target's name) or a file. */
START_TEST(default_target_file_wins) {
        _cleanup_(unit_freep) struct unit *u = NULL, *m = NULL, *g = NULL, *f = NULL;

        test_write_file("run/app.target", "[Unit]\nDescription=App\n");
        link_to(path_of("run/app.target"), "etc/default.target");
        ck_assert_int_eq(unit_load(search, "default.target", &u), 0);
        ck_assert_str_eq(u->id, "app.target");
        ck_assert(!u->builtin);
        ck_assert_str_eq(u->fragment_path, path_of("run/app.target"));
        ck_assert(strv_contains(u->aliases, "default.target"));
        /* multi-user.target is no longer default.target. */
        ck_assert_int_eq(unit_load(search, "multi-user.target", &m), 0);
        ck_assert_ptr_null(m->aliases);

        /* A link to systemd's graphical.target in its vendor directory: svcd's graphical.target. */
        ck_assert_int_eq(unlink(path_of("etc/default.target")), 0);
        test_write_file("vendor/graphical.target", "[Unit]\nDescription=systemd's\nWants=display-manager.service\n");
        link_to(path_of("vendor/graphical.target"), "etc/default.target");
        ck_assert_int_eq(unit_load(search, "default.target", &g), 0);
        ck_assert_str_eq(g->id, "graphical.target");
        ck_assert(g->builtin);
        ck_assert_str_eq(g->description, "Graphical Interface");
        ck_assert(strv_contains(g->aliases, "default.target"));
        ck_assert(!has(g, UNIT_WANTS, "display-manager.service"));

        /* A file of its own. */
        ck_assert_int_eq(unlink(path_of("etc/default.target")), 0);
        test_write_file("etc/default.target", "[Unit]\nDescription=Mine\nRequires=basic.target\n");
        ck_assert_int_eq(unit_load(search, "default.target", &f), 0);
        ck_assert_str_eq(f->id, "default.target");
        ck_assert_str_eq(f->fragment_path, path_of("etc/default.target"));
        ck_assert_str_eq(f->description, "Mine");
        ck_assert_ptr_null(f->aliases);
        ck_assert_uint_eq(test_n_warnings(), 0);
}
END_TEST

/* default.target.wants/ applies to the unit default.target stands for, whichever name it is
 * loaded by; its own .wants/ too. */
/* `svcctl set-default rescue.target` where no file defines it: the link dangles, and still
 * names svcd's built-in rescue.target. */
START_TEST(default_target_link_to_a_builtin) {
        _cleanup_(unit_freep) struct unit *d = NULL;

        link_to(path_of("etc/rescue.target"), "etc/default.target");
        ck_assert_int_eq(unit_load(search, "default.target", &d), 0);
        ck_assert_str_eq(d->id, "rescue.target");
        ck_assert(d->builtin);
        ck_assert(strv_contains(d->aliases, "default.target"));
}
END_TEST

START_TEST(default_target_wants_via_alias) {
        _cleanup_(unit_freep) struct unit *u = NULL, *m = NULL;

        mkdirs("etc/default.target.wants");
        mkdirs("run/multi-user.target.wants");
        mkdirs("etc/multi-user.target.requires");
        link_to("../app.service", "etc/default.target.wants/app.service");
        link_to("../side.service", "run/multi-user.target.wants/side.service");
        link_to("../db.service", "etc/multi-user.target.requires/db.service");
        link_to("../multi-user.target", "run/multi-user.target.wants/multi-user.target"); /* itself: dropped */

        ck_assert_int_eq(unit_load(search, "default.target", &u), 0);
        ck_assert_str_eq(u->id, "multi-user.target");
        ck_assert(has(u, UNIT_WANTS, "app.service"));
        ck_assert(has(u, UNIT_WANTS, "side.service"));
        ck_assert(!has(u, UNIT_WANTS, "multi-user.target"));
        ck_assert(has(u, UNIT_REQUIRES, "db.service"));
        ck_assert_str_eq(unit_dependency_origin(u, UNIT_WANTS, "app.service"), test_fmt("%s/default.target.wants/", search[0]));
        ck_assert_str_eq(unit_dependency_origin(u, UNIT_WANTS, "side.service"),
                         test_fmt("%s/multi-user.target.wants/", search[1]));
        ck_assert_str_eq(unit_dependency_origin(u, UNIT_REQUIRES, "db.service"),
                         test_fmt("%s/multi-user.target.requires/", search[0]));
        check_origins_in_step(u);

        ck_assert_int_eq(unit_load(search, "multi-user.target", &m), 0);
        ck_assert(has(m, UNIT_WANTS, "app.service") && has(m, UNIT_WANTS, "side.service"));
        ck_assert_uint_eq(test_n_warnings(), 0);
}
END_TEST

/* systemd's own definitions in its vendor directories are not used for special targets; the
 * same names in /etc-like directories are. Other units in the vendor directories load as ever. */
START_TEST(vendor_special_targets_ignored) {
        _cleanup_(unit_freep) struct unit *mu = NULL, *si = NULL, *d = NULL, *svc = NULL, *t = NULL;

        test_write_file("vendor/multi-user.target", "[Unit]\nDescription=systemd's\nWants=systemd-logind.service\n");
        test_write_file("vendor/sysinit.target", "[Unit]\nDescription=systemd's sysinit\n");
        link_to("graphical.target", "vendor/default.target");
        test_write_file("vendor/graphical.target", "[Unit]\nDescription=systemd's graphical\n");
        mkdirs("vendor/multi-user.target.wants");
        mkdirs("vendor/sysinit.target.wants");
        mkdirs("vendor/sysinit.target.requires");
        link_to("../systemd-logind.service", "vendor/multi-user.target.wants/systemd-logind.service");
        link_to("../systemd-udevd.service", "vendor/sysinit.target.wants/systemd-udevd.service");
        link_to("../systemd-journald.service", "vendor/sysinit.target.requires/systemd-journald.service");
        /* What `systemctl enable` made in /etc is honoured, except systemd's own daemons
         * its packaging enables there. */
        mkdirs("etc/multi-user.target.wants");
        link_to("/vendor/nginx.service", "etc/multi-user.target.wants/nginx.service");
        link_to("/vendor/systemd-networkd.service", "etc/multi-user.target.wants/systemd-networkd.service");

        ck_assert_int_eq(unit_load(search, "multi-user.target", &mu), 0);
        ck_assert(mu->builtin);
        ck_assert_str_eq(mu->description, "Multi-User System");
        ck_assert(has(mu, UNIT_WANTS, "nginx.service"));
        ck_assert(!has(mu, UNIT_WANTS, "systemd-logind.service"));
        ck_assert(!has(mu, UNIT_WANTS, "systemd-networkd.service"));

        ck_assert_int_eq(unit_load(search, "sysinit.target", &si), 0);
        ck_assert(si->builtin);
        ck_assert(!has(si, UNIT_WANTS, "systemd-udevd.service"));
        ck_assert(!has(si, UNIT_REQUIRES, "systemd-journald.service"));

        /* systemd's default.target -> graphical.target is its own too. */
        ck_assert_int_eq(unit_load(search, "default.target", &d), 0);
        ck_assert_str_eq(d->id, "multi-user.target");

        /* Not special: loaded from the vendor directory, with its .wants/. */
        test_write_file("vendor/app.service", "[Service]\nExecStart=/bin/true\n");
        mkdirs("vendor/app.service.wants");
        link_to("../helper.service", "vendor/app.service.wants/helper.service");
        ck_assert_int_eq(unit_load(search, "app.service", &svc), 0);
        ck_assert_str_eq(svc->fragment_path, path_of("vendor/app.service"));
        ck_assert(has(svc, UNIT_WANTS, "helper.service"));
        /* Only a special target's links skip systemd's daemons. */
        link_to("../systemd-tmpfiles-setup.service", "vendor/app.service.wants/systemd-tmpfiles-setup.service");
        unit_free(svc);
        ck_assert_int_eq(unit_load(search, "app.service", &svc), 0);
        ck_assert(has(svc, UNIT_WANTS, "systemd-tmpfiles-setup.service"));
        test_write_file("vendor/app.target", "[Unit]\nDescription=an app's target\n");
        ck_assert_int_eq(unit_load(search, "app.target", &t), 0);
        ck_assert_str_eq(t->description, "an app's target");
        ck_assert_uint_eq(test_n_warnings(), 0);
}
END_TEST

/* A special target defined in an /etc-like directory is that file, drop-ins apply to
 * built-in ones, and a broken definition is reported like any unit's. */
START_TEST(etc_special_targets_honoured) {
        _cleanup_(unit_freep) struct unit *mu = NULL, *dt = NULL, *b = NULL, *bad = NULL, *masked = NULL, *loop = NULL;

        test_write_file("vendor/multi-user.target", "[Unit]\nDescription=systemd's\n");
        test_write_file("run/multi-user.target", "[Unit]\nDescription=Ours\nWants=app.service\n");
        ck_assert_int_eq(unit_load(search, "multi-user.target", &mu), 0);
        ck_assert(!mu->builtin);
        ck_assert_str_eq(mu->fragment_path, path_of("run/multi-user.target"));
        ck_assert_str_eq(mu->description, "Ours");
        ck_assert(!has(mu, UNIT_REQUIRES, "basic.target"));
        ck_assert(has(mu, UNIT_WANTS, "app.service"));
        /* default.target stands for that file then. */
        ck_assert_int_eq(unit_load(search, "default.target", &dt), 0);
        ck_assert_str_eq(dt->id, "multi-user.target");
        ck_assert_str_eq(dt->fragment_path, path_of("run/multi-user.target"));
        ck_assert(strv_contains(dt->aliases, "default.target"));

        mkdirs("etc/basic.target.d");
        test_write_file("etc/basic.target.d/10-more.conf", "[Unit]\nDescription=Basic, extended\nWants=extra.target\n");
        ck_assert_int_eq(unit_load(search, "basic.target", &b), 0);
        ck_assert(b->builtin);
        ck_assert_str_eq(b->description, "Basic, extended");
        ck_assert(has(b, UNIT_WANTS, "extra.target") && has(b, UNIT_WANTS, "sockets.target"));
        ck_assert_str_eq(unit_dependency_origin(b, UNIT_WANTS, "extra.target"),
                         test_fmt("%s:3", path_of("etc/basic.target.d/10-more.conf")));
        ck_assert_uint_eq(strv_length(b->dropin_paths), 1);

        const char *p = test_write_file("etc/sysinit.target", "[Unit]\nRequires=not/a/unit\nBogus=1\n");
        ck_assert_int_eq(unit_load(search, "sysinit.target", &bad), 0);
        ck_assert(!bad->builtin);
        ck_assert_uint_eq(test_n_warnings(), 2);
        ck_assert(strstr(test_warning(0), test_fmt("%s:2: ", p)));
        ck_assert_str_eq(test_warning(1), test_fmt("%s:3: Unknown key 'Bogus' in section [Unit], ignoring.", p));

        link_to("/dev/null", "etc/swap.target");
        ck_assert_int_eq(unit_load(search, "swap.target", &masked), -ERFKILL);
        ck_assert_ptr_null(masked);
        link_to("/dev/null", "etc/default.target");
        ck_assert_int_eq(unit_load(search, "default.target", &masked), -ERFKILL);

        /* What is not a unit file where one belongs (a symlink loop, warned about) hides nothing. */
        test_clear_warnings();
        link_to(path_of("etc/getty.target"), "etc/getty.target");
        ck_assert_int_eq(unit_load(search, "getty.target", &loop), 0);
        ck_assert(loop->builtin);
        ck_assert_uint_eq(test_n_warnings(), 1);
        ck_assert_str_eq(test_warning(0), test_fmt("%s: Too many levels of symbolic links (a symlink loop?), ignoring.",
                                                   path_of("etc/getty.target")));
}
END_TEST

START_TEST(vendor_dir_list) {
        special_units_set_vendor_dirs(NULL);
        ck_assert(special_units_is_vendor_dir("/lib/systemd/system"));
        ck_assert(special_units_is_vendor_dir("/usr/lib/systemd/system/"));
        ck_assert(special_units_is_vendor_dir("/usr/lib/systemd/user"));
        ck_assert(special_units_is_vendor_dir("/lib/systemd/user"));
        ck_assert(!special_units_is_vendor_dir("/etc/systemd/system"));
        ck_assert(!special_units_is_vendor_dir("/usr/lib/systemd"));
        ck_assert(!special_units_is_vendor_dir("/lib/systemd/systemx"));

        char *const path[] = { "/etc/svcd/units", "/lib/systemd/system", "/etc/systemd/system", NULL };
        _cleanup_strv_free_ char **a = NULL, **b = NULL;
        ck_assert_int_eq(special_units_search_path(path, "multi-user.target", NULL, &a), 0);
        ck_assert_uint_eq(strv_length(a), 2);
        ck_assert_str_eq(a[1], "/etc/systemd/system");
        ck_assert_int_eq(special_units_search_path(path, "foo.target", "wants", &b), 0);
        ck_assert_uint_eq(strv_length(b), 3);
}
END_TEST

START_TEST(service_default_dependencies) {
        _cleanup_(unit_freep) struct unit *u = NULL, *n = NULL, *w = NULL, *d = NULL;
        static const char *const deps[][2] = {
                { "Requires", "sysinit.target" }, { "After", "sysinit.target" }, { "After", "basic.target" },
                { "Conflicts", "shutdown.target" }, { "Before", "shutdown.target" },
        };

        test_write_file("etc/app.service", "[Service]\nExecStart=/bin/true\n");
        ck_assert_int_eq(unit_load(search, "app.service", &u), 0);
        if (getuid() == 0) {
                ck_assert(has(u, UNIT_REQUIRES, "sysinit.target"));
                ck_assert(has(u, UNIT_AFTER, "sysinit.target"));
                ck_assert_uint_eq(strv_length(u->dependencies[UNIT_REQUIRES]), 1);
                ck_assert_uint_eq(strv_length(u->dependencies[UNIT_AFTER]), 2);
        }
        ck_assert(has(u, UNIT_AFTER, "basic.target"));
        ck_assert(has(u, UNIT_CONFLICTS, "shutdown.target"));
        ck_assert(has(u, UNIT_BEFORE, "shutdown.target"));
        ck_assert_ptr_null(u->dependencies[UNIT_WANTS]);
        for (size_t i = 0; i < ELEMENTSOF(deps); i++)
                for (int k = 0; k < _UNIT_DEPENDENCY_MAX; k++)
                        if (streq(unit_dependency_to_string(k), deps[i][0]) && has(u, k, deps[i][1]))
                                ck_assert_str_eq(unit_dependency_origin(u, k, deps[i][1]), UNIT_ORIGIN_DEFAULT);
        check_origins_in_step(u);

        test_write_file("etc/early.service", "[Unit]\nDefaultDependencies=no\n[Service]\nExecStart=/bin/true\n");
        ck_assert_int_eq(unit_load(search, "early.service", &n), 0);
        for (int k = 0; k < _UNIT_DEPENDENCY_MAX; k++)
                ck_assert_ptr_null(n->dependencies[k]);

        /* Written ones are not repeated, and keep their own origin. */
        const char *p = test_write_file("etc/written.service",
                                        "[Unit]\nAfter=basic.target\nConflicts=shutdown.target\n"
                                        "[Service]\nExecStart=/bin/true\n");
        ck_assert_int_eq(unit_load(search, "written.service", &w), 0);
        ck_assert_uint_eq(strv_length(w->dependencies[UNIT_CONFLICTS]), 1);
        ck_assert_str_eq(w->dependencies[UNIT_AFTER][0], "basic.target");
        ck_assert_str_eq(unit_dependency_origin(w, UNIT_AFTER, "basic.target"), test_fmt("%s:2", p));
        ck_assert_str_eq(unit_dependency_origin(w, UNIT_CONFLICTS, "shutdown.target"), test_fmt("%s:3", p));
        check_origins_in_step(w);

        /* A drop-in may turn them off. */
        test_write_file("etc/quiet.service", "[Service]\nExecStart=/bin/true\n");
        mkdirs("etc/quiet.service.d");
        test_write_file("etc/quiet.service.d/no.conf", "[Unit]\nDefaultDependencies=no\n");
        ck_assert_int_eq(unit_load(search, "quiet.service", &d), 0);
        ck_assert_ptr_null(d->dependencies[UNIT_BEFORE]);
        ck_assert_uint_eq(test_n_warnings(), 0);
}
END_TEST

/* In the --user instance there is no sysinit.target: basic.target instead (systemd's
 * service_add_default_dependencies()). */
START_TEST(user_mode_default_dependencies) {
        _cleanup_(unit_freep) struct unit *u = NULL, *t = NULL;

        ck_assert_int_eq(test_load_unit("[Service]\nExecStart=/bin/true\n", &u), 0);
        /* unit_load_file() reads the file as written. */
        for (int k = 0; k < _UNIT_DEPENDENCY_MAX; k++)
                ck_assert_ptr_null(u->dependencies[k]);
        ck_assert_int_eq(special_units_add_default_dependencies(u, true), 0);
        ck_assert_uint_eq(strv_length(u->dependencies[UNIT_REQUIRES]), 1);
        ck_assert(has(u, UNIT_REQUIRES, "basic.target"));
        ck_assert_uint_eq(strv_length(u->dependencies[UNIT_AFTER]), 1);
        ck_assert(has(u, UNIT_AFTER, "basic.target"));
        ck_assert(has(u, UNIT_CONFLICTS, "shutdown.target") && has(u, UNIT_BEFORE, "shutdown.target"));
        ck_assert(!has(u, UNIT_REQUIRES, "sysinit.target"));
        check_origins_in_step(u);
        /* Twice adds nothing. */
        ck_assert_int_eq(special_units_add_default_dependencies(u, true), 0);
        ck_assert_uint_eq(strv_length(u->dependencies[UNIT_AFTER]), 1);

        ck_assert_int_eq(test_load_unit_named("t.target", "[Unit]\nDescription=t\n", &t), 0);
        ck_assert_int_eq(special_units_add_default_dependencies(t, true), 0);
        ck_assert(has(t, UNIT_CONFLICTS, "shutdown.target") && has(t, UNIT_BEFORE, "shutdown.target"));
        ck_assert_ptr_null(t->dependencies[UNIT_AFTER]);
        ck_assert_ptr_null(t->dependencies[UNIT_REQUIRES]);
}
END_TEST

START_TEST(target_default_dependencies) {
        _cleanup_(unit_freep) struct unit *t = NULL, *s = NULL, *n = NULL;

        test_write_file("etc/app.target", "[Unit]\nDescription=App\nWants=app.service\n");
        ck_assert_int_eq(unit_load(search, "app.target", &t), 0);
        ck_assert(has(t, UNIT_CONFLICTS, "shutdown.target") && has(t, UNIT_BEFORE, "shutdown.target"));
        /* Not the After= on what it wants: the daemon adds that (it depends on app.service). */
        ck_assert_ptr_null(t->dependencies[UNIT_AFTER]);
        ck_assert_ptr_null(t->dependencies[UNIT_REQUIRES]);

        /* Never on itself, even when asked to. */
        test_write_file("etc/shutdown.target", "[Unit]\nDescription=Our shutdown\nDefaultDependencies=yes\n");
        ck_assert_int_eq(unit_load(search, "shutdown.target", &s), 0);
        ck_assert(s->default_dependencies);
        ck_assert_ptr_null(s->dependencies[UNIT_CONFLICTS]);
        ck_assert_ptr_null(s->dependencies[UNIT_BEFORE]);

        test_write_file("etc/plain.target", "[Unit]\nDefaultDependencies=no\n");
        ck_assert_int_eq(unit_load(search, "plain.target", &n), 0);
        ck_assert_ptr_null(n->dependencies[UNIT_CONFLICTS]);
}
END_TEST

/* Each name's origin: FILE:LINE of its assignment (drop-ins included), reset by an empty
 * assignment; the directory of a .wants/ or .requires/ link; DefaultDependencies=yes. */
START_TEST(dependency_origins) {
        _cleanup_(unit_freep) struct unit *u = NULL;

        const char *frag = test_write_file("vendor/web.service",
                                           "[Unit]\nDescription=web\nAfter=a.service b.service\n"
                                           "Wants=c.service \\\n  d.service\n"
                                           "Requires=r.service\n[Service]\nExecStart=/bin/true\n");
        mkdirs("etc/web.service.d");
        mkdirs("run/web.service.d");
        const char *d1 = test_write_file("etc/web.service.d/10-after.conf", "[Unit]\nAfter=e.service a.service\n");
        const char *d2 = test_write_file("run/web.service.d/20-reset.conf",
                                         "# reset Wants=\n[Unit]\nWants=\nWants=f.service\nRequires=\n");
        mkdirs("run/web.service.wants");
        link_to("../g.service", "run/web.service.wants/g.service");
        link_to("../f.service", "run/web.service.wants/f.service"); /* already there: first origin stays */

        ck_assert_int_eq(unit_load(search, "web.service", &u), 0);
        check_origins_in_step(u);
        ck_assert_str_eq(unit_dependency_origin(u, UNIT_AFTER, "a.service"), test_fmt("%s:3", frag));
        ck_assert_str_eq(unit_dependency_origin(u, UNIT_AFTER, "b.service"), test_fmt("%s:3", frag));
        ck_assert_str_eq(unit_dependency_origin(u, UNIT_AFTER, "e.service"), test_fmt("%s:2", d1));
        ck_assert_ptr_null(unit_dependency_origin(u, UNIT_WANTS, "c.service"));
        ck_assert_ptr_null(unit_dependency_origin(u, UNIT_WANTS, "d.service"));
        ck_assert_str_eq(unit_dependency_origin(u, UNIT_WANTS, "f.service"), test_fmt("%s:4", d2));
        ck_assert_str_eq(unit_dependency_origin(u, UNIT_WANTS, "g.service"), test_fmt("%s/web.service.wants/", search[1]));
        ck_assert_uint_eq(strv_length(u->dependencies[UNIT_WANTS]), 2);
        /* Requires= was reset; the default sysinit.target (system mode) is all that is left. */
        ck_assert_ptr_null(unit_dependency_origin(u, UNIT_REQUIRES, "r.service"));
        if (getuid() == 0) {
                ck_assert_uint_eq(strv_length(u->dependencies[UNIT_REQUIRES]), 1);
                ck_assert_str_eq(unit_dependency_origin(u, UNIT_REQUIRES, "sysinit.target"), UNIT_ORIGIN_DEFAULT);
        }
        ck_assert_str_eq(unit_dependency_origin(u, UNIT_AFTER, "basic.target"), UNIT_ORIGIN_DEFAULT);
        /* One copy of each origin (units/unit.h: origin_pool): the names of a line share
         * it, and so do all implicit dependencies. */
        ck_assert_ptr_eq(unit_dependency_origin(u, UNIT_AFTER, "a.service"),
                         unit_dependency_origin(u, UNIT_AFTER, "b.service"));
        ck_assert_ptr_eq(unit_dependency_origin(u, UNIT_AFTER, "basic.target"),
                         unit_dependency_origin(u, UNIT_CONFLICTS, "shutdown.target"));
        ck_assert_ptr_null(unit_dependency_origin(u, UNIT_AFTER, "nothing.service"));
        ck_assert_ptr_null(unit_dependency_origin(u, _UNIT_DEPENDENCY_MAX, "a.service"));
        ck_assert_uint_eq(test_n_warnings(), 0);
}
END_TEST

/* The helpers that keep the lists in step. */
START_TEST(origin_helpers) {
        _cleanup_(unit_freep) struct unit *u = NULL;

        ck_assert_int_eq(unit_new("x.service", &u), 0);
        ck_assert_int_eq(unit_add_dependency(u, UNIT_AFTER, "a.service", "here:1"), 1);
        ck_assert_int_eq(unit_add_dependency(u, UNIT_AFTER, "a.service", "there:2"), 0);
        ck_assert_int_eq(unit_add_dependency(u, UNIT_AFTER, "x.service", "self:3"), 0);
        ck_assert_int_eq(strv_extend(&u->aliases, "y.service"), 0);
        ck_assert_int_eq(unit_add_dependency(u, UNIT_AFTER, "y.service", "alias:4"), 0);
        ck_assert_str_eq(unit_dependency_origin(u, UNIT_AFTER, "a.service"), "here:1");

        /* A parser appended two names. */
        ck_assert_int_eq(strv_extend(&u->dependencies[UNIT_AFTER], "b.service"), 0);
        ck_assert_int_eq(strv_extend(&u->dependencies[UNIT_AFTER], "c.service"), 0);
        ck_assert_int_eq(unit_dependency_origins_sync(u, UNIT_AFTER, "f:5"), 0);
        ck_assert_str_eq(unit_dependency_origin(u, UNIT_AFTER, "c.service"), "f:5");
        ck_assert_ptr_eq(unit_dependency_origin(u, UNIT_AFTER, "b.service"), unit_dependency_origin(u, UNIT_AFTER, "c.service"));
        ck_assert_uint_eq(strv_length(u->dependency_origins[UNIT_AFTER]), 3);
        ck_assert_uint_eq(strv_length(u->origin_pool), 2); /* here:1, f:5 */
        /* Appended without an origin: refused. */
        ck_assert_int_eq(strv_extend(&u->dependencies[UNIT_AFTER], "d.service"), 0);
        ck_assert_int_eq(unit_dependency_origins_sync(u, UNIT_AFTER, NULL), -EINVAL);
        /* A parser reset the list. */
        u->dependencies[UNIT_AFTER] = strv_free(u->dependencies[UNIT_AFTER]);
        ck_assert_int_eq(unit_dependency_origins_sync(u, UNIT_AFTER, NULL), 0);
        ck_assert_ptr_null(u->dependency_origins[UNIT_AFTER]);
        ck_assert_ptr_null(unit_dependency_origin(u, UNIT_AFTER, "a.service"));
}
END_TEST

/* unit_add_dependencies(): what unit_add_dependency() does for each name, in one sort. */
START_TEST(origin_helpers_batch) {
        _cleanup_(unit_freep) struct unit *u = NULL;
        char *const names[] = { "b.service", "a.service", "x.service", "c.service", "b.service", "y.service",
                                "d.service", NULL };
        char *const origins[] = { "dir1/", "dir2/", "dir3/", "dir4/", "dir5/", "dir6/", "dir1/", NULL };
        char *const none[] = { NULL };

        ck_assert_int_eq(unit_new("x.service", &u), 0);
        ck_assert_int_eq(strv_extend(&u->aliases, "y.service"), 0);
        ck_assert_int_eq(unit_add_dependency(u, UNIT_WANTS, "a.service", "here:1"), 1);
        ck_assert_int_eq(unit_add_dependencies(u, UNIT_WANTS, none, none), 0);
        /* a is there already, b comes twice, x and y are the unit's own names. */
        ck_assert_int_eq(unit_add_dependencies(u, UNIT_WANTS, names, origins), 3);
        ck_assert_uint_eq(strv_length(u->dependencies[UNIT_WANTS]), 4);
        ck_assert_uint_eq(strv_length(u->dependency_origins[UNIT_WANTS]), 4);
        ck_assert_str_eq(u->dependencies[UNIT_WANTS][0], "a.service");
        ck_assert_str_eq(u->dependencies[UNIT_WANTS][1], "b.service");
        ck_assert_str_eq(u->dependencies[UNIT_WANTS][2], "c.service");
        ck_assert_str_eq(u->dependencies[UNIT_WANTS][3], "d.service");
        ck_assert_str_eq(unit_dependency_origin(u, UNIT_WANTS, "a.service"), "here:1");
        ck_assert_str_eq(unit_dependency_origin(u, UNIT_WANTS, "b.service"), "dir1/");
        ck_assert_str_eq(unit_dependency_origin(u, UNIT_WANTS, "c.service"), "dir4/");
        ck_assert_ptr_eq(unit_dependency_origin(u, UNIT_WANTS, "d.service"), unit_dependency_origin(u, UNIT_WANTS, "b.service"));
        ck_assert_uint_eq(strv_length(u->origin_pool), 3); /* here:1, dir1/, dir4/ */
        ck_assert_int_eq(unit_add_dependencies(u, UNIT_WANTS, names, origins), 0);

        /* A parser appended a name first: it gets the batch's first origin. */
        ck_assert_int_eq(strv_extend(&u->dependencies[UNIT_AFTER], "p.service"), 0);
        ck_assert_int_eq(unit_add_dependencies(u, UNIT_AFTER, names, origins), 4);
        ck_assert_str_eq(unit_dependency_origin(u, UNIT_AFTER, "p.service"), "dir1/");
        ck_assert_uint_eq(strv_length(u->dependency_origins[UNIT_AFTER]), 5);
}
END_TEST

/* 10,000 names, the first half of them twice: each added once, in the order given. */
START_TEST(origin_helpers_batch_large) {
        enum { N = 10000, TOTAL = N + N / 2 };
        _cleanup_(unit_freep) struct unit *u = NULL;
        /* Filled in place: strv_extend() measures the list each time, which made building
         * the input quadratic and took seconds under a sanitizer. */
        _cleanup_strv_free_ char **names = calloc(TOTAL + 1, sizeof(char *));
        char *origins[TOTAL + 1];

        ck_assert_ptr_nonnull(names);
        ck_assert_int_eq(unit_new("big.target", &u), 0);
        for (int i = 0; i < TOTAL; i++) {
                ck_assert_int_ge(asprintf(&names[i], "s%05d.service", (i * 7919) % N), 0);
                origins[i] = (char *) (i < N ? "big.target.wants/" : "again/");
        }
        origins[TOTAL] = NULL;
        ck_assert_int_eq(unit_add_dependencies(u, UNIT_WANTS, names, origins), N);
        ck_assert_uint_eq(strv_length(u->dependencies[UNIT_WANTS]), N);
        for (int i = 0; i < N; i += 997)
                ck_assert_str_eq(u->dependencies[UNIT_WANTS][i], names[i]);
        ck_assert_str_eq(unit_dependency_origin(u, UNIT_WANTS, names[N - 1]), "big.target.wants/");
        ck_assert_uint_eq(strv_length(u->origin_pool), 1);
}
END_TEST

static Suite *suite(void) {
        Suite *s = suite_create("special-units");
        TCase *tc = tcase_create("core");

        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_add_test(tc, every_builtin_loads_cleanly);
        tcase_add_test(tc, builtin_relations);
        tcase_add_test(tc, default_target_is_multi_user);
        tcase_add_test(tc, default_target_file_wins);
        tcase_add_test(tc, default_target_link_to_a_builtin);
        tcase_add_test(tc, default_target_wants_via_alias);
        tcase_add_test(tc, vendor_special_targets_ignored);
        tcase_add_test(tc, etc_special_targets_honoured);
        tcase_add_test(tc, vendor_dir_list);
        tcase_add_test(tc, service_default_dependencies);
        tcase_add_test(tc, user_mode_default_dependencies);
        tcase_add_test(tc, target_default_dependencies);
        tcase_add_test(tc, dependency_origins);
        tcase_add_test(tc, origin_helpers);
        tcase_add_test(tc, origin_helpers_batch);
        tcase_add_test(tc, origin_helpers_batch_large);
        suite_add_tcase(s, tc);
        return s;
}

int main(void) {
        return test_run(suite());
}
