/* math-util.c: the little floating-point math svcd needs, without linking libm.
 *
 * RestartSteps= needs one real power, x^(k/n). libm would be the only user of an extra
 * shared library mapped into every svcd (~150 KiB of PSS where few processes share it,
 * bench/reap), so this computes exp(y·ln x) from textbook series, with frexp() and ldexp()
 * from libc for the binary exponent:
 *  - ln x = e·ln 2 + ln m, x = m·2^e, m in [1/√2, √2): ln m = 2·atanh(z), z = (m-1)/(m+1),
 *    |z| < 0.172, and atanh's series z + z³/3 + z⁵/5 + ... gains 1.5 digits per term;
 *  - exp t = 2^k·e^r, r = t - k·ln 2, |r| <= ln 2 / 2: Taylor's series of e^r, 20 terms
 *    at most. */
#include <float.h>
#include <math.h>

#include "libsvc/math-util.h"

static double ln_positive(double x) {
        int e;
        double m = frexp(x, &e); /* m in [0.5, 1) */

        if (m < M_SQRT1_2) {
                m *= 2;
                e--;
        }
        double z = (m - 1) / (m + 1), z2 = z * z, term = z, sum = 0;
        for (unsigned k = 1; k < 60; k += 2) {
                double add = term / k;
                sum += add;
                if (add < DBL_EPSILON * sum && add > -DBL_EPSILON * sum)
                        break;
                term *= z2;
        }
        return e * M_LN2 + 2 * sum;
}

static double exp_of(double t) {
        /* Beyond these, the result is out of double's range anyway. */
        if (t > 709.8)
                return HUGE_VAL;
        if (t < -745.2)
                return 0;
        long k = (long) (t / M_LN2 + (t < 0 ? -0.5 : 0.5));
        double r = t - k * M_LN2, term = 1, sum = 1;
        for (unsigned n = 1; n < 30; n++) {
                term *= r / n;
                sum += term;
                if (term < DBL_EPSILON * sum && term > -DBL_EPSILON * sum)
                        break;
        }
        return ldexp(sum, (int) k);
}

double pow_positive(double base, double exponent) {
        /* isfinite() is a macro on the argument's bits: no libm call. */
        if (!(base > 0) || !isfinite(base) || !isfinite(exponent))
                return 0;
        if (exponent == 0 || base == 1)
                return 1;
        return exp_of(exponent * ln_positive(base));
}
