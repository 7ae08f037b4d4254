/* test-math-util.c: pow_positive() (libsvc/math-util.c) against libm's pow(). */
#include <check.h>
#include <math.h>

#include "libsvc/math-util.h"
#include "tests/unit/test-helpers.h"

static void assert_close(double base, double exponent) {
        double want = pow(base, exponent), got = pow_positive(base, exponent);

        ck_assert_msg(fabs(got - want) <= 1e-13 * fabs(want), "pow_positive(%.17g, %.17g) = %.17g, pow() = %.17g",
                      base, exponent, got, want);
}

START_TEST(matches_libm_over_restart_steps_ranges) {
        /* RestartSec= to RestartMaxDelaySec= ratios from barely above 1 to 1e12 (1 µs to
         * 11 days), at every step k/n of RestartSteps= up to 100, and a few large n. */
        const double ratios[] = { 1.0000001, 1.5, 2, 3, 10, 60, 3600, 86400, 1e6, 1e9, 1e12 };
        for (size_t i = 0; i < sizeof ratios / sizeof ratios[0]; i++) {
                for (unsigned n = 1; n <= 100; n++)
                        for (unsigned k = 0; k <= n; k++)
                                assert_close(ratios[i], (double) k / n);
                assert_close(ratios[i], 1.0 / 3000);
                assert_close(ratios[i], 2999.0 / 3000);
        }
}
END_TEST

START_TEST(covers_the_whole_range_of_double) {
        const double bases[] = { 1e-300, 1e-10, 0.25, 0.5, 0.999, 1, 1.001, 7, 1e10, 1e300 };
        const double exponents[] = { -2.5, -1, -0.5, 0, 0.1, 0.5, 1, 2, 3.75 };
        for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++)
                for (size_t j = 0; j < sizeof exponents / sizeof exponents[0]; j++)
                        if (isfinite(pow(bases[i], exponents[j])) && pow(bases[i], exponents[j]) > 1e-300)
                                assert_close(bases[i], exponents[j]);
        ck_assert(pow_positive(1e300, 2) == HUGE_VAL);
        ck_assert(pow_positive(1e-300, 2) == 0);
}
END_TEST

START_TEST(refuses_what_it_does_not_compute) {
        ck_assert(pow_positive(0, 0.5) == 0);
        ck_assert(pow_positive(-2, 2) == 0);
        ck_assert(pow_positive(NAN, 1) == 0);
        ck_assert(pow_positive(2, INFINITY) == 0);
        ck_assert(pow_positive(INFINITY, 0.5) == 0);
        ck_assert(pow_positive(5, 0) == 1);
}
END_TEST

static Suite *suite(void) {
        Suite *s = suite_create("math-util");
        TCase *tc = tcase_create("core");

        tcase_add_test(tc, matches_libm_over_restart_steps_ranges);
        tcase_add_test(tc, covers_the_whole_range_of_double);
        tcase_add_test(tc, refuses_what_it_does_not_compute);
        suite_add_tcase(s, tc);
        return s;
}

int main(void) {
        return test_run(suite());
}
