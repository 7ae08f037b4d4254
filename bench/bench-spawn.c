/* bench-spawn.c: the spawn benchmark of issue 4: services svcd starts per second against raw
 * fork+execve and vfork+execve loops of the same program, and whether svcd's cost per spawn
 * grows with its heap.
 *
 *   bench-spawn --socket PATH --large-socket PATH [--count N] [--heap-units N] [--runs N]
 *               [--window N] -- PROGRAM [ARG...]
 *
 * Both sockets are svcds whose unit path holds spawn-00000.service ... (N units, each
 * `ExecStart=PROGRAM ARG...`); the large one also holds bench-00000.service ... (HEAP_UNITS
 * units of bench/gen-units), which this program loads so that its heap is large.
 * bench/spawn.sh sets both up. Prints tab-separated rows (bench/run formats them):
 *   benchmark  value  baseline  ratio  target  verdict
 *
 * What a spawn is. PROGRAM is long-lived (bench/spawn.sh: /bin/sleep infinity), so a spawn
 * ends when the child has exec'd: that is when svcd's StartUnit replies (the exec-status
 * pipe reads EOF, control-protocol.h) and when vfork() returns. The program's exit and its
 * reaping are left out on both sides: the raw loops kill and reap after the clock stops,
 * svcd's services are stopped (StopUnit) after it too. A short-lived program reaped in the
 * loop would time its whole life, which svcd does not wait for.
 *
 * The methods, each N spawns per run:
 *  - raw fork / raw vfork: a fresh process (nothing else in its address space) calls
 *    fork() or vfork(); the child dup2()s /dev/null onto 0-2 (as svcd gives a service its
 *    stdio; the benchmark's stdout is bench/run's table) and execve()s; the parent stores
 *    the pid and goes on. vfork() returns once the child has exec'd (vfork(2)), like svcd's
 *    clone(CLONE_VM|CLONE_VFORK); fork() returns at once and the exec runs beside the loop,
 *    so the fork rate counts spawns whose exec may still be under way: an upper bound for
 *    a fork-based supervisor, which must learn whether the exec worked. The target is
 *    therefore against vfork.
 *    After the clock, every child must be running PROGRAM (/proc/PID/exe), then SIGKILL
 *    and waitpid().
 *  - svcd: StartUnit for each unit over one Varlink connection, WINDOW calls in flight;
 *    every reply must say active with a MainPID. The units are loaded first (GetUnit):
 *    svcd loads units lazily, and loading is bench/load's subject. So the time is what a
 *    client pays for a spawn: Varlink and JSON both ways, the spawn plan, clone, the
 *    child's steps, execve. After the clock: StopUnit for each, timed for information.
 *  - svcd, large heap: the same against the second svcd, which holds HEAP_UNITS more
 *    loaded units (its anonymous memory is printed).
 *  - the control: the raw loops again from a process holding as much touched anonymous
 *    memory as the large svcd. fork() copies the page tables, so its cost grows with the
 *    heap; vfork() does not (Baumann et al., "A fork() in the road", HotOS 2019). This
 *    shows that the benchmark can see the effect it looks for.
 * One warm-up round, then RUNS rounds; within a round each method runs once, in an order
 * rotated round by round, so that all see the same machine state. Ratios are taken within
 * a round (paired) and their median decides the verdict: drift between rounds cancels out.
 * Each row also shows the median and best rates, and the ratio of the best runs. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench/bench-util.h"
#include "libsvc/control-protocol.h"
#include "libsvc/varlink.h"

#define TARGET_VFORK_RATIO 0.7 /* svcd's spawn rate against raw vfork+execve (issue 4) */
#define TARGET_HEAP_RATIO 1.10 /* cost per spawn, large heap / small heap: "does not grow" */
/* Unit names: PREFIX-00000.service, ... (bench/spawn.sh and bench/gen-units write them). */
#define SPAWN_UNIT_PREFIX "spawn"
#define HEAP_UNIT_PREFIX "bench"

enum method {
        METHOD_FORK,
        METHOD_VFORK,
        METHOD_SVCD,
        METHOD_SVCD_LARGE,
        METHOD_FORK_HEAP,
        METHOD_VFORK_HEAP,
        _METHOD_MAX,
};

