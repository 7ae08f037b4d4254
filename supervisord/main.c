/* main.c: svcd's command line, environment and start-up; then the event loop until shutdown. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libsvc/log.h"
#include "libsvc/strv.h"
#include "libsvc/time-util.h"
#include "libsvc/user-runtime-dir.h"
#include "supervisord/control-server.h"
#include "supervisord/crash-handler.h"
#include "supervisord/early-boot.h"
#include "supervisord/libsystemd-dlopen.h"
#include "supervisord/main-command.h"
#include "supervisord/manager.h"
#include "supervisord/parent-notify.h"
#include "units/unit-name.h"
#include "units/unit-path.h"
#include "units/virtualization.h"

static void help(void) {
        printf("svcd %s — a service manager and init that runs systemd-style unit files.\n"
               "\n"
               "Usage: svcd [OPTIONS] [svcd.unit=UNIT]\n"
               "       svcd [OPTIONS] -- CMD [ARGS...]\n"
               "\n"
               "  -u, --unit-path=DIRS    Colon-separated unit directories, highest precedence first\n"
               "                          (env SVCD_UNIT_PATH; default /etc/svcd/units, /run/svcd/units,\n"
               "                          then systemd's /etc, /run and /lib unit directories)\n"
               "  -s, --socket=PATH       Control socket (env SVCD_SOCKET; default RUNTIME_DIR/control)\n"
               "  -r, --runtime-dir=DIR   Runtime state (env SVCD_RUNTIME_DIR; default /run/svcd,\n"
               "                          or $XDG_RUNTIME_DIR/svcd with --user: without it\n"
               "                          /run/user/UID/svcd, else ${TMPDIR:-/tmp}/svcd-UID)\n"
               "      --state-dir=DIR     Persistent state: the ids of DynamicUser= services\n"
               "                          (env SVCD_STATE_DIR; default /var/lib/svcd, or\n"
               "                          $XDG_STATE_HOME/svcd with --user)\n"
               "      --system            System mode (default when run as root)\n"
               "      --user              Per-user mode (default otherwise)\n"
               "      --strict-sandbox    Refuse to start a service when a sandboxing directive it\n"
               "                          sets cannot be enforced here (default: start it and list\n"
               "                          what was not enforced; env SVCD_STRICT_SANDBOX=1)\n"
               "      --stop-timeout=TIME The whole shutdown's time: units' stop timeouts are\n"
               "                          capped by what is left of it, then everything left is\n"
               "                          SIGKILLed (env SVCD_STOP_TIMEOUT; default 9s, under\n"
               "                          docker stop's 10s; 0 or infinity: no limit)\n"
               "      --crash-shell=PATH  If svcd crashes as a machine's init, execute PATH in its\n"
               "                          place (env SVCD_CRASH_SHELL; default: freeze, reaping\n"
               "                          orphans)\n"
               "  -t, --target=UNIT       Start UNIT at boot instead of default.target (also\n"
               "                          svcd.unit=UNIT as an argument, or on the kernel command\n"
               "                          line when svcd is PID 1 of a machine)\n"
               "  -l, --log-level=LEVEL   err, warning, notice, info (default) or debug\n"
               "                          (env SVCD_LOG_LEVEL)\n"
               "\n"
               "Main-command mode (after --): CMD runs as main.service next to the enabled units,\n"
               "with svcd's stdio, environment and working directory; when it ends, svcd stops\n"
               "everything and exits with its status (128+N if killed by signal N, 127 if not\n"
               "found). SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 and SIGWINCH are forwarded to it.\n"
               "  -g, --signal-group      Forward signals to CMD's process group, not CMD alone\n"
               "      --rewrite-signal=FROM:TO\n"
               "                          Forward FROM as TO (TO 0: drop it); TERM:TO makes TO\n"
               "                          main.service's stop signal (e.g. TERM:QUIT for nginx)\n"
               "  -e, --map-exit=CODE     Exit 0 when CMD exits with CODE (e.g. 143 for a JVM)\n"
               "\n"
               "  -h, --help              Show this help\n"
               "      --version           Show the version\n"
               "\n"
               "At start svcd starts default.target (multi-user.target unless a default.target link\n"
               "says otherwise) and what it pulls in: its .wants/ links, Requires=, Wants=, ...,\n"
               "in After=/Before= order. SIGTERM or SIGINT stops every unit in reverse order within\n"
               "the stop budget, prints a report and exits: 0 if everything stopped cleanly, 2 if\n"
               "something had to be killed.\n"
               "Control it with svcctl(1); see svcd(8).\n",
               SVCD_VERSION);
}

enum {
        ARG_VERSION = 0x100,
        ARG_SYSTEM,
        ARG_USER,
        ARG_STRICT_SANDBOX,
        ARG_STATE_DIR,
        ARG_REWRITE_SIGNAL,
        ARG_STOP_TIMEOUT,
        ARG_CRASH_SHELL,
};

struct arguments {
        const char *unit_path, *socket_path, *runtime_dir, *state_dir, *log_level, *stop_timeout, *crash_shell;
        const char *target; /* --target or svcd.unit= among the arguments */
        int user_mode; /* -1: decide by uid */
        bool strict_sandbox;
        struct main_command main_command; /* what follows "--", and its options */
        /* PID 1 of a machine, where an init that exits panics the kernel: the kernel passes
         * init every command-line word it does not know ("single", "splash"), so unknown
         * arguments and options are ignored with a warning, as systemd does as PID 1, and
         * an svcd that cannot start freezes rather than exit. */
        bool machine_init;
};

