/* bench-control.c: the control-path benchmark: `svcctl status UNIT` latency against the exec
 * floor of /bin/true, and GetUnit calls per second over one Varlink connection.
 *
 *   bench-control --socket PATH --svcctl PATH --unit NAME [--runs N] [--calls N] [--window N]
 *
 * Prints one tab-separated row per measurement (bench/run formats them):
 *   benchmark  value  baseline  ratio  target  verdict
 *
 * Latency: fork + execv + waitpid of svcctl and of /bin/true, interleaved run by run so both
 * see the same machine state (caches, frequency, other load); the medians are compared,
 * because a single descheduling makes a mean meaningless. Throughput: GetUnit over one
 * connection, first strictly one call at a time (ping-pong: a round trip per call), then
 * pipelined with WINDOW calls outstanding (what a monitoring client or a busy script sees). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench/bench-util.h"
#include "libsvc/control-protocol.h"
#include "libsvc/varlink.h"

#define LATENCY_TARGET_RATIO 1.3
#define THROUGHPUT_TARGET 50000.0

/* Runs argv once (stdout and stderr to /dev/null) and returns its wall time in seconds, or
 * a negative value if it could not run or did not exit 0. */
static double time_exec(char *const argv[]) {
        double start = bench_now_seconds();
        int status;
        pid_t pid = fork();

        if (pid < 0)
                return -1;
        if (pid == 0) {
                int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
                if (null >= 0) {
                        dup2(null, STDOUT_FILENO);
                        dup2(null, STDERR_FILENO);
                }
                execv(argv[0], argv);
                _exit(127);
        }
        if (waitpid(pid, &status, 0) != pid)
                return -1;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
                return -1;
        return bench_now_seconds() - start;
}

static int bench_latency(const char *svcctl, const char *unit, size_t runs) {
        char *svcctl_argv[] = { (char *) svcctl, (char *) "status", (char *) unit, NULL };
        char *true_argv[] = { (char *) "/bin/true", NULL };
        double *t_svcctl = calloc(runs, sizeof(double)), *t_true = calloc(runs, sizeof(double));
        char value[64], baseline[64], ratio[32];
        const size_t warmup = 20;
        int r = 0;

        if (!t_svcctl || !t_true) {
                r = -ENOMEM;
                goto out;
        }
        for (size_t i = 0; i < warmup + runs; i++) {
                double a = time_exec(svcctl_argv), b = time_exec(true_argv);
                if (a < 0 || b < 0) {
                        fprintf(stderr, "bench-control: `%s status %s` or /bin/true failed (run %zu)\n",
                                svcctl, unit, i);
                        r = -EIO;
                        goto out;
                }
                if (i >= warmup) {
                        t_svcctl[i - warmup] = a;
                        t_true[i - warmup] = b;
                }
        }

        double m_svcctl = bench_median(t_svcctl, runs), m_true = bench_median(t_true, runs);
        double q = m_svcctl / m_true;
        snprintf(value, sizeof value, "%.3f ms", m_svcctl * 1e3);
        snprintf(baseline, sizeof baseline, "%.3f ms (/bin/true)", m_true * 1e3);
        snprintf(ratio, sizeof ratio, "%.2fx", q);
        bench_row("control: svcctl status latency (median)", value, baseline, ratio, "<= 1.3x",
                  q <= LATENCY_TARGET_RATIO ? "PASS" : "FAIL");
out:
        free(t_svcctl);
        free(t_true);
        return r;
}

static int send_get_unit(struct varlink_client *c, const char *unit) {
        struct json_object *p = json_object_new_object();

        if (!p)
                return -ENOMEM;
        json_object_object_add(p, "name", json_object_new_string(unit));
        return varlink_client_send(c, METHOD_GET_UNIT, p);
}

static int receive_unit(struct varlink_client *c) {
        _cleanup_json_ struct json_object *reply = NULL;
        const char *error = NULL;
        int r = varlink_client_receive(c, &reply, &error);

        if (r < 0)
                fprintf(stderr, "bench-control: GetUnit failed: %s\n", error ?: strerror(-r));
        return r;
}

