/* reap-storm.c: the program bench/reap.sh runs under each init (svcd, tini, dumb-init), PID 1
 * of a fresh PID namespace: an orphan storm, timed from inside. Built with `cc -static -O2` at
 * bench time, like bench/restart-counter.c.
 *
 *   reap-storm storm OUTFILE N   N double-forks, then wait until PID 1 has reaped them all
 *   reap-storm [idle]            pause() until killed: the services of the memory rows (also
 *                                with any one argument, so that it can be ./run of runsv, which
 *                                passes none, and of s6-supervise, which passes the service name)
 *
 * storm, in this order:
 *  1. The baseline: how many children PID 1 has now (this program, and whatever else the init
 *     runs; normally 1), from /proc/1/task/1/children, and PID 1's CPU time so far
 *     (/proc/1/schedstat, its first field: nanoseconds on a CPU, user and kernel).
 *  2. t_start. N times: clone() a child C, which clone()s a grandchild G and exits at once; G
 *     exits at once too. When C exits, G, running or already a zombie, is reparented to PID 1
 *     (the namespace's child reaper: no subreaper sits in between), which must reap it: N
 *     orphans, one after the other, as fast as one process can make them. On x86-64, C and G
 *     share this program's memory (CLONE_VM; C with CLONE_VFORK, so this program waits for its
 *     exit, and SIGCHLD ignored, so the kernel reaps C): no address space is copied, which
 *     makes the storm several times faster than with fork() (50-100 us an orphan here, when
 *     an init spends 2-10 us on one). Elsewhere C and G are plain fork()s and this program
 *     wait4()s for C. Every G inherits the write end of a pipe; this program
 *     closes its own after the loop.
 *  3. t_end: read() on the pipe returns EOF, which happens when the last G has closed its
 *     files, in do_exit() just before it becomes a zombie: the storm's end is the later of the
 *     last grandchild's exit and the loop's end, within a wake-up (microseconds).
 *  4. t_clear: poll until this program has no child left (/proc/thread-self/children) and
 *     PID 1 has no more children than in step 1 (/proc/1/task/1/children). A zombie stays on
 *     its parent's children list until it is reaped (release_task()), so this is "no orphan
 *     left, reaped or not yet dead". This program's own list comes first: a C that has closed
 *     its files (so the pipe may be at EOF) reparents its G only later in its do_exit()
 *     (exit_notify()), and leaves this program's list only after that. Each poll is lseek(0)
 *     + one read() of at most 64 bytes per file, which walks only the first few entries of a
 *     list (children are kept in creation or adoption order, this program first in PID 1's),
 *     a few microseconds; between polls this program sleeps 20 us (timer slack 1 us), so a
 *     poll comes every 25 to 100 us (the sleep's wake-up latency in a busy VM): that is the
 *     precision of t_clear. It sleeps rather than spins: a poller spinning with
 *     sched_yield() delayed dumb-init's last reaps by 5-9 ms in most runs here (it competes
 *     with PID 1 for a CPU), a sleeping one by at most 0.2 ms. Nothing polls before t_end:
 *     the storm itself is not slowed.
 *  5. PID 1's CPU time again, and one line to OUTFILE:
 *       N t_start t_end t_clear polls init_cpu_before init_cpu_after base_children
 *     (times in nanoseconds, CLOCK_MONOTONIC; reaping time = t_clear - t_start, lag = t_clear
 *     - t_end). Exit 0, or 1 if anything failed (then OUTFILE says what, if it can).
 *
 * With -DBENCH_NOLIBC (x86-64; add -nostdlib -fno-stack-protector -fno-builtin
 * -fno-tree-loop-distribute-patterns) it is built without libc, like boot-ready.c and for the
 * same reason: glibc's start-up probes the CPU with CPUID, which traps to the hypervisor in a
 * VM. Both builds make the same system calls through one macro. */
#include <fcntl.h>
#include <linux/prctl.h>
#include <linux/sched.h> /* CLONE_VM, CLONE_VFORK without _GNU_SOURCE */
#include <signal.h>
#include <stddef.h>
#include <sys/syscall.h>
#include <time.h>

#ifdef BENCH_NOLIBC
#include "nolibc.h"
#define SYS(n, a, b, c, d, e) raw_syscall6((n), (long) (a), (long) (b), (long) (c), (long) (d), (long) (e), 0)
#else
#include <unistd.h>
/* libc's syscall() returns -1 and sets errno where the raw one returns -errno: callers only
 * test for < 0. */
#define SYS(n, a, b, c, d, e) syscall((n), (long) (a), (long) (b), (long) (c), (long) (d), (long) (e))
#endif

#define CHILDREN_PATH "/proc/1/task/1/children"
#define SCHEDSTAT_PATH "/proc/1/schedstat"
#define OWN_CHILDREN_PATH "/proc/thread-self/children"
#define POLL_INTERVAL_NS 20000