static int parse_argv(int argc, char *argv[], struct arguments *a) {
        static const struct option options[] = {
                { "unit-path", required_argument, NULL, 'u' },
                { "socket", required_argument, NULL, 's' },
                { "runtime-dir", required_argument, NULL, 'r' },
                { "log-level", required_argument, NULL, 'l' },
                { "target", required_argument, NULL, 't' },
                { "system", no_argument, NULL, ARG_SYSTEM },
                { "user", no_argument, NULL, ARG_USER },
                { "strict-sandbox", no_argument, NULL, ARG_STRICT_SANDBOX },
                { "state-dir", required_argument, NULL, ARG_STATE_DIR },
                { "stop-timeout", required_argument, NULL, ARG_STOP_TIMEOUT },
                { "crash-shell", required_argument, NULL, ARG_CRASH_SHELL },
                { "signal-group", no_argument, NULL, 'g' },
                { "rewrite-signal", required_argument, NULL, ARG_REWRITE_SIGNAL },
                { "map-exit", required_argument, NULL, 'e' },
                { "help", no_argument, NULL, 'h' },
                { "version", no_argument, NULL, ARG_VERSION },
                {},
        };
        int c, end = argc;

        /* Everything after the first "--" is the main command, left alone by getopt. */
        for (int i = 1; i < argc; i++)
                if (streq(argv[i], "--")) {
                        end = i;
                        break;
                }
        if (end < argc) {
                if (end + 1 == argc) {
                        fprintf(stderr, "svcd: no command after '--'. Try 'svcd --help'.\n");
                        return -EINVAL;
                }
                a->main_command.argv = strv_copy(argv + end + 1);
                if (!a->main_command.argv)
                        return -ENOMEM;
        }
        argc = end;
        /* As a machine's init, short options are not taken: the kernel's single-user "-s"
         * or "-b" would swallow the next word as a value. */
        while ((c = getopt_long(argc, argv, a->machine_init ? "" : "u:s:r:l:t:hge:", options, NULL)) >= 0) {
                switch (c) {
                case 'u':
                        a->unit_path = optarg;
                        break;
                case 's':
                        a->socket_path = optarg;
                        break;
                case 'r':
                        a->runtime_dir = optarg;
                        break;
                case 'l':
                        a->log_level = optarg;
                        break;
                case ARG_SYSTEM:
                        a->user_mode = 0;
                        break;
                case ARG_USER:
                        a->user_mode = 1;
                        break;
                case ARG_STRICT_SANDBOX:
                        a->strict_sandbox = true;
                        break;
                case ARG_STATE_DIR:
                        a->state_dir = optarg;
                        break;
                case 't':
                        a->target = optarg;
                        break;
                case ARG_STOP_TIMEOUT:
                        a->stop_timeout = optarg;
                        break;
                case ARG_CRASH_SHELL:
                        a->crash_shell = optarg;
                        break;
                case 'g':
                        a->main_command.signal_group = true;
                        break;
                case ARG_REWRITE_SIGNAL:
                        if (main_command_parse_rewrite(&a->main_command, optarg) < 0)
                                return -EINVAL;
                        break;
                case 'e':
                        if (main_command_parse_map_exit(&a->main_command, optarg) < 0)
                                return -EINVAL;
                        break;
                case 'h':
                        help();
                        return 0;
                case ARG_VERSION:
                        printf("svcd %s\n%slibsystemd\n", SVCD_VERSION, libsystemd_supported() ? "+" : "-");
                        return 0;
                default:
                        if (a->machine_init) {
                                fprintf(stderr, "svcd: ignoring that option: svcd is the machine's init.\n");
                                break;
                        }
                        fprintf(stderr, "Try 'svcd --help'.\n");
                        return -EINVAL;
                }
        }
        /* systemd(1) in a container takes its kernel command-line options as arguments. */
        for (int i = optind; i < argc; i++) {
                if (!startswith(argv[i], "svcd.unit=")) {
                        if (a->machine_init) {
                                fprintf(stderr, "svcd: ignoring the kernel command line's '%s'.\n", argv[i]);
                                continue;
                        }
                        fprintf(stderr, "svcd: unexpected argument '%s'. Try 'svcd --help'.\n", argv[i]);
                        return -EINVAL;
                }
                a->target = argv[i] + strlen("svcd.unit=");
        }
        return 1;
}

