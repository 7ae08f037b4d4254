/* bench-load.c: the unit loading benchmark of issue 3: unit_load() + unit_verify() of every
 * unit in a directory (each with a drop-in) against `systemd-analyze verify` of the same files.
 *
 *   bench-load --dir DIR --count N --analyze PATH [--runs N] [--sample N] [--batch N]
 *
 * DIR holds bench-00000.service ... (bench/gen-units writes them). Prints tab-separated rows
 * (bench/run formats them): benchmark  value  baseline  ratio  target  verdict
 *
 * svcd: one untimed pass checks that every unit loads, has its drop-in applied and passes
 * unit_verify() with no diagnostic other than the expected "... is not supported" notes;
 * then each run loads, verifies and frees all N units in this process, with DIR as the
 * whole search path, and the median run is divided by N.
 *
 * systemd-analyze: `systemd-analyze verify --man=no --generators=no FILE...` over a sample
 * of the same files, spread over the set, in batches. Its cost per unit grows with the
 * batch (about 0.9 ms per unit at 400, 1.3 ms at 1000, 2.4 ms at 2500 on systemd 252), so
 * the batch is chosen near its best per-unit time. Every call must exit 0 and print
 * nothing, and one call on a unit whose ExecStart= binary does not exist must fail — proof
 * that it verifies here without a running manager. Two baselines: the whole call divided
 * by the batch (what a user pays), and the marginal cost per unit, (batch - one unit) /
 * (batch - 1), which takes its fixed start-up cost out; the target must hold for both.
 * Runs of svcd and systemd-analyze alternate so both see the same machine state. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench/bench-util.h"
#include "libsvc/log.h"
#include "units/unit.h"

#define TARGET_RATIO 10.0
#define NOT_SUPPORTED_NOTE "is not supported" /* "... by svcd (why), ignoring.", "Type=X ... yet" */

static char *unit_name(size_t i) {
        char *name;

        if (asprintf(&name, "bench-%05zu.service", i) < 0)
                return NULL;
        return name;
}

/* What the loader says while the benchmark runs: "not supported" notes are expected (the
 * units use directives svcd parses and ignores); anything else means a generator bug. */
struct diagnostics {
        size_t not_supported;
        size_t unexpected;
};

static void capture(int level, const char *message, void *userdata) {
        struct diagnostics *d = userdata;

        if (strstr(message, NOT_SUPPORTED_NOTE)) {
                d->not_supported++;
                return;
        }
        if (d->unexpected++ < 5)
                fprintf(stderr, "bench-load: unexpected diagnostic: %s\n", message);
}

/* The untimed pass: every unit must load from its file with its drop-in and verify. */
static int check_units(char *const *search_path, char **names, size_t n, struct diagnostics *d) {
        for (size_t i = 0; i < n; i++) {
                _cleanup_(unit_freep) struct unit *u = NULL;
                int r = unit_load(search_path, names[i], &u);

                if (r < 0) {
                        fprintf(stderr, "bench-load: %s does not load: %s\n", names[i], strerror(-r));
                        return -1;
                }
                if (unit_verify(u) < 0 || u->n_exec_start != 1 || !u->dropin_paths || !u->dropin_paths[0] ||
                    u->dropin_paths[1]) {
                        fprintf(stderr, "bench-load: %s does not verify, or its drop-in was not applied\n", names[i]);
                        return -1;
                }
        }
        if (d->unexpected > 0) {
                fprintf(stderr, "bench-load: %zu unexpected diagnostics loading %zu units\n", d->unexpected, n);
                return -1;
        }
        return 0;
}

/* One timed pass: load, verify and free every unit. Returns seconds, negative on failure. */
static double time_svcd_pass(char *const *search_path, char **names, size_t n) {
        double start = bench_now_seconds();

        for (size_t i = 0; i < n; i++) {
                struct unit *u = NULL;

                if (unit_load(search_path, names[i], &u) < 0)
                        return -1;
                if (unit_verify(u) < 0) {
                        unit_free(u);
                        return -1;
                }
                unit_free(u);
        }
        return bench_now_seconds() - start;
}

/* Runs argv with stdout and stderr into one memfd. Returns its wall time in seconds and
 * sets *ret_status (waitpid's) and *ret_output (what it printed, NUL-terminated, the caller
 * frees); negative if it could not be run. */