static long now_ns(void) {
        struct timespec ts;

        SYS(SYS_clock_gettime, CLOCK_MONOTONIC, &ts, 0, 0, 0);
        return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static __attribute__((noreturn)) void die(long status) {
        for (;;)
                SYS(SYS_exit_group, status, 0, 0, 0, 0);
}

#if defined(__x86_64__)
/* One orphan, without copying an address space: C = clone(CLONE_VM | CLONE_VFORK), so this
 * process sleeps until C has exited; C makes G = clone(CLONE_VM) and both exit at once. C and
 * G run on this process's stack, so their code is this asm alone, registers only, no memory.
 * G's exit signal is SIGCHLD: it is an ordinary child for its new parent's waitpid(). C's
 * exit is reaped by the kernel (this process ignores SIGCHLD). Returns C's pid, or -errno. */
static long spawn_orphan(void) {
        register long r10 __asm__("r10") = 0, r8 __asm__("r8") = 0;
        long r;

        __asm__ volatile("syscall\n\t"
                         "test %%rax, %%rax\n\t"
                         "jnz 1f\n\t"
                         "mov %[nr_clone], %%eax\n\t"
                         "mov %[g_flags], %%edi\n\t"
                         "xor %%esi, %%esi\n\t"
                         "xor %%edx, %%edx\n\t"
                         "xor %%r10d, %%r10d\n\t"
                         "xor %%r8d, %%r8d\n\t"
                         "syscall\n\t"
                         "mov %[nr_exit], %%eax\n\t"
                         "xor %%edi, %%edi\n\t"
                         "syscall\n\t"
                         "1:\n\t"
                         : "=a"(r)
                         : "a"((long) SYS_clone), "D"((long) (CLONE_VM | CLONE_VFORK | SIGCHLD)), "S"(0L), "d"(0L),
                           "r"(r10), "r"(r8), [nr_clone] "i"(SYS_clone), [g_flags] "i"(CLONE_VM | SIGCHLD),
                           [nr_exit] "i"(SYS_exit)
                         : "rcx", "r11", "memory");
        return r;
}

/* SIGCHLD ignored: the kernel reaps each C as it exits (wait(2), "NOTES"). */
static long ignore_sigchld(void) {
        struct {
                void *handler;
                unsigned long flags;
                void *restorer;
                unsigned long mask;
        } sa = { (void *) SIG_IGN, 0, 0, 0 };

        return SYS(SYS_rt_sigaction, SIGCHLD, &sa, 0, sizeof sa.mask, 0);
}
#else
/* fork(): clone() with only the exit signal, which every architecture has. */
static long fork_raw(void) {
        return SYS(SYS_clone, SIGCHLD, 0, 0, 0, 0);
}
#endif

static long parse_long(const char *s) {
        long v = 0;

        if (!s || !*s)
                return -1;
        for (; *s; s++) {
                if (*s < '0' || *s > '9' || v > 100000000L)
                        return -1;
                v = v * 10 + (*s - '0');
        }
        return v;
}

/* Appends v in decimal and a separator to buf at *n (buf has room: the line is short). */
static void put_long(char *buf, long *n, long v, char sep) {
        char digits[24];
        int k = 0;

        if (v < 0) {
                buf[(*n)++] = '-';
                v = -v;
        }
        do
                digits[k++] = (char) ('0' + v % 10);
        while ((v /= 10) > 0);
        while (k > 0)
                buf[(*n)++] = digits[--k];
        buf[(*n)++] = sep;
}

static long put_text(char *buf, long n, const char *s) {
        while (*s)
                buf[n++] = *s++;
        return n;
}

/* The children of PID 1 seen through fd (CHILDREN_PATH): how many pids the first read()
 * returns, at most about 64 bytes' worth (so "several" when the list is long). -1 on error. */
static long count_children(long fd) {
        char buf[64];
        long n, count = 0, in_word = 0;

        if (SYS(SYS_lseek, fd, 0, SEEK_SET, 0, 0) < 0)
                return -1;
        n = SYS(SYS_read, fd, buf, sizeof buf, 0, 0);
        if (n < 0)
                return -1;
        for (long i = 0; i < n; i++) {
                int digit = buf[i] >= '0' && buf[i] <= '9';
                if (digit && !in_word)
                        count++;
                in_word = digit;
        }
        return count;
}

/* PID 1's time on a CPU, in nanoseconds (the first field of /proc/1/schedstat), or -1. */
static long init_cpu_ns(void) {
        char buf[128];
        long fd, n, v = 0, i = 0;

        fd = SYS(SYS_openat, AT_FDCWD, SCHEDSTAT_PATH, O_RDONLY | O_CLOEXEC, 0, 0);
        if (fd < 0)
                return -1;
        n = SYS(SYS_read, fd, buf, sizeof buf, 0, 0);
        SYS(SYS_close, fd, 0, 0, 0, 0);
        if (n <= 0)
                return -1;
        for (; i < n && buf[i] >= '0' && buf[i] <= '9'; i++)
                v = v * 10 + (buf[i] - '0');
        return i > 0 ? v : -1;
}

/* Writes buf[0..n) to path (created or truncated). */
static void write_file(const char *path, const char *buf, long n) {
        long fd = SYS(SYS_openat, AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644, 0);

        if (fd >= 0) {
                SYS(SYS_write, fd, buf, n, 0, 0);
                SYS(SYS_close, fd, 0, 0, 0, 0);
        }
}

static __attribute__((noreturn)) void fail(const char *out, const char *what) {
        char buf[128];
        long n = put_text(buf, 0, "error: ");

        n = put_text(buf, n, what);
        buf[n++] = '\n';
        write_file(out, buf, n);
        die(1);
}

static __attribute__((noreturn)) void storm(const char *out, long count) {
        int pipe_fds[2];
        long children_fd, own_children_fd, base, t_start, t_end, t_clear, polls = 0, cpu_before, cpu_after, n = 0;
        char buf[256], byte;
        const struct timespec poll_interval = { 0, POLL_INTERVAL_NS };

        children_fd = SYS(SYS_openat, AT_FDCWD, CHILDREN_PATH, O_RDONLY | O_CLOEXEC, 0, 0);
        if (children_fd < 0)
                fail(out, "cannot open " CHILDREN_PATH " (is this in a PID namespace with its own /proc?)");
        own_children_fd = SYS(SYS_openat, AT_FDCWD, OWN_CHILDREN_PATH, O_RDONLY | O_CLOEXEC, 0, 0);
        if (own_children_fd < 0)
                fail(out, "cannot open " OWN_CHILDREN_PATH);
        base = count_children(children_fd);
        if (base < 1)
                fail(out, "cannot read " CHILDREN_PATH);
        cpu_before = init_cpu_ns();
        if (SYS(SYS_pipe2, pipe_fds, O_CLOEXEC, 0, 0, 0) < 0)
                fail(out, "pipe2");

#if defined(__x86_64__)
        if (ignore_sigchld() < 0)
                fail(out, "rt_sigaction(SIGCHLD, SIG_IGN)");
        t_start = now_ns();
        for (long i = 0; i < count; i++)
                if (spawn_orphan() < 0)
                        fail(out, "clone");
#else
        t_start = now_ns();
        for (long i = 0; i < count; i++) {
                long c = fork_raw();
                if (c == 0) {
                        /* C: make G, then exit; G (which returns 0 too) exits at once. */
                        fork_raw();
                        die(0);
                }
                if (c < 0)
                        fail(out, "clone");
                while (SYS(SYS_wait4, c, 0, 0, 0, 0) < 0)
                        ;
        }
#endif
        SYS(SYS_close, pipe_fds[1], 0, 0, 0, 0);
        while (SYS(SYS_read, pipe_fds[0], &byte, 1, 0, 0) != 0)
                ;
        t_end = now_ns();
        /* Sleeps between polls end on time, not up to 50 us late (prctl(2)). */
        SYS(SYS_prctl, PR_SET_TIMERSLACK, 1000, 0, 0, 0);

        for (;;) {
                long mine = count_children(own_children_fd), k = mine == 0 ? count_children(children_fd) : 0;
                if (mine < 0 || k < 0)
                        fail(out, "cannot read " CHILDREN_PATH " or " OWN_CHILDREN_PATH);
                if (mine == 0 && k <= base)
                        break;
                polls++;
                SYS(SYS_nanosleep, &poll_interval, 0, 0, 0, 0);
        }
        t_clear = now_ns();
        cpu_after = init_cpu_ns();

        put_long(buf, &n, count, ' ');
        put_long(buf, &n, t_start, ' ');
        put_long(buf, &n, t_end, ' ');
        put_long(buf, &n, t_clear, ' ');
        put_long(buf, &n, polls, ' ');
        put_long(buf, &n, cpu_before, ' ');
        put_long(buf, &n, cpu_after, ' ');
        put_long(buf, &n, base, '\n');
        write_file(out, buf, n);
        die(0);
}

static int streq_raw(const char *a, const char *b) {
        while (*a && *a == *b)
                a++, b++;
        return *a == *b;
}

static __attribute__((noreturn)) void run(long argc, char **argv) {
        if (argc <= 2 && !(argc == 2 && streq_raw(argv[1], "storm")))
                for (;;)
#ifdef BENCH_NOLIBC
                        SYS(SYS_pause, 0, 0, 0, 0, 0);
#else
                        pause(); /* not every architecture has SYS_pause */
#endif
        if (argc == 4 && streq_raw(argv[1], "storm")) {
                long count = parse_long(argv[3]);
                if (count <= 0)
                        fail(argv[2], "N must be a positive number");
                storm(argv[2], count);
        }
        die(2);
}

#ifdef BENCH_NOLIBC
__attribute__((noreturn, used)) void storm_main(long *sp);
__attribute__((noreturn, used)) void storm_main(long *sp) {
        run(sp[0], (char **) (sp + 1));
}

NOLIBC_ENTRY(storm_main);
#else
int main(int argc, char *argv[]) {
        run(argc, argv);
}
#endif