/* The last svcd.unit= word of a kernel command line (kernel-command-line(7): later
 * words win), or NULL. */
static char *target_from_cmdline(const char *line) {
        _cleanup_free_ char *copy = strdup(line);
        char *found = NULL, *save = NULL;

        if (!copy)
                return NULL;
        for (char *w = strtok_r(copy, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save))
                if (startswith(w, "svcd.unit=") && w[strlen("svcd.unit=")]) {
                        free(found);
                        found = strdup(w + strlen("svcd.unit="));
                }
        return found;
}

/* The boot target: --target or svcd.unit= among the arguments, else svcd.unit= on the
 * kernel command line when svcd is the init of a machine (in a container /proc/cmdline is
 * the host's), else NULL: default.target. */
static int choose_target(const struct arguments *a, struct manager *m) {
        if (a->target) {
                if (!unit_name_is_valid(a->target)) {
                        log_error("--target/svcd.unit=: '%s' is not a valid unit name.", a->target);
                        return -EINVAL;
                }
                m->boot_target = strdup(a->target);
                return m->boot_target ? 0 : -ENOMEM;
        }
        if (m->mode != MANAGER_MODE_MACHINE)
                return 0;
        _cleanup_free_ char *line = NULL;
        if (host_read_line("/proc/cmdline", &line) < 0)
                return 0;
        _cleanup_free_ char *t = target_from_cmdline(line);
        if (t && !unit_name_is_valid(t)) {
                log_warning("Kernel command line: svcd.unit=%s is not a valid unit name, ignoring.", t);
                return 0;
        }
        m->boot_target = TAKE_PTR(t);
        return 0;
}

static const char *env_or(const char *flag, const char *env) {
        if (flag)
                return flag;
        const char *e = getenv(env);
        return e && *e ? e : NULL;
}

/* mkdir -p for the runtime directory; 0755 so that non-root clients reach the socket. */
static int mkdir_parents(const char *path) {
        _cleanup_free_ char *p = strdup(path);

        if (!p)
                return -ENOMEM;
        for (char *s = p + 1; *s; s++) {
                if (*s != '/')
                        continue;
                *s = 0;
                if (mkdir(p, 0755) < 0 && errno != EEXIST)
                        return -errno;
                *s = '/';
        }
        if (mkdir(p, 0755) < 0 && errno != EEXIST)
                return -errno;
        return 0;
}

/* An init or supervisor may be started with stdin, stdout or stderr closed. Then the
 * next fd svcd opens (the epoll or signalfd) would become "stdout", and services would
 * inherit it as their fd 1. Fill the gaps with /dev/null first. */
static void ensure_std_fds(void) {
        for (int fd = 0; fd < 3; fd++) {
                if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
                        continue;
                int n = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
                if (n >= 0 && n != fd) {
                        /* Lower fds are open, so open() returned fd unless something raced. */
                        (void) dup2(n, fd);
                        (void) close(n);
                }
        }
}

