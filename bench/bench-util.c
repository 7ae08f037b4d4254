/* bench-util.c: the clock, median, spawn and row helpers of the benchmark programs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench/bench-util.h"

double bench_now_seconds(void) {
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static int compare_doubles(const void *a, const void *b) {
        double x = *(const double *) a, y = *(const double *) b;
        return (x > y) - (x < y);
}

double bench_median(const double *v, size_t n) {
        double *c = malloc(n * sizeof *c);
        double m;

        if (!c || n == 0) {
                free(c);
                return -1;
        }
        memcpy(c, v, n * sizeof *c);
        qsort(c, n, sizeof *c, compare_doubles);
        m = n % 2 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
        free(c);
        return m;
}

int bench_child_exec(int null_fd, char *const argv[]) {
        extern char **environ;

        for (int fd = 0; null_fd >= 0 && fd < 3; fd++)
                if (dup2(null_fd, fd) < 0)
                        return 126;
        execve(argv[0], argv, environ);
        return 127;
}

pid_t bench_vfork_exec(int null_fd, char *const argv[]) {
        pid_t pid = vfork();

        /* Only syscalls in the child: it borrows this process's memory (vfork(2)). */
        if (pid == 0)
                _exit(bench_child_exec(null_fd, argv));
        return pid;
}

void bench_row(const char *benchmark, const char *value, const char *baseline, const char *ratio,
               const char *target, const char *verdict) {
        printf("%s\t%s\t%s\t%s\t%s\t%s\n", benchmark, value, baseline, ratio, target, verdict);
}