static const char *const method_names[_METHOD_MAX] = {
        [METHOD_FORK] = "fork", [METHOD_VFORK] = "vfork", [METHOD_SVCD] = "svcd",
        [METHOD_SVCD_LARGE] = "svcd-large", [METHOD_FORK_HEAP] = "fork-heap", [METHOD_VFORK_HEAP] = "vfork-heap",
};

struct bench {
        char **argv;        /* PROGRAM ARG... */
        char exe[PATH_MAX]; /* PROGRAM with symlinks resolved, as /proc/PID/exe shows it */
        size_t count, heap_units, runs, window;
        struct varlink_client *svcd[2]; /* small heap, large heap */
        size_t heap_bytes;  /* the large svcd's anonymous memory, for the control */
        double *seconds[_METHOD_MAX]; /* [method][round]: N spawns */
        double *stop_seconds[2];      /* [small/large][round]: N StopUnit calls */
};

static double minimum(const double *v, size_t n) {
        double m = v[0];

        for (size_t i = 1; i < n; i++)
                m = v[i] < m ? v[i] : m;
        return m;
}

/* ---- raw loops ---------------------------------------------------------------------- */

/* The child of the raw loops: only syscalls, as after vfork() nothing else is allowed. */
_noreturn_ static void raw_child(int null_fd, char *const argv[]) {
        extern char **environ;

        for (int fd = 0; fd < 3; fd++)
                if (dup2(null_fd, fd) < 0)
                        _exit(126);
        execve(argv[0], argv, environ);
        _exit(127);
}

/* fork() or vfork() N times; returns the loop's wall time, or -1. Kept apart from the
 * checks so that vfork()'s child shares as little of this frame as possible. */
static double raw_spawn_loop(bool use_vfork, int null_fd, char *const argv[], pid_t *pids, size_t n) {
        double start = bench_now_seconds();

        for (size_t i = 0; i < n; i++) {
                pid_t pid = use_vfork ? vfork() : fork();
                if (pid == 0)
                        raw_child(null_fd, argv);
                if (pid < 0)
                        return -1;
                pids[i] = pid;
        }
        return bench_now_seconds() - start;
}

/* Waits until pid runs exe (fork()'s child may not have exec'd yet). 0, or -1 if it
 * exited (the exec failed: a zombie has no exe link) or did not exec within 10 s. */
static int raw_check_exec(pid_t pid, const char *exe) {
        char path[64], target[PATH_MAX];

        snprintf(path, sizeof path, "/proc/%d/exe", (int) pid);
        for (int i = 0; i < 10000; i++) {
                ssize_t k = readlink(path, target, sizeof target - 1);
                if (k < 0)
                        return -1;
                target[k] = 0;
                if (streq(target, exe))
                        return 0;
                usleep(1000);
        }
        return -1;
}

/* The worker process of one raw run: holds heap_bytes of touched memory, runs the loop,
 * checks and reaps the children, writes the loop's time to result_fd. */
_noreturn_ static void raw_worker(const struct bench *b, bool use_vfork, size_t heap_bytes, int result_fd) {
        pid_t *pids = calloc(b->count, sizeof *pids);
        int null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
        char *heap = NULL;
        double t;
        int failed = 0;

        if (!pids || null_fd < 0)
                _exit(EXIT_FAILURE);
        if (heap_bytes > 0) {
                heap = malloc(heap_bytes);
                if (!heap)
                        _exit(EXIT_FAILURE);
                /* Touch every page, as a daemon's heap is: fork() copies only mapped PTEs. */
                memset(heap, 0x5a, heap_bytes);
                __asm__ volatile("" : : "r"(heap) : "memory");
        }
        t = raw_spawn_loop(use_vfork, null_fd, b->argv, pids, b->count);
        if (t < 0)
                fprintf(stderr, "bench-spawn: %s failed: %m\n", use_vfork ? "vfork" : "fork");

        for (size_t i = 0; i < b->count && pids[i] > 0; i++)
                if (!failed && raw_check_exec(pids[i], b->exe) < 0) {
                        fprintf(stderr, "bench-spawn: child %d is not running %s: the exec failed, or the program "
                                "exited (it must be long-lived)\n", (int) pids[i], b->exe);
                        failed = 1;
                }
        for (size_t i = 0; i < b->count && pids[i] > 0; i++)
                (void) kill(pids[i], SIGKILL);
        for (size_t i = 0; i < b->count && pids[i] > 0; i++)
                while (waitpid(pids[i], NULL, 0) < 0 && errno == EINTR)
                        ;
        if (t < 0 || failed || write(result_fd, &t, sizeof t) != (ssize_t) sizeof t)
                _exit(EXIT_FAILURE);
        _exit(EXIT_SUCCESS);
}

