/* test-line-reader.c: the reader in front of inih: long lines, continuations, comments, line numbers, encodings. */
#include <check.h>
#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libsvc/fd-util.h"
#include "libsvc/strv.h"
#include "tests/unit/test-helpers.h"
#include "units/line-reader.h"

/* Reads all logical lines of text; returns them as "L<line> [Section]" or "L<line> key=value". */
static char **read_all(const char *text) {
        _cleanup_fclose_ FILE *f = fmemopen((void *) text, strlen(text), "r");
        struct line_reader r;
        char **out = NULL;
        enum line_kind kind;
        int k;

        ck_assert_ptr_nonnull(f);
        line_reader_init(&r, f, "mem.service");
        while ((k = line_reader_next(&r, &kind)) > 0) {
                char *s;
                if (kind == LINE_SECTION)
                        ck_assert_int_ge(asprintf(&s, "L%u [%s]", line_reader_line(&r), line_reader_section(&r)), 0);
                else
                        ck_assert_int_ge(asprintf(&s, "L%u %s=%s", line_reader_line(&r), line_reader_key(&r),
                                                  line_reader_value(&r)),
                                         0);
                ck_assert_int_eq(strv_consume(&out, s), 0);
        }
        ck_assert_int_eq(k, 0);
        line_reader_done(&r);
        if (!out)
                out = calloc(1, sizeof(char *));
        return out;
}

START_TEST(sections_and_assignments) {
        _cleanup_strv_free_ char **l = read_all("[Unit]\nDescription = Foo bar  \n\n[Service]\n  ExecStart=/bin/true\n");
        ck_assert_uint_eq(strv_length(l), 4);
        ck_assert_str_eq(l[0], "L1 [Unit]");
        ck_assert_str_eq(l[1], "L2 Description=Foo bar");
        ck_assert_str_eq(l[2], "L4 [Service]");
        ck_assert_str_eq(l[3], "L5 ExecStart=/bin/true");
        ck_assert_uint_eq(test_n_warnings(), 0);
}
END_TEST

START_TEST(comments_and_semicolons_in_values) {
        _cleanup_strv_free_ char **l =
                read_all("# comment\n; comment\n[Service]\n   # indented comment\nExecStart=/bin/sh -c \"a ; b\" ; c # d\n");
        ck_assert_uint_eq(strv_length(l), 2);
        ck_assert_str_eq(l[1], "L5 ExecStart=/bin/sh -c \"a ; b\" ; c # d");
}
END_TEST

START_TEST(continuation_joins_with_space) {
        _cleanup_strv_free_ char **l = read_all("[Service]\nExecStart=/bin/echo a \\\n    b\\\n c\nType=simple\n");
        ck_assert_uint_eq(strv_length(l), 3);
        /* "a \" -> "a  " + "b\" -> "b " + "c" */
        ck_assert_str_eq(l[1], "L2 ExecStart=/bin/echo a  b c");
        ck_assert_str_eq(l[2], "L5 Type=simple");
}
END_TEST

START_TEST(continuation_skips_comment_lines) {
        _cleanup_strv_free_ char **l = read_all("[Service]\nA=1 \\\n# one\n  ; two\n  2\nB=3\n");
        ck_assert_uint_eq(strv_length(l), 3);
        ck_assert_str_eq(l[1], "L2 A=1  2");
        ck_assert_str_eq(l[2], "L6 B=3");
}
END_TEST

START_TEST(continuation_ended_by_blank_line_and_eof) {
        _cleanup_strv_free_ char **l = read_all("[Service]\nA=1 \\\n\nB=2 \\");
        ck_assert_uint_eq(strv_length(l), 3);
        ck_assert_str_eq(l[1], "L2 A=1");
        ck_assert_str_eq(l[2], "L4 B=2");
}
END_TEST

START_TEST(escaped_backslash_does_not_continue) {
        _cleanup_strv_free_ char **l = read_all("[Service]\nA=x\\\\\nB=y\n");
        ck_assert_uint_eq(strv_length(l), 3);
        ck_assert_str_eq(l[1], "L2 A=x\\\\");
        ck_assert_str_eq(l[2], "L3 B=y");
}
END_TEST

START_TEST(crlf_line_endings) {
        _cleanup_strv_free_ char **l = read_all("[Service]\r\nType=oneshot\r\nA=1 \\\r\n 2\r\n");
        ck_assert_uint_eq(strv_length(l), 3);
        ck_assert_str_eq(l[0], "L1 [Service]");
        ck_assert_str_eq(l[1], "L2 Type=oneshot");
        ck_assert_str_eq(l[2], "L3 A=1  2");
}
END_TEST

START_TEST(bom_is_skipped) {
        _cleanup_strv_free_ char **l = read_all("\xef\xbb\xbf[Unit]\nDescription=x\n");
        ck_assert_uint_eq(strv_length(l), 2);
        ck_assert_str_eq(l[0], "L1 [Unit]");
}
END_TEST

