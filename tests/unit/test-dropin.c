/* test-dropin.c: unit_load() end to end: drop-in order and masking, templates, aliases, masked units, robustness. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libsvc/strv.h"
#include "tests/unit/test-helpers.h"
#include "units/dropin.h"
#include "units/unit.h"

/* A search path like the system's: etc over run over lib. */
static char *search[4];

static void setup(void) {
        test_setup();
        search[0] = (char *) test_fmt("%s/etc", test_dir);
        search[1] = (char *) test_fmt("%s/run", test_dir);
        search[2] = (char *) test_fmt("%s/lib", test_dir);
        search[3] = NULL;
        for (size_t i = 0; i < 3; i++)
                ck_assert_int_eq(mkdir(search[i], 0755), 0);
}

static void mkdirs(const char *rel) {
        const char *p = test_fmt("%s/%s", test_dir, rel);
        ck_assert_int_eq(mkdir(p, 0755), 0);
}

static const char *path_of(const char *rel) {
        return test_fmt("%s/%s", test_dir, rel);
}

static void link_to(const char *target, const char *rel) {
        ck_assert_int_eq(symlink(target, path_of(rel)), 0);
}

static void check_argv1(const struct unit *u, const char *want) {
        ck_assert_uint_eq(u->n_exec_start, 1);
        ck_assert_ptr_nonnull(u->exec_start[0].argv[1]);
        ck_assert_str_eq(u->exec_start[0].argv[1], want);
}

START_TEST(override_order) {
        _cleanup_(unit_freep) struct unit *u = NULL;

        test_write_file("lib/foo.service", "[Unit]\nDescription=lib\n[Service]\nExecStart=/bin/echo fragment\n");
        mkdirs("lib/foo.service.d");
        mkdirs("run/foo.service.d");
        mkdirs("etc/foo.service.d");
        /* Same name in three directories: /etc wins, the others are not applied. */
        test_write_file("lib/foo.service.d/50-desc.conf", "[Unit]\nDescription=from lib\n");
        test_write_file("run/foo.service.d/50-desc.conf", "[Unit]\nDescription=from run\n");
        test_write_file("etc/foo.service.d/50-desc.conf", "[Unit]\nDescription=from etc\n");
        /* Different names apply in lexical order whatever their directory: lib's 90 after etc's 10. */
        test_write_file("etc/foo.service.d/10-exec.conf", "[Service]\nExecStart=\nExecStart=/bin/echo etc10\n");
        test_write_file("lib/foo.service.d/90-exec.conf", "[Service]\nExecStart=\nExecStart=/bin/echo lib90\n");
        test_write_file("run/foo.service.d/not-a-conf.txt", "[Unit]\nDescription=ignored\n");

        ck_assert_int_eq(unit_load(search, "foo.service", &u), 0);
        ck_assert_str_eq(u->id, "foo.service");
        ck_assert_str_eq(u->fragment_path, path_of("lib/foo.service"));
        ck_assert_str_eq(u->description, "from etc");
        check_argv1(u, "lib90");
        ck_assert_uint_eq(strv_length(u->dropin_paths), 3);
        ck_assert_str_eq(u->dropin_paths[0], path_of("etc/foo.service.d/10-exec.conf"));
        ck_assert_str_eq(u->dropin_paths[1], path_of("etc/foo.service.d/50-desc.conf"));
        ck_assert_str_eq(u->dropin_paths[2], path_of("lib/foo.service.d/90-exec.conf"));
        ck_assert_ptr_null(u->instance);
        ck_assert_ptr_null(u->aliases);
        ck_assert_uint_eq(test_n_warnings(), 0);
}
END_TEST