/* One raw run in a fresh process; returns its loop time in seconds, or -1. */
static double raw_run(const struct bench *b, bool use_vfork, size_t heap_bytes) {
        int pipefd[2], status;
        double t = -1;
        pid_t worker;

        if (pipe2(pipefd, O_CLOEXEC) < 0)
                return -1;
        fflush(stdout);
        worker = fork();
        if (worker < 0) {
                close(pipefd[0]);
                close(pipefd[1]);
                return -1;
        }
        if (worker == 0) {
                close(pipefd[0]);
                raw_worker(b, use_vfork, heap_bytes, pipefd[1]);
        }
        close(pipefd[1]);
        if (read(pipefd[0], &t, sizeof t) != (ssize_t) sizeof t)
                t = -1;
        close(pipefd[0]);
        while (waitpid(worker, &status, 0) < 0 && errno == EINTR)
                ;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
                return -1;
        return t;
}

/* ---- svcd --------------------------------------------------------------------------- */

static struct json_object *reply_unit(struct json_object *reply) {
        struct json_object *parameters = NULL, *unit = NULL;

        if (!json_object_object_get_ex(reply, "parameters", &parameters) ||
            !json_object_object_get_ex(parameters, "unit", &unit))
                return NULL;
        return unit;
}

/* What a reply must say: the unit's LoadState (GetUnit) or ActiveState (Start/StopUnit). */
struct expect {
        const char *key, *value;
        bool main_pid; /* a MainPID > 0 */
};

/* Calls method for units 0..n-1 named by prefix, window calls in flight, and checks each reply.
 * Returns the wall time in seconds, or -1. */
static double svcd_calls(struct varlink_client *c, const char *method, const char *prefix, size_t n, size_t window,
                         const struct expect *expect) {
        size_t sent = 0, received = 0;
        double start = bench_now_seconds();
        char name[64];

        while (received < n) {
                while (sent < n && sent - received < window) {
                        struct json_object *p = json_object_new_object();
                        if (!p)
                                return -1;
                        snprintf(name, sizeof name, "%s-%05zu.service", prefix, sent);
                        json_object_object_add(p, "name", json_object_new_string(name));
                        if (varlink_client_send(c, method, p) < 0)
                                return -1;
                        sent++;
                }

                _cleanup_json_ struct json_object *reply = NULL;
                const char *error = NULL;
                int r = varlink_client_receive(c, &reply, &error);
                snprintf(name, sizeof name, "%s-%05zu.service", prefix, received);
                if (r < 0) {
                        fprintf(stderr, "bench-spawn: %s %s: %s\n", method, name, error ?: strerror(-r));
                        return -1;
                }
                struct json_object *unit = reply_unit(reply);
                const char *got = unit ? varlink_get_string(unit, expect->key) : NULL;
                if (!got || !streq(got, expect->value) || (expect->main_pid && varlink_get_int(unit, "MainPID", 0) <= 0)) {
                        fprintf(stderr, "bench-spawn: %s %s: %s is %s, expected %s%s\n", method, name, expect->key,
                                got ?: "missing", expect->value, expect->main_pid ? " with a MainPID" : "");
                        return -1;
                }
                received++;
        }
        return bench_now_seconds() - start;
}

static const struct expect expect_loaded = { "LoadState", "loaded", false };
static const struct expect expect_active = { "ActiveState", "active", true };
static const struct expect expect_inactive = { "ActiveState", "inactive", false };

/* One svcd run: N StartUnit calls (timed), then N StopUnit calls (timed apart). */
static double svcd_run(const struct bench *b, int which, double *ret_stop_seconds) {
        double t = svcd_calls(b->svcd[which], METHOD_START_UNIT, SPAWN_UNIT_PREFIX, b->count, b->window, &expect_active);

        /* After a failure the connection has replies in flight: give up (bench/lib.sh stops svcd). */
        if (t < 0)
                return -1;
        *ret_stop_seconds = svcd_calls(b->svcd[which], METHOD_STOP_UNIT, SPAWN_UNIT_PREFIX, b->count, b->window,
                                       &expect_inactive);
        return *ret_stop_seconds < 0 ? -1 : t;
}

