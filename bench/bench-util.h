/* bench-util.h: what every benchmark program shares: a monotonic clock, medians, and the
 * tab-separated row bench/run prints as a table. */
#pragma once

#include <stddef.h>

/* CLOCK_MONOTONIC in seconds. */
double bench_now_seconds(void);
/* The median of v (left as it is: benchmarks pair samples by index); -1 on ENOMEM. */
double bench_median(const double *v, size_t n);
/* One row: benchmark, value, baseline, ratio, target, verdict (bench/run's columns). */
void bench_row(const char *benchmark, const char *value, const char *baseline, const char *ratio,
               const char *target, const char *verdict);
