/* test-exec-line.c: Exec*= command lines: prefixes, quoting, escapes, ";" separators, specifiers, errors. */
#include <check.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "libsvc/strv.h"
#include "tests/unit/test-helpers.h"
#include "units/exec-line.h"

struct parsed {
        struct exec_command *c;
        size_t n;
        const char *reason;
        int r;
};

static struct parsed parse(const char *value) {
        struct parsed p = { .reason = NULL };
        p.r = exec_line_parse(value, 7, &p.c, &p.n, &p.reason);
        return p;
}

static void parsed_done(struct parsed *p) {
        exec_command_free_array(p->c, p->n);
}

/* Checks command i: path and argv given as a NULL-terminated list. */
static void check_command(const struct parsed *p, size_t i, unsigned flags, const char *path, ...) {
        va_list ap;
        size_t k = 0;

        ck_assert_int_ge(p->r, 0);
        ck_assert_uint_lt(i, p->n);
        ck_assert_str_eq(p->c[i].path, path);
        ck_assert_uint_eq(p->c[i].flags, flags);
        ck_assert_uint_eq(p->c[i].line, 7);
        va_start(ap, path);
        for (const char *a; (a = va_arg(ap, const char *)); k++) {
                ck_assert_ptr_nonnull(p->c[i].argv[k]);
                ck_assert_str_eq(p->c[i].argv[k], a);
        }
        va_end(ap);
        ck_assert_ptr_null(p->c[i].argv[k]);
}

START_TEST(plain_words) {
        struct parsed p = parse("/bin/echo  hello\tworld ");
        ck_assert_int_eq(p.r, 1);
        check_command(&p, 0, 0, "/bin/echo", "/bin/echo", "hello", "world", NULL);
        parsed_done(&p);
}
END_TEST

START_TEST(prefixes_any_order) {
        struct parsed p = parse("-@:+/bin/sh sh -c true");
        check_command(&p, 0, EXEC_IGNORE_FAILURE | EXEC_ARGV0 | EXEC_NO_ENV_EXPAND | EXEC_FULL_PRIVILEGES, "/bin/sh",
                      "sh", "-c", "true", NULL);
        parsed_done(&p);

        p = parse("!!-/bin/true");
        check_command(&p, 0, EXEC_AMBIENT_MAGIC | EXEC_IGNORE_FAILURE, "/bin/true", "/bin/true", NULL);
        parsed_done(&p);

        p = parse("!/bin/true");
        check_command(&p, 0, EXEC_NO_SETUID, "/bin/true", "/bin/true", NULL);
        parsed_done(&p);

        p = parse("@/bin/busybox init");
        check_command(&p, 0, EXEC_ARGV0, "/bin/busybox", "init", NULL);
        parsed_done(&p);
}
END_TEST

START_TEST(conflicting_or_repeated_prefixes_fail) {
        struct parsed p = parse("+!/bin/true");
        ck_assert_int_eq(p.r, -EINVAL);
        ck_assert_str_eq(p.reason, "the executable is neither an absolute path nor a plain file name");
        ck_assert_uint_eq(p.n, 0);

        p = parse("--/bin/true");
        ck_assert_int_eq(p.r, -EINVAL);
}
END_TEST

START_TEST(empty_after_prefixes_fails) {
        struct parsed p = parse("-");
        ck_assert_int_eq(p.r, -EINVAL);
        ck_assert_str_eq(p.reason, "no executable after the prefixes");

        p = parse("@/bin/true");
        ck_assert_int_eq(p.r, -EINVAL);
        ck_assert_str_eq(p.reason, "'@' needs an argv[0] word after the executable");

        p = parse("\"\" arg");
        ck_assert_int_eq(p.r, -EINVAL);
}
END_TEST

START_TEST(quoting) {
        struct parsed p = parse("/bin/sh -c \"echo a; echo 'b'\" 'x \"y\"' \"\" mid\"dle q\"uote");
        check_command(&p, 0, 0, "/bin/sh", "/bin/sh", "-c", "echo a; echo 'b'", "x \"y\"", "", "middle quote", NULL);
        parsed_done(&p);
}
END_TEST

START_TEST(escapes) {
        struct parsed p = parse("/bin/printf a\\tb \"\\n\" \\x41\\102 \\\\ \\\" \\' a\\sb \\u00e9 \"q\\\"q\"");
        check_command(&p, 0, 0, "/bin/printf", "/bin/printf", "a\tb", "\n", "AB", "\\", "\"", "'", "a b", "\xc3\xa9",
                      "q\"q", NULL);
        parsed_done(&p);
}
END_TEST

