/* restart-counter.c: the service bench/restart.sh restarts: it appends one byte to a counter
 * file and exits 0, so the file's size is the number of runs. The file is
 * $BENCH_RESTART_COUNTER if set (runsv and s6-supervise run ./run with no argument or with
 * the service directory, so it comes through their environment), else argv[1]. Built with
 * `cc -static -O2` at bench time: no dynamic loader, so a run costs exec and exit only.
 *
 * With -DBENCH_NOLIBC (what bench/restart.sh builds on x86-64 unless BENCH_RESTART_NOLIBC=0; add
 * -nostdlib) it is built without libc: glibc's start-up probes the CPU with CPUID
 * (init_cpu_features, init_cacheinfo), and in a virtual machine each CPUID traps to the
 * hypervisor, which can cost more than the exec itself. */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#ifndef BENCH_NOLIBC
int main(int argc, char *argv[]) {
        const char *path = getenv("BENCH_RESTART_COUNTER");
        int fd;

        if (!path || !*path)
                path = argc > 1 ? argv[1] : NULL;
        if (!path)
                return 2;
        /* O_APPEND: one byte per run even when runs overlap. */
        fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0 || write(fd, "x", 1) != 1)
                return 1;
        return 0;
}
#else
#include "nolibc.h"

/* The System V x86-64 entry: argc, argv[], NULL, envp[], NULL on the stack. */
__attribute__((noreturn, used)) void counter_main(long *sp);
__attribute__((noreturn, used)) void counter_main(long *sp) {
        long argc = sp[0];
        char **argv = (char **) (sp + 1), **envp = argv + argc + 1;
        const char *path = env_get(envp, "BENCH_RESTART_COUNTER");
        long fd, ok;

        if (!path || !*path)
                path = argc > 1 ? argv[1] : NULL;
        fd = path ? raw_syscall3(SYS_open, (long) path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644) : -1;
        ok = fd >= 0 && raw_syscall3(SYS_write, fd, (long) "x", 1) == 1;
        raw_syscall3(SYS_exit_group, ok ? 0 : 1, 0, 0);
        __builtin_unreachable();
}

NOLIBC_ENTRY(counter_main);
#endif
