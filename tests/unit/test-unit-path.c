/* test-unit-path.c: the search path (defaults, SVCD_UNIT_PATH), finding, masking, aliases, and .wants/ and .requires/ listing. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "libsvc/fd-util.h"
#include "libsvc/strv.h"
#include "tests/unit/test-helpers.h"
#include "units/unit-path.h"

static const char *mkdir_in(const char *name) {
        const char *p = test_fmt("%s/%s", test_dir, name);
        ck_assert_int_eq(mkdir(p, 0755), 0);
        return p;
}

START_TEST(parse_drops_empty) {
        _cleanup_strv_free_ char **l = NULL, **e = NULL;

        ck_assert_int_eq(unit_path_parse("/a::/b:", &l), 0);
        ck_assert_uint_eq(strv_length(l), 2);
        ck_assert_str_eq(l[0], "/a");
        ck_assert_str_eq(l[1], "/b");
        ck_assert_int_eq(unit_path_parse("", &e), 0);
        ck_assert_ptr_nonnull(e);
        ck_assert_uint_eq(strv_length(e), 0);
}
END_TEST

START_TEST(default_system_and_env) {
        _cleanup_strv_free_ char **l = NULL, **m = NULL;

        unsetenv("SVCD_UNIT_PATH");
        ck_assert_int_eq(unit_path_default(false, &l), 0);
        ck_assert_str_eq(l[0], "/etc/svcd/units");
        ck_assert(strv_contains(l, "/etc/systemd/system"));
        ck_assert(strv_contains(l, "/lib/systemd/system"));

        setenv("SVCD_UNIT_PATH", "/x:/y", 1);
        ck_assert_int_eq(unit_path_default(false, &m), 0);
        ck_assert_uint_eq(strv_length(m), 2);
        ck_assert_str_eq(m[0], "/x");
        unsetenv("SVCD_UNIT_PATH");
}
END_TEST

START_TEST(default_user) {
        _cleanup_strv_free_ char **l = NULL, **m = NULL;

        unsetenv("SVCD_UNIT_PATH");
        setenv("XDG_CONFIG_HOME", "/cfg", 1);
        setenv("XDG_RUNTIME_DIR", "/run/user/1000", 1);
        ck_assert_int_eq(unit_path_default(true, &l), 0);
        ck_assert_uint_eq(strv_length(l), 5);
        ck_assert_str_eq(l[0], "/cfg/svcd/units");
        ck_assert_str_eq(l[1], "/run/user/1000/svcd/units");
        ck_assert_str_eq(l[2], "/cfg/systemd/user");
        ck_assert_str_eq(l[3], "/etc/systemd/user");
        ck_assert_str_eq(l[4], "/usr/lib/systemd/user");

        unsetenv("XDG_CONFIG_HOME");
        unsetenv("XDG_RUNTIME_DIR");
        setenv("HOME", "/home/u", 1);
        ck_assert_int_eq(unit_path_default(true, &m), 0);
        ck_assert_uint_eq(strv_length(m), 4);
        ck_assert_str_eq(m[0], "/home/u/.config/svcd/units");
        ck_assert_str_eq(m[1], "/home/u/.config/systemd/user");
}
END_TEST

START_TEST(find_by_precedence) {
        const char *a = mkdir_in("a"), *b = mkdir_in("b");
        char *const path[] = { (char *) a, (char *) b, NULL };
        char *found = NULL;

        test_write_file("b/foo.service", "[Service]\n");
        ck_assert_int_eq(unit_path_find(path, "foo.service", &found), 0);
        ck_assert_str_eq(found, test_fmt("%s/foo.service", b));
        free(found);

        test_write_file("a/foo.service", "[Service]\n");
        ck_assert_int_eq(unit_path_find(path, "foo.service", &found), 0);
        ck_assert_str_eq(found, test_fmt("%s/foo.service", a));
        free(found);
        found = NULL;

        ck_assert_int_eq(unit_path_find(path, "none.service", &found), -ENOENT);
        ck_assert_int_eq(unit_path_find(path, "../a/foo.service", &found), -EINVAL);
        ck_assert_ptr_null(found);
}
END_TEST

START_TEST(symlinks_and_masking) {
        const char *a = mkdir_in("a"), *b = mkdir_in("b");
        char *const path[] = { (char *) a, (char *) b, NULL };
        char *found = NULL;

        test_write_file("b/real.service", "[Service]\n");
        ck_assert_int_eq(symlink(test_fmt("%s/real.service", b), test_fmt("%s/alias.service", a)), 0);
        ck_assert_int_eq(unit_path_find(path, "alias.service", &found), 0);
        ck_assert_str_eq(found, test_fmt("%s/alias.service", a));
        free(found);
        found = NULL;

        /* A dangling link in a higher directory does not hide a lower one. */
        ck_assert_int_eq(symlink("/nonexistent/x", test_fmt("%s/real.service", a)), 0);
        ck_assert_int_eq(unit_path_find(path, "real.service", &found), 0);
        ck_assert_str_eq(found, test_fmt("%s/real.service", b));
        free(found);
        found = NULL;

        test_write_file("b/masked.service", "[Service]\n");
        ck_assert_int_eq(symlink("/dev/null", test_fmt("%s/masked.service", a)), 0);
        ck_assert_int_eq(unit_path_find(path, "masked.service", &found), -ERFKILL);
        ck_assert_ptr_null(found);
}
END_TEST

