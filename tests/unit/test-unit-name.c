/* test-unit-name.c: unit name validity (systemd.unit(5)), "foo" -> "foo.service", templates, and escaping as systemd-escape(1). */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libsvc/macro.h"
#include "tests/unit/test-helpers.h"
#include "units/unit-name.h"

START_TEST(valid_names) {
        static const char *const good[] = {
                "foo.service", "foo@bar.service", "foo@.service", "multi-user.target", "a.b.c.service",
                "x:y_z-1\\x2d.socket", "foo@bar@baz.service", "a.timer",
        };
        for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
                ck_assert_msg(unit_name_is_valid(good[i]), "%s should be valid", good[i]);
}
END_TEST

START_TEST(invalid_names) {
        static const char *const bad[] = {
                "", "foo", ".service", "foo.", "foo.bogus", "@foo.service", "foo bar.service",
                "foo/bar.service", "../x.service", "fo\xc3\xa9.service", "foo.Service",
        };
        char longname[300];

        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
                ck_assert_msg(!unit_name_is_valid(bad[i]), "%s should be invalid", bad[i]);
        ck_assert(!unit_name_is_valid(NULL));

        /* 255 bytes is the longest valid name. */
        memset(longname, 'a', sizeof longname);
        strcpy(longname + 255 - strlen(".service"), ".service");
        ck_assert_uint_eq(strlen(longname), 255);
        ck_assert(unit_name_is_valid(longname));
        memset(longname, 'a', sizeof longname);
        strcpy(longname + 256 - strlen(".service"), ".service");
        ck_assert(!unit_name_is_valid(longname));
}
END_TEST

START_TEST(complete) {
        char *s = NULL;

        ck_assert_int_eq(unit_name_complete("foo", &s), 0);
        ck_assert_str_eq(s, "foo.service");
        free(s);
        ck_assert_int_eq(unit_name_complete("foo.target", &s), 0);
        ck_assert_str_eq(s, "foo.target");
        free(s);
        ck_assert_int_eq(unit_name_complete("foo.bar", &s), 0);
        ck_assert_str_eq(s, "foo.bar.service");
        free(s);
        ck_assert_int_eq(unit_name_complete("getty@tty1", &s), 0);
        ck_assert_str_eq(s, "getty@tty1.service");
        free(s);
        s = NULL;
        ck_assert_int_eq(unit_name_complete("bad name", &s), -EINVAL);
        ck_assert_int_eq(unit_name_complete("", &s), -EINVAL);
        ck_assert_int_eq(unit_name_complete("@x", &s), -EINVAL);
        ck_assert_ptr_null(s);
}
END_TEST

START_TEST(templates_and_instances) {
        char *s = NULL;

        ck_assert(unit_name_is_template("foo@.service"));
        ck_assert(!unit_name_is_template("foo@bar.service"));
        ck_assert(!unit_name_is_template("foo.service"));
        ck_assert(!unit_name_is_template("foo@"));
        ck_assert(unit_name_is_instance("foo@bar.service"));
        ck_assert(unit_name_is_instance("getty@tty1.service"));
        ck_assert(!unit_name_is_instance("foo@.service"));
        ck_assert(!unit_name_is_instance("foo.service"));

        ck_assert_int_eq(unit_name_template_of("foo@bar.service", &s), 0);
        ck_assert_str_eq(s, "foo@.service");
        free(s);
        ck_assert_int_eq(unit_name_template_of("a.b@c@d.e.target", &s), 0);
        ck_assert_str_eq(s, "a.b@.target");
        free(s);
        ck_assert_int_eq(unit_name_instance_of("a.b@c@d.e.target", &s), 0);
        ck_assert_str_eq(s, "c@d.e");
        free(s);
        ck_assert_int_eq(unit_name_instance_of("foo@a\\x2db.service", &s), 0);
        ck_assert_str_eq(s, "a\\x2db");
        free(s);
        ck_assert_int_eq(unit_name_prefix_of("foo-bar@x.service", &s), 0);
        ck_assert_str_eq(s, "foo-bar");
        free(s);
        ck_assert_int_eq(unit_name_prefix_of("foo-bar.service", &s), 0);
        ck_assert_str_eq(s, "foo-bar");
        free(s);
        ck_assert_int_eq(unit_name_strip_suffix("foo@x.service", &s), 0);
        ck_assert_str_eq(s, "foo@x");
        free(s);
        ck_assert_int_eq(unit_name_replace_instance("foo@.service", "tty1", &s), 0);
        ck_assert_str_eq(s, "foo@tty1.service");
        free(s);
        s = NULL;
        ck_assert_int_eq(unit_name_replace_instance("foo@.service", "a b", &s), -EINVAL);
        ck_assert_int_eq(unit_name_replace_instance("foo.service", "x", &s), -EINVAL);
        ck_assert_int_eq(unit_name_template_of("foo@.service", &s), -EINVAL);
        ck_assert_int_eq(unit_name_template_of("foo.service", &s), -EINVAL);
        ck_assert_int_eq(unit_name_instance_of("foo@.service", &s), -EINVAL);
        ck_assert_int_eq(unit_name_instance_of("bad name@x.service", &s), -EINVAL);
        ck_assert_ptr_null(s);
}
END_TEST