/* --state-dir: persistent, unlike the runtime directory; systemd keeps the like under
 * /var/lib/systemd (system) and $XDG_STATE_HOME (user; ~/.local/state by default). */
static int state_dir_default(bool user_mode, char **ret) {
        const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");

        if (!user_mode)
                return (*ret = strdup(SVCD_SYSTEM_STATE_DIR)) ? 0 : -ENOMEM;
        if (xdg && path_is_absolute(xdg))
                return asprintf(ret, "%s/svcd", xdg) < 0 ? -ENOMEM : 0;
        if (home && path_is_absolute(home))
                return asprintf(ret, "%s/.local/state/svcd", home) < 0 ? -ENOMEM : 0;
        *ret = NULL; /* no persistent place: dynamic user ids are kept in memory only */
        return 0;
}

static int build_options(const struct arguments *a, struct manager_options *o, char **runtime_alloc,
                         char **socket_alloc, char **state_alloc) {
        const char *runtime = env_or(a->runtime_dir, "SVCD_RUNTIME_DIR");
        const char *state = env_or(a->state_dir, "SVCD_STATE_DIR");
        const char *socket_path = env_or(a->socket_path, "SVCD_SOCKET");
        const char *unit_path = a->unit_path;
        int r;

        o->user_mode = a->user_mode >= 0 ? a->user_mode : getuid() != 0;
        o->strict_sandbox = a->strict_sandbox || (getenv("SVCD_STRICT_SANDBOX") && streq(getenv("SVCD_STRICT_SANDBOX"), "1"));
        if (!runtime) {
                if (o->user_mode) {
                        /* Without $XDG_RUNTIME_DIR (docker run --user 1000): /run/user/UID or
                         * a directory of our own in /tmp, which svcctl finds as well. */
                        bool in_tmp;
                        r = user_runtime_dir(runtime_alloc, &in_tmp);
                        if (r < 0)
                                return r;
                        runtime = *runtime_alloc;
                        if (in_tmp) {
                                r = user_runtime_dir_claim_tmp(runtime);
                                if (r < 0)
                                        return log_error_errno(r, "Cannot use %s as the runtime directory (%m): "
                                                                  "set $XDG_RUNTIME_DIR or --runtime-dir.", runtime);
                        }
                } else
                        runtime = SVCD_SYSTEM_RUNTIME_DIR;
        }
        if (!socket_path) {
                if (asprintf(socket_alloc, "%s/control", runtime) < 0)
                        return -ENOMEM;
                socket_path = *socket_alloc;
        }
        /* The stop budget: within docker stop's 10 s grace period by default. "0" and
         * "infinity" mean none, as for systemd's timeouts. */
        const char *stop = env_or(a->stop_timeout, "SVCD_STOP_TIMEOUT");
        o->stop_budget = 9 * USEC_PER_SEC;
        if (stop) {
                if (parse_timespan(stop, USEC_PER_SEC, &o->stop_budget) < 0) {
                        log_error("--stop-timeout/SVCD_STOP_TIMEOUT: '%s' is not a time span (e.g. 9, 9s, 1min 30s).", stop);
                        return -EINVAL;
                }
                if (o->stop_budget == 0)
                        o->stop_budget = USEC_INFINITY;
        }
        o->runtime_dir = (char *) runtime;
        o->socket_path = (char *) socket_path;
        if (!state) {
                r = state_dir_default(o->user_mode, state_alloc);
                if (r < 0)
                        return r;
                state = *state_alloc;
        }
        o->state_dir = (char *) state;

        /* A flag wins over SVCD_UNIT_PATH, which unit_path_default() reads. */
        r = unit_path ? unit_path_parse(unit_path, &o->unit_path) : unit_path_default(o->user_mode, &o->unit_path);
        if (r < 0)
                return log_error_errno(r, "Failed to determine the unit path: %m");
        if (strv_length(o->unit_path) == 0) {
                log_error("The unit path is empty.");
                return -EINVAL;
        }
        return 0;
}