/* link_n FD I: makes the link uI.service -> ../uI.service in the directory FD. */
static void link_n(int dir_fd, int i) {
        char name[32], target[40];

        snprintf(name, sizeof name, "u%04d.service", i);
        snprintf(target, sizeof target, "../%s", name);
        ck_assert_int_eq(symlinkat(target, dir_fd, name), 0);
}

/* 600 links, 200 of them in both directories: sorted, each once, with the first directory.
 * Enough for the sort and the merge across directories; more only measures the disk, where
 * a link can take a millisecond (3,000 of them ran over check's timeout on a loaded machine). */
START_TEST(list_wants_large) {
        enum { N = 600 };
        const char *a = mkdir_in("a"), *b = mkdir_in("b");
        char *const path[] = { (char *) a, (char *) b, NULL };
        _cleanup_strv_free_ char **names = NULL, **dirs = NULL;
        _cleanup_close_ int a_fd = open(mkdir_in("a/big.target.wants"), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        _cleanup_close_ int b_fd = open(mkdir_in("b/big.target.wants"), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        char name[32];

        ck_assert_int_ge(a_fd, 0);
        ck_assert_int_ge(b_fd, 0);
        for (int i = 0; i < N; i++) {
                link_n(i % 3 == 0 ? b_fd : a_fd, i);
                if (i % 3 == 1)
                        link_n(b_fd, i);
        }
        ck_assert_int_eq(unit_path_list_deps_origins(path, "big.target", "wants", &names, &dirs), 0);
        ck_assert_uint_eq(strv_length(names), N);
        for (int i = 0; i < N; i++) {
                snprintf(name, sizeof name, "u%04d.service", i);
                ck_assert_str_eq(names[i], name);
                ck_assert(endswith(dirs[i], i % 3 == 0 ? "/b/big.target.wants/" : "/a/big.target.wants/"));
        }
}
END_TEST

START_TEST(list_wants) {
        const char *a = mkdir_in("a"), *b = mkdir_in("b");
        char *const path[] = { (char *) a, (char *) b, (char *) "/nonexistent", NULL };
        _cleanup_strv_free_ char **names = NULL, **none = NULL;

        mkdir_in("a/default.target.wants");
        mkdir_in("b/default.target.wants");
        test_write_file("a/default.target.wants/zeta.service", "");
        test_write_file("a/default.target.wants/alpha.service", "");
        test_write_file("b/default.target.wants/alpha.service", "");
        test_write_file("b/default.target.wants/mid.target", "");
        test_write_file("b/default.target.wants/not a unit", "");
        test_write_file("b/default.target.wants/tmpl@.service", "");

        ck_assert_int_eq(unit_path_list_wants(path, "default.target", &names), 0);
        ck_assert_uint_eq(strv_length(names), 3);
        ck_assert_str_eq(names[0], "alpha.service");
        ck_assert_str_eq(names[1], "mid.target");
        ck_assert_str_eq(names[2], "zeta.service");
        ck_assert_uint_eq(test_n_warnings(), 2);
        ck_assert(strstr(test_warning(0), "not a unit") || strstr(test_warning(1), "not a unit"));

        /* Each name with the directory it was found in first. */
        _cleanup_strv_free_ char **again = NULL, **dirs = NULL;
        ck_assert_int_eq(unit_path_list_deps_origins(path, "default.target", "wants", &again, &dirs), 0);
        ck_assert_uint_eq(strv_length(again), 3);
        ck_assert_uint_eq(strv_length(dirs), 3);
        ck_assert_str_eq(again[0], "alpha.service");
        ck_assert(endswith(dirs[0], "/a/default.target.wants/"));
        ck_assert(endswith(dirs[1], "/b/default.target.wants/"));
        ck_assert(endswith(dirs[2], "/a/default.target.wants/"));

        ck_assert_int_eq(unit_path_list_wants(path, "other.target", &none), 0);
        ck_assert_ptr_nonnull(none);
        ck_assert_uint_eq(strv_length(none), 0);
        ck_assert_int_eq(unit_path_list_wants(path, "bad/target", &none), -EINVAL);
}
END_TEST

START_TEST(empty_file_and_loops) {
        const char *a = mkdir_in("a"), *b = mkdir_in("b");
        char *const path[] = { (char *) a, (char *) b, NULL };
        char *found = NULL;

        /* systemd.unit(5): an empty unit file is masked, like a link to /dev/null. */
        test_write_file("a/empty.service", "");
        test_write_file("b/empty.service", "[Service]\n");
        ck_assert_int_eq(unit_path_find(path, "empty.service", &found), -ERFKILL);

        /* A symlink loop is warned about and does not hide a lower directory. */
        ck_assert_int_eq(symlink(test_fmt("%s/loop.service", a), test_fmt("%s/loop.service", a)), 0);
        test_write_file("b/loop.service", "[Service]\n");
        ck_assert_int_eq(unit_path_find(path, "loop.service", &found), 0);
        ck_assert_str_eq(found, test_fmt("%s/loop.service", b));
        free(found);
        ck_assert_str_eq(test_last_warning(),
                         test_fmt("%s/loop.service: Too many levels of symbolic links (a symlink loop?), ignoring.", a));
}
END_TEST

START_TEST(lookup_names_aliases) {
        const char *a = mkdir_in("a"), *b = mkdir_in("b");
        char *const path[] = { (char *) a, (char *) b, NULL };
        char *found = NULL, *id = NULL;

        test_write_file("b/real.service", "[Service]\n");
        test_write_file("b/tmpl@.service", "[Service]\n");
        ck_assert_int_eq(symlink(test_fmt("%s/real.service", b), test_fmt("%s/alias.service", a)), 0);
        ck_assert_int_eq(symlink(test_fmt("%s/tmpl@.service", b), test_fmt("%s/tmpl@x.service", a)), 0);
        ck_assert_int_eq(symlink(test_fmt("%s/tmpl@.service", b), test_fmt("%s/other@y.service", a)), 0);
        ck_assert_int_eq(symlink(test_fmt("%s/real.service", b), test_fmt("%s/wrongkind@z.service", a)), 0);

        ck_assert_int_eq(unit_path_lookup(path, "real.service", &found, &id), 0);
        ck_assert_str_eq(found, test_fmt("%s/real.service", b));
        ck_assert_str_eq(id, "real.service");
        free(found);
        free(id);

        /* A link to another name is an alias: the file it resolves to, and that name. */
        ck_assert_int_eq(unit_path_lookup(path, "alias.service", &found, &id), 0);
        ck_assert_str_eq(found, test_fmt("%s/real.service", b));
        ck_assert_str_eq(id, "real.service");
        free(found);
        free(id);

        /* An instance linked to its own template is that instance (how instances are
         * enabled); linked to another template, it is the other template's instance. */
        ck_assert_int_eq(unit_path_lookup(path, "tmpl@x.service", &found, &id), 0);
        ck_assert_str_eq(id, "tmpl@x.service");
        free(found);
        free(id);
        ck_assert_int_eq(unit_path_lookup(path, "other@y.service", &found, &id), 0);
        ck_assert_str_eq(id, "tmpl@y.service");
        free(found);
        free(id);

        /* An instance cannot alias a plain unit: loaded under its own name, with a warning. */
        ck_assert_int_eq(unit_path_lookup(path, "wrongkind@z.service", &found, &id), 0);
        ck_assert_str_eq(id, "wrongkind@z.service");
        ck_assert(strstr(test_last_warning(), "is not a valid alias"));
        free(found);
        free(id);
}
END_TEST

START_TEST(list_requires) {
        const char *a = mkdir_in("a");
        char *const path[] = { (char *) a, NULL };
        _cleanup_strv_free_ char **req = NULL, **wants = NULL;
        char **bad = NULL;

        mkdir_in("a/app.service.requires");
        mkdir_in("a/app.service.wants");
        test_write_file("a/app.service.requires/db.service", "");
        test_write_file("a/app.service.wants/cache.service", "");
        ck_assert_int_eq(unit_path_list_deps(path, "app.service", "requires", &req), 0);
        ck_assert_uint_eq(strv_length(req), 1);
        ck_assert_str_eq(req[0], "db.service");
        ck_assert_int_eq(unit_path_list_deps(path, "app.service", "wants", &wants), 0);
        ck_assert_uint_eq(strv_length(wants), 1);
        ck_assert_str_eq(wants[0], "cache.service");
        ck_assert_int_eq(unit_path_list_deps(path, "app.service", "upholds", &bad), -EINVAL);
        ck_assert_ptr_null(bad);
}
END_TEST

/* The cache trusts a directory outside a batch only once it has not changed for two
 * seconds (coarse timestamps): the directories are made first, then the test waits that
 * long, once. */
static void wait_until_settled(void) {
        struct timespec t = { .tv_sec = 2, .tv_nsec = 200 * 1000 * 1000 };
        while (nanosleep(&t, &t) < 0 && errno == EINTR)
                ;
}

START_TEST(dir_cache) {
        const char *d = mkdir_in("cached"), *same = mkdir_in("same-mtime"), *fresh;
        char *const path[] = { (char *) d, NULL };
        const struct timespec old[2] = { { .tv_sec = 1000000000 }, { .tv_sec = 1000000000 } };
        _cleanup_strv_free_ char **wants = NULL;
        char *found = NULL;

        unit_path_cache_flush();
        test_write_file("cached/a.service", "[Service]\n");
        ck_assert_int_eq(utimensat(AT_FDCWD, same, old, 0), 0);
        wait_until_settled();

        /* Settled: absent names come from the listing, listed ones are probed. */
        ck_assert(!unit_path_entry_may_exist(d, "nope.service"));
        ck_assert(unit_path_entry_may_exist(d, "a.service"));
        ck_assert_int_eq(unit_path_find(path, "a.service", &found), 0);
        free(found);
        ck_assert_int_eq(unit_path_find(path, "b.service", &found), -ENOENT);

        /* A file and a .wants/ directory added after the listing change the directory's
         * mtime: both are found (the directory is now unsettled, so probed). */
        test_write_file("cached/b.service", "[Service]\n");
        ck_assert_int_eq(unit_path_find(path, "b.service", &found), 0);
        free(found);
        mkdir_in("cached/a.service.wants");
        ck_assert_int_eq(symlink("../b.service", test_fmt("%s/a.service.wants/b.service", d)), 0);
        ck_assert_int_eq(unit_path_list_wants(path, "a.service", &wants), 0);
        ck_assert_uint_eq(strv_length(wants), 1);
        ck_assert_str_eq(wants[0], "b.service");

        /* An entry added and the mtime set back to the very value it had (what a coarse
         * clock could do): ctime still moves, so the listing is not trusted. */
        ck_assert(!unit_path_entry_may_exist(same, "x.service"));
        test_write_file("same-mtime/x.service", "[Service]\n");
        ck_assert_int_eq(utimensat(AT_FDCWD, same, old, 0), 0);
        ck_assert(unit_path_entry_may_exist(same, "x.service"));

        /* A directory changed in the last two seconds (racy) is not trusted outside a
         * batch; within one its listing is a snapshot, and the next batch reads it again. */
        fresh = mkdir_in("fresh");
        ck_assert(unit_path_entry_may_exist(fresh, "nope.service"));
        unit_path_cache_batch_begin();
        ck_assert(!unit_path_entry_may_exist(fresh, "new.service"));
        test_write_file("fresh/new.service", "[Service]\n");
        ck_assert(!unit_path_entry_may_exist(fresh, "new.service"));
        unit_path_cache_batch_end();
        ck_assert(unit_path_entry_may_exist(fresh, "new.service"));
        unit_path_cache_batch_begin();
        ck_assert(unit_path_entry_may_exist(fresh, "new.service"));
        ck_assert(!unit_path_entry_may_exist(fresh, "nope.service"));
        unit_path_cache_batch_end();

        /* A missing directory has no entries for the rest of a batch, and is checked
         * again outside it. */
        const char *gone = test_fmt("%s/gone", test_dir);
        unit_path_cache_batch_begin();
        ck_assert(!unit_path_entry_may_exist(gone, "a.service"));
        unit_path_cache_batch_end();
        ck_assert(unit_path_entry_may_exist(gone, "a.service"));

        unit_path_cache_flush();
}
END_TEST

/* A directory replaced by another (same name and times, new inode) is read again. */
START_TEST(dir_cache_new_inode) {
        const char *d = mkdir_in("one"), *other = mkdir_in("two");
        const struct timespec old[2] = { { .tv_sec = 1000000000 }, { .tv_sec = 1000000000 } };

        unit_path_cache_flush();
        test_write_file("two/a.service", "[Service]\n");
        ck_assert_int_eq(utimensat(AT_FDCWD, d, old, 0), 0);
        ck_assert_int_eq(utimensat(AT_FDCWD, other, old, 0), 0);
        wait_until_settled();
        ck_assert(!unit_path_entry_may_exist(d, "a.service"));
        ck_assert_int_eq(rename(other, d), 0);
        ck_assert(unit_path_entry_may_exist(d, "a.service"));
        unit_path_cache_flush();
}
END_TEST

static Suite *suite(void) {
        Suite *s = suite_create("unit-path");
        TCase *tc = tcase_create("core");

        tcase_add_checked_fixture(tc, test_setup, test_teardown);
        tcase_add_test(tc, parse_drops_empty);
        tcase_add_test(tc, default_system_and_env);
        tcase_add_test(tc, default_user);
        tcase_add_test(tc, find_by_precedence);
        tcase_add_test(tc, symlinks_and_masking);
        tcase_add_test(tc, list_wants);
        tcase_add_test(tc, list_wants_large);
        tcase_add_test(tc, empty_file_and_loops);
        tcase_add_test(tc, lookup_names_aliases);
        tcase_add_test(tc, list_requires);
        suite_add_tcase(s, tc);

        /* Each test waits two seconds for its directories to settle. */
        TCase *cache = tcase_create("dir-cache");
        tcase_add_checked_fixture(cache, test_setup, test_teardown);
        tcase_add_test(cache, dir_cache);
        tcase_add_test(cache, dir_cache_new_inode);
        suite_add_tcase(s, cache);
        return s;
}

int main(void) {
        return test_run(suite());
}