/* Captured from `systemd-escape` of systemd 252 (Debian 12): input, output. */
static const char *const escape_table[][2] = {
        { "foo", "foo" },
        { "foo-bar", "foo\\x2dbar" },
        { "/foo/bar", "-foo-bar" },
        { ".hidden", "\\x2ehidden" },
        { "a.b", "a.b" },
        { "a b", "a\\x20b" },
        { "a\\b", "a\\x5cb" },
        { "\xc3\xbc" "ber", "\\xc3\\xbcber" },
        { "x@y", "x\\x40y" },
        { "a:b_c", "a:b_c" },
        { "", "" },
        { "-", "\\x2d" },
        { "/", "-" },
        { "--", "\\x2d\\x2d" },
        { "a/.b", "a-.b" },
        { "./", "\\x2e-" },
        { "a%b", "a\\x25b" },
        { "a\"b", "a\\x22b" },
        { "~x", "\\x7ex" },
        { "a..b", "a..b" },
        { "foo/", "foo-" },
        { "/.x", "-.x" },
};

/* `systemd-escape --path`. */
static const char *const path_escape_table[][2] = {
        { "/", "-" },
        { "/foo/bar", "foo-bar" },
        { "/foo//bar/", "foo-bar" },
        { "/dev/sda1", "dev-sda1" },
        { "/a-b/c d", "a\\x2db-c\\x20d" },
        { "/./a", "a" },
        { "/.x", "\\x2ex" },
        { "//", "-" },
        { "/home/\xc3\xbc", "home-\\xc3\\xbc" },
        { "/a/b/.", "a-b" },
};

/* `systemd-escape --unescape` and `--unescape --path`; NULL: the tool fails. */
static const char *const unescape_table[][3] = {
        { "foo-bar", "foo/bar", "/foo/bar" },
        { "a\\x2db", "a-b", "/a-b" },
        { "a\\x2", NULL, NULL },
        { "\\x2efoo", ".foo", "/.foo" },
        { "-", "/", "/" },
        { "--a", "//a", NULL },
        { "x\\x40y", "x@y", "/x@y" },
        { "a\\\\b", NULL, NULL },
        { "\\xc3\\xbc", "\xc3\xbc", "/\xc3\xbc" },
        { "foo-", "foo/", NULL },
        { "-foo", "/foo", NULL },
        { "a-.-b", "a/./b", NULL },
        { "a-\\x2e\\x2e-b", "a/../b", NULL },
        { "", "", NULL },
};

START_TEST(escape_like_systemd_escape) {
        for (size_t i = 0; i < ELEMENTSOF(escape_table); i++) {
                char *s = NULL, *back = NULL;
                ck_assert_int_eq(unit_name_escape(escape_table[i][0], &s), 0);
                ck_assert_msg(streq(s, escape_table[i][1]), "escape(%s) = %s, want %s", escape_table[i][0], s,
                              escape_table[i][1]);
                /* Escaping loses nothing but the difference of "/" and "-"... which it
                 * escapes: unescaping gives the input back. */
                ck_assert_int_eq(unit_name_unescape(s, &back), 0);
                ck_assert_str_eq(back, escape_table[i][0]);
                free(s);
                free(back);
        }
        for (size_t i = 0; i < ELEMENTSOF(path_escape_table); i++) {
                char *s = NULL;
                ck_assert_int_eq(unit_name_path_escape(path_escape_table[i][0], &s), 0);
                ck_assert_msg(streq(s, path_escape_table[i][1]), "path_escape(%s) = %s, want %s",
                              path_escape_table[i][0], s, path_escape_table[i][1]);
                free(s);
        }
        char *s = NULL;
        ck_assert_int_eq(unit_name_path_escape("/a/../b", &s), -EINVAL);
        ck_assert_ptr_null(s);
}
END_TEST