static double run_captured(char *const argv[], int *ret_status, char **ret_output) {
        struct stat st;
        char *output;
        double start, elapsed;
        int status, fd = memfd_create("bench-load-output", MFD_CLOEXEC);
        pid_t pid;

        if (fd < 0)
                return -1;
        start = bench_now_seconds();
        pid = fork();
        if (pid < 0) {
                close(fd);
                return -1;
        }
        if (pid == 0) {
                int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
                if (null >= 0)
                        dup2(null, STDIN_FILENO);
                dup2(fd, STDOUT_FILENO);
                dup2(fd, STDERR_FILENO);
                execv(argv[0], argv);
                _exit(127);
        }
        if (waitpid(pid, &status, 0) != pid) {
                close(fd);
                return -1;
        }
        elapsed = bench_now_seconds() - start;
        if (fstat(fd, &st) < 0 || !(output = calloc(1, (size_t) st.st_size + 1))) {
                close(fd);
                return -1;
        }
        if (st.st_size > 0 && pread(fd, output, (size_t) st.st_size, 0) < 0) {
                free(output);
                close(fd);
                return -1;
        }
        close(fd);
        *ret_status = status;
        *ret_output = output;
        return elapsed;
}

/* systemd-analyze verify of paths[0..n): seconds, or negative (and why, on stderr) if it did
 * not exit 0 silently. */
static double time_analyze(const char *analyze, char **paths, size_t n) {
        char **argv = calloc(n + 5, sizeof(char *)), *output = NULL;
        double t;
        int status = 0;

        if (!argv)
                return -1;
        argv[0] = (char *) analyze;
        argv[1] = (char *) "verify";
        argv[2] = (char *) "--man=no";
        argv[3] = (char *) "--generators=no";
        memcpy(argv + 4, paths, n * sizeof(char *));
        t = run_captured(argv, &status, &output);
        free(argv);
        if (t < 0) {
                fprintf(stderr, "bench-load: cannot run %s: %m\n", analyze);
                return -1;
        }
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || output[0]) {
                fprintf(stderr, "bench-load: %s verify of %zu units (%s ...) did not pass silently (status %d):\n%.2000s\n",
                        analyze, n, paths[0], status, output);
                t = -1;
        }
        free(output);
        return t;
}

/* The negative control: systemd-analyze must reject a unit whose binary does not exist. */
static int check_analyze_verifies(const char *analyze, const char *good_unit) {
        char dir[] = "/tmp/bench-load-control.XXXXXX", path[64], *output = NULL;
        char *argv[] = { (char *) analyze, (char *) "verify", (char *) "--man=no", (char *) "--generators=no", path, NULL };
        FILE *in, *out;
        char line[4096];
        int status = 0, r = -1;

        if (!mkdtemp(dir))
                return -1;
        snprintf(path, sizeof path, "%s/bench-broken.service", dir);
        in = fopen(good_unit, "re");
        out = fopen(path, "we");
        if (in && out) {
                while (fgets(line, sizeof line, in))
                        fputs(strncmp(line, "ExecStart=", 10) == 0 ? "ExecStart=/nonexistent/bench-binary --flag\n" : line,
                              out);
        }
        if (in)
                fclose(in);
        if (out && fclose(out) == 0 && run_captured(argv, &status, &output) >= 0) {
                if (WIFEXITED(status) && WEXITSTATUS(status) != 0 && strstr(output, "/nonexistent/bench-binary"))
                        r = 0;
                else
                        fprintf(stderr, "bench-load: %s verify accepted a unit with a missing binary (status %d): %s\n",
                                analyze, status, output);
        }
        free(output);
        unlink(path);
        rmdir(dir);
        return r;
}

static _noreturn_ void usage(int status) {
        fprintf(status ? stderr : stdout,
                "Usage: bench-load --dir DIR --count N --analyze PATH [--runs N] [--sample N] [--batch N]\n"
                "DIR holds bench-00000.service ... with drop-ins (bench/gen-units); bench/run calls this.\n");
        exit(status);
}