START_TEST(bad_escapes_fail) {
        const char *reason = NULL;
        struct parsed p = parse("/bin/echo \\q");
        ck_assert_int_eq(p.r, -EINVAL);
        ck_assert_str_eq(p.reason, "an invalid escape sequence");

        p = parse("/bin/echo \\x4");
        ck_assert_int_eq(p.r, -EINVAL);
        p = parse("/bin/echo \\x00");
        ck_assert_int_eq(p.r, -EINVAL);
        p = parse("/bin/echo \\ud800");
        ck_assert_int_eq(p.r, -EINVAL);
        p = parse("/bin/echo trailing\\");
        ck_assert_int_eq(p.r, -EINVAL);
        ck_assert_str_eq(p.reason, "a trailing backslash");
        p = parse("/bin/echo 'open");
        ck_assert_int_eq(p.r, -EINVAL);
        ck_assert_str_eq(p.reason, "unbalanced quotes");

        /* The word splitter on its own. */
        const char *s = "  'a b'c  d";
        char *w = NULL;
        ck_assert_int_eq(exec_line_next_word(&s, &w, &reason), 1);
        ck_assert_str_eq(w, "a bc");
        free(w);
        ck_assert_int_eq(exec_line_next_word(&s, &w, &reason), 1);
        ck_assert_str_eq(w, "d");
        free(w);
        ck_assert_int_eq(exec_line_next_word(&s, &w, &reason), 0);
}
END_TEST

/* systemd.service(5): "Multiple command lines may be concatenated in a single directive
 * by separating them with semicolons (these semicolons must be passed as separate
 * words). Lone semicolons may be escaped as "\;"." */
START_TEST(semicolons) {
        struct parsed p = parse("/bin/a 1 ; -/bin/b 2;3 \\; \";\" ; ; /bin/c");
        ck_assert_int_eq(p.r, 3);
        check_command(&p, 0, 0, "/bin/a", "/bin/a", "1", NULL);
        check_command(&p, 1, EXEC_IGNORE_FAILURE, "/bin/b", "/bin/b", "2;3", ";", ";", NULL);
        check_command(&p, 2, 0, "/bin/c", "/bin/c", NULL);
        parsed_done(&p);

        p = parse(";");
        ck_assert_int_eq(p.r, -EINVAL);
        ck_assert_str_eq(p.reason, "no command");
}
END_TEST

START_TEST(percent_specifiers) {
        struct parsed p = parse("/bin/echo 100%% %i %%n %");
        check_command(&p, 0, 0, "/bin/echo", "/bin/echo", "100%", "%i", "%n", "%", NULL);
        parsed_done(&p);
}
END_TEST

START_TEST(paths) {
        struct parsed p = parse("true --flag");
        check_command(&p, 0, 0, "true", "true", "--flag", NULL);
        parsed_done(&p);

        p = parse("bin/true");
        ck_assert_int_eq(p.r, -EINVAL);
        p = parse("/usr/bin/");
        ck_assert_int_eq(p.r, -EINVAL);
        ck_assert_str_eq(p.reason, "the executable path names a directory");
}
END_TEST

START_TEST(appends_all_or_nothing) {
        struct exec_command *c = NULL;
        size_t n = 0;
        const char *reason = NULL;

        ck_assert_int_eq(exec_line_parse("/bin/a", 1, &c, &n, &reason), 1);
        ck_assert_int_eq(exec_line_parse("/bin/b ; /bin/c", 2, &c, &n, &reason), 2);
        ck_assert_int_eq(exec_line_parse("/bin/d ; /bin/e 'x", 3, &c, &n, &reason), -EINVAL);
        ck_assert_uint_eq(n, 3);
        ck_assert_str_eq(c[2].path, "/bin/c");
        ck_assert_uint_eq(c[2].line, 2);
        exec_command_free_array(c, n);
}
END_TEST

static Suite *suite(void) {
        Suite *s = suite_create("exec-line");
        TCase *tc = tcase_create("core");

        tcase_add_checked_fixture(tc, test_setup, test_teardown);
        tcase_add_test(tc, plain_words);
        tcase_add_test(tc, prefixes_any_order);
        tcase_add_test(tc, conflicting_or_repeated_prefixes_fail);
        tcase_add_test(tc, empty_after_prefixes_fails);
        tcase_add_test(tc, quoting);
        tcase_add_test(tc, escapes);
        tcase_add_test(tc, bad_escapes_fail);
        tcase_add_test(tc, semicolons);
        tcase_add_test(tc, percent_specifiers);
        tcase_add_test(tc, paths);
        tcase_add_test(tc, appends_all_or_nothing);
        suite_add_tcase(s, tc);
        return s;
}

int main(void) {
        return test_run(suite());
}
