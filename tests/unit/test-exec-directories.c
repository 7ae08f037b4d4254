/* test-exec-directories.c: placeholder until its tests land (this session). */
#include <check.h>

#include "tests/unit/test-helpers.h"

START_TEST(placeholder) {
        ck_assert(1);
}
END_TEST

int main(void) {
        Suite *s = suite_create("test-exec-directories");
        TCase *tc = tcase_create("placeholder");

        tcase_add_test(tc, placeholder);
        suite_add_tcase(s, tc);
        return test_run(s);
}
