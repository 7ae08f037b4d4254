/* test-time.c: systemd.time(7) spans: parse_timespan() and format_timespan(). */
#include <check.h>
#include <errno.h>
#include <string.h>

#include "libsvc/time-util.h"
#include "tests/unit/test-helpers.h"

static usec_t parse_ok(const char *s, usec_t unit) {
        usec_t v = 12345;
        ck_assert_msg(parse_timespan(s, unit, &v) == 0, "\"%s\" should parse", s);
        return v;
}

START_TEST(parses_spans) {
        ck_assert_uint_eq(parse_ok("5", USEC_PER_SEC), 5 * USEC_PER_SEC);
        ck_assert_uint_eq(parse_ok("5", USEC_PER_MSEC), 5 * USEC_PER_MSEC);
        ck_assert_uint_eq(parse_ok("0", USEC_PER_SEC), 0);
        ck_assert_uint_eq(parse_ok("5s", USEC_PER_SEC), 5 * USEC_PER_SEC);
        ck_assert_uint_eq(parse_ok("500ms", USEC_PER_SEC), 500 * USEC_PER_MSEC);
        ck_assert_uint_eq(parse_ok("1min 30s", USEC_PER_SEC), 90 * USEC_PER_SEC);
        ck_assert_uint_eq(parse_ok("1min30s", USEC_PER_SEC), 90 * USEC_PER_SEC);
        ck_assert_uint_eq(parse_ok("2h", USEC_PER_SEC), 7200 * USEC_PER_SEC);
        ck_assert_uint_eq(parse_ok("5m", USEC_PER_SEC), 300 * USEC_PER_SEC);
        ck_assert_uint_eq(parse_ok("1d 2h", USEC_PER_SEC), 93600 * USEC_PER_SEC);
        ck_assert_uint_eq(parse_ok("1.5s", USEC_PER_SEC), 1500 * USEC_PER_MSEC);
        ck_assert_uint_eq(parse_ok("10us", USEC_PER_SEC), 10);
        ck_assert_uint_eq(parse_ok(" 3 seconds ", USEC_PER_SEC), 3 * USEC_PER_SEC);
        ck_assert_uint_eq(parse_ok("2 minutes", USEC_PER_SEC), 120 * USEC_PER_SEC);
        ck_assert_uint_eq(parse_ok("infinity", USEC_PER_SEC), USEC_INFINITY);
}
END_TEST

START_TEST(rejects_garbage) {
        static const char *const bad[] = { "", "   ", "-1", "+5", "5 parsecs", "s", "5s junk", "abc", "1..5s", "1.s", "3.sec" };
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
                usec_t v = 42;
                ck_assert_msg(parse_timespan(bad[i], USEC_PER_SEC, &v) < 0, "\"%s\" should not parse", bad[i]);
                ck_assert_uint_eq(v, 42); /* out-param untouched on failure */
        }
        usec_t v;
        ck_assert_int_lt(parse_timespan("99999999999999999999999", USEC_PER_SEC, &v), 0);
        ck_assert_int_lt(parse_timespan("600000y", USEC_PER_SEC, &v), 0);
}
END_TEST

START_TEST(formats_spans) {
        char buf[64];

        ck_assert_str_eq(format_timespan(buf, sizeof buf, 0), "0");
        ck_assert_str_eq(format_timespan(buf, sizeof buf, USEC_INFINITY), "infinity");
        ck_assert_str_eq(format_timespan(buf, sizeof buf, 90 * USEC_PER_SEC), "1min 30s");
        ck_assert_str_eq(format_timespan(buf, sizeof buf, 100 * USEC_PER_MSEC), "100ms");
        ck_assert_str_eq(format_timespan(buf, sizeof buf, 1500 * USEC_PER_MSEC), "1s 500ms");
        ck_assert_str_eq(format_timespan(buf, sizeof buf, 3600 * USEC_PER_SEC), "1h");
        ck_assert_str_eq(format_timespan(buf, sizeof buf, 7), "7us");
        /* A short buffer truncates but stays a string. */
        char tiny[4];
        format_timespan(tiny, sizeof tiny, 93784 * USEC_PER_SEC);
        ck_assert_uint_lt(strlen(tiny), sizeof tiny);
}
END_TEST

START_TEST(format_parse_round_trip) {
        static const usec_t values[] = { 1, 999, USEC_PER_SEC, 61 * USEC_PER_SEC, 86401 * USEC_PER_SEC + 5 };
        char buf[64];

        for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
                ck_assert_uint_eq(parse_ok(format_timespan(buf, sizeof buf, values[i]), USEC_PER_SEC), values[i]);
}
END_TEST

static Suite *suite(void) {
        Suite *s = suite_create("time");
        TCase *tc = tcase_create("core");

        tcase_add_test(tc, parses_spans);
        tcase_add_test(tc, rejects_garbage);
        tcase_add_test(tc, formats_spans);
        tcase_add_test(tc, format_parse_round_trip);
        suite_add_tcase(s, tc);
        return s;
}

int main(void) {
        return test_run(suite());
}