START_TEST(type_wide_prefix_and_template_dropins) {
        _cleanup_(unit_freep) struct unit *u = NULL;

        test_write_file("lib/web-app@.service", "[Service]\nExecStart=/bin/echo %i\n");
        mkdirs("lib/service.d");
        mkdirs("lib/web-.service.d");
        mkdirs("lib/web-app@.service.d");
        mkdirs("etc/web-app@blue.service.d");
        test_write_file("lib/service.d/10-all.conf", "[Unit]\nDescription=all services\nDocumentation=man:all(1)\n");
        test_write_file("lib/web-.service.d/10-all.conf", "[Unit]\nDescription=web prefix\n");
        test_write_file("lib/web-.service.d/20-web.conf", "[Unit]\nDocumentation=man:web(1)\n");
        test_write_file("lib/web-app@.service.d/20-web.conf", "[Unit]\nDocumentation=man:template(1)\n");
        test_write_file("etc/web-app@blue.service.d/30-inst.conf", "[Service]\nExecStart=\nExecStart=/bin/echo %n\n");

        ck_assert_int_eq(unit_load(search, "web-app@blue.service", &u), 0);
        ck_assert_str_eq(u->id, "web-app@blue.service");
        ck_assert_str_eq(u->instance, "blue");
        ck_assert_str_eq(u->fragment_path, path_of("lib/web-app@.service"));
        /* service.d/10-all.conf is hidden by the more specific web-.service.d/10-all.conf;
         * web-.service.d/20-web.conf by the template's 20-web.conf. */
        ck_assert_str_eq(u->description, "web prefix");
        ck_assert_uint_eq(strv_length(u->documentation), 1);
        ck_assert_str_eq(u->documentation[0], "man:template(1)");
        check_argv1(u, "web-app@blue.service");
        ck_assert_uint_eq(strv_length(u->dropin_paths), 3);
        ck_assert_str_eq(u->dropin_paths[0], path_of("lib/web-.service.d/10-all.conf"));
        ck_assert_str_eq(u->dropin_paths[1], path_of("lib/web-app@.service.d/20-web.conf"));
        ck_assert_str_eq(u->dropin_paths[2], path_of("etc/web-app@blue.service.d/30-inst.conf"));
}
END_TEST

START_TEST(type_wide_applies_to_all) {
        _cleanup_(unit_freep) struct unit *u = NULL;
        _cleanup_strv_free_ char **paths = NULL;

        test_write_file("lib/plain.service", "[Service]\nExecStart=/bin/true\n");
        mkdirs("run/service.d");
        test_write_file("run/service.d/10-all.conf", "[Unit]\nDescription=all services\n");
        ck_assert_int_eq(unit_load(search, "plain.service", &u), 0);
        ck_assert_str_eq(u->description, "all services");

        /* Not for other types. */
        ck_assert_int_eq(dropin_find(search, "x.target", NULL, &paths), 0);
        ck_assert_uint_eq(strv_length(paths), 0);
}
END_TEST

START_TEST(masked_dropin) {
        _cleanup_(unit_freep) struct unit *u = NULL;

        test_write_file("lib/foo.service", "[Unit]\nDescription=fragment\n[Service]\nExecStart=/bin/true\n");
        mkdirs("lib/foo.service.d");
        mkdirs("etc/foo.service.d");
        mkdirs("lib/service.d");
        test_write_file("lib/foo.service.d/50-desc.conf", "[Unit]\nDescription=vendor\n");
        test_write_file("lib/service.d/60-all.conf", "[Unit]\nDescription=type-wide\n");
        link_to("/dev/null", "etc/foo.service.d/50-desc.conf");
        link_to("/dev/null", "etc/foo.service.d/60-all.conf");

        ck_assert_int_eq(unit_load(search, "foo.service", &u), 0);
        ck_assert_str_eq(u->description, "fragment");
        ck_assert_uint_eq(strv_length(u->dropin_paths), 0);
}
END_TEST

START_TEST(unreadable_dropin) {
        _cleanup_(unit_freep) struct unit *u = NULL;

        test_write_file("lib/foo.service", "[Service]\nExecStart=/bin/true\n");
        mkdirs("etc/foo.service.d");
        test_write_file("etc/foo.service.d/10-ok.conf", "[Unit]\nDescription=ok\n");
        /* A dangling link and a loop cannot be read whoever we are (chmod 000 does not
         * stop root). */
        link_to("/nonexistent/x.conf", "etc/foo.service.d/20-dangling.conf");
        link_to(path_of("etc/foo.service.d/30-loop.conf"), "etc/foo.service.d/30-loop.conf");

        ck_assert_int_eq(unit_load(search, "foo.service", &u), 0);
        ck_assert_str_eq(u->description, "ok");
        ck_assert_uint_eq(strv_length(u->dropin_paths), 1);
        ck_assert_uint_eq(test_n_warnings(), 2);
        ck_assert_str_eq(test_warning(0),
                         test_fmt("%s: Cannot read drop-in of foo.service, ignoring it: No such file or directory",
                                  path_of("etc/foo.service.d/20-dangling.conf")));
        ck_assert_str_eq(test_warning(1),
                         test_fmt("%s: Cannot read drop-in of foo.service, ignoring it: Too many levels of symbolic links",
                                  path_of("etc/foo.service.d/30-loop.conf")));
}
END_TEST

