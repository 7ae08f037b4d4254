/* test-unit-name.c: unit name validity (systemd.unit(5)) and "foo" -> "foo.service". */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

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

static Suite *suite(void) {
        Suite *s = suite_create("unit-name");
        TCase *tc = tcase_create("core");

        tcase_add_test(tc, valid_names);
        tcase_add_test(tc, invalid_names);
        tcase_add_test(tc, complete);
        suite_add_tcase(s, tc);
        return s;
}

int main(void) {
        return test_run(suite());
}