int main(int argc, char *argv[]) {
        struct arguments a = { .user_mode = -1 };
        _cleanup_free_ char *transient_dir = NULL;
        struct manager_options o = {};
        _cleanup_free_ char *runtime_alloc = NULL, *socket_alloc = NULL, *state_alloc = NULL;
        struct manager *m = NULL;
        int r;

        /* As the init of a machine, /dev and /proc may not even be there yet. */
        if (getpid() == 1)
                early_boot_run();
        ensure_std_fds();
        log_set_ident("svcd");
        main_command_init(&a.main_command);
        a.machine_init = getpid() == 1 && manager_mode_detect(false, true, NULL) == MANAGER_MODE_MACHINE;
        r = parse_argv(argc, argv, &a);
        if (r <= 0 && a.machine_init) {
                /* --help, --version or a bad value: PID 1 of a machine boots with the
                 * defaults rather than exit, which would panic the kernel. */
                fprintf(stderr, "svcd: ignoring the command line: svcd is the machine's init.\n");
                main_command_done(&a.main_command);
                a = (struct arguments) { .user_mode = -1, .machine_init = true };
                main_command_init(&a.main_command);
                r = 1;
        }
        if (r <= 0) {
                main_command_done(&a.main_command);
                return r < 0 ? EXIT_FAILURE : EXIT_SUCCESS;
        }

        const char *level = env_or(a.log_level, "SVCD_LOG_LEVEL");
        if (level) {
                int l = log_level_from_string(level);
                if (l < 0) {
                        log_error("Unknown log level '%s' (err, warning, notice, info, debug).", level);
                        return EXIT_FAILURE;
                }
                log_set_max_level(l);
        }

        r = build_options(&a, &o, &runtime_alloc, &socket_alloc, &state_alloc);
        if (r < 0)
                goto finish;

        r = mkdir_parents(o.runtime_dir);
        if (r < 0) {
                log_error_errno(r, "Failed to create runtime directory %s: %m", o.runtime_dir);
                goto finish;
        }

        if (a.main_command.argv) {
                /* main.service for CMD, found first on the unit path (main-command.h). */
                r = main_command_write_unit(&a.main_command, o.runtime_dir, &transient_dir);
                if (r < 0)
                        goto finish;
                char **path = NULL;
                r = strv_extend(&path, transient_dir);
                STRV_FOREACH(d, o.unit_path)
                        if (r >= 0)
                                r = strv_extend(&path, *d);
                strv_free(o.unit_path);
                o.unit_path = path;
                if (r < 0) {
                        log_oom();
                        goto finish;
                }
        }

        r = manager_new(&o, &m);
        if (r < 0) {
                log_error_errno(r, "Failed to allocate the manager: %m");
                goto finish;
        }
        /* A crash must not take PID 1 down, nor leave a supervisor's services behind. */
        crash_handler_install(m, env_or(a.crash_shell, "SVCD_CRASH_SHELL"));
        /* The manager owns the main command from here on. */
        m->main_command = a.main_command;
        a.main_command.argv = NULL;
        r = choose_target(&a, m);
        if (r < 0)
                goto finish;
        r = manager_setup_signals(m);
        if (r < 0)
                goto finish;
        r = control_server_new(m, o.socket_path, &m->control);
        if (r < 0)
                goto finish;
        (void) manager_open_notify_socket(m); /* logged; svcd runs on without it */
        manager_setup_cgroups(m);

        log_info("svcd %s running as PID %d (%s%s%s); control socket %s.", SVCD_VERSION, (int) getpid(),
                 manager_mode_to_string(m->mode), m->container ? ", " : "", m->container ? m->container : "",
                 o.socket_path);
        r = manager_boot(m);
        if (r < 0)
                goto finish;
        r = ev_loop_run(m->loop);
        if (m->mode == MANAGER_MODE_MACHINE) {
                /* The kernel's init does not exit: whatever ended the loop, the machine stops. */
                manager_final_action_run(m->final_action == MANAGER_FINAL_EXIT ? MANAGER_FINAL_POWEROFF
                                                                                : m->final_action);
                /* Still here: the kernel refused. PID 1 must not exit (the kernel would
                 * panic): go on reaping until a human with a serial console comes. */
                crash_freeze();
        }

finish:
        /* The kernel panics when its init exits: a machine's svcd that cannot go on freezes
         * (or runs the crash shell) instead. A container's init exits with the status. */
        if (r < 0 && a.machine_init) {
                log_error("svcd cannot run; as the machine's init it does not exit.");
                crash_freeze();
        }
        main_command_done(&a.main_command);
        manager_free(m);
        strv_free(o.unit_path);
        return r < 0 ? EXIT_FAILURE : r;
}