int main(int argc, char *argv[]) {
        static const struct option options[] = {
                { "dir", required_argument, NULL, 'd' },
                { "count", required_argument, NULL, 'n' },
                { "analyze", required_argument, NULL, 'a' },
                { "runs", required_argument, NULL, 'r' },
                { "sample", required_argument, NULL, 's' },
                { "batch", required_argument, NULL, 'b' },
                { "help", no_argument, NULL, 'h' },
                {},
        };
        const char *dir = NULL, *analyze = NULL;
        size_t n = 0, runs = 5, sample = 1200, batch = 400;
        struct diagnostics diag = {};
        int c;

        while ((c = getopt_long(argc, argv, "h", options, NULL)) >= 0) {
                switch (c) {
                case 'd':
                        dir = optarg;
                        break;
                case 'n':
                        n = strtoul(optarg, NULL, 10);
                        break;
                case 'a':
                        analyze = optarg;
                        break;
                case 'r':
                        runs = strtoul(optarg, NULL, 10);
                        break;
                case 's':
                        sample = strtoul(optarg, NULL, 10);
                        break;
                case 'b':
                        batch = strtoul(optarg, NULL, 10);
                        break;
                case 'h':
                        usage(EXIT_SUCCESS);
                default:
                        usage(EXIT_FAILURE);
                }
        }
        if (!dir || !analyze || n == 0 || runs == 0 || batch < 2)
                usage(EXIT_FAILURE);
        if (sample > n)
                sample = n;
        if (batch > sample)
                batch = sample;
        sample -= sample % batch;
        if (sample < 2)
                usage(EXIT_FAILURE);

        char *search_path[] = { (char *) dir, NULL };
        char **names = calloc(n, sizeof(char *)), **paths = calloc(sample, sizeof(char *));
        double *t_svcd = calloc(runs, sizeof(double));
        size_t n_batches = sample / batch;
        double *t_batch = calloc(runs * n_batches, sizeof(double)), *t_single = calloc(runs, sizeof(double));

        if (!names || !paths || !t_svcd || !t_batch || !t_single)
                return EXIT_FAILURE;
        for (size_t i = 0; i < n; i++)
                if (!(names[i] = unit_name(i)))
                        return EXIT_FAILURE;
        /* The sample is spread over the whole set, not its first files. */
        for (size_t i = 0; i < sample; i++)
                if (asprintf(&paths[i], "%s/%s", dir, names[i * n / sample]) < 0)
                        return EXIT_FAILURE;

        /* Nothing printed while timing; the capture still sees (and counts) every warning. */
        log_set_max_level(LOG_ERR);
        log_set_capture(capture, &diag);
        if (check_units(search_path, names, n, &diag) < 0 || check_analyze_verifies(analyze, paths[0]) < 0) {
                bench_row("load: unit_load + unit_verify per unit", "-", "-", "-", ">= 10x", "ERROR");
                return EXIT_FAILURE;
        }
        size_t notes_per_pass = diag.not_supported;

        for (size_t r = 0; r < runs; r++) {
                if ((t_svcd[r] = time_svcd_pass(search_path, names, n)) < 0) {
                        fprintf(stderr, "bench-load: a unit stopped loading during run %zu\n", r);
                        return EXIT_FAILURE;
                }
                for (size_t b = 0; b < n_batches; b++)
                        if ((t_batch[r * n_batches + b] = time_analyze(analyze, paths + b * batch, batch)) < 0)
                                return EXIT_FAILURE;
                if ((t_single[r] = time_analyze(analyze, paths, 1)) < 0)
                        return EXIT_FAILURE;
        }
        if (diag.unexpected > 0 || diag.not_supported != notes_per_pass * (runs + 1)) {
                fprintf(stderr, "bench-load: diagnostics changed between runs\n");
                return EXIT_FAILURE;
        }

        double svcd_unit = bench_median(t_svcd, runs) / (double) n;
        double batch_time = bench_median(t_batch, runs * n_batches), single_time = bench_median(t_single, runs);
        double analyze_unit = batch_time / (double) batch;
        double analyze_marginal = (batch_time - single_time) / (double) (batch - 1);
        char name[128], value[64], baseline[128], ratio[32];

        snprintf(value, sizeof value, "%.1f us/unit", svcd_unit * 1e6);
        snprintf(name, sizeof name, "load: %zu units + drop-ins, unit_load + unit_verify (median of %zu)", n, runs);
        snprintf(baseline, sizeof baseline, "%.1f us/unit (systemd-analyze verify, %zu per call)", analyze_unit * 1e6,
                 batch);
        snprintf(ratio, sizeof ratio, "%.1fx", analyze_unit / svcd_unit);
        bench_row(name, value, baseline, ratio, ">= 10x", analyze_unit / svcd_unit >= TARGET_RATIO ? "PASS" : "FAIL");

        snprintf(name, sizeof name, "load: the same, against systemd-analyze's marginal cost");
        snprintf(baseline, sizeof baseline, "%.1f us/unit (start-up of %.0f ms taken out)", analyze_marginal * 1e6,
                 single_time * 1e3);
        snprintf(ratio, sizeof ratio, "%.1fx", analyze_marginal / svcd_unit);
        bench_row(name, value, baseline, ratio, ">= 10x", analyze_marginal / svcd_unit >= TARGET_RATIO ? "PASS" : "FAIL");

        snprintf(value, sizeof value, "%zu", notes_per_pass);
        snprintf(baseline, sizeof baseline, "%zu units; systemd-analyze sample: %zu", n, sample);
        bench_row("load: \"not supported\" notes per pass", value, baseline, "-", "-", "info");

        for (size_t i = 0; i < n; i++)
                free(names[i]);
        for (size_t i = 0; i < sample; i++)
                free(paths[i]);
        free(names);
        free(paths);
        free(t_svcd);
        free(t_batch);
        free(t_single);
        return EXIT_SUCCESS;
}
