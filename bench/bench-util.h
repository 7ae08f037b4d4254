/* bench-util.h: what every benchmark program shares: a monotonic clock, medians, the raw
 * vfork()+execve() of a floor, and the tab-separated row bench/run prints as a table. */
#pragma once

#include <stddef.h>
#include <sys/types.h>

/* CLOCK_MONOTONIC in seconds. */
double bench_now_seconds(void);
/* The median of v (left as it is: benchmarks pair samples by index); -1 on ENOMEM. */
double bench_median(const double *v, size_t n);
/* vfork()s a child that dup2()s null_fd onto 0-2 (if null_fd >= 0) and execve()s argv[0]
 * with argv and environ: a raw floor's spawn. Returns the pid once the child has exec'd (or
 * died: exit status 126 if dup2() failed, 127 if execve() did), or -1 with errno. */
pid_t bench_vfork_exec(int null_fd, char *const argv[]);
/* That child's work, for a child made otherwise (bench-boot's clone3() into a cgroup): only
 * syscalls. Returns only on failure, with the exit status to give (126 or 127, as above). */
int bench_child_exec(int null_fd, char *const argv[]);
/* One row: benchmark, value, baseline, ratio, target, verdict (bench/run's columns). */
void bench_row(const char *benchmark, const char *value, const char *baseline, const char *ratio,
               const char *target, const char *verdict);