START_TEST(unescape_like_systemd_escape) {
        for (size_t i = 0; i < ELEMENTSOF(unescape_table); i++) {
                const char *in = unescape_table[i][0];
                char *s = NULL;
                int r = unit_name_unescape(in, &s);
                if (unescape_table[i][1]) {
                        ck_assert_msg(r == 0 && streq(s, unescape_table[i][1]), "unescape(%s)", in);
                        free(s);
                } else
                        ck_assert_msg(r == -EINVAL, "unescape(%s) should fail", in);
                s = NULL;
                r = unit_name_path_unescape(in, &s);
                if (unescape_table[i][2]) {
                        ck_assert_msg(r == 0 && streq(s, unescape_table[i][2]), "path_unescape(%s)", in);
                        free(s);
                } else
                        ck_assert_msg(r == -EINVAL, "path_unescape(%s) should fail", in);
        }
}
END_TEST

/* The output of the real tool, when it is installed: `systemd-escape [--path] -- ARG`. */
static char *run_systemd_escape(bool path, const char *arg) {
        int fds[2];
        pid_t pid;
        char buf[4096];
        size_t n = 0;
        ssize_t k;
        int status;

        ck_assert_int_eq(pipe(fds), 0);
        pid = fork();
        ck_assert_int_ge(pid, 0);
        if (pid == 0) {
                dup2(fds[1], 1);
                int null = open("/dev/null", O_WRONLY);
                dup2(null, 2);
                if (path)
                        execlp("systemd-escape", "systemd-escape", "--path", "--", arg, (char *) NULL);
                else
                        execlp("systemd-escape", "systemd-escape", "--", arg, (char *) NULL);
                _exit(127);
        }
        close(fds[1]);
        while ((k = read(fds[0], buf + n, sizeof buf - 1 - n)) > 0)
                n += (size_t) k;
        close(fds[0]);
        ck_assert_int_eq(waitpid(pid, &status, 0), pid);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
                return NULL;
        buf[n] = 0;
        if (n > 0 && buf[n - 1] == '\n')
                buf[n - 1] = 0;
        return strdup(buf);
}

START_TEST(cross_check_with_systemd_escape) {
        if (access("/usr/bin/systemd-escape", X_OK) < 0 && access("/bin/systemd-escape", X_OK) < 0)
                return; /* the fixed tables above stand in for it */
        for (size_t i = 0; i < ELEMENTSOF(escape_table); i++) {
                char *want = run_systemd_escape(false, escape_table[i][0]), *got = NULL;
                if (!want)
                        continue;
                ck_assert_int_eq(unit_name_escape(escape_table[i][0], &got), 0);
                ck_assert_msg(streq(got, want), "escape(%s) = %s, systemd-escape says %s", escape_table[i][0], got,
                              want);
                free(got);
                free(want);
        }
        for (size_t i = 0; i < ELEMENTSOF(path_escape_table); i++) {
                char *want = run_systemd_escape(true, path_escape_table[i][0]), *got = NULL;
                if (!want)
                        continue;
                ck_assert_int_eq(unit_name_path_escape(path_escape_table[i][0], &got), 0);
                ck_assert_msg(streq(got, want), "path_escape(%s) = %s, systemd-escape says %s",
                              path_escape_table[i][0], got, want);
                free(got);
                free(want);
        }
}
END_TEST

static Suite *suite(void) {
        Suite *s = suite_create("unit-name");
        TCase *tc = tcase_create("core");

        tcase_add_test(tc, valid_names);
        tcase_add_test(tc, invalid_names);
        tcase_add_test(tc, complete);
        tcase_add_test(tc, templates_and_instances);
        tcase_add_test(tc, escape_like_systemd_escape);
        tcase_add_test(tc, unescape_like_systemd_escape);
        tcase_add_test(tc, cross_check_with_systemd_escape);
        suite_add_tcase(s, tc);
        return s;
}

int main(void) {
        return test_run(suite());
}