START_TEST(dropin_warnings_name_the_dropin) {
        _cleanup_(unit_freep) struct unit *u = NULL;

        test_write_file("lib/foo.service", "[Service]\nExecStart=/bin/true\n");
        mkdirs("etc/foo.service.d");
        test_write_file("etc/foo.service.d/10.conf", "[Service]\n\nNoSuchKey=1\nExecStart=/bin/echo %Q\n[Service\n");

        ck_assert_int_eq(unit_load(search, "foo.service", &u), 0);
        const char *p = path_of("etc/foo.service.d/10.conf");
        ck_assert_uint_eq(test_n_warnings(), 3);
        ck_assert_str_eq(test_warning(0), test_fmt("%s:3: Unknown key 'NoSuchKey' in section [Service], ignoring.", p));
        ck_assert_str_eq(test_warning(1),
                         test_fmt("%s:4: ExecStart=/bin/echo %%Q has an unknown specifier %%Q, ignoring.", p));
        ck_assert_str_eq(test_warning(2),
                         test_fmt("%s:5: Invalid section header '[Service', ignoring lines up to the next section.", p));
        ck_assert_uint_eq(u->n_exec_start, 1); /* the fragment's, the bad one was dropped */
}
END_TEST

START_TEST(escaped_instances_end_to_end) {
        _cleanup_(unit_freep) struct unit *u = NULL, *v = NULL;

        test_write_file("lib/getty@.service", "[Service]\nExecStart=/sbin/agetty -o '-p -- \\\\u' %I $TERM\n");
        ck_assert_int_eq(unit_load(search, "getty@tty1.service", &u), 0);
        ck_assert_str_eq(u->id, "getty@tty1.service");
        ck_assert_str_eq(u->instance, "tty1");
        ck_assert_uint_eq(u->n_exec_start, 1);
        ck_assert_str_eq(u->exec_start[0].argv[2], "-p -- \\u");
        ck_assert_str_eq(u->exec_start[0].argv[3], "tty1");
        ck_assert_str_eq(u->exec_start[0].argv[4], "$TERM");

        test_write_file("lib/foo@.service", "[Unit]\nDescription=%p for %I\n[Service]\nExecStart=/bin/echo %i \"%I\" %f 100%%\n");
        ck_assert_int_eq(unit_load(search, "foo@a\\x2db\\x20c.service", &v), 0);
        ck_assert_str_eq(v->instance, "a\\x2db\\x20c");
        const char *const want[] = { "/bin/echo", "a\\x2db\\x20c", "a-b c", "/a-b c", "100%", NULL };
        for (size_t i = 0; want[i]; i++)
                ck_assert_str_eq(v->exec_start[0].argv[i], want[i]);
        ck_assert_ptr_null(v->exec_start[0].argv[5]);
        /* Description= expands only if the table says it takes specifiers. */
        ck_assert(streq(v->description, "foo for a-b c") || streq(v->description, "%p for %I"));
}
END_TEST

START_TEST(instance_file_wins_over_template) {
        _cleanup_(unit_freep) struct unit *u = NULL;

        test_write_file("lib/foo@.service", "[Service]\nExecStart=/bin/echo template\n");
        test_write_file("etc/foo@special.service", "[Service]\nExecStart=/bin/echo own\n");
        ck_assert_int_eq(unit_load(search, "foo@special.service", &u), 0);
        ck_assert_str_eq(u->fragment_path, path_of("etc/foo@special.service"));
        check_argv1(u, "own");
        ck_assert_str_eq(u->instance, "special");
}
END_TEST

START_TEST(masking) {
        struct unit *u = NULL;

        test_write_file("lib/a.service", "[Service]\nExecStart=/bin/true\n");
        link_to("/dev/null", "etc/a.service");
        ck_assert_int_eq(unit_load(search, "a.service", &u), -ERFKILL);

        /* systemd.unit(5): an empty file masks, too. */
        test_write_file("lib/b.service", "[Service]\nExecStart=/bin/true\n");
        test_write_file("run/b.service", "");
        ck_assert_int_eq(unit_load(search, "b.service", &u), -ERFKILL);

        /* A masked template masks its instances. */
        link_to("/dev/null", "etc/t@.service");
        ck_assert_int_eq(unit_load(search, "t@x.service", &u), -ERFKILL);
        ck_assert_ptr_null(u);
}
END_TEST