START_TEST(missing_equals_is_warned_and_skipped) {
        _cleanup_strv_free_ char **l = read_all("[Service]\nExecStart /bin/true\nType=simple\n");
        ck_assert_uint_eq(strv_length(l), 2);
        ck_assert_str_eq(l[1], "L3 Type=simple");
        ck_assert_uint_eq(test_n_warnings(), 1);
        ck_assert_str_eq(test_last_warning(), "mem.service:2: Missing '=', ignoring line.");
}
END_TEST

START_TEST(assignment_outside_section) {
        _cleanup_strv_free_ char **l = read_all("Description=x\n[Unit]\n");
        ck_assert_uint_eq(strv_length(l), 1);
        ck_assert_str_eq(test_last_warning(), "mem.service:1: Assignment outside of any section, ignoring: Description=x");
}
END_TEST

START_TEST(invalid_utf8_is_warned_and_skipped) {
        _cleanup_strv_free_ char **l = read_all("[Unit]\nDescription=caf\xc3\nDocumentation=\xe2\x82\xac ok\n"
                                                "Description=\xed\xa0\x80\n");
        ck_assert_uint_eq(strv_length(l), 2);
        ck_assert_str_eq(l[1], "L3 Documentation=\xe2\x82\xac ok");
        ck_assert_uint_eq(test_n_warnings(), 2);
        ck_assert_str_eq(test_warning(0), "mem.service:2: Line is not valid UTF-8, ignoring.");
        ck_assert_str_eq(test_warning(1), "mem.service:4: Line is not valid UTF-8, ignoring.");
}
END_TEST

START_TEST(nul_byte_is_warned) {
        static const char text[] = "[Unit]\nDescription=a\0b\nX=1\n";
        _cleanup_fclose_ FILE *f = fmemopen((void *) text, sizeof text - 1, "r");
        struct line_reader r;
        enum line_kind kind;

        line_reader_init(&r, f, "nul");
        ck_assert_int_eq(line_reader_next(&r, &kind), 1);
        ck_assert_int_eq(line_reader_next(&r, &kind), 1);
        ck_assert_str_eq(line_reader_key(&r), "X");
        ck_assert_str_eq(test_last_warning(), "nul:2: Line contains a NUL byte, ignoring.");
        line_reader_done(&r);
}
END_TEST

START_TEST(invalid_section_header_skips_its_assignments) {
        _cleanup_strv_free_ char **l = read_all("[Unit\nDescription=x\n[Service]\nType=simple\n");
        ck_assert_uint_eq(strv_length(l), 2);
        ck_assert_str_eq(l[0], "L3 [Service]");
        ck_assert_str_eq(test_last_warning(),
                         "mem.service:1: Invalid section header '[Unit', ignoring lines up to the next section.");
}
END_TEST

START_TEST(line_of_64k_is_kept_whole) {
        size_t n = 64 * 1024;
        char *text = malloc(n + 64), *v;
        _cleanup_strv_free_ char **l = NULL;

        ck_assert_ptr_nonnull(text);
        strcpy(text, "[Unit]\nDescription=");
        v = text + strlen(text);
        memset(v, 'x', n);
        strcpy(v + n, "\nDocumentation=man:x(1)\n");
        l = read_all(text);
        ck_assert_uint_eq(strv_length(l), 3);
        ck_assert_uint_eq(strlen(l[1]), strlen("L2 Description=") + n);
        ck_assert_str_eq(l[2], "L3 Documentation=man:x(1)");
        free(text);
}
END_TEST

START_TEST(line_over_1mib_is_refused) {
        size_t n = 1024 * 1024 + 10;
        char *text = malloc(n + 64), *v;
        _cleanup_strv_free_ char **l = NULL;

        ck_assert_ptr_nonnull(text);
        strcpy(text, "[Unit]\nDescription=");
        v = text + strlen(text);
        memset(v, 'x', n);
        strcpy(v + n, "\nB=1\n");
        l = read_all(text);
        ck_assert_uint_eq(strv_length(l), 2);
        ck_assert_str_eq(l[1], "L3 B=1");
        ck_assert_str_eq(test_last_warning(), "mem.service:2: Line is longer than 1 MiB, ignoring.");
        free(text);
}
END_TEST