/* The anonymous memory (RssAnon, proc(5)) of the svcd behind c: its heap, in bytes. The
 * peer credentials of a Unix socket name the process that listens on it (unix(7)). */
static int svcd_anon_bytes(struct varlink_client *c, size_t *ret) {
        struct ucred cred;
        socklen_t len = sizeof cred;
        char path[64], line[256];
        FILE *f;

        if (getsockopt(c->fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0)
                return -errno;
        snprintf(path, sizeof path, "/proc/%d/status", (int) cred.pid);
        f = fopen(path, "re");
        if (!f)
                return -errno;
        while (fgets(line, sizeof line, f)) {
                unsigned long kb;
                if (sscanf(line, "RssAnon: %lu kB", &kb) == 1) {
                        fclose(f);
                        *ret = (size_t) kb * 1024;
                        return 0;
                }
        }
        fclose(f);
        return -ENOENT;
}

/* ---- the rounds and the report ------------------------------------------------------ */

static double run_method(struct bench *b, enum method m, double *ret_stop) {
        *ret_stop = 0;
        switch (m) {
        case METHOD_FORK:
                return raw_run(b, false, 0);
        case METHOD_VFORK:
                return raw_run(b, true, 0);
        case METHOD_FORK_HEAP:
                return raw_run(b, false, b->heap_bytes);
        case METHOD_VFORK_HEAP:
                return raw_run(b, true, b->heap_bytes);
        case METHOD_SVCD:
                return svcd_run(b, 0, ret_stop);
        case METHOD_SVCD_LARGE:
                return svcd_run(b, 1, ret_stop);
        default:
                return -1;
        }
}

/* Round 0 warms up (page cache, allocators, the daemons' buffers) and is not kept. */
static int run_rounds(struct bench *b) {
        for (size_t round = 0; round <= b->runs; round++) {
                fprintf(stderr, "bench-spawn: %s", round == 0 ? "warm-up:" : "");
                if (round > 0)
                        fprintf(stderr, "round %zu/%zu:", round, b->runs);
                for (size_t k = 0; k < _METHOD_MAX; k++) {
                        enum method m = (enum method) ((k + round) % _METHOD_MAX);
                        double stop, t = run_method(b, m, &stop);
                        if (t < 0) {
                                fprintf(stderr, "\nbench-spawn: the %s run failed\n", method_names[m]);
                                return -1;
                        }
                        fprintf(stderr, " %s %.0f/s", method_names[m], (double) b->count / t);
                        if (round == 0)
                                continue;
                        b->seconds[m][round - 1] = t;
                        if (m == METHOD_SVCD || m == METHOD_SVCD_LARGE)
                                b->stop_seconds[m == METHOD_SVCD_LARGE][round - 1] = stop;
                }
                fputc('\n', stderr);
        }
        return 0;
}

/* The median over rounds of a[round] / b[round]. */
static double paired_ratio(const double *a, const double *b, size_t n) {
        double *q = malloc(n * sizeof *q), m;

        if (!q)
                return -1;
        for (size_t i = 0; i < n; i++)
                q[i] = a[i] / b[i];
        m = bench_median(q, n);
        free(q);
        return m;
}

/* The ratio column: the median of the paired ratios (the verdict's), then the ratio of the
 * best runs: interference from the rest of the machine only ever adds time. */
static double format_ratio(char *buf, size_t size, const double *a, const double *b, size_t n) {
        double q = paired_ratio(a, b, n);

        snprintf(buf, size, "%.2fx (best %.2fx)", q, minimum(a, n) / minimum(b, n));
        return q;
}

/* "median rate (best rate)" of N spawns per run. */
static void format_rate(char *buf, size_t size, const struct bench *b, enum method m) {
        double n = (double) b->count;
        snprintf(buf, size, "%.0f/s (best %.0f/s)", n / bench_median(b->seconds[m], b->runs),
                 n / minimum(b->seconds[m], b->runs));
}

static void report(const struct bench *b, size_t small_anon) {
        char name[192], value[64], baseline[96], ratio[48];
        const size_t runs = b->runs;
        const double n = (double) b->count;
        const char *prog = b->argv[0];
        double q;

        snprintf(name, sizeof name, "spawn: raw fork+execve, %zu x %s, exec not awaited (median of %zu)", b->count,
                 prog, runs);
        format_rate(value, sizeof value, b, METHOD_FORK);
        bench_row(name, value, "-", "-", "-", "info");

        snprintf(name, sizeof name, "spawn: raw vfork+execve, %zu x %s (median of %zu)", b->count, prog, runs);
        format_rate(value, sizeof value, b, METHOD_VFORK);
        snprintf(baseline, sizeof baseline, "%.0f/s (raw fork)", n / bench_median(b->seconds[METHOD_FORK], runs));
        format_ratio(ratio, sizeof ratio, b->seconds[METHOD_FORK], b->seconds[METHOD_VFORK], runs);
        bench_row(name, value, baseline, ratio, "-", "info");

        /* Rates: the ratio of rates is the inverse ratio of times. */
        snprintf(name, sizeof name, "spawn: svcd StartUnit x %zu, %zu in flight (median of %zu)", b->count, b->window,
                 runs);
        format_rate(value, sizeof value, b, METHOD_SVCD);
        snprintf(baseline, sizeof baseline, "%.0f/s (raw vfork)", n / bench_median(b->seconds[METHOD_VFORK], runs));
        q = format_ratio(ratio, sizeof ratio, b->seconds[METHOD_VFORK], b->seconds[METHOD_SVCD], runs);
        bench_row(name, value, baseline, ratio, ">= 0.7x", q >= TARGET_VFORK_RATIO ? "PASS" : "FAIL");

        snprintf(name, sizeof name, "spawn: svcd cost per spawn, +%zu units loaded (heap %zu MB vs %zu MB)",
                 b->heap_units, b->heap_bytes >> 20, small_anon >> 20);
        snprintf(value, sizeof value, "%.1f us", bench_median(b->seconds[METHOD_SVCD_LARGE], runs) / n * 1e6);
        snprintf(baseline, sizeof baseline, "%.1f us (%zu units)", bench_median(b->seconds[METHOD_SVCD], runs) / n * 1e6,
                 b->count);
        q = format_ratio(ratio, sizeof ratio, b->seconds[METHOD_SVCD_LARGE], b->seconds[METHOD_SVCD], runs);
        bench_row(name, value, baseline, ratio, "<= 1.10x", q <= TARGET_HEAP_RATIO ? "PASS" : "FAIL");

        /* The control: the same heap in the raw loops' parent. */
        for (int v = 0; v < 2; v++) {
                enum method small = v ? METHOD_VFORK : METHOD_FORK, large = v ? METHOD_VFORK_HEAP : METHOD_FORK_HEAP;
                snprintf(name, sizeof name, "spawn: control: raw %s+execve cost, parent holding %zu MB", v ? "vfork" : "fork",
                         b->heap_bytes >> 20);
                snprintf(value, sizeof value, "%.1f us", bench_median(b->seconds[large], runs) / n * 1e6);
                snprintf(baseline, sizeof baseline, "%.1f us (no heap)", bench_median(b->seconds[small], runs) / n * 1e6);
                format_ratio(ratio, sizeof ratio, b->seconds[large], b->seconds[small], runs);
                bench_row(name, value, baseline, ratio, "-", "info");
        }

        snprintf(name, sizeof name, "spawn: svcd StopUnit x %zu (SIGTERM, reap), +%zu units loaded", b->count,
                 b->heap_units);
        snprintf(value, sizeof value, "%.1f us", bench_median(b->stop_seconds[1], runs) / n * 1e6);
        snprintf(baseline, sizeof baseline, "%.1f us (%zu units)", bench_median(b->stop_seconds[0], runs) / n * 1e6, b->count);
        format_ratio(ratio, sizeof ratio, b->stop_seconds[1], b->stop_seconds[0], runs);
        bench_row(name, value, baseline, ratio, "-", "info");
}

/* Loads the units of both daemons before any timing: svcd loads a unit when it is first
 * named, and the large heap must exist before the first round. */
static int load_units(struct bench *b, size_t *ret_small_anon) {
        double t;
        int r;

        for (int i = 0; i < 2; i++)
                if (svcd_calls(b->svcd[i], METHOD_GET_UNIT, SPAWN_UNIT_PREFIX, b->count, b->window, &expect_loaded) < 0)
                        return -EIO;
        t = svcd_calls(b->svcd[1], METHOD_GET_UNIT, HEAP_UNIT_PREFIX, b->heap_units, b->window, &expect_loaded);
        if (t < 0)
                return -EIO;
        r = svcd_anon_bytes(b->svcd[0], ret_small_anon);
        if (r >= 0)
                r = svcd_anon_bytes(b->svcd[1], &b->heap_bytes);
        if (r < 0) {
                fprintf(stderr, "bench-spawn: cannot read svcd's memory from /proc: %s\n", strerror(-r));
                return r;
        }
        fprintf(stderr,
                "bench-spawn: %zu x `%s ...`, %zu StartUnit calls in flight; the large svcd loaded %zu more units "
                "in %.2f s (anonymous memory: %zu MB, the small one %zu MB).\n"
                "bench-spawn: a spawn ends when the child has exec'd; exit and reaping are not timed. Rates per "
                "round, methods in rotated order:\n",
                b->count, b->argv[0], b->window, b->heap_units, t, b->heap_bytes >> 20, *ret_small_anon >> 20);
        return 0;
}

static int connect_svcd(const char *path, struct varlink_client **ret) {
        int r = varlink_client_connect(path, ret);

        if (r < 0)
                fprintf(stderr, "bench-spawn: cannot connect to %s: %s\n", path, strerror(-r));
        return r;
}

static _noreturn_ void usage(int status) {
        fprintf(status ? stderr : stdout,
                "Usage: bench-spawn --socket PATH --large-socket PATH [--count N] [--heap-units N] [--runs N]\n"
                "                   [--window N] -- PROGRAM [ARG...]\n"
                "Runs against two running svcds; bench/spawn.sh starts them and calls this.\n");
        exit(status);
}

int main(int argc, char *argv[]) {
        static const struct option options[] = {
                { "socket", required_argument, NULL, 's' },
                { "large-socket", required_argument, NULL, 'l' },
                { "count", required_argument, NULL, 'n' },
                { "heap-units", required_argument, NULL, 'u' },
                { "runs", required_argument, NULL, 'r' },
                { "window", required_argument, NULL, 'w' },
                { "help", no_argument, NULL, 'h' },
                {},
        };
        struct bench b = { .count = 1000, .heap_units = 10000, .runs = 7, .window = 64 };
        const char *sockets[2] = {};
        size_t small_anon = 0;
        int c, status = EXIT_FAILURE;

        while ((c = getopt_long(argc, argv, "h", options, NULL)) >= 0) {
                switch (c) {
                case 's':
                        sockets[0] = optarg;
                        break;
                case 'l':
                        sockets[1] = optarg;
                        break;
                case 'n':
                        b.count = strtoul(optarg, NULL, 10);
                        break;
                case 'u':
                        b.heap_units = strtoul(optarg, NULL, 10);
                        break;
                case 'r':
                        b.runs = strtoul(optarg, NULL, 10);
                        break;
                case 'w':
                        b.window = strtoul(optarg, NULL, 10);
                        break;
                case 'h':
                        usage(EXIT_SUCCESS);
                default:
                        usage(EXIT_FAILURE);
                }
        }
        if (!sockets[0] || !sockets[1] || optind >= argc || b.count == 0 || b.heap_units == 0 || b.runs == 0 ||
            b.window == 0)
                usage(EXIT_FAILURE);
        b.argv = argv + optind;
        if (b.argv[0][0] != '/' || !realpath(b.argv[0], b.exe)) {
                fprintf(stderr, "bench-spawn: PROGRAM must be an absolute path to an executable: %s\n", b.argv[0]);
                return EXIT_FAILURE;
        }

        for (int m = 0; m < _METHOD_MAX; m++)
                if (!(b.seconds[m] = calloc(b.runs, sizeof(double))))
                        goto out;
        for (int i = 0; i < 2; i++)
                if (!(b.stop_seconds[i] = calloc(b.runs, sizeof(double))) || connect_svcd(sockets[i], &b.svcd[i]) < 0)
                        goto out;
        if (load_units(&b, &small_anon) < 0 || run_rounds(&b) < 0)
                goto out;
        report(&b, small_anon);
        status = EXIT_SUCCESS;
out:
        for (int m = 0; m < _METHOD_MAX; m++)
                free(b.seconds[m]);
        for (int i = 0; i < 2; i++) {
                free(b.stop_seconds[i]);
                varlink_client_free(b.svcd[i]);
        }
        return status;
}