START_TEST(aliases) {
        _cleanup_(unit_freep) struct unit *u = NULL, *v = NULL, *w = NULL;
        struct unit *none = NULL;

        test_write_file("lib/real.service", "[Service]\nExecStart=/bin/echo %n\n");
        link_to(path_of("lib/real.service"), "etc/other.service");
        mkdirs("etc/other.service.d");
        test_write_file("etc/other.service.d/10.conf", "[Unit]\nDescription=via alias\n");

        ck_assert_int_eq(unit_load(search, "other.service", &u), 0);
        ck_assert_str_eq(u->id, "real.service");
        ck_assert_str_eq(u->fragment_path, path_of("lib/real.service"));
        ck_assert_uint_eq(strv_length(u->aliases), 1);
        ck_assert_str_eq(u->aliases[0], "other.service");
        check_argv1(u, "real.service");
        /* systemd.unit(5): "dropins for the aliased name and all aliases are loaded". */
        ck_assert_str_eq(u->description, "via alias");

        /* The alias names the unit; the unit's file is found on the path like any other,
         * so an /etc copy of real.service overrides the vendor one it links to. */
        test_write_file("etc/real.service", "[Service]\nExecStart=/bin/echo override\n");
        ck_assert_int_eq(unit_load(search, "other.service", &v), 0);
        ck_assert_str_eq(v->fragment_path, path_of("etc/real.service"));

        /* An instance linked to another template is that template's instance. */
        test_write_file("lib/tmpl@.service", "[Service]\nExecStart=/bin/echo %n\n");
        link_to(path_of("lib/tmpl@.service"), "etc/alias@x.service");
        ck_assert_int_eq(unit_load(search, "alias@x.service", &w), 0);
        ck_assert_str_eq(w->id, "tmpl@x.service");
        ck_assert_str_eq(w->instance, "x");
        ck_assert_str_eq(w->aliases[0], "alias@x.service");
        check_argv1(w, "tmpl@x.service");

        /* An alias of a masked unit is masked. */
        link_to("/dev/null", "etc/masked.service");
        link_to(path_of("etc/masked.service"), "run/m-alias.service");
        ck_assert_int_eq(unit_load(search, "m-alias.service", &none), -ERFKILL);
}
END_TEST

START_TEST(not_found_unsupported_invalid) {
        struct unit *u = NULL;

        ck_assert_int_eq(unit_load(search, "none.service", &u), -ENOENT);
        ck_assert_int_eq(unit_load(search, "none@x.service", &u), -ENOENT);
        test_write_file("lib/x.socket", "[Socket]\nListenStream=1\n");
        ck_assert_int_eq(unit_load(search, "x.socket", &u), -EPROTONOSUPPORT);
        ck_assert_int_eq(unit_load(search, "x.timer", &u), -EPROTONOSUPPORT);
        ck_assert_int_eq(unit_load(search, "x.mount", &u), -EPROTONOSUPPORT);
        ck_assert_int_eq(unit_load(search, "bad name.service", &u), -EINVAL);
        ck_assert_int_eq(unit_load(search, "t@.service", &u), -EINVAL);
        ck_assert_ptr_null(u);
}
END_TEST

START_TEST(targets_load) {
        _cleanup_(unit_freep) struct unit *u = NULL;

        test_write_file("lib/app.target", "[Unit]\nDescription=App\n");
        ck_assert_int_eq(unit_load(search, "app.target", &u), 0);
        ck_assert_str_eq(u->description, "App");
}
END_TEST

START_TEST(symlink_loop_in_search_path) {
        _cleanup_(unit_freep) struct unit *u = NULL;

        link_to(path_of("etc/loop.service"), "etc/loop.service");
        test_write_file("lib/loop.service", "[Service]\nExecStart=/bin/true\n");
        ck_assert_int_eq(unit_load(search, "loop.service", &u), 0);
        ck_assert_str_eq(u->fragment_path, path_of("lib/loop.service"));
        ck_assert_uint_eq(test_n_warnings(), 1);
        ck_assert_str_eq(test_warning(0), test_fmt("%s: Too many levels of symbolic links (a symlink loop?), ignoring.",
                                                   path_of("etc/loop.service")));
}
END_TEST