START_TEST(ini_reader_hands_inih_short_lines) {
        static const char text[] = "[Service]\nExecStart=/bin/sh -c 'x ; y'\n";
        _cleanup_fclose_ FILE *f = fmemopen((void *) text, sizeof text - 1, "r");
        struct line_reader r;
        char buf[200];
        char *longkey = malloc(600);

        ck_assert_ptr_nonnull(longkey);
        line_reader_init(&r, f, "x");
        ck_assert_ptr_eq(line_reader_ini(buf, sizeof buf, &r), buf);
        ck_assert_str_eq(buf, "[Service]\n");
        ck_assert_ptr_eq(line_reader_ini(buf, sizeof buf, &r), buf);
        ck_assert_str_eq(buf, "ExecStart=x\n");
        ck_assert_str_eq(line_reader_value(&r), "/bin/sh -c 'x ; y'");
        ck_assert_ptr_null(line_reader_ini(buf, sizeof buf, &r));
        line_reader_done(&r);

        /* A 500-byte key is cut for inih but kept whole for diagnostics. */
        memset(longkey, 'K', 500);
        strcpy(longkey + 500, "=v\n");
        _cleanup_fclose_ FILE *g = fmemopen(longkey, strlen(longkey), "r");
        line_reader_init(&r, g, "y");
        r.section = strdup("Service");
        ck_assert_ptr_eq(line_reader_ini(buf, sizeof buf, &r), buf);
        ck_assert_uint_eq(strlen(buf), LINE_READER_KEY_MAX + 3);
        ck_assert_uint_eq(strlen(line_reader_key(&r)), 500);
        line_reader_done(&r);
        free(longkey);
}
END_TEST

static int count_handler(void *user, const char *section, const char *name, const char *value) {
        (*(int *) user)++;
        return 1;
}

START_TEST(inih_globals_are_set) {
        static const char text[] = "[A]\nk=v ; not a comment\n    indented=1\n";
        _cleanup_fclose_ FILE *f = fmemopen((void *) text, sizeof text - 1, "r");
        struct line_reader r;
        int calls = 0;

        ini_allow_multiline = true;
        ini_allow_inline_comments = true;
        line_reader_configure_inih();
        ck_assert(!ini_allow_multiline);
        ck_assert(!ini_allow_inline_comments);
        line_reader_init(&r, f, "z");
        ck_assert_int_eq(ini_parse_stream(line_reader_ini, &r, count_handler, &calls), 0);
        /* The indented line is its own assignment, not a continuation of k= (inih's
         * multiline rule is off). */
        ck_assert_int_eq(calls, 2);
        line_reader_done(&r);
}
END_TEST

START_TEST(read_error_is_returned) {
        _cleanup_fclose_ FILE *f = fopen(test_dir, "re"); /* a directory: read() fails with EISDIR */
        struct line_reader r;
        enum line_kind kind;

        ck_assert_ptr_nonnull(f);
        line_reader_init(&r, f, test_dir);
        ck_assert_int_eq(line_reader_next(&r, &kind), -EISDIR);
        ck_assert_int_eq(r.error, -EISDIR);
        line_reader_done(&r);
}
END_TEST

/* Through the whole loader: line numbers of warnings after continuations are physical. */
START_TEST(warning_line_numbers_after_continuations) {
        _cleanup_(unit_freep) struct unit *u = NULL;

        ck_assert_int_eq(test_load_unit("[Service]\n"
                                        "ExecStart=/bin/echo \\\n"
                                        "   one \\\n"
                                        "# comment\n"
                                        "   two\n"
                                        "Restart=sometimes\n",
                                        &u),
                         0);
        ck_assert_str_eq(test_last_warning(),
                         test_fmt("%s/test.service:6: Restart=sometimes is not a restart policy, ignoring.", test_dir));
        ck_assert_uint_eq(u->n_exec_start, 1);
        ck_assert_uint_eq(u->exec_start[0].line, 2);
        ck_assert_str_eq(u->exec_start[0].argv[2], "two");
}
END_TEST

static Suite *suite(void) {
        Suite *s = suite_create("line-reader");
        TCase *tc = tcase_create("core");

        tcase_add_checked_fixture(tc, test_setup, test_teardown);
        tcase_add_test(tc, sections_and_assignments);
        tcase_add_test(tc, comments_and_semicolons_in_values);
        tcase_add_test(tc, continuation_joins_with_space);
        tcase_add_test(tc, continuation_skips_comment_lines);
        tcase_add_test(tc, continuation_ended_by_blank_line_and_eof);
        tcase_add_test(tc, escaped_backslash_does_not_continue);
        tcase_add_test(tc, crlf_line_endings);
        tcase_add_test(tc, bom_is_skipped);
        tcase_add_test(tc, missing_equals_is_warned_and_skipped);
        tcase_add_test(tc, assignment_outside_section);
        tcase_add_test(tc, invalid_utf8_is_warned_and_skipped);
        tcase_add_test(tc, nul_byte_is_warned);
        tcase_add_test(tc, invalid_section_header_skips_its_assignments);
        tcase_add_test(tc, line_of_64k_is_kept_whole);
        tcase_add_test(tc, line_over_1mib_is_refused);
        tcase_add_test(tc, ini_reader_hands_inih_short_lines);
        tcase_add_test(tc, inih_globals_are_set);
        tcase_add_test(tc, read_error_is_returned);
        tcase_add_test(tc, warning_line_numbers_after_continuations);
        suite_add_tcase(s, tc);
        return s;
}

int main(void) {
        return test_run(suite());
}