/* Calls GetUnit `calls` times with at most `window` calls outstanding; returns calls/s. */
static double calls_per_second(struct varlink_client *c, const char *unit, size_t calls, size_t window) {
        size_t sent = 0, received = 0;
        double start = bench_now_seconds();

        while (received < calls) {
                while (sent < calls && sent - received < window) {
                        if (send_get_unit(c, unit) < 0)
                                return -1;
                        sent++;
                }
                if (receive_unit(c) < 0)
                        return -1;
                received++;
        }
        return (double) calls / (bench_now_seconds() - start);
}

static int bench_throughput(const char *socket_path, const char *unit, size_t calls, size_t window) {
        _cleanup_(varlink_client_freep) struct varlink_client *c = NULL;
        char value[64], baseline[64], ratio[32], name[96];
        int r;

        r = varlink_client_connect(socket_path, &c);
        if (r < 0) {
                fprintf(stderr, "bench-control: cannot connect to %s: %s\n", socket_path, strerror(-r));
                return r;
        }
        /* Warm up: the daemon's and our allocator and caches. */
        if (calls_per_second(c, unit, 1000, window) < 0)
                return -EIO;
        double pingpong = calls_per_second(c, unit, calls / 4, 1);
        double pipelined = calls_per_second(c, unit, calls, window);
        if (pingpong < 0 || pipelined < 0)
                return -EIO;

        snprintf(value, sizeof value, "%.0f/s", pingpong);
        bench_row("control: GetUnit, one call at a time", value, "-", "-", "-", "info");

        snprintf(name, sizeof name, "control: GetUnit, %zu calls in flight", window);
        snprintf(value, sizeof value, "%.0f/s", pipelined);
        snprintf(baseline, sizeof baseline, "%.0f/s (one at a time)", pingpong);
        snprintf(ratio, sizeof ratio, "%.2fx", pipelined / pingpong);
        bench_row(name, value, baseline, ratio, ">= 50000/s", pipelined >= THROUGHPUT_TARGET ? "PASS" : "FAIL");
        return 0;
}

static _noreturn_ void usage(int status) {
        fprintf(status ? stderr : stdout,
                "Usage: bench-control --socket PATH --svcctl PATH --unit NAME [--runs N] [--calls N] [--window N]\n"
                "Runs against a running svcd; bench/run starts one and calls this.\n");
        exit(status);
}

int main(int argc, char *argv[]) {
        static const struct option options[] = {
                { "socket", required_argument, NULL, 's' },
                { "svcctl", required_argument, NULL, 'c' },
                { "unit", required_argument, NULL, 'u' },
                { "runs", required_argument, NULL, 'n' },
                { "calls", required_argument, NULL, 'N' },
                { "window", required_argument, NULL, 'w' },
                { "help", no_argument, NULL, 'h' },
                {},
        };
        const char *socket_path = NULL, *svcctl = NULL, *unit = NULL;
        size_t runs = 500, calls = 200000, window = 64;
        int c;

        while ((c = getopt_long(argc, argv, "h", options, NULL)) >= 0) {
                switch (c) {
                case 's':
                        socket_path = optarg;
                        break;
                case 'c':
                        svcctl = optarg;
                        break;
                case 'u':
                        unit = optarg;
                        break;
                case 'n':
                        runs = strtoul(optarg, NULL, 10);
                        break;
                case 'N':
                        calls = strtoul(optarg, NULL, 10);
                        break;
                case 'w':
                        window = strtoul(optarg, NULL, 10);
                        break;
                case 'h':
                        usage(EXIT_SUCCESS);
                default:
                        usage(EXIT_FAILURE);
                }
        }
        if (!socket_path || !svcctl || !unit || runs == 0 || calls < 4 || window == 0)
                usage(EXIT_FAILURE);

        /* svcctl finds the socket the documented way, through the environment. */
        if (setenv("SVCD_SOCKET", socket_path, 1) < 0)
                return EXIT_FAILURE;
        if (bench_latency(svcctl, unit, runs) < 0)
                return EXIT_FAILURE;
        if (bench_throughput(socket_path, unit, calls, window) < 0)
                return EXIT_FAILURE;
        return EXIT_SUCCESS;
}
