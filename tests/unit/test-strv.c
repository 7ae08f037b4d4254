/* test-strv.c: string vectors and the small string helpers of libsvc/strv.h. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libsvc/strv.h"
#include "tests/unit/test-helpers.h"

START_TEST(extend_consume_copy) {
        _cleanup_strv_free_ char **l = NULL, **c = NULL;

        ck_assert_uint_eq(strv_length(NULL), 0);
        ck_assert_int_eq(strv_extend(&l, "a"), 0);
        ck_assert_int_eq(strv_consume(&l, strdup("b")), 0);
        ck_assert_int_eq(strv_consume(&l, NULL), -ENOMEM);
        ck_assert_uint_eq(strv_length(l), 2);
        ck_assert_ptr_null(l[2]);
        ck_assert(strv_contains(l, "b"));
        ck_assert(!strv_contains(l, "c"));
        ck_assert(!strv_contains(NULL, "c"));

        c = strv_copy(l);
        ck_assert_ptr_nonnull(c);
        ck_assert_ptr_ne(c[0], l[0]);
        ck_assert_str_eq(c[1], "b");

        size_t n = 0;
        STRV_FOREACH(s, c)
                n++;
        ck_assert_uint_eq(n, 2);
        ck_assert_ptr_null(strv_free(NULL));
}
END_TEST

START_TEST(string_helpers) {
        char buf[] = "  \t padded text \n";

        ck_assert_str_eq(startswith("ExecStart", "Exec"), "Start");
        ck_assert_ptr_null(startswith("Exec", "ExecStart"));
        ck_assert(endswith("foo.service", ".service"));
        ck_assert(!endswith("service", ".service"));
        ck_assert(endswith("x", ""));
        ck_assert_str_eq(strstrip(buf), "padded text");
        ck_assert_str_eq(path_basename("/a/b/c.service"), "c.service");
        ck_assert_str_eq(path_basename("c.service"), "c.service");
        ck_assert_str_eq(path_basename("/a/"), "");
        ck_assert(path_is_absolute("/x"));
        ck_assert(!path_is_absolute("x"));
        ck_assert(!path_is_absolute(NULL));
}
END_TEST

/* systemctl show's quoting of list elements (systemd's shell_maybe_quote(s, 0)). */
START_TEST(shell_quoting) {
        static const struct {
                const char *in, *out;
        } cases[] = {
                { "multi-user.target", "multi-user.target" },
                { "A=1", "A=1" },
                { "", "" },
                { "two words", "\"two words\"" },
                { "PrivateTmp=: svcd lacks CAP_SYS_ADMIN", "\"PrivateTmp=: svcd lacks CAP_SYS_ADMIN\"" },
                { "foo\\x2dbar.mount", "\"foo\\\\x2dbar.mount\"" },
                { "say \"hi\" for $5 `now`", "\"say \\\"hi\\\" for \\$5 \\`now\\`\"" },
                { "a*b", "\"a*b\"" },
                { "semi;colon", "\"semi;colon\"" },
                { "line\nbreak\ttab\033", "\"line\\nbreak\\ttab\\033\"" },
                { "caf\xc3\xa9", "\"caf\xc3\xa9\"" },
        };
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
                _cleanup_free_ char *q = shell_maybe_quote(cases[i].in);
                ck_assert_ptr_nonnull(q);
                ck_assert_str_eq(q, cases[i].out);
        }
}
END_TEST

static Suite *suite(void) {
        Suite *s = suite_create("strv");
        TCase *tc = tcase_create("core");

        tcase_add_test(tc, extend_consume_copy);
        tcase_add_test(tc, string_helpers);
        tcase_add_test(tc, shell_quoting);
        suite_add_tcase(s, tc);
        return s;
}

int main(void) {
        return test_run(suite());
}