START_TEST(big_file_and_nul_bytes) {
        _cleanup_(unit_freep) struct unit *u = NULL, *v = NULL;
        const char *p = path_of("lib/big.service");
        FILE *f = fopen(p, "we");

        /* 10 MB: a real service, then comments, then one 2 MiB line, then a setting. */
        ck_assert_ptr_nonnull(f);
        fputs("[Service]\nExecStart=/bin/true\n", f);
        for (int i = 0; i < 100000; i++)
                fputs("# padding padding padding padding padding padding padding padding padding\n", f);
        fputs("Environment=", f);
        for (int i = 0; i < 2 * 1024 * 1024; i++)
                fputc('x', f);
        fputs("\n[Unit]\nDescription=after the long line\n", f);
        ck_assert_int_eq(fclose(f), 0);
        ck_assert_int_eq(unit_load(search, "big.service", &u), 0);
        ck_assert_str_eq(u->description, "after the long line");
        ck_assert_str_eq(test_warning(0), test_fmt("%s:100003: Line is longer than 1 MiB, ignoring.", p));

        test_clear_warnings();
        const char *q = path_of("lib/nul.service");
        f = fopen(q, "we");
        ck_assert_ptr_nonnull(f);
        static const char nul[] = "[Service]\nExecStart=/bin/true\nDescription=a\0b\n[Unit]\nDescription=ok\n";
        ck_assert_uint_eq(fwrite(nul, 1, sizeof nul - 1, f), sizeof nul - 1);
        ck_assert_int_eq(fclose(f), 0);
        ck_assert_int_eq(unit_load(search, "nul.service", &v), 0);
        ck_assert_str_eq(v->description, "ok");
        ck_assert_str_eq(test_warning(0), test_fmt("%s:3: Line contains a NUL byte, ignoring.", q));
}
END_TEST

/* systemd.unit(5): .wants/ and .requires/ directories of the unit (and of its template,
 * for an instance), in any search directory, add Wants=/Requires= as if written. */
START_TEST(wants_and_requires_directories) {
        _cleanup_(unit_freep) struct unit *u = NULL, *i = NULL;

        test_write_file("lib/app.service", "[Unit]\nWants=written.service\nDefaultDependencies=no\n[Service]\nExecStart=/bin/true\n");
        mkdirs("etc/app.service.wants");
        mkdirs("lib/app.service.wants");
        mkdirs("run/app.service.requires");
        link_to("../db.service", "etc/app.service.wants/db.service");
        link_to("../cache.service", "lib/app.service.wants/cache.service");
        link_to("../written.service", "lib/app.service.wants/written.service"); /* no duplicate */
        link_to("../net.target", "run/app.service.requires/net.target");

        ck_assert_int_eq(unit_load(search, "app.service", &u), 0);
        ck_assert_uint_eq(strv_length(u->dependencies[UNIT_WANTS]), 3);
        ck_assert_str_eq(u->dependencies[UNIT_WANTS][0], "written.service");
        ck_assert(strv_contains(u->dependencies[UNIT_WANTS], "db.service"));
        ck_assert(strv_contains(u->dependencies[UNIT_WANTS], "cache.service"));
        ck_assert_uint_eq(strv_length(u->dependencies[UNIT_REQUIRES]), 1);
        ck_assert_str_eq(u->dependencies[UNIT_REQUIRES][0], "net.target");
        ck_assert_str_eq(unit_dependency_to_string(UNIT_REQUIRES), "Requires");

        test_write_file("lib/tpl@.service", "[Service]\nExecStart=/bin/echo %i\n");
        mkdirs("lib/tpl@.service.wants");
        mkdirs("lib/tpl@x.service.wants");
        link_to("../log.service", "lib/tpl@.service.wants/log.service");
        link_to("../only-x.service", "lib/tpl@x.service.wants/only-x.service");
        ck_assert_int_eq(unit_load(search, "tpl@x.service", &i), 0);
        ck_assert_uint_eq(strv_length(i->dependencies[UNIT_WANTS]), 2);
        ck_assert(strv_contains(i->dependencies[UNIT_WANTS], "log.service"));
        ck_assert(strv_contains(i->dependencies[UNIT_WANTS], "only-x.service"));
}
END_TEST

static Suite *suite(void) {
        Suite *s = suite_create("dropin");
        TCase *tc = tcase_create("core");

        tcase_add_checked_fixture(tc, setup, test_teardown);
        tcase_add_test(tc, override_order);
        tcase_add_test(tc, type_wide_prefix_and_template_dropins);
        tcase_add_test(tc, type_wide_applies_to_all);
        tcase_add_test(tc, masked_dropin);
        tcase_add_test(tc, unreadable_dropin);
        tcase_add_test(tc, dropin_warnings_name_the_dropin);
        tcase_add_test(tc, escaped_instances_end_to_end);
        tcase_add_test(tc, instance_file_wins_over_template);
        tcase_add_test(tc, masking);
        tcase_add_test(tc, aliases);
        tcase_add_test(tc, not_found_unsupported_invalid);
        tcase_add_test(tc, targets_load);
        tcase_add_test(tc, symlink_loop_in_search_path);
        tcase_add_test(tc, big_file_and_nul_bytes);
        tcase_add_test(tc, wants_and_requires_directories);
        suite_add_tcase(s, tc);
        return s;
}

int main(void) {
        return test_run(suite());
}
