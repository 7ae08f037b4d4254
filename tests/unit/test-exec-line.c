/* test-exec-line.c: Exec*= command lines: prefixes, quoting, escapes, ";" separators, per-word specifiers, errors. */
#include <check.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "libsvc/strv.h"
#include "tests/unit/test-helpers.h"
#include "units/exec-line.h"
#include "units/specifier.h"

struct parsed {
        struct exec_command *c;
        size_t n;
        const char *reason;
        int r;
        char which;
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

/* An escaped blank is a blank inside the word, as systemd reads "a\ b" (separators are
 * unescaped in Exec*= lines). */
START_TEST(escaped_blank_joins_words) {
        struct parsed p = parse("/bin/echo a\\ b c\\\tZ");
        check_command(&p, 0, 0, "/bin/echo", "/bin/echo", "a b", "c\tZ", NULL);
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

/* Without a specifier context (values the loader expanded already) "%" is literal. */
START_TEST(percent_is_literal_without_context) {
        struct parsed p = parse("/bin/echo 100%% %i %");
        check_command(&p, 0, 0, "/bin/echo", "/bin/echo", "100%%", "%i", "%", NULL);
        parsed_done(&p);
}
END_TEST

static struct specifier_system test_system = {
        .loaded = true, .hostname = (char *) "host.example", .runtime_dir = (char *) "/run",
        .user_name = (char *) "root",
};

static struct parsed parse_spec(const char *value, const char *unit_id) {
        const struct specifier_context spec = { .unit_id = unit_id, .fragment_path = "/x/u.service",
                                                .system = &test_system };
        struct parsed p = { .reason = NULL };
        p.r = exec_line_parse_full(value, 7, &spec, &p.c, &p.n, &p.reason, &p.which);
        return p;
}

/* systemd expands each word after splitting: a value with spaces stays one word, a ";"
 * or a prefix character from a value is data, and "%%" is "%". */
START_TEST(specifiers_per_word) {
        struct parsed p = parse_spec("-/usr/bin/%p-helper --name=%i '%I' %% 100%% ; /bin/echo %H", "my@a\\x20b\\x3bc.service");
        ck_assert_int_eq(p.r, 2);
        check_command(&p, 0, EXEC_IGNORE_FAILURE, "/usr/bin/my-helper", "/usr/bin/my-helper", "--name=a\\x20b\\x3bc",
                      "a b;c", "%", "100%", NULL);
        check_command(&p, 1, 0, "/bin/echo", "/bin/echo", "host.example", NULL);
        parsed_done(&p);

        p = parse_spec("/bin/echo %i", "x@-y.service");
        check_command(&p, 0, 0, "/bin/echo", "/bin/echo", "-y", NULL);
        parsed_done(&p);

        /* A specifier inside the prefixes' word still comes after them. */
        p = parse_spec("@%t/bin %n", "a.service");
        check_command(&p, 0, EXEC_ARGV0, "/run/bin", "a.service", NULL);
        parsed_done(&p);
}
END_TEST

START_TEST(unknown_specifier_fails) {
        struct parsed p = parse_spec("/bin/echo ok %Z", "a.service");
        ck_assert_int_eq(p.r, -EBADMSG);
        ck_assert_int_eq(p.which, 'Z');
        ck_assert_str_eq(p.reason, "an unknown specifier");
        ck_assert_uint_eq(p.n, 0);

        const struct specifier_context nofrag = { .unit_id = "a.service", .system = &test_system };
        struct exec_command *c = NULL;
        size_t n = 0;
        const char *reason = NULL;
        char which = 0;
        ck_assert_int_eq(exec_line_parse_full("/bin/cat %y", 1, &nofrag, &c, &n, &reason, &which), -ENXIO);
        ck_assert_int_eq(which, 'y');
        ck_assert_uint_eq(n, 0);
}
END_TEST

/* The loader's path: expand, rewrite, and the plain parser gives the same commands. */
START_TEST(expand_round_trips) {
        static const char *const lines[] = {
                "/bin/echo %i",
                "-:+/bin/sh -c 'echo \"%I\" \\\\ done; exit 0' ; !!/bin/true \\; x",
                "@/bin/busybox %N --opt=\"a  b\" '' \\x01",
                "!/bin/%p %%i",
        };
        const struct specifier_context spec = { .unit_id = "we\\x22ird@q\\x27uo\\x5ct\\x22.service",
                                                .system = &test_system };
        for (size_t i = 0; i < ELEMENTSOF(lines); i++) {
                struct exec_command *want = NULL, *got = NULL;
                size_t n_want = 0, n_got = 0;
                const char *reason = NULL;
                char which = 0, *text = NULL;

                ck_assert_int_gt(exec_line_parse_full(lines[i], 1, &spec, &want, &n_want, &reason, &which), 0);
                ck_assert_int_eq(exec_line_expand_specifiers(lines[i], &spec, &text, &reason, &which), 0);
                ck_assert_int_eq(exec_line_parse(text, 1, &got, &n_got, &reason), (int) n_want);
                for (size_t k = 0; k < n_want; k++) {
                        ck_assert_str_eq(got[k].path, want[k].path);
                        ck_assert_uint_eq(got[k].flags, want[k].flags);
                        ck_assert_uint_eq(strv_length(got[k].argv), strv_length(want[k].argv));
                        for (size_t a = 0; want[k].argv[a]; a++)
                                ck_assert_str_eq(got[k].argv[a], want[k].argv[a]);
                }
                exec_command_free_array(want, n_want);
                exec_command_free_array(got, n_got);
                free(text);
        }
}
END_TEST

START_TEST(expand_refuses_prefix_from_value) {
        const struct specifier_context spec = { .unit_id = "x@-y.service", .system = &test_system };
        const char *reason = NULL;
        char which = 0, *text = NULL;

        ck_assert_int_eq(exec_line_expand_specifiers("%i --flag", &spec, &text, &reason, &which), -EINVAL);
        ck_assert_str_eq(reason, "the executable starts with a prefix character after specifier expansion");
        ck_assert_ptr_null(text);
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
        tcase_add_test(tc, escaped_blank_joins_words);
        tcase_add_test(tc, bad_escapes_fail);
        tcase_add_test(tc, semicolons);
        tcase_add_test(tc, percent_is_literal_without_context);
        tcase_add_test(tc, specifiers_per_word);
        tcase_add_test(tc, unknown_specifier_fails);
        tcase_add_test(tc, expand_round_trips);
        tcase_add_test(tc, expand_refuses_prefix_from_value);
        tcase_add_test(tc, paths);
        tcase_add_test(tc, appends_all_or_nothing);
        suite_add_tcase(s, tc);
        return s;
}

int main(void) {
        return test_run(suite());
}
