/* math-util.h: the little floating-point math svcd needs, without linking libm. */
#pragma once

/* base raised to exponent, for base > 0 (RestartSteps='s exponential delays): exp(y·ln x),
 * with a relative error below 1e-13. Returns 0 for base <= 0 or a non-finite argument. */
double pow_positive(double base, double exponent);
