/* test-signal.c: signal names as systemd.kill(5) spells them, both directions. */
#include <check.h>
#include <errno.h>
#include <signal.h>

#include "libsvc/signal-util.h"
#include "tests/unit/test-helpers.h"

START_TEST(from_string) {
        ck_assert_int_eq(signal_from_string("SIGTERM"), SIGTERM);
        ck_assert_int_eq(signal_from_string("TERM"), SIGTERM);
        ck_assert_int_eq(signal_from_string("15"), SIGTERM);
        ck_assert_int_eq(signal_from_string("KILL"), SIGKILL);
        ck_assert_int_eq(signal_from_string("SIGHUP"), SIGHUP);
        ck_assert_int_eq(signal_from_string("IOT"), SIGABRT);
        ck_assert_int_eq(signal_from_string("RTMIN"), SIGRTMIN);
        ck_assert_int_eq(signal_from_string("SIGRTMIN+3"), SIGRTMIN + 3);
        ck_assert_int_eq(signal_from_string("RTMAX"), SIGRTMAX);
        ck_assert_int_eq(signal_from_string("RTMAX-1"), SIGRTMAX - 1);
}
END_TEST

START_TEST(from_string_rejects) {
        static const char *const bad[] = { "", "0", "-9", "65", "TERMX", "sigterm", "SIG", "RTMIN+", "RTMIN+99",
                                           "RTMIN-1", "RTMAX+1", "15x" };
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
                ck_assert_msg(signal_from_string(bad[i]) == -EINVAL, "\"%s\" should be rejected", bad[i]);
}
END_TEST

START_TEST(to_string) {
        ck_assert_str_eq(signal_to_string(SIGKILL), "KILL");
        ck_assert_str_eq(signal_to_string(SIGTERM), "TERM");
        ck_assert_str_eq(signal_to_string(SIGRTMIN), "RTMIN");
        ck_assert_str_eq(signal_to_string(SIGRTMIN + 3), "RTMIN+3");
        ck_assert_str_eq(signal_to_string(0), "0");
        ck_assert_str_eq(signal_to_string(1000), "1000");
        for (int s = 1; s < SIGRTMIN; s++)
                if (s != 32 && s != 33) /* glibc's internal signals have no name */
                        ck_assert_int_eq(signal_from_string(signal_to_string(s)), s);
}
END_TEST

static Suite *suite(void) {
        Suite *s = suite_create("signal");
        TCase *tc = tcase_create("core");

        tcase_add_test(tc, from_string);
        tcase_add_test(tc, from_string_rejects);
        tcase_add_test(tc, to_string);
        suite_add_tcase(s, tc);
        return s;
}

int main(void) {
        return test_run(suite());
}
